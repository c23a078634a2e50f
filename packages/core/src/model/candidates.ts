/**
 * Candidate sets: for each trainee, the hosts, away members and people that no hard rule
 * excludes on its own (specialization fit, forbids, pins, zero capacities, the host's
 * organisation when the host is given). Pins and forbids are read from domain/trainee-facts.ts.
 * Rules that couple choices (organisations of a chosen
 * host, capacities shared between trainees) are left to the constraints.
 *
 * People are grouped into classes of interchangeable people (same role, same member for
 * supervisors or organisation for mentors, same specializations among those the cohort's
 * trainees have). A person named by a pin or a forbid gets a class of its own, and so does a
 * mentor with history when repeatMentorHost is weighted. A class has the
 * summed capacity of its people; decoding hands its trainees out to its people in input order.
 * This is exact: the rules and the objective cannot tell two people of one class apart.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { historyFacts } from "../domain/history.js";
import type { Person, Trainee } from "../domain/schema.js";
import { readCohortFacts } from "../domain/trainee-facts.js";
import { listAt } from "../util/multimap.js";

export interface PersonClass {
  readonly key: string;
  /** A person who does not exist yet (diagnosis only): "add a mentor/supervisor here". */
  readonly virtual: boolean;
  readonly role: "mentor" | "supervisor";
  /** The member of every person in the class (supervisors), or the first one's (mentors). */
  readonly member: string;
  readonly organisation: string;
  /** People in input order. */
  readonly people: readonly Person[];
  readonly capacity: number;
  /** Specializations the people list (all of them list the same ones among the cohort's). */
  lists(specialization: string): boolean;
}

export interface TraineeCandidates {
  readonly trainee: Trainee;
  /** The host given in the cohort (already hired), or null when the solver chooses. */
  readonly givenHost: string | null;
  /** Whether a pin fixes the host (a host-period pin or a supervisor pin). */
  readonly hostPinned: boolean;
  /** Hosts to choose from (empty when the host is given). */
  readonly hosts: readonly string[];
  /** For each away period (programme order): candidate members, and whether a pin fixes it. */
  readonly away: readonly { readonly period: string; readonly members: readonly string[]; readonly pinned: boolean }[];
  readonly supervisors: readonly PersonClass[];
  readonly supervisorPinned: boolean;
  readonly mentors: readonly PersonClass[];
  readonly mentorPinned: boolean;
}

export interface Candidates {
  readonly trainees: readonly TraineeCandidates[];
  readonly supervisorClasses: readonly PersonClass[];
  readonly mentorClasses: readonly PersonClass[];
  /** Host places left at each member after the given hosts. */
  readonly hostPlacesLeft: ReadonlyMap<string, number>;
}

export interface CandidateOptions {
  /**
   * For diagnosis: keep members and people whose capacity is 0 (a capacity row with slack will
   * say how much to raise it), and add one virtual supervisor class per member and one virtual
   * mentor class per organisation, listing every specialization, for "add a person" suggestions.
   */
  readonly relax?: boolean;
  /**
   * People to give a class of their own, as a pin or a forbid naming them would (re-planning
   * counts a change of person, so the people a plan already uses must be told apart). Unused,
   * the classes are exactly as before.
   */
  readonly ownClass?: ReadonlySet<string>;
}

