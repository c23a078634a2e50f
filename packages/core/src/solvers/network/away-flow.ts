/**
 * Away placements once the hosts are known.
 *
 * One flow gives each trainee its distinct away members: trainee (supply = away periods) ->
 * member (an arc of capacity 1: a member at most once per trainee) -> sink (P × awayCapacity);
 * then edge-colouring.ts turns member sets into periods. The cost of a visit (rank, travel from
 * the host, miss) does not depend on the period, so this is exact when every period has the same
 * capacities, that is without away pins (or with one away period), and still with the pins of
 * one trainee: its pinned visits are placed first, and the colouring's periods are renamed so
 * that they fall in their periods (periodsByColouring). With pins of several trainees and
 * several away periods, the periods are filled one after another: valid, not necessarily
 * cheapest (the exact decomposition leaves such cohorts to the general method).
 *
 * Arcs are priced rather than all built: each trainee starts with its listed members and its
 * FIRST_OTHERS cheapest unlisted ones; after each solve, every left-out (trainee, member) pair
 * is priced with the flow's potentials and those with a negative reduced cost are added, until
 * none is left. The last flow is then optimal over all pairs (column generation).
 *
 * reciprocity: with the hosts known, every host sends one placement per away period of each
 * trainee it hosts (a constant for full plans), so member m's term is weight × |c_m + in_m|,
 * c_m = history received − history sent − these sends (+ pinned visits received), a convex
 * piecewise-linear cost of its visits in_m over all away periods. The member's arc to the sink
 * is split: the first max(0, −c_m) visits at 0, the rest at 2 × weight (the same as −weight
 * and +weight, shifted by weight per visit: every maximum flow routes as many visits). The
 * flow is then exact for the term too, in the cases where it is exact at all.
 */
import { awayCost } from "./costs.js";
import { colourBipartiteEdges } from "./edge-colouring.js";
import { FlowNetwork, residualDistances } from "./min-cost-flow.js";
import type { Neighbours } from "./neighbours.js";
import type { NetworkProblem } from "./problem.js";
import type { FlowStatus } from "./supervisor-flow.js";

/** Unlisted members each trainee starts with, beyond its supply. */
const FIRST_OTHERS = 6;
/** Most arcs a trainee gets per pricing round. */
const ADD_PER_ROUND = 8;
/** A reduced cost must be below this to count as negative (potentials are sums of floats). */
const PRICE_TOLERANCE = 1e-7;

export interface AwayFlowOptions {
  /** Filled with the price of an away place at each member, per period (prices[p * members + m]). */
  readonly prices?: Float64Array;
  /** Per trainee, an organisation its away members must avoid (its mentor's), or -1. */
  readonly avoid?: Int32Array;
  /** Leave the reciprocity term out (the flow then minimises the trainees' costs alone). */
  readonly ignoreReciprocity?: boolean;
}

/**
 * Fills out[t * P + p] with the member of trainee t in away period p (or -1) for every trainee
 * with hosts[t] >= 0.
 */
