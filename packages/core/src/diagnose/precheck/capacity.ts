/**
 * Family `capacity`: a member hosts at most hostCapacity trainees and takes at most
 * awayCapacity visiting trainees in each away period; a supervisor or mentor takes at most
 * their capacity. Here: the counting (Hall-type) conditions, more trainees needing places
 * from a pool than the pool has (of a specialization, at one host, or outside one
 * organisation), reported as `host_places_short`, `away_places_short`, `supervisors_short`
 * and `mentors_short`. A shortage that a narrower one settles is left out.
 */
import type { DiagnosisItem, Member, Person, SuggestedChange } from "../../domain/schema.js";
import { suggestChange } from "../suggested-change.js";
import type { Context, TraineeOptions } from "./facts.js";
import { findAwayOrganisations, findMentorBlockers } from "./mentor.js";
import type { PersonBlocker } from "./people.js";
import {
  describeCount,
  describeOrganisation,
  item,
  listMembers,
  listPeople,
  listTrainees,
  memberName,
  memberPath,
  personName,
  personPath,
  uniqueStrings,
} from "./wording.js";
import { listWords } from "../../util/words.js";

/** A group of trainees counted against a pool: who, whose places, and how many places. */
interface Counted {
  readonly trainees: readonly string[];
  readonly pool: readonly string[];
  readonly places: number;
}

/**
 * A group of trainees who all need a place from one pool (members or people) that has fewer
 * places than trainees. `pool` is the set of members or people whose places were counted.
 */
interface Shortage extends Counted {
  /** Words the item; `periods` are the away periods it holds in (away places only). */
  readonly build: (periods: readonly string[]) => DiagnosisItem;
  /** Identifies the same condition in another away period (to report it once). */
  readonly key: string;
}

/** How many places the group lacks. */
function shortfallOf(s: Shortage): number {
  return s.trainees.length - s.places;
}

/**
 * Leaves out a shortage that a narrower one settles: when some shortage has a subset of its
 * trainees and of its pool and asks for at least as many extra places, adding those places
 * fixes both. (Every shortage left out is still true, it only says less.)
 */
function keepNarrowest(shortages: readonly Shortage[]): Shortage[] {
  const order = shortages
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.trainees.length - b.s.trainees.length || a.s.pool.length - b.s.pool.length || a.i - b.i);
  const kept: { readonly s: Shortage; readonly i: number }[] = [];
  for (const { s, i } of order) {
    const trainees = new Set(s.trainees);
    const pool = new Set(s.pool);
    const settled = kept.some(
      (k) =>
        shortfallOf(k.s) >= shortfallOf(s) &&
        k.s.trainees.every((t) => trainees.has(t)) &&
        k.s.pool.every((p) => pool.has(p)),
    );
    if (!settled) kept.push({ s, i });
  }
  return kept.sort((a, b) => a.i - b.i).map((k) => k.s);
}

/** Specializations in the order trainees first name them. */
function specializationsOf(list: readonly TraineeOptions[]): string[] {
  return uniqueStrings(list.map((o) => o.facts.trainee.specialization));
}

/** Organisations in the order members first name them, then any others in the order given. */
function organisationsInOrder(ctx: Context, organisations: Iterable<string>): string[] {
  const wanted = new Set(organisations);
  const ordered = uniqueStrings(ctx.members.map((m) => ctx.index.organisationOf(m.id))).filter((o) => wanted.has(o));
  for (const o of wanted) if (!ordered.includes(o)) ordered.push(o);
  return ordered;
}

/** The organisation of the trainee's host when every possible host is of one organisation. */
function certainHostOrganisation(o: TraineeOptions): string | null {
  return o.hostOrganisations.size === 1 ? ([...o.hostOrganisations][0] ?? null) : null;
}

/**
 * The group counted against the pool when the pool has fewer places than the group has
 * trainees; null when it has enough (or is empty: a trainee without any candidate is reported
 * by the checks of its own family). The one counting rule of every check in this file; they
 * differ only in what a place is (`placesOf`).
 */
function countShortage<T extends { readonly id: string }>(
  group: readonly TraineeOptions[],
  pool: readonly T[],
  placesOf: (entry: T) => number,
): Counted | null {
  const places = pool.reduce((sum, entry) => sum + placesOf(entry), 0);
  if (pool.length === 0 || group.length <= places) return null;
  return { trainees: group.map((o) => o.facts.trainee.id), pool: pool.map((entry) => entry.id), places };
}

