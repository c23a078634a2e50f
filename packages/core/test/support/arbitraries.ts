/**
 * fast-check generators of small valid cohorts, small enough for the brute-force oracle
 * (at most 4 members, 4 trainees, 6 people, 2 away periods and 2 host periods).
 *
 * Every cohort follows the contract's input rules: given hosts within hostCapacity and not
 * forbidden, preferences without repeats, forbids that name a person of the right role, and
 * pins that break no hard rule on their own (they may still make the cohort infeasible, which
 * is a legitimate answer). Pins are added one by one, each kept only when it is plainly valid
 * next to the ones kept before it.
 */
import fc from "fast-check";
import type { CohortInput } from "../../src/domain/schema.js";
import { generateCohort } from "../../src/generate/generate-cohort.js";
import { seededRandom } from "../../src/util/random.js";

export const SPECIALIZATIONS = ["water", "roads", "waste"] as const;

const MEMBER_IDS: readonly string[] = ["fet", "enebakk", "gjerdrum", "nittedal"];
const KINDS = ["municipality", "municipal-company", "inter-municipal-company", "other"] as const;
const WEIGHT_VALUES = [0, 0.5, 1, 2.5, 10, 50] as const;

export interface SmallCohortOptions {
  /** Most members (2 to 4; default 4). */
  readonly maxMembers?: number;
  /** Most trainees (1 to 4; default 4). */
  readonly maxTrainees?: number;
  /** Most people (0 to 6; default 6). */
  readonly maxPeople?: number;
  /** Most away periods (1 or 2; default 2). */
  readonly maxAwayPeriods?: number;
  /** Most host periods (0 to 2; default 2). */
  readonly maxHostPeriods?: number;
  /** Fix `rules.allowUnassigned` (default: either, sometimes left out). */
  readonly allowUnassigned?: boolean;
  /** Whether to add pins (default true). */
  readonly pins?: boolean;
  /** Whether to add forbids (default true). */
  readonly forbids?: boolean;
  /**
   * Only ample cohorts (true: capacities 1-2, as many members and people as allowed, at most
   * one forbid) or only varied ones (false); default: half each.
   */
  readonly ample?: boolean;
}

interface RawMember {
  readonly organisation: number;
  readonly kind: (typeof KINDS)[number] | undefined;
  readonly location: { readonly lat: number; readonly lon: number } | undefined;
  readonly specializations: readonly string[];
  readonly hostCapacity: number;
  readonly awayCapacity: number;
}

interface RawPerson {
  readonly member: number;
  readonly role: "mentor" | "supervisor";
  readonly capacity: number | undefined;
  readonly specializations: readonly string[];
}

interface RawTrainee {
  readonly specialization: string;
  readonly host: number | undefined;
  readonly hostPreferences: readonly number[];
  readonly awayPreferences: readonly number[];
  readonly omitPreferences: boolean;
}

/**
 * One draw for a forbid or a pin (indices taken modulo the list they pick from). A forbid uses
 * member, mentor or supervisor (host-period and away-period mean member); a pin uses the
 * kind as it says, member meaning an away-period pin.
 */
interface RawRule {
  readonly trainee: number;
  readonly kind: "member" | "mentor" | "supervisor" | "host-period" | "away-period";
  readonly target: number;
  readonly period: number;
}

/**
 * A subset of the vocabulary. Varied: each word kept two times in three; ample: three times
 * in four (so that most members and people fit most trainees).
 */
function specializationsArb(ample: boolean): fc.Arbitrary<string[]> {
  const max = ample ? 3 : 2;
  return fc
    .tuple(...SPECIALIZATIONS.map(() => fc.integer({ min: 0, max })))
    .map((keep) => SPECIALIZATIONS.filter((_, i) => (keep[i] ?? 0) > 0));
}

/** A capacity: varied, 0 to 2 (mostly 1 or 2); ample, 1 or 2. */
function capacityArb(ample: boolean): fc.Arbitrary<number> {
  return ample ? fc.constantFrom(1, 2, 2, 2) : fc.constantFrom(0, 1, 1, 2, 2);
}

