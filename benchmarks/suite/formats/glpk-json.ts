/**
 * A LinearModel in glpk.js's JSON problem format (objective, `subjectTo` rows with a bound
 * type, column `bounds`, `generals` for the integer variables). Variables are named x0, x1, ...
 * and rows r0, r1, ... by their index. glpk.js gives a column no bound but 0 from below unless
 * told, which is what LinearModel's variables have; only finite upper bounds are listed.
 */
import type { LP } from "glpk.js/node";
import type { LinearModel } from "../../../packages/core/src/model/linear-model.js";

/** glpk's bound types (GLP_FR ... GLP_FX), the same numbers in every glpk.js build. */
export interface GlpkBoundTypes {
  readonly GLP_FR: number;
  readonly GLP_LO: number;
  readonly GLP_UP: number;
  readonly GLP_DB: number;
  readonly GLP_FX: number;
  readonly GLP_MIN: number;
}

export function toGlpkJson(model: LinearModel, glp: GlpkBoundTypes): LP {
  const bounds = (lower: number, upper: number): { type: number; lb: number; ub: number } => {
    const hasLower = Number.isFinite(lower);
    const hasUpper = Number.isFinite(upper);
    if (hasLower && hasUpper) return { type: lower === upper ? glp.GLP_FX : glp.GLP_DB, lb: lower, ub: upper };
    if (hasLower) return { type: glp.GLP_LO, lb: lower, ub: 0 };
    if (hasUpper) return { type: glp.GLP_UP, lb: 0, ub: upper };
    return { type: glp.GLP_FR, lb: 0, ub: 0 };
  };
  return {
    name: "rotamatch",
    objective: {
      direction: glp.GLP_MIN,
      name: "objective",
      vars: model.variables.map((v, j) => ({ name: `x${j}`, coef: v.cost })),
    },
    subjectTo: model.constraints.map((row, i) => ({
      name: `r${i}`,
      vars: row.terms.map((t) => ({ name: `x${t.variable}`, coef: t.coefficient })),
      bnds: bounds(row.lower, row.upper),
    })),
    bounds: model.variables.flatMap((v, j) => (Number.isFinite(v.upper) ? [{ name: `x${j}`, ...bounds(0, v.upper) }] : [])),
    generals: model.variables.flatMap((v, j) => (v.integer ? [`x${j}`] : [])),
  };
}

/** The values of the model's variables in glpk.js's answer. */
export function fromGlpkAnswer(model: LinearModel, vars: Readonly<Record<string, number>>): Float64Array {
  return Float64Array.from(model.variables, (v, j) => {
    const value = vars[`x${j}`] ?? 0;
    return v.integer ? Math.round(value) : value;
  });
}
