/**
 * Reading a published plan workbook back (writePlanWorkbook's), in English or Norwegian: the
 * plan it holds, checked against the cohort its own cohort sheets hold.
 *
 * The workbook carries the plan's exact JSON in a hidden sheet (plan-copy.ts). When the
 * visible Plan sheet still makes the same choices (host, away members, supervisor and mentor
 * of every trainee; sorting the rows changes nothing), that copy is the answer, byte for byte.
 * A working group may have edited the Plan sheet after it was published, and a workbook from
 * before the copy existed has none: then the plan is rebuilt from the Plan sheet's choices,
 * with the costs and the objective computed again from the cohort (the Costs and Summary
 * sheets show rounded figures, and an edit makes them stale), the status and bound from the
 * copy or the Summary, and a warning saying so. Either way the plan returned passed the core's
 * verifier; a plan that breaks a rule is refused with each violation located in the sheets.
 */
import {
  assignmentCost,
  balanceOf,
  choiceOfAssignment,
  costOfChoice,
  historyWarnings,
  parseCohort,
  parsePlan,
  periodDates,
  replanPlanSchema,
  verifyPlan,
  type CohortInput,
  type PlanJson,
  type PlanViolation,
  type ReplanChange,
} from "@rotamatch/core/format";
import { COHORT_SHEETS, normalizeName, sheetNames } from "../layout.js";
import { PLAN_COPY_SHEET, readPlanCopy } from "../plan-copy.js";
import { cellText, isBlank, type CellValue, type Row, type Table } from "../table.js";
import { DEFAULT_SHEET_LIMITS, type SheetIssue, type SheetLimits } from "../types.js";
import { parseList } from "../values.js";
import { PLAN_HEADERS, PLAN_SHEET_NAMES, SUMMARY_KEY_WORDS, VALUE_WORDS, LANGS, type PlanHeaders, type PlanSheetKey } from "../words.js";
import type { PlanToWrite } from "../write/check-pair.js";
import { WorkbookError } from "../xlsx/zip.js";
import { sheetIssue } from "./cohort-from-tables.js";
import { readCohortWorkbook } from "./import.js";
import { readWorkbookFile } from "./workbook-file.js";

/** What reading a plan workbook gives: the plan (with `changes` for a re-planned plan) and its cohort, or the problems. */
export type PlanWorkbookImport =
  | {
      readonly ok: true;
      readonly plan: PlanToWrite;
      /** The cohort of the workbook's cohort sheets, which the plan was checked against. */
      readonly cohort: CohortInput;
      readonly issues: readonly [];
      /** The plan was rebuilt from the visible sheets (codes in PLAN_WORKBOOK_WARNING_CODES). */
      readonly warnings: readonly SheetIssue[];
    }
  | { readonly ok: false; readonly plan: null; readonly issues: readonly SheetIssue[]; readonly warnings: readonly SheetIssue[] };

/** The codes of readPlanWorkbook's warnings. Stable: new ones may be added. */
export const PLAN_WORKBOOK_WARNING_CODES = ["plan_edited", "plan_rebuilt"] as const;

/** The reason given for a role a person emptied in the Plan sheet (allowUnassigned). */
export const EMPTIED_BY_HAND = "left empty by hand in the plan workbook";

/**
 * Reads the plan of a plan workbook: the XLSX rotamatch wrote, or that workbook saved by
 * LibreOffice as .ods (the hidden copy sheet survives the save). Never throws on bad input: a
 * file that is no workbook, is over a limit, is a cohort workbook, or holds a plan that does
 * not fit its cohort gives issues by sheet, row and column, and no plan.
 */
