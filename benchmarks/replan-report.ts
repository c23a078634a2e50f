/**
 * The re-planning benchmark's report: the markdown for stdout, benchmarks/results/replan.md
 * and the `replan` section of docs/benchmarks.md. Two tables: the ratios to the full solve at
 * a glance (operations down, instances across), then every operation with its status, the
 * backend that answered, its median time, the ratio, its changes and what the answer said.
 */
import os from "node:os";
import type { OperationReport } from "./replan-operation.js";
import type { Limits, OperationRow, ReplanRun, RunInstance } from "./replan-run.js";
import { OPERATION_LABELS, isReplanOperation, type Operation } from "./replan-scenarios.js";

export interface ReportContext {
  /** The command line that made the run, as a reader would type it. */
  readonly command: string;
  readonly limits: Limits;
  readonly repeat: number;
  readonly solveBackend: string;
  readonly replanBackend: string;
  /** Wall time of the whole run, in milliseconds. */
  readonly totalMs: number;
  /** Where and when it ran (machine(), taken at the end of the run). */
  readonly machine: string;
}

/** A time in the unit that reads best: 12 ms, 1.23 s, 45.6 s; a dash for none. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** A ratio to the full solve: 0.52×, 3.1×, 140×; a dash for none. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return "–";
  if (ratio < 10) return `${ratio.toFixed(2)}×`;
  return ratio < 100 ? `${ratio.toFixed(1)}×` : `${ratio.toFixed(0)}×`;
}

/** The column head of an instance: its id and size. */
function instanceHead(i: RunInstance): string {
  return i.id === "romerike-2013" ? `Romerike 2013 (${i.trainees})` : `${i.trainees} × ${i.members}`;
}

/**
 * The time and ratio cells of a row. A process the parent stopped past the time limit ran
 * for at least the limit (its own clock never stopped), so it shows as more than the limit.
 */
function timeCells(run: ReplanRun, row: OperationRow, limits: Limits): { time: string; ratio: string } {
  if (row.status !== "stopped") return { time: formatMs(row.ms), ratio: row.operation === "solve" ? "1" : formatRatio(row.ratio) };
  const solveMs = run.rows.find((r) => r.instance === row.instance && r.operation === "solve")?.ms ?? Number.NaN;
  return { time: `> ${formatMs(limits.timeLimitMs)}`, ratio: `> ${formatRatio(limits.timeLimitMs / solveMs)}` };
}

/** Operations down, instances across: each cell the ratio to that instance's full solve, and the status when it is not optimal. */
export function ratioTable(run: ReplanRun, limits: Limits): string {
  const operations = [...new Set(run.rows.map((r) => r.operation))];
  const head = `| operation | ${run.instances.map(instanceHead).join(" | ")} |`;
  const rule = `| --- | ${run.instances.map(() => "---:").join(" | ")} |`;
  const lines = operations.map((op) => {
    const cells = run.instances.map((i) => {
      const row = run.rows.find((r) => r.instance === i.id && r.operation === op);
      if (row === undefined) return "–";
      const cells = timeCells(run, row, limits);
      const value = op === "solve" ? cells.time : cells.ratio;
      return row.status === "optimal" ? value : `${value} (${row.status})`;
    });
    return `| ${OPERATION_LABELS[op]} | ${cells.join(" | ")} |`;
  });
  return [head, rule, ...lines].join("\n");
}

/** Every operation on every instance. */
export function detailTable(run: ReplanRun, limits: Limits, asked = "auto"): string {
  const head = "| instance | operation | status | backend | median time | × full solve | changes | runs | peak MiB | the answer |";
  const rule = "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |";
  const lines: string[] = [];
  for (const instance of run.instances) {
    run.rows
      .filter((r) => r.instance === instance.id)
      .forEach((row, n) => {
        const first = row.runs[0];
        const peak = Math.max(...row.runs.map((r) => r.peakMb ?? 0));
        const cells = [
          n === 0 ? instance.id : "",
          OPERATION_LABELS[row.operation],
          row.status,
          backendOf(row, asked),
          timeCells(run, row, limits).time,
          timeCells(run, row, limits).ratio,
          first?.changes === null || first?.changes === undefined ? "–" : String(first.changes),
          String(row.runs.filter((r) => r.status !== "skipped").length),
          peak > 0 ? peak.toFixed(0) : "–",
          answerText(instance, row.operation, first),
        ];
        lines.push(`| ${cells.join(" | ")} |`);
      });
  }
  return [head, rule, ...lines].join("\n");
}

/** The backend that answered, from the plan's stats; an explanation names none, so its row says what was asked. */
function backendOf(row: OperationRow, asked: string): string {
  const names = [...new Set(row.runs.map((r) => r.backend).filter((b): b is string => b !== null))];
  if (names.length > 0) return names.join(", ");
  return row.operation.startsWith("explain") && row.runs.some((r) => r.status !== "skipped") ? `${asked} (asked)` : "–";
}

/** What the operation was asked and what it answered, in a few words. */
function answerText(instance: RunInstance, op: Operation, report: OperationReport | undefined): string {
  const parts: string[] = [];
  const scenario = instance.scenario;
  if (scenario !== null) {
    if (isReplanOperation(op)) parts.push(scenario.what[op]);
    if (op === "whatif") parts.push(scenario.pins.map((p) => `${p.trainee} at ${p.member ?? "?"} in ${p.period ?? "?"}`).join(", ") || "no pin");
    if (op === "explain-one") parts.push(scenario.trainee);
  }
  if (report !== undefined) {
    if (report.objective !== null && op !== "explain-one" && op !== "explain-all") parts.push(`objective ${report.objective.toFixed(2)}`);
    if (report.detail !== "") parts.push(report.detail);
    if (report.verified === false) parts.push("**failed verification**");
    if (report.error !== null && report.status !== "invalid") parts.push(`error: ${report.error.replace(/\|/g, "\\|")}`);
  }
  return parts.join("; ");
}

/** The machine, in one phrase: CPU model, logical cores, load, Node version and the date. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${cpu} (${os.availableParallelism()} logical cores, load average ${os.loadavg()[0]?.toFixed(1)} at the end), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/** The markdown of a run: the ratios, every operation, and how it was measured. */
export function renderReport(run: ReplanRun, context: ReportContext): string {
  const asOf = run.instances.map((i) => `${i.id} ${i.scenario?.asOf ?? "–"}`).join(", ");
  return [
    `**Each operation's median time over the full solve's, in the same run** (the solve row is its median time; a status is shown where the answer is not proven optimal).`,
    ratioTable(run, context.limits),
    `**Every operation.** "changes" counts the changes a re-plan or what-if lists, and for an explanation the options it settled; "runs" is how many times it ran (one when the first run gave no answer).`,
    detailTable(run, context.limits, context.replanBackend),
    `Command: \`${context.command}\`, ${(context.totalMs / 60_000).toFixed(1)} min in all. ` +
      `Full solve with backend \`${context.solveBackend}\`, re-plans, what-ifs and explanations with backend \`${context.replanBackend}\`; ` +
      `time limit ${context.limits.timeLimitMs / 1000} s an operation (the process is stopped ${context.limits.marginMs / 1000} s later), memory cap ${context.limits.memoryMb} MiB; ` +
      `median of ${context.repeat} run${context.repeat === 1 ? "" : "s"}, each in a process of its own after an untimed warm-up on Romerike 2013; times are the library call alone. ` +
      `As of: ${asOf}. Measured on ${context.machine}.`,
  ].join("\n\n");
}
