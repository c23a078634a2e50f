/**
 * The light work of the routes, the work that grows with the input but is not a solve:
 * validating a cohort, importing a workbook or CSV files, exporting a plan or a cohort, and checking a
 * job's body before it is queued. In production it runs in the work pool's worker threads
 * (work-pool.ts, through worker.ts), so that a big body never holds up the event loop and
 * `/health`; tests and callers without a pool run it in process with `runWork`, with the same
 * answers byte for byte.
 *
 * A JSON body travels as its bytes (`JsonBody`, moved to the worker, not copied): the worker
 * decodes and parses them and checks the caps (limits.ts `readBody`) before the work, so that
 * neither the parse nor the walk runs on the event loop. Everything a task holds and answers survives structured clone: a route's answer
 * travels as a `WorkAnswer` (status, headers, body bytes), turned back into a Response on the
 * loop by `answerResponse`. Nothing here touches Node.
 */
import { createHash } from "node:crypto";
import { validateCohort, type Issue } from "@rotamatch/core";
import type { SheetLimits } from "@rotamatch/sheets";
import { isReplanRequest } from "./job-operation.js";
import { checkBody, listIssues, parseBody, readBody, type BodyCheck, type JsonBody, type ListedIssues, type RefusedBody } from "./limits.js";
import { problemResponse, type Problem } from "./problem.js";
import { exportCohort, exportPlan, importCsvFiles, importPlanWorkbook, importWorkbook, type Language } from "./sheets.js";

/**
 * `POST /v1/validate`: the cohort's input issues, cut to the first MAX_LISTED_ISSUES in the
 * worker: cloning every issue of a big invalid cohort back would take the event loop longer
 * than the validation itself.
 */
export interface ValidateTask {
  readonly kind: "validate";
  readonly body: JsonBody;
}

/**
 * `POST /v1/jobs`: the body parsed and checked before the job is queued, so that a body that
 * is no JSON or over a cap is answered at once (the job's own worker parses it again, from a
 * copy of the bytes).
 */
export interface CheckTask {
  readonly kind: "check";
  readonly body: JsonBody;
  /**
   * Set when the request named no operation: a body that is a `rotamatch.replan/v1` document
   * is then checked with this check (a re-plan job) instead of the body's own (a solve).
   */
  readonly replanCheck?: BodyCheck;
}

/** `POST /v1/import` with CSV files as JSON (`{ "files": {...} }`). */
export interface ImportCsvTask {
  readonly kind: "import-csv";
  readonly body: JsonBody;
  readonly lang: Language;
  readonly limits: SheetLimits;
}

/** `POST /v1/import` with a workbook's bytes; `POST /v1/import/plan` (`read: "plan"`) with a plan workbook's. */
export interface ImportWorkbookTask {
  readonly kind: "import-xlsx";
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly lang: Language;
  readonly limits: SheetLimits;
  /** What the workbook holds: a cohort (the default) or a published plan. */
  readonly read?: "cohort" | "plan";
}

/** `POST /v1/export`: `{ cohort, plan }` and the query. */
export interface ExportTask {
  readonly kind: "export";
  readonly query: Readonly<Record<string, string>>;
  readonly body: JsonBody;
}

/** `POST /v1/export/cohort`: a cohort (maybe still with problems) and the query (`lang`). */
export interface ExportCohortTask {
  readonly kind: "export-cohort";
  readonly query: Readonly<Record<string, string>>;
  readonly body: JsonBody;
}

export type WorkTask = ValidateTask | CheckTask | ImportCsvTask | ImportWorkbookTask | ExportTask | ExportCohortTask;

/** A route's whole answer in a form structured clone can carry. */
export interface WorkAnswer {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: ArrayBuffer;
}

/**
 * What each kind of task answers: the (first) issues for a validation or the refused body;
 * for a check, the problem of a refused body or the body's hash; else the route's answer (a refused body
 * as its problem response).
 */
export type WorkResult<T extends WorkTask> = T extends ValidateTask
  ? ListedIssues<Issue> | RefusedBody
  : T extends CheckTask
    ? CheckAnswer
    : WorkAnswer;

/**
 * A job's body checked: its problem, or null, the hex SHA-256 of its bytes (the job's input
 * hash) and the check it passed (the task's `replanCheck` for a re-plan document, else its own).
 */
export type CheckAnswer = { readonly problem: Problem } | { readonly problem: null; readonly inputHash: string; readonly check: BodyCheck };

/** Runs light work somewhere (a worker thread, or in process); rejects as the pool does (PoolFullError, worker errors). */
export type WorkRunner = <T extends WorkTask>(task: T) => Promise<WorkResult<T>>;

/** Does one task here and now: the body of a work-pool worker, and the in-process runner. */
export async function runWork<T extends WorkTask>(task: T): Promise<WorkResult<T>> {
  return (await doWork(task)) as WorkResult<T>;
}

async function doWork(task: WorkTask): Promise<ListedIssues<Issue> | RefusedBody | CheckAnswer | WorkAnswer> {
  if (task.kind === "import-xlsx") {
    const read = task.read === "plan" ? importPlanWorkbook : importWorkbook;
    return toAnswer(await read(task.bytes, task.lang, task.limits));
  }
  if (task.kind === "check") return checkJobBody(task);
  const body = readBody(task.body);
  if (!body.ok) return task.kind === "validate" ? { refused: body.problem } : toAnswer(problemResponse(body.problem));
  switch (task.kind) {
    case "validate":
      return listIssues(validateCohort(body.value));
    case "import-csv":
      return toAnswer(importCsvFiles(body.value, task.lang, task.limits));
    case "export":
      return toAnswer(await exportPlan(task.query, body.value));
    case "export-cohort":
      return toAnswer(await exportCohort(task.query, body.value));
  }
}

/** A job's body parsed, its check chosen (a re-plan document's, when asked to tell), and checked. */
function checkJobBody(task: CheckTask): CheckAnswer {
  const parsed = parseBody(task.body.bytes);
  if (!parsed.ok) return { problem: parsed.problem };
  const check = task.replanCheck !== undefined && isReplanRequest(parsed.value) ? task.replanCheck : task.body.check;
  const problem = checkBody(parsed.value, check);
  if (problem !== null) return { problem };
  return { problem: null, inputHash: createHash("sha256").update(new Uint8Array(task.body.bytes)).digest("hex"), check };
}

async function toAnswer(response: Response): Promise<WorkAnswer> {
  return { status: response.status, headers: [...response.headers.entries()], body: await response.arrayBuffer() };
}

/** The Response for an answer a worker sent back. */
export function answerResponse(answer: WorkAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers.map(([name, value]) => [name, value]) });
}
