/**
 * Each member's balance for the plan workbook's Balance by member sheet: the plan's own
 * `balance` when it carries one (a cohort with a history, or a fairness weight), else counted
 * here by the core's balanceOf from the plan's choices, so that every plan workbook shows who
 * hosted, sent and received, and how that changes each member's balance.
 */
import { DEFAULT_WEIGHTS, balanceOf, choiceOfAssignment, parseCohort, type CohortInput, type MemberBalance, type PlanJson } from "@rotamatch/core/format";

/** The plan's balance per member, in the cohort's member order. */
export function planBalance(cohort: CohortInput, plan: Pick<PlanJson, "assignments" | "balance">): readonly MemberBalance[] {
  if (plan.balance !== undefined) return plan.balance;
  const parsed = parseCohort(cohort);
  if (!parsed.ok) return [];
  return balanceOf(parsed.index, plan.assignments.map((a) => choiceOfAssignment(parsed.index, a)));
}

/** The reciprocity term of the objective: weight × Σ |balance after| over the members; null when its weight is 0. */
export function reciprocityTerm(cohort: CohortInput, balance: readonly MemberBalance[]): number | null {
  const weight = cohort.weights?.reciprocity ?? DEFAULT_WEIGHTS.reciprocity;
  if (weight === 0) return null;
  let sum = 0;
  for (const row of balance) sum += Math.abs(row.balanceAfter);
  return weight * sum;
}
