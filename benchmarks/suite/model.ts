/**
 * The model the generic solvers get: the strongest one rotamatch builds (`buildModel`), with
 * every cut of its cut pool added as an ordinary row, so that HiGHS, glpk.js and
 * javascript-lp-solver start from the same formulation as rotamatch's exact backend.
 *
 * With `allowUnassigned` the question is lexicographic (the most roles filled, then the least
 * cost), and a generic solver answers it as rotamatch's exact backend does: two models in turn,
 * the same rows with every variable costing -1 (each variable fills one role), then the cost
 * with at least that many roles filled.
 */
import { parseCohort } from "../../packages/core/src/index.js";
import { buildModel, fillObjective, withMinimumFilled } from "../../packages/core/src/model/build-model.js";
import type { LinearConstraint, LinearModel } from "../../packages/core/src/model/linear-model.js";

export { checkSolution, objectiveOf } from "../../packages/core/src/solvers/check-solution.js";

/** What a generic solver is asked about a cohort: one model, or (allowUnassigned) two in turn. */
export type Question =
  | { readonly kind: "single"; readonly model: LinearModel }
  | {
      readonly kind: "lexicographic";
      /** The cost model: its objective prices a plan. */
      readonly model: LinearModel;
      /** The first stage: the same rows, every variable costing -1. */
      readonly fill: LinearModel;
      /** The second stage: the cost model with at least `filled` roles filled. */
      readonly cost: (filled: number) => LinearModel;
      /** Every role of every trainee (host, supervisor, mentor and one per away period). */
      readonly roles: number;
    };

export function questionOf(input: unknown): Question {
  const parsed = parseCohort(input);
  if (!parsed.ok) throw new Error(`the instance is not a valid cohort (${parsed.issues.length} issues)`);
  const model = strongestModel(buildModel(parsed.index).model);
  const cohort = parsed.index.cohort;
  if (!cohort.rules.allowUnassigned) return { kind: "single", model };
  const roles = cohort.trainees.length * (3 + parsed.index.awayPeriods.length);
  return { kind: "lexicographic", model, fill: fillObjective(model), cost: (filled) => withMinimumFilled(model, filled), roles };
}

/** The model with its cut pool as rows, each row's terms with distinct variables. */
function strongestModel(model: LinearModel): LinearModel {
  const seen = new Int32Array(model.variables.length).fill(-1);
  const rows = [...model.constraints, ...(model.cuts ?? [])].map((row, i) => mergeTerms(row, i, seen));
  return { variables: model.variables, constraints: rows, cuts: [], objectiveOffset: model.objectiveOffset };
}

/** The row with repeated variables summed (solvers' sparse formats forbid repeats); `seen` is scratch space. */
function mergeTerms(row: LinearConstraint, stamp: number, seen: Int32Array): LinearConstraint {
  let repeated = false;
  for (const term of row.terms) {
    if (seen[term.variable] === stamp) repeated = true;
    seen[term.variable] = stamp;
  }
  if (!repeated) return row;
  const sums = new Map<number, number>();
  for (const term of row.terms) sums.set(term.variable, (sums.get(term.variable) ?? 0) + term.coefficient);
  return { ...row, terms: [...sums].map(([variable, coefficient]) => ({ variable, coefficient })) };
}

