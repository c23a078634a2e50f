/**
 * Spreadsheets in and out, over @rotamatch/sheets:
 *
 * - `POST /v1/import`: a workbook (XLSX or OpenDocument) or CSV files (`{ "files": { "trainees.csv": "..." } }`,
 *   or their bytes in base64 with `"encoding": "base64"`)
 *   -> 200 `{ cohort, issues: [] }`, or 422 with every problem by sheet, row and column
 *   (`sheetIssues`), the same as plain `issues`, and the cohort as far as it could be read.
 * - `POST /v1/import/plan`: a published plan's workbook -> 200 `{ plan, issues: [], warnings }`,
 *   or 422 as `/v1/import`, with `plan: null` (readPlanWorkbook: docs/sheets.md).
 * - `POST /v1/export?format=xlsx|csv|ics|pack`: `{ cohort, plan }` -> the file (pack: a ZIP with a
 *   folder per member and a calendar per supervisor and mentor), after checking the
 *   cohort (422), the plan's shape with the core's parsePlan and the plan against the cohort
 *   with the core's independent verifier (422): the checks of the CLI's `export`, so both
 *   accept and refuse the same plans.
 *
 * The functions take what the routes in app.ts have read (bytes, parsed JSON, the query) and
 * answer a Response; nothing here touches Node.
 */
import { formatPath, parseCohort, parsePlan, replanPlanSchema, verifyPlan, type PlanViolation } from "@rotamatch/core/format";
import {
  PLAN_SHEETS,
  formatSheetIssue,
  readCohortCsv,
  readCohortCsvBytes,
  readCohortWorkbook,
  readPlanWorkbook,
  writeCohortWorkbook,
  writePlanCsv,
  writePlanIcs,
  writePlanPack,
  writePlanWorkbook,
  type SheetImport,
  type SheetIssue,
  type SheetLimits,
} from "@rotamatch/sheets";
import { listIssues } from "./limits.js";
import { makeProblem, problemResponse, type ProblemIssue } from "./problem.js";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** An OpenDocument spreadsheet (.ods), LibreOffice's own format; imported as a workbook is. */
export const ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet";

/** Whether a media type is a workbook `POST /v1/import` reads (XLSX or .ods). */
export function isWorkbookType(type: string | undefined): boolean {
  return type === XLSX_TYPE || type === ODS_TYPE;
}
/** A ZIP archive: the pack per member (`format=pack`). */
export const ZIP_TYPE = "application/zip";
export const EXPORT_FORMATS = ["xlsx", "csv", "ics", "pack"] as const;
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

/** `POST /v1/import` with a workbook body: XLSX or .ods. */
export async function importWorkbook(bytes: Uint8Array, lang: Language, limits: SheetLimits): Promise<Response> {
  return importAnswer(await readCohortWorkbook(bytes, limits), lang);
}

/**
 * `POST /v1/import/plan` with a plan workbook's bytes (writePlanWorkbook's, as `/v1/export`
 * gives it): 200 `{ plan, issues: [], warnings }`, the plan checked against the workbook's own
 * cohort; or 422 as `/v1/import` answers, with `plan: null` in place of the cohort. Warnings
 * (the plan was rebuilt from an edited Plan sheet, or a workbook without the hidden copy) come
 * with their `text` in the request's language, as the sheet issues do.
 */
export async function importPlanWorkbook(bytes: Uint8Array, lang: Language, limits: SheetLimits): Promise<Response> {
  const result = await readPlanWorkbook(bytes, limits);
  const withText = (issue: SheetIssue) => ({ ...issue, text: formatSheetIssue(issue, lang) });
  const warnings = result.warnings.map(withText);
  if (result.ok) return json({ plan: result.plan, issues: [], warnings });
  const listed = listIssues(result.issues);
  const sheetIssues = listed.issues.map(withText);
  const count = listed.total;
  const problem = makeProblem("invalid-spreadsheet", `The plan workbook has ${count} ${count === 1 ? "problem" : "problems"}; see sheetIssues.${listed.note}`, {
    sheetIssues,
    issues: sheetIssues.map(({ code, path, text }) => ({ code, path, message: text })),
  });
  return problemResponse({ ...problem, plan: null, warnings } as typeof problem);
}

/**
 * `POST /v1/import` with a JSON body `{ "files": { NAME: TEXT, ... } }`, or with
 * `"encoding": "base64"` beside `files`, each file's bytes in base64: the sheets package then
 * detects each file's encoding (UTF-8, Windows-1252, UTF-16) itself, which is how a browser
 * should send files, since it cannot know their encoding either.
 */
export function importCsvFiles(body: unknown, lang: Language, limits: SheetLimits): Response {
  const fields = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as { files?: unknown; encoding?: unknown }) : {};
  const { files, encoding } = fields;
  const valid =
    typeof files === "object" && files !== null && !Array.isArray(files) && Object.values(files).every((text) => typeof text === "string");
  if (!valid || Object.keys(fields).some((key) => key !== "files" && key !== "encoding") || (encoding !== undefined && encoding !== "base64")) {
    return problemResponse(
      makeProblem(
        "invalid-request",
        'The body must be { "files": { "trainees.csv": "...", ... } }: CSV texts by file name, or their bytes in base64 with "encoding": "base64".',
      ),
    );
  }
  const texts = files as Record<string, string>;
  if (encoding === undefined) return importAnswer(readCohortCsv(texts, limits), lang);
  const bytes: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(texts)) {
    const decoded = fromBase64(text);
    if (decoded === null) return problemResponse(makeProblem("invalid-request", `files: ${JSON.stringify(name.slice(0, 200))} is not base64.`));
    bytes[name] = decoded;
  }
  return importAnswer(readCohortCsvBytes(bytes, limits), lang);
}

