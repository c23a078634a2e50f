/**
 * A LinearModel in javascript-lp-solver's JSON model format: variables keyed by name with
 * their coefficient in each row and in the objective, rows keyed by name with min/max/equal.
 * Variables are named x0, x1, ... and rows r0, r1, ... (bounds of variables u0, u1, ...) by
 * their index, so the solver's answer maps back to the model by position.
 */
import type { LinearModel } from "../../../packages/core/src/model/linear-model.js";

/** The objective's name in the JSON model (no row is named so). */
const OBJECTIVE = "objective";

export interface JslpJsonModel {
  readonly optimize: string;
  readonly opType: "min";
  readonly constraints: Record<string, { min?: number; max?: number; equal?: number }>;
  readonly variables: Record<string, Record<string, number>>;
  readonly ints: Record<string, 1>;
  readonly options: { readonly timeout: number };
}

export function toJslpJson(model: LinearModel, timeoutMs: number): JslpJsonModel {
  const constraints: JslpJsonModel["constraints"] = {};
  const columns: Record<string, number>[] = model.variables.map((v) => ({ [OBJECTIVE]: v.cost }));
  const ints: Record<string, 1> = {};
  model.variables.forEach((v, j) => {
    if (v.integer) ints[`x${j}`] = 1;
    if (Number.isFinite(v.upper)) {
      constraints[`u${j}`] = { max: v.upper };
      (columns[j] as Record<string, number>)[`u${j}`] = 1;
    }
  });
  model.constraints.forEach((row, i) => {
    const name = `r${i}`;
    if (row.lower === row.upper) constraints[name] = { equal: row.lower };
    else {
      const bounds: { min?: number; max?: number } = {};
      if (Number.isFinite(row.lower)) bounds.min = row.lower;
      if (Number.isFinite(row.upper)) bounds.max = row.upper;
      constraints[name] = bounds;
    }
    for (const term of row.terms) (columns[term.variable] as Record<string, number>)[name] = term.coefficient;
  });
  const variables = Object.fromEntries(columns.map((column, j) => [`x${j}`, column]));
  return { optimize: OBJECTIVE, opType: "min", constraints, variables, ints, options: { timeout: timeoutMs } };
}

/** The values of the model's variables in javascript-lp-solver's answer (it lists only the nonzero ones). */
export function fromJslpAnswer(model: LinearModel, answer: Record<string, unknown>): Float64Array {
  return Float64Array.from(model.variables, (v, j) => {
    const value = answer[`x${j}`];
    return typeof value === "number" ? (v.integer ? Math.round(value) : value) : 0;
  });
}
