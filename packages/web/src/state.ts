/**
 * What the page knows (`State`), what a user can do (`Actions`, implemented in app.ts), and
 * what every view is given (`ViewContext`). Views read the state and call actions; only
 * app.ts changes the state.
 */
import type { Lang, Messages } from "./i18n.js";
import type { CohortInput, DiagnosisItem, JobProgress, Plan, ShownIssue } from "./types.js";

export type PlanView = "trainee" | "member" | "mentor" | "timeline";
export const PLAN_VIEWS: readonly PlanView[] = ["trainee", "member", "mentor", "timeline"];

/** Cohorts with more trainees than this go to `/v1/jobs` (the service's default `--max-trainees`). */
export const SYNC_TRAINEE_LIMIT = 200;

export type SolveState =
  | { readonly phase: "idle" }
  | {
      readonly phase: "running";
      readonly mode: "sync" | "job";
      readonly queued: boolean;
      readonly progress: JobProgress | null;
    }
  | { readonly phase: "stopped"; readonly kept: boolean }
  | { readonly phase: "failed"; readonly detail: string };

/** A line of feedback under a section: information, or an error to act on. */
export interface Notice {
  readonly kind: "info" | "error";
  readonly text: string;
}

export interface State {
  lang: Lang;
  /** The working copy of the cohort: fixes, pins and forbids change it in place. */
  cohort: CohortInput | null;
  /** The file or example it came from, for messages. */
  sourceName: string | null;
  issues: readonly ShownIssue[];
  /** The cohort was checked by the service and has no issues. */
  valid: boolean;
  loadNotice: Notice | null;
  solve: SolveState;
  plan: Plan | null;
  planView: PlanView;
  changeNotice: Notice | null;
  downloadNotice: Notice | null;
}

/** A pin or forbid the page can add. */
export type ChangeKind = "pin-placement" | "pin-mentor" | "pin-supervisor" | "forbid-member" | "forbid-mentor" | "forbid-supervisor";
export const CHANGE_KINDS: readonly ChangeKind[] = ["pin-placement", "pin-mentor", "pin-supervisor", "forbid-member", "forbid-mentor", "forbid-supervisor"];

export interface ChangeRequest {
  readonly kind: ChangeKind;
  readonly trainee: string;
  readonly period: string;
  readonly member: string;
  readonly mentor: string;
  readonly supervisor: string;
}

export interface Actions {
  setLanguage(lang: Lang): void;
  loadExample(): Promise<void>;
  loadFiles(files: readonly File[]): Promise<void>;
  /** Sets a field of the working cohort (from the fix table); no re-render. */
  editField(path: string, value: unknown): void;
  recheck(): Promise<void>;
  solve(): Promise<void>;
  cancel(): Promise<void>;
  showView(view: PlanView): void;
  addChange(change: ChangeRequest): Promise<void>;
  removeChange(list: "pins" | "forbid", index: number): Promise<void>;
  applySuggestion(item: DiagnosisItem): Promise<void>;
  download(format: "xlsx" | "csv" | "ics"): Promise<void>;
  downloadCohort(): void;
}

export interface ViewContext {
  readonly state: State;
  readonly t: Messages;
  readonly lang: Lang;
  readonly actions: Actions;
}
