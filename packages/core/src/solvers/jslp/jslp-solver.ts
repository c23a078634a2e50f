/**
 * The exact MIP backend: javascript-lp-solver's simplex (its dense tableau) under a
 * branch-and-bound of our own. jslp's own branch-and-cut neither reports a bound nor says
 * whether it stopped on its time limit, and may then leave a fractional answer; so we plug our
 * loop into its `BranchAndCutService` hook. It is best-first on the LP bound, which gives a
 * proven lower bound at any moment, honours the deadline between nodes, and keeps the best
 * integral solution. Whatever comes back is checked for integrality and against every row of
 * the model before it is returned.
 *
 * This is the only file that imports javascript-lp-solver.
 */
import jslpModule from "javascript-lp-solver";
import type { LinearModel } from "../../model/linear-model.js";
import type { Solver, SolverOptions, SolverResult } from "../solver.js";
import { checkSolution, objectiveOf } from "../check-solution.js";

// The package ships ESM-syntax types without "type": "module", so TypeScript sees the solver
// under `.default` while Node hands it over directly (ESM) or as module.exports (CJS).
type JslpApi = typeof jslpModule.default;
const jslp: JslpApi = (jslpModule as unknown as { default?: JslpApi }).default ?? (jslpModule as unknown as JslpApi);

/** Pivot tolerance handed to jslp. */
const PRECISION = 1e-9;
/** Relative gap under which the incumbent is optimal (objectives are sums of floats). */
const GAP_TOLERANCE = 1e-9;

type Tableau = InstanceType<typeof jslp.Tableau>;
type JslpVariable = InstanceType<typeof jslp.Variable>;

interface Cut {
  readonly type: "min" | "max";
  readonly varIndex: number;
  readonly value: number;
}

interface Node {
  readonly bound: number;
  readonly cuts: readonly Cut[];
  readonly seq: number;
}

interface SearchOutcome {
  incumbent: number;
  incumbentCuts: readonly Cut[] | null;
  bound: number;
  exhausted: boolean;
  nodes: number;
}

export const jslpSolver: Solver = {
  name: "jslp",
  solve(model: LinearModel, options: SolverOptions): SolverResult {
    const started = performance.now();
    const deadline = started + options.timeLimitMs;
    const done = (status: SolverResult["status"], values: Float64Array | null, bound: number | null): SolverResult => ({
      status,
      values,
      objective: values === null ? null : objectiveOf(model, values),
      bound,
      solveMs: performance.now() - started,
    });

    // A row with no terms that 0 does not satisfy: infeasible before any solve.
    if (model.constraints.some((c) => c.terms.length === 0 && (c.lower > 0 || c.upper < 0))) {
      return done("infeasible", null, null);
    }
    if (model.variables.length === 0) {
      const values = new Float64Array(0);
      return checkSolution(model, values) ? done("optimal", values, model.objectiveOffset) : done("infeasible", null, null);
    }

    const outcome: SearchOutcome = { incumbent: Infinity, incumbentCuts: null, bound: -Infinity, exhausted: false, nodes: 0 };
    const service = {
      applyCuts: (tableau: Tableau, cuts: Cut[]) => applyCuts(tableau, cuts),
      branchAndCut: (tableau: Tableau) => branchAndBound(tableau, deadline, outcome),
    };
    const jm = new jslp.Model(PRECISION, undefined, service as never);
    jm.minimize();
    jm.usePresolve = false; // jslp's presolve zeroes the cost of variables it fixes
    jm.checkForCycles = true;
    const vars: JslpVariable[] = model.variables.map((v) => jm.addVariable(v.cost, v.name, v.integer, false, 0));
    model.variables.forEach((v, i) => {
      if (Number.isFinite(v.upper)) jm.smallerThan(v.upper).addTerm(1, vars[i] as JslpVariable);
    });
    for (const row of model.constraints) {
      if (row.terms.length === 0) continue;
      const add = (c: { addTerm(coefficient: number, variable: JslpVariable): unknown }) => {
        for (const term of row.terms) c.addTerm(term.coefficient, vars[term.variable] as JslpVariable);
      };
      if (row.lower === row.upper) add(jm.equal(row.lower));
      else {
        if (Number.isFinite(row.lower)) add(jm.greaterThan(row.lower));
        if (Number.isFinite(row.upper)) add(jm.smallerThan(row.upper));
      }
    }

    const hasIntegers = model.variables.some((v) => v.integer);
    jm.solve();
    if (!hasIntegers) {
      // A pure LP: jslp ran the simplex alone.
      const tableau = jm.tableau;
      if (!tableau.feasible) return done("infeasible", null, null);
      const values = readValues(vars);
      return checkSolution(model, values, false) ? done("optimal", values, objectiveOf(model, values)) : done("infeasible", null, null);
    }

    const bound = Number.isFinite(outcome.bound) ? outcome.bound + model.objectiveOffset : null;
    if (outcome.incumbentCuts === null) {
      return outcome.exhausted ? done("infeasible", null, null) : done("timedout", null, bound);
    }
    const values = readValues(vars).map(Math.round);
    if (!checkSolution(model, values)) {
      // Never decode an answer that breaks a row or is fractional.
      return outcome.exhausted ? done("infeasible", null, null) : done("timedout", null, bound);
    }
    const objective = objectiveOf(model, values);
    if (outcome.exhausted) return done("optimal", values, objective);
    return done("feasible", values, bound === null ? null : Math.min(bound, objective));
  },
};