export async function readPlanWorkbook(data: Uint8Array, limits?: Partial<SheetLimits>): Promise<PlanWorkbookImport> {
  const caps = { ...DEFAULT_SHEET_LIMITS, ...limits };
  let tables: ReadonlyMap<PlanSheetKey | "copy", Table>;
  let headers: Partial<Record<PlanSheetKey, ReadonlyMap<string, number>>>;
  try {
    const content = readWorkbookFile(data, caps, (name) => sheetKeyOf(name) !== undefined);
    const problems = content.problems.map((p) => sheetIssue(p.code, englishName(p.table), p.row, null, p.message));
    if (problems.length > 0) return refuse(problems);
    const found = new Map<PlanSheetKey | "copy", Table>();
    for (const table of content.tables) {
      const key = sheetKeyOf(table.name);
      if (key !== undefined && !found.has(key)) found.set(key, table);
    }
    if (!found.has("plan") && !found.has("summary")) return refuse([notAPlan(content.sheetNames)]);
    const missing = (["summary", "plan"] as const).filter((key) => !found.has(key));
    if (missing.length > 0) return refuse(missing.map((key) => sheetIssue("missing_sheet", PLAN_SHEET_NAMES.en[key], null, null, `the ${PLAN_SHEET_NAMES.en[key]} sheet is missing`)));
    tables = found;
    headers = {};
  } catch (error) {
    if (error instanceof WorkbookError) return refuse([sheetIssue(error.code, "", null, null, error.message)]);
    throw error;
  }

  // The cohort the plan was made for: the workbook's own cohort sheets.
  const cohortRead = await readCohortWorkbook(data, limits);
  if (!cohortRead.ok) return refuse(cohortRead.issues);
  const parsed = parseCohort(cohortRead.cohort);
  if (!parsed.ok) return refuse([sheetIssue("invalid_file", "", null, null, "the workbook's cohort sheets do not hold a valid cohort")]);
  const cohort = cohortRead.cohort;

  const issues: SheetIssue[] = [];
  const columnsOf = (key: PlanSheetKey, required: readonly string[]): ReadonlyMap<string, number> | null => {
    const table = tables.get(key);
    if (table === undefined) return null;
    const found = readHeader(key, table, required, issues);
    headers[key] = found;
    return found;
  };
  const planColumns = columnsOf("plan", ["trainee", "period", "member", "host", "supervisor", "mentor"]);
  if (issues.length > 0 || planColumns === null) return refuse(issues);
  const periods = parsed.cohort.programme.periods;
  const sheet = readChoices(tables.get("plan") as Table, planColumns, new Set(periods.map((p) => p.id)), issues);
  if (issues.length > 0) return refuse(issues);

  const copy = readCopy(tables.get("copy"));
  let candidate: PlanToWrite;
  const warnings: SheetIssue[] = [];
  if (copy.plan !== null && copy.raw !== null && sameChoices(copy.plan, sheet)) {
    candidate = copy.raw;
  } else {
    const previous = copy.plan === null ? readSheetsPlan(tables, columnsOf, issues) : { plan: copy.plan, changes: null };
    if (issues.length > 0 || previous === null) return refuse(issues);
    candidate = rebuild(parsed, sheet, previous.plan, previous.changes, copy.plan !== null);
    const first = copy.plan === null ? null : firstDifference(copy.plan, sheet);
    warnings.push(
      copy.plan === null
        ? sheetIssue(
            "plan_rebuilt",
            PLAN_SHEET_NAMES.en.plan,
            null,
            null,
            `the workbook has no readable copy of the plan (${copy.reason}); the plan was rebuilt from the Plan sheet, its costs computed again from the cohort`,
          )
        : sheetIssue(
            "plan_edited",
            PLAN_SHEET_NAMES.en.plan,
            first?.row ?? null,
            null,
            `the Plan sheet was edited after the plan was published (${first?.what ?? "a trainee"} differs); the plan was rebuilt from the Plan sheet, its costs computed again from the cohort`,
          ),
    );
  }

  const { changes: _changes, ...plain } = candidate as PlanJson & { readonly changes?: readonly ReplanChange[] };
  const verdict = verifyPlan(parsed.index, plain);
  if (!verdict.ok) return refuse(verdict.violations.map((v) => locateViolation(v, plain, sheet, headers.plan ?? new Map(), tables.get("plan"))), warnings);
  return { ok: true, plan: candidate, cohort, issues: [], warnings };
}

