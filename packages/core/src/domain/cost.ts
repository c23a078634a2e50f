/**
 * The default objective of the contract, term by term. Model building uses these primitives
 * for its coefficients; verifyPlan uses costOfChoice to recompute a plan's objective.
 */
import type { CohortIndex } from "./cohort-index.js";
import { distanceKm } from "./geo.js";
import type { CostBreakdown, Trainee } from "./schema.js";

/**
 * Rank cost of a choice against a preference list: its position counted from 0; a member
 * not in a non-empty list costs the list's length; an empty list costs 0.
 */
export function rankCost(preferences: readonly string[], memberId: string): number {
  const position = preferences.indexOf(memberId);
  return position === -1 ? preferences.length : position;
}

/** Distance in km between two members when both have a location, else 0. */
export function travelKm(index: CohortIndex, fromMember: string, toMember: string): number {
  const a = index.memberById.get(fromMember)?.location;
  const b = index.memberById.get(toMember)?.location;
  return a && b ? distanceKm(a, b) : 0;
}

/** What one trainee was given; `away` has one entry per away period, in programme order. */
export interface TraineeChoice {
  readonly host: string | null;
  readonly away: readonly (string | null)[];
  readonly supervisor: string | null;
  readonly mentor: string | null;
}

/**
 * The weighted cost of every objective term that applies to a trainee. Terms that cannot
 * apply (hostRank for a given host; the two specialization-miss terms under the "required"
 * rule) are left out; the others are present even when 0.
 */
export function costOfChoice(index: CohortIndex, trainee: Trainee, choice: TraineeChoice): CostBreakdown {
  const { weights, rules } = index.cohort;
  const spec = trainee.specialization;
  const hostGiven = trainee.host !== undefined;
  const preferred = rules.specializationFit === "preferred";
  const cost: CostBreakdown = {};

  let awayRank = 0;
  let travel = 0;
  let misses = 0;
  for (const member of choice.away) {
    if (member === null) continue;
    awayRank += rankCost(trainee.awayPreferences, member);
    if (choice.host !== null) travel += travelKm(index, choice.host, member);
    if (!index.offers(member, spec)) misses += 1;
  }
  cost.awayRank = weights.awayRank * awayRank;
  if (!hostGiven) cost.hostRank = choice.host === null ? 0 : weights.hostRank * rankCost(trainee.hostPreferences, choice.host);
  cost.travelPerKm = weights.travelPerKm * travel;
  cost.mentorSpecialization =
    choice.mentor !== null && !index.personLists(choice.mentor, spec) ? weights.mentorSpecialization : 0;
  if (preferred) {
    cost.supervisorSpecialization =
      choice.supervisor !== null && !index.personLists(choice.supervisor, spec) ? weights.supervisorSpecialization : 0;
    if (!hostGiven && choice.host !== null && !index.offers(choice.host, spec)) misses += index.hostPeriods.length;
    cost.specializationMiss = weights.specializationMiss * misses;
  }
  return cost;
}

/** Sum of a breakdown's terms, in the fixed order of COST_TERMS so the float sum is reproducible. */
export function totalCost(cost: CostBreakdown): number {
  return (
    (cost.awayRank ?? 0) +
    (cost.hostRank ?? 0) +
    (cost.travelPerKm ?? 0) +
    (cost.mentorSpecialization ?? 0) +
    (cost.supervisorSpecialization ?? 0) +
    (cost.specializationMiss ?? 0)
  );
}
