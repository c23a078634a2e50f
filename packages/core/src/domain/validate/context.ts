/**
 * What every whole-cohort check shares: the cohort, its index and its pins and forbids read
 * into facts, the findings so far, and the small word helpers of the messages.
 *
 * A finding is an issue before its path is written out; `index.ts` sorts the findings into
 * input order and writes their paths.
 */
import type { CohortIndex } from "../cohort-index.js";
import type { IssueCode, PathSegment } from "../issues.js";
import type { Cohort, Period } from "../schema.js";
import { readCohortFacts, type CohortFacts } from "../trainee-facts.js";
import { quoteShort } from "../../util/words.js";

export interface Finding {
  readonly code: IssueCode;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** How many candidate ids the "did you mean" hints of one cohort may compare against in all. */
const SUGGESTION_BUDGET = 200_000;

export class ValidationContext {
  readonly out: Finding[] = [];
  readonly cohort: Cohort;
  readonly index: CohortIndex;
  /** Pins and forbids whose form is right and whose references resolve, per trainee. */
  readonly facts: CohortFacts;
  /** Programme periods by id (the first of a duplicate id). */
  readonly periodById = new Map<string, Period>();
  readonly periodIds: readonly string[];
  readonly memberIds: readonly string[];
  readonly personIds: readonly string[];
  readonly traineeIds: readonly string[];
  /** Candidate comparisons left for "did you mean" hints, so a cohort full of typos stays fast. */
  suggestionBudget = SUGGESTION_BUDGET;

  constructor(cohort: Cohort, index: CohortIndex) {
    this.cohort = cohort;
    this.index = index;
    this.facts = readCohortFacts(index);
    for (const period of cohort.programme.periods) {
      if (!this.periodById.has(period.id)) this.periodById.set(period.id, period);
    }
    this.periodIds = [...this.periodById.keys()];
    this.memberIds = [...index.memberById.keys()];
    this.personIds = [...index.personById.keys()];
    this.traineeIds = [...index.traineeById.keys()];
  }

  add(code: IssueCode, path: readonly PathSegment[], message: string): void {
    this.out.push({ code, path, message });
  }
}

/** `{trainee, period}`: the fields a pin or forbid has. */
export function describeKeys(entry: Readonly<Record<string, unknown>>): string {
  return `{${Object.keys(entry)
    .filter((key) => entry[key] !== undefined)
    .join(", ")}}`;
}


/** Quoted ids, at most five, then how many more. */
export function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).map((id) => quoteShort(id));
  return ids.length > 5 ? `${shown.join(", ")} and ${ids.length - 5} more` : shown.join(", ");
}


