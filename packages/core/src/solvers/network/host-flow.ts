/**
 * Hosts and supervisors in one min-cost flow, so that both capacities hold exactly:
 * trainee -> supervisor class at a host -> the class's member (class capacity) -> sink (host
 * capacity; given hosts pass through their host like everyone else, so the capacity is the
 * member's whole hostCapacity). The arc into class c at host h costs the trainee's cheapest
 * configuration at h under the away and mentor multipliers, with c's own cost as the supervisor
 * part: no host or supervisor multiplier, since the flow enforces those capacities itself.
 *
 * This is the Lagrangian subproblem with host and supervisor capacities kept (it is a network,
 * so its LP has integral optima): the flow's potentials give the best host and supervisor
 * multipliers for the current away and mentor multipliers, and its hosts and supervisors are
 * the repair's starting point.
 *
 * A trainee is offered every host that was among its few best in some pricing pass (the offers
 * only grow, so that the prices settle as the multipliers do). The network lives as long as the
 * search: each solve updates the arc costs, adds arcs for new offers and starts from the last
 * basis. A trainee the flow cannot place is offered every candidate host; if then some trainee
 * still cannot be placed with every trainee offered every host, no plan exists.
 */
import { supervisorAllowed, supervisorCost } from "./costs.js";
import { FlowNetwork, residualDistances } from "./min-cost-flow.js";
import type { HostOffers, Pricer } from "./pricing.js";
import type { NetworkProblem } from "./problem.js";

export interface HostFlowResult {
  readonly host: Int32Array;
  readonly supervisor: Int32Array;
  /** The flow's price of one more host place at each member, and of one more place in each supervisor class. */
  readonly hostPrice: Float64Array;
  readonly supervisorPrice: Float64Array;
}

interface TraineeArc {
  readonly trainee: number;
  readonly host: number;
  readonly cls: number;
  readonly arc: number;
}

export class HostFlow {
  private readonly network: FlowNetwork;
  private readonly sink: number;
  private readonly hostArc: Int32Array;
  private readonly classArc: Int32Array;
  private readonly traineeNode: Int32Array;
  /** Hosts offered to each trainee, and those that already have arcs. */
  private readonly offered: number[][];
  private readonly built: number[];
  private readonly arcs: TraineeArc[] = [];

  constructor(private readonly problem: NetworkProblem) {
    const T = problem.trainees.length;
    const table = problem.supervisors;
    const capacity = Int32Array.from(problem.hostCap, (left) => Math.max(0, left));
    for (const td of problem.trainees) if (td.hostGiven) capacity[td.hosts[0] as number] = (capacity[td.hosts[0] as number] as number) + 1;
    const network = new FlowNetwork(T + table.count + problem.memberCount + 1, 8 * T + table.count + problem.memberCount);
    this.network = network;
    this.sink = network.addNode(-T);
    this.hostArc = Int32Array.from(capacity, (cap) => network.addArc(network.addNode(), this.sink, cap, 0));
    this.classArc = Int32Array.from(table.capacity, (cap, c) =>
      network.addArc(network.addNode(), network.arcFrom(this.hostArc[table.member[c] as number] as number), cap, 0),
    );
    this.traineeNode = Int32Array.from(problem.trainees, () => network.addNode(1));
    this.offered = problem.trainees.map((td) => (td.hostGiven || td.hosts.length === 1 ? Array.from(td.hosts) : []));
    this.built = problem.trainees.map(() => 0);
  }

  /** Adds each trainee's offered hosts of a pricing pass. */
  addOffers(offers: HostOffers): void {
    const R = offers.perTrainee;
    this.offered.forEach((list, t) => {
      for (let k = 0; k < R; k++) {
        const h = offers.hosts[t * R + k] as number;
        if (h >= 0 && !list.includes(h)) list.push(h);
      }
    });
  }

  /** null at the deadline; "infeasible" when hosts and supervisors alone cannot be given to everyone. */
  solve(pricer: Pricer, deadline: number): HostFlowResult | "infeasible" | null {
    const T = this.problem.trainees.length;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.buildArcs(pricer);
      this.updateCosts(pricer);
      const solution = this.network.solve(deadline);
      if (solution === null) return null;
      const host = new Int32Array(T).fill(-1);
      const supervisor = new Int32Array(T).fill(-1);
      for (const { trainee, host: h, cls, arc } of this.arcs) {
        if ((solution.flow[arc] as number) > 0.5) {
          host[trainee] = h;
          supervisor[trainee] = cls;
        }
      }
      if (solution.routed === solution.supply) {
        // A full capacity arc's price is minus its reduced cost (arcs with room left price 0),
        // under the potentials that make prices smallest: the gain of one more place.
        const pi = residualDistances(this.network, solution, this.sink);
        const price = (arc: number) => {
          const p = (pi[this.network.arcTo(arc)] as number) - (pi[this.network.arcFrom(arc)] as number);
          return p > 0 && Number.isFinite(p) ? p : 0;
        };
        return { host, supervisor, hostPrice: Float64Array.from(this.hostArc, price), supervisorPrice: Float64Array.from(this.classArc, price) };
      }
      if (attempt === 2) break;
      this.problem.trainees.forEach((td, t) => {
        if (attempt === 0 && host[t] !== -1) return;
        const list = this.offered[t] as number[];
        for (const h of td.hosts) if (!list.includes(h)) list.push(h);
      });
    }
    return "infeasible";
  }

  /**
   * Arcs for offered hosts that have none yet (costs are set by updateCosts). A host where the
   * trainee has no configuration at all (whatever the multipliers) gets none.
   */
  private buildArcs(pricer: Pricer): void {
    const { problem, network } = this;
    this.offered.forEach((list, t) => {
      const td = problem.trainees[t]!;
      for (let k = this.built[t] as number; k < list.length; k++) {
        const h = list[k] as number;
        if (!Number.isFinite(pricer.costAt(t, h))) continue;
        for (const c of problem.supervisorsAt[h] ?? []) {
          if (!supervisorAllowed(problem, td, h, c)) continue;
          const into = network.arcFrom(this.classArc[c] as number);
          this.arcs.push({ trainee: t, host: h, cls: c, arc: network.addArc(this.traineeNode[t] as number, into, 1, 0) });
        }
      }
      this.built[t] = list.length;
    });
  }

  /** Each arc's cost under the pricer's current away and mentor multipliers. */
  private updateCosts(pricer: Pricer): void {
    const { problem } = this;
    let lastTrainee = -1;
    let lastHost = -1;
    let base = 0;
    for (const { trainee, host, cls, arc } of this.arcs) {
      const td = problem.trainees[trainee]!;
      if (trainee !== lastTrainee || host !== lastHost) {
        base = pricer.costAt(trainee, host) - (td.hostGiven ? 0 : (pricer.lambda.host[host] as number)) - pricer.supervisorPartFor(trainee, host);
        lastTrainee = trainee;
        lastHost = host;
      }
      this.network.setCost(arc, base + supervisorCost(problem, cls, td.spec));
    }
  }
}
