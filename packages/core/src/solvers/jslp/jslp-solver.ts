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
import type { LinearConstraint, LinearModel } from "../../model/linear-model.js";
import type { Solver, SolverOptions, SolverResult } from "../solver.js";
import { checkSolution, objectiveOf } from "../check-solution.js";
import { mustStop } from "../stop.js";

// The package ships ESM-syntax types without "type": "module", so TypeScript sees the solver
// under `.default` while Node hands it over directly (ESM) or as module.exports (CJS).
type JslpApi = typeof jslpModule.default;
const jslp: JslpApi = (jslpModule as unknown as { default?: JslpApi }).default ?? (jslpModule as unknown as JslpApi);

/** Pivot tolerance handed to jslp. */
const PRECISION = 1e-9;
/** Cuts from the model's pool: rounds at the root, cuts per round, and how much a cut must be broken. */
const MAX_CUT_ROUNDS = 20;
const MAX_CUTS_PER_ROUND = 500;
const CUT_TOLERANCE = 1e-6;
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
  /** The branch that made this node (none at the root): what its LP teaches the pseudocosts. */
  readonly branch?: BranchStep;
}

/** A branch's variable, side, and how far it moved the variable (its fraction, or 1 − it). */
interface BranchStep {
  readonly varIndex: number;
  readonly side: 0 | 1;
  readonly distance: number;
}

interface SearchOutcome {
  /** Objective (without the model's offset) of the best integral solution so far. */
  incumbent: number;
  bound: number;
  exhausted: boolean;
  nodes: number;
}

export const jslpSolver: Solver = {
  name: "jslp",
  solve: (model, options) => solveWithJslp(model, options, true),
};