function refuse(issues: readonly SheetIssue[], warnings: readonly SheetIssue[] = []): PlanWorkbookImport {
  return { ok: false, plan: null, issues, warnings };
}

// ---------------------------------------------------------------------------------------
// Sheets and columns, in either language
// ---------------------------------------------------------------------------------------

/** Which plan sheet a sheet name is, in English or Norwegian; the hidden copy is "copy". */
function sheetKeyOf(name: string): PlanSheetKey | "copy" | undefined {
  const normalized = normalizeName(name);
  if (normalized === normalizeName(PLAN_COPY_SHEET)) return "copy";
  for (const lang of LANGS) {
    const names = PLAN_SHEET_NAMES[lang];
    const key = (Object.keys(names) as PlanSheetKey[]).find((k) => normalizeName(names[k]) === normalized);
    if (key !== undefined) return key;
  }
  return undefined;
}

function englishName(name: string): string {
  const key = sheetKeyOf(name);
  return key === undefined || key === "copy" ? name : PLAN_SHEET_NAMES.en[key];
}

/** A workbook without the Plan and Summary sheets: a cohort workbook given as a plan, or another workbook. */
function notAPlan(names: readonly string[]): SheetIssue {
  const cohortSheets = COHORT_SHEETS.filter((spec) => names.some((name) => sheetNames(spec).includes(normalizeName(name))));
  const message =
    cohortSheets.length > 0
      ? "this is a cohort workbook, not a plan workbook: it has no Plan sheet; make a plan from it first, or give the workbook the plan was published as"
      : "this is not a plan workbook: it has no Plan sheet and no Summary sheet";
  return sheetIssue("not_a_plan_workbook", "", null, null, message);
}

/** The column index of each column key of a sheet's header (headers in either language); required ones missing are issues. */
function readHeader(key: PlanSheetKey, table: Table, required: readonly string[], issues: SheetIssue[]): Map<string, number> {
  const columns = new Map<string, number>();
  const header = table.rows[0];
  const english = PLAN_HEADERS.en[key as keyof PlanHeaders] as Readonly<Record<string, string>>;
  for (const lang of LANGS) {
    const words = PLAN_HEADERS[lang][key as keyof PlanHeaders] as Readonly<Record<string, string>>;
    header?.cells.forEach((cell, i) => {
      if (cell === null) return;
      const text = normalizeName(cellText(cell));
      for (const [column, word] of Object.entries(words)) {
        if (normalizeName(word) === text && !columns.has(column)) columns.set(column, i);
      }
    });
  }
  for (const column of required) {
    if (!columns.has(column)) {
      issues.push(sheetIssue("missing_column", PLAN_SHEET_NAMES.en[key], null, english[column] ?? column, `the ${english[column] ?? column} column is missing`));
    }
  }
  return columns;
}

function text(row: Row, column: number | undefined): string | null {
  if (column === undefined) return null;
  const cell = row.cells[column];
  return cell === undefined || isBlank(cell) ? null : cellText(cell as CellValue).trim();
}

