/**
 * Solve-time benchmark: the four Romerike example cohorts and generated networks of growing
 * size, each solved through the library's public solveCohort, from source.
 *
 *     npx tsx benchmarks/solve-times.ts [--runs N] [--time-limit MS] [--budget S] [--only TEXT] [--write]
 *
 * Each cohort is solved once to warm up, then up to N times (default 5); the table reports the
 * median and the largest wall time of those runs, the plan's status, objective and bound, and
 * the model's size. A cohort stops being timed once its timed runs have used the budget
 * (default 120 s); when the warm-up alone took longer than the budget, the warm-up is reported
 * as the only run. With --write the table, the machine and the date replace the section between
 * the markers in docs/benchmarks.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  formatIssue,
  generateCohort,
  solveCohort,
  type GenerateOptions,
  type SolveResult,
} from "../packages/core/src/index.js";

const DOC = new URL("../docs/benchmarks.md", import.meta.url);
const BEGIN = "<!-- solve-times:begin -->";
const END = "<!-- solve-times:end -->";

interface Case {
  readonly name: string;
  readonly load: () => unknown;
}

const romerike = (year: number): Case => ({
  name: `Romerike ${year}`,
  load: () => JSON.parse(readFileSync(new URL(`../examples/romerike-${year}.json`, import.meta.url), "utf8")),
});

const generated = (label: string, options: GenerateOptions): Case => ({
  name: `generated: ${label}`,
  load: () => generateCohort(options),
});

const CASES: readonly Case[] = [
  romerike(2008),
  romerike(2009),
  romerike(2011),
  romerike(2013),
  generated("25 trainees, 15 members, hosts given", { trainees: 25, members: 15, hosts: "given", seed: 1 }),
  generated("25 trainees, 15 members, hosts chosen", { trainees: 25, members: 15, hosts: "chosen", seed: 1 }),
  generated("50 trainees, 30 members, hosts given", { trainees: 50, members: 30, hosts: "given", seed: 1 }),
  generated("50 trainees, 30 members, hosts chosen", { trainees: 50, members: 30, hosts: "chosen", seed: 1 }),
  generated("50 trainees, 30 members, hosts chosen (seed 2)", { trainees: 50, members: 30, hosts: "chosen", seed: 2 }),
  generated("50 trainees, 30 members, hosts chosen (seed 3)", { trainees: 50, members: 30, hosts: "chosen", seed: 3 }),
  generated("50 trainees, 30 members, hosts given, 2 away periods", {
    trainees: 50,
    members: 30,
    hosts: "given",
    awayPeriods: 2,
    seed: 1,
  }),
  generated("20 trainees, 10 members, hosts chosen, 2 away periods", {
    trainees: 20,
    members: 10,
    hosts: "chosen",
    awayPeriods: 2,
    seed: 1,
  }),
  generated("50 trainees, 30 members, hosts chosen, 2 away periods", {
    trainees: 50,
    members: 30,
    hosts: "chosen",
    awayPeriods: 2,
    seed: 1,
  }),
];

interface Row {
  readonly name: string;
  readonly trainees: number | null;
  readonly members: number | null;
  readonly variables: number | null;
  readonly constraints: number | null;
  readonly status: string;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly medianMs: number | null;
  readonly maxMs: number | null;
  /** How many timed runs the times are over; "1 (warm-up)" when only the warm-up was timed. */
  readonly runs: string;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "5" },
      "time-limit": { type: "string", default: "60000" },
      budget: { type: "string", default: "120" },
      only: { type: "string" },
      write: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      "Usage: npx tsx benchmarks/solve-times.ts [--runs N] [--time-limit MS] [--budget S] [--only TEXT] [--write]\n" +
        "  --runs N          timed runs per cohort after one warm-up (default 5)\n" +
        "  --time-limit MS   time limit of each solve in milliseconds (default 60000)\n" +
        "  --budget S        stop timing a cohort once its runs have used S seconds (default 120)\n" +
        "  --only TEXT       only the cohorts whose name contains TEXT\n" +
        "  --write           also write the table into docs/benchmarks.md\n",
    );
    return;
  }
  const runs = wholeNumber("--runs", values.runs, 1);
  const timeLimitMs = wholeNumber("--time-limit", values["time-limit"], 1);
  const budgetMs = wholeNumber("--budget", values.budget, 1) * 1000;
  const only = values.only?.toLowerCase();
  const cases = CASES.filter((c) => only === undefined || c.name.toLowerCase().includes(only));
  if (cases.length === 0) fail(`no cohort name contains "${values.only}"`);

  const rows = cases.map((c) => measure(c, runs, timeLimitMs, budgetMs));
  const table = renderTable(rows);
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const machine =
    `Measured on ${cpu} (${os.cpus().length} logical cores), Node ${process.version}, ` +
    `${new Date().toISOString().slice(0, 10)}: one warm-up, then up to ${runs} timed run(s) per cohort ` +
    `within ${budgetMs / 1000} s; time limit ${timeLimitMs} ms; default backend.`;
  process.stdout.write(`${table}\n\n${machine}\n`);
  if (values.write) {
    writeSection(`${table}\n\n${machine}`);
    process.stderr.write(`Wrote the table into ${DOC.pathname}\n`);
  }
}