/** Counts a group against a pool and records the shortage, if any; `spec` is null for all specializations. */
type AddGroup<T> = (group: readonly TraineeOptions[], pool: readonly T[], spec: string | null) => void;

/**
 * Under the required fit, each specialization of the group against the pool entries that list
 * it; then, under either fit, the whole group against the whole pool. The order of the calls
 * is the order of the items.
 */
function eachSpecializationThenAll<T>(
  ctx: Context,
  group: readonly TraineeOptions[],
  pool: readonly T[],
  lists: (entry: T, spec: string) => boolean,
  add: AddGroup<T>,
): void {
  for (const spec of ctx.required ? specializationsOf(group) : []) {
    add(
      group.filter((o) => o.facts.trainee.specialization === spec),
      pool.filter((entry) => lists(entry, spec)),
      spec,
    );
  }
  add(group, pool, null);
}

// --- host places (hostCapacity) ---------------------------------------------------------

/** Check `host_places_short`: trainees still to be hosted against the host places left. */
export function findHostPlaceShortages(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  // Trainees whose host is still to be chosen; a given or pinned host already took its place.
  const open = options.filter(
    (o) => o.hosts.length > 0 && o.facts.trainee.host === undefined && o.facts.hostPins.length === 0,
  );
  const left = (m: Member) => Math.max(0, m.hostCapacity - (ctx.hostTakenBy.get(m.id)?.length ?? 0));
  const shortages: Shortage[] = [];
  const specOf = new Map(ctx.trainees.map((f) => [f.trainee.id, f.trainee.specialization]));
  const add = (group: readonly TraineeOptions[], pool: readonly Member[], spec: string | null): void => {
    // A host place counts only as far as the member's supervisors who fit can take the trainee too.
    const specs = ctx.required ? new Set(group.map((o) => o.facts.trainee.specialization)) : null;
    const limits = new Map(pool.map((m) => [m.id, { left: left(m), supervised: supervisorRoom(ctx, specOf, m.id, specs) }]));
    const counted = countShortage(group, pool, (m) => {
      const limit = limits.get(m.id);
      return limit === undefined ? 0 : Math.min(limit.left, limit.supervised);
    });
    if (counted === null) return;
    // Where host places alone suffice and the group outnumbers every supervisor who fits, the
    // supervisors_short check says it already (its pool is all supervisors, its group wider).
    const hostPlaces = pool.reduce((sum, m) => sum + left(m), 0);
    const supervisorPlaces = ctx.supervisors.filter((p) => specs === null || [...specs].some((x) => ctx.index.personLists(p.id, x))).reduce((sum, p) => sum + p.capacity, 0);
    if (group.length <= hostPlaces && group.length > supervisorPlaces) return;
    shortages.push({ ...counted, key: "", build: () => describeHostShortage(ctx, { ...counted, spec }, limits) });
  };
  eachSpecializationThenAll(ctx, open, ctx.members, (m, spec) => ctx.index.offers(m.id, spec), add);
  return keepNarrowest(shortages).map((s) => s.build([]));
}

/**
 * The trainees the member's supervisors can still take as hosted trainees: the capacity of
 * those at the member who list one of `specs` (every supervisor there when null, the
 * "preferred" fit), less the trainees whose host is given or pinned there and who need one of
 * them (under "required", those of a specialization in `specs`). An upper bound in every plan
 * that fills every role: each hosted trainee takes a supervisor at its host who fits.
 */
function supervisorRoom(ctx: Context, specOf: ReadonlyMap<string, string>, member: string, specs: ReadonlySet<string> | null): number {
  const fits = (p: Person) => specs === null || [...specs].some((s) => ctx.index.personLists(p.id, s));
  const capacity = (ctx.supervisorsAt.get(member) ?? []).filter(fits).reduce((sum, p) => sum + p.capacity, 0);
  const fixed = (ctx.hostTakenBy.get(member) ?? []).filter((id) => {
    const spec = specOf.get(id);
    return specs === null || (spec !== undefined && specs.has(spec));
  }).length;
  return Math.max(0, capacity - fixed);
}

/** A member's host places left, and how many trainees its supervisors who fit can still take. */
interface HostLimit {
  readonly left: number;
  readonly supervised: number;
}

/** What a shortage's message names: the trainees, the pool counted, its places and the specialization. */
interface ShortageFacts extends Counted {
  readonly spec: string | null;
}

