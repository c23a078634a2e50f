/**
 * allowUnassigned with hosts to choose: the contract's lexicographic objective (the most
 * filled roles, then the least cost) on cohorts the exact decomposition does not cover.
 *
 * The two stages are solved explicitly, each with a valid bound:
 *
 * - A plan that fills many roles, fast (fillPlan): hosts by one min-cost flow that hosts the
 *   most trainees it can (pinned ones first, since their roles must be filled), then the
 *   supervisor, away and mentor flows of the decomposition on those hosts, each filling the
 *   most roles of its kind, then at least cost. Every pinned role is placed first.
 * - An upper bound on filled roles (fillBound): each role type's count is at most the maximum
 *   flow of its own relaxed network (trainees to the places they could take under some
 *   candidate host, with the places' capacities), and supervisors, mentors and away periods
 *   need a host, so their counts are at most the hosted maximum (times the away periods). The
 *   sum over the four types bounds every plan. The hosted maximum itself is exact (it is the
 *   plan's host flow).
 * - When the plan's filled roles reach that bound, the fill is proven, and every plan that
 *   fills as many has each type at its own bound. A type whose bound is its relaxed network's
 *   maximum flow then costs at least that network's cheapest maximum flow (its arc costs are
 *   lower bounds of the true costs: the least rank in the group, the least travel from any
 *   candidate host); a type capped by the hosted count costs at least 0. The sum is a valid
 *   lower bound on the cost of every plan with the most filled roles.
 *
 * Why not the Lagrangian with a "leave empty" option per role: its subproblem (pricing.ts)
 * is exact only through shortcuts built for full configurations, and the weight that makes the
 * fill come first dwarfs the costs it should then price. The flows here are exact for what
 * they claim, and the search (lagrangian.ts) still runs when a full plan may exist.
 */
import { assignAway } from "./away-flow.js";
import { hostCost, mentorAllowed, mentorCost, rankOf, supervisorAllowed, supervisorCost } from "./costs.js";
import { assignMentors } from "./mentor-flow.js";
import { FlowNetwork } from "./min-cost-flow.js";
import type { Neighbours } from "./neighbours.js";
import { emptyPlan, type PlanArrays } from "./plan-arrays.js";
import type { NetworkProblem, TraineeData } from "./problem.js";
import { assignSupervisors } from "./supervisor-flow.js";

/** Roles a plan fills, counted as the contract does: the host (given or chosen), each away period, the supervisor, the mentor. */
export function filledRoles(problem: NetworkProblem, plan: PlanArrays): number {
  let n = 0;
  for (let t = 0; t < problem.trainees.length; t++) {
    if ((plan.host[t] as number) >= 0) n++;
    if ((plan.supervisor[t] as number) >= 0) n++;
    if ((plan.mentor[t] as number) >= 0) n++;
  }
  for (const m of plan.away) if (m >= 0) n++;
  return n;
}

/** Every role of every trainee: what a plan that leaves nothing empty fills. */
export function allRoles(problem: NetworkProblem): number {
  return problem.trainees.length * (problem.periods + 3);
}

export interface FillBound {
  /** No plan fills more roles than this. */
  readonly roles: number;
  /**
   * A lower bound on the cost of any plan that fills exactly `roles` roles (valid only once a
   * plan filling that many is in hand).
   */
  readonly cost: number;
}

export type FillPlan =
  | { readonly status: "plan"; readonly plan: PlanArrays }
  /** Pinned roles cannot all be filled: no plan keeps every pin. */
  | { readonly status: "infeasible" }
  | { readonly status: "timedout" };

/**
 * The candidate hosts of a trainee whose host is chosen, as its pins allow: not of the
 * organisation of a pinned mentor or a pinned away member, nor a pinned away member itself.
 */
function candidateHosts(problem: NetworkProblem, td: TraineeData): Int32Array {
  const avoid: number[] = [];
  if (td.mentorPin !== -1) avoid.push(problem.mentors.org[td.mentorPin] as number);
  if (td.awayPins !== null) for (const m of td.awayPins) if (m >= 0) avoid.push(problem.memberOrg[m] as number);
  return avoid.length === 0 ? td.hosts : td.hosts.filter((h) => !avoid.includes(problem.memberOrg[h] as number));
}

