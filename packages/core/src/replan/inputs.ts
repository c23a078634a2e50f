/**
 * Reading what a re-plan, a what-if or an explanation starts from: the cohort, the plan and
 * the date. Nothing here throws on bad input: every problem is an issue with a stable code
 * and a path into the request as the caller wrote it (`cohort.trainees[3].host`,
 * `plan.assignments[3].mentor`, `asOf`), so that one list of issues covers all three inputs.
 *
 * The codes are the `replan` family's (domain/rules.ts): `invalid_as_of`,
 * `as_of_outside_programme`, `invalid_previous_plan` (not in the plan format),
 * `plan_mismatch` (a plan that does not fit the cohort) and `started_conflict` (the cohort
 * contradicts a placement that has already started).
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { TraineeChoice } from "../domain/cost.js";
import { formatPath, type Issue, type PathSegment } from "../domain/issues.js";
import { readPlan, type PlanJson } from "../domain/parse-plan.js";
import { REPLAN_FORMAT, replanRequestSchema } from "../domain/replan-schema.js";
import { parseCohort } from "../domain/validate.js";
import { verifyPlan } from "../result/verify.js";
import { quote } from "../util/words.js";

/** An issue found in part of a request, with the path made relative to the whole request. */
export function prefixIssues(prefix: string, issues: readonly Issue[]): Issue[] {
  return issues.map((issue) => ({ ...issue, path: joinPath(prefix, issue.path) }));
}

export function joinPath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** The cohort, read as `parseCohort` reads it, its issues under `cohort.`. */
export function readCohortPart(input: unknown): { readonly index: CohortIndex } | { readonly issues: Issue[] } {
  const parsed = parseCohort(input);
  return parsed.ok ? { index: parsed.index } : { issues: prefixIssues("cohort", parsed.issues) };
}

/**
 * The plan the request starts from, read against the plan format. A re-planned plan (one
 * with `changes`) is read as the plan it is, so that re-plans can follow each other. Only a
 * plan with assignments (`optimal` or `feasible`) can be started from.
 */
export function readPlanPart(input: unknown): { readonly plan: PlanJson } | { readonly issues: Issue[] } {
  const plain = isObject(input) && "changes" in input ? withoutKey(input, "changes") : input;
  const read = readPlan(plain);
  if (read.plan === null || read.violations.length > 0) {
    const issues = read.violations.map((v): Issue => ({ code: "invalid_previous_plan", path: joinPath("plan", v.path), message: v.message }));
    return { issues: issues.length > 0 ? issues : [{ code: "invalid_previous_plan", path: "plan", message: "The plan could not be read." }] };
  }
  if (read.plan.status !== "optimal" && read.plan.status !== "feasible") {
    return {
      issues: [{ code: "plan_mismatch", path: "plan.status", message: `The plan's status is ${quote(read.plan.status)}: it has no assignments to start from.` }],
    };
  }
  return { plan: read.plan };
}

/**
 * The checks of a plan that hold whatever changed in the cohort since: each trainee once, and
 * placements only in periods the programme has, each period at most once (the programme's
 * periods are the calendar every date hangs on, so they cannot change under a plan). Members,
 * people and trainees the cohort no longer has are no error here: they left.
 */
export function checkPlanAgainstProgramme(index: CohortIndex, plan: PlanJson): Issue[] {
  const issues: Issue[] = [];
  const periods = new Set(index.cohort.programme.periods.map((p) => p.id));
  const seen = new Set<string>();
  plan.assignments.forEach((assignment, a) => {
    const at = (...rest: PathSegment[]): string => formatPath(["plan", "assignments", a, ...rest]);
    if (seen.has(assignment.trainee)) {
      issues.push({ code: "plan_mismatch", path: at("trainee"), message: `Trainee ${quote(assignment.trainee)} is in the plan more than once.` });
    }
    seen.add(assignment.trainee);
    const placed = new Set<string>();
    assignment.placements.forEach((placement, p) => {
      if (!periods.has(placement.period)) {
        issues.push({
          code: "plan_mismatch",
          path: at("placements", p, "period"),
          message: `The programme has no period ${quote(placement.period)}; the plan does not belong to this cohort's programme.`,
        });
      } else if (placed.has(placement.period)) {
        issues.push({ code: "plan_mismatch", path: at("placements", p, "period"), message: `Period ${quote(placement.period)} is placed twice.` });
      }
      placed.add(placement.period);
    });
  });
  return issues;
}

