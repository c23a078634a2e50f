/**
 * The abuse suite of issue 10 as a benchmark: every crafted request of the issue, then
 * fast-check bodies to every route on many connections, against the real server (a child
 * process on a free port on 127.0.0.1), with `/health` probed all along (see abuse/suite.ts).
 *
 *     npx tsx benchmarks/abuse.ts [--bodies N] [--connections N] [--seed N] [--case ID ...] [--write]
 *     npm run bench:abuse -- --write
 *
 * Prints the figures as Markdown; with --write they replace the "abuse" section of
 * docs/benchmarks.md. Exits 1 when a check or a case fails. Loopback only, bounded: each
 * exchange has a timeout, a hung or dead server is started again, and a watchdog ends the run.
 */
import { parseArgs } from "node:util";
import { formatReport } from "./abuse/report.js";
import { runAbuseSuite } from "./abuse/suite.js";
import { writeDocSection } from "./support/doc-section.js";

const { values: args } = parseArgs({
  options: {
    bodies: { type: "string", default: "10000" },
    connections: { type: "string", default: "16" },
    seed: { type: "string", default: "10" },
    case: { type: "string", multiple: true },
    write: { type: "boolean", default: false },
  },
});
const bodies = Number(args.bodies);
const connections = Number(args.connections);
const seed = Number(args.seed);
for (const [flag, value, max] of [["--bodies", bodies, 1_000_000], ["--connections", connections, 256], ["--seed", seed, 2 ** 31]] as const) {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    console.error(`${flag} must be a whole number from 1 to ${max}`);
    process.exit(1);
  }
}

const watchdogMs = 30 * 60_000;
setTimeout(() => {
  console.error(`abuse benchmark: still running after ${watchdogMs / 60_000} min; stopping`);
  process.exit(1);
}, watchdogMs).unref();

const report = await runAbuseSuite({
  bodies,
  connections,
  seed,
  timeoutMs: 60_000,
  requestTimeoutMs: 12_000,
  slowBodyMaxMs: 30_000,
  ...(args.case === undefined ? {} : { only: args.case }),
  log: (line) => console.error(line),
});
const command = `npm run bench:abuse -- --write${bodies === 10_000 ? "" : ` --bodies ${bodies}`}${connections === 16 ? "" : ` --connections ${connections}`}`;
const text = formatReport(report, command);
console.log(text);
if (args.write) writeDocSection("abuse", text);
process.exitCode = report.checks.every((c) => c.ok) && report.cases.every((c) => c.failures.length === 0) ? 0 : 1;