export function assignAway(
  problem: NetworkProblem,
  neighbours: Neighbours,
  hosts: Int32Array,
  out: Int32Array,
  deadline: number,
  options: AwayFlowOptions = {},
): FlowStatus {
  const { prices, avoid } = options;
  const P = problem.periods;
  const M = problem.memberCount;
  // reciprocity: each member's balance before these visits (every away period of a hosted trainee sent).
  let balance: Float64Array | null = null;
  if (problem.reciprocity > 0 && options.ignoreReciprocity !== true && P > 0) {
    balance = Float64Array.from(problem.balanceBefore);
    for (let t = 0; t < hosts.length; t++) {
      const h = hosts[t] as number;
      if (h >= 0) balance[h] = (balance[h] as number) - P;
    }
  }
  const used = (t: number, m: number): boolean =>
    out.subarray(t * P, t * P + P).includes(m) || (avoid !== undefined && problem.memberOrg[m] === avoid[t]);
  out.fill(-1);
  if (P === 0) return "complete";
  const capLeft = new Int32Array(P * M);
  for (let p = 0; p < P; p++) capLeft.set(problem.awayCap, p * M);
  let partial = false;
  const pinnedTrainees: number[] = [];
  const pinnedUse = new Int32Array(M);
  problem.trainees.forEach((td, t) => {
    const h = hosts[t] as number;
    if (h < 0 || td.awayPins === null) return;
    td.awayPins.forEach((m, p) => {
      if (m < 0) return;
      if (pinnedTrainees[pinnedTrainees.length - 1] !== t) pinnedTrainees.push(t);
      const repeated = out.subarray(t * P, t * P + P).includes(m);
      if (!repeated && allowed(problem, neighbours, t, h, m) && (capLeft[p * M + m] as number) > 0) {
        out[t * P + p] = m;
        capLeft[p * M + m] = (capLeft[p * M + m] as number) - 1;
        pinnedUse[m] = (pinnedUse[m] as number) + 1;
        if (balance !== null) balance[m] = (balance[m] as number) + 1;
      } else {
        partial = true;
      }
    });
  });

  const withHost = problem.trainees.flatMap((_, t) => ((hosts[t] as number) >= 0 ? [t] : []));
  // Exact with the pins of one trainee: a colouring's periods can be renamed so that its pinned
  // visits fall in their periods (periodsByColouring).
  if (P === 1 || (pinnedTrainees.length <= 1 && !partial)) {
    const supply = (t: number) => out.subarray(t * P, t * P + P).reduce((n, m) => n + (m < 0 ? 1 : 0), 0);
    const cap = (m: number) => (P === 1 ? (capLeft[m] as number) : P * (problem.awayCap[m] as number) - (pinnedUse[m] as number));
    const found = transport(problem, neighbours, hosts, withHost, supply, cap, used, deadline, balance);
    if (found === null) return "timeout";
    const members = found.members;
    if (prices !== undefined) for (let p = 0; p < P; p++) prices.set(found.prices, p * M);
    if (P === 1) {
      withHost.forEach((t, i) => {
        const m = members[i]?.[0];
        if (m !== undefined) out[t] = m;
      });
    } else {
      periodsByColouring(problem, withHost, members, out, pinnedTrainees[0]);
    }
  } else {
    for (let p = 0; p < P; p++) {
      const free = withHost.filter((t) => out[t * P + p] === -1);
      const found = transport(
        problem,
        neighbours,
        hosts,
        free,
        () => 1,
        (m) => capLeft[p * M + m] as number,
        used,
        deadline,
        balance,
      );
      if (found === null) return "timeout";
      if (prices !== undefined) prices.set(found.prices, p * M);
      free.forEach((t, i) => {
        const m = found.members[i]?.[0];
        if (m === undefined) return;
        out[t * P + p] = m;
        capLeft[p * M + m] = (capLeft[p * M + m] as number) - 1;
        if (balance !== null) balance[m] = (balance[m] as number) + 1;
      });
    }
  }
  for (const t of withHost) if (out.subarray(t * P, t * P + P).includes(-1)) partial = true;
  return partial ? "partial" : "complete";
}

/** Whether trainee t hosted at h may visit m (capacity aside). */
function allowed(problem: NetworkProblem, neighbours: Neighbours, t: number, h: number, m: number): boolean {
  const td = problem.trainees[t]!;
  return neighbours.eligible(h, td.spec, m) && !(td.forbiddenMembers?.has(m) ?? false);
}

/**
 * Min-cost flow from the trainees (with supply(t) visits each) to members (cap(m) visits each),
 * at most one visit per (trainee, member), skipping pairs `excluded` says no to. Returns the
 * members of each trainee (by position in `trainees`), or null at the deadline. `balance`:
 * each member's reciprocity balance before these visits (null when the term is off).
 */
