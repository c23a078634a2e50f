/**
 * The primal heuristic: from the multipliers to a valid plan.
 *
 * 1. Hosts and supervisors by one min-cost flow (host-flow.ts), where the away and mentor
 *    multipliers say which places are scarce.
 * 2. With hosts fixed, away members and mentors by their exact flows (in that order; under
 *    "host-and-away" the mentors avoid the organisations of the away members the away flow
 *    chose, so the two are solved in sequence, not jointly). The mentor flow is skipped when a
 *    greedy pass gives every trainee a mentor class that lists its specialization (see
 *    listingMentors: then it is optimal too).
 *
 * Returns null when a role cannot be filled for everyone (or at the deadline).
 */
import { assignAway } from "./away-flow.js";
import { mentorAllowed, mentorRepeatCost } from "./costs.js";
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
  if (listingMentors(problem, plan.host, plan.away, plan.mentor)) {
    prices?.mentor.fill(0);
    return plan;
  }
  return assignMentors(problem, plan.host, plan.away, plan.mentor, deadline, prices?.mentor) === "complete" ? plan : null;
}

/** Per specialization, the mentor classes with places that list it (built on first use). */
const listingClasses = new WeakMap<NetworkProblem, Int32Array[]>();

function listingClassesOf(problem: NetworkProblem): Int32Array[] {
  let lists = listingClasses.get(problem);
  if (lists === undefined) {
    const table = problem.mentors;
    lists = Array.from({ length: problem.specCount }, (_, s) => {
      const classes: number[] = [];
      for (let r = 0; r < table.count; r++) if ((table.capacity[r] as number) > 0 && table.lists[s * table.count + r] === 1) classes.push(r);
      return Int32Array.from(classes);
    });
    listingClasses.set(problem, lists);
  }
  return lists;
}

/**
 * Mentors without the flow, when that is provably as good: gives every trainee (in order) a
 * class with a place left that lists its specialization and is allowed (pins, forbids, outside
 * the host's and, under "host-and-away", the away members' organisations) and has no
 * repeatMentorHost cost at the trainee's host. Such a mentor costs 0, the least any mentor can cost, so when every trainee gets one the mentors are optimal
 * for these hosts and away members, and one more place anywhere would save nothing (prices 0).
 * Returns false, with `out` in any state, when some trainee gets none: the caller then runs
 * the exact flow (mentor-flow.ts).
 *
 * Why: measured on generated networks (1,000 and 5,000 trainees, hosts chosen), the mentor flow
 * took more than half of each repair and about a third of the whole search at 5,000 trainees,
 * while every trainee of every repair got a class listing its specialization.
 */
function listingMentors(problem: NetworkProblem, hosts: Int32Array, away: Int32Array, out: Int32Array): boolean {
  const table = problem.mentors;
  // A mentorSpecialization weight <= 0 makes any class as cheap: leave those cohorts to the flow.
  if (!(problem.w.mentorSpecialization > 0)) return false;
  const lists = listingClassesOf(problem);
  const left = Int32Array.from(table.capacity);
  // Where each specialization's scan starts: after the last class it gave, so that places are
  // taken round the list instead of always from its first classes.
  const start = new Int32Array(problem.specCount);
  const P = problem.periods;
  const T = problem.trainees.length;
  out.fill(-1);
  for (let t = 0; t < T; t++) {
    const td = problem.trainees[t]!;
    const h = hosts[t] as number;
    if (h < 0) continue;
    if (td.mentorPin !== -1) return false;
    const hostOrg = problem.memberOrg[h] as number;
    const classes = lists[td.spec] as Int32Array;
    const n = classes.length;
    let found = -1;
    for (let k = 0, i = start[td.spec] as number; k < n; k++, i = i + 1 === n ? 0 : i + 1) {
      const r = classes[i] as number;
      if ((left[r] as number) <= 0) continue;
      const org = table.org[r] as number;
      if (org === hostOrg || !mentorAllowed(problem, td, r)) continue;
      // A class with a repeatMentorHost cost at this host does not cost 0 here.
      if (problem.mentorHostDependent && mentorRepeatCost(problem, r, h) > 0) continue;
      if (problem.hostAndAway) {
        let clash = false;
        for (let p = 0; p < P; p++) {
          const m = away[t * P + p] as number;
          if (m >= 0 && problem.memberOrg[m] === org) clash = true;
        }
        if (clash) continue;
      }
      found = i;
      break;
    }
    if (found === -1) return false;
    const r = classes[found] as number;
    out[t] = r;
    left[r] = (left[r] as number) - 1;
    start[td.spec] = found + 1 === n ? 0 : found + 1;
  }
  return true;
}
