/**
 * The cohort compiled for the network backend: members, organisations, specializations and
 * people classes as small integers, typed arrays for capacities and "offers"/"lists" tables,
 * and per trainee only what is individual (preferences, pins, forbids, candidate hosts).
 *
 * Why not model/candidates.ts: buildCandidates gives every trainee its own list of mentor
 * classes, which at 5,000 trainees and 10,000 mentors is tens of millions of entries and took
 * about 4 s; here the rules that are the same for every trainee of a specialization (which
 * members offer it, which classes list it) are stored once and applied on the fly.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { Trainee } from "../../domain/schema.js";
import { readCohortFacts, type CohortFacts } from "../../domain/trainee-facts.js";
import { buildPersonClasses, type PersonClass } from "../../model/candidates.js";
import { distanceKm } from "../../domain/geo.js";
import { historyFacts } from "../../domain/history.js";

export interface TraineeData {
  readonly trainee: Trainee;
  readonly spec: number;
  /** The host is given in the cohort (a fact: no host cost, no fit rule, no capacity left to use). */
  readonly hostGiven: boolean;
  /** A pin fixes the host (a host-period pin or a supervisor pin). */
  readonly hostPinned: boolean;
  /** Candidate hosts: the given or pinned one, else every member the rules allow (maybe none). */
  readonly hosts: Int32Array;
  readonly hostPrefs: Int32Array;
  readonly awayPrefs: Int32Array;
  /** Per away period, the pinned member or -1; null when no away period is pinned. */
  readonly awayPins: Int32Array | null;
  readonly forbiddenMembers: ReadonlySet<number> | null;
  /** Pinned supervisor / mentor class, or -1. */
  readonly supervisorPin: number;
  readonly mentorPin: number;
  readonly forbiddenSupervisors: ReadonlySet<number> | null;
  readonly forbiddenMentors: ReadonlySet<number> | null;
}

export interface NetworkProblem {
  readonly index: CohortIndex;
  readonly periods: number;
  readonly required: boolean;
  readonly hostAndAway: boolean;
  readonly allowUnassigned: boolean;
  readonly w: {
    readonly awayRank: number;
    readonly hostRank: number;
    readonly mentorSpecialization: number;
    readonly supervisorSpecialization: number;
    readonly specializationMiss: number;
    /** specializationMiss for every host period: the cost of a chosen host that misses. */
    readonly hostMiss: number;
  };
  readonly memberIds: readonly string[];
  readonly memberCount: number;
  readonly memberOrg: Int32Array;
  readonly orgCount: number;
  /** Host places left after the given hosts. */
  readonly hostCap: Int32Array;
  readonly awayCap: Int32Array;
  readonly specCount: number;
  readonly specNames: readonly string[];
  /** offers[s * memberCount + m]: member m lists specialization s. */
  readonly offers: Uint8Array;
  readonly supervisors: ClassTable;
  readonly mentors: ClassTable;
  /** Supervisor classes with capacity, by member. */
  readonly supervisorsAt: readonly Int32Array[];
  readonly trainees: readonly TraineeData[];
  /** For each specialization, the hosts a trainee without forbids may be given (chosen hosts). */
  readonly hostsBySpec: readonly Int32Array[];
  /**
   * The cost of an away placement that depends only on its (host, away member) pair, from
   * member h to every member (computed on first use): travelPerKm × km plus repeatExchange ×
   * the history entries with that exchange (domain/history.ts). Every user prices a visit with it.
   */
  pairCost(h: number): Float64Array;
  /** The same function as pairCost (the name unassigned.ts still reads). */
  travel(h: number): Float64Array;
  /**
   * repeatMentorHost: per mentor class, the cost of that class mentoring a trainee hosted at a
   * member (weight × history entries), for the members where it is not 0; null for the classes
   * without history (and for every class when the weight is 0). Only classes of one person
   * (mentors with history get one when the weight is not 0) have an entry.
   */
  readonly mentorRepeat: readonly (ReadonlyMap<number, number> | null)[];
  /** Per member, the mentor classes with a repeatMentorHost cost when hosted there (empty arrays when none). */
  readonly repeatedMentorsAt: readonly Int32Array[];
  /** Whether any class has a repeatMentorHost cost (mentor costs then depend on the host). */
  readonly mentorHostDependent: boolean;
  /** The reciprocity weight (0: the term is off and nothing below is used). */
  readonly reciprocity: number;
  /** Per member: history received − history sent (the balance before this plan). */
  readonly balanceBefore: Float64Array;
}