/** A trainee whose candidates are its specialization's, with nothing of its own but preferences. */
function plain(td: TraineeData): boolean {
  return (
    !td.hostGiven &&
    !td.hostPinned &&
    td.forbiddenMembers === null &&
    td.mentorPin === -1 &&
    td.awayPins === null &&
    td.forbiddenSupervisors === null &&
    td.forbiddenMentors === null
  );
}

/** Whether the trainee has a pin (its roles must then be filled, the host first). */
function pinned(td: TraineeData): boolean {
  return td.hostPinned || td.mentorPin !== -1 || td.awayPins !== null || td.supervisorPin !== -1;
}

/** Trainees by group: plain ones per specialization, every other trainee alone. */
interface Groups {
  /** plainBySpec[s]: the plain trainees of specialization s (hosts chosen). */
  readonly plainBySpec: readonly number[][];
  /** Trainees with a host chosen that are not plain. */
  readonly singles: readonly number[];
  /** Trainees with a given host. */
  readonly given: readonly number[];
}

function groupTrainees(problem: NetworkProblem): Groups {
  const plainBySpec: number[][] = problem.specNames.map(() => []);
  const singles: number[] = [];
  const given: number[] = [];
  problem.trainees.forEach((td, t) => {
    if (td.hostGiven) given.push(t);
    else if (plain(td)) plainBySpec[td.spec]?.push(t);
    else singles.push(t);
  });
  return { plainBySpec, singles, given };
}

/** The least rank any trainee of the group gives each member (the list's length when unlisted). */
function leastRanks(problem: NetworkProblem, trainees: readonly number[], prefsOf: (td: TraineeData) => Int32Array): Int32Array {
  let shortest = Number.POSITIVE_INFINITY;
  for (const t of trainees) shortest = Math.min(shortest, prefsOf(problem.trainees[t]!).length);
  const ranks = new Int32Array(problem.memberCount).fill(Number.isFinite(shortest) ? shortest : 0);
  for (const t of trainees) {
    const prefs = prefsOf(problem.trainees[t]!);
    prefs.forEach((m, i) => {
      if (m >= 0 && i < (ranks[m] as number)) ranks[m] = i;
    });
  }
  return ranks;
}

/** Hosts to keep (per trainee, -1: none) and what any other host costs more. */
interface Keep {
  readonly hosts: Int32Array;
  readonly bonus: number;
}

interface HostFlowOutcome {
  /** Chosen host per trainee (-1: none or given). */
  readonly host: Int32Array;
  /** Trainees with a chosen host. */
  readonly routed: number;
  /** Cost of the flow (the objective given to it). */
  readonly cost: number;
}

/**
 * Hosts for the trainees whose host is chosen: the most trainees that can be hosted.
 *
 * With `forPlan`, trainees with a given host are in the flow too (they take their host's place
 * and compete for its supervisors), and the flow hosts every one of them at its host, then
 * every pinned trainee it can, then the most others: each trainee's arcs carry a penalty by
 * tier (given 0, pinned `tier`, the others 2 `tier`), where `tier` is more than all the other
 * costs of a whole flow together. The trainees that can be hosted form a matroid, and the given
 * ones alone are independent (each has its host's place: the host arc holds the places left
 * plus the given ones). So if a cheapest largest flow left a given trainee g out, some routed
 * trainee x outside the given tier could make way for it (a basis exchange), and the flow
 * hosting g instead of x would save at least `tier` of penalty and lose less than `tier` of the
 * rest: a contradiction. Likewise for pinned trainees against the others, whenever the given and
 * pinned trainees can all be hosted at all. The places offered to trainees whose host is chosen
 * are thus those left after the given hosts', as the contract has it. Hosts without a
 * supervisor for the specialization come after those with one, and a plain trainee's unlisted
 * host costs its own list length.
 *
 * Without it (the bound), only trainees whose host is chosen are in the flow, with the places
 * left after the given hosts', and costs are lower bounds of the true host costs: a group's
 * host costs the least rank any of its trainees gives it.
 */
