/**
 * Lexicographic solves on the exact MIP model, in stages, as the jslp backend solves
 * `allowUnassigned` (solvers/jslp/backend.ts): each stage minimises one objective, then its
 * value is kept as a row (`objective <= value`) while the next stage minimises the next one.
 * A re-plan's stages are "fill" (under allowUnassigned), "changes", then "cost"; a what-if's
 * are "fill", "cost", then "changes". When every stage is proven optimal, the answer is
 * proven optimal for the lexicographic objective.
 *
 * The number of changed roles is linear in the model's variables: for each counted role of a
 * trainee with a previous value v, the role changes unless the variable that keeps v is 1, so
 * it contributes `1 - x(keeps v)`; a role that was empty before changes when any variable
 * fills it. The previously used people have a class of their own in the model (buildModel's
 * `ownClass`), so "the same person" is one variable. Nothing here touches the model builder:
 * the stages are the built model with other costs and more rows.
 */
import type { TraineeChoice } from "../domain/cost.js";
import type { BuiltModel } from "../model/build-model.js";
import type { PersonClass } from "../model/candidates.js";
import type { LinearConstraint, LinearModel, LinearTerm } from "../model/linear-model.js";
import { jslpSolver } from "../solvers/jslp/jslp-solver.js";
import type { SolverResult } from "../solvers/solver.js";
import { mustStop, type StopSignal } from "../solvers/stop.js";

/** A role of a trainee that a change count may leave out: `host`, `away:<away period index>`, `supervisor`, `mentor`. */
export type RoleKey = "host" | `away:${number}` | "supervisor" | "mentor";

/** What changes are counted against. */
export interface ChangeBasis {
  /** The previous choice of each trainee of the model's cohort (input order); null for a trainee who was not in it. */
  readonly previous: readonly (TraineeChoice | null)[];
  /** For each away period (programme order), whether it may still change (it has not started). */
  readonly laterAway: readonly boolean[];
  /** Per trainee, roles not counted (a what-if's own pins). */
  readonly excluded?: ReadonlyMap<number, ReadonlySet<RoleKey>>;
}

/** The number of changes as a linear function: constant + coefficients · x. */
export interface ChangeObjective {
  readonly coefficients: Float64Array;
  readonly constant: number;
  /** Each counted role: its previous value, the variables that keep it, and all that fill it. */
  readonly roles: readonly CountedRole[];
}

export interface CountedRole {
  readonly previous: string | null;
  readonly keep: readonly number[];
  readonly fill: readonly number[];
}

/**
 * Roles that must change whatever the plan: a previous value that no variable keeps (the
 * member or person is gone, forbidden, no longer fits). When the fewest changes are exactly
 * these, every other role keeps its value, which later stages can state role by role.
 */
export function forcedRoles(objective: ChangeObjective): number {
  return objective.roles.filter((r) => r.previous !== null && r.keep.length === 0).length;
}

export function changeObjective(built: BuiltModel, basis: ChangeBasis): ChangeObjective {
  const coefficients = new Float64Array(built.model.variables.length);
  let constant = 0;
  const roles: CountedRole[] = [];
  const count = (previous: string | null, options: readonly { readonly variable: number; readonly keeps: boolean }[]): void => {
    roles.push({ previous, keep: options.filter((o) => o.keeps).map((o) => o.variable), fill: options.map((o) => o.variable) });
    if (previous !== null) constant += 1;
    for (const o of options) {
      if (o.keeps) coefficients[o.variable] = (coefficients[o.variable] ?? 0) - 1;
      else if (previous === null) coefficients[o.variable] = (coefficients[o.variable] ?? 0) + 1;
    }
  };
  built.traineeVars.forEach((tv, t) => {
    const before = basis.previous[t];
    if (before === null || before === undefined) return;
    const excluded = basis.excluded?.get(t);
    // A given host is a fact of the cohort, not a choice: it has no variables and is not counted.
    if (tv.host.size > 0 && excluded?.has("host") !== true) {
      count(
        before.host,
        [...tv.host].flatMap(([member, variables]) => variables.map((variable) => ({ variable, keeps: member === before.host }))),
      );
    }
    tv.away.forEach((awayVars, p) => {
      if (basis.laterAway[p] !== true || excluded?.has(`away:${p}`) === true) return;
      const previous = before.away[p] ?? null;
      count(previous, awayVars.map((a) => ({ variable: a.variable, keeps: a.member === previous })));
    });
    if (excluded?.has("supervisor") !== true) {
      count(before.supervisor, tv.supervisor.map((s) => ({ variable: s.variable, keeps: isOnly(s.personClass, before.supervisor) })));
    }
    if (excluded?.has("mentor") !== true) {
      count(before.mentor, tv.mentor.map((m) => ({ variable: m.variable, keeps: isOnly(m.personClass, before.mentor) })));
    }
  });
  return { coefficients, constant, roles };
}