function solveWithJslp(model: LinearModel, options: SolverOptions, heuristics: boolean): SolverResult {
  const started = performance.now();
  const { deadline } = options;
  // The deadline and the signal, checked together wherever the search may stop.
  const expired = (): boolean => mustStop(deadline, options.signal);
  // The best integral solution found so far: by the root heuristic, or in the tree.
  const found: { best: Float64Array | null } = { best: null };
  const outcome: SearchOutcome = { incumbent: Infinity, bound: -Infinity, exhausted: false, nodes: 0 };
  const report = progressReporter(model, outcome, options.onProgress);
  const done = (status: SolverResult["status"], values: Float64Array | null, bound: number | null): SolverResult => {
    // A solution found without a search (no variables, a pure LP) is reported here.
    if (values !== null) report.incumbent(values);
    return { status, values, objective: values === null ? null : objectiveOf(model, values), bound, solveMs: performance.now() - started };
  };

  // A row with no terms that 0 does not satisfy: infeasible before any solve.
  if (model.constraints.some((c) => c.terms.length === 0 && (c.lower > 0 || c.upper < 0))) {
    return done("infeasible", null, null);
  }
  if (model.variables.length === 0) {
    const values = new Float64Array(0);
    return checkSolution(model, values) ? done("optimal", values, model.objectiveOffset) : done("infeasible", null, null);
  }

  // A solution the caller already has: the first incumbent, and the answer if the search finds
  // nothing better (even when the first LP outlasts the deadline).
  if (options.incumbent !== undefined && checkSolution(model, options.incumbent)) {
    found.best = Float64Array.from(options.incumbent);
    outcome.incumbent = objectiveOf(model, found.best) - model.objectiveOffset;
    report.known(found.best);
  }

  const onFractionalRoot = (rootValues: Float64Array): number => {
    if (!heuristics) return Infinity;
    // A third of the time left, so that the tree search keeps the rest.
    const subDeadline = performance.now() + Math.max(1, (deadline - performance.now()) / 3);
    const values = solveNeighbourhood(model, rootValues, { deadline: subDeadline, signal: options.signal, branching: options.branching }, report.bound);
    if (values === null) return Infinity;
    // No better than the incumbent the caller gave: keep that one.
    if (objectiveOf(model, values) - model.objectiveOffset >= outcome.incumbent) return Infinity;
    found.best = values;
    report.incumbent(values);
    return objectiveOf(model, values) - model.objectiveOffset;
  };
  const onIntegral = (): boolean => {
    // Integer variables are rounded; continuous ones (the fairness terms') are kept as they are.
    const values = readValues(vars).map((value, i) => (model.variables[i]?.integer === false ? value : Math.round(value)));
    // Never keep an answer that breaks a row or is fractional.
    if (!checkSolution(model, values)) return false;
    found.best = values;
    report.incumbent(values);
    return true;
  };
  // Continuous variables of cost 0 (the fairness terms' in the fill stage) do not count.
  const integralObjective = model.variables.every((v) => (v.integer && Number.isInteger(v.cost)) || (!v.integer && v.cost === 0));
  const pool = [...(model.cuts ?? [])];
  const addViolatedCuts = (): number => {
    const values = readValues(vars);
    const violated = pool
      .map((cut, i) => ({ i, excess: violation(cut, values) }))
      .filter((c) => c.excess > CUT_TOLERANCE)
      .sort((a, b) => b.excess - a.excess || a.i - b.i)
      .slice(0, MAX_CUTS_PER_ROUND);
    for (const { i } of violated) addRow(jm, vars, pool[i] as LinearConstraint);
    // Added cuts leave the pool (by position, highest first, so the others keep theirs).
    for (const { i } of [...violated].sort((a, b) => b.i - a.i)) pool.splice(i, 1);
    return violated.length;
  };
  const service = {
    applyCuts: (tableau: Tableau, cuts: Cut[]) => applyCuts(tableau, cuts),
    branchAndCut: (tableau: Tableau) =>
      branchAndBound(
        tableau,
        { expired, nodeLimit: options.nodeLimit ?? Number.POSITIVE_INFINITY, integralObjective, branching: options.branching ?? "pseudocost" },
        outcome,
        {
        onFractionalRoot: () => onFractionalRoot(readValues(vars)),
        onIntegral,
        addViolatedCuts,
        onNode: report.bound,
        },
      ),
  };
  const jm = new jslp.Model(PRECISION, undefined, service as never);
  const vars = loadModel(jm, model);
  const hasIntegers = model.variables.some((v) => v.integer);
  let stopped = false;
  try {
    // Between pivots too, so that a long LP (the root of a big model) still reports.
    stopAtDeadline(jm.tableau, expired, report.bound);
    jm.solve();
  } catch (error) {
    if (!(error instanceof DeadlineReached)) throw error;
    stopped = true;
  }
  if (!hasIntegers) {
    // A pure LP: jslp ran the simplex alone.
    if (stopped) return done("timedout", null, null);
    if (!jm.tableau.feasible) return done("infeasible", null, null);
    const values = readValues(vars);
    return checkSolution(model, values, false) ? done("optimal", values, objectiveOf(model, values)) : done("infeasible", null, null);
  }

  const exhausted = outcome.exhausted && !stopped;
  const bound = Number.isFinite(outcome.bound) ? outcome.bound + model.objectiveOffset : null;
  const values = found.best;
  if (values === null) return exhausted ? done("infeasible", null, null) : done("timedout", null, bound);
  const objective = objectiveOf(model, values);
  if (exhausted) return done("optimal", values, objective);
  return done("feasible", values, bound === null ? null : Math.min(bound, objective));
}

/** How often, at most, the search reports its bound when nothing else changed. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * The search's side of `onProgress`: a new incumbent is reported at once (with a copy of its
 * values), once; otherwise the bound every PROGRESS_INTERVAL_MS, moved or not, so that the
 * caller also hears that the search goes on.
 */