function memberArb(ample: boolean): fc.Arbitrary<RawMember> {
  return fc.record({
    // 0: own id (field left out), 1: a shared organisation, 2: the first member's id, 3: own id written out
    organisation: ample ? fc.constantFrom(0, 0, 0, 0, 0, 1, 2, 3) : fc.constantFrom(0, 0, 0, 0, 1, 1, 2, 3),
    kind: fc.option(fc.constantFrom(...KINDS), { nil: undefined }),
    location: fc.option(
      fc.record({ lat: fc.integer({ min: 59_500, max: 60_500 }), lon: fc.integer({ min: 10_500, max: 11_800 }) }).map((l) => ({
        lat: l.lat / 1000,
        lon: l.lon / 1000,
      })),
      { nil: undefined, freq: 3 },
    ),
    specializations: specializationsArb(ample),
    hostCapacity: capacityArb(ample),
    awayCapacity: capacityArb(ample),
  });
}

function personArb(ample: boolean): fc.Arbitrary<RawPerson> {
  return fc.record({
    member: fc.nat(),
    role: fc.constantFrom("mentor" as const, "mentor" as const, "supervisor" as const, "supervisor" as const, "supervisor" as const),
    capacity: fc.option(capacityArb(ample), { nil: undefined, freq: ample ? 5 : 3 }),
    specializations: specializationsArb(ample),
  });
}

function traineeArb(ample: boolean): fc.Arbitrary<RawTrainee> {
  return fc.record({
    specialization: fc.constantFrom(...SPECIALIZATIONS),
    // A given host (already hired) for one trainee in two (varied) or in three (ample).
    host: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: ample ? 2 : 1 },
      { arbitrary: fc.nat(), weight: 1 },
    ),
    hostPreferences: fc.shuffledSubarray([0, 1, 2, 3]),
    awayPreferences: fc.shuffledSubarray([0, 1, 2, 3]),
    omitPreferences: fc.boolean(),
  });
}

const ruleArb: fc.Arbitrary<RawRule> = fc.record({
  trainee: fc.nat(),
  kind: fc.constantFrom("member" as const, "mentor" as const, "supervisor" as const, "host-period" as const, "away-period" as const),
  target: fc.nat(),
  period: fc.nat(),
});

