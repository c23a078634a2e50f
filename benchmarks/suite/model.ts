/**
 * The model the generic solvers get: the strongest one rotamatch builds (`buildModel`), with
 * every cut of its cut pool added as an ordinary row, so that HiGHS, glpk.js and
 * javascript-lp-solver start from the same formulation as rotamatch's exact backend.
 */
import { parseCohort } from "../../packages/core/src/index.js";
import { buildModel } from "../../packages/core/src/model/build-model.js";
import type { LinearConstraint, LinearModel } from "../../packages/core/src/model/linear-model.js";

export { checkSolution, objectiveOf } from "../../packages/core/src/solvers/check-solution.js";

/** The strongest model of a cohort: rows and cuts, each row's terms with distinct variables. */
export function strongestModel(input: unknown): LinearModel {
  const parsed = parseCohort(input);
  if (!parsed.ok) throw new Error(`the instance is not a valid cohort (${parsed.issues.length} issues)`);
  if (parsed.index.cohort.rules.allowUnassigned) {
    // rotamatch then solves two models in turn (most roles filled, then least cost); one model would not compare.
    throw new Error("cohorts with allowUnassigned are not supported by the generic-solver runs");
  }
  const model = buildModel(parsed.index).model;
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