function chooseHosts(
  problem: NetworkProblem,
  neighbours: Neighbours,
  groups: Groups,
  forPlan: boolean,
  deadline: number,
  keep: Keep | null = null,
): HostFlowOutcome | null {
  const T = problem.trainees.length;
  const M = problem.memberCount;
  const w = problem.w;
  let longest = 0;
  for (const td of problem.trainees) longest = Math.max(longest, td.hostPrefs.length);
  // For the plan, a host also costs what its nearest away places cost (travel and miss, ranks
  // aside): hosts are not chosen blind to the away stage.
  const awayEstimate = new Float64Array(forPlan ? M * problem.specCount : 0).fill(-1);
  const awayPart = (h: number, s: number): number => {
    if (!forPlan || problem.periods === 0) return 0;
    const i = h * problem.specCount + s;
    if ((awayEstimate[i] as number) < 0) {
      awayEstimate[i] = neighbours.leastKeysSum(h, s, problem.periods);
    }
    return awayEstimate[i] as number;
  };
  let farthest = 0;
  if (forPlan) for (let h = 0; h < M; h++) for (let s = 0; s < problem.specCount; s++) farthest = Math.max(farthest, awayPart(h, s));
  const oneTrainee = w.hostRank * longest + w.hostMiss + farthest + 1;
  const noSupervisorPenalty = forPlan ? oneTrainee : 0;
  // The most a unit of flow costs besides its tier penalty: host rank and miss, the away
  // estimate, the supervisor part (past the classes, or the dearest class) and the keeping bonus.
  let dearestClass = 0;
  if (forPlan && !problem.required) {
    for (let c = 0; c < problem.supervisors.count; c++) dearestClass = Math.max(dearestClass, w.supervisorSpecialization + (problem.supervisors.extra?.[c] ?? 0));
  }
  const unit = oneTrainee + Math.max(noSupervisorPenalty, dearestClass) + (keep === null ? 0 : Math.max(0, keep.bonus));
  // Penalties by tier (see the comment above): given hosts first, then pinned trainees, then the rest.
  const tier = forPlan ? (T + 1) * unit : 0;
  const penaltyOf = (td: TraineeData): number => (td.hostGiven ? 0 : pinned(td) ? tier : 2 * tier);

  const network = new FlowNetwork(T + M + problem.specCount + 1, 4 * T + M);
  const sink = network.addNode();
  const hostNode = new Int32Array(M).fill(-1);
  // For the plan, trainees with a given host take their host's place (and compete for its
  // supervisors) like the others, at the lowest tier, so that every one of them is hosted; the
  // host arc holds the places left after them (hostCap) plus theirs. For the bound they are
  // not in the flow and the host arc holds the places left.
  const givenAt = new Int32Array(M);
  if (forPlan) {
    for (const t of groups.given) {
      const h = problem.trainees[t]!.hosts[0] as number;
      givenAt[h] = (givenAt[h] as number) + 1;
    }
  }
  const nodeOfHost = (h: number): number => {
    if (hostNode[h] === -1) {
      hostNode[h] = network.addNode();
      network.addArc(hostNode[h] as number, sink, Math.max(0, problem.hostCap[h] as number) + (givenAt[h] as number), 0);
    }
    return hostNode[h] as number;
  };
  const classNode = new Int32Array(problem.supervisors.count).fill(-1);
  const nodeOfClass = (c: number): number => {
    if (classNode[c] === -1) {
      classNode[c] = network.addNode();
      network.addArc(classNode[c] as number, nodeOfHost(problem.supervisors.member[c] as number), problem.supervisors.capacity[c] as number, 0);
    }
    return classNode[c] as number;
  };
  /**
   * Arcs from `from` to host h: for the plan, one through each supervisor class at h that td
   * may have (so the flow counts supervisors too) and one without a supervisor, at a penalty;
   * for the bound, one arc to the host. Returns the arcs.
   */
  const toHost = (from: number, h: number, td: TraineeData, cap: number, cost: number): number[] => {
    if (!forPlan) return [network.addArc(from, nodeOfHost(h), cap, cost)];
    const arcs = [network.addArc(from, nodeOfHost(h), cap, cost + noSupervisorPenalty)];
    for (const c of problem.supervisorsAt[h] ?? []) {
      if (supervisorAllowed(problem, td, h, c)) arcs.push(network.addArc(from, nodeOfClass(c), cap, cost + (problem.required ? 0 : supervisorCost(problem, c, td.spec))));
    }
    return arcs;
  };
  const direct: { t: number; h: number; arc: number }[] = [];
  const viaGroup: { t: number; arc: number; group: number }[] = [];
  const groupNode: number[] = [];
  const groupArcs: { h: number; arc: number }[][] = [];
  let supply = 0;
  /** The trainee's arcs: to each host of `listed` that is a candidate, and into its group (-1: none). */
  const addTrainee = (t: number, candidates: Int32Array, listed: ArrayLike<number>, group: number, groupCost: number): void => {
    const td = problem.trainees[t]!;
    const node = network.addNode(1);
    supply++;
    const penalty = penaltyOf(td);
    // With a host to keep, every other host costs the keeping bonus more.
    const kept = keep === null ? -1 : (keep.hosts[t] as number);
    const other = keep === null ? 0 : keep.bonus;
    const arcTo = (h: number) => {
      const cost = hostCost(problem, td, h) + awayPart(h, td.spec) + penalty + (h === kept ? 0 : other);
      for (const arc of toHost(node, h, td, 1, cost)) direct.push({ t, h, arc });
    };
    for (let k = 0; k < listed.length; k++) {
      const h = listed[k] as number;
      if (h >= 0 && h !== kept && candidates.includes(h)) arcTo(h);
    }
    if (kept >= 0 && candidates.includes(kept)) arcTo(kept);
    if (group >= 0) viaGroup.push({ t, arc: network.addArc(node, groupNode[group] as number, 1, groupCost + penalty + other), group });
  };
  groups.plainBySpec.forEach((trainees, s) => {
    if (trainees.length === 0) return;
    const g = groupNode.length;
    groupNode.push(network.addNode());
    const arcs: { h: number; arc: number }[] = [];
    groupArcs.push(arcs);
    // For the plan, a host through the group costs the trainee's list length (its own listed
    // hosts are reached by direct arcs); for the bound, the least rank any trainee gives it.
    const ranks = forPlan ? null : leastRanks(problem, trainees, (td) => td.hostPrefs);
    const first = problem.trainees[trainees[0] as number]!;
    const candidates = problem.hostsBySpec[s] as Int32Array;
    for (const h of candidates) {
      const miss = !problem.required && problem.offers[s * M + h] === 0 ? w.hostMiss : 0;
      const rank = ranks === null ? 0 : (ranks[h] as number);
      for (const arc of toHost(groupNode[g] as number, h, first, trainees.length, w.hostRank * rank + miss + awayPart(h, s))) arcs.push({ h, arc });
    }
    for (const t of trainees) {
      const td = problem.trainees[t]!;
      addTrainee(t, candidates, td.hostPrefs, g, forPlan ? w.hostRank * td.hostPrefs.length : 0);
    }
  });
  for (const t of groups.singles) {
    const candidates = candidateHosts(problem, problem.trainees[t]!);
    addTrainee(t, candidates, candidates, -1, 0);
  }
  if (forPlan) for (const t of groups.given) addTrainee(t, problem.trainees[t]!.hosts, problem.trainees[t]!.hosts, -1, 0);
  network.addSupply(sink, -supply);

  const solution = network.solve(deadline);
  if (solution === null) return null;
  const host = new Int32Array(T).fill(-1);
  for (const { t, h, arc } of direct) if ((solution.flow[arc] as number) > 0.5) host[t] = h;
  // Hand each group's hosts to its trainees that went through the group.
  groupArcs.forEach((arcs, g) => {
    const left: number[] = [];
    for (const { h, arc } of arcs) for (let k = Math.round(solution.flow[arc] as number); k > 0; k--) left.push(h);
    for (const { t, arc, group } of viaGroup) {
      if (group !== g || (solution.flow[arc] as number) < 0.5) continue;
      const h = left.pop();
      if (h !== undefined) host[t] = h;
    }
  });
  let routed = 0;
  host.forEach((h, t) => {
    if (h >= 0 && !problem.trainees[t]!.hostGiven) routed++;
  });
  if (forPlan) {
    for (const t of groups.given) {
      if (host[t] !== problem.trainees[t]!.hosts[0]) throw new Error(`unreachable: the host flow left trainee ${problem.trainees[t]!.trainee.id} without its given host`);
    }
  }
  return { host, routed, cost: solution.cost };
}