export function buildCandidates(index: CohortIndex, options: CandidateOptions = {}): Candidates {
  const relax = options.relax === true;
  const { cohort } = index;
  const required = cohort.rules.specializationFit === "required";
  const traineeSpecs = new Set(cohort.trainees.map((t) => t.specialization));

  const facts = readCohortFacts(index);

  const hostPlacesLeft = new Map<string, number>();
  for (const member of index.memberById.values()) hostPlacesLeft.set(member.id, member.hostCapacity);
  for (const trainee of cohort.trainees) {
    if (trainee.host !== undefined) hostPlacesLeft.set(trainee.host, (hostPlacesLeft.get(trainee.host) ?? 0) - 1);
  }

  const named = new Set([...facts.namedPeople, ...(options.ownClass ?? []), ...repeatedMentors(index)]);
  const { supervisorClasses, mentorClasses } = buildPersonClasses(index, traineeSpecs, named);
  if (relax) addVirtualClasses(index, supervisorClasses, mentorClasses);
  const members = [...index.memberById.values()];

  const trainees = cohort.trainees.map((trainee): TraineeCandidates => {
    const spec = trainee.specialization;
    const own = facts.of(trainee);
    const forbidden = own.forbiddenMembers;
    const givenHost = trainee.host ?? null;
    // A host-period pin, else the employer of a pinned supervisor.
    const pinnedHost = own.hostFromPins;
    const supervisorPin = own.pinnedSupervisor;

    let hosts: string[] = [];
    if (givenHost === null) {
      const pool = pinnedHost !== null ? members.filter((m) => m.id === pinnedHost) : members;
      hosts = pool
        .filter((m) => (relax || (hostPlacesLeft.get(m.id) ?? 0) > 0) && !forbidden.has(m.id) && (!required || m.specializations.includes(spec)))
        .map((m) => m.id);
    }
    const hostOrg = givenHost === null ? null : index.organisationOf(givenHost);

    const away = index.awayPeriods.map((period) => {
      const pinnedMember = own.pinnedAway.get(period.id);
      const pool = pinnedMember !== undefined ? members.filter((m) => m.id === pinnedMember) : members;
      const list = pool
        .filter(
          (m) =>
            (relax || m.awayCapacity > 0) &&
            !forbidden.has(m.id) &&
            (!required || m.specializations.includes(spec)) &&
            (hostOrg === null || index.organisationOf(m.id) !== hostOrg),
        )
        .map((m) => m.id);
      return { period: period.id, members: list, pinned: pinnedMember !== undefined };
    });

    const possibleHosts = new Set(givenHost !== null ? [givenHost] : hosts);
    const supervisorPool =
      supervisorPin !== null ? supervisorClasses.filter((c) => c.people.some((p) => p.id === supervisorPin)) : supervisorClasses;
    const supervisors = supervisorPool.filter(
      (c) =>
        possibleHosts.has(c.member) &&
        (relax || c.capacity > 0) &&
        (!required || c.lists(spec)) &&
        !isForbidden(c, own.forbiddenSupervisors),
    );
    const mentorPin = own.pinnedMentor;
    const mentorPool = mentorPin !== null ? mentorClasses.filter((c) => c.people.some((p) => p.id === mentorPin)) : mentorClasses;
    const mentors = mentorPool.filter(
      (c) => (relax || c.capacity > 0) && (hostOrg === null || c.organisation !== hostOrg) && !isForbidden(c, own.forbiddenMentors),
    );
    return {
      trainee,
      givenHost,
      hostPinned: givenHost === null && pinnedHost !== null,
      hosts,
      away,
      supervisors,
      supervisorPinned: supervisorPin !== null,
      mentors,
      mentorPinned: mentorPin !== null,
    };
  });

  return { trainees, supervisorClasses, mentorClasses, hostPlacesLeft };
}

/** The people classes (see above) of a cohort; `namedPeople` are those a pin or a forbid names. */
export function buildPersonClasses(
  index: CohortIndex,
  traineeSpecs: ReadonlySet<string>,
  namedPeople: ReadonlySet<string>,
): { supervisorClasses: PersonClass[]; mentorClasses: PersonClass[] } {
  const groups = new Map<string, Person[]>();
  for (const person of index.personById.values()) {
    if (!index.memberById.has(person.member)) continue;
    const specs = [...new Set(person.specializations.filter((s) => traineeSpecs.has(s)))].sort();
    const place = person.role === "supervisor" ? `m:${person.member}` : `o:${index.organisationOf(person.member)}`;
    const key = namedPeople.has(person.id) ? `${person.role}|person:${person.id}` : `${person.role}|${place}|${specs.join(",")}`;
    listAt(groups, key).push(person);
  }
  const supervisorClasses: PersonClass[] = [];
  const mentorClasses: PersonClass[] = [];
  for (const [key, people] of groups) {
    const first = people[0] as Person;
    const specs = new Set(first.specializations);
    const cls: PersonClass = {
      key,
      virtual: false,
      role: first.role,
      member: first.member,
      organisation: index.organisationOf(first.member),
      people,
      capacity: people.reduce((sum, p) => sum + p.capacity, 0),
      lists: (specialization) => specs.has(specialization),
    };
    (cls.role === "supervisor" ? supervisorClasses : mentorClasses).push(cls);
  }
  return { supervisorClasses, mentorClasses };
}

/**
 * Mentors whose repeatMentorHost cost depends on the host (a history entry names them as the
 * mentor of a trainee of some member), when that weight is not 0: each needs a class of its own,
 * since the objective tells them apart from the other mentors of their organisation.
 */
export function repeatedMentors(index: CohortIndex): ReadonlySet<string> {
  if (index.cohort.weights.repeatMentorHost === 0) return new Set();
  return new Set([...historyFacts(index).mentorsWithHistory].filter((id) => index.personById.get(id)?.role === "mentor"));
}

/** People named by a forbid have a class of their own, so a forbid rules out a whole class. */
function isForbidden(personClass: PersonClass, forbidden: ReadonlySet<string>): boolean {
  const only = personClass.people.length === 1 ? personClass.people[0] : undefined;
  return only !== undefined && forbidden.has(only.id);
}

function addVirtualClasses(index: CohortIndex, supervisorClasses: PersonClass[], mentorClasses: PersonClass[]): void {
  const seenOrganisations = new Set<string>();
  for (const member of index.memberById.values()) {
    const organisation = index.organisationOf(member.id);
    const base = { virtual: true, member: member.id, organisation, people: [], capacity: 0, lists: () => true } as const;
    supervisorClasses.push({ ...base, key: `supervisor|new@${member.id}`, role: "supervisor" });
    if (seenOrganisations.has(organisation)) continue;
    seenOrganisations.add(organisation);
    mentorClasses.push({ ...base, key: `mentor|new@${organisation}`, role: "mentor" });
  }
}