export interface ClassTable {
  readonly classes: readonly PersonClass[];
  readonly count: number;
  readonly member: Int32Array;
  readonly org: Int32Array;
  readonly capacity: Int32Array;
  /** lists[s * count + c]: class c lists specialization s. */
  readonly lists: Uint8Array;
  /**
   * A cost of its own per class, on top of the contract's terms: only the virtual classes of
   * withFreeRoles have one (absent for the cohort's own tables).
   */
  readonly extra?: Float64Array;
}

export function compileProblem(index: CohortIndex): NetworkProblem {
  const { cohort } = index;
  const { weights, rules } = cohort;
  const memberIds = [...index.memberById.keys()];
  const memberCount = memberIds.length;
  const memberNumber = new Map(memberIds.map((id, i) => [id, i]));
  const orgNumber = new Map<string, number>();
  const memberOrg = Int32Array.from(memberIds, (id) => numberOf(orgNumber, index.organisationOf(id)));
  const members = memberIds.map((id) => index.memberById.get(id)!);

  const specNames = [...new Set(cohort.trainees.map((t) => t.specialization))];
  const specNumber = new Map(specNames.map((s, i) => [s, i]));
  const offers = new Uint8Array(specNames.length * memberCount);
  specNames.forEach((spec, s) => members.forEach((member, m) => (offers[s * memberCount + m] = member.specializations.includes(spec) ? 1 : 0)));

  const hostCap = Int32Array.from(members, (member) => member.hostCapacity);
  for (const trainee of cohort.trainees) {
    const h = trainee.host === undefined ? undefined : memberNumber.get(trainee.host);
    if (h !== undefined) hostCap[h] = (hostCap[h] as number) - 1;
  }
  const awayCap = Int32Array.from(members, (member) => member.awayCapacity);

  // People named by pins and forbids get classes of their own (as in the model).
  const cohortFacts = readCohortFacts(index);
  // repeatMentorHost: a mentor with history costs by host, so it cannot share a class.
  const history = historyFacts(index);
  const repeatedMentors = weights.repeatMentorHost === 0 ? new Set<string>() : new Set([...history.mentorsWithHistory].filter((id) => index.personById.get(id)?.role === "mentor"));
  const named = repeatedMentors.size === 0 ? cohortFacts.namedPeople : new Set([...cohortFacts.namedPeople, ...repeatedMentors]);
  const { supervisorClasses, mentorClasses } = buildPersonClasses(index, new Set(specNames), named);
  const tableOf = (classes: readonly PersonClass[]): ClassTable => {
    const count = classes.length;
    const lists = new Uint8Array(specNames.length * count);
    specNames.forEach((spec, s) => classes.forEach((c, k) => (lists[s * count + k] = c.lists(spec) ? 1 : 0)));
    return {
      classes,
      count,
      member: Int32Array.from(classes, (c) => memberNumber.get(c.member) ?? -1),
      org: Int32Array.from(classes, (c) => numberOf(orgNumber, c.organisation)),
      capacity: Int32Array.from(classes, (c) => c.capacity),
      lists,
    };
  };
  const supervisors = tableOf(supervisorClasses);
  const mentors = tableOf(mentorClasses);
  const classOfPerson = new Map<string, number>();
  for (const table of [supervisors, mentors]) table.classes.forEach((c, k) => c.people.forEach((p) => classOfPerson.set(p.id, k)));
  const supervisorsAt = memberIds.map(() => [] as number[]);
  for (let c = 0; c < supervisors.count; c++) {
    if ((supervisors.capacity[c] as number) > 0) supervisorsAt[supervisors.member[c] as number]?.push(c);
  }

  const required = rules.specializationFit === "required";
  const hostsBySpec = specNames.map((_, s) =>
    Int32Array.from(memberIds.keys()).filter((m) => (hostCap[m] as number) > 0 && (!required || offers[s * memberCount + m] === 1)),
  );

  const facts = numberTraineeFacts(index, cohortFacts, memberNumber, classOfPerson);
  const trainees = cohort.trainees.map((trainee): TraineeData => {
    const spec = specNumber.get(trainee.specialization) as number;
    const f = facts.get(trainee.id);
    const forbiddenMembers = f?.forbiddenMembers ?? null;
    const given = trainee.host === undefined ? -1 : (memberNumber.get(trainee.host) ?? -1);
    let pinned = f?.hostPin ?? -1;
    if (pinned === -1 && f !== undefined && f.supervisorPin !== -1) pinned = supervisors.member[f.supervisorPin] as number;
    let hosts: Int32Array;
    if (given !== -1) hosts = Int32Array.of(given);
    else if (pinned !== -1) hosts = (hostsBySpec[spec] as Int32Array).includes(pinned) && !forbiddenMembers?.has(pinned) ? Int32Array.of(pinned) : new Int32Array(0);
    else if (forbiddenMembers !== null) hosts = (hostsBySpec[spec] as Int32Array).filter((h) => !forbiddenMembers.has(h));
    else hosts = hostsBySpec[spec] as Int32Array;
    // Unknown ids stay as -1 so that positions and the list length (the unlisted rank) are kept.
    const toMembers = (ids: readonly string[]) => Int32Array.from(ids, (id) => memberNumber.get(id) ?? -1);
    return {
      trainee,
      spec,
      hostGiven: given !== -1,
      hostPinned: given === -1 && pinned !== -1,
      hosts,
      hostPrefs: toMembers(trainee.hostPreferences),
      awayPrefs: toMembers(trainee.awayPreferences),
      awayPins: f?.awayPins ?? null,
      forbiddenMembers,
      supervisorPin: f?.supervisorPin ?? -1,
      mentorPin: f?.mentorPin ?? -1,
      forbiddenSupervisors: f?.forbiddenSupervisors ?? null,
      forbiddenMentors: f?.forbiddenMentors ?? null,
    };
  });

  const pairRows: (Float64Array | undefined)[] = new Array(memberCount);
  const pairCost = (h: number): Float64Array => {
    let row = pairRows[h];
    if (row === undefined) {
      row = new Float64Array(memberCount);
      const from = members[h]?.location;
      if (from !== undefined && weights.travelPerKm !== 0) {
        members.forEach((member, m) => {
          if (member.location !== undefined) (row as Float64Array)[m] = weights.travelPerKm * distanceKm(from, member.location);
        });
      }
      if (weights.repeatExchange !== 0 && history.present) {
        const hostId = memberIds[h] as string;
        memberIds.forEach((id, m) => {
          const repeats = history.exchanges(hostId, id);
          if (repeats !== 0) (row as Float64Array)[m] = (row as Float64Array)[m] as number + weights.repeatExchange * repeats;
        });
      }
      pairRows[h] = row;
    }
    return row;
  };

  // repeatMentorHost per (class, host member), only where not 0.
  const mentorRepeat: (Map<number, number> | null)[] = mentors.classes.map(() => null);
  const repeatedAt: number[][] = memberIds.map(() => []);
  if (repeatedMentors.size > 0) {
    mentors.classes.forEach((cls, r) => {
      const only = cls.people.length === 1 ? cls.people[0] : undefined;
      if (only === undefined || !repeatedMentors.has(only.id)) return;
      const costs = new Map<number, number>();
      memberIds.forEach((id, m) => {
        const repeats = history.mentorHosts(only.id, id);
        if (repeats === 0) return;
        costs.set(m, weights.repeatMentorHost * repeats);
        repeatedAt[m]!.push(r);
      });
      if (costs.size > 0) mentorRepeat[r] = costs;
    });
  }
  const balanceBefore = Float64Array.from(memberIds, (id) => (history.received.get(id) ?? 0) - (history.sent.get(id) ?? 0));

  return {
    index,
    periods: index.awayPeriods.length,
    required,
    hostAndAway: rules.mentorOutside === "host-and-away",
    allowUnassigned: rules.allowUnassigned,
    w: {
      awayRank: weights.awayRank,
      hostRank: weights.hostRank,
      mentorSpecialization: weights.mentorSpecialization,
      supervisorSpecialization: weights.supervisorSpecialization,
      specializationMiss: weights.specializationMiss,
      hostMiss: weights.specializationMiss * index.hostPeriods.length,
    },
    memberIds,
    memberCount,
    memberOrg,
    orgCount: orgNumber.size,
    hostCap,
    awayCap,
    specCount: specNames.length,
    specNames,
    offers,
    supervisors,
    mentors,
    supervisorsAt: supervisorsAt.map((list) => Int32Array.from(list)),
    trainees,
    hostsBySpec,
    pairCost,
    travel: pairCost,
    mentorRepeat,
    repeatedMentorsAt: repeatedAt.map((list) => Int32Array.from(list)),
    mentorHostDependent: mentorRepeat.some((costs) => costs !== null),
    reciprocity: weights.reciprocity,
    balanceBefore,
  };
}