/** A relaxed transportation problem of one role type: sources (trainees or groups) to places. */
interface Relaxed {
  readonly network: FlowNetwork;
  readonly sink: number;
  supply: number;
  /** Sources added so far (the deadline is checked every DEADLINE_STRIDE of them). */
  sources: number;
  readonly placeNode: Int32Array;
}

/**
 * Building a relaxed network adds an arc per source and place: at 5,000 trainees that is
 * seconds of work before any solve, so the deadline is checked while sources are added, every
 * this many.
 */
const DEADLINE_STRIDE = 32;

/** Whether the deadline passed (checked every DEADLINE_STRIDE sources of `r`). */
function pastDeadline(r: Relaxed, deadline: number): boolean {
  return r.sources % DEADLINE_STRIDE === 0 && performance.now() > deadline;
}

/**
 * Places with their capacities; with `through`, place k's units also pass a shared node
 * (through(k), with its own capacity) on their way to the sink.
 */
function relaxed(places: number, capacityOf: (k: number) => number, through?: { readonly of: (k: number) => number; readonly capacity: readonly number[] }): Relaxed {
  const network = new FlowNetwork(places + 64, 8 * places);
  const sink = network.addNode();
  const shared = through?.capacity.map((cap) => (cap > 0 ? network.addArc(network.addNode(), sink, cap, 0) : -1));
  const placeNode = new Int32Array(places).fill(-1);
  for (let k = 0; k < places; k++) {
    const cap = capacityOf(k);
    const arc = shared === undefined || through === undefined ? null : (shared[through.of(k)] as number);
    if (cap <= 0 || arc === -1) continue;
    network.addArc((placeNode[k] = network.addNode()), arc === null ? sink : network.arcFrom(arc), cap, 0);
  }
  return { network, sink, supply: 0, sources: 0, placeNode };
}