function readValues(vars: readonly JslpVariable[]): Float64Array {
  return Float64Array.from(vars, (v) => v.value);
}

function applyCuts(tableau: Tableau, cuts: readonly Cut[]): void {
  tableau.restore();
  tableau.addCutConstraints(cuts as Cut[]);
  tableau.simplex();
}

/**
 * Best-first branch and bound. Nodes are ordered by their parent's LP value (a lower bound for
 * the node), newest first on ties, so equal-bound dives go deep and find incumbents early.
 * On return, the tableau holds the best integral solution found (if any).
 */
function branchAndBound(tableau: Tableau, deadline: number, out: SearchOutcome): void {
  const heap = new NodeHeap();
  let seq = 0;
  heap.push({ bound: -Infinity, cuts: [], seq: seq++ });
  let first = true;
  out.bound = -Infinity;
  while (heap.size > 0) {
    const node = heap.peek() as Node;
    out.bound = Math.min(node.bound, out.incumbent);
    if (node.bound >= out.incumbent - gapTolerance(out.incumbent)) {
      // Best-first: every open node is at least this bad.
      out.bound = out.incumbent;
      heap.clear();
      break;
    }
    if (performance.now() > deadline) break;
    heap.pop();
    applyCuts(tableau, node.cuts);
    out.nodes += 1;
    if (first) {
      first = false;
      if (tableau.feasible) out.bound = Math.min(tableau.evaluation, out.incumbent);
    }
    if (!tableau.feasible) continue;
    const evaluation = tableau.evaluation;
    if (evaluation >= out.incumbent - gapTolerance(out.incumbent)) continue;
    if (tableau.isIntegral()) {
      out.incumbent = evaluation;
      out.incumbentCuts = node.cuts;
      continue;
    }
    if (node.cuts.length === 0) tableau.save();
    const { index, value } = tableau.getMostFractionalVar();
    if (index === null || value === null) continue;
    const keep = node.cuts.filter((c) => c.varIndex !== index);
    const sameVar = node.cuts.filter((c) => c.varIndex === index);
    const down: Cut[] = [...keep, ...sameVar.filter((c) => c.type === "min"), { type: "max", varIndex: index, value: Math.floor(value) }];
    const up: Cut[] = [...keep, ...sameVar.filter((c) => c.type === "max"), { type: "min", varIndex: index, value: Math.ceil(value) }];
    heap.push({ bound: evaluation, cuts: down, seq: seq++ });
    heap.push({ bound: evaluation, cuts: up, seq: seq++ });
  }
  out.exhausted = heap.size === 0;
  if (out.exhausted && out.incumbentCuts !== null) out.bound = out.incumbent;
  if (out.incumbentCuts !== null) {
    applyCuts(tableau, out.incumbentCuts);
    tableau.updateVariableValues();
  }
}

function gapTolerance(incumbent: number): number {
  return Number.isFinite(incumbent) ? GAP_TOLERANCE * Math.max(1, Math.abs(incumbent)) : 0;
}

/** Min-heap on bound; ties: newest first. */
class NodeHeap {
  private readonly items: Node[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Node | undefined {
    return this.items[0];
  }
  clear(): void {
    this.items.length = 0;
  }
  push(node: Node): void {
    const items = this.items;
    items.push(node);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(items[i] as Node, items[parent] as Node)) break;
      [items[i], items[parent]] = [items[parent] as Node, items[i] as Node];
      i = parent;
    }
  }
  pop(): Node | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && less(items[l] as Node, items[best] as Node)) best = l;
        if (r < items.length && less(items[r] as Node, items[best] as Node)) best = r;
        if (best === i) break;
        [items[i], items[best]] = [items[best] as Node, items[i] as Node];
        i = best;
      }
    }
    return top;
  }
}

function less(a: Node, b: Node): boolean {
  return a.bound < b.bound || (a.bound === b.bound && a.seq > b.seq);
}