/** Standard base64 (RFC 4648, padding optional, no line breaks) to bytes; null when it is not. */
function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

interface ExportQuery {
  readonly format: ExportFormat;
  readonly delimiter: "," | ";";
  readonly bom: boolean;
  readonly file: string;
  readonly trainee: string | undefined;
  /** The file's language; `en` unless the query says `lang=nb` (not Accept-Language: see docs/service.md). */
  readonly lang: Language;
}

/** Which query parameters each format takes (besides `format`). */
const PARAMETERS: Readonly<Record<ExportFormat, readonly string[]>> = { xlsx: ["lang"], csv: ["delimiter", "bom", "file", "lang"], ics: ["trainee", "lang"], pack: ["lang"] };

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
  const lang = query.lang ?? "en";
  if (lang !== "en" && lang !== "nb") return 'lang must be "en" or "nb".';
  return { format: format as ExportFormat, delimiter, bom: bom === "true", file, trainee: query.trainee, lang };
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
  // A re-planned plan is the plan format plus `changes` (docs/replanning.md): checked here, and
  // given to the writers with the plan, for the Changes sheet and the calendar's SEQUENCE.
  let changes: unknown;
  let plainInput: unknown = planInput;
  if (typeof planInput === "object" && planInput !== null && !Array.isArray(planInput) && Object.hasOwn(planInput, "changes")) {
    ({ changes, ...plainInput } = planInput as { changes: unknown });
  }
  const readChanges = changes === undefined ? null : replanPlanSchema.shape.changes.safeParse(changes);
  if (readChanges !== null && !readChanges.success) {
    const first = readChanges.error.issues[0];
    const path = formatPath(["plan", "changes", ...(first?.path ?? []).map((key) => (typeof key === "number" ? key : String(key)))]);
    const issues = [{ code: "invalid_plan", path, message: `The plan's changes are not in the format of a re-plan: ${first?.message ?? "unreadable"}.` }];
    return problemResponse(makeProblem("invalid-plan", "The plan is not a rotamatch.plan/v1 plan; see issues.", { issues }));
  }
  const shaped = parsePlan(plainInput);
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
  const plan = readChanges === null ? shaped.plan : { ...shaped.plan, changes: readChanges.data };
  const base = fileBase(parsed.cohort.programme.name);
  switch (options.format) {
    case "xlsx":
      return download(new Uint8Array(await writePlanWorkbook(cohort, plan, { lang: options.lang })), XLSX_TYPE, `${base}-plan.xlsx`);
    case "csv": {
      const text = writePlanCsv(cohort, plan, { delimiter: options.delimiter, bom: options.bom, lang: options.lang })[options.file] ?? "";
      return download(text, "text/csv; charset=utf-8", `${base}-${options.file}`);
    }
    case "ics": {
      const trainee = options.trainee;
      if (trainee !== undefined && !parsed.cohort.trainees.some((t) => t.id === trainee)) {
        return problemResponse(makeProblem("invalid-request", `trainee: no trainee of the cohort has the id ${JSON.stringify(trainee.slice(0, 200))}.`));
      }
      const text = writePlanIcs(cohort, plan, trainee === undefined ? { lang: options.lang } : { trainee, lang: options.lang });
      return download(text, "text/calendar; charset=utf-8", trainee === undefined ? `${base}.ics` : `${base}-${fileBase(trainee)}.ics`);
    }
    case "pack":
      return download(new Uint8Array(await writePlanPack(cohort, plan, { lang: options.lang })), ZIP_TYPE, `${base}-pack.zip`);
  }
}

/**
 * `POST /v1/export/cohort?lang=`: the cohort itself as a workbook, in the language asked (the
 * query's, as for `/v1/export`), for a working group that corrected its cohort on the page and
 * must carry the corrections into its own workbook. The cohort is written as it is, problems
 * included: a workbook with problems reads back through `/v1/import` with each problem at its
 * sheet, row and column, which is how the page checks a cohort that came from a workbook
 * again. Only a body that is no cohort at all (no programme, members or trainees to write) is
 * refused, with the core's issues.
 */
export async function exportCohort(query: Readonly<Record<string, string>>, body: unknown): Promise<Response> {
  const unknown = Object.keys(query).find((key) => key !== "lang");
  if (unknown !== undefined) return problemResponse(makeProblem("invalid-request", `${JSON.stringify(unknown.slice(0, 50))} is not a parameter (it takes lang).`));
  const lang = query.lang ?? "en";
  if (lang !== "en" && lang !== "nb") return problemResponse(makeProblem("invalid-request", 'lang must be "en" or "nb".'));
  const record = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const outline =
    record !== null && typeof record.programme === "object" && record.programme !== null && Array.isArray(record.members) && Array.isArray(record.trainees);
  if (!outline) {
    const parsed = parseCohort(body);
    const listed = listIssues(parsed.ok ? [] : parsed.issues);
    return problemResponse(makeProblem("invalid-cohort", `The body is not a cohort to write; see issues.${listed.note}`, { issues: listed.issues }));
  }
  const name = typeof (record.programme as { name?: unknown }).name === "string" ? ((record.programme as { name: string }).name) : "cohort";
  const bytes = await writeCohortWorkbook(record as Parameters<typeof writeCohortWorkbook>[0], { lang });
  return download(new Uint8Array(bytes), XLSX_TYPE, `${fileBase(name) || "cohort"}.xlsx`);
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