/** Adds a source of `supply` units with an arc of capacity `cap` to each place `costOf` does not refuse (NaN). */
function addSource(r: Relaxed, supply: number, cap: number, costOf: (k: number) => number): void {
  r.sources++;
  const node = r.network.addNode(supply);
  r.supply += supply;
  for (let k = 0; k < r.placeNode.length; k++) {
    if (r.placeNode[k] === -1) continue;
    const cost = costOf(k);
    if (!Number.isNaN(cost)) r.network.addArc(node, r.placeNode[k] as number, cap, cost);
  }
}

/** The most units the relaxed problem routes, and the least cost of routing that many; null at the deadline. */
function solveRelaxed(r: Relaxed, deadline: number): { readonly max: number; readonly cost: number } | null {
  r.network.addSupply(r.sink, -r.supply);
  const solution = r.network.solve(deadline);
  return solution === null ? null : { max: Math.round(solution.routed), cost: solution.cost };
}

/** The organisations of a set of hosts (-1 when none, -2 when several). */
function singleOrganisation(problem: NetworkProblem, hosts: ArrayLike<number>): number {
  let org = -1;
  for (let k = 0; k < hosts.length; k++) {
    const o = problem.memberOrg[hosts[k] as number] as number;
    if (org === -1) org = o;
    else if (org !== o) return -2;
  }
  return org;
}

/** Whether some host of the set is outside organisation `org` (given singleOrganisation of the set). */
const someHostOutside = (setOrg: number, org: number): boolean => setOrg === -2 || (setOrg >= 0 && setOrg !== org);

/** Candidate hosts of a trainee: its given host, or those its pins allow. */
function hostsOf(problem: NetworkProblem, td: TraineeData): Int32Array {
  return td.hostGiven ? td.hosts : plain(td) ? (problem.hostsBySpec[td.spec] as Int32Array) : candidateHosts(problem, td);
}

function supervisorRelaxed(problem: NetworkProblem, groups: Groups, deadline: number): Relaxed | null {
  const table = problem.supervisors;
  // A supervised trainee is hosted too: classes share their member's host places (those left
  // after given hosts, plus the given hosts' own).
  const hostPlaces = Array.from(problem.hostCap, (cap) => Math.max(0, cap));
  for (const t of groups.given) hostPlaces[problem.trainees[t]!.hosts[0] as number]! += 1;
  const r = relaxed(table.count, (c) => table.capacity[c] as number, { of: (c) => table.member[c] as number, capacity: hostPlaces });
  const cost = (c: number, s: number) => (problem.required ? 0 : supervisorCost(problem, c, s));
  const allowedAt = (td: TraineeData, hosts: Int32Array) => {
    const ok = new Uint8Array(table.count);
    for (const h of hosts) for (const c of problem.supervisorsAt[h] ?? []) if (supervisorAllowed(problem, td, h, c)) ok[c] = 1;
    return ok;
  };
  for (const t of [...groups.given, ...groups.singles]) {
    if (pastDeadline(r, deadline)) return null;
    const td = problem.trainees[t]!;
    const ok = allowedAt(td, hostsOf(problem, td));
    addSource(r, 1, 1, (c) => (ok[c] === 1 ? cost(c, td.spec) : Number.NaN));
  }
  groups.plainBySpec.forEach((trainees, s) => {
    if (trainees.length === 0) return;
    const ok = allowedAt(problem.trainees[trainees[0] as number]!, problem.hostsBySpec[s] as Int32Array);
    addSource(r, trainees.length, trainees.length, (c) => (ok[c] === 1 ? cost(c, s) : Number.NaN));
  });
  return r;
}