/** A fixed value (a status, a role) written in either language, as the plan format's word. */
function valueOf<K extends string>(words: (lang: "en" | "nb") => Readonly<Record<K, string>>, written: string | null): K | undefined {
  if (written === null) return undefined;
  for (const lang of LANGS) {
    const entry = Object.entries(words(lang)).find(([, word]) => normalizeName(word as string) === normalizeName(written));
    if (entry !== undefined) return entry[0] as K;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// The Plan sheet: each trainee's choices
// ---------------------------------------------------------------------------------------

/** One trainee's choices as the Plan sheet makes them, with the rows they are in. */
interface SheetTrainee {
  readonly trainee: string;
  readonly firstRow: number;
  host: string | null;
  supervisor: string | null;
  mentor: string | null;
  /** The member of each period with a row, and the row. */
  readonly periods: Map<string, { readonly member: string | null; readonly row: number }>;
}

type SheetChoices = ReadonlyMap<string, SheetTrainee>;

const ROLE_COLUMNS = ["host", "supervisor", "mentor"] as const;

function readChoices(table: Table, columns: ReadonlyMap<string, number>, periods: ReadonlySet<string>, issues: SheetIssue[]): Map<string, SheetTrainee> {
  const trainees = new Map<string, SheetTrainee>();
  const headerOf = (key: string): string => cellText(table.rows[0]?.cells[columns.get(key) ?? -1] ?? null) || key;
  const sheet = PLAN_SHEET_NAMES.en.plan;
  for (const row of table.rows.slice(1)) {
    const trainee = text(row, columns.get("trainee"));
    const period = text(row, columns.get("period"));
    if (trainee === null || period === null) {
      const what = trainee === null ? "trainee" : "period";
      issues.push(sheetIssue("invalid_value", sheet, row.row, headerOf(what), `the row has no ${what}; each row of the Plan sheet is one trainee in one period`));
      continue;
    }
    if (!periods.has(period)) {
      issues.push(sheetIssue("unknown_period", sheet, row.row, headerOf("period"), `'${period}' is not a period of the programme (the periods are ${[...periods].join(", ")})`));
      continue;
    }
    let entry = trainees.get(trainee);
    const roles = { host: text(row, columns.get("host")), supervisor: text(row, columns.get("supervisor")), mentor: text(row, columns.get("mentor")) };
    if (entry === undefined) {
      entry = { trainee, firstRow: row.row, ...roles, periods: new Map() };
      trainees.set(trainee, entry);
    } else {
      for (const role of ROLE_COLUMNS) {
        if (roles[role] !== entry[role]) {
          const other = entry[role] ?? "empty";
          issues.push(
            sheetIssue(
              "inconsistent_rows",
              sheet,
              row.row,
              headerOf(role),
              `${trainee}'s ${role} is ${roles[role] ?? "empty"} here but ${other} in row ${entry.firstRow}; make the rows of a trainee agree`,
            ),
          );
        }
      }
    }
    const before = entry.periods.get(period);
    if (before !== undefined) {
      issues.push(sheetIssue("duplicate_trainee", sheet, row.row, headerOf("trainee"), `${trainee} has a second row for period ${period} (also row ${before.row}); keep one`));
      continue;
    }
    entry.periods.set(period, { member: text(row, columns.get("member")), row: row.row });
  }
  return trainees;
}

/** Whether a plan makes the same choices as the sheet, trainee by trainee, whatever the rows' order. */
function sameChoices(plan: PlanJson, sheet: SheetChoices): boolean {
  return firstDifference(plan, sheet) === null;
}

/** The first trainee whose choices differ between the plan and the sheet, and the row to look at. */
function firstDifference(plan: PlanJson, sheet: SheetChoices): { readonly row: number | null; readonly what: string } | null {
  const inPlan = new Set<string>();
  for (const a of plan.assignments) {
    inPlan.add(a.trainee);
    const s = sheet.get(a.trainee);
    if (s === undefined) return { row: null, what: `trainee ${a.trainee} has no rows` };
    for (const role of ROLE_COLUMNS) if (s[role] !== a[role]) return { row: s.firstRow, what: `the ${role} of ${a.trainee}` };
    const placed = new Map(a.placements.map((p) => [p.period, p.member]));
    for (const [period, cell] of s.periods) {
      if ((placed.get(period) ?? null) !== cell.member) return { row: cell.row, what: `the member of ${a.trainee} in ${period}` };
    }
    for (const period of placed.keys()) if (!s.periods.has(period)) return { row: s.firstRow, what: `the row of ${a.trainee} for ${period}` };
  }
  for (const s of sheet.values()) if (!inPlan.has(s.trainee)) return { row: s.firstRow, what: `trainee ${s.trainee}, who is new,` };
  return null;
}

// ---------------------------------------------------------------------------------------
// The copy, and the sheets that stand in for it
// ---------------------------------------------------------------------------------------

interface CopyRead {
  /** The plan without `changes`, when the copy could be read as a plan. */
  readonly plan: PlanJson | null;
  /** The copy exactly as written (`changes` included, for a re-planned plan): the answer when the sheets agree with it. */
  readonly raw: PlanToWrite | null;
  readonly reason: string;
}

function readCopy(table: Table | undefined): CopyRead {
  if (table === undefined) return { plan: null, raw: null, reason: "it was written before workbooks carried one" };
  const read = readPlanCopy(table);
  if (!read.ok) return { plan: null, raw: null, reason: `its hidden ${PLAN_COPY_SHEET} sheet cannot be read: ${read.reason}` };
  const value = read.value;
  let plain: unknown = value;
  if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "changes")) {
    const { changes: given, ...rest } = value as { changes: unknown };
    if (!replanPlanSchema.shape.changes.safeParse(given).success) {
      return { plan: null, raw: null, reason: `the changes in its hidden ${PLAN_COPY_SHEET} sheet are not a re-plan's` };
    }
    plain = rest;
  }
  const parsed = parsePlan(plain);
  if (!parsed.ok) return { plan: null, raw: null, reason: `its hidden ${PLAN_COPY_SHEET} sheet does not hold a plan` };
  return { plan: parsed.plan, raw: value as PlanToWrite, reason: "" };
}

