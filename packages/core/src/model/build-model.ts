/**
 * Builds the solver-neutral model of a validated cohort. Pure and deterministic: the same
 * cohort gives the same variables and rows in the same order.
 *
 * With `allowUnassigned`, the plan is lexicographic: first as many filled roles as possible,
 * then the least cost. Every variable fills exactly one role, so the number of filled roles is
 * (given hosts) + the sum of all variables; `fillObjective` and `withMinimumFilled` give the
 * two stages.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { ModelBuilder } from "./builder.js";
import { buildCandidates, type Candidates } from "./candidates.js";
import { addAssignmentRows } from "./constraints/assignment.js";
import { addCapacityRows } from "./constraints/capacity.js";
import { addDistinctAwayRows } from "./constraints/distinct-away.js";
import { addOrganisationRows } from "./constraints/organisation.js";
import type { LinearModel } from "./linear-model.js";
import { addVariables, type TraineeVars, type VariableMeta } from "./variables.js";

export interface BuiltModel {
  readonly model: LinearModel;
  readonly meta: readonly VariableMeta[];
  readonly candidates: Candidates;
  readonly traineeVars: readonly TraineeVars[];
  /** Roles filled by the input itself (given hosts). */
  readonly filledByInput: number;
}

export interface BuildOptions {
  /** Build the diagnosis model: capacities may be exceeded at a cost (see capacity.ts). */
  readonly relax?: boolean;
  /** People to give a class of their own (see CandidateOptions.ownClass); for re-planning. */
  readonly ownClass?: ReadonlySet<string>;
}

export function buildModel(index: CohortIndex, options: BuildOptions = {}): BuiltModel {
  const relax = options.relax === true;
  const candidates = buildCandidates(index, options.ownClass === undefined ? { relax } : { relax, ownClass: options.ownClass });
  const builder = new ModelBuilder<VariableMeta>();
  const traineeVars = addVariables(builder, index, candidates);
  addAssignmentRows(builder, traineeVars, index.cohort.rules.allowUnassigned);
  addOrganisationRows(builder, index, traineeVars);
  addDistinctAwayRows(builder, index, traineeVars);
  addCapacityRows(builder, index, candidates, traineeVars, relax);
  return {
    model: builder.build(),
    meta: builder.meta,
    candidates,
    traineeVars,
    filledByInput: index.cohort.trainees.filter((t) => t.host !== undefined).length,
  };
}

/** The same rows with the objective "fill as many roles as possible" (minimise -filled). */
export function fillObjective(model: LinearModel): LinearModel {
  return { ...model, variables: model.variables.map((v) => ({ ...v, cost: -1 })), objectiveOffset: 0 };
}

/** The model with one more row: at least `minimum` roles filled by variables. */
export function withMinimumFilled(model: LinearModel, minimum: number): LinearModel {
  const terms = model.variables.map((_, variable) => ({ variable, coefficient: 1 }));
  return {
    ...model,
    constraints: [...model.constraints, { name: "filled", terms, lower: minimum, upper: Number.POSITIVE_INFINITY }],
  };
}
