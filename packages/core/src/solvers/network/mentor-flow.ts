/**
 * Mentors once the hosts (and, under "host-and-away", the away members) are known. A mentor
 * must work outside a set of organisations X(t): the host's, plus every away member's under
 * "host-and-away". Trainees with the same specialization and the same X are alike (a group
 * node); a trainee with a forbidden mentor is a node of its own with an arc per allowed class;
 * pinned mentors are placed first.
 *
 * A group reaches "every class outside X" through segment trees over organisations
 * (segment-tree.ts), one per cost layer: the classes that list the specialization (cost 0) and
 * all classes (cost mentorSpecialization). A class that lists it is reachable both ways, and
 * the flow takes the cheaper, so the costs are exact: the flow solves the mentor role's
 * transportation problem without an arc per (trainee, class) pair.
 *
 * repeatMentorHost makes a few classes (mentors with history, each a class of its own) dearer
 * for trainees hosted at particular members. Trainees hosted at such a member form groups of
 * their own (the host is in the key); their trees also skip the organisations of those classes,
 * and the group gets a direct arc to every class of those organisations at its exact cost
 * (the repeat included), so the costs stay exact.
 */
import { mentorAllowed, mentorCost } from "./costs.js";
import { FlowNetwork, residualDistances } from "./min-cost-flow.js";
import type { NetworkProblem } from "./problem.js";
import { OrganisationTree } from "./segment-tree.js";
import type { FlowStatus } from "./supervisor-flow.js";

/** The organisations trainee t's mentor must avoid, sorted. */
function excludedOrganisations(problem: NetworkProblem, t: number, host: number, away: Int32Array | null): number[] {
  const orgs = [problem.memberOrg[host] as number];
  if (problem.hostAndAway && away !== null) {
    const P = problem.periods;
    for (let p = 0; p < P; p++) {
      const m = away[t * P + p] as number;
      if (m >= 0) orgs.push(problem.memberOrg[m] as number);
    }
  }
  return [...new Set(orgs)].sort((a, b) => a - b);
}