const weightsArb = fc.option(
  fc.record(
    {
      awayRank: fc.constantFrom(...WEIGHT_VALUES),
      hostRank: fc.constantFrom(...WEIGHT_VALUES),
      travelPerKm: fc.constantFrom(...WEIGHT_VALUES),
      mentorSpecialization: fc.constantFrom(...WEIGHT_VALUES),
      supervisorSpecialization: fc.constantFrom(...WEIGHT_VALUES),
      specializationMiss: fc.constantFrom(...WEIGHT_VALUES),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

/** Period layouts: 1-2 away periods and 0-2 host periods, in every order. */
function periodLayouts(maxAway: number, maxHost: number): ("host" | "away")[][] {
  const out: ("host" | "away")[][] = [];
  const walk = (prefix: ("host" | "away")[], away: number, host: number): void => {
    if (away >= 1) out.push(prefix);
    if (away < maxAway) walk([...prefix, "away"], away + 1, host);
    if (host < maxHost) walk([...prefix, "host"], away, host + 1);
  };
  walk([], 0, 0);
  return out;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function pick<T>(list: readonly T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

/**
 * Small valid cohorts, as written by a person (optional fields sometimes left out). Half are
 * "varied" (zero capacities, shared organisations, few people: often no plan exists without
 * allowUnassigned) and half "ample" (capacities 1-2, as many people as allowed, at most one
 * forbid: plans exist more often); `ample` picks one kind.
 */
export function smallCohortArbitrary(options: SmallCohortOptions = {}): fc.Arbitrary<CohortInput> {
  if (options.ample === undefined) return fc.oneof(cohortArbitrary(options, false), cohortArbitrary(options, true));
  return cohortArbitrary(options, options.ample);
}

function cohortArbitrary(options: SmallCohortOptions, ample: boolean): fc.Arbitrary<CohortInput> {
  const maxMembers = clamp(options.maxMembers ?? 4, 2, 4);
  const maxTrainees = clamp(options.maxTrainees ?? 4, 1, 4);
  const maxPeople = clamp(options.maxPeople ?? 6, 0, 6);
  const layouts = periodLayouts(clamp(options.maxAwayPeriods ?? 2, 1, 2), clamp(options.maxHostPeriods ?? 2, 0, 2));
  const allowUnassigned =
    options.allowUnassigned === undefined ? fc.option(fc.boolean(), { nil: undefined, freq: 4 }) : fc.constant(options.allowUnassigned);
  const members = memberArb(ample);
  const person = personArb(ample);

  return fc
    .record({
      start: fc.record({
        year: fc.integer({ min: 2008, max: 2030 }),
        month: fc.integer({ min: 1, max: 12 }),
        // Month ends are where date arithmetic goes wrong: weight them up.
        day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 28, max: 31 })),
      }),
      layout: fc.constantFrom(...layouts),
      months: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 4, maxLength: 4 }),
      gathering: fc.boolean(),
      // Mostly as many members and people as allowed (so that plans exist), sometimes fewer.
      members: ample
        ? fc.array(members, { minLength: maxMembers, maxLength: maxMembers })
        : fc.oneof(
            { arbitrary: fc.array(members, { minLength: maxMembers, maxLength: maxMembers }), weight: 2 },
            { arbitrary: fc.array(members, { minLength: 2, maxLength: maxMembers }), weight: 1 },
          ),
      people: ample
        ? fc.array(person, { minLength: maxPeople, maxLength: maxPeople })
        : fc.oneof(
            { arbitrary: fc.array(person, { minLength: Math.min(3, maxPeople), maxLength: maxPeople }), weight: 3 },
            { arbitrary: fc.array(person, { maxLength: maxPeople }), weight: 1 },
          ),
      trainees: fc.array(traineeArb(ample), { minLength: 1, maxLength: maxTrainees }),
      mentorOutside: fc.option(fc.constantFrom("host" as const, "host-and-away" as const), { nil: undefined }),
      specializationFit: fc.option(fc.constantFrom("required" as const, "preferred" as const), { nil: undefined }),
      allowUnassigned,
      weights: weightsArb,
      forbids: options.forbids === false ? fc.constant([]) : fc.array(ruleArb, { maxLength: ample ? 1 : 3 }),
      pins: options.pins === false ? fc.constant([]) : fc.array(ruleArb, { maxLength: 4 }),
    })
    .map((raw) => buildCohort({ ...raw, ample }));
}

interface RawCohort {
  readonly ample: boolean;
  readonly start: { readonly year: number; readonly month: number; readonly day: number };
  readonly layout: readonly ("host" | "away")[];
  readonly months: readonly number[];
  readonly gathering: boolean;
  readonly members: readonly RawMember[];
  readonly people: readonly RawPerson[];
  readonly trainees: readonly RawTrainee[];
  readonly mentorOutside: "host" | "host-and-away" | undefined;
  readonly specializationFit: "required" | "preferred" | undefined;
  readonly allowUnassigned: boolean | undefined;
  readonly weights: Partial<Record<string, number>> | undefined;
  readonly forbids: readonly RawRule[];
  readonly pins: readonly RawRule[];
}

