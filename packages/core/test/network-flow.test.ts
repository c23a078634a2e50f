/**
 * The min-cost flow solver against two independent oracles: exhaustive enumeration of every
 * integral flow on tiny graphs (maximum routed amount first, then least cost, negative costs
 * allowed), and the LP of the same network solved by the jslp backend on larger ones. Every
 * answer must also carry its own certificate: conservation, capacities, and potentials under
 * which no arc with room left has a negative reduced cost and no arc with flow a positive one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LinearModel } from "../src/model/linear-model.js";
import { FlowNetwork, type FlowSolution } from "../src/solvers/network/min-cost-flow.js";
import { jslpSolver } from "../src/solvers/jslp/jslp-solver.js";

const RUNS = Number(process.env.ROTAMATCH_PROPERTY_RUNS ?? 100);

interface Graph {
  readonly supplies: readonly number[];
  readonly arcs: readonly { readonly from: number; readonly to: number; readonly capacity: number; readonly cost: number }[];
}

/** Random graphs; supplies sum to 0. */
function graphArbitrary(options: { nodes: number; arcs: number; capacity: number; minCost: number; maxCost: number; integerCosts: boolean }) {
  return fc.integer({ min: 2, max: options.nodes }).chain((n) =>
    fc.record({
      supplies: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n }).map((s) => {
        const sum = s.reduce((a, b) => a + b, 0);
        const out = [...s];
        out[n - 1] = (out[n - 1] as number) - sum;
        return out;
      }),
      arcs: fc.array(
        fc.record({
          from: fc.integer({ min: 0, max: n - 1 }),
          to: fc.integer({ min: 0, max: n - 1 }),
          capacity: fc.oneof(fc.integer({ min: 0, max: options.capacity }), fc.constant(Number.POSITIVE_INFINITY)),
          cost: options.integerCosts
            ? fc.integer({ min: options.minCost, max: options.maxCost })
            : fc.double({ min: options.minCost, max: options.maxCost, noNaN: true }),
        }),
        { maxLength: options.arcs },
      ),
    }),
  );
}

function networkOf(graph: Graph): FlowNetwork {
  const network = new FlowNetwork(2, 2);
  for (const b of graph.supplies) network.addNode(b);
  for (const a of graph.arcs) network.addArc(a.from, a.to, a.capacity, a.cost);
  return network;
}

/** No arc of unlimited capacity on a negative cycle (the problem would be unbounded). */
function boundedGraph(graph: Graph): Graph {
  return { ...graph, arcs: graph.arcs.map((a) => (a.cost < 0 && a.capacity === Number.POSITIVE_INFINITY ? { ...a, capacity: 2 } : a)) };
}

/** Net outflow of each node under the flow. */
function netOutflow(graph: Graph, flow: ArrayLike<number>): number[] {
  const net = graph.supplies.map(() => 0);
  graph.arcs.forEach((a, i) => {
    net[a.from] = (net[a.from] as number) + (flow[i] as number);
    net[a.to] = (net[a.to] as number) - (flow[i] as number);
  });
  return net;
}

/** Feasible in the solver's sense: sources send at most their supply, sinks take at most their demand, others conserve. */
function respectsNodes(graph: Graph, flow: ArrayLike<number>): boolean {
  const net = netOutflow(graph, flow);
  return graph.supplies.every((b, v) => {
    const x = net[v] as number;
    if (b > 0) return x >= -1e-9 && x <= b + 1e-9;
    if (b < 0) return x <= 1e-9 && x >= b - 1e-9;
    return Math.abs(x) <= 1e-9;
  });
}

function routedBy(graph: Graph, flow: ArrayLike<number>): number {
  const net = netOutflow(graph, flow);
  return graph.supplies.reduce((sum, b, v) => sum + (b > 0 ? (net[v] as number) : 0), 0);
}

/** Every integral flow, by enumeration: the most routed, then the least cost. */
function bruteForce(graph: Graph): { routed: number; cost: number } {
  // A basic optimal flow carries at most the supply plus every finite capacity on any arc.
  const finite = graph.arcs.reduce((s, a) => s + (a.capacity === Number.POSITIVE_INFINITY ? 0 : a.capacity), 0);
  const reach = finite + graph.supplies.reduce((s, b) => s + Math.max(0, b), 0);
  const caps = graph.arcs.map((a) => (a.capacity === Number.POSITIVE_INFINITY ? reach : a.capacity));
  const flow = graph.arcs.map(() => 0);
  let best = { routed: -1, cost: Number.POSITIVE_INFINITY };
  const visit = (i: number): void => {
    if (i === flow.length) {
      if (!respectsNodes(graph, flow)) return;
      const routed = routedBy(graph, flow);
      const cost = graph.arcs.reduce((sum, a, k) => sum + a.cost * (flow[k] as number), 0);
      if (routed > best.routed || (routed === best.routed && cost < best.cost)) best = { routed, cost };
      return;
    }
    for (let x = 0; x <= (caps[i] as number); x++) {
      flow[i] = x;
      visit(i + 1);
    }
    flow[i] = 0;
  };
  visit(0);
  return best;
}

/** The solution's own certificate (see the module comment). */
function expectCertificate(graph: Graph, solution: FlowSolution): void {
  const tolerance = 1e-7 * (1 + Math.max(...graph.arcs.map((a) => Math.abs(a.cost)), 0));
  expect(respectsNodes(graph, solution.flow)).toBe(true);
  expect(routedBy(graph, solution.flow)).toBeCloseTo(solution.routed, 9);
  graph.arcs.forEach((a, i) => {
    const x = solution.flow[i] as number;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(a.capacity);
    expect(Number.isInteger(x)).toBe(true);
    const reduced = a.cost + (solution.potential[a.from] as number) - (solution.potential[a.to] as number);
    if (x < a.capacity) expect(reduced).toBeGreaterThanOrEqual(-tolerance * 1e3);
    if (x > 0) expect(reduced).toBeLessThanOrEqual(tolerance * 1e3);
  });
}

