/**
 * What a plan carries besides its assignments when the cohort asks for it: each member's
 * balance (when the cohort has a history or a fairness weight is not 0) and warnings (ids in the
 * history that this cohort does not know). Spread into every plan rotamatch builds, so that a
 * cohort without history keeps its plan's bytes.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { balanceOf, type TraineeChoice } from "../domain/cost.js";
import { fairnessWeighted, historyFacts, historyWarnings } from "../domain/history.js";
import type { MemberBalance, PlanWarning } from "../domain/schema.js";

export interface PlanExtras {
  balance?: MemberBalance[];
  warnings?: PlanWarning[];
}

/** The extras of a plan with these choices (null: no plan, so no balance). */
export function planExtras(index: CohortIndex, choices: readonly TraineeChoice[] | null): PlanExtras {
  const extras: PlanExtras = {};
  if (choices !== null && (historyFacts(index).present || fairnessWeighted(index))) extras.balance = balanceOf(index, choices);
  const warnings = historyWarnings(index);
  if (warnings.length > 0) extras.warnings = warnings;
  return extras;
}
