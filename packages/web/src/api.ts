/**
 * Calls to the service, by relative URL (the page is served by the service itself, so this
 * also works behind a reverse proxy under a path prefix). Every call resolves to a result,
 * never throws: a failed request becomes a problem the page can show.
 */
import type { CohortInput, Explanation, Issue, Job, Pin, Plan, Problem, ReplanWarning, SheetIssue, ShownPlan, WhatIfAnswer } from "./types.js";

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

const JSON_HEADERS = { "Content-Type": "application/json" };
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet";

/** A problem for a request that got no answer at all (network down, service stopped, aborted). */
function unreachable(error: unknown): Problem {
  const aborted = error instanceof DOMException && error.name === "AbortError";
  return {
    type: aborted ? "about:aborted" : "about:unreachable",
    title: aborted ? "Cancelled" : "The service did not answer",
    status: 0,
    detail: error instanceof Error ? error.message : String(error),
  };
}

async function request(url: string, init: RequestInit): Promise<ApiResult<Response>> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    return { ok: false, problem: unreachable(error) };
  }
  if (res.ok) return { ok: true, value: res };
  let problem: Problem;
  try {
    problem = (await res.json()) as Problem;
  } catch {
    problem = { type: "about:blank", title: res.statusText, status: res.status, detail: `HTTP ${res.status}` };
  }
  return { ok: false, problem };
}

async function requestJson<T>(url: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  const answer = await request(url, init);
  if (!answer.ok) return answer;
  try {
    return { ok: true, value: (await answer.value.json()) as T };
  } catch (error) {
    return { ok: false, problem: unreachable(error) };
  }
}

/** `POST /v1/validate` with the cohort's JSON text as the user gave it (400 names the line and column of a syntax error). */
export function validateCohortText(text: string): Promise<ApiResult<{ valid: boolean; issues: Issue[] }>> {
  return requestJson("v1/validate", { method: "POST", headers: JSON_HEADERS, body: text });
}

export function solveCohort(cohort: CohortInput, signal?: AbortSignal): Promise<ApiResult<Plan>> {
  return requestJson("v1/solve", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(cohort), ...(signal ? { signal } : {}) });
}

export function startJob(cohort: CohortInput): Promise<ApiResult<Job>> {
  return requestJson("v1/jobs", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(cohort) });
}

export function getJob(id: string): Promise<ApiResult<Job>> {
  return requestJson(`v1/jobs/${encodeURIComponent(id)}`);
}

