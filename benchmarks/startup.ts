/**
 * Start-up benchmark of the command line: how long the built `rotamatch` takes to answer the
 * cheap commands, as a ratio to a bare `node -e 0` measured in the same run.
 *
 *     npx tsx benchmarks/startup.ts [--runs N] [--write]
 *     npm run bench:startup -- --write
 *
 * Each case is a fresh `node` process (the executable packages/cli/bin/rotamatch.js, which
 * needs packages/cli/dist; build it first). The cases run interleaved, one of each in turn, N
 * times, so that a busy moment of the machine falls on every case alike; each case's median
 * wall time (spawn to exit) is reported with its ratio to `node -e 0`. The targets: issue 9's,
 * `--version`, `--help` and `validate` within 3x of `node -e 0`; issue 11's, `solve` on the
 * Romerike 2013 cohort within 2x (it loads the solver, as it must).
 *
 * With --write the table, the command and the machine replace the section between the
 * markers in docs/benchmarks.md. Nothing here runs in `npm test` (timings are not tests; the
 * test that the cheap commands load no heavy module is packages/cli/test/lazy-load.test.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeDocSection } from "./support/doc-section.js";
import { median } from "./support/stats.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = "packages/cli/bin/rotamatch.js";

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  /** The exit code the case must end with; anything else means the measurement is wrong. */
  readonly exitCode: number;
  /** The most times `node -e 0` the case may take, or null for the baseline. */
  readonly target: number | null;
}

const BASELINE: Case = { label: "`node -e 0`", args: ["-e", "0"], exitCode: 0, target: null };
const CASES: readonly Case[] = [
  BASELINE,
  { label: "`rotamatch --version`", args: [BIN, "--version"], exitCode: 0, target: 3 },
  { label: "`rotamatch --help`", args: [BIN, "--help"], exitCode: 0, target: 3 },
  { label: "`rotamatch validate examples/romerike-2013.json`", args: [BIN, "validate", "examples/romerike-2013.json"], exitCode: 0, target: 3 },
  { label: "`rotamatch solve examples/romerike-2013.json`", args: [BIN, "solve", "examples/romerike-2013.json"], exitCode: 0, target: 2 },
];

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "20" }, write: { type: "boolean", default: false } },
});
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, not ${args.runs}`);
if (!existsSync(new URL("../packages/cli/dist/cli.js", import.meta.url))) {
  throw new Error("packages/cli/dist/cli.js is missing: build the command line first ((cd packages/cli && npx tsup))");
}

/** One process from spawn to exit, in milliseconds. */
function timeOnce(c: Case): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, c.args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - start;
  if (result.status !== c.exitCode) {
    throw new Error(`${c.label} exited with ${String(result.status)}, expected ${c.exitCode}: ${result.stderr.toString()}`);
  }
  return ms;
}

// One warm-up round (file cache), then the measured rounds, interleaved.
for (const c of CASES) timeOnce(c);
const times = new Map<Case, number[]>(CASES.map((c) => [c, []]));
for (let round = 0; round < runs; round++) {
  for (const c of CASES) times.get(c)?.push(timeOnce(c));
  process.stderr.write(`\rround ${round + 1}/${runs}`);
}
process.stderr.write("\n");

const baseline = median(times.get(BASELINE) ?? []);
const rows = CASES.map((c) => {
  const ms = median(times.get(c) ?? []);
  const ratio = ms / baseline;
  const verdict = c.target === null ? "baseline" : `≤ ${c.target}×: ${ratio <= c.target ? "met" : "**not met**"}`;
  return `| ${c.label} | ${ms.toFixed(1)} | ${ratio.toFixed(2)}× | ${verdict} |`;
});
const cpu = os.cpus()[0]?.model.trim() ?? "unknown processor";
const text = [
  "| command | median ms | ratio to `node -e 0` | target |",
  "| --- | ---: | ---: | --- |",
  ...rows,
  "",
  `Command: \`npm run bench:startup -- --write\` (${runs} interleaved runs of each case after one warm-up round; wall time from spawn to exit). Measured on ${cpu} (${os.availableParallelism()} logical cores, load average ${os.loadavg()[0]?.toFixed(1)} at the end), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
].join("\n");

console.log(text);
if (args.write) writeDocSection("startup", text);