type ColumnsOf = (key: PlanSheetKey, required: readonly string[]) => ReadonlyMap<string, number> | null;

/**
 * What the copy would give, from the Summary (status, bound, how it was computed), Unassigned
 * (the reasons), Diagnosis and Changes sheets; the Plan sheet gives the assignments. Null
 * with issues when one of them cannot be read.
 */
function readSheetsPlan(
  tables: ReadonlyMap<PlanSheetKey | "copy", Table>,
  columnsOf: ColumnsOf,
  issues: SheetIssue[],
): { readonly plan: PlanJson; readonly changes: ReplanChange[] | null } | null {
  const summary = readSummary(tables.get("summary") as Table, issues);
  const unassignedColumns = columnsOf("unassigned", ["trainee", "role", "reason"]);
  const diagnosisColumns = columnsOf("diagnosis", ["code", "message"]);
  const changesColumns = columnsOf("changes", ["trainee", "role", "from", "to", "reason"]);
  if (issues.length > 0 || summary === null) return null;
  const unassigned = unassignedColumns === null ? [] : readRows(tables.get("unassigned"), (row) => readUnassigned(row, unassignedColumns));
  const diagnosis = diagnosisColumns === null ? [] : readRows(tables.get("diagnosis"), (row) => readDiagnosis(row, diagnosisColumns));
  const changes = changesColumns === null ? null : readRows(tables.get("changes"), (row) => readChange(row, changesColumns));
  const plan = parsePlan({ format: "rotamatch.plan/v1", ...summary, assignments: [], unassigned, diagnosis });
  if (!plan.ok) {
    for (const v of plan.violations) issues.push(sheetIssue("invalid_value", sheetOfPath(v.path), null, null, `${v.message.replace(/\.$/, "")} (at ${v.path})`));
    return null;
  }
  const parsedChanges = changes === null ? null : replanPlanSchema.shape.changes.safeParse(changes);
  if (parsedChanges !== null && !parsedChanges.success) {
    issues.push(sheetIssue("invalid_value", PLAN_SHEET_NAMES.en.changes, null, null, "the Changes sheet does not list a re-plan's changes (a role or a reason is not one rotamatch writes)"));
    return null;
  }
  return { plan: plan.plan, changes: parsedChanges?.data ?? null };
}

function sheetOfPath(path: string): string {
  const key = path.startsWith("unassigned") ? "unassigned" : path.startsWith("diagnosis") ? "diagnosis" : "summary";
  return PLAN_SHEET_NAMES.en[key];
}

