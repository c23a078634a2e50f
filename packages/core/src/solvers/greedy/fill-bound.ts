/**
 * An upper bound on the roles any plan can fill, from flows instead of an LP: for each kind of
 * role on its own (host, each away period, supervisor, mentor), the most trainees its places
 * can take (a bipartite matching with capacities, solved as a flow), and never more than the
 * trainees that can have a host, since a trainee without one gets no other role.
 *
 * Every plan respects each of these capacities, so each count bounds its role, and the sum
 * bounds them all. When the greedy plan (greedy-fill.ts) reaches the bound, the most roles
 * filled is proven without the fill stage's LP, the slow part of the allowUnassigned search on
 * the issue 11 cohorts: its objective (every cost -1) is so degenerate that jslp's simplex
 * takes thousands of pivots that move nothing.
 */
import type { BuiltModel } from "../../model/build-model.js";
import { FlowNetwork } from "../network/min-cost-flow.js";

/** At least the most model variables (roles beyond the given hosts) any plan can set to 1. */
export function fillUpperBound(built: BuiltModel, hostPlacesLeft: ReadonlyMap<string, number>, awayCapacity: (member: string) => number): number {
  const trainees = built.candidates.trainees;
  const given = trainees.filter((tc) => tc.givenHost !== null).length;
  const chosen = trainees.filter((tc) => tc.givenHost === null);
  const hosts = matching(
    chosen.map((tc) => tc.hosts),
    (member) => hostPlacesLeft.get(member) ?? 0,
  );
  const hosted = given + hosts;
  const canHost = trainees.filter((tc) => tc.givenHost !== null || tc.hosts.length > 0);
  let bound = hosts;
  const periods = canHost[0]?.away.length ?? 0;
  for (let p = 0; p < periods; p++) {
    bound += Math.min(hosted, matching(canHost.map((tc) => tc.away[p]?.members ?? []), awayCapacity));
  }
  let supervisors = 0;
  for (const role of ["supervisors", "mentors"] as const) {
    const capacity = new Map<string, number>();
    const lists = canHost.map((tc) =>
      tc[role].map((c) => {
        capacity.set(c.key, c.capacity);
        return c.key;
      }),
    );
    const count = Math.min(hosted, matching(lists, (key) => capacity.get(key) ?? 0));
    if (role === "supervisors") supervisors = count;
    bound += count;
  }
  // Hosts and supervisors together: a supervisor works at the trainee's own host.
  return bound - Math.max(0, hosts + supervisors - hostsWithSupervisors(built, hostPlacesLeft));
}

/**
 * At least the host and supervisor variables any plan sets to 1 together. Each trainee goes to
 * a member (a chosen host, or the given one), within its places; at most as many of a member's
 * trainees as its supervisors can take count twice. A maximum flow that, among maximum flows,
 * sends the most through the "with a supervisor" arcs bounds hosts + supervisors: a plan's flow
 * can always be augmented to a maximum one without taking a trainee off such an arc (an
 * augmenting path only adds a trainee at its last member). Supervisor classes are pooled per
 * member, their specializations aside: a weaker bound, never a wrong one.
 */
function hostsWithSupervisors(built: BuiltModel, hostPlacesLeft: ReadonlyMap<string, number>): number {
  const trainees = built.candidates.trainees;
  const supervisorCapacity = new Map<string, number>();
  const givenAt = new Map<string, number>();
  for (const tc of trainees) {
    for (const c of tc.supervisors) supervisorCapacity.set(c.member, 0);
    if (tc.givenHost !== null) givenAt.set(tc.givenHost, (givenAt.get(tc.givenHost) ?? 0) + 1);
  }
  for (const c of built.candidates.supervisorClasses) {
    if (supervisorCapacity.has(c.member)) supervisorCapacity.set(c.member, (supervisorCapacity.get(c.member) ?? 0) + c.capacity);
  }
  const network = new FlowNetwork(trainees.length + 16, trainees.length * 4 + 16);
  const sink = network.addNode(0);
  const members = new Map<string, number>();
  const memberNode = (member: string): number => {
    let node = members.get(member);
    if (node === undefined) {
      members.set(member, (node = network.addNode(0)));
      const places = (hostPlacesLeft.get(member) ?? 0) + (givenAt.get(member) ?? 0);
      const withSupervisor = Math.min(places, supervisorCapacity.get(member) ?? 0);
      network.addArc(node, sink, withSupervisor, 0);
      network.addArc(node, sink, places - withSupervisor, 1);
    }
    return node;
  };
  let supply = 0;
  let given = 0;
  for (const tc of trainees) {
    const hosts = tc.givenHost !== null ? [tc.givenHost] : tc.hosts;
    if (hosts.length === 0) continue;
    const node = network.addNode(1);
    supply += 1;
    if (tc.givenHost !== null) given += 1;
    for (const h of hosts) network.addArc(node, memberNode(h), 1, 0);
  }
  if (supply === 0) return 0;
  network.addSupply(sink, -supply);
  const solution = network.solve();
  if (solution === null) return Number.POSITIVE_INFINITY;
  const routed = Math.round(solution.routed);
  // Host variables: the chosen trainees routed; supervisor variables: the units on cost-0 arcs.
  return routed - given + (routed - Math.round(solution.cost));
}

/** The most trainees that can each take one place of their list, each place within its capacity. */
function matching(lists: readonly (readonly string[])[], capacityOf: (place: string) => number): number {
  const network = new FlowNetwork(lists.length + 16, lists.reduce((n, l) => n + l.length, 0) + 16);
  // Supplies must balance: the sink takes what the trainees send, through each place's arc.
  const sink = network.addNode(0);
  const places = new Map<string, number>();
  let supply = 0;
  for (const list of lists) {
    if (list.length === 0) continue;
    const node = network.addNode(1);
    supply += 1;
    for (const place of list) {
      let target = places.get(place);
      if (target === undefined) {
        places.set(place, (target = network.addNode(0)));
        network.addArc(target, sink, capacityOf(place), 0);
      }
      network.addArc(node, target, 1, 0);
    }
  }
  if (supply === 0) return 0;
  network.addSupply(sink, -supply);
  const solution = network.solve();
  // Without a deadline the flow always ends; the supply is then a bound that always holds.
  return solution === null ? supply : Math.round(solution.routed);
}
