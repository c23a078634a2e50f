/**
 * Solver-neutral checks of a returned solution: integrality of integer variables, variable
 * bounds and every row, with a small tolerance. A backend's answer that fails is discarded.
 */
import type { LinearModel } from "../model/linear-model.js";

const TOLERANCE = 1e-6;

export function objectiveOf(model: LinearModel, values: Float64Array): number {
  let sum = model.objectiveOffset;
  model.variables.forEach((v, i) => {
    const value = values[i] ?? 0;
    if (value !== 0) sum += v.cost * value;
  });
  return sum;
}

export function checkSolution(model: LinearModel, values: Float64Array, requireIntegral = true): boolean {
  if (values.length !== model.variables.length) return false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    const variable = model.variables[i];
    if (variable === undefined || !Number.isFinite(value)) return false;
    if (value < -TOLERANCE || value > variable.upper + TOLERANCE) return false;
    if (requireIntegral && variable.integer && Math.abs(value - Math.round(value)) > TOLERANCE) return false;
  }
  for (const row of model.constraints) {
    let activity = 0;
    for (const term of row.terms) activity += term.coefficient * (values[term.variable] ?? 0);
    if (activity < row.lower - TOLERANCE || activity > row.upper + TOLERANCE) return false;
  }
  return true;
}