function describeHostShortage(ctx: Context, s: ShortageFacts, limits: ReadonlyMap<string, HostLimit>): DiagnosisItem {
  const bySupervisors = s.pool.filter((m) => {
    const limit = limits.get(m);
    return limit !== undefined && limit.supervised < limit.left;
  });
  if (bySupervisors.length > 0) return describeSupervisedHostShortage(ctx, s, limits, bySupervisors);
  const short = s.trainees.length - s.places;
  const who = `${describeCount(s.trainees.length, "trainee")}${s.spec === null ? "" : ` in ${s.spec}`}`;
  const need = s.trainees.length === 1 ? "still needs a host" : "still need a host";
  const single = s.pool.length === 1 ? (s.pool[0] ?? null) : null;
  const left = `only ${describeCount(s.places, "host place")} left once given and pinned hosts are counted`;
  let supply: string;
  let fix: string;
  let path: string | null = null;
  if (single !== null) {
    path = memberPath(ctx, single, "hostCapacity");
    supply = `the only member${s.spec === null ? "" : ` that lists ${s.spec}`}, ${memberName(ctx, single)}, has ${left}`;
    fix = `raise the hostCapacity of ${memberName(ctx, single)} (${path}) by ${short}.`;
  } else {
    const members = s.spec === null ? "all members together" : `the members that list ${s.spec}`;
    supply = `${members} (${listMembers(ctx, s.pool)}) have ${left}`;
    fix = `raise the hostCapacity of one or more of these members by ${short} in all.`;
  }
  const message = `${who} (${listTrainees(ctx, s.trainees)}) ${need}, but ${supply}. Suggested change: ${fix}`;
  const change = suggestChange("raise-capacity", { path, member: single, specialization: s.spec, by: short });
  return item("host_places_short", message, s.trainees, s.pool, [], change);
}

/**
 * A host shortage in which supervisors, not only host places, are the limit somewhere: the
 * message gives each such member's two numbers, and the change asks for what is short at each.
 */
function describeSupervisedHostShortage(
  ctx: Context,
  s: ShortageFacts,
  limits: ReadonlyMap<string, HostLimit>,
  bySupervisors: readonly string[],
): DiagnosisItem {
  const short = s.trainees.length - s.places;
  const who = `${describeCount(s.trainees.length, "trainee")}${s.spec === null ? "" : ` in ${s.spec}`}`;
  const need = s.trainees.length === 1 ? "still needs a host" : "still need a host";
  const fits = ctx.required ? `who lists ${s.spec ?? "their specialization"}` : "";
  const supervisor = `a supervisor${fits === "" ? "" : ` ${fits}`}`;
  const detail = listWords(
    bySupervisors.map((m) => {
      const limit = limits.get(m) as HostLimit;
      return `${memberName(ctx, m)} has ${describeCount(limit.left, "host place")} left but supervisors for ${describeCount(limit.supervised, "more trainee")}`;
    }),
  );
  const single = s.pool.length === 1 ? (s.pool[0] ?? null) : null;
  const members = s.spec === null ? "all members together" : `the members that list ${s.spec}`;
  const supply =
    single !== null
      ? `the only member${s.spec === null ? "" : ` that lists ${s.spec}`}, ${memberName(ctx, single)}, can host only ${`${s.places} of them`} with ${supervisor}`
      : `${members} (${listMembers(ctx, s.pool)}) can host only ${`${s.places} of them`} with ${supervisor}`;
  let fix: string;
  let change: SuggestedChange;
  if (single !== null) {
    const limit = limits.get(single) as HostLimit;
    const target = s.places + short;
    const moreSupervised = Math.max(0, target - limit.supervised);
    const moreHost = Math.max(0, target - limit.left);
    const path = memberPath(ctx, single, "hostCapacity");
    fix =
      `add supervisors${fits === "" ? "" : ` ${fits.replace(/^who lists/, "who list")}`} at ${memberName(ctx, single)} for ${describeCount(moreSupervised, "more trainee")}` +
      (moreHost > 0 ? `, and raise its hostCapacity (${path}) by ${moreHost}.` : ".");
    change = suggestChange("add-person", { role: "supervisor", member: single, specialization: s.spec, by: moreSupervised });
  } else {
    fix =
      `add host places with ${supervisor} for ${describeCount(short, "more trainee")} in all: supervisors where they are ` +
      `the limit (${listMembers(ctx, bySupervisors)}), hostCapacity where it is.`;
    change = suggestChange("add-person", {
      role: "supervisor",
      member: bySupervisors.length === 1 ? (bySupervisors[0] ?? null) : null,
      specialization: s.spec,
      by: short,
    });
  }
  const message = `${who} (${listTrainees(ctx, s.trainees)}) ${need}, but ${supply} once given and pinned hosts are counted: ${detail}. Suggested change: ${fix}`;
  return item("host_places_short", message, s.trainees, s.pool, [], change);
}

