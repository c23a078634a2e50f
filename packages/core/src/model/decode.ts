/**
 * Decoding: from a MIP solution's 0/1 values (or a network plan's classes) to each trainee's
 * choice, with people ids. People classes are handed out to their people in input order
 * (first person first, up to its capacity), trainees in input order, so the same values
 * always give the same choices. It lives beside the model, not in result/, because both
 * backends decode here and backends do not import result/ (plan assembly and verification).
 */
import type { TraineeChoice } from "../domain/cost.js";
import type { BuiltModel } from "./build-model.js";
import type { PersonClass } from "./candidates.js";

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