function progressReporter(
  model: LinearModel,
  outcome: SearchOutcome,
  onProgress: SolverOptions["onProgress"],
): { incumbent(values: Float64Array): void; known(values: Float64Array): void; bound(): void } {
  if (onProgress === undefined) return { incumbent: () => {}, known: () => {}, bound: () => {} };
  let lastAt = performance.now();
  let reported: Float64Array | null = null;
  const currentBound = (): number | null => (Number.isFinite(outcome.bound) ? outcome.bound + model.objectiveOffset : null);
  return {
    incumbent(values) {
      if (values === reported) return;
      reported = values;
      lastAt = performance.now();
      onProgress({ bound: currentBound(), incumbent: { values: values.slice(), objective: objectiveOf(model, values) } });
    },
    known(values) {
      reported = values;
    },
    bound() {
      const now = performance.now();
      if (now - lastAt < PROGRESS_INTERVAL_MS) return;
      lastAt = now;
      onProgress({ bound: currentBound() });
    },
  };
}

/** Thrown from inside jslp's simplex when the deadline has passed (or the signal was aborted). */
class DeadlineReached extends Error {}

/**
 * jslp's simplex cannot be interrupted, and one LP on a large dense tableau can take longer
 * than the whole budget; so every pivot of this tableau first checks the clock.
 */
function stopAtDeadline(tableau: Tableau, expired: () => boolean, onPivot: () => void): void {
  const pivot = tableau.pivot.bind(tableau);
  tableau.pivot = (row: number, column: number) => {
    if (expired()) throw new DeadlineReached("deadline");
    onPivot();
    pivot(row, column);
  };
}

/** Loads a LinearModel into a jslp Model (minimisation, presolve off). */
function loadModel(jm: InstanceType<typeof jslp.Model>, model: LinearModel): JslpVariable[] {
  jm.minimize();
  jm.usePresolve = false; // jslp's presolve zeroes the cost of variables it fixes
  jm.checkForCycles = true;
  const vars: JslpVariable[] = model.variables.map((v) => jm.addVariable(v.cost, v.name, v.integer, false, 0));
  model.variables.forEach((v, i) => {
    if (Number.isFinite(v.upper)) jm.smallerThan(v.upper).addTerm(1, vars[i] as JslpVariable);
  });
  for (const row of model.constraints) addRow(jm, vars, row);
  return vars;
}

/** Adds one row; after the tableau exists, jslp writes it in terms of the current basis. */
function addRow(jm: InstanceType<typeof jslp.Model>, vars: readonly JslpVariable[], row: LinearConstraint): void {
  if (row.terms.length === 0) return;
  const add = (c: { addTerm(coefficient: number, variable: JslpVariable): unknown }) => {
    for (const term of row.terms) c.addTerm(term.coefficient, vars[term.variable] as JslpVariable);
  };
  if (row.lower === row.upper) add(jm.equal(row.lower));
  else {
    if (Number.isFinite(row.lower)) add(jm.greaterThan(row.lower));
    if (Number.isFinite(row.upper)) add(jm.smallerThan(row.upper));
  }
}

/** How far values break a row (0 when they satisfy it). */
function violation(row: LinearConstraint, values: Float64Array): number {
  let activity = 0;
  for (const term of row.terms) activity += term.coefficient * (values[term.variable] ?? 0);
  return Math.max(row.lower - activity, activity - row.upper, 0);
}

/**
 * The root heuristic (relaxation-enforced neighbourhood search): fix every integer variable
 * that is integral in the root LP, and solve the small MIP left over the fractional ones. Its
 * answer, if any, is a plan for the whole model and a cutoff for the tree.
 */
function solveNeighbourhood(
  model: LinearModel,
  rootValues: Float64Array,
  stop: Pick<SolverOptions, "deadline" | "signal" | "branching">,
  heartbeat: () => void,
): Float64Array | null {
  const { sub, free, fixed } = restrictToFractional(model, rootValues);
  if (free.length === 0 || free.length === model.variables.length) return null;
  // The sub-model's own progress is not the search's: only its heartbeat is passed on.
  const result = solveWithJslp(sub, { ...stop, onProgress: heartbeat }, false);
  if (result.values === null) return null;
  const values = Float64Array.from(fixed);
  free.forEach((variable, i) => {
    const value = result.values?.[i] ?? 0;
    values[variable] = model.variables[variable]?.integer === false ? value : Math.round(value);
  });
  return checkSolution(model, values) ? values : null;
}

