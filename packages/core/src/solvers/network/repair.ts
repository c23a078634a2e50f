/**
 * The primal heuristic: from the multipliers to a valid plan.
 *
 * 1. Hosts and supervisors by one min-cost flow (host-flow.ts), where the away and mentor
 *    multipliers say which places are scarce.
 * 2. With hosts fixed, away members and mentors by their exact flows (in that order; under
 *    "host-and-away" the mentors avoid the organisations of the away members the away flow
 *    chose, so the two are solved in sequence, not jointly).
 *
 * Returns null when a role cannot be filled for everyone (or at the deadline).
 */
import { assignAway } from "./away-flow.js";
import { assignMentors } from "./mentor-flow.js";
import type { HostFlowResult } from "./host-flow.js";
import type { Neighbours } from "./neighbours.js";
import { emptyPlan, type PlanArrays } from "./plan-arrays.js";
import type { NetworkProblem } from "./problem.js";

/**
 * Away members and mentors for the hosts and supervisors the host flow chose (host-flow.ts):
 * the complete plan, or null when a role cannot be filled for everyone (or at the deadline).
 */
export function completePlan(
  problem: NetworkProblem,
  neighbours: Neighbours,
  hosts: HostFlowResult,
  deadline: number,
  prices?: { away: Float64Array; mentor: Float64Array },
): PlanArrays | null {
  const plan = emptyPlan(problem);
  plan.host.set(hosts.host);
  plan.supervisor.set(hosts.supervisor);
  if (assignAway(problem, neighbours, plan.host, plan.away, deadline, { prices: prices?.away }) !== "complete") return null;
  return assignMentors(problem, plan.host, plan.away, plan.mentor, deadline, prices?.mentor) === "complete" ? plan : null;
}
