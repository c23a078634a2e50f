/**
 * Calls to the service, by relative URL (the page is served by the service itself, so this
 * also works behind a reverse proxy under a path prefix). Every call resolves to a result,
 * never throws: a failed request becomes a problem the page can show.
 */
import type { CohortInput, Issue, Job, Plan, Problem, SheetIssue } from "./types.js";

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

const JSON_HEADERS = { "Content-Type": "application/json" };
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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

/** Imports a workbook (XLSX). `lang` asks for the problems' messages in that language. */
export function importWorkbook(data: ArrayBuffer, lang: string): Promise<ImportResult> {
  return importRequest({ headers: { "Content-Type": XLSX_TYPE }, body: data }, lang);
}

/** Imports CSV files, by file name (`trainees.csv`, `members.csv`...). */
export function importCsv(files: Readonly<Record<string, string>>, lang: string): Promise<ImportResult> {
  return importRequest({ headers: JSON_HEADERS, body: JSON.stringify({ files }) }, lang);
}

export interface ExportRequest {
  readonly format: "xlsx" | "csv" | "ics";
  readonly delimiter?: "," | ";";
  readonly trainee?: string;
  readonly file?: string;
}

/** A file to save: its bytes and the name the service gave it. */
export interface Download {
  readonly blob: Blob;
  readonly fileName: string;
}

/** `POST /v1/export`: the plan as a spreadsheet, CSV file or calendar. */
export async function exportPlan(cohort: CohortInput, plan: Plan, options: ExportRequest): Promise<ApiResult<Download>> {
  const query = new URLSearchParams({ format: options.format });
  if (options.delimiter !== undefined) query.set("delimiter", options.delimiter);
  if (options.trainee !== undefined) query.set("trainee", options.trainee);
  if (options.file !== undefined) query.set("file", options.file);
  const answer = await request(`v1/export?${query}`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ cohort, plan }) });
  if (!answer.ok) return answer;
  const fileName = fileNameOf(answer.value.headers.get("content-disposition")) ?? `rotamatch.${options.format}`;
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