function readRows<T>(table: Table | undefined, read: (row: Row) => T): T[] {
  return (table?.rows.slice(1) ?? []).map(read);
}

const STATS_KEYS = ["backend", "solveMs", "totalMs", "variables", "constraints"] as const;

/** The Summary's status, objective, bound and stats (keys in either language); other rows are for people. */
function readSummary(table: Table, issues: SheetIssue[]): Record<string, unknown> | null {
  const byKey = new Map<string, { readonly value: CellValue; readonly row: number }>();
  for (const row of table.rows.slice(1)) {
    const key = valueOf((lang) => SUMMARY_KEY_WORDS[lang], text(row, 0));
    if (key !== undefined && !byKey.has(key)) byKey.set(key, { value: row.cells[1] ?? null, row: row.row });
  }
  const sheet = PLAN_SHEET_NAMES.en.summary;
  const statusCell = byKey.get("status");
  const status = valueOf((lang) => VALUE_WORDS[lang].status, statusCell === undefined || statusCell.value === null ? null : cellText(statusCell.value));
  if (status === undefined) {
    const where = statusCell === undefined ? "there is no status row" : `'${cellText(statusCell.value)}' is not a plan status`;
    issues.push(sheetIssue("invalid_value", sheet, statusCell?.row ?? null, null, `${where}; the status is one of optimal, feasible, infeasible, timedout`));
    return null;
  }
  const number = (key: string): number | null => {
    const value = byKey.get(key)?.value;
    return typeof value === "number" ? value : null;
  };
  const stats = STATS_KEYS.filter((key) => byKey.has(key));
  return {
    status,
    objective: number("objective"),
    bound: number("bound"),
    ...(stats.length === STATS_KEYS.length ? { stats: Object.fromEntries(stats.map((key) => [key, byKey.get(key)?.value])) } : {}),
  };
}

function readUnassigned(row: Row, columns: ReadonlyMap<string, number>): Record<string, unknown> {
  const period = text(row, columns.get("period"));
  return {
    trainee: text(row, columns.get("trainee")),
    role: valueOf((lang) => VALUE_WORDS[lang].role, text(row, columns.get("role"))) ?? text(row, columns.get("role")),
    ...(period === null ? {} : { period }),
    reason: text(row, columns.get("reason")) ?? "",
  };
}

/** The fields of a suggested change, by the Diagnosis sheet's column keys. */
const CHANGE_FIELDS = [
  ["action", "action"],
  ["path", "path"],
  ["member", "changeMember"],
  ["person", "changePerson"],
  ["period", "changePeriod"],
  ["role", "changeRole"],
  ["specialization", "changeSpecialization"],
  ["outsideOrganisation", "outsideOrganisation"],
  ["by", "by"],
] as const;

function readDiagnosis(row: Row, columns: ReadonlyMap<string, number>): Record<string, unknown> {
  const list = (key: string): string[] => parseList(text(row, columns.get(key)) ?? "");
  const change = text(row, columns.get("action")) === null
    ? null
    : Object.fromEntries(
        CHANGE_FIELDS.map(([field, key]) => {
          const cell = columns.get(key) === undefined ? null : (row.cells[columns.get(key) as number] ?? null);
          if (field === "by") return [field, typeof cell === "number" ? cell : null];
          if (field === "role") return [field, valueOf((lang) => VALUE_WORDS[lang].role, text(row, columns.get(key))) ?? null];
          return [field, text(row, columns.get(key))];
        }),
      );
  return {
    code: text(row, columns.get("code")),
    message: text(row, columns.get("message")),
    trainees: list("trainees"),
    members: list("members"),
    people: list("people"),
    change,
  };
}

function readChange(row: Row, columns: ReadonlyMap<string, number>): Record<string, unknown> {
  const period = text(row, columns.get("period"));
  return {
    trainee: text(row, columns.get("trainee")),
    role: valueOf((lang) => VALUE_WORDS[lang].role, text(row, columns.get("role"))) ?? text(row, columns.get("role")),
    ...(period === null ? {} : { period }),
    from: text(row, columns.get("from")),
    to: text(row, columns.get("to")),
    reason: valueOf((lang) => VALUE_WORDS[lang].reason, text(row, columns.get("reason"))) ?? text(row, columns.get("reason")),
  };
}

