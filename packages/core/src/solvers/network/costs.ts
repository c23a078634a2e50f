/**
 * The contract's objective terms (domain/cost.ts) in member and class numbers, for the inner
 * loops. The plan's objective is always recomputed with costOfChoice; these only steer.
 */
import type { NetworkProblem, TraineeData } from "./problem.js";

/** Position of m in a preference list, or the list's length when it is not there. */
export function rankOf(prefs: Int32Array, m: number): number {
  const i = prefs.indexOf(m);
  return i === -1 ? prefs.length : i;
}

export function hostCost(problem: NetworkProblem, t: TraineeData, h: number): number {
  if (t.hostGiven) return 0;
  const miss = !problem.required && problem.offers[t.spec * problem.memberCount + h] === 0 ? problem.w.hostMiss : 0;
  return problem.w.hostRank * rankOf(t.hostPrefs, h) + miss;
}

/** Rank, pair cost from h (travel and repeatExchange) and miss of one away period at m. */
export function awayCost(problem: NetworkProblem, t: TraineeData, h: number, m: number): number {
  const miss = !problem.required && problem.offers[t.spec * problem.memberCount + m] === 0 ? problem.w.specializationMiss : 0;
  return problem.w.awayRank * rankOf(t.awayPrefs, m) + (problem.pairCost(h)[m] as number) + miss;
}

/** Under the required fit only a class's `extra` cost counts (see ClassTable.extra). */
export function supervisorCost(problem: NetworkProblem, c: number, s: number): number {
  const table = problem.supervisors;
  return (table.lists[s * table.count + c] === 1 ? 0 : problem.w.supervisorSpecialization) + (table.extra?.[c] ?? 0);
}

/**
 * Mentor class r for a trainee of specialization s hosted at h: the specialization term, a
 * virtual class's `extra`, and repeatMentorHost (problem.mentorRepeat). h = -1 leaves the
 * last out: a lower bound over every host (which is what unassigned.ts's cost bound needs).
 */
export function mentorCost(problem: NetworkProblem, r: number, s: number, h = -1): number {
  const table = problem.mentors;
  const base = (table.lists[s * table.count + r] === 1 ? 0 : problem.w.mentorSpecialization) + (table.extra?.[r] ?? 0);
  return h < 0 ? base : base + mentorRepeatCost(problem, r, h);
}

/** repeatMentorHost of class r mentoring a trainee hosted at h (0 for most). */
export function mentorRepeatCost(problem: NetworkProblem, r: number, h: number): number {
  return problem.mentorRepeat[r]?.get(h) ?? 0;
}

/** Whether supervisor class c may supervise trainee t hosted at h (capacity aside). */
export function supervisorAllowed(problem: NetworkProblem, t: TraineeData, h: number, c: number): boolean {
  const table = problem.supervisors;
  if (table.member[c] !== h || (table.capacity[c] as number) <= 0) return false;
  if (t.supervisorPin !== -1 && c !== t.supervisorPin) return false;
  if (problem.required && table.lists[t.spec * table.count + c] === 0) return false;
  return !(t.forbiddenSupervisors?.has(c) ?? false);
}

/** Whether mentor class r may mentor trainee t, organisations aside (capacity > 0, pins, forbids). */
export function mentorAllowed(problem: NetworkProblem, t: TraineeData, r: number): boolean {
  if ((problem.mentors.capacity[r] as number) <= 0) return false;
  if (t.mentorPin !== -1 && r !== t.mentorPin) return false;
  return !(t.forbiddenMentors?.has(r) ?? false);
}

/** The cost of a whole configuration of trainee t (classes for people), as the objective counts it. */
export function configurationCost(problem: NetworkProblem, t: TraineeData, host: number, away: ArrayLike<number>, supervisor: number, mentor: number): number {
  if (host < 0) return 0;
  let cost = hostCost(problem, t, host);
  for (let p = 0; p < away.length; p++) {
    const m = away[p] as number;
    if (m >= 0) cost += awayCost(problem, t, host, m);
  }
  if (supervisor >= 0) cost += problem.required ? (problem.supervisors.extra?.[supervisor] ?? 0) : supervisorCost(problem, supervisor, t.spec);
  if (mentor >= 0) cost += mentorCost(problem, mentor, t.spec, host);
  return cost;
}

/**
 * The reciprocity term of a plan in numbers (domain/cost.ts reciprocityCost): weight × Σ over
 * members of |history received − history sent + received − sent|, where each filled away period
 * of a hosted trainee is sent by its host and received by its member.
 */
export function reciprocityOf(problem: NetworkProblem, host: Int32Array, away: Int32Array): number {
  if (problem.reciprocity === 0) return 0;
  const balance = Float64Array.from(problem.balanceBefore);
  const P = problem.periods;
  for (let t = 0; t < host.length; t++) {
    const h = host[t] as number;
    if (h < 0) continue;
    for (let p = 0; p < P; p++) {
      const m = away[t * P + p] as number;
      if (m < 0) continue;
      balance[m] = (balance[m] as number) + 1;
      balance[h] = (balance[h] as number) - 1;
    }
  }
  let sum = 0;
  for (const b of balance) sum += Math.abs(b);
  return problem.reciprocity * sum;
}