/** Whether a class is exactly the one person (the previously used people have a class of their own). */
function isOnly(personClass: PersonClass, person: string | null): boolean {
  return person !== null && personClass.people.length === 1 && personClass.people[0]?.id === person;
}

export type Stage = { readonly kind: "fill" } | { readonly kind: "cost" } | { readonly kind: "changes"; readonly objective: ChangeObjective };

export interface StageOptions {
  readonly deadline: number;
  readonly signal?: StopSignal;
  /** Called after each stage with its value and bound. */
  readonly onStage?: (report: StageReport) => void;
}

export interface StageReport {
  readonly stage: Stage["kind"];
  readonly status: "optimal" | "feasible" | "infeasible" | "timedout";
  readonly value: number | null;
  readonly bound: number | null;
}

export interface StagedResult {
  /** optimal: every stage proven; feasible: a solution, some stage not proven; infeasible: none exists; timedout: none found. */
  readonly status: "optimal" | "feasible" | "infeasible" | "timedout";
  readonly values: Float64Array | null;
  /** The value each stage reached, in stage order (null for a stage that found nothing). */
  readonly stageValues: readonly (number | null)[];
  /**
   * A proven lower bound on the cost of the lexicographic optimum: the cost stage's bound
   * (the earlier stages' rows only shrink the set it minimises over, so it is a bound for any
   * plan at least as good in those). Null when the cost stage found none.
   */
  readonly costBound: number | null;
  readonly solveMs: number;
  readonly variables: number;
  readonly constraints: number;
}

