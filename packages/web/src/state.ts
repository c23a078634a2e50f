/**
 * What the page knows (`State`), what a user can do (`Actions`, implemented in app.ts), and
 * what every view is given (`ViewContext`). Views read the state and call actions; only
 * app.ts changes the state.
 */
import type { FileRows } from "./fixes.js";
import type { Lang, Messages } from "./i18n.js";
import type { FairnessWeight } from "./history.js";
import type { CohortInput, DiagnosisItem, HistoryAssignment, Issue, JobProgress, Pin, ReplanWarning, SheetIssue, ShownIssue, ShownPlan, TraineeExplanation, WhatIfAnswer } from "./types.js";

export type PlanView = "trainee" | "member" | "mentor" | "timeline" | "map" | "fairness";
/** The views of a plan; "fairness" only for a plan with a balance by member (a history, or a fairness weight). */
export const PLAN_VIEWS: readonly PlanView[] = ["trainee", "member", "mentor", "timeline", "map", "fairness"];

/** The timeline picture's rows: one per trainee, or one per member with a lane per trainee at a time. */
export type TimelinePictureRows = "trainee" | "member";

/** What the pictures (views/timeline.ts, map.ts) keep across renders: the timeline's rows and filter. */
export interface PicturesState {
  rows: TimelinePictureRows;
  /** What the user typed in the timeline's filter (a name, a member, a specialization). */
  filter: string;
}

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

/** A change made on the page, to carry into the workbook: one per field (its path) or suggested change. */
export interface Correction {
  readonly key: string;
  /** The value the field had when the file was loaded, as shown. */
  readonly from: string;
  readonly text: string;
}

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
  /**
   * The cohort came from a workbook or CSV files: "Check again" writes it back as a workbook and
   * reads that, so its problems keep their sheet, row and column, in the page's language.
   */
  fromSheets: boolean;
  /** Which row of the file each entry with a problem in the first round is on, so later checks keep the file's rows. */
  fileRows: FileRows;
  /** Paths of the fields corrected on the page since the file was loaded: their fields stay shown. */
  fixed: string[];
  /** What was changed on the page since the file was loaded, in words: to carry into the workbook. */
  corrections: Correction[];
  loadNotice: Notice | null;
  solve: SolveState;
  /** The plan shown and downloaded: solved here, the published one, a re-plan, or a kept what-if. */
  plan: ShownPlan | null;
  planView: PlanView;
  pictures: PicturesState;
  changeNotice: Notice | null;
  downloadNotice: Notice | null;
  /** Section 6: the published plan, what changed since, and the re-plan. */
  replan: ReplanState;
  /** The "Why?" of one trainee, and the option being tried, if any. */
  why: WhyState | null;
  /** Earlier cohorts being added to the cohort's history (the entries themselves are in `cohort.history`). */
  history: HistoryState;
}

/** An earlier plan read from a file, waiting for its name before it joins the history. */
export interface PendingHistory {
  readonly file: string;
  /** The name offered: the file's own, or made from the file name ("Romerike 2011"). */
  readonly name: string;
  readonly assignments: readonly HistoryAssignment[];
}

export interface HistoryState {
  pending: PendingHistory | null;
  notice: Notice | null;
  /** Problems of a plan workbook, by sheet, row and column. */
  sheetIssues: readonly SheetIssue[];
}

/** The plan everyone has, and the cohort it was made for (a copy, kept as it was: its names name those who leave). */
export interface Published {
  readonly plan: ShownPlan;
  readonly cohort: CohortInput;
  /** The file it came from, or "the plan made on this page". */
  readonly name: string;
}