function measure(c: Case, runs: number, timeLimitMs: number, budgetMs: number): Row {
  process.stderr.write(`${c.name}: `);
  const input = c.load();
  const size = sizeOf(input);
  const base = { name: c.name, ...size };
  const none = { variables: null, constraints: null, objective: null, bound: null, medianMs: null, maxMs: null, runs: "0" };
  let first: SolveResult;
  const warmUpStarted = performance.now();
  try {
    first = solveCohort(input, { timeLimitMs });
  } catch (error) {
    process.stderr.write(`failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return { ...base, ...none, status: "error (see stderr)" };
  }
  const warmUpMs = performance.now() - warmUpStarted;
  if (!first.ok) {
    process.stderr.write(`invalid input:\n${first.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}\n`);
    return { ...base, ...none, status: "invalid input" };
  }
  const times: number[] = [];
  const warmUpOnly = warmUpMs > budgetMs;
  if (warmUpOnly) times.push(warmUpMs);
  for (let i = 0; i < runs && !warmUpOnly && times.reduce((a, b) => a + b, 0) < budgetMs; i++) {
    const started = performance.now();
    const result = solveCohort(input, { timeLimitMs });
    times.push(performance.now() - started);
    if (!result.ok || result.plan.status !== first.plan.status) {
      process.stderr.write(`(run ${i + 1} ended ${result.ok ? result.plan.status : "with input issues"}) `);
    }
  }
  const plan = first.plan;
  const row: Row = {
    ...base,
    variables: plan.stats?.variables ?? null,
    constraints: plan.stats?.constraints ?? null,
    status: plan.status,
    objective: plan.objective,
    bound: plan.bound,
    medianMs: median(times),
    maxMs: Math.max(...times),
    runs: warmUpOnly ? "1 (warm-up)" : String(times.length),
  };
  process.stderr.write(`${row.status}, median ${formatMs(row.medianMs)} ms\n`);
  return row;
}

function sizeOf(input: unknown): { trainees: number | null; members: number | null } {
  const count = (key: string): number | null => {
    const list = typeof input === "object" && input !== null ? (input as Record<string, unknown>)[key] : undefined;
    return Array.isArray(list) ? list.length : null;
  };
  return { trainees: count("trainees"), members: count("members") };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function renderTable(rows: readonly Row[]): string {
  const header = ["cohort", "trainees", "members", "variables", "constraints", "status", "objective", "bound", "median ms", "max ms", "runs"];
  const lines = [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i === 0 || i === 5 ? "---" : "---:")).join(" | ")} |`,
  ];
  for (const r of rows) {
    const cells = [
      r.name,
      formatCount(r.trainees),
      formatCount(r.members),
      formatCount(r.variables),
      formatCount(r.constraints),
      r.status,
      formatNumber(r.objective),
      formatNumber(r.bound),
      formatMs(r.medianMs),
      formatMs(r.maxMs),
      r.runs,
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

const formatCount = (n: number | null): string => (n === null ? "–" : String(n));
const formatNumber = (n: number | null): string => (n === null ? "–" : n.toFixed(2));
const formatMs = (n: number | null): string => (n === null ? "–" : n < 10 ? n.toFixed(1) : n.toFixed(0));

function writeSection(content: string): void {
  let doc: string;
  try {
    doc = readFileSync(DOC, "utf8");
  } catch {
    return fail(`cannot read ${DOC.pathname}; it must exist and contain the lines ${BEGIN} and ${END}`);
  }
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin === -1 || end === -1 || end < begin) {
    fail(`${DOC.pathname} must contain ${BEGIN} followed later by ${END}; nothing was written`);
  }
  writeFileSync(DOC, `${doc.slice(0, begin + BEGIN.length)}\n${content}\n${doc.slice(end)}`);
}

function wholeNumber(flag: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) fail(`${flag} must be a whole number of at least ${min}, got "${text}"`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`solve-times: ${message}\n`);
  process.exit(2);
}

main();