function transport(
  problem: NetworkProblem,
  neighbours: Neighbours,
  hosts: Int32Array,
  trainees: readonly number[],
  supply: (t: number) => number,
  cap: (m: number) => number,
  excluded: (t: number, m: number) => boolean,
  deadline: number,
  balance: Float64Array | null = null,
): { members: number[][]; prices: Float64Array } | null {
  const M = problem.memberCount;
  const network = new FlowNetwork(trainees.length + M + 1, trainees.length * (FIRST_OTHERS + 4) + 2 * M);
  const sink = network.addNode();
  const memberNode = new Int32Array(M).fill(-1);
  for (let m = 0; m < M; m++) {
    const c = cap(m);
    if (c <= 0) continue;
    memberNode[m] = network.addNode();
    if (balance === null) {
      network.addArc(memberNode[m] as number, sink, c, 0);
      continue;
    }
    // Visits that bring the balance up towards 0, then those that take it beyond (see above).
    const cheap = Math.max(0, Math.min(c, -(balance[m] as number)));
    if (cheap > 0) network.addArc(memberNode[m] as number, sink, cheap, 0);
    if (c - cheap > 0) network.addArc(memberNode[m] as number, sink, c - cheap, 2 * problem.reciprocity);
  }
  const traineeNode = new Int32Array(trainees.length);
  const arcsOf: { arc: number; member: number }[][] = trainees.map(() => []);
  const present = new Set<number>();
  const open = (i: number, m: number): boolean => {
    const t = trainees[i] as number;
    return memberNode[m] !== -1 && !present.has(t * M + m) && !excluded(t, m) && allowed(problem, neighbours, t, hosts[t] as number, m);
  };
  const add = (i: number, m: number, cost: number): void => {
    const t = trainees[i] as number;
    present.add(t * M + m);
    arcsOf[i]!.push({ arc: network.addArc(traineeNode[i] as number, memberNode[m] as number, 1, cost), member: m });
  };

  trainees.forEach((t, i) => {
    const td = problem.trainees[t]!;
    const h = hosts[t] as number;
    const b = supply(t);
    traineeNode[i] = network.addNode(b);
    network.addSupply(sink, -b);
    if (b === 0) return;
    for (const m of td.awayPrefs) if (m >= 0 && open(i, m)) add(i, m, awayCost(problem, td, h, m));
    let others = 0;
    for (const m of neighbours.of(h, td.spec).members) {
      if (others >= FIRST_OTHERS + b) break;
      if (!open(i, m)) continue;
      add(i, m, awayCost(problem, td, h, m));
      others++;
    }
  });

  for (;;) {
    const solution = network.solve(deadline);
    if (solution === null) return null;
    let added = 0;
    trainees.forEach((t, i) => {
      const td = problem.trainees[t]!;
      const h = hosts[t] as number;
      if (supply(t) === 0) return;
      const piT = solution.potential[traineeNode[i] as number] as number;
      const unlisted = problem.w.awayRank * td.awayPrefs.length;
      const list = neighbours.of(h, td.spec);
      let mine = 0;
      for (let k = 0; k < list.members.length && mine < ADD_PER_ROUND; k++) {
        const m = list.members[k] as number;
        if (memberNode[m] === -1) continue;
        const reduced = unlisted + (list.keys[k] as number) + piT - (solution.potential[memberNode[m] as number] as number);
        if (reduced >= -PRICE_TOLERANCE || !open(i, m)) continue;
        add(i, m, awayCost(problem, td, h, m));
        mine++;
      }
      added += mine;
    });
    if (added === 0) {
      const pi = residualDistances(network, solution, sink);
      const prices = Float64Array.from(memberNode, (node) => {
        if (node === -1) return 0;
        const price = (pi[sink] as number) - (pi[node] as number);
        return price > 0 && Number.isFinite(price) ? price : 0;
      });
      return {
        members: arcsOf.map((arcs) => arcs.filter(({ arc }) => (solution.flow[arc] as number) > 0.5).map(({ member }) => member)),
        prices,
      };
    }
  }
}

/** Which member in which period, for trainees without away pins (see edge-colouring.ts). */
function periodsByColouring(problem: NetworkProblem, trainees: readonly number[], members: readonly number[][], out: Int32Array, pinned?: number): void {
  const P = problem.periods;
  const copyBase = new Int32Array(problem.memberCount);
  let copies = 0;
  for (let m = 0; m < problem.memberCount; m++) {
    copyBase[m] = copies;
    copies += Math.max(1, problem.awayCap[m] as number);
  }
  const dealt = new Int32Array(problem.memberCount);
  const edges: [number, number][] = [];
  const edgeMember: number[] = [];
  /** The period each edge must end in: the pinned trainee's pinned visits; -1 for the others. */
  const wanted: number[] = [];
  const addEdge = (i: number, m: number, period: number) => {
    const copy = (copyBase[m] as number) + ((dealt[m] as number) % Math.max(1, problem.awayCap[m] as number));
    dealt[m] = (dealt[m] as number) + 1;
    edges.push([i, copy]);
    edgeMember.push(m);
    wanted.push(period);
  };
  members.forEach((list, i) => {
    const t = trainees[i] as number;
    if (t === pinned) out.subarray(t * P, t * P + P).forEach((m, p) => m >= 0 && addEdge(i, m, p));
    for (const m of list) addEdge(i, m, -1);
  });
  const colour = colourBipartiteEdges(trainees.length, copies, edges, P);
  // Rename the periods so that the pinned visits fall where their pins say: the pinned trainee's
  // edges have distinct colours, so some renaming maps each to its period, and a renaming keeps
  // every vertex's colours distinct.
  const rename = Int32Array.from({ length: P }, () => -1);
  wanted.forEach((p, e) => p >= 0 && (rename[colour[e] as number] = p));
  const taken = new Set(rename.filter((p) => p >= 0));
  let nextFree = 0;
  for (let c = 0; c < P; c++) {
    if (rename[c] !== -1) continue;
    while (taken.has(nextFree)) nextFree++;
    rename[c] = nextFree++;
  }
  edges.forEach(([i], e) => {
    out[(trainees[i] as number) * P + (rename[colour[e] as number] as number)] = edgeMember[e] as number;
  });
}
