/**
 * Decoding: from a solver's 0/1 values to the plan's assignments. People classes are handed
 * out to their people in input order (first person first, up to its capacity), trainees in
 * input order, so the same values always give the same plan.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { costOfChoice, type TraineeChoice } from "../domain/cost.js";
import type { Assignment, Placement } from "../domain/schema.js";
import type { PersonClass } from "../model/candidates.js";
import type { BuiltModel } from "../model/build-model.js";

const isOn = (values: Float64Array, variable: number): boolean => (values[variable] ?? 0) > 0.5;

/** The choice of each trainee (input order) encoded by the values. */
export function decodeChoices(built: BuiltModel, values: Float64Array): TraineeChoice[] {
  const handOut = new PeopleHandOut();
  return built.traineeVars.map((tv) => {
    let host = tv.candidates.givenHost;
    for (const [member, variables] of tv.host) if (variables.some((v) => isOn(values, v))) host = member;
    const away = tv.away.map((awayVars) => awayVars.find((a) => isOn(values, a.variable))?.member ?? null);
    const supervisorClass = tv.supervisor.find((s) => isOn(values, s.variable))?.personClass;
    const mentorClass = tv.mentor.find((m) => isOn(values, m.variable))?.personClass;
    return {
      host,
      away,
      supervisor: supervisorClass === undefined ? null : handOut.next(supervisorClass),
      mentor: mentorClass === undefined ? null : handOut.next(mentorClass),
    };
  });
}

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

/** Hands out a class's places to its people: first person first, each up to their capacity. */
export class PeopleHandOut {
  private readonly used = new Map<string, number>();
  next(personClass: PersonClass): string {
    for (const person of personClass.people) {
      const used = this.used.get(person.id) ?? 0;
      if (used < person.capacity) {
        this.used.set(person.id, used + 1);
        return person.id;
      }
    }
    // The class's capacity row makes this unreachable; fail loudly rather than overbook.
    throw new Error(`internal: more trainees assigned to ${personClass.key} than its people can take`);
  }
}
