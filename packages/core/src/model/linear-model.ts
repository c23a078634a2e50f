/**
 * A solver-neutral mixed-integer linear model: minimise c·x subject to rows lo <= a·x <= hi,
 * 0 <= x <= upper. Variables and rows carry readable names for debugging and for the
 * adapters that key by name; model building is pure and deterministic.
 */
export interface LinearVariable {
  readonly name: string;
  readonly cost: number;
  readonly upper: number;
  readonly integer: boolean;
}

export interface LinearTerm {
  readonly variable: number;
  readonly coefficient: number;
}

export interface LinearConstraint {
  readonly name: string;
  readonly terms: readonly LinearTerm[];
  /** Lower bound on the row; -Infinity when none. */
  readonly lower: number;
  /** Upper bound on the row; +Infinity when none. */
  readonly upper: number;
}

export interface LinearModel {
  readonly variables: readonly LinearVariable[];
  readonly constraints: readonly LinearConstraint[];
  /**
   * Valid inequalities: every integral solution of the constraints satisfies them, so the model
   * is correct without them, but they cut fractional solutions off the LP relaxation. A solver
   * may add the ones its relaxation violates (and ignore the rest).
   */
  readonly cuts?: readonly LinearConstraint[];
  /** Constant added to every objective value (costs fixed by the input). */
  readonly objectiveOffset: number;
}
