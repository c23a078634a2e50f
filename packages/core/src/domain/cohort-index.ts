/**
 * Lookup tables over a validated cohort, shared by model building, verification and
 * diagnosis. Building it never throws on a cohort that passed validation.
 */
import { periodDates, type DatedPeriod } from "./dates.js";
import type { Cohort, Member, Period, Person, Trainee } from "./schema.js";

export interface CohortIndex {
  readonly cohort: Cohort;
  readonly memberById: ReadonlyMap<string, Member>;
  readonly personById: ReadonlyMap<string, Person>;
  readonly traineeById: ReadonlyMap<string, Trainee>;
  /** Position of each member, person and trainee in its input list (for paths in messages). */
  readonly memberPosition: ReadonlyMap<string, number>;
  readonly personPosition: ReadonlyMap<string, number>;
  readonly traineePosition: ReadonlyMap<string, number>;
  readonly hostPeriods: readonly Period[];
  readonly awayPeriods: readonly Period[];
  readonly datesByPeriod: ReadonlyMap<string, DatedPeriod>;
  /** The organisation (employer in law) of a member: its `organisation`, else its own id. */
  organisationOf(memberId: string): string;
  /** How messages name a member: its `name` when it has a non-blank one, else its id. */
  memberName(memberId: string): string;
  /** Whether a member lists a specialization. */
  offers(memberId: string, specialization: string): boolean;
  /** Whether a person lists a specialization. */
  personLists(personId: string, specialization: string): boolean;
}

export function indexCohort(cohort: Cohort): CohortIndex {
  const memberById = new Map<string, Member>();
  const memberPosition = new Map<string, number>();
  const memberSpecs = new Map<string, ReadonlySet<string>>();
  cohort.members.forEach((member, i) => {
    if (memberById.has(member.id)) return;
    memberById.set(member.id, member);
    memberPosition.set(member.id, i);
    memberSpecs.set(member.id, new Set(member.specializations));
  });
  const personById = new Map<string, Person>();
  const personPosition = new Map<string, number>();
  const personSpecs = new Map<string, ReadonlySet<string>>();
  cohort.people.forEach((person, i) => {
    if (personById.has(person.id)) return;
    personById.set(person.id, person);
    personPosition.set(person.id, i);
    personSpecs.set(person.id, new Set(person.specializations));
  });
  const traineeById = new Map<string, Trainee>();
  const traineePosition = new Map<string, number>();
  cohort.trainees.forEach((trainee, i) => {
    if (traineeById.has(trainee.id)) return;
    traineeById.set(trainee.id, trainee);
    traineePosition.set(trainee.id, i);
  });
  const periods = cohort.programme.periods;
  const datesByPeriod = new Map(periodDates(cohort.programme.start, periods).map((d) => [d.period, d]));
  return {
    cohort,
    memberById,
    personById,
    traineeById,
    memberPosition,
    personPosition,
    traineePosition,
    hostPeriods: periods.filter((p) => p.at === "host"),
    awayPeriods: periods.filter((p) => p.at === "away"),
    datesByPeriod,
    organisationOf: (memberId) => memberById.get(memberId)?.organisation ?? memberId,
    memberName: (memberId) => {
      const name = memberById.get(memberId)?.name;
      return name !== undefined && name.trim() !== "" ? name : memberId;
    },
    offers: (memberId, specialization) => memberSpecs.get(memberId)?.has(specialization) ?? false,
    personLists: (personId, specialization) => personSpecs.get(personId)?.has(specialization) ?? false,
  };
}
