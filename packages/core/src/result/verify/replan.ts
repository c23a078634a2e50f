/**
 * The verifier's check of a re-plan (the `replan` rule family): what had started before
 * `asOf` is unchanged. For every trainee in the cohort and in both plans, each placement
 * whose period started before `asOf` is the same (the same member, or empty in both), and
 * once the programme has started, the host is the same. It reads the cohort and both plans
 * on its own, apart from the re-planning code it checks, and never throws: what it cannot
 * read is a violation too. The rest of a re-planned plan is checked by verifyPlan.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import { periodDates } from "../../domain/dates.js";
import { formatPath } from "../../domain/issues.js";
import { readPlan, type PlanJson } from "../../domain/parse-plan.js";
import { parseCohort } from "../../domain/validate.js";
import { quote } from "../../util/words.js";
import type { PlanViolation } from "./codes.js";

export interface ReplanVerdict {
  readonly ok: boolean;
  readonly violations: readonly PlanViolation[];
}

export function verifyReplan(cohort: unknown, previousPlan: unknown, plan: unknown, asOf: string): ReplanVerdict {
  try {
    const index = isIndex(cohort) ? cohort : parseCohort(cohort).index;
    if (index === null) return fail("invalid_cohort", "", "The cohort cannot be read, so the re-plan cannot be checked against it.");
    const before = readPlain(previousPlan);
    const after = readPlain(plan);
    if (before === null) return fail("invalid_plan", "", "The previous plan cannot be read, so the re-plan cannot be checked against it.");
    if (after === null) return fail("invalid_plan", "", "The re-planned plan cannot be read.");
    return check(index, before, after, asOf);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail("invalid_plan", "", `The re-plan could not be checked (${reason}).`);
  }
}

function check(index: CohortIndex, before: PlanJson, after: PlanJson, asOf: string): ReplanVerdict {
  const programme = index.cohort.programme;
  const started = new Set(periodDates(programme.start, programme.periods).filter((d) => d.from < asOf).map((d) => d.period));
  const hostStarted = programme.start < asOf;
  const previous = new Map(before.assignments.map((a) => [a.trainee, a]));
  const violations: PlanViolation[] = [];
  after.assignments.forEach((assignment, i) => {
    const was = previous.get(assignment.trainee);
    if (was === undefined || !index.traineeById.has(assignment.trainee)) return;
    if (hostStarted && was.host !== assignment.host) {
      violations.push({
        code: "started_changed",
        path: formatPath(["assignments", i, "host"]),
        message: `Trainee ${quote(assignment.trainee)}'s programme started before ${asOf} at host ${quote(was.host)}; the re-plan has ${quote(assignment.host)}.`,
      });
    }
    for (const period of started) {
      const old = was.placements.find((p) => p.period === period)?.member ?? null;
      const j = assignment.placements.findIndex((p) => p.period === period);
      const now = assignment.placements[j]?.member ?? null;
      if (old === now) continue;
      violations.push({
        code: "started_changed",
        path: formatPath(j === -1 ? ["assignments", i, "placements"] : ["assignments", i, "placements", j, "member"]),
        message: `Period ${quote(period)} of ${quote(assignment.trainee)} started before ${asOf} at ${quote(old)}; the re-plan has ${quote(now)}.`,
      });
    }
  });
  return { ok: violations.length === 0, violations };
}

/** A plan, or a re-planned plan read as the plan it is (its `changes` aside). */
function readPlain(input: unknown): PlanJson | null {
  if (typeof input !== "object" || input === null || !("changes" in input)) return readPlan(input).plan;
  const copy: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  delete copy["changes"];
  return readPlan(copy).plan;
}

function isIndex(value: unknown): value is CohortIndex {
  return typeof value === "object" && value !== null && "traineeById" in value && "datesByPeriod" in value;
}

function fail(code: PlanViolation["code"], path: string, message: string): ReplanVerdict {
  return { ok: false, violations: [{ code, path, message }] };
}