// --- away places (awayCapacity) ---------------------------------------------------------

/** Check `away_places_short`: trainees against the visiting places of each away period. */
export function findAwayPlaceShortages(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  // The same condition in several away periods is reported once, naming every period.
  const byKey = new Map<string, { readonly shortage: Shortage; readonly periods: string[] }>();
  for (const period of ctx.awayPeriods) {
    for (const shortage of keepNarrowest(findAwayShortagesIn(ctx, options, period.id))) {
      const found = byKey.get(shortage.key);
      if (found !== undefined) found.periods.push(period.id);
      else byKey.set(shortage.key, { shortage, periods: [period.id] });
    }
  }
  return [...byKey.values()].map(({ shortage, periods }) => shortage.build(periods));
}

/** The counting conditions for one away period. */
function findAwayShortagesIn(ctx: Context, options: readonly TraineeOptions[], period: string): Shortage[] {
  // Trainees without any possible member in this period, or with too few across the away
  // periods, are reported on their own already.
  const needing = options.filter(
    (o) =>
      o.away === null ||
      ((o.away.get(period) ?? []).length > 0 && (o.distinctAway === null || o.distinctAway >= ctx.awayPeriods.length)),
  );
  const shortages: Shortage[] = [];
  const offers = (m: Member, spec: string) => ctx.index.offers(m.id, spec);
  const within = (organisation: string | null): AddGroup<Member> => (group, pool, spec) => {
    const counted = countShortage(group, pool, (m) => m.awayCapacity);
    if (counted === null) return;
    shortages.push({
      ...counted,
      key: JSON.stringify([spec, organisation, counted.trainees, counted.pool, counted.places]),
      build: (periods) => describeAwayShortage(ctx, { ...counted, spec }, organisation, periods),
    });
  };
  eachSpecializationThenAll(ctx, needing, ctx.members, offers, within(null));
  // Trainees whose host's organisation is certain need a member outside it.
  const withOrganisation = needing.filter((o) => certainHostOrganisation(o) !== null);
  for (const organisation of organisationsInOrder(ctx, withOrganisation.map((o) => certainHostOrganisation(o) ?? ""))) {
    const group = withOrganisation.filter((o) => certainHostOrganisation(o) === organisation);
    const outside = ctx.members.filter((m) => ctx.index.organisationOf(m.id) !== organisation);
    eachSpecializationThenAll(ctx, group, outside, offers, within(organisation));
  }
  return shortages;
}

function describeAwayShortage(
  ctx: Context,
  s: ShortageFacts,
  organisation: string | null,
  periods: readonly string[],
): DiagnosisItem {
  const short = s.trainees.length - s.places;
  const when = periods.length === 1 ? (periods[0] ?? "") : `each of the away periods ${listWords(periods)}`;
  const org = organisation === null ? null : describeOrganisation(ctx, organisation);
  const who =
    `${describeCount(s.trainees.length, "trainee")}${s.spec === null ? "" : ` in ${s.spec}`}` +
    `${org === null ? "" : ` hosted within ${org}`}`;
  const need =
    `${s.trainees.length === 1 ? "needs" : "need"} an away place${org === null ? "" : " outside that organisation"}`;
  const outside = org === null ? "" : " outside it";
  const visitors = `only ${describeCount(s.places, "visiting trainee")} per away period`;
  const single = s.pool.length === 1 ? (s.pool[0] ?? null) : null;
  let supply: string;
  let fix: string;
  let path: string | null = null;
  if (single !== null) {
    path = memberPath(ctx, single, "awayCapacity");
    const lists = s.spec === null ? "" : ` that lists ${s.spec}`;
    supply = `the only member${outside}${lists}, ${memberName(ctx, single)}, takes ${visitors}`;
    fix = `raise the awayCapacity of ${memberName(ctx, single)} (${path}) by ${short}.`;
  } else {
    const members =
      org === null && s.spec === null
        ? "all members together"
        : `the members${outside}${s.spec === null ? "" : ` that list ${s.spec}`}`;
    supply = `${members} (${listMembers(ctx, s.pool)}) take ${visitors}`;
    fix = `raise the awayCapacity of one or more of these members by ${short} in all.`;
  }
  const message = `In ${when}, ${who} (${listTrainees(ctx, s.trainees)}) ${need}, but ${supply}. Suggested change: ${fix}`;
  const change = suggestChange("raise-capacity", {
    path,
    member: single,
    period: periods.length === 1 ? (periods[0] ?? null) : null,
    specialization: s.spec,
    outsideOrganisation: organisation,
    by: short,
  });
  return item("away_places_short", message, s.trainees, s.pool, [], change);
}

