/**
 * rotamatch history COHORT [--history PLAN ...] [--plan PLAN] [--format table|json|csv] [--out FILE]:
 * each member of the cohort across its history (the cohort's own `history`, then the
 * --history files) and, with --plan, a plan of this cohort as the last column: trainees
 * hosted, sent away, received, mentored and supervised by its people, and the exchanges and
 * mentor–host pairs that recur (the core's historyReport). Ids the cohort does not know are
 * warnings on stderr. Loads no solver: only @rotamatch/core/format (and the sheets package for
 * a workbook).
 */
import { historyReport, parseCohort, parsePlan, verifyPlan, type HistoryCounts, type HistoryReport, type Plan } from "@rotamatch/core/format";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError, writeOutput } from "../command.js";
import { appendHistory, noteHistoryFiles, readHistoryFiles } from "../history-files.js";
import { describeSource, readCohort, type ReadOutcome } from "../read-cohort.js";
import { reportIssues } from "../report-issues.js";
import { renderColumns } from "../table.js";

const OPTIONS = {
  history: { type: "string", multiple: true },
  plan: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const FORMATS = ["table", "json", "csv"] as const;

/**
 * Violations of a plan that the report does not depend on: the numbers, which a different
 * history or weights change (a plan solved before its history was added is still the plan).
 */
const NUMBERS_ONLY = new Set(["cost_mismatch", "objective_mismatch", "bound_above_objective", "bound_mismatch", "balance_mismatch"]);

export async function runHistory(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("history", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { values, positionals } = started;
  if (positionals.length === 0) return usageError(io, "history needs a COHORT file (or - for standard input)");
  if (positionals.length > 1) return usageError(io, `history takes one COHORT file, not ${positionals.length}: ${positionals.join(" ")}`);
  const path = positionals[0] as string;
  const format = values.format ?? "table";
  if (!(FORMATS as readonly string[]).includes(format)) return usageError(io, `--format must be table, json or csv, not ${JSON.stringify(format)}`);
  if (path === "-" && values.plan === "-") return usageError(io, "only one of COHORT and --plan can be read from standard input");
  const historyValues = values.history ?? [];

  const file = await readCohort(io, path, "history");
  if (!file.ok) return file.exitCode;
  const history = await readHistoryFiles(io, historyValues, "history");
  if (!history.ok) return history.exitCode;
  const input = appendHistory(file.value, history.entries);
  const parsed = parseCohort(input.cohort);
  if (!parsed.ok) {
    reportIssues(io, parsed.issues, path);
    noteHistoryFiles(io, parsed.issues, historyValues, input.first);
    return EXIT.invalidInput;
  }

  let plan: Plan | null = null;
  if (values.plan !== undefined) {
    const read = await readPlan(io, values.plan);
    if (!read.ok) return read.exitCode;
    const checked = checkPlan(io, parsed.index, read.value, values.plan);
    if (typeof checked === "number") return checked;
    plan = checked;
  }

  const report = historyReport(parsed.index, plan);
  for (const w of report.warnings) io.stderr(`warning: ${w.code} at ${w.path}: ${w.message}\n`);
  const output =
    format === "json" ? `${JSON.stringify(report, null, 2)}\n` : format === "csv" ? renderHistoryCsv(report) : renderHistoryTable(report, parsed.cohort.programme.name);
  const written = () => `wrote the history report (${report.columns.length} ${report.columns.length === 1 ? "cohort" : "cohorts"}) to ${values.out}`;
  return (await writeOutput(io, values.out, output, written)) ?? EXIT.ok;
}

/** The plan file, or its published workbook (.xlsx/.ods). */
async function readPlan(io: CliIo, path: string): Promise<ReadOutcome> {
  if (!/\.(xlsx|ods)$/i.test(path)) return readCohort(io, path, "history");
  const { readPlanFromWorkbook } = await import("../read-plan-workbook.js");
  const read = await readPlanFromWorkbook(io, path, "history", "en");
  return read.ok ? { ok: true, value: read.plan } : read;
}

/**
 * The plan, when it is a plan of this cohort with assignments: its roles and references are
 * checked by the verifier; its numbers are not (see NUMBERS_ONLY). Otherwise exit 2, each
 * problem at its path in the plan.
 */
function checkPlan(io: CliIo, index: Parameters<typeof verifyPlan>[0], value: unknown, path: string): Plan | ExitCode {
  const verdict = verifyPlan(index, value);
  const problems = verdict.violations.filter((v) => !NUMBERS_ONLY.has(v.code));
  const read = parsePlan(value);
  if (problems.length > 0 || !read.ok) {
    for (const v of problems.slice(0, 20)) io.stderr(`${v.code} at ${v.path === "" ? "plan" : `plan.${v.path}`}: ${v.message}\n`);
    if (problems.length > 20) io.stderr(`... and ${problems.length - 20} more\n`);
    io.stderr(`rotamatch: ${describeSource(path)} is not a plan of this cohort, so it has no column in the report.\n`);
    return EXIT.invalidInput;
  }
  const plan = read.plan as Plan;
  if (plan.status !== "optimal" && plan.status !== "feasible") {
    io.stderr(`rotamatch: ${describeSource(path)} holds no plan (status ${plan.status}), so it has no column in the report.\n`);
    return EXIT.invalidInput;
  }
  return plan;
}

/** What each section of the table counts, in order. */
const MEASURES: readonly { readonly key: keyof HistoryCounts; readonly title: string }[] = [
  { key: "hosted", title: "Trainees hosted" },
  { key: "sent", title: "Sent away: away placements of the trainees it hosts" },
  { key: "received", title: "Received: away placements at the member" },
  { key: "mentored", title: "Mentored: trainees mentored by its people" },
  { key: "supervised", title: "Supervised: trainees supervised by its people" },
];

/**
 * The report for a terminal: a header, then a section per measure with the members as rows and
 * the cohorts as columns (and a total), the running balance (received − sent up to and
 * including each cohort), and the repeats.
 */
export function renderHistoryTable(report: HistoryReport, programme: string): string {
  const { columns, members } = report;
  if (columns.length === 0) {
    return `${programme}: no history and no plan to report. Add earlier cohorts' plans with --history FILE (or a "history" in the cohort), and this cohort's plan with --plan PLAN.\n`;
  }
  const names = new Map(members.map((m) => [m.member, m.name]));
  const nameOf = (id: string): string => names.get(id) ?? id;
  const described = columns.map((c) => `${c.name} (${c.trainees} ${c.trainees === 1 ? "trainee" : "trainees"})`);
  const sections = [`${programme}: ${columns.length} ${columns.length === 1 ? "cohort" : "cohorts"}: ${described.join(", ")}`];
  const header = ["Member", ...columns.map((c) => c.name), "total"];
  const right = new Set(header.map((_, i) => i).filter((i) => i > 0));
  for (const { key, title } of MEASURES) {
    const rows = members.map((m) => [m.name, ...m.cohorts.map((c) => String(c[key])), String(m.total[key])]);
    sections.push(`${title}\n${renderColumns(header, rows, right)}`);
  }
  const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
  const running = members.map((m) => {
    let sum = 0;
    return [m.name, ...m.cohorts.map((c) => signed((sum += c.received - c.sent)))];
  });
  sections.push(`Balance: received − sent, summed up to each cohort\n${renderColumns(header.slice(0, -1), running, right)}`);

  const exchanges = report.repeats.exchanges.map(
    (e) => `  ${nameOf(e.host)} → ${nameOf(e.away)}: ${e.cohorts.join(", ")} (${e.placements} ${e.placements === 1 ? "placement" : "placements"})`,
  );
  sections.push(["Exchanges in more than one cohort (host → away member):", ...(exchanges.length === 0 ? ["  none"] : exchanges)].join("\n"));
  const pairs = report.repeats.mentorHosts.map(
    (p) => `  ${p.mentor} (${nameOf(p.mentorMember)}) with trainees of ${nameOf(p.host)}: ${p.cohorts.join(", ")} (${p.trainees} ${p.trainees === 1 ? "trainee" : "trainees"})`,
  );
  sections.push(["Mentor–host pairs in more than one cohort:", ...(pairs.length === 0 ? ["  none"] : pairs)].join("\n"));
  return `${sections.join("\n\n")}\n`;
}

/** One row per member and cohort, RFC 4180 (CRLF line ends, fields quoted when needed), as the sheets' CSV files. */
export function renderHistoryCsv(report: HistoryReport): string {
  const header = ["member", "member_name", "cohort", "kind", "hosted", "sent", "received", "mentored", "supervised"];
  const rows = report.members.flatMap((m) =>
    report.columns.map((c, i) => {
      const counts = m.cohorts[i] as HistoryCounts;
      return [m.member, m.name, c.name, c.kind, counts.hosted, counts.sent, counts.received, counts.mentored, counts.supervised].map(String);
    }),
  );
  return [header, ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "history", message);
}