// ---------------------------------------------------------------------------------------
// Rebuilding the plan from the Plan sheet
// ---------------------------------------------------------------------------------------

type ParsedCohort = Extract<ReturnType<typeof parseCohort>, { ok: true }>;

/**
 * The plan the Plan sheet makes: trainees in the cohort's order (then any the cohort does not
 * have, for the verifier to name), placements in programme order with the programme's dates,
 * costs computed again. With allowUnassigned, each empty role keeps the reason `previous`
 * gave it, or says it was emptied by hand. The objective is the sum of the costs; the status
 * and bound are `previous`'s while they still hold: an edit may make the plan cost more than
 * the proven optimum, or leave more roles empty, so such a plan is only feasible, its bound
 * still a bound (the optimum did not move). An edited plan drops `stats` (it was not computed
 * so) and, when `edited`, a re-plan's changes, which no longer describe it.
 */
function rebuild(cohort: ParsedCohort, sheet: SheetChoices, previous: PlanJson, changes: ReplanChange[] | null, edited: boolean): PlanToWrite {
  const { programme, trainees: cohortTrainees, rules } = cohort.cohort;
  const dates = periodDates(programme.start, programme.periods);
  const order = [...cohortTrainees.map((t) => t.id).filter((id) => sheet.has(id)), ...[...sheet.keys()].filter((id) => !cohort.index.traineeById.has(id))];
  const assignments = order.map((id) => {
    const s = sheet.get(id) as SheetTrainee;
    const placements = programme.periods.flatMap((period, i) => {
      const member = s.periods.get(period.id)?.member ?? null;
      return member === null ? [] : [{ period: period.id, member, from: dates[i]?.from ?? "", to: dates[i]?.to ?? "" }];
    });
    const trainee = cohort.index.traineeById.get(id);
    const away = programme.periods.filter((p) => p.at === "away").map((p) => s.periods.get(p.id)?.member ?? null);
    const cost = trainee === undefined ? {} : costOfChoice(cohort.index, trainee, { host: s.host, away, supervisor: s.supervisor, mentor: s.mentor });
    return { trainee: id, host: s.host, supervisor: s.supervisor, mentor: s.mentor, placements, cost };
  });

  const unassigned: PlanJson["unassigned"] = [];
  if (rules.allowUnassigned) {
    const empty = new Map<string, { trainee: string; role: PlanJson["unassigned"][number]["role"]; period?: string }>();
    for (const a of assignments) {
      const s = sheet.get(a.trainee) as SheetTrainee;
      if (a.host === null) empty.set(`${a.trainee}\u0000host\u0000`, { trainee: a.trainee, role: "host" });
      for (const p of programme.periods) {
        if (p.at === "away" && (s.periods.get(p.id)?.member ?? null) === null) empty.set(`${a.trainee}\u0000away\u0000${p.id}`, { trainee: a.trainee, role: "away", period: p.id });
      }
      for (const role of ["supervisor", "mentor"] as const) if (a[role] === null) empty.set(`${a.trainee}\u0000${role}\u0000`, { trainee: a.trainee, role });
    }
    for (const u of previous.unassigned) {
      const key = `${u.trainee}\u0000${u.role}\u0000${u.period ?? ""}`;
      if (empty.delete(key)) unassigned.push(u);
    }
    for (const u of empty.values()) unassigned.push({ ...u, reason: EMPTIED_BY_HAND });
  }

  // Summed as the core sums a plan's objective (each trainee's total, in order, then the
  // reciprocity term when weighted), for the same bytes.
  let objective = 0;
  for (const a of assignments) objective += assignmentCost(a.cost);
  const { weights, history } = cohort.cohort;
  const known = assignments.filter((a) => cohort.index.traineeById.has(a.trainee));
  const balance = balanceOf(cohort.index, known.map((a) => choiceOfAssignment(cohort.index, a)));
  if (weights.reciprocity !== 0) {
    let sum = 0;
    for (const row of balance) sum += Math.abs(row.balanceAfter);
    objective += weights.reciprocity * sum;
  }
  // What the core adds to every plan (result/extras.ts): the balance with a history or a
  // fairness weight, and the warnings about the history's unknown ids.
  const withBalance = (history?.length ?? 0) > 0 || weights.repeatExchange !== 0 || weights.repeatMentorHost !== 0 || weights.reciprocity !== 0;
  const warnings = historyWarnings(cohort.index);
  const hasPlan = assignments.length > 0;
  const wasSolved = previous.status === "optimal" || previous.status === "feasible";
  const bound = previous.bound !== null && previous.bound <= objective + 1e-6 * Math.max(1, Math.abs(objective)) ? previous.bound : 0;
  // A status that no longer holds: an objective above the optimum's is only feasible (the
  // optimum did not move, so its bound is still a bound; a bound above the plan, possible
  // only when the cohort sheets were edited too, gives way to 0, which always holds).
  // Under allowUnassigned the plan first fills as many roles as it can: one with a role more
  // left empty than the published plan is no longer optimal, whatever it costs.
  const fewerFilled = unassigned.length > previous.unassigned.length;
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  const same = wasSolved && previous.objective !== null && close(previous.objective, objective);
  const status = !hasPlan ? previous.status : fewerFilled ? "feasible" : same ? previous.status : close(bound, objective) ? "optimal" : "feasible";
  const plan: PlanJson = {
    format: previous.format,
    status,
    objective: hasPlan || wasSolved ? objective : previous.objective,
    bound: hasPlan ? bound : previous.bound,
    assignments,
    unassigned,
    diagnosis: hasPlan && !wasSolved ? [] : previous.diagnosis,
    ...(hasPlan && withBalance ? { balance } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(previous.stats !== undefined && !edited ? { stats: previous.stats } : {}),
  };
  return changes === null || edited ? plan : { ...plan, changes };
}

// ---------------------------------------------------------------------------------------
// Violations in the sheets
// ---------------------------------------------------------------------------------------

/** A verifier's violation located in the Plan sheet (the trainee's row, the role's column), else in the Summary. */
function locateViolation(v: PlanViolation, plan: PlanJson, sheet: SheetChoices, columns: ReadonlyMap<string, number>, table: Table | undefined): SheetIssue {
  const headerOf = (key: string): string | null => {
    const column = columns.get(key);
    return column === undefined ? null : cellText(table?.rows[0]?.cells[column] ?? null) || null;
  };
  const match = /^assignments\[(\d+)\](?:\.(host|supervisor|mentor|trainee|placements)(?:\[(\d+)\](?:\.(\w+))?)?)?/.exec(v.path);
  if (match !== null) {
    const assignment = plan.assignments[Number(match[1])];
    const s = assignment === undefined ? undefined : sheet.get(assignment.trainee);
    const field = match[2];
    const placement = match[3] === undefined ? undefined : assignment?.placements[Number(match[3])];
    const row = placement === undefined ? (s?.firstRow ?? null) : (s?.periods.get(placement.period)?.row ?? s?.firstRow ?? null);
    const column =
      field === "host" || field === "supervisor" || field === "mentor" || field === "trainee"
        ? headerOf(field)
        : placement !== undefined
          ? headerOf(match[4] === "period" ? "period" : "member")
          : null;
    return sheetIssue(v.code, PLAN_SHEET_NAMES.en.plan, row, column, v.message, v.path);
  }
  const sheetName = v.path.startsWith("unassigned") ? PLAN_SHEET_NAMES.en.unassigned : v.path === "assignments" ? PLAN_SHEET_NAMES.en.plan : PLAN_SHEET_NAMES.en.summary;
  return sheetIssue(v.code, sheetName, null, null, v.message, v.path);
}
