/**
 * Pre-solve checks: cheap counting conditions that prove a cohort has no plan in which every
 * trainee gets every role (host, a member for each away period, a supervisor, a mentor),
 * explained in the cohort's own terms, each with a suggested change.
 *
 * How every item stays a proof. For each trainee the checks build a superset of what any
 * valid plan could give the trainee (possible hosts, away members, supervisors, mentors):
 * an option is only left out when a hard rule of the contract rules it out whatever else
 * the plan does (a forbid, a missing specialization under "required", no place left once
 * given hosts and pins are counted, the organisation rules, a pin). Place counts are upper
 * bounds. A check reports only when even these supersets or bounds fall short, so each item
 * holds for every plan; the checks are incomplete by design (a cohort can pass them all and
 * still have no plan, which the solver then finds out).
 *
 * The cohort is assumed validated, but nothing here depends on it for correctness: a pin or
 * forbid whose form or references are wrong is ignored (which only widens the supersets).
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { DiagnosisItem, Member, Period, Person, SuggestedChange, Trainee } from "../domain/schema.js";
import { suggestChange } from "./suggested-change.js";

/** The codes of the pre-solve checks, in the order their items are reported. */
export const PRECHECK_CODES = [
  "no_host_candidate",
  "no_away_candidate",
  "too_few_away_candidates",
  "no_supervisor_candidate",
  "no_mentor_candidate",
  "host_places_short",
  "away_places_short",
  "supervisors_short",
  "mentors_short",
] as const;

export type PrecheckCode = (typeof PRECHECK_CODES)[number];

/**
 * Necessary conditions for a plan that fills every role, checked without solving. Each item
 * proves that no such plan exists and says why, with a change that would help (with
 * `allowUnassigned: true` it proves that the best plan leaves some role empty). Items come
 * by check (in the order of PRECHECK_CODES), then in input order. A trainee reported as having
 * no candidate for a role is left out of the counts for that role, and a count is left out
 * when a narrower one already asks for at least as many places. An empty list proves
 * nothing: the cohort may still have no plan.
 */
export function precheckCohort(index: CohortIndex): DiagnosisItem[] {
  const ctx = buildContext(index);
  const options = ctx.trainees.map((facts) => findTraineeOptions(ctx, facts));
  return [
    ...findTraineesWithoutHost(ctx, options),
    ...findTraineesWithoutAwayMember(ctx, options),
    ...findTraineesWithTooFewAwayMembers(ctx, options),
    ...findTraineesWithoutSupervisor(ctx, options),
    ...findTraineesWithoutMentor(ctx, options),
    ...findHostPlaceShortages(ctx, options),
    ...findAwayPlaceShortages(ctx, options),
    ...findSupervisorShortages(ctx, options),
    ...findMentorShortages(ctx, options),
  ];
}

// ---------------------------------------------------------------------------------------
// Facts: pins, forbids and what they already take
// ---------------------------------------------------------------------------------------

/** A member or person fixed by a pin, with the pin's position in `pins`. */
interface PinRef {
  readonly value: string;
  readonly pin: number;
}

interface TraineeFacts {
  readonly trainee: Trainee;
  /** Members the host must be: host-period pins and the employers of pinned supervisors. */
  readonly hostPins: readonly PinRef[];
  /** Members each away period must be at, by period id. */
  readonly awayPins: ReadonlyMap<string, readonly PinRef[]>;
  readonly supervisorPins: readonly PinRef[];
  readonly mentorPins: readonly PinRef[];
  /** Forbidden member, supervisor and mentor ids, each with the position of its first forbid. */
  readonly forbiddenMembers: ReadonlyMap<string, number>;
  readonly forbiddenSupervisors: ReadonlyMap<string, number>;
  readonly forbiddenMentors: ReadonlyMap<string, number>;
}

