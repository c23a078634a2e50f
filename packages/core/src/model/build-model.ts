/**
 * Builds the solver-neutral model of a validated cohort. Pure and deterministic: the same
 * cohort gives the same variables and rows in the same order.
 *
 * With `allowUnassigned`, the plan is lexicographic: first as many filled roles as possible,
 * then the least cost. Every variable fills exactly one role, so the number of filled roles is
 * (given hosts) + the sum of all variables; `fillObjective` and `withMinimumFilled` give the
 * two stages.
 *
 * With `fairness: true`, the fairness terms that couple choices (constraints/fairness.ts) add
 * variables that fill no role, after the role variables (`roleVariables` counts those), and rows
 * after the others. Without it, or with their weights 0, the model is the same as before them,
 * variable for variable and row for row.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { ModelBuilder } from "./builder.js";
import { buildCandidates, type Candidates } from "./candidates.js";
import { addAssignmentRows } from "./constraints/assignment.js";
import { addCapacityRows } from "./constraints/capacity.js";
import { addDistinctAwayRows } from "./constraints/distinct-away.js";
import { addFairnessTerms, completeFairness, fairnessCouples, type FairnessTerms } from "./constraints/fairness.js";
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
  /** The first this many variables fill one role each; the rest are the fairness terms' (fill none). */
  readonly roleVariables: number;
  /** The fairness terms' variables and rows, when built (`fairness: true` and a weight that couples choices). */
  readonly fairness: FairnessTerms | null;
}

export interface BuildOptions {
  /** Build the diagnosis model: capacities may be exceeded at a cost (see capacity.ts). */
  readonly relax?: boolean;
  /** People to give a class of their own (see CandidateOptions.ownClass); for re-planning. */
  readonly ownClass?: ReadonlySet<string>;
  /**
   * Add the fairness terms that couple choices (repeatMentorHost with a chosen host, reciprocity:
   * constraints/fairness.ts), so that the model's objective is the plan's. The exact backend
   * sets it; the stages built on the model elsewhere (re-planning, what-if, diagnosis, the greedy
   * plan) leave it out: their models count every variable as a filled role.
   */
  readonly fairness?: boolean;
}

export function buildModel(index: CohortIndex, options: BuildOptions = {}): BuiltModel {
  const relax = options.relax === true;
  const candidates = buildCandidates(index, options.ownClass === undefined ? { relax } : { relax, ownClass: options.ownClass });
  const builder = new ModelBuilder<VariableMeta>();
  const fair = options.fairness === true && fairnessCouples(index);
  const traineeVars = addVariables(builder, index, candidates, {
    // Under allowUnassigned, reciprocity counts each away variable for its host (constraints/fairness.ts).
    pairAll: fair && index.cohort.weights.reciprocity !== 0 && index.cohort.rules.allowUnassigned,
  });
  addAssignmentRows(builder, traineeVars, index.cohort.rules.allowUnassigned);
  addOrganisationRows(builder, index, traineeVars);
  addDistinctAwayRows(builder, index, traineeVars);
  addCapacityRows(builder, index, candidates, traineeVars, relax);
  const roleVariables = builder.variables.length;
  const fairness = fair ? addFairnessTerms(builder, index, traineeVars) : null;
  return {
    model: builder.build(fairness?.offset ?? 0),
    meta: builder.meta,
    candidates,
    traineeVars,
    filledByInput: index.cohort.trainees.filter((t) => t.host !== undefined).length,
    roleVariables,
    fairness,
  };
}

/**
 * The same rows with the objective "fill as many roles as possible" (minimise -filled): cost -1
 * on the first `roleVariables` variables (all by default), 0 on the others.
 */
export function fillObjective(model: LinearModel, roleVariables = model.variables.length): LinearModel {
  return { ...model, variables: model.variables.map((v, i) => ({ ...v, cost: i < roleVariables ? -1 : 0 })), objectiveOffset: 0 };
}

/** The model with one more row: at least `minimum` roles filled by the first `roleVariables` variables (all by default). */
export function withMinimumFilled(model: LinearModel, minimum: number, roleVariables = model.variables.length): LinearModel {
  const terms = model.variables.slice(0, roleVariables).map((_, variable) => ({ variable, coefficient: 1 }));
  return {
    ...model,
    constraints: [...model.constraints, { name: "filled", terms, lower: minimum, upper: Number.POSITIVE_INFINITY }],
  };
}

/**
 * The built model without the fairness terms' variables and rows (the role variables and their
 * rows, a prefix of each list): for code that counts every variable as a filled role, such as the
 * greedy plan. Its values extend to the whole model with `extendWithFairness`.
 */
export function withoutFairness(built: BuiltModel): BuiltModel {
  if (built.fairness === null) return built;
  const { model } = built;
  const rows = model.constraints.length - built.fairness.links.length - built.fairness.balances.length;
  return {
    ...built,
    model: { ...model, variables: model.variables.slice(0, built.roleVariables), constraints: model.constraints.slice(0, rows), objectiveOffset: 0 },
    meta: built.meta.slice(0, built.roleVariables),
    fairness: null,
  };
}

/** Values of the role variables (withoutFairness) extended with the fairness variables at their least cost. */
export function extendWithFairness(built: BuiltModel, roleValues: Float64Array): Float64Array {
  if (built.fairness === null) return roleValues;
  const values = new Float64Array(built.model.variables.length);
  values.set(roleValues.subarray(0, built.roleVariables));
  return completeFairness(built.fairness, values);
}