/**
 * Mentors: a trainee to the classes it may have. A trainee without a mentor pin or forbidden
 * mentors may have exactly the classes of its specialization outside its hosts' organisation,
 * so such trainees are merged into one source per specialization and organisation (identical
 * sources: the same maximum flow and the same least cost). On a big network (more arcs than
 * RELAXED_ARCS_EXACT), where organisations are many and small, they are merged per
 * specialization, the organisation rule dropped: a coarser relaxation, so a weaker bound, but
 * one built and solved in time. One source per trainee made 8.6 million arcs at 5,000 trainees
 * with hosts given (about 100 s to solve), one per organisation still 4.2 million.
 */
function mentorRelaxed(problem: NetworkProblem, groups: Groups, deadline: number): Relaxed | null {
  const table = problem.mentors;
  const r = relaxed(table.count, (c) => table.capacity[c] as number);
  const source = (td: TraineeData, org: number, supply: number, s: number) => {
    addSource(r, supply, supply, (c) =>
      mentorAllowed(problem, td, c) && someHostOutside(org, table.org[c] as number) ? mentorCost(problem, c, s) : Number.NaN,
    );
  };
  const coarse = (groups.given.length + groups.singles.length) * table.count > RELAXED_ARCS_EXACT;
  /** Mergeable trainees by specialization and organisation of their hosts (see singleOrganisation; -2, any, when coarse). */
  const merged = new Map<number, { td: TraineeData; org: number; count: number }>();
  for (const t of [...groups.given, ...groups.singles]) {
    if (pastDeadline(r, deadline)) return null;
    const td = problem.trainees[t]!;
    if (td.mentorPin !== -1 || td.forbiddenMentors !== null) {
      source(td, singleOrganisation(problem, hostsOf(problem, td)), 1, td.spec);
      continue;
    }
    const org = coarse ? -2 : singleOrganisation(problem, hostsOf(problem, td));
    const key = td.spec * (problem.orgCount + 2) + org + 2;
    const group = merged.get(key);
    if (group === undefined) merged.set(key, { td, org, count: 1 });
    else group.count++;
  }
  for (const { td, org, count } of merged.values()) {
    if (pastDeadline(r, deadline)) return null;
    source(td, org, count, td.spec);
  }
  groups.plainBySpec.forEach((trainees, s) => {
    if (trainees.length > 0) source(problem.trainees[trainees[0] as number]!, singleOrganisation(problem, problem.hostsBySpec[s] as Int32Array), trainees.length, s);
  });
  return r;
}

/**
 * Above this many arcs (sources × places), the mentor and away networks merge trainees into
 * one source per specialization (mentorRelaxed, awayRelaxed). Below it (a few hundred trainees
 * on a national network), each keeps its own source, and its own ranks and travel.
 */
const RELAXED_ARCS_EXACT = 400_000;

/**
 * Away visits: a trainee (P visits) to members (at most one visit each, P × awayCapacity in
 * all). A visit costs at least its rank (the least in a group), its miss and the least travel
 * from a candidate host outside the member's organisation. On a big network (more arcs than
 * RELAXED_ARCS_EXACT), trainees with a given host and no forbidden members form one group per
 * specialization (their hosts its candidate hosts, the least rank and least travel their
 * costs): a coarser relaxation, so a weaker bound, but one built and solved in time. One
 * source per trainee made 2.7 million arcs at 5,000 trainees with hosts given (about 23 s to
 * solve), one per specialization and host organisation still 1.25 million.
 */
