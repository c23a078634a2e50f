/**
 * From each trainee's choice (as a backend decoded it: model/decode.ts) to the plan's
 * assignments, with dated placements and the cost breakdown.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { costOfChoice, type TraineeChoice } from "../domain/cost.js";
import type { Assignment, Placement } from "../domain/schema.js";

/** The plan's assignments for the choices, with dated placements and the cost breakdown. */
export function toAssignments(index: CohortIndex, choices: readonly TraineeChoice[]): Assignment[] {
  const awayPosition = new Map(index.awayPeriods.map((p, i) => [p.id, i]));
  return index.cohort.trainees.map((trainee, t) => {
    const choice = choices[t] as TraineeChoice;
    const placements: Placement[] = [];
    for (const period of index.cohort.programme.periods) {
      const member = period.at === "host" ? choice.host : (choice.away[awayPosition.get(period.id) ?? -1] ?? null);
      const dates = index.datesByPeriod.get(period.id);
      if (member === null || dates === undefined) continue;
      placements.push({ period: period.id, member, from: dates.from, to: dates.to });
    }
    return {
      trainee: trainee.id,
      host: choice.host,
      supervisor: choice.supervisor,
      mentor: choice.mentor,
      placements,
      cost: costOfChoice(index, trainee, choice),
    };
  });
}