function restrictToFractional(
  model: LinearModel,
  rootValues: Float64Array,
): { sub: LinearModel; free: number[]; fixed: Float64Array } {
  const fixed = new Float64Array(model.variables.length);
  const subIndex = new Int32Array(model.variables.length).fill(-1);
  const free: number[] = [];
  let offset = model.objectiveOffset;
  model.variables.forEach((v, i) => {
    const value = rootValues[i] ?? 0;
    if (v.integer && Math.abs(value - Math.round(value)) <= 1e-6) {
      fixed[i] = Math.round(value);
      offset += v.cost * fixed[i];
    } else {
      subIndex[i] = free.length;
      free.push(i);
    }
  });
  const constraints = [];
  for (const row of model.constraints) {
    let shift = 0;
    const terms = [];
    for (const term of row.terms) {
      const j = subIndex[term.variable] ?? -1;
      if (j === -1) shift += term.coefficient * (fixed[term.variable] ?? 0);
      else terms.push({ variable: j, coefficient: term.coefficient });
    }
    if (terms.length === 0) continue; // satisfied by the root solution it is taken from
    constraints.push({ name: row.name, terms, lower: row.lower - shift, upper: row.upper - shift });
  }
  const variables = free.map((i) => model.variables[i] as LinearModel["variables"][number]);
  return { sub: { variables, constraints, objectiveOffset: offset }, free, fixed };
}

function readValues(vars: readonly JslpVariable[]): Float64Array {
  return Float64Array.from(vars, (v) => v.value);
}

function applyCuts(tableau: Tableau, cuts: readonly Cut[]): void {
  tableau.restore();
  tableau.addCutConstraints(cuts as Cut[]);
  tableau.simplex();
}

/**
 * Branch and bound. Until a first integral solution is found, it dives depth-first, taking the
 * fractional variable closest to 1 and trying "= 1" first: on assignment problems that finds a
 * plan in about as many nodes as there are fractional choices. After that it is best-first on
 * the node bound (the parent's LP value), newest first on ties, branching on the variable with
 * the best pseudocost score (Pseudocosts below); the smallest open bound is then the proven
 * lower bound. On return, the tableau holds the best integral solution found (if any).
 */
interface SearchHooks {
  /** Called once on a fractional root (values readable from the model): a cutoff from a heuristic, or Infinity. */
  onFractionalRoot(): number;
  /** Called on an integral node (values readable from the model): whether the solution was accepted. */
  onIntegral(): boolean;
  /** Called at the root (values readable from the model): adds violated pool cuts, returns how many. */
  addViolatedCuts(): number;
  /** Called before each node, once `out.bound` is up to date (for progress reports). */
  onNode(): void;
}