// --- supervisor places (capacity) -------------------------------------------------------

/** Check `supervisors_short`: trainees against the places of the supervisors who could take them. */
export function findSupervisorShortages(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  const needing = options.filter((o) => o.hasSupervisor !== false);
  const shortages: Shortage[] = [];
  const lists = (p: Person, spec: string) => ctx.index.personLists(p.id, spec);
  const at = (host: string | null): AddGroup<Person> => (group, pool, spec) => {
    const counted = countShortage(group, pool, (p) => p.capacity);
    if (counted === null) return;
    shortages.push({ ...counted, key: "", build: () => describeSupervisorShortage(ctx, { ...counted, spec }, host) });
  };
  // Per host: trainees whose host is certain (given, pinned, or the only possible one).
  const withHost = needing.filter((o) => o.hosts.length === 1);
  for (const member of ctx.members) {
    const group = withHost.filter((o) => o.hosts[0] === member.id);
    if (group.length === 0) continue;
    const here = ctx.supervisors.filter((p) => p.member === member.id);
    eachSpecializationThenAll(ctx, group, here, lists, at(member.id));
  }
  eachSpecializationThenAll(ctx, needing, ctx.supervisors, lists, at(null));
  return keepNarrowest(shortages).map((s) => s.build([]));
}

function describeSupervisorShortage(ctx: Context, s: ShortageFacts, host: string | null): DiagnosisItem {
  const short = s.trainees.length - s.places;
  const who =
    `${describeCount(s.trainees.length, "trainee")}${s.spec === null ? "" : ` in ${s.spec}`} ` +
    `(${listTrainees(ctx, s.trainees)})`;
  const lists = s.spec === null ? "" : ` who lists ${s.spec}`;
  const list = s.spec === null ? "" : ` who list ${s.spec}`;
  const at = host === null ? "" : ` at ${memberName(ctx, host)}`;
  const one = s.trainees.length === 1;
  const lead =
    host === null
      ? `${who} ${one ? "needs" : "need"} a supervisor${lists}`
      : `${who} ${one ? "has" : "have"} ${memberName(ctx, host)} as their host`;
  const single = s.pool.length === 1 ? (s.pool[0] ?? null) : null;
  const takes = `can take only ${describeCount(s.places, "trainee")}`;
  let supply: string;
  let fix: string;
  let change: SuggestedChange;
  if (single !== null) {
    const path = personPath(ctx, single);
    const whose = host === null ? "the only supervisor" : "its only supervisor";
    supply = `${whose}${lists}, ${personName(ctx, single)}, ${takes}`;
    fix = `raise the capacity of ${personName(ctx, single)} (${path}) by ${short}, or add a supervisor${lists}${at}.`;
    change = suggestChange("raise-capacity", {
      path,
      person: single,
      member: host,
      role: "supervisor",
      specialization: s.spec,
      by: short,
    });
  } else {
    const whose = host === null ? "all supervisors together" : "its supervisors";
    supply = `${whose}${list} (${listPeople(ctx, s.pool)}) ${takes} in all`;
    fix = `add supervisors${list}${at} for ${describeCount(short, "more trainee")}, or raise the capacity of existing ones.`;
    change = suggestChange("add-person", { role: "supervisor", member: host, specialization: s.spec, by: short });
  }
  const message = `${lead}, but ${supply}. Suggested change: ${fix}`;
  return item("supervisors_short", message, s.trainees, host === null ? [] : [host], s.pool, change);
}

// --- mentor places (capacity) -----------------------------------------------------------