function numberOf(numbers: Map<string, number>, key: string): number {
  let n = numbers.get(key);
  if (n === undefined) numbers.set(key, (n = numbers.size));
  return n;
}

interface TraineeFacts {
  hostPin: number;
  awayPins: Int32Array | null;
  supervisorPin: number;
  mentorPin: number;
  forbiddenMembers: Set<number> | null;
  forbiddenSupervisors: Set<number> | null;
  forbiddenMentors: Set<number> | null;
}

/**
 * Pins and forbids by trainee (domain/trainee-facts.ts), in member and class numbers; the
 * first pin of a kind wins, as in verify (on a valid cohort a trainee's pins agree).
 */
function numberTraineeFacts(
  index: CohortIndex,
  cohortFacts: CohortFacts,
  memberNumber: ReadonlyMap<string, number>,
  classOfPerson: ReadonlyMap<string, number>,
): Map<string, TraineeFacts> {
  const awayPosition = new Map(index.awayPeriods.map((p, i) => [p.id, i]));
  const classes = (ids: ReadonlySet<string>): Set<number> | null => {
    const numbers = new Set<number>();
    for (const id of ids) {
      const c = classOfPerson.get(id);
      if (c !== undefined) numbers.add(c);
    }
    return numbers.size === 0 ? null : numbers;
  };
  const facts = new Map<string, TraineeFacts>();
  for (const [trainee, own] of cohortFacts.byTrainee) {
    let awayPins: Int32Array | null = null;
    for (const [period, member] of own.pinnedAway) {
      const p = awayPosition.get(period);
      if (p === undefined) continue;
      awayPins ??= new Int32Array(index.awayPeriods.length).fill(-1);
      awayPins[p] = memberNumber.get(member) ?? -1;
    }
    const forbiddenMembers = new Set<number>();
    for (const id of own.forbiddenMembers) {
      const m = memberNumber.get(id);
      if (m !== undefined) forbiddenMembers.add(m);
    }
    facts.set(trainee, {
      hostPin: own.pinnedHost === null ? -1 : (memberNumber.get(own.pinnedHost) ?? -1),
      awayPins,
      supervisorPin: own.pinnedSupervisor === null ? -1 : (classOfPerson.get(own.pinnedSupervisor) ?? -1),
      mentorPin: own.pinnedMentor === null ? -1 : (classOfPerson.get(own.pinnedMentor) ?? -1),
      forbiddenMembers: forbiddenMembers.size === 0 ? null : forbiddenMembers,
      forbiddenSupervisors: classes(own.forbiddenSupervisors),
      forbiddenMentors: classes(own.forbiddenMentors),
    });
  }
  return facts;
}