describe("min-cost flow (network simplex)", () => {
  it("matches exhaustive enumeration on tiny graphs: most routed, then least cost", () => {
    fc.assert(
      fc.property(graphArbitrary({ nodes: 4, arcs: 4, capacity: 2, minCost: -3, maxCost: 5, integerCosts: true }), (raw) => {
        const graph = boundedGraph(raw);
        const solution = networkOf(graph).solve();
        expect(solution).not.toBeNull();
        if (solution === null) return;
        const best = bruteForce(graph);
        expect(solution.routed).toBe(best.routed);
        const supply = graph.supplies.reduce((s, b) => s + Math.max(0, b), 0);
        // With a demand left unmet, a source may also take in flow that pays (a negative cost)
        // without meeting any demand; the cheapest among maximum flows is promised for
        // non-negative costs only (all that rotamatch uses).
        if (best.routed < supply && graph.arcs.some((a) => a.cost < 0)) return;
        expect(solution.cost).toBeCloseTo(best.cost, 9);
        expectCertificate(graph, solution);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("matches the LP optimum (jslp) on larger graphs with float costs, and carries its certificate", () => {
    fc.assert(
      fc.property(graphArbitrary({ nodes: 12, arcs: 40, capacity: 4, minCost: 0, maxCost: 20, integerCosts: false }), (graph) => {
        const solution = networkOf(graph).solve();
        expect(solution).not.toBeNull();
        if (solution === null) return;
        expectCertificate(graph, solution);
        const lp = jslpSolver.solve(lpOf(graph), { deadline: performance.now() + 20_000 });
        const supply = graph.supplies.reduce((s, b) => s + Math.max(0, b), 0);
        if (solution.routed === supply) {
          expect(lp.status).toBe("optimal");
          expect(solution.cost).toBeCloseTo(lp.objective as number, 6);
        } else {
          expect(lp.status).toBe("infeasible");
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("after arcs are added and costs changed, continues to the same optimum as a fresh solve", () => {
    fc.assert(
      fc.property(
        graphArbitrary({ nodes: 10, arcs: 30, capacity: 4, minCost: 0, maxCost: 20, integerCosts: false }),
        fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 30, maxLength: 30 }),
        fc.nat(),
        (graph, newCosts, split) => {
          const cut = graph.arcs.length === 0 ? 0 : split % graph.arcs.length;
          const network = new FlowNetwork();
          for (const b of graph.supplies) network.addNode(b);
          graph.arcs.slice(0, cut).forEach((a) => network.addArc(a.from, a.to, a.capacity, a.cost));
          expect(network.solve()).not.toBeNull();
          graph.arcs.slice(cut).forEach((a) => network.addArc(a.from, a.to, a.capacity, a.cost));
          const changed: Graph = { ...graph, arcs: graph.arcs.map((a, i) => ({ ...a, cost: newCosts[i] ?? a.cost })) };
          changed.arcs.forEach((a, i) => network.setCost(i, a.cost));
          const warm = network.solve();
          const fresh = networkOf(changed).solve();
          expect(warm).not.toBeNull();
          expect(warm?.routed).toBe(fresh?.routed);
          expect(warm?.cost).toBeCloseTo(fresh?.cost as number, 6);
          if (warm !== null) expectCertificate(changed, warm);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("routes a transportation problem and reports the unroutable part", () => {
    // Two sources of 3, one sink of capacity 4 behind a bottleneck: 4 routed of 6.
    const network = new FlowNetwork();
    const a = network.addNode(3);
    const b = network.addNode(3);
    const hub = network.addNode(0);
    const sink = network.addNode(-6);
    network.addArc(a, hub, Number.POSITIVE_INFINITY, 1);
    network.addArc(b, hub, Number.POSITIVE_INFINITY, 2);
    network.addArc(hub, sink, 4, 0);
    const solution = network.solve();
    expect(solution?.routed).toBe(4);
    expect(solution?.supply).toBe(6);
    expect(solution?.cost).toBe(3 * 1 + 1 * 2);
  });

  it("gives up at the deadline", () => {
    const network = new FlowNetwork();
    const s = network.addNode(1000);
    const t = network.addNode(-1000);
    for (let i = 0; i < 2000; i++) {
      const mid = network.addNode(0);
      network.addArc(s, mid, 1, i % 7);
      network.addArc(mid, t, 1, (i * 13) % 11);
    }
    expect(network.solve(performance.now() - 1)).toBeNull();
  });
});

/** The network as an LP: a variable per arc, a row per node (net outflow = supply). */
function lpOf(graph: Graph): LinearModel {
  return {
    variables: graph.arcs.map((a, i) => ({ name: `x${i}`, cost: a.cost, upper: a.capacity, integer: false })),
    constraints: graph.supplies.map((b, v) => ({
      name: `node${v}`,
      terms: graph.arcs.flatMap((a, i) => {
        if (a.from === a.to) return [];
        if (a.from === v) return [{ variable: i, coefficient: 1 }];
        if (a.to === v) return [{ variable: i, coefficient: -1 }];
        return [];
      }),
      lower: b,
      upper: b,
    })),
    objectiveOffset: 0,
  };
}
