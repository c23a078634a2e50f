/**
 * What the verifier's rule families share: the report, the wording helpers, and the state of
 * one check of a plan (the whole plan's run, and one trainee's assignment within it).
 *
 * The verifier reads the cohort on its own (pins and forbids included, in pins.ts): it must
 * not share code with the model, the candidates or the solvers it checks.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { PathSegment } from "../../domain/issues.js";
import type { Assignment, Trainee } from "../../domain/schema.js";
import type { ViolationCode } from "./codes.js";

export type Report = (code: ViolationCode, path: readonly PathSegment[], message: string) => void;

export { plural, quote } from "../../util/words.js";

/** Tolerance for comparing reported numbers with recomputed ones: 1e-6 relative, at least 1e-6. */
export function numericTolerance(value: number): number {
  return Math.max(1e-6, 1e-6 * Math.abs(value));
}

export function sameNumber(reported: number, expected: number): boolean {
  return Number.isFinite(reported) && Math.abs(reported - expected) <= numericTolerance(expected);
}

/** Separates the parts of composite map keys (ids cannot hold it in any sensible input). */
export const SEP = "\u0000";

/** One trainee's use of a capacity: who, and the position of its assignment. */
export interface Use {
  readonly trainee: string;
  readonly at: number;
}

/** What the plan uses, counted over every assignment before the capacities are checked. */
export interface Usage {
  readonly hosts: Map<string, Use[]>;
  /** Keyed `${period}\u0000${member}`. */
  readonly away: Map<string, Use[]>;
  readonly people: Map<string, { use: Use; field: "supervisor" | "mentor" }[]>;
  /** `${at}\u0000${period}` -> the position of the placement in its assignment. */
  readonly placementOf: Map<string, number>;
}

/** The verifier's own reading of a trainee's pins: where each one is, and what it fixes. */
export interface PinsOfTrainee {
  /** Period id -> the pin's position in `pins` and the member it names. */
  readonly periods: Map<string, { readonly at: number; readonly member: string }>;
  mentor: { readonly at: number; readonly person: string } | null;
  supervisor: { readonly at: number; readonly person: string } | null;
}

/** The verifier's own reading of a trainee's forbids: id -> the forbid's position in `forbid`. */
export interface ForbidsOfTrainee {
  readonly members: Map<string, number>;
  readonly mentors: Map<string, number>;
  readonly supervisors: Map<string, number>;
}

/** One check of a whole plan against one cohort. */
export interface PlanCheck {
  readonly index: CohortIndex;
  readonly report: Report;
  readonly pins: ReadonlyMap<string, PinsOfTrainee>;
  readonly forbids: ReadonlyMap<string, ForbidsOfTrainee>;
  readonly usage: Usage;
  /** Roles left empty by the plan, keyed by `unfilledKey`, with where to point. */
  readonly unfilled: Map<string, readonly PathSegment[]>;
  /** Position of each period in the programme. */
  readonly periodOrder: ReadonlyMap<string, number>;
}

/** One trainee's assignment under check; the placement fields fill in as they are read. */
export interface TraineeCheck {
  readonly run: PlanCheck;
  readonly trainee: Trainee;
  readonly assignment: Assignment;
  /** Position of the assignment in `assignments`. */
  readonly at: number;
  /** Path of the assignment: `assignments[at]`. */
  readonly base: readonly PathSegment[];
  /** The trainee's id, quoted for messages. */
  readonly t: string;
  readonly pins: PinsOfTrainee | null;
  readonly forbids: ForbidsOfTrainee | null;
  /** Period id -> the member of its placement and the placement's position. */
  readonly placed: Map<string, { readonly member: string; readonly at: number }>;
  /** Member -> the position of the first away placement there. */
  readonly awayMembers: Map<string, number>;
  /** The latest programme position seen among the placements so far. */
  lastOrder: number;
  /** Roles filled so far. */
  filled: number;
}
