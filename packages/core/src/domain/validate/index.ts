/**
 * Cohort validation: shape first (the zod schema, shape.ts), then the rules that need the
 * whole cohort, one file per rule family: references.ts (ids, duplicates, roles,
 * preferences), programme.ts, capacity.ts, pins.ts (forms, conflicts and forbids), and for
 * what a pin can break host.ts, away.ts, supervisor.ts and mentor.ts. The families and
 * their codes in every stage are named in the contract (docs/format.md).
 *
 * Every issue has a stable code, the path of the offending field as a spreadsheet user
 * writes it (`trainees[3].specialization`, `pins[0].member`) and a plain sentence. Issues come
 * sorted in the order their fields appear in the input, so a reader can walk down the file.
 * `parseCohort` never throws, whatever it is given.
 */
import { indexCohort, type CohortIndex } from "../cohort-index.js";
import { formatPath, type Issue } from "../issues.js";
import { cohortSchema, type Cohort } from "../schema.js";
import { checkGivenHostCapacity, givenHostTrainees } from "./capacity.js";
import { ValidationContext, type Finding } from "./context.js";
import { checkForbiddenHosts } from "./host.js";
import { checkForbidForms, checkPinForms, checkPins } from "./pins.js";
import { checkProgramme } from "./programme.js";
import { checkDuplicateIds, checkPeople, checkTrainees } from "./references.js";
import { describeZodIssue, mapZodIssues, sortByInputOrder } from "./shape.js";

export type ParseResult =
  | { readonly ok: true; readonly cohort: Cohort; readonly index: CohortIndex; readonly issues: readonly [] }
  | { readonly ok: false; readonly cohort: null; readonly index: null; readonly issues: readonly Issue[] };

/**
 * Checks a cohort as read from JSON (or built in code) and fills in its defaults.
 * On success returns the cohort and its lookup index; otherwise every issue found.
 * Shape issues come alone: the whole-cohort rules only run on a well-formed cohort.
 */
export function parseCohort(input: unknown): ParseResult {
  try {
    const parsed = cohortSchema.safeParse(input, { error: describeZodIssue });
    if (!parsed.success) {
      return failure(sortByInputOrder(input, mapZodIssues(parsed.error.issues)));
    }
    const cohort = parsed.data;
    const index = indexCohort(cohort);
    const findings = checkCohort(cohort, index);
    if (findings.length > 0) return failure(sortByInputOrder(input, findings));
    return { ok: true, cohort, index, issues: [] };
  } catch (error) {
    // Only reachable with inputs JSON cannot produce (throwing getters, revoked proxies).
    const reason = error instanceof Error ? error.message : String(error);
    return failure([{ code: "invalid_value", path: [], message: `the cohort could not be read (${reason})` }]);
  }
}

/** Every issue with a cohort; empty when `parseCohort` accepts it. */
export function validateCohort(input: unknown): Issue[] {
  return [...parseCohort(input).issues];
}

function failure(findings: readonly Finding[]): ParseResult {
  const issues: Issue[] = findings.map((f) => ({ code: f.code, path: formatPath(f.path), message: f.message }));
  return { ok: false, cohort: null, index: null, issues };
}

/**
 * The whole-cohort rules, in a fixed order: findings at the same path keep the order they
 * are found in (references before the pins that use them, the "did you mean" budget spent
 * in input order).
 */
function checkCohort(cohort: Cohort, index: CohortIndex): Finding[] {
  const ctx = new ValidationContext(cohort, index);
  checkDuplicateIds(ctx);
  checkProgramme(ctx);
  checkPeople(ctx);
  checkTrainees(ctx);
  const given = givenHostTrainees(ctx);
  checkGivenHostCapacity(ctx, given);
  checkForbidForms(ctx);
  checkForbiddenHosts(ctx);
  checkPinForms(ctx);
  checkPins(ctx, given);
  return ctx.out;
}
