/**
 * A small accumulator for a LinearModel. Names are kept for debugging; a row whose terms
 * cannot bind (every variable in it is bounded by 1 elsewhere and the row allows their sum)
 * is the caller's to skip.
 */
import type { LinearConstraint, LinearModel, LinearTerm, LinearVariable } from "./linear-model.js";

export class ModelBuilder<Meta> {
  readonly variables: LinearVariable[] = [];
  readonly meta: Meta[] = [];
  readonly constraints: LinearConstraint[] = [];
  readonly cuts: LinearConstraint[] = [];

  /** Adds a 0/1 variable whose upper bound of 1 is implied by an assignment row. */
  addBinary(name: string, cost: number, meta: Meta): number {
    this.variables.push({ name, cost, upper: Number.POSITIVE_INFINITY, integer: true });
    this.meta.push(meta);
    return this.variables.length - 1;
  }

  /** Adds a variable with an explicit upper bound (adapters add a row for it). */
  addVariable(variable: LinearVariable, meta: Meta): number {
    this.variables.push(variable);
    this.meta.push(meta);
    return this.variables.length - 1;
  }

  /**
   * Adds lower <= sum(terms) <= upper. An empty row is dropped when 0 satisfies it and kept
   * otherwise: it then states that the model is infeasible (a required choice with no option).
   */
  addRow(name: string, terms: readonly LinearTerm[], lower: number, upper: number): void {
    if (terms.length === 0 && lower <= 0 && upper >= 0) return;
    this.constraints.push({ name, terms, lower, upper });
  }

  /** Adds a valid inequality to the model's cut pool (see LinearModel.cuts). */
  addCut(name: string, terms: readonly LinearTerm[], lower: number, upper: number): void {
    if (terms.length > 0) this.cuts.push({ name, terms, lower, upper });
  }

  build(objectiveOffset = 0): LinearModel {
    return { variables: this.variables, constraints: this.constraints, cuts: this.cuts, objectiveOffset };
  }
}

export const ones = (variables: readonly number[], coefficient = 1): LinearTerm[] =>
  variables.map((variable) => ({ variable, coefficient }));