export function cancelJob(id: string): Promise<ApiResult<Job>> {
  return requestJson(`v1/jobs/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** What `POST /v1/import` answers: the cohort, or the problems by sheet, row and column. */
export type ImportResult =
  | { readonly ok: true; readonly cohort: CohortInput }
  | { readonly ok: false; readonly cohort: CohortInput | null; readonly sheetIssues: readonly SheetIssue[]; readonly problem: Problem };

async function importRequest(init: RequestInit, lang: string): Promise<ImportResult> {
  const answer = await requestJson<{ cohort: CohortInput }>("v1/import", {
    ...init,
    method: "POST",
    headers: { ...(init.headers as Record<string, string>), "Accept-Language": lang },
  });
  if (answer.ok) return { ok: true, cohort: answer.value.cohort };
  return { ok: false, cohort: answer.problem.cohort ?? null, sheetIssues: answer.problem.sheetIssues ?? [], problem: answer.problem };
}

/** Imports a workbook (XLSX, or LibreOffice's .ods by its name). `lang` asks for the problems' messages in that language. */
export function importWorkbook(data: ArrayBuffer, lang: string, fileName = ""): Promise<ImportResult> {
  return importRequest({ headers: { "Content-Type": /\.ods$/i.test(fileName) ? ODS_TYPE : XLSX_TYPE }, body: data }, lang);
}

/**
 * Imports CSV files, by file name (`trainees.csv`, `members.csv`...), as their bytes: the
 * service detects each file's encoding (Excel saves Windows-1252 or UTF-16 as well as UTF-8),
 * which `File.text()` would have garbled by reading every file as UTF-8.
 */
export function importCsv(files: Readonly<Record<string, ArrayBuffer>>, lang: string): Promise<ImportResult> {
  const encoded = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, toBase64(new Uint8Array(bytes))]));
  return importRequest({ headers: JSON_HEADERS, body: JSON.stringify({ files: encoded, encoding: "base64" }) }, lang);
}

/** Bytes as base64, in slices (String.fromCharCode takes only so many arguments). */
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export interface ExportRequest {
  /** pack: a ZIP with a folder per member (its workbook and calendar) and a calendar per supervisor and mentor. */
  readonly format: "xlsx" | "csv" | "ics" | "pack";
  readonly delimiter?: "," | ";";
  readonly trainee?: string;
  readonly file?: string;
  /** The file's language (sheet names, headers, calendar titles); the service's default is English. */
  readonly lang?: "en" | "nb";
}

/** A file to save: its bytes and the name the service gave it. */
export interface Download {
  readonly blob: Blob;
  readonly fileName: string;
}

/** `POST /v1/export`: the plan as a spreadsheet, CSV file, calendar or pack per member. */
export async function exportPlan(cohort: CohortInput, plan: Plan, options: ExportRequest): Promise<ApiResult<Download>> {
  const query = new URLSearchParams({ format: options.format });
  if (options.delimiter !== undefined) query.set("delimiter", options.delimiter);
  if (options.trainee !== undefined) query.set("trainee", options.trainee);
  if (options.file !== undefined) query.set("file", options.file);
  if (options.lang !== undefined) query.set("lang", options.lang);
  const answer = await request(`v1/export?${query}`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ cohort, plan }) });
  if (!answer.ok) return answer;
  const fileName = fileNameOf(answer.value.headers.get("content-disposition")) ?? `rotamatch.${options.format}`;
  return { ok: true, value: { blob: await answer.value.blob(), fileName } };
}

/**
 * `POST /v1/export/cohort`: the cohort itself as a workbook in the language, problems included.
 * The page offers it as the corrected workbook, and checks a cohort that came from a workbook
 * by reading this workbook back with `POST /v1/import`, so that its problems keep their sheet,
 * row and column.
 */
export async function exportCohortWorkbook(cohort: CohortInput, lang: "en" | "nb"): Promise<ApiResult<Download>> {
  const answer = await request(`v1/export/cohort?lang=${lang}`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(cohort) });
  if (!answer.ok) return answer;
  const fileName = fileNameOf(answer.value.headers.get("content-disposition")) ?? "cohort.xlsx";
  return { ok: true, value: { blob: await answer.value.blob(), fileName } };
}

/** The file name of a `Content-Disposition: attachment; filename="..."` header (RFC 6266, `filename*` first). */
export function fileNameOf(header: string | null): string | null {
  if (header === null) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1] !== undefined) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/i.exec(header);
  return plain?.[1] ?? plain?.[2] ?? null;
}

/** What `POST /v1/import/plan` answers: the published plan read from its workbook, or the problems by sheet, row and column. */
export type PlanImportResult =
  | { readonly ok: true; readonly plan: ShownPlan }
  | { readonly ok: false; readonly sheetIssues: readonly SheetIssue[]; readonly problem: Problem };

/**
 * Reads a plan workbook (the XLSX the downloads write) back into the plan: `POST /v1/import/plan`,
 * the plan's sibling of `POST /v1/import`. A service without the route answers 404, which the
 * page says in words.
 */
export async function importPlanWorkbook(data: ArrayBuffer, lang: string): Promise<PlanImportResult> {
  const answer = await requestJson<{ plan: ShownPlan }>("v1/import/plan", {
    method: "POST",
    headers: { "Content-Type": XLSX_TYPE, "Accept-Language": lang },
    body: data,
  });
  if (answer.ok) return { ok: true, plan: answer.value.plan };
  return { ok: false, sheetIssues: answer.problem.sheetIssues ?? [], problem: answer.problem };
}

/** A re-planned plan with the warnings the service sent beside it. */
export interface Replanned {
  readonly plan: ShownPlan;
  readonly warnings: readonly ReplanWarning[];
}

/**
 * `POST /v1/replan`: the cohort as it is now, the published plan, and the day from which the
 * plan may change. The warnings come in the `Rotamatch-Warnings` header (JSON in ASCII); a
 * header that does not read as that list is left out rather than failing the re-plan.
 */
export async function replan(cohort: CohortInput, plan: ShownPlan, asOf: string): Promise<ApiResult<Replanned>> {
  const body = JSON.stringify({ format: "rotamatch.replan/v1", asOf, cohort, plan });
  const answer = await request("v1/replan", { method: "POST", headers: JSON_HEADERS, body });
  if (!answer.ok) return answer;
  try {
    const plan = (await answer.value.json()) as ShownPlan;
    return { ok: true, value: { plan, warnings: warningsOf(answer.value.headers.get("rotamatch-warnings")) } };
  } catch (error) {
    return { ok: false, problem: unreachable(error) };
  }
}

/** The `Rotamatch-Warnings` header as a list; an absent or unreadable header is none. */
export function warningsOf(header: string | null): ReplanWarning[] {
  if (header === null || header.trim() === "") return [];
  try {
    const value: unknown = JSON.parse(header);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (w): w is ReplanWarning => typeof w === "object" && w !== null && typeof w.code === "string" && typeof w.path === "string" && typeof w.message === "string",
    );
  } catch {
    return [];
  }
}

/**
 * The plan as the what-if and explanation routes take it: the plan format alone. A re-planned
 * plan's `changes` describe how it came about, not the plan, and the plan format is strict.
 */
export function planOnly(plan: ShownPlan): Plan {
  const { changes: _changes, ...rest } = plan;
  return rest;
}

/** `POST /v1/whatif`: the least cost with these pins, its delta against the plan, and who else moves. */
export function whatIf(cohort: CohortInput, plan: ShownPlan, pins: readonly Pin[]): Promise<ApiResult<WhatIfAnswer>> {
  return requestJson("v1/whatif", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ cohort, plan: planOnly(plan), pins }) });
}

/** `POST /v1/explain` for one trainee, in the page's language. */
export function explain(cohort: CohortInput, plan: ShownPlan, trainee: string, lang: "nb" | "en"): Promise<ApiResult<Explanation>> {
  return requestJson("v1/explain", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ cohort, plan: planOnly(plan), trainee, lang }) });
}
