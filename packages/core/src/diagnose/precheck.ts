/**
 * Pre-solve checks: cheap counting conditions that prove a cohort has no plan in which every
 * trainee gets every role (host, a member for each away period, a supervisor, a mentor),
 * explained in the cohort's own terms, each with a suggested change.
 *
 * How every item stays a proof. For each trainee the checks build a superset of what any
 * valid plan could give the trainee (possible hosts, away members, supervisors, mentors):
 * an option is only left out when a hard rule of the contract rules it out whatever else
 * the plan does (a forbid, a missing specialization under "required", no place left once
 * given hosts and pins are counted, the organisation rules, a pin). Place counts are upper
 * bounds. A check reports only when even these supersets or bounds fall short, so each item
 * holds for every plan; the checks are incomplete by design (a cohort can pass them all and
 * still have no plan, which the solver then finds out).
 *
 * The cohort is assumed validated, but nothing here depends on it for correctness: a pin or
 * forbid whose form or references are wrong is ignored (which only widens the supersets).
 *
 * The checks are split by rule family, one module each under precheck/ (host, away,
 * supervisor, mentor, capacity; pins.ts reads pins and forbids into per-trainee facts once;
 * facts.ts holds the shared context; wording.ts the shared sentences). This module puts a
 * trainee's options together from the families and runs the checks in the order of
 * PRECHECK_CODES.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { DiagnosisItem } from "../domain/schema.js";
import { mustStop, type StopSignal } from "../solvers/stop.js";
import {
  countDistinctAwayMembers,
  findPossibleAwayMembers,
  findTraineesWithoutAwayMember,
  findTraineesWithTooFewAwayMembers,
} from "./precheck/away.js";
import { findAwayPlaceShortages, findHostPlaceShortages, findMentorShortages, findSupervisorShortages } from "./precheck/capacity.js";
import { buildContext, type Context, type TraineeOptions } from "./precheck/facts.js";
import { findPossibleHosts, findTraineesWithoutHost } from "./precheck/host.js";
import { findTraineesWithoutMentor, hasPossibleMentor } from "./precheck/mentor.js";
import type { TraineeFacts } from "./precheck/pins.js";
import { findTraineesWithoutSupervisor, hasPossibleSupervisor } from "./precheck/supervisor.js";

export { PRECHECK_CODES, type PrecheckCode } from "../domain/diagnosis-codes.js";

/** When the checks must stop: by default they run to the end. */
export interface PrecheckOptions {
  /** performance.now() value by which to answer, with the items found so far. */
  readonly deadline?: number;
  readonly signal?: StopSignal;
}

/**
 * Necessary conditions for a plan that fills every role, checked without solving. Each item
 * proves that no such plan exists and says why, with a change that would help (with
 * `allowUnassigned: true` it proves that the best plan leaves some role empty). Items come
 * by check (in the order of PRECHECK_CODES), then in input order. A trainee reported as having
 * no candidate for a role is left out of the counts for that role, and a count is left out
 * when a narrower one already asks for at least as many places. An empty list proves
 * nothing: the cohort may still have no plan.
 */
export function precheckCohort(index: CohortIndex, { deadline = Infinity, signal }: PrecheckOptions = {}): DiagnosisItem[] {
  const expired = (): boolean => mustStop(deadline, signal);
  const ctx = buildContext(index);
  const options: TraineeOptions[] = [];
  for (const facts of ctx.trainees) {
    if (expired()) break;
    options.push(findTraineeOptions(ctx, facts));
  }
  const items: DiagnosisItem[] = [];
  for (const check of CHECKS) {
    if (expired()) break;
    items.push(...check(ctx, options));
  }
  return items;
}

/**
 * The checks in the order of PRECHECK_CODES. Each stays a proof on any subset of the trainees
 * (a trainee's options depend only on the cohort and its own facts, and trainees of a subset
 * who need more places than a pool has are too many for it in any plan), so when a deadline
 * stops the options after the first trainees, the items found so far still hold.
 */
const CHECKS: readonly ((ctx: Context, options: readonly TraineeOptions[]) => DiagnosisItem[])[] = [
  findTraineesWithoutHost,
  findTraineesWithoutAwayMember,
  findTraineesWithTooFewAwayMembers,
  findTraineesWithoutSupervisor,
  findTraineesWithoutMentor,
  findHostPlaceShortages,
  findAwayPlaceShortages,
  findSupervisorShortages,
  findMentorShortages,
];

/** A superset of what any valid plan could give the trainee, from each family in turn. */
function findTraineeOptions(ctx: Context, facts: TraineeFacts): TraineeOptions {
  const hosts = findPossibleHosts(ctx, facts);
  const hostOrganisations = new Set(hosts.map((h) => ctx.index.organisationOf(h)));
  if (hosts.length === 0) {
    return { facts, hosts, hostOrganisations, away: null, distinctAway: null, hasSupervisor: null, hasMentor: null };
  }
  const away = new Map<string, readonly string[]>();
  for (const period of ctx.awayPeriods) {
    away.set(period.id, findPossibleAwayMembers(ctx, facts, hostOrganisations, period.id));
  }
  const everyPeriodHasOne = [...away.values()].every((members) => members.length > 0);
  return {
    facts,
    hosts,
    hostOrganisations,
    away,
    distinctAway: everyPeriodHasOne ? countDistinctAwayMembers(ctx, hostOrganisations, away) : null,
    hasSupervisor: hasPossibleSupervisor(ctx, facts, new Set(hosts)),
    hasMentor: hasPossibleMentor(ctx, facts, hostOrganisations, away),
  };
}