/**
 * The problem with the supervisor or mentor role made free: a virtual class at every member
 * (supervisors) or in an organisation of its own (mentors), room for every trainee, listing
 * every specialization, at `price` each (ClassTable.extra) where leaving the role empty costs 0.
 *
 * Under allowUnassigned, when every plan that fills the most roles hosts every trainee and fills
 * every away period, such a plan is a plan of this problem (its empty roles take the virtual
 * classes; pinned roles are filled, so pins do not stand in the way) at its cost plus `price`
 * per empty role. The Lagrangian bound of this problem, which needs full plans, minus `price`
 * times the empty roles (known once the fill is proven), is then a lower bound on the cost
 * stage (unassigned.ts); the price steers the search's plans to the real classes. Its plans
 * are not plans of the cohort: they are projected back.
 */
export function withFreeRoles(
  problem: NetworkProblem,
  free: { readonly supervisors: boolean; readonly mentors: boolean },
  price: number,
): NetworkProblem {
  const T = problem.trainees.length;
  const virtualClass = (role: "mentor" | "supervisor", member: string, organisation: string): PersonClass => ({
    key: `free ${role} ${member} ${organisation}`,
    virtual: true,
    role,
    member,
    organisation,
    people: [],
    capacity: T,
    lists: () => true,
  });
  const extend = (table: ClassTable, added: { member: number; org: number; cls: PersonClass }[]): ClassTable => {
    const count = table.count + added.length;
    const lists = new Uint8Array(problem.specCount * count);
    for (let s = 0; s < problem.specCount; s++) {
      lists.set(table.lists.subarray(s * table.count, (s + 1) * table.count), s * count);
      lists.fill(1, s * count + table.count, (s + 1) * count);
    }
    return {
      classes: [...table.classes, ...added.map((a) => a.cls)],
      count,
      member: Int32Array.from([...table.member, ...added.map((a) => a.member)]),
      org: Int32Array.from([...table.org, ...added.map((a) => a.org)]),
      capacity: Int32Array.from([...table.capacity, ...added.map(() => T)]),
      lists,
      extra: Float64Array.from({ length: count }, (_, k) => (k < table.count ? 0 : price)),
    };
  };
  let { supervisors, supervisorsAt, mentors, orgCount } = problem;
  if (free.supervisors) {
    const added = problem.memberIds.map((id, m) => ({ member: m, org: problem.memberOrg[m] as number, cls: virtualClass("supervisor", id, id) }));
    supervisors = extend(supervisors, added);
    supervisorsAt = supervisorsAt.map((list, m) => Int32Array.from([...list, problem.supervisors.count + m]));
  }
  if (free.mentors) {
    mentors = extend(mentors, [{ member: 0, org: orgCount, cls: virtualClass("mentor", problem.memberIds[0] ?? "", "") }]);
    orgCount += 1;
  }
  return { ...problem, supervisors, supervisorsAt, mentors, orgCount };
}