/**
 * A what-if or an explanation compares with a plan of this very cohort: the plan must pass the
 * verifier against it (a mentor who names nobody, a placement in a period the programme does
 * not have, a broken rule), every violation an issue at its path under `plan.`.
 */
export function checkPlanFitsCohort(index: CohortIndex, plan: unknown): Issue[] {
  const verdict = verifyPlan(index, plan);
  if (verdict.ok) return [];
  return verdict.violations.map((v) => ({ code: "plan_mismatch", path: joinPath("plan", v.path), message: v.message }));
}

/** The last day of the programme: the day before the period after the last would start. */
export function programmeEnd(index: CohortIndex): string {
  let end = index.cohort.programme.start;
  for (const d of index.datesByPeriod.values()) if (d.to > end) end = d.to;
  return end;
}

/** `asOf`: a real date, from the programme's first day to its last. */
export function checkAsOf(index: CohortIndex, asOf: unknown, path = "asOf"): Issue[] {
  if (typeof asOf !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(asOf) || !isRealDate(asOf)) {
    return [{ code: "invalid_as_of", path, message: `${quote(asOf)} is not a date written YYYY-MM-DD.` }];
  }
  const start = index.cohort.programme.start;
  const end = programmeEnd(index);
  if (asOf < start || asOf > end) {
    return [{ code: "as_of_outside_programme", path, message: `${asOf} is outside the programme, which runs from ${start} to ${end}.` }];
  }
  return [];
}

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The result of reading a `rotamatch.replan/v1` document. */
export type ReplanRequestResult =
  | { readonly ok: true; readonly asOf: string; readonly cohort: unknown; readonly plan: unknown; readonly issues: readonly [] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * Reads a `rotamatch.replan/v1` document's envelope: `format`, `asOf`, `cohort` and `plan`.
 * The cohort and the plan themselves are checked by replanCohort, with paths under `cohort.`
 * and `plan.` as here.
 */
export function parseReplanRequest(input: unknown): ReplanRequestResult {
  try {
    const parsed = replanRequestSchema.safeParse(input);
    if (parsed.success) {
      const { asOf, cohort, plan } = parsed.data;
      const missing: Issue[] = [];
      if (cohort === undefined) missing.push({ code: "invalid_type", path: "cohort", message: "The request has no cohort." });
      if (plan === undefined) missing.push({ code: "invalid_type", path: "plan", message: "The request has no plan." });
      if (missing.length > 0) return { ok: false, issues: missing };
      return { ok: true, asOf, cohort, plan, issues: [] };
    }
    const issues = parsed.error.issues.map((issue): Issue => {
      const path = formatPath(issue.path.filter((s): s is PathSegment => typeof s === "string" || typeof s === "number"));
      if (path === "format") return { code: "invalid_value", path, message: `The request's format must be ${quote(REPLAN_FORMAT)}.` };
      if (path === "asOf") return { code: "invalid_as_of", path, message: `asOf ${issue.message}.` };
      if (issue.code === "unrecognized_keys") return { code: "unrecognized_key", path, message: `Unknown field(s) ${issue.keys.map((k) => quote(k)).join(", ")}.` };
      return { code: "invalid_type", path, message: `The request is not a re-plan: ${issue.message}.` };
    });
    return { ok: false, issues };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ code: "invalid_value", path: "", message: `The request could not be read (${reason}).` }] };
  }
}

/** The choice a plan's assignment records, one entry per away period of the programme. */
export function choiceOfAssignment(index: CohortIndex, assignment: PlanJson["assignments"][number]): TraineeChoice {
  const byPeriod = new Map(assignment.placements.map((p) => [p.period, p.member]));
  return {
    host: assignment.host,
    away: index.awayPeriods.map((p) => byPeriod.get(p.id) ?? null),
    supervisor: assignment.supervisor,
    mentor: assignment.mentor,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function withoutKey(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...value };
  delete copy[key];
  return copy;
}