/** Fills out[t] with a mentor class (or -1) for every trainee with hosts[t] >= 0. */
export function assignMentors(
  problem: NetworkProblem,
  hosts: Int32Array,
  away: Int32Array | null,
  out: Int32Array,
  deadline: number,
  prices?: Float64Array,
): FlowStatus {
  const table = problem.mentors;
  const left = Int32Array.from(table.capacity);
  out.fill(-1);
  let partial = false;
  const groups = new Map<string, { spec: number; host: number; excluded: number[]; trainees: number[] }>();
  const singles: { t: number; excluded: number[] }[] = [];
  problem.trainees.forEach((td, t) => {
    const h = hosts[t] as number;
    if (h < 0) return;
    const excluded = excludedOrganisations(problem, t, h, away);
    if (td.mentorPin !== -1) {
      const r = td.mentorPin;
      if (mentorAllowed(problem, td, r) && !excluded.includes(table.org[r] as number) && (left[r] as number) > 0) {
        out[t] = r;
        left[r] = (left[r] as number) - 1;
      } else {
        partial = true;
      }
    } else if (td.forbiddenMentors !== null) {
      singles.push({ t, excluded });
    } else {
      // A host with repeated mentors prices some classes its own way: a group per such host.
      const byHost = (problem.repeatedMentorsAt[h]?.length ?? 0) > 0;
      const key = byHost ? `${td.spec}|${excluded.join(",")}|h${h}` : `${td.spec}|${excluded.join(",")}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { spec: td.spec, host: byHost ? h : -1, excluded, trainees: [t] });
      else group.trainees.push(t);
    }
  });

  const network = new FlowNetwork(table.count + 1, table.count * 3);
  const sink = network.addNode();
  const firstClass = network.nodeCount;
  for (let r = 0; r < table.count; r++) network.addArc(network.addNode(), sink, left[r] as number, 0);
  const isClassNode = (n: number) => n >= firstClass && n < firstClass + table.count;
  const layer = (lists: (r: number) => boolean): OrganisationTree => {
    const byOrg: number[][] = Array.from({ length: problem.orgCount }, () => []);
    for (let r = 0; r < table.count; r++) if ((left[r] as number) > 0 && lists(r)) byOrg[table.org[r] as number]!.push(firstClass + r);
    return new OrganisationTree(network, byOrg);
  };
  const w = problem.w.mentorSpecialization;
  const everyone = layer(() => true);
  const listing = new Map<number, OrganisationTree>();
  const listingTree = (s: number): OrganisationTree => {
    let tree = listing.get(s);
    if (tree === undefined) {
      tree = layer((r) => table.lists[s * table.count + r] === 1);
      listing.set(s, tree);
    }
    return tree;
  };

  /** Mentor classes with places by organisation (for groups with repeated mentors; built on first use). */
  let classesByOrg: number[][] | null = null;
  /** Entry arcs of each source, with the tree they enter (null: the arc leads to a class). */
  const sources: { trainees: number[]; arcs: { arc: number; tree: OrganisationTree | null }[] }[] = [];
  for (const group of groups.values()) {
    const node = network.addNode(group.trainees.length);
    network.addSupply(sink, -group.trainees.length);
    const arcs: { arc: number; tree: OrganisationTree | null }[] = [];
    // The organisations of the classes that cost more at this host are reached class by class.
    let direct: number[] = [];
    if (group.host >= 0) {
      const repeated = problem.repeatedMentorsAt[group.host] as Int32Array;
      direct = [...new Set(Array.from(repeated, (r) => table.org[r] as number))].filter((o) => !group.excluded.includes(o));
    }
    const excluded = direct.length === 0 ? group.excluded : [...group.excluded, ...direct].sort((a, b) => a - b);
    const enter = (tree: OrganisationTree, cost: number) => {
      for (const target of tree.cover(excluded)) arcs.push({ arc: network.addArc(node, target, Number.POSITIVE_INFINITY, cost), tree });
    };
    enter(everyone, w);
    if (w > 0) enter(listingTree(group.spec), 0);
    if (direct.length > 0) {
      if (classesByOrg === null) {
        const byOrg: number[][] = Array.from({ length: problem.orgCount }, () => []);
        for (let r = 0; r < table.count; r++) if ((left[r] as number) > 0) byOrg[table.org[r] as number]!.push(r);
        classesByOrg = byOrg;
      }
      for (const o of direct) {
        for (const r of classesByOrg[o] ?? []) {
          arcs.push({ arc: network.addArc(node, firstClass + r, Number.POSITIVE_INFINITY, mentorCost(problem, r, group.spec, group.host)), tree: null });
        }
      }
    }
    sources.push({ trainees: group.trainees, arcs });
  }
  for (const { t, excluded } of singles) {
    const td = problem.trainees[t]!;
    const node = network.addNode(1);
    network.addSupply(sink, -1);
    const arcs: { arc: number; tree: OrganisationTree | null }[] = [];
    for (let r = 0; r < table.count; r++) {
      if ((left[r] as number) <= 0 || !mentorAllowed(problem, td, r) || excluded.includes(table.org[r] as number)) continue;
      arcs.push({ arc: network.addArc(node, firstClass + r, 1, mentorCost(problem, r, td.spec, hosts[t] as number)), tree: null });
    }
    sources.push({ trainees: [t], arcs });
  }

  const solution = network.solve(deadline);
  if (solution === null) return "timeout";
  if (prices !== undefined) {
    const pi = residualDistances(network, solution, sink);
    for (let r = 0; r < table.count; r++) {
      const price = (pi[sink] as number) - (pi[firstClass + r] as number);
      prices[r] = price > 0 && Number.isFinite(price) ? price : 0;
    }
  }
  const flow = solution.flow;
  for (const source of sources) {
    let next = 0;
    for (const { arc, tree } of source.arcs) {
      for (let k = Math.round(flow[arc] as number); k > 0; k--) {
        const classNode = tree === null ? network.arcTo(arc) : tree.descend(network.arcTo(arc), flow, isClassNode);
        out[source.trainees[next++] as number] = classNode - firstClass;
      }
    }
    if (next < source.trainees.length) partial = true;
  }
  return partial ? "partial" : "complete";
}