interface Context {
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

function buildContext(index: CohortIndex): Context {
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
    if (host !== null) pushTo(hostTakenBy, host, id);
    for (const [period, pins] of facts.awayPins) {
      const pinned = distinctValues(pins);
      if (pinned.length !== 1) continue;
      let byMember = awayTakenBy.get(period);
      if (byMember === undefined) awayTakenBy.set(period, (byMember = new Map()));
      pushTo(byMember, pinned[0] ?? "", id);
    }
    for (const pins of [facts.supervisorPins, facts.mentorPins]) {
      const pinned = distinctValues(pins);
      if (pinned.length === 1) pushTo(personTakenBy, pinned[0] ?? "", id);
    }
  }
  const supervisors = people.filter((p) => p.role === "supervisor");
  const supervisorsAt = new Map<string, Person[]>();
  for (const person of supervisors) pushTo(supervisorsAt, person.member, person);
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

function collectTraineeFacts(index: CohortIndex): TraineeFacts[] {
  const { cohort } = index;
  const periodById = new Map<string, Period>();
  for (const period of cohort.programme.periods) if (!periodById.has(period.id)) periodById.set(period.id, period);

  interface MutableFacts {
    trainee: Trainee;
    hostPins: PinRef[];
    awayPins: Map<string, PinRef[]>;
    supervisorPins: PinRef[];
    mentorPins: PinRef[];
    forbiddenMembers: Map<string, number>;
    forbiddenSupervisors: Map<string, number>;
    forbiddenMentors: Map<string, number>;
  }
  const byId = new Map<string, MutableFacts>();
  const list: MutableFacts[] = [];
  for (const trainee of cohort.trainees) {
    if (index.traineeById.get(trainee.id) !== trainee) continue;
    const facts: MutableFacts = {
      trainee,
      hostPins: [],
      awayPins: new Map(),
      supervisorPins: [],
      mentorPins: [],
      forbiddenMembers: new Map(),
      forbiddenSupervisors: new Map(),
      forbiddenMentors: new Map(),
    };
    byId.set(trainee.id, facts);
    list.push(facts);
  }

  const personWithRole = (id: string | undefined, role: Person["role"]): Person | undefined => {
    const person = id === undefined ? undefined : index.personById.get(id);
    return person?.role === role ? person : undefined;
  };

  cohort.pins.forEach((pin, k) => {
    const facts = byId.get(pin.trainee);
    if (facts === undefined) return;
    const has = [pin.period, pin.member, pin.mentor, pin.supervisor].map((v) => v !== undefined);
    const [hasPeriod, hasMember, hasMentor, hasSupervisor] = has;
    if (hasPeriod && hasMember && !hasMentor && !hasSupervisor) {
      const period = periodById.get(pin.period ?? "");
      const member = pin.member ?? "";
      if (period === undefined || !index.memberById.has(member)) return;
      if (period.at === "host") facts.hostPins.push({ value: member, pin: k });
      else pushTo(facts.awayPins, period.id, { value: member, pin: k });
    } else if (hasMentor && !hasPeriod && !hasMember && !hasSupervisor) {
      const person = personWithRole(pin.mentor, "mentor");
      if (person !== undefined) facts.mentorPins.push({ value: person.id, pin: k });
    } else if (hasSupervisor && !hasPeriod && !hasMember && !hasMentor) {
      const person = personWithRole(pin.supervisor, "supervisor");
      if (person === undefined || !index.memberById.has(person.member)) return;
      facts.supervisorPins.push({ value: person.id, pin: k });
      // A supervisor is employed by the host member itself: the pin fixes the host too.
      facts.hostPins.push({ value: person.member, pin: k });
    }
  });

  cohort.forbid.forEach((forbid, k) => {
    const facts = byId.get(forbid.trainee);
    if (facts === undefined) return;
    const { member, mentor, supervisor } = forbid;
    if (member !== undefined && mentor === undefined && supervisor === undefined) {
      if (index.memberById.has(member) && !facts.forbiddenMembers.has(member)) facts.forbiddenMembers.set(member, k);
    } else if (mentor !== undefined && member === undefined && supervisor === undefined) {
      if (personWithRole(mentor, "mentor") && !facts.forbiddenMentors.has(mentor)) facts.forbiddenMentors.set(mentor, k);
    } else if (supervisor !== undefined && member === undefined && mentor === undefined) {
      if (personWithRole(supervisor, "supervisor") && !facts.forbiddenSupervisors.has(supervisor)) {
        facts.forbiddenSupervisors.set(supervisor, k);
      }
    }
  });
  return list;
}

/** The host every plan must give the trainee, when the input fixes it (given, or one pinned member). */
function fixedHost(facts: TraineeFacts): string | null {
  if (facts.trainee.host !== undefined) return facts.trainee.host;
  const pinned = distinctValues(facts.hostPins);
  return pinned.length === 1 ? (pinned[0] ?? null) : null;
}

// ---------------------------------------------------------------------------------------
// Options: for each trainee, a superset of what any plan could give it
// ---------------------------------------------------------------------------------------

interface TraineeOptions {
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

function findTraineeOptions(ctx: Context, facts: TraineeFacts): TraineeOptions {
  const hosts = findPossibleHosts(ctx, facts);
  const hostOrganisations = new Set(hosts.map((h) => ctx.index.organisationOf(h)));
  if (hosts.length === 0) {
    return { facts, hosts, hostOrganisations, away: null, distinctAway: null, hasSupervisor: null, hasMentor: null };
  }
  const away = new Map<string, readonly string[]>();
  for (const period of ctx.awayPeriods) {
    away.set(period.id, findPossibleAwayMembers(ctx, facts, hostOrganisations, period.id));
  }
  const everyPeriodHasOne = [...away.values()].every((members) => members.length > 0);
  return {
    facts,
    hosts,
    hostOrganisations,
    away,
    distinctAway: everyPeriodHasOne ? countDistinctAwayMembers(ctx, hostOrganisations, away) : null,
    hasSupervisor: hasPossibleSupervisor(ctx, facts, new Set(hosts)),
    hasMentor: hasPossibleMentor(ctx, facts, hostOrganisations, away),
  };
}

// --- hosts -----------------------------------------------------------------------------

type HostBlocker =
  | { readonly kind: "specialization" }
  | { readonly kind: "forbid"; readonly forbid: number }
  | { readonly kind: "full"; readonly capacity: number; readonly takenBy: readonly string[] }
  | { readonly kind: "pinned-away-organisation"; readonly member: string; readonly period: string; readonly pin: number };

function findPossibleHosts(ctx: Context, facts: TraineeFacts): string[] {
  if (facts.trainee.host !== undefined) return [facts.trainee.host];
  const pinned = distinctValues(facts.hostPins);
  if (pinned.length > 0) return pinned;
  return ctx.members.filter((m) => findHostBlockers(ctx, facts, m).length === 0).map((m) => m.id);
}

/** Why a member cannot be the chosen host of a trainee whose host is neither given nor pinned. */
function findHostBlockers(ctx: Context, facts: TraineeFacts, member: Member): HostBlocker[] {
  const out: HostBlocker[] = [];
  if (ctx.required && !ctx.index.offers(member.id, facts.trainee.specialization)) out.push({ kind: "specialization" });
  const forbid = facts.forbiddenMembers.get(member.id);
  if (forbid !== undefined) out.push({ kind: "forbid", forbid });
  const takenBy = ctx.hostTakenBy.get(member.id) ?? [];
  if (member.hostCapacity - takenBy.length <= 0) out.push({ kind: "full", capacity: member.hostCapacity, takenBy });
  const organisation = ctx.index.organisationOf(member.id);
  pins: for (const [period, pins] of facts.awayPins) {
    for (const pin of pins) {
      if (ctx.index.organisationOf(pin.value) !== organisation) continue;
      out.push({ kind: "pinned-away-organisation", member: pin.value, period, pin: pin.pin });
      break pins;
    }
  }
  return out;
}

// --- away members ------------------------------------------------------------------------

type AwayBlocker =
  | { readonly kind: "specialization" }
  | { readonly kind: "forbid"; readonly forbid: number }
  | { readonly kind: "host-organisation" }
  | { readonly kind: "pinned-elsewhere"; readonly period: string; readonly pin: number }
  | { readonly kind: "full"; readonly capacity: number; readonly takenBy: readonly string[] };

function findPossibleAwayMembers(
  ctx: Context,
  facts: TraineeFacts,
  hostOrganisations: ReadonlySet<string>,
  period: string,
): string[] {
  const pinned = distinctValues(facts.awayPins.get(period) ?? []);
  if (pinned.length > 0) return pinned;
  return ctx.members
    .filter((m) => findAwayBlockers(ctx, facts, hostOrganisations, period, m).length === 0)
    .map((m) => m.id);
}

/** Why a member cannot take the trainee in an away period the trainee is not pinned for. */
function findAwayBlockers(
  ctx: Context,
  facts: TraineeFacts,
  hostOrganisations: ReadonlySet<string>,
  period: string,
  member: Member,
): AwayBlocker[] {
  const out: AwayBlocker[] = [];
  if (ctx.required && !ctx.index.offers(member.id, facts.trainee.specialization)) out.push({ kind: "specialization" });
  const forbid = facts.forbiddenMembers.get(member.id);
  if (forbid !== undefined) out.push({ kind: "forbid", forbid });
  // The member must be of another organisation than the host; with hosts of two or more
  // organisations possible, some possible host is always of another organisation.
  if (hostOrganisations.size === 1 && hostOrganisations.has(ctx.index.organisationOf(member.id))) {
    out.push({ kind: "host-organisation" });
  }
  for (const [other, pins] of facts.awayPins) {
    if (other === period) continue;
    const pin = pins.find((p) => p.value === member.id);
    if (pin !== undefined) {
      out.push({ kind: "pinned-elsewhere", period: other, pin: pin.pin });
      break;
    }
  }
  const takenBy = ctx.awayTakenBy.get(period)?.get(member.id) ?? [];
  if (member.awayCapacity - takenBy.length <= 0) out.push({ kind: "full", capacity: member.awayCapacity, takenBy });
  return out;
}

/**
 * The most distinct away members the trainee could use with a host of any one of the possible
 * host organisations (each away period is at a different member, all outside the host's).
 */
function countDistinctAwayMembers(
  ctx: Context,
  hostOrganisations: ReadonlySet<string>,
  away: ReadonlyMap<string, readonly string[]>,
): number {
  const union = new Set<string>();
  for (const members of away.values()) for (const m of members) union.add(m);
  const inOrganisation = new Map<string, number>();
  for (const m of union) {
    const organisation = ctx.index.organisationOf(m);
    inOrganisation.set(organisation, (inOrganisation.get(organisation) ?? 0) + 1);
  }
  let fewestInHostOrganisation = Infinity;
  for (const organisation of hostOrganisations) {
    fewestInHostOrganisation = Math.min(fewestInHostOrganisation, inOrganisation.get(organisation) ?? 0);
  }
  return hostOrganisations.size === 0 ? 0 : union.size - fewestInHostOrganisation;
}

// --- supervisors -------------------------------------------------------------------------

type PersonBlocker =
  | { readonly kind: "not-at-host" }
  | { readonly kind: "specialization" }
  | { readonly kind: "host-organisation" }
  | { readonly kind: "pinned-away-organisation"; readonly member: string; readonly period: string; readonly pin: number }
  | { readonly kind: "away-organisation"; readonly period: string }
  | { readonly kind: "forbid"; readonly forbid: number }
  | { readonly kind: "full"; readonly capacity: number; readonly takenBy: readonly string[] };

function hasPossibleSupervisor(ctx: Context, facts: TraineeFacts, hosts: ReadonlySet<string>): boolean {
  if (facts.supervisorPins.length > 0) return true;
  for (const host of hosts) {
    for (const person of ctx.supervisorsAt.get(host) ?? []) {
      if (findSupervisorBlockers(ctx, facts, hosts, person).length === 0) return true;
    }
  }
  return false;
}

function findSupervisorBlockers(
  ctx: Context,
  facts: TraineeFacts,
  hosts: ReadonlySet<string>,
  person: Person,
): PersonBlocker[] {
  const out: PersonBlocker[] = [];
  if (!hosts.has(person.member)) out.push({ kind: "not-at-host" });
  if (ctx.required && !ctx.index.personLists(person.id, facts.trainee.specialization)) {
    out.push({ kind: "specialization" });
  }
  const forbid = facts.forbiddenSupervisors.get(person.id);
  if (forbid !== undefined) out.push({ kind: "forbid", forbid });
  pushIfFull(ctx, facts, person, out);
  return out;
}

function pushIfFull(ctx: Context, facts: TraineeFacts, person: Person, out: PersonBlocker[]): void {
  // The trainee's own pins never reach here: a pinned role is not chosen among candidates.
  const takenBy = (ctx.personTakenBy.get(person.id) ?? []).filter((t) => t !== facts.trainee.id);
  if (person.capacity - takenBy.length <= 0) out.push({ kind: "full", capacity: person.capacity, takenBy });
}

// --- mentors -----------------------------------------------------------------------------

function hasPossibleMentor(
  ctx: Context,
  facts: TraineeFacts,
  hostOrganisations: ReadonlySet<string>,
  away: ReadonlyMap<string, readonly string[]>,
): boolean {
  if (facts.mentorPins.length > 0) return true;
  const awayOrganisations = findAwayOrganisations(ctx, facts, away);
  return ctx.mentors.some((p) => findMentorBlockers(ctx, facts, hostOrganisations, awayOrganisations, p).length === 0);
}

/** For each away period the trainee is free to be placed in, the organisations of its possible members. */
function findAwayOrganisations(
  ctx: Context,
  facts: TraineeFacts,
  away: ReadonlyMap<string, readonly string[]>,
): ReadonlyMap<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>();
  for (const [period, members] of away) {
    if (facts.awayPins.has(period) || members.length === 0) continue;
    out.set(period, new Set(members.map((m) => ctx.index.organisationOf(m))));
  }
  return out;
}

function findMentorBlockers(
  ctx: Context,
  facts: TraineeFacts,
  hostOrganisations: ReadonlySet<string>,
  awayOrganisations: ReadonlyMap<string, ReadonlySet<string>>,
  person: Person,
): PersonBlocker[] {
  const out: PersonBlocker[] = [];
  const organisation = ctx.index.organisationOf(person.member);
  if (hostOrganisations.size === 1 && hostOrganisations.has(organisation)) out.push({ kind: "host-organisation" });
  if (ctx.hostAndAway) {
    let pinnedClash = false;
    for (const [period, pins] of facts.awayPins) {
      const pin = pins.find((p) => ctx.index.organisationOf(p.value) === organisation);
      if (pin === undefined) continue;
      out.push({ kind: "pinned-away-organisation", member: pin.value, period, pin: pin.pin });
      pinnedClash = true;
      break;
    }
    if (!pinnedClash) {
      // Every member the trainee could visit in the period is of the mentor's organisation.
      for (const [period, organisations] of awayOrganisations) {
        if (organisations.size === 1 && organisations.has(organisation)) {
          out.push({ kind: "away-organisation", period });
          break;
        }
      }
    }
  }
  const forbid = facts.forbiddenMentors.get(person.id);
  if (forbid !== undefined) out.push({ kind: "forbid", forbid });
  pushIfFull(ctx, facts, person, out);
  return out;
}

// ---------------------------------------------------------------------------------------
// 1. Trainees with a role that has no candidate at all
// ---------------------------------------------------------------------------------------

function findTraineesWithoutHost(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  return options.filter((o) => o.hosts.length === 0).map((o) => explainNoHost(ctx, o.facts));
}

function explainNoHost(ctx: Context, facts: TraineeFacts): DiagnosisItem {
  const { trainee } = facts;
  const spec = trainee.specialization;
  const all = ctx.members.map((member) => ({ member, blockers: findHostBlockers(ctx, facts, member) }));
  const considered = all.filter((c) => !c.blockers.some((b) => b.kind === "specialization"));
  const head = `No member can host ${describeTrainee(trainee)}`;
  if (considered.length === 0) {
    const reason = ctx.members.length === 0 ? "the cohort has no members" : `no member lists ${spec}`;
    const change =
      ctx.members.length > 0 && ctx.required
        ? suggestChange("relax-rule", { path: "rules.specializationFit", specialization: spec })
        : null;
    const fix = change === null ? "" : ` ${describeSpecializationRelax(spec, "a host")}`;
    return item("no_host_candidate", `${head}: ${reason}.${fix}`, [trainee.id], [], [], change);
  }
  const reasons = considered.map(({ member, blockers }) => describeHostBlocker(ctx, member, firstOf(blockers)));
  const among = ctx.required ? `Among the members that list ${spec}: ` : "";
  const fix = suggestHostFix(ctx, all, spec);
  const message = `${head}. ${among}${writeReasons(reasons)}.${fix === null ? "" : ` ${fix.sentence}`}`;
  return item(
    "no_host_candidate",
    message,
    [trainee.id],
    considered.map((c) => c.member.id),
    [],
    fix?.change ?? null,
  );
}

function describeHostBlocker(ctx: Context, member: Member, blocker: HostBlocker): Reason {
  const subject = memberName(ctx, member.id);
  switch (blocker.kind) {
    case "specialization":
      return notListing(subject);
    case "forbid":
      return { subject, group: null, clause: (s) => `${s} is ruled out for this trainee by forbid[${blocker.forbid}]` };
    case "full":
      if (blocker.capacity === 0) {
        const clause = (s: string, many: boolean) => `${s} ${verb(many, "hosts")} no trainees (hostCapacity 0)`;
        return { subject, group: "no-capacity", clause };
      }
      return {
        subject,
        group: null,
        clause: (s) =>
          `${s} has no host place left (${describeTaken(blocker.capacity, "host place")} by ` +
          `${describeTakers(ctx, blocker.takenBy)} with a given or pinned host)`,
      };
    case "pinned-away-organisation": {
      const where =
        `pins[${blocker.pin}] places the trainee away in ${blocker.period} ` +
        `(the host must be of another organisation than the away members)`;
      if (blocker.member === member.id) {
        return { subject, group: `pinned-self:${blocker.pin}`, clause: (s) => `${s} is where ${where}` };
      }
      return {
        subject,
        group: `pinned:${blocker.pin}`,
        clause: (s, many) =>
          `${s} ${verb(many, "is")} in the same organisation as ${memberName(ctx, blocker.member)}, where ${where}`,
      };
    }
  }
}

function suggestHostFix(
  ctx: Context,
  considered: readonly { readonly member: Member; readonly blockers: readonly HostBlocker[] }[],
  spec: string,
): Fix | null {
  const only = (kind: HostBlocker["kind"]) =>
    considered.find((c) => c.blockers.length === 1 && c.blockers[0]?.kind === kind);
  const forbidden = only("forbid");
  if (forbidden !== undefined && forbidden.blockers[0]?.kind === "forbid") {
    const k = forbidden.blockers[0].forbid;
    return {
      change: suggestChange("remove-forbid", { path: `forbid[${k}]`, member: forbidden.member.id }),
      sentence:
        `Suggested change: remove forbid[${k}], so that ${memberName(ctx, forbidden.member.id)} can host the trainee.`,
    };
  }
  const full = only("full");
  if (full !== undefined) {
    const path = memberPath(ctx, full.member.id, "hostCapacity");
    return {
      change: suggestChange("raise-capacity", { path, member: full.member.id, by: 1 }),
      sentence: `Suggested change: raise the hostCapacity of ${memberName(ctx, full.member.id)} (${path}) by 1.`,
    };
  }
  const pinned = only("pinned-away-organisation");
  if (pinned !== undefined && pinned.blockers[0]?.kind === "pinned-away-organisation") {
    const k = pinned.blockers[0].pin;
    return {
      change: suggestChange("remove-pin", {
        path: `pins[${k}]`,
        member: pinned.blockers[0].member,
        period: pinned.blockers[0].period,
      }),
      sentence: `Suggested change: remove pins[${k}], so that ${memberName(ctx, pinned.member.id)} can host the trainee.`,
    };
  }
  return only("specialization") === undefined ? null : relaxSpecialization(spec, "a host");
}

function findTraineesWithoutAwayMember(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  const items: DiagnosisItem[] = [];
  for (const o of options) {
    if (o.away === null) continue;
    const empty = ctx.awayPeriods.filter((p) => (o.away?.get(p.id) ?? []).length === 0).map((p) => p.id);
    if (empty.length > 0) items.push(explainNoAway(ctx, o, empty));
  }
  return items;
}

function explainNoAway(ctx: Context, o: TraineeOptions, periods: readonly string[]): DiagnosisItem {
  const { trainee } = o.facts;
  const spec = trainee.specialization;
  const head = `${describeTrainee(trainee, true)} has no possible away member in ${listWords(periods)}`;
  const all = periods.flatMap((period) =>
    ctx.members.map((member) => ({
      member,
      period,
      blockers: findAwayBlockers(ctx, o.facts, o.hostOrganisations, period, member),
    })),
  );
  const considered = all.filter((c) => !c.blockers.some((b) => b.kind === "specialization"));
  if (considered.length === 0) {
    const reason = ctx.members.length === 0 ? "the cohort has no members" : `no member lists ${spec}`;
    const change =
      ctx.required && ctx.members.length > 0
        ? suggestChange("relax-rule", { path: "rules.specializationFit", specialization: spec })
        : null;
    const fix = change === null ? "" : ` ${describeSpecializationRelax(spec, "an away member")}`;
    return item("no_away_candidate", `${head}: ${reason}.${fix}`, [trainee.id], [], [], change);
  }
  const reasons = considered.map(({ member, period, blockers }) =>
    describeAwayBlocker(ctx, o, member, period, firstOf(blockers)),
  );
  const among = ctx.required ? `Among the members that list ${spec}: ` : "";
  const fix = suggestAwayFix(ctx, all, spec);
  const message = `${head}. ${among}${writeReasons(reasons)}.${fix === null ? "" : ` ${fix.sentence}`}`;
  const members = uniqueStrings(considered.map((c) => c.member.id));
  return item("no_away_candidate", message, [trainee.id], members, [], fix?.change ?? null);
}

function describeAwayBlocker(ctx: Context, o: TraineeOptions, member: Member, period: string, blocker: AwayBlocker): Reason {
  const subject = memberName(ctx, member.id);
  switch (blocker.kind) {
    case "specialization":
      return notListing(subject);
    case "forbid":
      return { subject, group: null, clause: (s) => `${s} is ruled out for this trainee by forbid[${blocker.forbid}]` };
    case "host-organisation":
      if (o.hosts.length === 1 && o.hosts[0] === member.id) {
        return { subject, group: "host-self", clause: (s) => `${s} is the host` };
      }
      return {
        subject,
        group: "host-organisation",
        clause: (s, many) =>
          `${s} ${verb(many, "is")} in the same organisation as ${describeHostReference(ctx, o)}, ` +
          `and an away period must be spent at another organisation`,
      };
    case "pinned-elsewhere":
      return {
        subject,
        group: null,
        clause: (s) =>
          `${s} already has the trainee in ${blocker.period} (pins[${blocker.pin}]), ` +
          `and each away period must be at a different member`,
      };
    case "full":
      if (blocker.capacity === 0) {
        return {
          subject,
          group: "no-capacity",
          clause: (s, many) => `${s} ${verb(many, "takes")} no visiting trainees (awayCapacity 0)`,
        };
      }
      return {
        subject,
        group: null,
        clause: (s) =>
          `${s} has no visiting place left in ${period} (${describeTaken(blocker.capacity, "place")} by ` +
          `${describeTakers(ctx, blocker.takenBy)} pinned there)`,
      };
  }
}

function suggestAwayFix(
  ctx: Context,
  considered: readonly { readonly member: Member; readonly period: string; readonly blockers: readonly AwayBlocker[] }[],
  spec: string,
): Fix | null {
  const only = (kind: AwayBlocker["kind"]) =>
    considered.find((c) => c.blockers.length === 1 && c.blockers[0]?.kind === kind);
  const forbidden = only("forbid");
  if (forbidden !== undefined && forbidden.blockers[0]?.kind === "forbid") {
    const k = forbidden.blockers[0].forbid;
    return {
      change: suggestChange("remove-forbid", { path: `forbid[${k}]`, member: forbidden.member.id }),
      sentence:
        `Suggested change: remove forbid[${k}], so that ${memberName(ctx, forbidden.member.id)} can take the trainee.`,
    };
  }
  const full = only("full");
  if (full !== undefined) {
    const path = memberPath(ctx, full.member.id, "awayCapacity");
    return {
      change: suggestChange("raise-capacity", { path, member: full.member.id, period: full.period, by: 1 }),
      sentence: `Suggested change: raise the awayCapacity of ${memberName(ctx, full.member.id)} (${path}) by 1.`,
    };
  }
  const pinned = only("pinned-elsewhere");
  if (pinned !== undefined && pinned.blockers[0]?.kind === "pinned-elsewhere") {
    const { pin, period } = pinned.blockers[0];
    return {
      change: suggestChange("remove-pin", { path: `pins[${pin}]`, member: pinned.member.id, period }),
      sentence:
        `Suggested change: remove pins[${pin}], so that ${memberName(ctx, pinned.member.id)} ` +
        `is free for another away period.`,
    };
  }
  return only("specialization") === undefined ? null : relaxSpecialization(spec, "an away member");
}

function findTraineesWithTooFewAwayMembers(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  const needed = ctx.awayPeriods.length;
  const items: DiagnosisItem[] = [];
  for (const o of options) {
    if (o.away === null || o.distinctAway === null || o.distinctAway >= needed) continue;
    items.push(explainTooFewAway(ctx, o, o.away, o.distinctAway));
  }
  return items;
}

function explainTooFewAway(
  ctx: Context,
  o: TraineeOptions,
  away: ReadonlyMap<string, readonly string[]>,
  best: number,
): DiagnosisItem {
  const { trainee } = o.facts;
  const periods = ctx.awayPeriods.map((p) => p.id);
  const union = ctx.members.filter((m) => [...away.values()].some((list) => list.includes(m.id))).map((m) => m.id);
  const names = listWords(union.map((m) => memberName(ctx, m)));
  const needs =
    `${describeTrainee(trainee, true)} needs ${periods.length} different members ` +
    `for the away periods ${listWords(periods)}`;
  const which =
    o.hostOrganisations.size === 1
      ? `only ${describeCount(best, "member")} outside the host's organisation can take the trainee`
      : `whichever member hosts the trainee, at most ${describeCount(best, "member")} outside the host's organisation ` +
        `can take the trainee`;
  const candidates = union.length === 0 ? "" : ` (possible: ${names})`;

  // What keeps the other members out, in the first period the trainee is free to be placed.
  const free = periods.find((p) => !o.facts.awayPins.has(p));
  let reasons = "";
  let fix: Fix | null = null;
  if (free !== undefined) {
    const others = ctx.members
      .filter((m) => !union.includes(m.id))
      .map((member) => ({
        member,
        period: free,
        blockers: findAwayBlockers(ctx, o.facts, o.hostOrganisations, free, member),
      }))
      .filter((c) => c.blockers.length > 0);
    const listing = others.filter((c) => !c.blockers.some((b) => b.kind === "specialization"));
    if (listing.length > 0) {
      const written = writeReasons(listing.map((c) => describeAwayBlocker(ctx, o, c.member, c.period, firstOf(c.blockers))));
      reasons = ` Of the other members${ctx.required ? ` that list ${trainee.specialization}` : ""}: ${written}.`;
    }
    fix = suggestAwayFix(ctx, others, trainee.specialization);
  } else {
    const pins = [...o.facts.awayPins.values()].flat();
    const repeated = pins.find((p, i) => pins.findIndex((q) => q.value === p.value) !== i);
    if (repeated !== undefined) {
      fix = {
        change: suggestChange("remove-pin", { path: `pins[${repeated.pin}]`, member: repeated.value }),
        sentence:
          `Suggested change: remove pins[${repeated.pin}], which places the trainee at ` +
          `${memberName(ctx, repeated.value)} a second time.`,
      };
    }
  }
  const message = `${needs}, but ${which}${candidates}.${reasons}${fix === null ? "" : ` ${fix.sentence}`}`;
  return item("too_few_away_candidates", message, [trainee.id], union, [], fix?.change ?? null);
}

function findTraineesWithoutSupervisor(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  return options.filter((o) => o.hasSupervisor === false).map((o) => explainNoSupervisor(ctx, o));
}

function explainNoSupervisor(ctx: Context, o: TraineeOptions): DiagnosisItem {
  const { trainee } = o.facts;
  const spec = trainee.specialization;
  const head = `${describeTrainee(trainee, true)} has no possible supervisor`;
  const hostSet = new Set(o.hosts);
  const atHosts = ctx.supervisors
    .map((person) => ({ person, blockers: findSupervisorBlockers(ctx, o.facts, hostSet, person) }))
    .filter((c) => !c.blockers.some((b) => b.kind === "not-at-host"));
  const listing = atHosts.filter((c) => !c.blockers.some((b) => b.kind === "specialization"));
  const hostMember = o.hosts.length === 1 ? (o.hosts[0] ?? null) : null;
  const addSupervisor: Fix = {
    change: suggestChange("add-person", {
      role: "supervisor",
      member: hostMember,
      specialization: ctx.required ? spec : null,
      by: 1,
    }),
    sentence:
      `Suggested change: add a supervisor${ctx.required ? ` who lists ${spec}` : ""} at ` +
      `${hostMember === null ? "one of these members" : memberName(ctx, hostMember)}.`,
  };
  const hosts = describeHosts(ctx, o);
  const lacking = (what: string): string =>
    hostMember === null ? `none of ${hosts} has ${what}` : `${hosts} has no ${what.replace(/^an? /, "")}`;
  let message: string;
  let fix: Fix;
  if (atHosts.length === 0) {
    message = `${head}: ${lacking("a supervisor")}.`;
    fix = addSupervisor;
  } else if (listing.length === 0) {
    message = `${head}: ${lacking(`a supervisor who lists ${spec}`)}.`;
    fix = addSupervisor;
  } else {
    const reasons = listing.map(({ person, blockers }) => describePersonBlocker(ctx, o, person, firstOf(blockers)));
    const who = ctx.required ? `supervisors who list ${spec}` : "supervisors";
    const has = hostMember === null ? "have" : "has";
    message = `${head}: ${hosts} ${has} ${who}, but none is available: ${writeReasons(reasons)}.`;
    fix = suggestPersonFix(ctx, listing) ?? addSupervisor;
  }
  const people = (listing.length > 0 ? listing : atHosts).map((c) => c.person.id);
  return item("no_supervisor_candidate", `${message} ${fix.sentence}`, [trainee.id], [...o.hosts], people, fix.change);
}

function findTraineesWithoutMentor(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  return options.filter((o) => o.hasMentor === false).map((o) => explainNoMentor(ctx, o));
}

function explainNoMentor(ctx: Context, o: TraineeOptions): DiagnosisItem {
  const { trainee } = o.facts;
  const head = `${describeTrainee(trainee, true)} has no possible mentor`;
  const hostOrganisation = o.hostOrganisations.size === 1 ? ([...o.hostOrganisations][0] ?? null) : null;
  const outside = hostOrganisation === null ? "" : ` outside ${describeOrganisation(ctx, hostOrganisation)}`;
  const addMentor: Fix = {
    change: suggestChange("add-person", { role: "mentor", outsideOrganisation: hostOrganisation, by: 1 }),
    sentence: `Suggested change: add a mentor${outside}.`,
  };
  const awayOrganisations = findAwayOrganisations(ctx, o.facts, o.away ?? new Map());
  const considered = ctx.mentors.map((person) => ({
    person,
    blockers: findMentorBlockers(ctx, o.facts, o.hostOrganisations, awayOrganisations, person),
  }));
  if (considered.length === 0) {
    const message = `${head}: the cohort has no mentors. ${addMentor.sentence}`;
    return item("no_mentor_candidate", message, [trainee.id], [], [], addMentor.change);
  }
  const outsideHost = considered.filter((c) => !c.blockers.some((b) => b.kind === "host-organisation"));
  if (outsideHost.length === 0) {
    const message =
      `${head}: every mentor works in the same organisation as ${describeHostReference(ctx, o)}, and a mentor ` +
      `must come from outside the trainee's organisation. ${addMentor.sentence}`;
    return item("no_mentor_candidate", message, [trainee.id], [], considered.map((c) => c.person.id), addMentor.change);
  }
  const reasons = outsideHost.map(({ person, blockers }) => describePersonBlocker(ctx, o, person, firstOf(blockers)));
  const fix = suggestPersonFix(ctx, outsideHost) ?? suggestMentorRuleFix(outsideHost) ?? addMentor;
  const message = `${head}. Of the mentors${outside}: ${writeReasons(reasons)}. ${fix.sentence}`;
  return item("no_mentor_candidate", message, [trainee.id], [], outsideHost.map((c) => c.person.id), fix.change);
}

function describePersonBlocker(ctx: Context, o: TraineeOptions, person: Person, blocker: PersonBlocker): Reason {
  const subject = personName(ctx, person.id);
  switch (blocker.kind) {
    case "not-at-host":
      return { subject, group: "not-at-host", clause: (s, many) => `${s} ${verb(many, "is")} not employed by the host` };
    case "specialization":
      return notListing(subject);
    case "host-organisation":
      return {
        subject,
        group: "host-organisation",
        clause: (s, many) => `${s} ${verb(many, "works")} in the same organisation as ${describeHostReference(ctx, o)}`,
      };
    case "pinned-away-organisation":
      return {
        subject,
        group: `pinned:${blocker.pin}`,
        clause: (s, many) =>
          `${s} ${verb(many, "works")} in the same organisation as ${memberName(ctx, blocker.member)}, ` +
          `where pins[${blocker.pin}] places the trainee away in ${blocker.period} (rules.mentorOutside is "host-and-away")`,
      };
    case "away-organisation":
      return {
        subject,
        group: `away:${blocker.period}`,
        clause: (s, many) =>
          `${s} ${verb(many, "works")} in the same organisation as every member that could take the trainee ` +
          `in ${blocker.period} (rules.mentorOutside is "host-and-away")`,
      };
    case "forbid":
      return { subject, group: null, clause: (s) => `${s} is ruled out for this trainee by forbid[${blocker.forbid}]` };
    case "full":
      if (blocker.capacity === 0) {
        const clause = (s: string, many: boolean) => `${s} ${verb(many, "takes")} no trainees (capacity 0)`;
        return { subject, group: "no-capacity", clause };
      }
      return {
        subject,
        group: null,
        clause: (s) =>
          `${s} has no place left (${describeTaken(blocker.capacity, "place")} by ` +
          `${describeTakers(ctx, blocker.takenBy)} pinned to this ${person.role})`,
      };
  }
}

function suggestPersonFix(
  ctx: Context,
  considered: readonly { readonly person: Person; readonly blockers: readonly PersonBlocker[] }[],
): Fix | null {
  const only = (kind: PersonBlocker["kind"]) =>
    considered.find((c) => c.blockers.length === 1 && c.blockers[0]?.kind === kind);
  const forbidden = only("forbid");
  if (forbidden !== undefined && forbidden.blockers[0]?.kind === "forbid") {
    const k = forbidden.blockers[0].forbid;
    const { person } = forbidden;
    return {
      change: suggestChange("remove-forbid", { path: `forbid[${k}]`, person: person.id, role: person.role }),
      sentence:
        `Suggested change: remove forbid[${k}], so that ${personName(ctx, person.id)} ` +
        `can be the trainee's ${person.role}.`,
    };
  }
  const full = only("full");
  if (full !== undefined) {
    const { person } = full;
    const path = personPath(ctx, person.id);
    return {
      change: suggestChange("raise-capacity", { path, person: person.id, member: person.member, role: person.role, by: 1 }),
      sentence: `Suggested change: raise the capacity of ${personName(ctx, person.id)} (${path}) by 1.`,
    };
  }
  return null;
}

function suggestMentorRuleFix(
  considered: readonly { readonly person: Person; readonly blockers: readonly PersonBlocker[] }[],
): Fix | null {
  const byAwayRule = considered.some(
    (c) =>
      c.blockers.length === 1 &&
      (c.blockers[0]?.kind === "away-organisation" || c.blockers[0]?.kind === "pinned-away-organisation"),
  );
  if (!byAwayRule) return null;
  return {
    change: suggestChange("relax-rule", { path: "rules.mentorOutside" }),
    sentence:
      `Suggested change: set rules.mentorOutside to "host", so that a mentor only has to come from outside ` +
      `the host's organisation.`,
  };
}

// ---------------------------------------------------------------------------------------
// 2. Counting places (Hall-type conditions)
// ---------------------------------------------------------------------------------------

/**
 * A group of trainees who all need a place from one pool (members or people) that has fewer
 * places than trainees. `pool` is the set of members or people whose places were counted.
 */
interface Shortage {
  readonly trainees: readonly string[];
  readonly pool: readonly string[];
  readonly places: number;
  /** Words the item; `periods` are the away periods it holds in (away places only). */
  readonly build: (periods: readonly string[]) => DiagnosisItem;
  /** Identifies the same condition in another away period (to report it once). */
  readonly key: string;
}

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

function certainHostOrganisation(o: TraineeOptions): string | null {
  return o.hostOrganisations.size === 1 ? ([...o.hostOrganisations][0] ?? null) : null;
}

// --- host places -------------------------------------------------------------------------

function findHostPlaceShortages(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  // Trainees whose host is still to be chosen; a given or pinned host already took its place.
  const open = options.filter(
    (o) => o.hosts.length > 0 && o.facts.trainee.host === undefined && o.facts.hostPins.length === 0,
  );
  const left = (m: Member) => Math.max(0, m.hostCapacity - (ctx.hostTakenBy.get(m.id)?.length ?? 0));
  const shortages: Shortage[] = [];
  const add = (group: readonly TraineeOptions[], pool: readonly Member[], spec: string | null): void => {
    const places = pool.reduce((sum, m) => sum + left(m), 0);
    if (pool.length === 0 || group.length <= places) return;
    const trainees = group.map((o) => o.facts.trainee.id);
    const poolIds = pool.map((m) => m.id);
    shortages.push({
      trainees,
      pool: poolIds,
      places,
      key: "",
      build: () => describeHostShortage(ctx, { trainees, pool: poolIds, places, spec }),
    });
  };
  for (const spec of ctx.required ? specializationsOf(open) : []) {
    add(
      open.filter((o) => o.facts.trainee.specialization === spec),
      ctx.members.filter((m) => ctx.index.offers(m.id, spec)),
      spec,
    );
  }
  add(open, ctx.members, null);
  return keepNarrowest(shortages).map((s) => s.build([]));
}

interface ShortageFacts {
  readonly trainees: readonly string[];
  readonly pool: readonly string[];
  readonly places: number;
  readonly spec: string | null;
}

function describeHostShortage(ctx: Context, s: ShortageFacts): DiagnosisItem {
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

// --- away places -------------------------------------------------------------------------

function findAwayPlaceShortages(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
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
  const add = (
    group: readonly TraineeOptions[],
    pool: readonly Member[],
    spec: string | null,
    organisation: string | null,
  ): void => {
    const places = pool.reduce((sum, m) => sum + m.awayCapacity, 0);
    if (pool.length === 0 || group.length <= places) return;
    const trainees = group.map((o) => o.facts.trainee.id);
    const poolIds = pool.map((m) => m.id);
    shortages.push({
      trainees,
      pool: poolIds,
      places,
      key: JSON.stringify([spec, organisation, trainees, poolIds, places]),
      build: (periods) => describeAwayShortage(ctx, { trainees, pool: poolIds, places, spec }, organisation, periods),
    });
  };
  for (const spec of ctx.required ? specializationsOf(needing) : []) {
    add(
      needing.filter((o) => o.facts.trainee.specialization === spec),
      ctx.members.filter((m) => ctx.index.offers(m.id, spec)),
      spec,
      null,
    );
  }
  add(needing, ctx.members, null, null);
  // Trainees whose host's organisation is certain need a member outside it.
  const withOrganisation = needing.filter((o) => certainHostOrganisation(o) !== null);
  for (const organisation of organisationsInOrder(ctx, withOrganisation.map((o) => certainHostOrganisation(o) ?? ""))) {
    const group = withOrganisation.filter((o) => certainHostOrganisation(o) === organisation);
    const outside = ctx.members.filter((m) => ctx.index.organisationOf(m.id) !== organisation);
    for (const spec of ctx.required ? specializationsOf(group) : []) {
      add(
        group.filter((o) => o.facts.trainee.specialization === spec),
        outside.filter((m) => ctx.index.offers(m.id, spec)),
        spec,
        organisation,
      );
    }
    add(group, outside, null, organisation);
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

// --- supervisors -------------------------------------------------------------------------

function findSupervisorShortages(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  const needing = options.filter((o) => o.hasSupervisor !== false);
  const shortages: Shortage[] = [];
  const add = (
    group: readonly TraineeOptions[],
    pool: readonly Person[],
    spec: string | null,
    host: string | null,
  ): void => {
    const places = pool.reduce((sum, p) => sum + p.capacity, 0);
    if (pool.length === 0 || group.length <= places) return;
    const trainees = group.map((o) => o.facts.trainee.id);
    const poolIds = pool.map((p) => p.id);
    shortages.push({
      trainees,
      pool: poolIds,
      places,
      key: "",
      build: () => describeSupervisorShortage(ctx, { trainees, pool: poolIds, places, spec }, host),
    });
  };
  // Per host: trainees whose host is certain (given, pinned, or the only possible one).
  const withHost = needing.filter((o) => o.hosts.length === 1);
  for (const member of ctx.members) {
    const group = withHost.filter((o) => o.hosts[0] === member.id);
    if (group.length === 0) continue;
    const here = ctx.supervisors.filter((p) => p.member === member.id);
    for (const spec of ctx.required ? specializationsOf(group) : []) {
      add(
        group.filter((o) => o.facts.trainee.specialization === spec),
        here.filter((p) => ctx.index.personLists(p.id, spec)),
        spec,
        member.id,
      );
    }
    add(group, here, null, member.id);
  }
  for (const spec of ctx.required ? specializationsOf(needing) : []) {
    add(
      needing.filter((o) => o.facts.trainee.specialization === spec),
      ctx.supervisors.filter((p) => ctx.index.personLists(p.id, spec)),
      spec,
      null,
    );
  }
  add(needing, ctx.supervisors, null, null);
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

// --- mentors -----------------------------------------------------------------------------

function findMentorShortages(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  const needing = options.filter((o) => o.hasMentor !== false);
  const shortages: Shortage[] = [];
  const add = (group: readonly TraineeOptions[], pool: readonly Person[], organisation: string | null): void => {
    const places = pool.reduce((sum, p) => sum + p.capacity, 0);
    if (pool.length === 0 || group.length <= places) return;
    const trainees = group.map((o) => o.facts.trainee.id);
    const poolIds = pool.map((p) => p.id);
    shortages.push({
      trainees,
      pool: poolIds,
      places,
      key: "",
      build: () => describeMentorShortage(ctx, { trainees, pool: poolIds, places, spec: null }, organisation),
    });
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

function describeMentorShortage(ctx: Context, s: ShortageFacts, organisation: string | null): DiagnosisItem {
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
  const supply =
    single !== null
      ? `${org === null ? "the only mentor" : "the only mentor outside it"}, ${personName(ctx, single)}, ${takes}`
      : `${org === null ? "all mentors together" : "the mentors outside it"} (${listPeople(ctx, s.pool)}) ${takes} in all`;
  const fix =
    `add mentors${org === null ? "" : ` outside ${org}`} for ${describeCount(short, "more trainee")}, ` +
    `or raise the capacity of existing ones.`;
  return item(
    "mentors_short",
    `${lead}, but ${supply}. Suggested change: ${fix}`,
    s.trainees,
    [],
    s.pool,
    suggestChange("add-person", { role: "mentor", outsideOrganisation: organisation, by: short }),
  );
}

// ---------------------------------------------------------------------------------------
// Wording
// ---------------------------------------------------------------------------------------

interface Fix {
  readonly change: SuggestedChange;
  readonly sentence: string;
}

const MAX_LISTED = 6;

function item(
  code: PrecheckCode,
  message: string,
  trainees: readonly string[],
  members: readonly string[],
  people: readonly string[],
  change: SuggestedChange | null,
): DiagnosisItem {
  return { code, message, trainees: [...trainees], members: [...members], people: [...people], change };
}

function relaxSpecialization(spec: string, what: string): Fix {
  return {
    change: suggestChange("relax-rule", { path: "rules.specializationFit", specialization: spec }),
    sentence: describeSpecializationRelax(spec, what),
  };
}

function describeSpecializationRelax(spec: string, what: string): string {
  return (
    `Suggested change: add ${spec} to the specializations of a member that can take it, or set ` +
    `rules.specializationFit to "preferred" (then ${what} that does not list ${spec} is allowed, at a cost).`
  );
}

/** "Kari Nordmann (trainee t3, water)", or "trainee t3 (water)" without a name. */
/** "Kari Nordmann (trainee t3, water)", or "trainee t3 (water)" without a name ("Trainee" to open a sentence). */
function describeTrainee(trainee: Trainee, opensSentence = false): string {
  if (trainee.name !== undefined && trainee.name.trim() !== "") {
    return `${trainee.name} (trainee ${trainee.id}, ${trainee.specialization})`;
  }
  return `${opensSentence ? "Trainee" : "trainee"} ${trainee.id} (${trainee.specialization})`;
}

function traineeName(ctx: Context, id: string): string {
  const name = ctx.index.traineeById.get(id)?.name;
  return name !== undefined && name.trim() !== "" ? name : id;
}

function memberName(ctx: Context, id: string): string {
  return ctx.index.memberName(id);
}

function personName(ctx: Context, id: string): string {
  const name = ctx.index.personById.get(id)?.name;
  return name !== undefined && name.trim() !== "" ? `${name} (${id})` : id;
}

function memberPath(ctx: Context, id: string, field: "hostCapacity" | "awayCapacity"): string | null {
  const position = ctx.index.memberPosition.get(id);
  return position === undefined ? null : `members[${position}].${field}`;
}

function personPath(ctx: Context, id: string): string | null {
  const position = ctx.index.personPosition.get(id);
  return position === undefined ? null : `people[${position}].capacity`;
}

/** An organisation by its members: "Skedsmo kommune", or "organisation skedsmo (A and B)". */
function describeOrganisation(ctx: Context, organisation: string): string {
  const members = ctx.members.filter((m) => ctx.index.organisationOf(m.id) === organisation);
  const only = members.length === 1 ? members[0] : undefined;
  if (only !== undefined) return memberName(ctx, only.id);
  if (members.length === 0) return `organisation ${organisation}`;
  return `organisation ${organisation} (${listMembers(ctx, members.map((m) => m.id))})`;
}

/** Who the organisation rule is measured against: "the host, Skedsmo kommune", or every possible host. */
function describeHostReference(ctx: Context, o: TraineeOptions): string {
  const only = o.hosts.length === 1 ? o.hosts[0] : undefined;
  if (only === undefined) return "every member that could host the trainee";
  const known = o.facts.trainee.host !== undefined || o.facts.hostPins.length > 0;
  const name = memberName(ctx, only);
  return known ? `the host, ${name}` : `${name}, the only member that can host the trainee`;
}

/**
 * The trainee's host ("Skedsmo kommune, the host,") when there is one possible host, else the
 * members that could host the trainee.
 */
function describeHosts(ctx: Context, o: TraineeOptions): string {
  const only = o.hosts.length === 1 ? o.hosts[0] : undefined;
  if (only === undefined) return `the members that could host the trainee (${listMembers(ctx, o.hosts)})`;
  const known = o.facts.trainee.host !== undefined || o.facts.hostPins.length > 0;
  return `${memberName(ctx, only)}, ${known ? "the host" : "the only member that can host the trainee"},`;
}

function describeTakers(ctx: Context, trainees: readonly string[]): string {
  return trainees.length === 1 ? `trainee ${listTrainees(ctx, trainees)}` : `trainees ${listTrainees(ctx, trainees)}`;
}

/** "its only place is taken", "all 3 places are taken". */
function describeTaken(capacity: number, noun: string): string {
  return capacity === 1 ? `its only ${noun} is taken` : `all ${capacity} ${noun}s are taken`;
}

function describeCount(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function listTrainees(ctx: Context, ids: readonly string[]): string {
  return listWords(ids.map((id) => traineeName(ctx, id)));
}

function listMembers(ctx: Context, ids: readonly string[]): string {
  return listWords(ids.map((id) => memberName(ctx, id)));
}

function listPeople(ctx: Context, ids: readonly string[]): string {
  return listWords(ids.map((id) => personName(ctx, id)));
}

/** "A", "A and B", "A, B and C", or the first few and how many more. */
function listWords(words: readonly string[]): string {
  if (words.length > MAX_LISTED) {
    return `${words.slice(0, MAX_LISTED - 1).join(", ")} and ${words.length - (MAX_LISTED - 1)} more`;
  }
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1] ?? ""}`;
}

/**
 * One reason a member or person is ruled out. Reasons in the same group read the same for
 * every subject and are written as one clause naming them all.
 */
interface Reason {
  readonly subject: string;
  readonly group: string | null;
  readonly clause: (subjects: string, many: boolean) => string;
}

/** Reasons as clauses joined by semicolons: shared reasons once, repeated clauses once. */
function writeReasons(reasons: readonly Reason[]): string {
  const groups = new Map<string, { readonly first: Reason; readonly subjects: string[] }>();
  const order: (string | Reason)[] = [];
  for (const reason of reasons) {
    if (reason.group === null) {
      order.push(reason);
      continue;
    }
    const found = groups.get(reason.group);
    if (found === undefined) {
      groups.set(reason.group, { first: reason, subjects: [reason.subject] });
      order.push(reason.group);
    } else if (!found.subjects.includes(reason.subject)) {
      found.subjects.push(reason.subject);
    }
  }
  const clauses = order.map((entry) => {
    if (typeof entry !== "string") return entry.clause(entry.subject, false);
    const group = groups.get(entry);
    if (group === undefined) return "";
    return group.first.clause(listWords(group.subjects), group.subjects.length > 1);
  });
  return joinClauses(uniqueStrings(clauses));
}

/** Clauses joined by semicolons, the first few and how many more. */
function joinClauses(clauses: readonly string[]): string {
  if (clauses.length > MAX_LISTED) {
    const rest = clauses.length - (MAX_LISTED - 1);
    return `${clauses.slice(0, MAX_LISTED - 1).join("; ")}; and ${rest} more are ruled out likewise`;
  }
  return clauses.join("; ");
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

/** A verb in the third person, singular or plural: verb(true, "is") is "are", verb(true, "takes") is "take". */
function verb(many: boolean, singular: "is" | "hosts" | "takes" | "works"): string {
  if (!many) return singular;
  return singular === "is" ? "are" : singular.slice(0, -1);
}

/** The reason every member or person that does not list the trainee's specialization shares. */
function notListing(subject: string): Reason {
  const clause = (s: string, many: boolean) => `${s} ${many ? "do" : "does"} not list the specialization`;
  return { subject, group: "specialization", clause };
}

function firstOf<T>(list: readonly T[]): T {
  const first = list[0];
  if (first === undefined) throw new Error("precheck: expected at least one reason");
  return first;
}

function distinctValues(pins: readonly PinRef[]): string[] {
  return uniqueStrings(pins.map((p) => p.value));
}

function uniqueStrings(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