function branchAndBound(
  tableau: Tableau,
  limits: {
    readonly expired: () => boolean;
    readonly nodeLimit: number;
    readonly integralObjective: boolean;
    readonly branching: NonNullable<SolverOptions["branching"]>;
  },
  out: SearchOutcome,
  hooks: SearchHooks,
): void {
  // With integer costs on integer variables only, every plan's objective is a whole number: a
  // node whose bound rounds up to the incumbent cannot beat it (this closes the "fill the most
  // roles" stage of allowUnassigned, where every cost is -1, without exploring ties).
  const integral = limits.integralObjective;
  const cannotImprove = (bound: number): boolean =>
    integral ? Math.ceil(bound - 1e-6) >= out.incumbent - 1e-9 : bound >= out.incumbent - gapTolerance(out.incumbent);
  const heap = new NodeHeap();
  const pseudocosts = new Pseudocosts();
  const dive: Node[] = [];
  let seq = 0;
  dive.push({ bound: -Infinity, cuts: [], seq: seq++ });
  let saved = false;
  /** The cuts the tableau holds now, when it holds exactly one node's. */
  let current: readonly Cut[] | null = null;
  out.bound = -Infinity;
  for (;;) {
    if (Number.isFinite(out.incumbent) && dive.length > 0) for (const node of dive.splice(0)) heap.push(node);
    const diving = dive.length > 0;
    const next = diving ? (dive[dive.length - 1] as Node) : heap.peek();
    if (next === undefined) break;
    const openBound = Math.min(next.bound, ...(diving ? dive.map((n) => n.bound) : []), heap.peek()?.bound ?? Infinity);
    out.bound = Math.min(openBound, out.incumbent);
    hooks.onNode();
    if (!diving && cannotImprove(next.bound)) {
      // Best-first: every open node is at least this bad.
      out.bound = out.incumbent;
      heap.clear();
      break;
    }
    if (limits.expired() || out.nodes >= limits.nodeLimit) break;
    if (diving) dive.pop();
    else heap.pop();
    if (current !== null && extendsByOne(next.cuts, current)) {
      // The child of the node just solved: add its one cut to the current tableau and
      // re-optimise from there, instead of re-solving from the root with every cut.
      tableau.addCutConstraints([next.cuts[next.cuts.length - 1] as Cut]);
      tableau.simplex();
    } else applyCuts(tableau, next.cuts);
    current = next.cuts;
    out.nodes += 1;
    if (next.branch !== undefined && tableau.feasible) pseudocosts.learn(next.branch, tableau.evaluation - next.bound);
    if (!saved && tableau.feasible) {
      // The root: tighten the relaxation with the model's cuts before branching on it.
      for (let round = 0; round < MAX_CUT_ROUNDS && tableau.feasible && !tableau.isIntegral(); round++) {
        tableau.updateVariableValues();
        if (hooks.addViolatedCuts() === 0) break;
        tableau.simplex();
      }
    }
    if (!tableau.feasible) continue;
    const evaluation = tableau.evaluation;
    if (cannotImprove(evaluation)) continue;
    if (tableau.isIntegral()) {
      tableau.updateVariableValues();
      if (hooks.onIntegral()) out.incumbent = evaluation;
      continue;
    }
    if (!saved) {
      tableau.save(); // restore() returns to the root LP from now on
      saved = true;
      tableau.updateVariableValues();
      out.incumbent = Math.min(out.incumbent, hooks.onFractionalRoot());
      if (cannotImprove(evaluation)) continue; // the heuristic's plan is optimal
    }
    const branch = diving
      ? largestFractional(tableau)
      : limits.branching === "pseudocost"
        ? pseudocosts.choose(tableau)
        : tableau.getMostFractionalVar();
    if (branch.index === null || branch.value === null) continue;
    const index = branch.index;
    const fraction = branch.value - Math.floor(branch.value);
    const keep = next.cuts.filter((c) => c.varIndex !== index);
    const sameVar = next.cuts.filter((c) => c.varIndex === index);
    const down: Node = {
      bound: evaluation,
      cuts: [...keep, ...sameVar.filter((c) => c.type === "min"), { type: "max", varIndex: index, value: Math.floor(branch.value) }],
      seq: seq++,
      branch: { varIndex: index, side: 0, distance: fraction },
    };
    const up: Node = {
      bound: evaluation,
      cuts: [...keep, ...sameVar.filter((c) => c.type === "max"), { type: "min", varIndex: index, value: Math.ceil(branch.value) }],
      seq: seq++,
      branch: { varIndex: index, side: 1, distance: 1 - fraction },
    };
    if (!Number.isFinite(out.incumbent)) dive.push(down, up);
    else {
      heap.push(down);
      heap.push(up);
    }
  }
  out.exhausted = heap.size === 0 && dive.length === 0;
  if (out.exhausted && Number.isFinite(out.incumbent)) out.bound = out.incumbent;
}

