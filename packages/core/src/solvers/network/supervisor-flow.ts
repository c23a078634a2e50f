/**
 * Supervisors once the hosts are known: trainees of one host and specialization are alike (a
 * group node), a trainee with a forbidden supervisor is a node of its own, pinned supervisors are
 * placed first. Group -> allowed class at the host -> sink (class capacity). Exact: it is the
 * transportation problem of the supervisor role, and the flow is cheapest among those that
 * give the most trainees a supervisor.
 */
import { supervisorAllowed, supervisorCost } from "./costs.js";
import { FlowNetwork } from "./min-cost-flow.js";
import type { NetworkProblem } from "./problem.js";

/** complete: every trainee with a host got the role; partial: not all could (the most that can did). */
export type FlowStatus = "complete" | "partial" | "timeout";

/** Fills out[t] with a supervisor class (or -1) for every trainee with hosts[t] >= 0. */
export function assignSupervisors(problem: NetworkProblem, hosts: Int32Array, out: Int32Array, deadline: number): FlowStatus {
  const table = problem.supervisors;
  const left = Int32Array.from(table.capacity);
  out.fill(-1);
  let partial = false;
  const groups = new Map<number, number[]>();
  const singles: number[] = [];
  problem.trainees.forEach((td, t) => {
    const h = hosts[t] as number;
    if (h < 0) return;
    if (td.supervisorPin !== -1) {
      const c = td.supervisorPin;
      if (supervisorAllowed(problem, td, h, c) && (left[c] as number) > 0) {
        out[t] = c;
        left[c] = (left[c] as number) - 1;
      } else {
        partial = true;
      }
    } else if (td.forbiddenSupervisors !== null) {
      singles.push(t);
    } else {
      const key = h * problem.specCount + td.spec;
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [t]);
      else list.push(t);
    }
  });

  const network = new FlowNetwork();
  const sink = network.addNode();
  const classNode = new Map<number, number>();
  const nodeOfClass = (c: number): number => {
    let node = classNode.get(c);
    if (node === undefined) {
      node = network.addNode();
      classNode.set(c, node);
      network.addArc(node, sink, left[c] as number, 0);
    }
    return node;
  };
  /** Each source: its trainees (input order) and its arcs with the class each leads to. */
  const sources: { trainees: number[]; arcs: { arc: number; cls: number }[] }[] = [];
  const addSource = (trainees: number[]): void => {
    const t0 = trainees[0] as number;
    const td = problem.trainees[t0]!;
    const h = hosts[t0] as number;
    const node = network.addNode(trainees.length);
    network.addSupply(sink, -trainees.length);
    const arcs: { arc: number; cls: number }[] = [];
    for (const c of problem.supervisorsAt[h] ?? []) {
      if (!supervisorAllowed(problem, td, h, c) || (left[c] as number) <= 0) continue;
      arcs.push({ arc: network.addArc(node, nodeOfClass(c), Number.POSITIVE_INFINITY, supervisorCost(problem, c, td.spec)), cls: c });
    }
    sources.push({ trainees, arcs });
  };
  for (const trainees of groups.values()) addSource(trainees);
  for (const t of singles) addSource([t]);

  const solution = network.solve(deadline);
  if (solution === null) return "timeout";
  for (const source of sources) {
    let next = 0;
    for (const { arc, cls } of source.arcs) {
      for (let k = Math.round(solution.flow[arc] as number); k > 0; k--) out[source.trainees[next++] as number] = cls;
    }
    if (next < source.trainees.length) partial = true;
  }
  return partial ? "partial" : "complete";
}