function buildCohort(raw: RawCohort): CohortInput {
  const pad = (n: number): string => String(n).padStart(2, "0");
  const lastDay = new Date(Date.UTC(raw.start.year, raw.start.month, 0)).getUTCDate();
  const start = `${raw.start.year}-${pad(raw.start.month)}-${pad(Math.min(raw.start.day, lastDay))}`;
  let awayCount = 0;
  let hostCount = 0;
  const periods = raw.layout.map((at, i) => ({
    id: at === "away" ? `away-${++awayCount}` : `host-${++hostCount}`,
    months: raw.months[i] ?? 6,
    at,
  }));

  // Members.
  const memberIds = MEMBER_IDS.slice(0, raw.members.length);
  const members = raw.members.map((m, i) => {
    const id = memberIds[i] ?? `member-${i}`;
    const organisation = [undefined, "romerike-iks", memberIds[0], id][m.organisation];
    return {
      id,
      ...(m.kind !== undefined && { kind: m.kind }),
      ...(organisation !== undefined && { organisation }),
      ...(m.location !== undefined && { location: m.location }),
      specializations: [...m.specializations],
      hostCapacity: m.hostCapacity,
      awayCapacity: m.awayCapacity,
    };
  });
  const organisationOf = (memberId: string): string => members.find((m) => m.id === memberId)?.organisation ?? memberId;
  const memberById = new Map(members.map((m) => [m.id, m]));

  // People.
  // Supervisors mostly work where trainees can be hosted, as in the programme.
  const hostingIds = members.filter((m) => m.hostCapacity > 0).map((m) => m.id);
  // Ample cohorts have as many supervisors as mentors, the supervisors spread over the hosting members.
  const people = raw.people.map((p, i) => {
    const role = raw.ample ? (i % 2 === 0 ? "supervisor" : "mentor") : p.role;
    const member =
      role === "supervisor" && hostingIds.length > 0 && (raw.ample || p.member % 4 !== 0)
        ? pick(hostingIds, raw.ample ? Math.floor(i / 2) + p.member : p.member)
        : pick(memberIds, p.member);
    return {
      id: `${role}-${i + 1}`,
      member: member ?? "",
      role,
      ...(p.capacity !== undefined && { capacity: p.capacity }),
      specializations: [...p.specializations],
    };
  });
  const capacityOf = (person: (typeof people)[number]): number => person.capacity ?? 1;

  // Trainees; a given host only while the member has host places left.
  const given = new Map<string, number>();
  const trainees = raw.trainees.map((t, i) => {
    let host: string | undefined;
    if (t.host !== undefined) {
      // In ample cohorts, trainees are hired where a supervisor works.
      const employing = memberIds.filter((id) => people.some((p) => p.role === "supervisor" && p.member === id));
      const candidate = pick(raw.ample && employing.length > 0 ? employing : memberIds, t.host);
      const member = candidate === undefined ? undefined : memberById.get(candidate);
      if (member !== undefined && (given.get(member.id) ?? 0) < member.hostCapacity) {
        host = member.id;
        given.set(member.id, (given.get(member.id) ?? 0) + 1);
      }
    }
    const prefs = (list: readonly number[]): string[] => list.filter((k) => k < memberIds.length).map((k) => memberIds[k] ?? "");
    return {
      id: `t${i + 1}`,
      specialization: t.specialization,
      ...(host !== undefined && { host }),
      ...(!t.omitPreferences && { hostPreferences: prefs(t.hostPreferences), awayPreferences: prefs(t.awayPreferences) }),
    };
  });

  const rules = {
    ...(raw.mentorOutside !== undefined && { mentorOutside: raw.mentorOutside }),
    ...(raw.specializationFit !== undefined && { specializationFit: raw.specializationFit }),
    ...(raw.allowUnassigned !== undefined && { allowUnassigned: raw.allowUnassigned }),
  };
  const required = raw.specializationFit !== "preferred";
  const hostAndAway = raw.mentorOutside === "host-and-away";
  const mentors = people.filter((p) => p.role === "mentor");
  const supervisors = people.filter((p) => p.role === "supervisor");
  const hostPeriods = periods.filter((p) => p.at === "host");
  const awayPeriods = periods.filter((p) => p.at === "away");

  // Forbids: any member but a trainee's given host; people of the named role.
  const forbid: { trainee: string; member?: string; mentor?: string; supervisor?: string }[] = [];
  const forbidKeys = new Set<string>();
  for (const f of raw.forbids) {
    const trainee = pick(trainees, f.trainee);
    if (trainee === undefined) continue;
    let entry: (typeof forbid)[number] | undefined;
    if (f.kind === "mentor" || f.kind === "supervisor") {
      const person = pick(f.kind === "mentor" ? mentors : supervisors, f.target);
      if (person !== undefined) entry = { trainee: trainee.id, [f.kind]: person.id };
    } else {
      const member = pick(memberIds, f.target);
      if (member !== undefined && member !== trainee.host) entry = { trainee: trainee.id, member };
    }
    if (entry === undefined) continue;
    const key = JSON.stringify(entry);
    if (forbidKeys.has(key)) continue;
    forbidKeys.add(key);
    forbid.push(entry);
  }
  const forbidden = (trainee: string, what: "member" | "mentor" | "supervisor", id: string): boolean =>
    forbid.some((f) => f.trainee === trainee && f[what] === id);

  // Pins, each kept only when it is plainly valid next to the ones kept before.
  const pins: { trainee: string; period?: string; member?: string; mentor?: string; supervisor?: string }[] = [];
  const pinnedHost = new Map<string, string>();
  const pinnedAway = new Map<string, Map<string, string>>(); // trainee -> period -> member
  const pinnedMentor = new Map<string, string>();
  const pinnedSupervisor = new Map<string, string>();
  const hostPlacesTaken = new Map<string, number>(given);
  const awayPlacesTaken = new Map<string, number>(); // `${period}/${member}`
  const personLoad = new Map<string, number>();
  const offers = (memberId: string, spec: string): boolean => memberById.get(memberId)?.specializations.includes(spec) ?? false;

  for (const p of raw.pins) {
    const trainee = pick(trainees, p.trainee);
    if (trainee === undefined) continue;
    const t = trainee.id;
    const host = trainee.host ?? pinnedHost.get(t);
    const aways = pinnedAway.get(t) ?? new Map<string, string>();
    const mentorId = pinnedMentor.get(t);
    const mentorOrg = mentorId === undefined ? undefined : organisationOf(people.find((x) => x.id === mentorId)?.member ?? "");

    if (p.kind === "host-period") {
      const period = pick(hostPeriods, p.period);
      const member = pick(members, p.target);
      if (period === undefined || member === undefined || host !== undefined || pinnedSupervisor.has(t)) continue;
      if ((hostPlacesTaken.get(member.id) ?? 0) >= member.hostCapacity) continue;
      if (forbidden(t, "member", member.id) || (required && !offers(member.id, trainee.specialization))) continue;
      const org = organisationOf(member.id);
      if ([...aways.values()].some((m) => organisationOf(m) === org) || mentorOrg === org) continue;
      pins.push({ trainee: t, period: period.id, member: member.id });
      pinnedHost.set(t, member.id);
      hostPlacesTaken.set(member.id, (hostPlacesTaken.get(member.id) ?? 0) + 1);
    } else if (p.kind === "away-period" || p.kind === "member") {
      const period = pick(awayPeriods, p.period);
      const member = pick(members, p.target);
      if (period === undefined || member === undefined || aways.has(period.id)) continue;
      const key = `${period.id}/${member.id}`;
      if ((awayPlacesTaken.get(key) ?? 0) >= member.awayCapacity) continue;
      if (forbidden(t, "member", member.id) || (required && !offers(member.id, trainee.specialization))) continue;
      if ([...aways.values()].includes(member.id)) continue;
      const org = organisationOf(member.id);
      if (host !== undefined && organisationOf(host) === org) continue;
      if (hostAndAway && mentorOrg === org) continue;
      pins.push({ trainee: t, period: period.id, member: member.id });
      aways.set(period.id, member.id);
      pinnedAway.set(t, aways);
      awayPlacesTaken.set(key, (awayPlacesTaken.get(key) ?? 0) + 1);
    } else if (p.kind === "mentor") {
      const person = pick(mentors, p.target);
      if (person === undefined || mentorId !== undefined) continue;
      if ((personLoad.get(person.id) ?? 0) >= capacityOf(person) || forbidden(t, "mentor", person.id)) continue;
      const org = organisationOf(person.member);
      if (host !== undefined && organisationOf(host) === org) continue;
      if (hostAndAway && [...aways.values()].some((m) => organisationOf(m) === org)) continue;
      pins.push({ trainee: t, mentor: person.id });
      pinnedMentor.set(t, person.id);
      personLoad.set(person.id, (personLoad.get(person.id) ?? 0) + 1);
    } else {
      // A supervisor pin only once the host is known, from the supervisor's own member.
      const person = pick(
        supervisors.filter((s) => s.member === host),
        p.target,
      );
      if (person === undefined || host === undefined || pinnedSupervisor.has(t)) continue;
      if ((personLoad.get(person.id) ?? 0) >= capacityOf(person) || forbidden(t, "supervisor", person.id)) continue;
      if (required && !person.specializations.includes(trainee.specialization)) continue;
      pins.push({ trainee: t, supervisor: person.id });
      pinnedSupervisor.set(t, person.id);
      personLoad.set(person.id, (personLoad.get(person.id) ?? 0) + 1);
    }
  }

  return {
    format: "rotamatch.cohort/v1",
    programme: {
      name: `Cohort ${raw.start.year}`,
      start,
      periods,
      ...(raw.gathering && { gatherings: [{ name: "Kick-off", date: start }] }),
    },
    members,
    ...(people.length > 0 && { people }),
    trainees,
    ...(Object.keys(rules).length > 0 && { rules }),
    ...(raw.weights !== undefined && { weights: raw.weights }),
    ...(pins.length > 0 && { pins }),
    ...(forbid.length > 0 && { forbid }),
  };
}