export interface ReplanState {
  published: Published | null;
  /** What was changed in the cohort since the plan was published, in words, in order. */
  edits: string[];
  /** The day the re-plan starts from; null until the user picks one (then today, clamped into the programme). */
  asOf: string | null;
  /** Which member or person the edit form shows: `members:3`, `people:0`, or "". */
  editEntry: string;
  running: boolean;
  notice: Notice | null;
  /** Problems of the plan workbook, by sheet, row and column. */
  sheetIssues: readonly SheetIssue[];
  /** Problems of the last re-plan request (paths `cohort.…`, `plan.…`, `asOf`). */
  issues: readonly Issue[];
  warnings: readonly ReplanWarning[];
}

/** The what-if of one option of an explanation. */
export type TriedOption =
  | { readonly phase: "running"; readonly option: number }
  | { readonly phase: "done"; readonly option: number; readonly pins: readonly Pin[]; readonly answer: WhatIfAnswer }
  | { readonly phase: "failed"; readonly option: number; readonly detail: string; readonly issues: readonly Issue[] };

export type WhyState =
  | { readonly phase: "running"; readonly trainee: string }
  | { readonly phase: "done"; readonly trainee: string; readonly lang: Lang; readonly explanation: TraineeExplanation; readonly tried: TriedOption | null }
  | { readonly phase: "failed"; readonly trainee: string; readonly detail: string; readonly issues: readonly Issue[] };

/** A trainee who joins late, as the form gives it. */
export interface NewTrainee {
  readonly name: string;
  readonly specialization: string;
  /** A member id, or "" to let the plan choose. */
  readonly host: string;
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
  /** Puts the value a problem suggests ("did you mean") at its path, and checks again. */
  useSuggestion(path: string, value: string): Promise<void>;
  /** Downloads the cohort, with the changes made on the page, as a workbook in the page's language. */
  downloadCorrected(): Promise<void>;
  recheck(): Promise<void>;
  solve(): Promise<void>;
  cancel(): Promise<void>;
  showView(view: PlanView): void;
  /** The timeline by trainee or by member. */
  showTimelineRows(rows: TimelinePictureRows): void;
  /** Keeps the timeline's filter text; no re-render (the view hides rows itself). */
  setTimelineFilter(text: string): void;
  addChange(change: ChangeRequest): Promise<void>;
  removeChange(list: "pins" | "forbid", index: number): Promise<void>;
  applySuggestion(item: DiagnosisItem): Promise<void>;
  download(format: "xlsx" | "csv" | "ics" | "pack"): Promise<void>;
  downloadCohort(): void;
  /** Section 6: reads the published plan from a workbook or a JSON file. */
  loadPlanFiles(files: readonly File[]): Promise<void>;
  /** Makes the plan shown the published plan (and the cohort as it is the one it was made for). */
  usePlanAsPublished(): void;
  markLeft(trainee: string): void;
  removePerson(person: string): void;
  removeMember(member: string): void;
  /** Shows one member's or person's fields to change (`members:3`), or none (""). */
  chooseEditEntry(entry: string): void;
  /** Sets a field of the cohort as it is now, keeping the plan shown; no re-render. */
  editNow(path: string, value: unknown): void;
  addTrainee(trainee: NewTrainee): void;
  /** Keeps the date the re-plan starts from; no re-render. */
  setAsOf(date: string): void;
  replan(): Promise<void>;
  explain(trainee: string): Promise<void>;
  tryOption(option: number): Promise<void>;
  keepTried(): void;
  closeWhy(): void;
  /** Reads an earlier cohort's plan (workbook or JSON) and asks for its name. */
  loadHistoryFiles(files: readonly File[]): Promise<void>;
  /** Adds the plan read to the cohort's history under this name. */
  addHistory(name: string): void;
  cancelHistory(): void;
  removeHistory(index: number): void;
  /** Sets a fairness weight (0 or more); the plan shown no longer fits the cohort, so it goes. */
  setWeight(weight: FairnessWeight, value: number): void;
}

export interface ViewContext {
  readonly state: State;
  readonly t: Messages;
  readonly lang: Lang;
  readonly actions: Actions;
}