/** Check `mentors_short`: trainees against the places of the mentors who could take them. */
export function findMentorShortages(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  const needing = options.filter((o) => o.hasMentor !== false);
  // Which mentors each trainee may have at all (organisations, forbids, pins): a mentor's
  // places count only up to the trainees of a group it may take.
  const blockers = new Map(
    needing.map((o) => {
      const awayOrganisations = findAwayOrganisations(ctx, o.facts, o.away ?? new Map());
      return [o, new Map(ctx.mentors.map((p) => [p.id, findMentorBlockers(ctx, o.facts, o.hostOrganisations, awayOrganisations, p)]))] as const;
    }),
  );
  const mayTake = (o: TraineeOptions, p: Person) => (blockers.get(o)?.get(p.id) ?? []).length === 0;
  const shortages: Shortage[] = [];
  const add = (group: readonly TraineeOptions[], candidates: readonly Person[], organisation: string | null): void => {
    const takers = new Map(candidates.map((p) => [p.id, group.filter((o) => mayTake(o, p)).length]));
    const pool = candidates.filter((p) => (takers.get(p.id) ?? 0) > 0);
    const counted = countShortage(group, pool, (p) => Math.min(p.capacity, takers.get(p.id) ?? 0));
    if (counted === null) return;
    const keptOut = candidates.filter((p) => (takers.get(p.id) ?? 0) === 0 && group.some((o) => awayOrganisationBlocks(blockers.get(o)?.get(p.id))));
    const narrowed = pool.length < candidates.length;
    const build = () => describeMentorShortage(ctx, { ...counted, spec: null }, organisation, { narrowed, keptOut });
    shortages.push({ ...counted, key: "", build });
  };
  // Trainees whose host's organisation is certain need a mentor from outside it.
  const withOrganisation = needing.filter((o) => certainHostOrganisation(o) !== null);
  for (const organisation of organisationsInOrder(ctx, withOrganisation.map((o) => certainHostOrganisation(o) ?? ""))) {
    add(
      withOrganisation.filter((o) => certainHostOrganisation(o) === organisation),
      ctx.mentors.filter((p) => ctx.index.organisationOf(p.member) !== organisation),
      organisation,
    );
  }
  add(needing, ctx.mentors, null);
  return keepNarrowest(shortages).map((s) => s.build([]));
}

/** Whether what keeps a mentor from a trainee includes an away member's organisation ("host-and-away"). */
function awayOrganisationBlocks(blockers: readonly PersonBlocker[] | undefined): boolean {
  return (blockers ?? []).some((b) => b.kind === "away-organisation" || b.kind === "pinned-away-organisation");
}

function describeMentorShortage(
  ctx: Context,
  s: ShortageFacts,
  organisation: string | null,
  /**
   * Whether some mentors were left out as they may take none of the group, and who of them the
   * mentor rule keeps out. Raising a counted mentor's capacity always helps: each trainee of
   * the group may take some counted mentor, so when the group outnumbers the places, some
   * mentor may take more of them than it has places for.
   */
  { narrowed, keptOut }: { readonly narrowed: boolean; readonly keptOut: readonly Person[] },
): DiagnosisItem {
  const short = s.trainees.length - s.places;
  const org = organisation === null ? null : describeOrganisation(ctx, organisation);
  const need = s.trainees.length === 1 ? "needs" : "need";
  const trainees = listTrainees(ctx, s.trainees);
  const lead =
    org === null
      ? `${describeCount(s.trainees.length, "trainee")} (${trainees}) ${need} a mentor`
      : `${describeCount(s.trainees.length, "trainee")} hosted within ${org} (${trainees}) ${need} a mentor ` +
        `from outside that organisation`;
  const takes = `can take only ${describeCount(s.places, "trainee")}`;
  const single = s.pool.length === 1 ? (s.pool[0] ?? null) : null;
  const mayTake = narrowed ? " who may take them" : "";
  const supply =
    single !== null
      ? `${org === null ? "the only mentor" : "the only mentor outside it"}${mayTake}, ${personName(ctx, single)}, ${takes}`
      : `${org === null ? (narrowed ? "the mentors" : "all mentors together") : "the mentors outside it"}${mayTake} (${listPeople(ctx, s.pool)}) ${takes} in all`;
  const rule =
    keptOut.length === 0
      ? ""
      : ` ${listPeople(ctx, keptOut.map((p) => p.id))} may not take them: under rules.mentorOutside "host-and-away" ` +
        `(the mentor rule) a mentor must also come from outside the organisation of every member the trainee visits.`;
  const fix =
    `add mentors${org === null ? "" : ` outside ${org}`} for ${describeCount(short, "more trainee")}, ` +
    `or raise the capacity of existing ones${keptOut.length === 0 ? "" : " who may take them"}.`;
  return item(
    "mentors_short",
    `${lead}, but ${supply}.${rule} Suggested change: ${fix}`,
    s.trainees,
    [],
    s.pool,
    suggestChange("add-person", { role: "mentor", outsideOrganisation: organisation, by: short }),
  );
}
