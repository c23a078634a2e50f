/**
 * The exact decomposition. When every trainee's host is fixed (given, pinned, or the only
 * candidate) and a mentor need only be outside the host's organisation, nothing couples the
 * supervisor, away and mentor choices: each is a transportation problem of its own, and
 * min-cost flow solves each exactly (the away flow with its edge colouring, which is exact
 * without away pins or with one away period). The sum of the three optima is the optimum.
 *
 * With allowUnassigned each flow fills the most roles it can, then at least cost; roles are
 * counted per type, so the three maxima add up to the most roles any plan fills, and the
 * cheapest way to fill each is the cheapest overall. Pinned roles must be filled.
 *
 * The fairness terms: repeatExchange is part of each visit's pair cost and repeatMentorHost of
 * each (mentor, host) arc, both exact here. reciprocity: with the hosts fixed, every host sends
 * one placement per away period of each trainee it hosts, a constant for a full plan, and the
 * away flow's split arcs (away-flow.ts) make the term exact. Under allowUnassigned that holds
 * when the plan fills every away period (then every plan that fills the most does); otherwise
 * the sends depend on which periods are filled and the answer is the better of the flow with
 * and without the term, with the flows' cost without it as a lower bound (`bound`).
 */
import { assignAway } from "./away-flow.js";
import { assignMentors } from "./mentor-flow.js";
import type { Neighbours } from "./neighbours.js";
import { emptyPlan, planCost, type PlanArrays } from "./plan-arrays.js";
import { reciprocityOf } from "./costs.js";
import type { NetworkProblem } from "./problem.js";
import { assignSupervisors, type FlowStatus } from "./supervisor-flow.js";

/** true, or what the cohort lacks for the decomposition to be exact. */
export function decomposable(problem: NetworkProblem): true | string {
  const fixed = problem.trainees.every((td) => td.hostGiven || td.hostPinned || (!problem.allowUnassigned && td.hosts.length <= 1));
  if (!fixed) return "every trainee's host is given or pinned";
  if (problem.hostAndAway) return 'mentorOutside is "host"';
  // With several away periods, the pins of one trainee are kept by renaming periods (away-flow.ts); more are not.
  if (problem.periods >= 2 && problem.trainees.filter((td) => td.awayPins !== null).length > 1) return "away periods are pinned for one trainee at most when there are several";
  return true;
}

export type DecomposedOutcome =
  /** bound: absent when the plan is proven optimal, else a lower bound on the optimum (see above). */
  | { readonly status: "optimal"; readonly plan: PlanArrays; readonly bound?: number }
  | { readonly status: "infeasible" | "timedout"; readonly plan: null };

export function solveDecomposed(problem: NetworkProblem, neighbours: Neighbours, deadline: number): DecomposedOutcome {
  const plan = emptyPlan(problem);
  const used = new Int32Array(problem.memberCount);
  for (let t = 0; t < problem.trainees.length; t++) {
    const td = problem.trainees[t]!;
    const h = td.hosts[0];
    if (h === undefined) return { status: "infeasible", plan: null };
    plan.host[t] = h;
    if (!td.hostGiven) used[h] = (used[h] as number) + 1;
  }
  if (used.some((n, h) => n > (problem.hostCap[h] as number))) return { status: "infeasible", plan: null };

  const statuses: FlowStatus[] = [
    assignSupervisors(problem, plan.host, plan.supervisor, deadline),
    assignAway(problem, neighbours, plan.host, plan.away, deadline),
    assignMentors(problem, plan.host, null, plan.mentor, deadline),
  ];
  if (statuses.includes("timeout")) return { status: "timedout", plan: null };
  if (statuses.includes("partial") && (!problem.allowUnassigned || !pinsHold(problem, plan))) return { status: "infeasible", plan: null };
  if (problem.reciprocity > 0 && problem.allowUnassigned && plan.away.includes(-1)) {
    // Some away period stays empty: the sends are not constant, and the split arcs are not exact.
    const other = { ...plan, away: new Int32Array(plan.away.length) };
    if (assignAway(problem, neighbours, plan.host, other.away, deadline, { ignoreReciprocity: true }) === "timeout") return { status: "timedout", plan: null };
    const withTerm = planCost(problem, plan);
    const withoutTerm = planCost(problem, other);
    const bound = withoutTerm - reciprocityOf(problem, other.host, other.away);
    return { status: "optimal", plan: withoutTerm < withTerm ? other : plan, bound };
  }
  return { status: "optimal", plan };
}

/** Whether every pinned role is filled as pinned. */
function pinsHold(problem: NetworkProblem, plan: PlanArrays): boolean {
  const P = problem.periods;
  return problem.trainees.every(
    (td, t) =>
      (td.supervisorPin === -1 || plan.supervisor[t] === td.supervisorPin) &&
      (td.mentorPin === -1 || plan.mentor[t] === td.mentorPin) &&
      (td.awayPins === null || Array.from(td.awayPins).every((m, p) => m < 0 || plan.away[t * P + p] === m)),
  );
}