/** Solves the stages in order on the built model plus `extraRows`. */
export function solveStages(built: BuiltModel, stages: readonly Stage[], extraRows: readonly LinearConstraint[], options: StageOptions): StagedResult {
  const rows: LinearConstraint[] = [...built.model.constraints, ...extraRows];
  let values: Float64Array | null = null;
  let proven = true;
  let costBound: number | null = null;
  let solveMs = 0;
  const stageValues: (number | null)[] = [];
  for (const stage of stages) {
    // No stage starts after the deadline (or an abort): building its solver model alone takes
    // long on a big cohort, and the answer is the earlier stage's solution, or none.
    if (mustStop(options.deadline, options.signal)) {
      stageValues.push(null);
      if (values === null) return { status: "timedout", values: null, stageValues, costBound: null, solveMs, ...size(built, rows) };
      proven = false;
      break;
    }
    const { costs, offset } = objectiveOf(built, stage);
    const model: LinearModel = {
      ...built.model,
      variables: built.model.variables.map((v, i) => ({ ...v, cost: costs[i] ?? 0 })),
      constraints: [...rows],
      objectiveOffset: offset,
    };
    const solverOptions = { deadline: options.deadline, ...(options.signal === undefined ? {} : { signal: options.signal }) };
    // Fewest changes: every plan changes at least the forced roles, so a plan that changes
    // only those is proven best at once; trying that first (every other role kept, rows on
    // one role each) is a small solve, and the usual answer when some place is spare.
    let solved: SolverResult | null = null;
    if (stage.kind === "changes") {
      const keep = keepRows(stage.objective);
      const attempt = jslpSolver.solve({ ...model, constraints: [...rows, ...keep] }, solverOptions);
      if (attempt.status === "optimal" && attempt.objective !== null && Math.round(attempt.objective) === forcedRoles(stage.objective)) {
        solved = attempt;
        rows.push(...keep);
      } else solveMs += attempt.solveMs;
    }
    solved ??= jslpSolver.solve(model, solverOptions);
    solveMs += solved.solveMs;
    options.onStage?.({ stage: stage.kind, status: solved.status, value: solved.objective, bound: solved.bound });
    if (stage.kind === "cost") costBound = solved.status === "optimal" ? solved.objective : solved.bound;
    if (solved.values === null || solved.objective === null) {
      stageValues.push(null);
      if (values === null) {
        return { status: solved.status === "infeasible" ? "infeasible" : "timedout", values: null, stageValues, costBound: null, solveMs, ...size(built, rows) };
      }
      // A later stage that finds nothing in time keeps the earlier stage's solution, which meets every row so far.
      proven = false;
      break;
    }
    values = solved.values;
    if (solved.status !== "optimal") proven = false;
    // The stage's value stays as a row: integer counts exactly, the cost within float noise.
    const value = stage.kind === "cost" ? solved.objective : Math.round(solved.objective);
    stageValues.push(value);
    const slack = stage.kind === "cost" ? 1e-7 * Math.max(1, Math.abs(value)) : 0.5;
    const terms: LinearTerm[] = [];
    costs.forEach((c, variable) => {
      if (c !== 0) terms.push({ variable, coefficient: c });
    });
    rows.push({ name: `stage[${stage.kind}]`, terms, lower: Number.NEGATIVE_INFINITY, upper: value - offset + slack });
    // When the fewest changes are the forced ones, the same set of plans is "every other role
    // keeps its value": rows on one role each, which later stages solve far faster than with
    // the dense count row alone (both are kept: the set is the same).
    if (stage.kind === "changes" && value === forcedRoles(stage.objective) && !keptAlready(rows)) rows.push(...keepRows(stage.objective));
  }
  return { status: proven ? "optimal" : "feasible", values, stageValues, costBound, solveMs, ...size(built, rows) };
}

function size(built: BuiltModel, rows: readonly LinearConstraint[]): { variables: number; constraints: number } {
  return { variables: built.model.variables.length, constraints: rows.length };
}

function objectiveOf(built: BuiltModel, stage: Stage): { costs: Float64Array; offset: number } {
  const model = built.model;
  if (stage.kind === "cost") return { costs: Float64Array.from(model.variables, (v) => v.cost), offset: model.objectiveOffset };
  // Every role variable fills exactly one role (build-model.ts), so -sum(x) counts filled roles,
  // negated; the fairness terms' variables (after the role variables) fill none.
  if (stage.kind === "fill") return { costs: Float64Array.from(model.variables, (_, i) => (i < built.roleVariables ? -1 : 0)), offset: 0 };
  return { costs: stage.objective.coefficients, offset: stage.objective.constant };
}

/** Every role that need not change keeps its value: its keeping variables sum to 1, or, empty before, it stays empty. */
function keepRows(objective: ChangeObjective): LinearConstraint[] {
  const rows: LinearConstraint[] = [];
  objective.roles.forEach((role, r) => {
    if (role.previous === null) {
      if (role.fill.length > 0) rows.push({ name: `keep[${r}]`, terms: role.fill.map((variable) => ({ variable, coefficient: 1 })), lower: Number.NEGATIVE_INFINITY, upper: 0 });
    } else if (role.keep.length > 0) {
      rows.push({ name: `keep[${r}]`, terms: role.keep.map((variable) => ({ variable, coefficient: 1 })), lower: 1, upper: Number.POSITIVE_INFINITY });
    }
  });
  return rows;
}

function keptAlready(rows: readonly LinearConstraint[]): boolean {
  return rows.some((row) => row.name.startsWith("keep["));
}
