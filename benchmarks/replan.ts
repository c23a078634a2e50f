/**
 * The re-planning benchmark (issue 12): re-plan, what-if and explanation times against a full
 * solve from scratch, as ratios, on Romerike 2013 and the suite's 50 × 30, 200 × 100 and
 * 1,000 × 300 networks.
 *
 *     npm run bench:replan                          # 3 rounds, 30 s an operation
 *     npm run bench:replan -- --repeat 1 --only romerike
 *     npm run bench:replan -- --backend jslp        # the re-plans', what-ifs' and explanations' backend (default auto)
 *     npm run bench:replan -- --write               # also replace the section of docs/benchmarks.md
 *
 * Every operation runs in a child process of its own (replan-run.ts). The report (markdown)
 * goes to stdout and benchmarks/results/replan.md, progress to stderr, and every run as JSON to
 * benchmarks/results/replan.json. See docs/benchmarks.md ("Re-planning and explanations").
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { writeDocSection } from "./support/doc-section.js";
import { machine, renderReport, type ReportContext } from "./replan-report.js";
import { runReplanBenchmark, stopChildren, type ReplanRun } from "./replan-run.js";
import { KINDS, OPERATIONS, isKind, replanInstances, type Operation } from "./replan-scenarios.js";

const HELP = `Usage: npx tsx benchmarks/replan.ts [options]
  --repeat N          rounds of every operation; each time is the median (default 3)
  --time-limit S      time limit of each operation in seconds (default 30)
  --margin S          seconds past the limit before an operation's process is stopped (default: half the limit, at least 20)
  --memory MB         memory cap of each process in MiB: heap limit and resident size (default 4096)
  --backend NAME      the backend of the re-plans, what-ifs and explanations, passed as it is (default auto)
  --solve-backend NAME  the full solve's backend (default auto)
  --kind KIND         the generated instances: ${KINDS.join(", ")} (hosts given or chosen, away periods; default given-2)
  --only TEXT         only the instances whose name contains TEXT (e.g. "romerike", "200x100")
  --operations LIST   comma-separated, from: ${OPERATIONS.join(", ")} (the solve always runs)
  --write             replace the replan section of docs/benchmarks.md with the report
  --json FILE         where to write every run as JSON (default benchmarks/results/replan.json)
  --from-json FILE    print (and with --write, write) the report of a run saved by --json, running nothing
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repeat: { type: "string", default: "3" },
      "time-limit": { type: "string", default: "30" },
      margin: { type: "string" },
      memory: { type: "string", default: "4096" },
      backend: { type: "string", default: "auto" },
      "solve-backend": { type: "string", default: "auto" },
      kind: { type: "string", default: "given-2" },
      only: { type: "string" },
      operations: { type: "string" },
      write: { type: "boolean", default: false },
      json: { type: "string" },
      "from-json": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values["from-json"] !== undefined) {
    // The report of a saved run again (after a change to the report's wording), without running anything.
    const saved = JSON.parse(readFileSync(values["from-json"], "utf8")) as ReportContext & ReplanRun;
    const report = renderReport(saved, saved);
    process.stdout.write(`${report}\n`);
    if (values.write) writeDocSection("replan", report);
    return;
  }
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) fail(`--repeat must be a whole number of at least 1, got "${values.repeat}"`);
  const kind = values.kind;
  if (!isKind(kind)) fail(`--kind must be one of ${KINDS.join(", ")}`);
  const only = values.only?.toLowerCase();
  const specs = replanInstances(kind).filter((s) => only === undefined || s.id.toLowerCase().includes(only));
  if (specs.length === 0) fail(`no instance name contains "${values.only}"`);
  const timeLimitS = positive("--time-limit", values["time-limit"]);
  const limits = {
    timeLimitMs: timeLimitS * 1000,
    marginMs: (values.margin === undefined ? Math.max(20, timeLimitS / 2) : positive("--margin", values.margin)) * 1000,
    memoryMb: positive("--memory", values.memory),
  };
  const operations = parseOperations(values.operations);

  process.on("SIGINT", () => interrupt());
  process.on("SIGTERM", () => interrupt());
  process.on("exit", () => stopChildren());
  const started = performance.now();
  const run = await runReplanBenchmark({
    specs,
    limits,
    repeat,
    solveBackend: values["solve-backend"],
    replanBackend: values.backend,
    operations,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  const totalMs = performance.now() - started;

  const command = commandLine();
  const context = { command, limits, repeat, solveBackend: values["solve-backend"], replanBackend: values.backend, totalMs, machine: machine() };
  const report = renderReport(run, context);
  process.stdout.write(`${report}\n`);
  const jsonPath = values.json ?? new URL("results/replan.json", import.meta.url).pathname;
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify({ ...context, kind, instances: run.instances, rows: run.rows }, null, 2)}\n`);
  const markdownPath = jsonPath.replace(/\.json$/, "") + ".md";
  writeFileSync(markdownPath, `${report}\n`);
  process.stderr.write(`Every run as JSON: ${jsonPath}; the report: ${markdownPath}\n`);
  if (values.write) writeDocSection("replan", report);
}

function parseOperations(text: string | undefined): Operation[] {
  if (text === undefined) return [...OPERATIONS];
  const names = text.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !(OPERATIONS as readonly string[]).includes(n));
  if (unknown.length > 0) fail(`unknown operation(s) ${unknown.join(", ")}; choose from ${OPERATIONS.join(", ")}`);
  return OPERATIONS.filter((op) => names.includes(op));
}

/** The command as the reader would type it: `npm run bench:replan -- --write` when run through the npm script. */
function commandLine(): string {
  const args = process.argv.slice(2).map(quote);
  const event = process.env.npm_lifecycle_event;
  if (event !== "bench:replan") return ["npx tsx benchmarks/replan.ts", ...args].join(" ");
  return `npm run bench:replan${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`;
}

const quote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

function interrupt(): void {
  stopChildren();
  process.stderr.write("interrupted; the children were stopped\n");
  process.exit(130);
}

function positive(flag: string, text: string | undefined): number {
  const n = Number(text);
  if (!(n > 0)) fail(`${flag} must be a positive number, got "${text}"`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`replan: ${message}\n${HELP}`);
  process.exit(2);
}

void main();
