/**
 * Spreadsheets in and out, over @rotamatch/sheets:
 *
 * - `POST /v1/import`: a workbook (XLSX) or CSV files (`{ "files": { "trainees.csv": "..." } }`)
 *   -> 200 `{ cohort, issues: [] }`, or 422 with every problem by sheet, row and column
 *   (`sheetIssues`), the same as plain `issues`, and the cohort as far as it could be read.
 * - `POST /v1/export?format=xlsx|csv|ics`: `{ cohort, plan }` -> the file, after checking the
 *   cohort (422), the plan's shape with the core's parsePlan and the plan against the cohort
 *   with the core's independent verifier (422): the checks of the CLI's `export`, so both
 *   accept and refuse the same plans.
 *
 * The functions take what the routes in app.ts have read (bytes, parsed JSON, the query) and
 * answer a Response; nothing here touches Node.
 */
import { parseCohort, parsePlan, verifyPlan, type PlanViolation } from "@rotamatch/core/format";
import {
  PLAN_SHEETS,
  formatSheetIssue,
  readCohortCsv,
  readCohortWorkbook,
  writePlanCsv,
  writePlanIcs,
  writePlanWorkbook,
  type SheetImport,
  type SheetLimits,
} from "@rotamatch/sheets";
import { listIssues } from "./limits.js";
import { makeProblem, problemResponse, type ProblemIssue } from "./problem.js";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const EXPORT_FORMATS = ["xlsx", "csv", "ics"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The CSV files of a plan export, in workbook order. */
export const PLAN_CSV_FILES: readonly string[] = PLAN_SHEETS.map((s) => s.file);
/** The CSV file exported by default: the plan itself, one row per trainee and period. */
export const DEFAULT_CSV_FILE = PLAN_SHEETS.find((s) => s.name === "Plan")?.file ?? "plan.csv";

export type Language = "en" | "nb";

/** The language of an Accept-Language header: Norwegian for nb, nn or no before any English; else English. */
export function languageOf(acceptLanguage: string | undefined): Language {
  for (const part of (acceptLanguage ?? "").split(",")) {
    const primary = part.split(";")[0]?.trim().toLowerCase().split("-")[0] ?? "";
    if (primary === "nb" || primary === "nn" || primary === "no") return "nb";
    if (primary === "en") return "en";
  }
  return "en";
}

const json = (value: unknown, status = 200): Response =>
  new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json" } });

/** The 200 or 422 answer for what the sheets package read. */
function importAnswer(result: SheetImport, lang: Language): Response {
  if (result.ok) return json({ cohort: result.cohort, issues: [] });
  // At most MAX_LISTED_ISSUES listed (limits.ts): 100,000 junk rows must not make a 100 MB answer.
  const listed = listIssues(result.issues);
  const sheetIssues = listed.issues.map((issue) => ({ ...issue, text: formatSheetIssue(issue, lang) }));
  const count = listed.total;
  return problemResponse(
    makeProblem("invalid-spreadsheet", `The spreadsheet has ${count} ${count === 1 ? "problem" : "problems"}; see sheetIssues.${listed.note}`, {
      sheetIssues,
      issues: sheetIssues.map(({ code, path, text }) => ({ code, path, message: text })),
      cohort: result.cohort,
    }),
  );
}

/** `POST /v1/import` with an XLSX body. */
export async function importWorkbook(bytes: Uint8Array, lang: Language, limits: SheetLimits): Promise<Response> {
  return importAnswer(await readCohortWorkbook(bytes, limits), lang);
}

/** `POST /v1/import` with a JSON body `{ "files": { NAME: TEXT, ... } }`. */
export function importCsvFiles(body: unknown, lang: Language, limits: SheetLimits): Response {
  const files = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as { files?: unknown }).files : undefined;
  const valid =
    typeof files === "object" && files !== null && !Array.isArray(files) && Object.values(files).every((text) => typeof text === "string");
  if (!valid || Object.keys(body as object).some((key) => key !== "files")) {
    return problemResponse(
      makeProblem("invalid-request", 'The body must be { "files": { "trainees.csv": "...", ... } }: CSV texts by file name.'),
    );
  }
  return importAnswer(readCohortCsv(files as Record<string, string>, limits), lang);
}

interface ExportQuery {
  readonly format: ExportFormat;
  readonly delimiter: "," | ";";
  readonly bom: boolean;
  readonly file: string;
  readonly trainee: string | undefined;
}

/** Which query parameters each format takes (besides `format`). */
const PARAMETERS: Readonly<Record<ExportFormat, readonly string[]>> = { xlsx: [], csv: ["delimiter", "bom", "file"], ics: ["trainee"] };

