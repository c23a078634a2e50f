/**
 * A whole plan in numbers: per trainee a host member, an away member per period, a supervisor
 * class and a mentor class (-1 for none), and its conversion to the TraineeChoice the rest of
 * rotamatch speaks (member and person ids; a class's places handed to its people in input order).
 */
import type { TraineeChoice } from "../../domain/cost.js";
import { PeopleHandOut } from "../../model/decode.js";
import { configurationCost, reciprocityOf } from "./costs.js";
import type { NetworkProblem } from "./problem.js";

export interface PlanArrays {
  readonly host: Int32Array;
  /** away[t * periods + p] */
  readonly away: Int32Array;
  readonly supervisor: Int32Array;
  readonly mentor: Int32Array;
}

export function emptyPlan(problem: NetworkProblem): PlanArrays {
  const T = problem.trainees.length;
  return {
    host: new Int32Array(T).fill(-1),
    away: new Int32Array(T * problem.periods).fill(-1),
    supervisor: new Int32Array(T).fill(-1),
    mentor: new Int32Array(T).fill(-1),
  };
}

export function copyPlan(plan: PlanArrays): PlanArrays {
  return { host: plan.host.slice(), away: plan.away.slice(), supervisor: plan.supervisor.slice(), mentor: plan.mentor.slice() };
}

/**
 * The plan's objective from the cost terms, reciprocity included (the facade recomputes it
 * with planObjective).
 */
export function planCost(problem: NetworkProblem, plan: PlanArrays): number {
  const P = problem.periods;
  let total = 0;
  problem.trainees.forEach((td, t) => {
    total += configurationCost(
      problem,
      td,
      plan.host[t] as number,
      plan.away.subarray(t * P, t * P + P),
      plan.supervisor[t] as number,
      plan.mentor[t] as number,
    );
  });
  return problem.reciprocity === 0 ? total : total + reciprocityOf(problem, plan.host, plan.away);
}

export function toChoices(problem: NetworkProblem, plan: PlanArrays): TraineeChoice[] {
  const P = problem.periods;
  const handOut = new PeopleHandOut();
  const member = (m: number) => (m < 0 ? null : (problem.memberIds[m] as string));
  return problem.trainees.map((_, t) => {
    const s = plan.supervisor[t] as number;
    const r = plan.mentor[t] as number;
    return {
      host: member(plan.host[t] as number),
      away: Array.from(plan.away.subarray(t * P, t * P + P), member),
      supervisor: s < 0 ? null : handOut.next(problem.supervisors.classes[s]!),
      mentor: r < 0 ? null : handOut.next(problem.mentors.classes[r]!),
    };
  });
}

/** Whether the plan keeps every capacity (hosts chosen, away places per period, classes). */
export function keepsCapacities(problem: NetworkProblem, plan: PlanArrays): boolean {
  const P = problem.periods;
  const M = problem.memberCount;
  const hosts = new Int32Array(M);
  const away = new Int32Array(P * M);
  const supervisors = new Int32Array(problem.supervisors.count);
  const mentors = new Int32Array(problem.mentors.count);
  let ok = true;
  const take = (counts: Int32Array, i: number, capacity: number): void => {
    counts[i] = (counts[i] as number) + 1;
    if ((counts[i] as number) > capacity) ok = false;
  };
  problem.trainees.forEach((td, t) => {
    const h = plan.host[t] as number;
    if (h >= 0 && !td.hostGiven) take(hosts, h, problem.hostCap[h] as number);
    for (let p = 0; p < P; p++) {
      const m = plan.away[t * P + p] as number;
      if (m >= 0) take(away, p * M + m, problem.awayCap[m] as number);
    }
    const s = plan.supervisor[t] as number;
    if (s >= 0) take(supervisors, s, problem.supervisors.capacity[s] as number);
    const r = plan.mentor[t] as number;
    if (r >= 0) take(mentors, r, problem.mentors.capacity[r] as number);
  });
  return ok;
}