function awayRelaxed(problem: NetworkProblem, neighbours: Neighbours, groups: Groups, deadline: number): Relaxed | null {
  const P = problem.periods;
  const M = problem.memberCount;
  const w = problem.w;
  const r = relaxed(M, (m) => P * (problem.awayCap[m] as number));
  const missOf = (s: number, m: number) => (!problem.required && problem.offers[s * M + m] === 0 ? w.specializationMiss : 0);
  /** Least travel to each member from a host of the set outside its organisation (Infinity: none). */
  const leastTravel = (hosts: ArrayLike<number>): Float64Array => {
    const least = new Float64Array(M).fill(Number.POSITIVE_INFINITY);
    for (let k = 0; k < hosts.length; k++) {
      const h = hosts[k] as number;
      const row = problem.travel(h);
      for (let m = 0; m < M; m++) if (problem.memberOrg[m] !== problem.memberOrg[h] && (row[m] as number) < (least[m] as number)) least[m] = row[m] as number;
    }
    return least;
  };
  const bySpec = new Map<number, Float64Array>();
  const travelFor = (td: TraineeData, hosts: Int32Array): Float64Array => {
    if (hosts.length > 1 && !td.hostGiven) {
      // Candidates of a trainee with several are among its specialization's: their least travel is no more.
      let row = bySpec.get(td.spec);
      if (row === undefined) bySpec.set(td.spec, (row = leastTravel(problem.hostsBySpec[td.spec] as Int32Array)));
      return row;
    }
    return leastTravel(hosts);
  };
  const source = (td: TraineeData, hosts: Int32Array, members: number, ranks: Int32Array | null) => {
    const travel = travelFor(td, hosts);
    addSource(r, P * members, members, (m) => {
      if (!Number.isFinite(travel[m] as number) || (td.forbiddenMembers?.has(m) ?? false)) return Number.NaN;
      let eligible = false;
      for (const h of hosts) if ((eligible = neighbours.eligible(h, td.spec, m))) break;
      if (!eligible) return Number.NaN;
      const rank = ranks === null ? rankOf(td.awayPrefs, m) : (ranks[m] as number);
      return w.awayRank * rank + (travel[m] as number) + missOf(td.spec, m);
    });
  };
  const mergeGiven = (groups.given.length + groups.singles.length) * M > RELAXED_ARCS_EXACT;
  /** Given-host trainees to merge, by specialization. */
  const merged = new Map<number, number[]>();
  for (const t of [...groups.given, ...groups.singles]) {
    if (pastDeadline(r, deadline)) return null;
    const td = problem.trainees[t]!;
    const hosts = hostsOf(problem, td);
    if (mergeGiven && td.hostGiven && td.forbiddenMembers === null) {
      const key = td.spec;
      const group = merged.get(key);
      if (group === undefined) merged.set(key, [t]);
      else group.push(t);
    } else if (hosts.length > 0) source(td, hosts, 1, null);
  }
  for (const trainees of merged.values()) {
    if (pastDeadline(r, deadline)) return null;
    const hosts = Int32Array.from(new Set(trainees.map((t) => problem.trainees[t]!.hosts[0] as number)));
    // The group's own hosts (travelFor would take all of the specialization's).
    const td = problem.trainees[trainees[0] as number]!;
    const travel = leastTravel(hosts);
    const ranks = leastRanks(problem, trainees, (x) => x.awayPrefs);
    addSource(r, P * trainees.length, trainees.length, (m) => {
      // A finite least travel: some host of the group is outside m's organisation; the rest of
      // eligibility (room, the fit rule) does not depend on the host.
      if (!Number.isFinite(travel[m] as number) || (problem.awayCap[m] as number) <= 0 || (problem.required && problem.offers[td.spec * M + m] !== 1)) return Number.NaN;
      return w.awayRank * (ranks[m] as number) + (travel[m] as number) + missOf(td.spec, m);
    });
  }
  groups.plainBySpec.forEach((trainees, s) => {
    if (trainees.length === 0 || (problem.hostsBySpec[s] as Int32Array).length === 0) return;
    source(problem.trainees[trainees[0] as number]!, problem.hostsBySpec[s] as Int32Array, trainees.length, leastRanks(problem, trainees, (td) => td.awayPrefs));
  });
  return r;
}

/**
 * The fill bound and, for plans that reach it, the cost bound (see the file's comment); null
 * at the deadline.
 */