/** Whether `cuts` is `base` plus one more cut, the same objects in the same order. */
function extendsByOne(cuts: readonly Cut[], base: readonly Cut[]): boolean {
  return cuts.length === base.length + 1 && base.every((cut, i) => cuts[i] === cut);
}

/**
 * Pseudocosts: per variable and side (down, up), the mean rise of the LP value per unit the
 * branch moved the variable, learnt from every node solved (the dive's too). The best-first
 * phase branches on the fractional variable with the largest product of its two estimated
 * rises (down: fraction × down cost, up: (1 − fraction) × up cost), the usual product rule; a
 * side never learnt takes the mean of the variables learnt on that side, or 1. Branching on a
 * variable whose both children rise lifts the bound of the open nodes fastest, where the most
 * fractional variable (jslp's choice) often makes a child of the same LP value.
 */
class Pseudocosts {
  private readonly sums = [new Map<number, number>(), new Map<number, number>()] as const;
  private readonly counts = [new Map<number, number>(), new Map<number, number>()] as const;
  private readonly totals = [0, 0];
  private readonly learnt = [0, 0];

  learn(step: BranchStep, rise: number): void {
    if (!(step.distance > 0) || !Number.isFinite(rise)) return;
    const perUnit = Math.max(0, rise) / step.distance;
    const side = step.side;
    this.sums[side].set(step.varIndex, (this.sums[side].get(step.varIndex) ?? 0) + perUnit);
    this.counts[side].set(step.varIndex, (this.counts[side].get(step.varIndex) ?? 0) + 1);
    this.totals[side] = (this.totals[side] ?? 0) + perUnit;
    this.learnt[side] = (this.learnt[side] ?? 0) + 1;
  }

  private estimate(side: 0 | 1, varIndex: number): number {
    const count = this.counts[side].get(varIndex);
    if (count !== undefined) return (this.sums[side].get(varIndex) ?? 0) / count;
    const learnt = this.learnt[side] ?? 0;
    return learnt > 0 ? (this.totals[side] ?? 0) / learnt : 1;
  }

  /** The fractional integer variable to branch on (the first in jslp's order on ties), or none. */
  choose(tableau: Tableau): { index: number | null; value: number | null } {
    return bestFractional(tableau, (index, fraction) => {
      const down = Math.max(fraction * this.estimate(0, index), SCORE_FLOOR);
      const up = Math.max((1 - fraction) * this.estimate(1, index), SCORE_FLOOR);
      return down * up;
    });
  }
}

/** The least estimated rise a side counts with, so that a side of rise 0 does not zero the product. */
const SCORE_FLOOR = 1e-6;

/** The fractional integer variable with the largest value (the dive rounds it up first). */
function largestFractional(tableau: Tableau): { index: number | null; value: number | null } {
  return bestFractional(tableau, (_index, _fraction, value) => value);
}

/**
 * The integer variable of highest `score` among those basic at a fractional value (strictly
 * between two integers, by the tableau's precision, as jslp's isIntegral tells them), the first
 * in jslp's order on ties; none when the values are integral.
 */
function bestFractional(tableau: Tableau, score: (index: number, fraction: number, value: number) => number): { index: number | null; value: number | null } {
  const { matrix, width, rhsColumn, rowByVarIndex, precision } = tableau;
  const integerVariables = tableau.model?.integerVariables ?? [];
  let best: { index: number | null; value: number | null } = { index: null, value: null };
  let bestScore = -Infinity;
  for (const variable of integerVariables) {
    const row = rowByVarIndex[variable.index] ?? -1;
    if (row === -1) continue;
    const value = matrix[row * width + rhsColumn] ?? 0;
    const fraction = value - Math.floor(value);
    if (fraction <= precision || fraction >= 1 - precision) continue;
    const s = score(variable.index, fraction, value);
    if (s > bestScore) {
      bestScore = s;
      best = { index: variable.index, value };
    }
  }
  return best;
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