function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

type ShufflableCohort = Pick<CohortInput, "members" | "people" | "trainees" | "pins" | "forbid">;

/**
 * The same cohort with its members, people, trainees, pins and forbids in another order, drawn
 * with the core's seededRandom so that a shuffle can be replayed
 * (the programme's periods and every preference list keep theirs: their order means something).
 */
export function withShuffledLists<C extends ShufflableCohort>(cohort: C, seed: number): C {
  const random = seededRandom(seed);
  return {
    ...cohort,
    members: shuffled(cohort.members, random),
    ...(cohort.people !== undefined && { people: shuffled(cohort.people, random) }),
    trainees: shuffled(cohort.trainees, random),
    ...(cohort.pins !== undefined && { pins: shuffled(cohort.pins, random) }),
    ...(cohort.forbid !== undefined && { forbid: shuffled(cohort.forbid, random) }),
  };
}

/**
 * Small generated networks: feasible by construction, so they exercise the full-assignment
 * formulations (given, separate, paired and combined host choices) that random cohorts,
 * mostly infeasible without allowUnassigned, reach less often.
 */
export function generatedCohortArbitrary(max: { readonly trainees: number; readonly members: number } = { trainees: 4, members: 4 }) {
  return fc
    .record({
      trainees: fc.integer({ min: 1, max: max.trainees }),
      members: fc.integer({ min: 3, max: max.members }),
      awayPeriods: fc.integer({ min: 1, max: 2 }),
      hosts: fc.constantFrom("given" as const, "chosen" as const),
      tightness: fc.constantFrom(0.5, 0.8, 1),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      mentorOutside: fc.constantFrom("host" as const, "host-and-away" as const),
      specializationFit: fc.constantFrom("required" as const, "preferred" as const),
    })
    .map((options) =>
      generateCohort({ ...options, members: Math.max(options.members, options.awayPeriods + 2), mentorsPerMember: 1, supervisorsPerMember: 1 }),
    );
}