/** The export's query, checked: every parameter known, and each value one it can take. */
function readExportQuery(query: Readonly<Record<string, string>>): ExportQuery | string {
  const format = query.format;
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) return `format must be one of ${EXPORT_FORMATS.join(", ")}.`;
  const allowed = PARAMETERS[format as ExportFormat];
  const unknown = Object.keys(query).find((key) => key !== "format" && !allowed.includes(key));
  if (unknown !== undefined) {
    return `${JSON.stringify(unknown.slice(0, 50))} is not a parameter of format=${format}` + (allowed.length > 0 ? ` (it takes ${allowed.join(", ")}).` : " (it takes none).");
  }
  const delimiter = query.delimiter ?? ",";
  if (delimiter !== "," && delimiter !== ";") return 'delimiter must be "," or ";".';
  const bom = query.bom ?? "true";
  if (bom !== "true" && bom !== "false") return "bom must be true or false.";
  const file = query.file ?? DEFAULT_CSV_FILE;
  if (!PLAN_CSV_FILES.includes(file)) return `file must be one of ${PLAN_CSV_FILES.join(", ")}.`;
  if (query.trainee !== undefined && query.trainee.trim() === "") return "trainee must be a trainee's id.";
  return { format: format as ExportFormat, delimiter, bom: bom === "true", file, trainee: query.trainee };
}

/** Paths of the body: the core's `members[1].id` within `cohort` is `cohort.members[1].id`. */
const within = (root: string, path: string) => (path === "" ? root : path.startsWith("[") ? `${root}${path}` : `${root}.${path}`);

/** A plan's violations as problem issues, their paths within the body's `plan`. */
const inPlan = (violations: readonly PlanViolation[]): ProblemIssue[] => violations.map((v) => ({ ...v, path: within("plan", v.path) }));

/** `POST /v1/export`: the plan of `{ cohort, plan }` as a file. */
export async function exportPlan(query: Readonly<Record<string, string>>, body: unknown): Promise<Response> {
  const options = readExportQuery(query);
  if (typeof options === "string") return problemResponse(makeProblem("invalid-request", options));
  const { cohort: cohortInput, plan: planInput } = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as { cohort?: unknown; plan?: unknown }) : {};

  // Each list of issues is cut to MAX_LISTED_ISSUES (limits.ts), the rest counted in the detail.
  const parsed = parseCohort(cohortInput);
  if (!parsed.ok) {
    const listed = listIssues(parsed.issues);
    const issues = listed.issues.map((i) => ({ ...i, path: within("cohort", i.path) }));
    const detail = `The cohort has ${listed.total} ${listed.total === 1 ? "issue" : "issues"}; see issues.${listed.note}`;
    return problemResponse(makeProblem("invalid-cohort", detail, { issues }));
  }
  const shaped = parsePlan(planInput);
  if (!shaped.ok) {
    const listed = listIssues(shaped.violations);
    return problemResponse(makeProblem("invalid-plan", `The plan is not a rotamatch.plan/v1 plan; see issues.${listed.note}`, { issues: inPlan(listed.issues) }));
  }
  const verified = verifyPlan(parsed.index, shaped.plan);
  if (!verified.ok) {
    const listed = listIssues(verified.violations);
    const detail = `The plan breaks the cohort's rules or does not belong to it; see issues.${listed.note}`;
    return problemResponse(makeProblem("invalid-plan", detail, { issues: inPlan(listed.issues) }));
  }
  const cohort = cohortInput as Parameters<typeof writePlanIcs>[0];
  const plan = shaped.plan;
  const base = fileBase(parsed.cohort.programme.name);
  switch (options.format) {
    case "xlsx":
      return download(new Uint8Array(await writePlanWorkbook(cohort, plan)), XLSX_TYPE, `${base}-plan.xlsx`);
    case "csv": {
      const text = writePlanCsv(cohort, plan, { delimiter: options.delimiter, bom: options.bom })[options.file] ?? "";
      return download(text, "text/csv; charset=utf-8", `${base}-${options.file}`);
    }
    case "ics": {
      const trainee = options.trainee;
      if (trainee !== undefined && !parsed.cohort.trainees.some((t) => t.id === trainee)) {
        return problemResponse(makeProblem("invalid-request", `trainee: no trainee of the cohort has the id ${JSON.stringify(trainee.slice(0, 200))}.`));
      }
      const text = writePlanIcs(cohort, plan, trainee === undefined ? {} : { trainee });
      return download(text, "text/calendar; charset=utf-8", trainee === undefined ? `${base}.ics` : `${base}-${fileBase(trainee)}.ics`);
    }
  }
}

function download(body: string | Uint8Array<ArrayBuffer>, contentType: string, fileName: string): Response {
  return new Response(body, {
    status: 200,
    headers: { "Content-Type": contentType, "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" },
  });
}

/** A safe ASCII file name part: "Tekniske Tjenester Romerike, 2013-2015" -> "tekniske-tjenester-romerike-2013-2015". */
export function fileBase(name: string): string {
  const folded = name
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return folded === "" ? "rotamatch" : folded;
}
