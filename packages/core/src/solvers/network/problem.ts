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
import { buildPersonClasses, type PersonClass } from "../../model/candidates.js";
import { distanceKm } from "../../domain/geo.js";
import { setAt } from "../../util/multimap.js";

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
  /** travelPerKm × km from member h to every member (computed on first use). */
  travel(h: number): Float64Array;
}

export interface ClassTable {
  readonly classes: readonly PersonClass[];
  readonly count: number;
  readonly member: Int32Array;
  readonly org: Int32Array;
  readonly capacity: Int32Array;
  /** lists[s * count + c]: class c lists specialization s. */
  readonly lists: Uint8Array;
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
  const named = new Set<string>();
  for (const pin of cohort.pins) for (const p of [pin.mentor, pin.supervisor]) if (p !== undefined) named.add(p);
  for (const f of cohort.forbid) for (const p of [f.mentor, f.supervisor]) if (p !== undefined) named.add(p);
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

  const facts = collectTraineeFacts(index, memberNumber, classOfPerson);
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

  const travelRows: (Float64Array | undefined)[] = new Array(memberCount);
  const travel = (h: number): Float64Array => {
    let row = travelRows[h];
    if (row === undefined) {
      row = new Float64Array(memberCount);
      const from = members[h]?.location;
      if (from !== undefined && weights.travelPerKm !== 0) {
        members.forEach((member, m) => {
          if (member.location !== undefined) (row as Float64Array)[m] = weights.travelPerKm * distanceKm(from, member.location);
        });
      }
      travelRows[h] = row;
    }
    return row;
  };

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
    travel,
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

/** Pins and forbids by trainee, in member and class numbers (the first pin of a kind wins, as in verify). */
function collectTraineeFacts(
  index: CohortIndex,
  memberNumber: ReadonlyMap<string, number>,
  classOfPerson: ReadonlyMap<string, number>,
): Map<string, TraineeFacts> {
  const { cohort } = index;
  const facts = new Map<string, TraineeFacts>();
  const of = (trainee: string): TraineeFacts => {
    let f = facts.get(trainee);
    if (f === undefined) {
      f = { hostPin: -1, awayPins: null, supervisorPin: -1, mentorPin: -1, forbiddenMembers: null, forbiddenSupervisors: null, forbiddenMentors: null };
      facts.set(trainee, f);
    }
    return f;
  };
  const awayPosition = new Map(index.awayPeriods.map((p, i) => [p.id, i]));
  const hostPeriods = new Set(index.hostPeriods.map((p) => p.id));
  for (const pin of cohort.pins) {
    const f = of(pin.trainee);
    if (pin.period !== undefined && pin.member !== undefined) {
      const m = memberNumber.get(pin.member) ?? -1;
      if (hostPeriods.has(pin.period)) {
        if (f.hostPin === -1) f.hostPin = m;
      } else {
        const p = awayPosition.get(pin.period);
        if (p === undefined) continue;
        f.awayPins ??= new Int32Array(index.awayPeriods.length).fill(-1);
        if (f.awayPins[p] === -1) f.awayPins[p] = m;
      }
    }
    if (pin.supervisor !== undefined && f.supervisorPin === -1) f.supervisorPin = classOfPerson.get(pin.supervisor) ?? -1;
    if (pin.mentor !== undefined && f.mentorPin === -1) f.mentorPin = classOfPerson.get(pin.mentor) ?? -1;
  }
  const forbiddenMembers = new Map<string, Set<number>>();
  const forbiddenSupervisors = new Map<string, Set<number>>();
  const forbiddenMentors = new Map<string, Set<number>>();
  for (const f of cohort.forbid) {
    const m = f.member === undefined ? undefined : memberNumber.get(f.member);
    if (m !== undefined) setAt(forbiddenMembers, f.trainee).add(m);
    const s = f.supervisor === undefined ? undefined : classOfPerson.get(f.supervisor);
    if (s !== undefined) setAt(forbiddenSupervisors, f.trainee).add(s);
    const r = f.mentor === undefined ? undefined : classOfPerson.get(f.mentor);
    if (r !== undefined) setAt(forbiddenMentors, f.trainee).add(r);
  }
  for (const [t, set] of forbiddenMembers) of(t).forbiddenMembers = set;
  for (const [t, set] of forbiddenSupervisors) of(t).forbiddenSupervisors = set;
  for (const [t, set] of forbiddenMentors) of(t).forbiddenMentors = set;
  return facts;
}
