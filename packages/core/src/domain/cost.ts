/**
 * The default objective of the contract, term by term. Model building uses these primitives
 * for its coefficients; verifyPlan uses costOfChoice to recompute a plan's objective.
 */
import type { CohortIndex } from "./cohort-index.js";
import { distanceKm } from "./geo.js";
import { historyFacts } from "./history.js";
import type { Assignment, CostBreakdown, MemberBalance, Trainee } from "./schema.js";

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
  // The fairness terms (domain/history.ts), only when weighted: a cohort without them keeps its bytes.
  if (weights.repeatExchange !== 0) {
    let repeats = 0;
    if (choice.host !== null) {
      const facts = historyFacts(index);
      for (const member of choice.away) if (member !== null) repeats += facts.exchanges(choice.host, member);
    }
    cost.repeatExchange = weights.repeatExchange * repeats;
  }
  if (weights.repeatMentorHost !== 0) {
    const repeats = choice.host !== null && choice.mentor !== null ? historyFacts(index).mentorHosts(choice.mentor, choice.host) : 0;
    cost.repeatMentorHost = weights.repeatMentorHost * repeats;
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
    (cost.specializationMiss ?? 0) +
    (cost.repeatExchange ?? 0) +
    (cost.repeatMentorHost ?? 0)
  );
}

/**
 * The reciprocity term of the objective: weight × Σ over the cohort's members of
 * |received − sent|, over the history and these choices together (domain/history.ts). A term of
 * the plan, in no trainee's cost. 0 when the weight is 0.
 */
export function reciprocityCost(index: CohortIndex, choices: readonly TraineeChoice[]): number {
  const weight = index.cohort.weights.reciprocity;
  if (weight === 0) return 0;
  let sum = 0;
  for (const row of balanceOf(index, choices)) sum += Math.abs(row.balanceAfter);
  return weight * sum;
}

/**
 * A plan's objective: its trainees' costs summed in input order (reproducible bytes), plus the
 * reciprocity term when it is weighted. Every objective rotamatch reports comes from here.
 */
export function planObjective(index: CohortIndex, choices: readonly TraineeChoice[], costs?: readonly CostBreakdown[]): number {
  let sum = 0;
  if (costs !== undefined) for (const cost of costs) sum += totalCost(cost);
  else index.cohort.trainees.forEach((trainee, t) => {
    const choice = choices[t];
    if (choice !== undefined) sum += totalCost(costOfChoice(index, trainee, choice));
  });
  return index.cohort.weights.reciprocity === 0 ? sum : sum + reciprocityCost(index, choices);
}

/** planObjective of a plan's assignments (one per trainee, in input order, as plans list them). */
export function objectiveOfAssignments(index: CohortIndex, assignments: readonly Assignment[]): number {
  return planObjective(index, assignments.map((a) => choiceOfAssignment(index, a)), assignments.map((a) => a.cost));
}

/** The choice an assignment makes: its host, its member in each away period (null when unfilled), its people. */
export function choiceOfAssignment(index: CohortIndex, a: Assignment): TraineeChoice {
  const byPeriod = new Map(a.placements.map((p) => [p.period, p.member]));
  return {
    host: a.host,
    away: index.awayPeriods.map((p) => byPeriod.get(p.id) ?? null),
    supervisor: a.supervisor,
    mentor: a.mentor,
  };
}

/**
 * Each member's balance (the contract's reciprocity counts), in the cohort's member order:
 * trainees hosted, away placements sent and received by these choices and by the history, and
 * received − sent before and after. Choices are per trainee in input order.
 */
export function balanceOf(index: CohortIndex, choices: readonly TraineeChoice[]): MemberBalance[] {
  const facts = historyFacts(index);
  const rows = new Map<string, { hosted: number; sent: number; received: number }>();
  for (const id of index.memberById.keys()) rows.set(id, { hosted: 0, sent: 0, received: 0 });
  for (const choice of choices) {
    if (choice.host === null) continue;
    const host = rows.get(choice.host);
    if (host !== undefined) host.hosted += 1;
    for (const member of choice.away) {
      if (member === null) continue;
      if (host !== undefined) host.sent += 1;
      const away = rows.get(member);
      if (away !== undefined) away.received += 1;
    }
  }
  return [...rows].map(([member, now]) => {
    const history = { hosted: facts.hosted.get(member) ?? 0, sent: facts.sent.get(member) ?? 0, received: facts.received.get(member) ?? 0 };
    const balanceBefore = history.received - history.sent;
    return { member, ...now, history, balanceBefore, balanceAfter: balanceBefore + now.received - now.sent };
  });
}