export function fillBound(problem: NetworkProblem, neighbours: Neighbours, deadline: number): FillBound | null {
  const groups = groupTrainees(problem);
  const hosts = chooseHosts(problem, neighbours, groups, false, deadline);
  if (hosts === null) return null;
  const hosted = groups.given.length + hosts.routed;
  let roles = hosted;
  let cost = hosts.cost;
  // Each network is built just before it is solved, so that the deadline is checked in between.
  const types: [() => Relaxed | null, number][] = [
    [() => supervisorRelaxed(problem, groups, deadline), hosted],
    [() => mentorRelaxed(problem, groups, deadline), hosted],
  ];
  if (problem.periods > 0) types.push([() => awayRelaxed(problem, neighbours, groups, deadline), problem.periods * hosted]);
  for (const [build, cap] of types) {
    const r = build();
    const solved = r === null ? null : solveRelaxed(r, deadline);
    if (solved === null) return null;
    roles += Math.min(solved.max, cap);
    // Capped by the hosted count, the type need not be a largest flow of its network: cost >= 0.
    if (solved.max <= cap) cost += solved.cost;
  }
  return { roles, cost };
}

/** Whether every pinned role is filled as pinned. */
export function pinsHold(problem: NetworkProblem, plan: PlanArrays): boolean {
  const P = problem.periods;
  return problem.trainees.every(
    (td, t) =>
      (!pinned(td) || (plan.host[t] as number) >= 0) &&
      (td.supervisorPin === -1 || plan.supervisor[t] === td.supervisorPin) &&
      (td.mentorPin === -1 || plan.mentor[t] === td.mentorPin) &&
      (td.awayPins === null || Array.from(td.awayPins).every((m, p) => m < 0 || plan.away[t * P + p] === m)),
  );
}

/**
 * A plan that fills many roles: the most hosted trainees (pinned ones first), then the
 * decomposition's supervisor, away and mentor flows on those hosts. "infeasible" when the
 * pinned roles alone cannot all be filled (every flow places pins first, and the hosts host
 * every pinned trainee when any choice does).
 */
export function fillPlan(problem: NetworkProblem, neighbours: Neighbours, deadline: number, keep: Keep | null = null): FillPlan {
  const groups = groupTrainees(problem);
  const hosts = chooseHosts(problem, neighbours, groups, true, deadline, keep);
  if (hosts === null) return { status: "timedout" };
  const plan = emptyPlan(problem);
  plan.host.set(hosts.host);
  for (const t of groups.given) plan.host[t] = problem.trainees[t]!.hosts[0] as number;
  const avoid = Int32Array.from(problem.trainees, (td) => (problem.hostAndAway && td.mentorPin !== -1 ? (problem.mentors.org[td.mentorPin] as number) : -1));
  const statuses = [
    assignSupervisors(problem, plan.host, plan.supervisor, deadline),
    assignAway(problem, neighbours, plan.host, plan.away, deadline, { avoid }),
    assignMentors(problem, plan.host, plan.away, plan.mentor, deadline),
  ];

  if (statuses.includes("timeout")) return { status: "timedout" };
  if (!pinsHold(problem, plan)) return { status: "infeasible" };
  return { status: "plan", plan };
}

/** Whether plan a is better than plan b under allowUnassigned: more roles filled, then cheaper. */
export function betterFill(filledA: number, costA: number, filledB: number, costB: number): boolean {
  return filledA > filledB || (filledA === filledB && costA < costB - 1e-9 * Math.max(1, Math.abs(costB)));
}

/** How many trainees have a host, a supervisor and a mentor, and how many away periods are filled. */
export function roleCounts(plan: PlanArrays): { hosted: number; supervised: number; mentored: number; away: number } {
  const count = (a: Int32Array) => a.reduce((n, x) => n + (x >= 0 ? 1 : 0), 0);
  return { hosted: count(plan.host), supervised: count(plan.supervisor), mentored: count(plan.mentor), away: count(plan.away) };
}

/**
 * A plan of the problem with free roles (problem.ts, withFreeRoles) brought back to the cohort:
 * fillPlan again, with its hosts kept where that fills as many roles (every other host costs
 * `bonus` more in the host flow), and the flows for the rest. null when no plan comes of it.
 */
export function projectPlan(problem: NetworkProblem, neighbours: Neighbours, relaxedPlan: PlanArrays, bonus: number, deadline: number): PlanArrays | null {
  const projected = fillPlan(problem, neighbours, deadline, { hosts: relaxedPlan.host, bonus });
  return projected.status === "plan" ? projected.plan : null;
}
