/**
 * Shared facts of the pre-solve checks: the context every family reads (the cohort's members,
 * people, trainees and away periods in input order, its rules, and the places that given hosts
 * and pins already take), and the shape of a trainee's options, the superset of what any
 * valid plan could give the trainee, which precheck.ts assembles from the families.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { Member, Period, Person } from "../../domain/schema.js";
import { listAt } from "../../util/multimap.js";
import { collectTraineeFacts, distinctValues, fixedHost, type TraineeFacts } from "./pins.js";

/** What every check reads: the cohort's lists, its rules, and what given hosts and pins already take. */
export interface Context {
  readonly index: CohortIndex;
  readonly required: boolean;
  readonly hostAndAway: boolean;
  /** Members, supervisors, mentors and trainees in input order (first of any duplicate id). */
  readonly members: readonly Member[];
  readonly supervisors: readonly Person[];
  readonly mentors: readonly Person[];
  /** Supervisors by the member that employs them. */
  readonly supervisorsAt: ReadonlyMap<string, readonly Person[]>;
  readonly trainees: readonly TraineeFacts[];
  /** Away periods in programme order (first of any duplicate id). */
  readonly awayPeriods: readonly Period[];
  /** Trainees whose host is given or fixed by pins, by host member. */
  readonly hostTakenBy: ReadonlyMap<string, readonly string[]>;
  /** Trainees pinned away, by period id, then member. */
  readonly awayTakenBy: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Trainees who have the person pinned (as supervisor or mentor), by person. */
  readonly personTakenBy: ReadonlyMap<string, readonly string[]>;
}

/** The context of one precheck run, built once. */
export function buildContext(index: CohortIndex): Context {
  const { cohort } = index;
  const members = cohort.members.filter((m) => index.memberById.get(m.id) === m);
  const people = cohort.people.filter((p) => index.personById.get(p.id) === p);
  const trainees = collectTraineeFacts(index);
  const seenPeriods = new Set<string>();
  const awayPeriods = index.awayPeriods.filter((p) => !seenPeriods.has(p.id) && seenPeriods.add(p.id));

  const hostTakenBy = new Map<string, string[]>();
  const awayTakenBy = new Map<string, Map<string, string[]>>();
  const personTakenBy = new Map<string, string[]>();
  for (const facts of trainees) {
    const id = facts.trainee.id;
    const host = fixedHost(facts);
    if (host !== null) listAt(hostTakenBy, host).push(id);
    for (const [period, pins] of facts.awayPins) {
      const pinned = distinctValues(pins);
      if (pinned.length !== 1) continue;
      let byMember = awayTakenBy.get(period);
      if (byMember === undefined) awayTakenBy.set(period, (byMember = new Map()));
      listAt(byMember, pinned[0] ?? "").push(id);
    }
    for (const pins of [facts.supervisorPins, facts.mentorPins]) {
      const pinned = distinctValues(pins);
      if (pinned.length === 1) listAt(personTakenBy, pinned[0] ?? "").push(id);
    }
  }
  const supervisors = people.filter((p) => p.role === "supervisor");
  const supervisorsAt = new Map<string, Person[]>();
  for (const person of supervisors) listAt(supervisorsAt, person.member).push(person);
  return {
    index,
    required: cohort.rules.specializationFit === "required",
    hostAndAway: cohort.rules.mentorOutside === "host-and-away",
    members,
    supervisors,
    supervisorsAt,
    mentors: people.filter((p) => p.role === "mentor"),
    trainees,
    awayPeriods,
    hostTakenBy,
    awayTakenBy,
    personTakenBy,
  };
}

/** For one trainee, a superset of what any valid plan could give it (see precheck.ts). */
export interface TraineeOptions {
  readonly facts: TraineeFacts;
  /** Possible hosts (member ids). */
  readonly hosts: readonly string[];
  /** Organisations of the possible hosts. */
  readonly hostOrganisations: ReadonlySet<string>;
  /** Possible away members per away period id; null when the trainee has no possible host. */
  readonly away: ReadonlyMap<string, readonly string[]> | null;
  /**
   * Most distinct away members any one host's organisation leaves the trainee; null when not
   * computed (no possible host, or an away period without any member).
   */
  readonly distinctAway: number | null;
  /** Whether some supervisor, and some mentor, is possible; null when the trainee has no possible host. */
  readonly hasSupervisor: boolean | null;
  readonly hasMentor: boolean | null;
}
