/**
 * "Something changed": the pure parts of the page's re-planning flow, tested without a browser.
 * The date a re-plan starts from, the edits that make the cohort as it is now (a trainee leaves,
 * a person or member goes, a trainee joins), the changes of a plan in words (old → new, by
 * name, with the reason), which cells of each plan view a change touches, and the pins that
 * try an option of an explanation.
 */
import { periodDates } from "@rotamatch/core/format";
import { MESSAGES, type Lang } from "./i18n.js";
import type { Change, CohortInput, ExplanationOption, Pin, Plan, ReplanChange, ShownPlan } from "./types.js";

type Trainee = CohortInput["trainees"][number];

/** The programme's first and last day, or null when the cohort's programme cannot be dated. */
export function programmeSpan(cohort: CohortInput): { readonly start: string; readonly end: string } | null {
  const { start, periods } = cohort.programme ?? {};
  if (typeof start !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(start) || !Array.isArray(periods) || periods.length === 0) return null;
  const dated = periodDates(start, periods);
  return { start, end: dated[dated.length - 1]?.to ?? start };
}

/** Today as YYYY-MM-DD in the user's own time zone (the day the working group means). */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The date a re-plan starts from, unless the user picks another: today, moved into the
 * programme when it lies outside (the service refuses a date outside it), so that a plan
 * being prepared before the start, or looked at after the end, still has a date it takes.
 */
export function defaultAsOf(cohort: CohortInput, today: string): string {
  const span = programmeSpan(cohort);
  if (span === null) return today;
  return today < span.start ? span.start : today > span.end ? span.end : today;
}

/** Names for the change list and the explanations: plain names, not ids, and a person with their member. */
export interface PlainNames {
  trainee(id: string): string;
  member(id: string): string;
  /** "Egil Tangen, Aurskog-Høland kommune". */
  person(id: string): string;
}

/**
 * Names looked up in the cohort as it is now, then in the cohort the published plan was made
 * for: a trainee, person or member that has left is still named by the name it had. Only what
 * neither cohort knows is shown by its id.
 */
export function plainNames(current: CohortInput | null, published: CohortInput | null = null): PlainNames {
  const byId = <T extends { readonly id: string }>(lists: readonly (readonly T[] | undefined)[]) => {
    const map = new Map<string, T>();
    for (const list of lists) for (const item of list ?? []) if (!map.has(item.id)) map.set(item.id, item);
    return map;
  };
  const members = byId([current?.members, published?.members]);
  const trainees = byId([current?.trainees, published?.trainees]);
  const people = byId([current?.people, published?.people]);
  const named = (name: string | undefined, id: string) => (name !== undefined && name.trim() !== "" ? name : id);
  const member = (id: string) => named(members.get(id)?.name, id);
  return {
    trainee: (id) => named(trainees.get(id)?.name, id),
    member,
    person: (id) => {
      const person = people.get(id);
      if (person === undefined) return id;
      return `${named(person.name, id)}, ${member(person.member)}`;
    },
  };
}

/** A change in words, in parts, so the page can set the names apart from the arrow and the reason. */
export interface ChangeWords {
  readonly trainee: string;
  /** "mentor", "away placement in part-2". */
  readonly role: string;
  readonly from: string;
  readonly to: string;
  /** The reason in words, or null for a what-if's change (which has none). */
  readonly reason: string | null;
  /** The whole line: "Nora Amundsen: mentor ØRAS IKS's Kari Dahl → Egil Tangen, … (the old choice is no longer allowed)". */
  readonly text: string;
}

export function changeWords(change: Change | ReplanChange, names: PlainNames, lang: Lang): ChangeWords {
  const t = MESSAGES[lang];
  const value = (id: string | null) => (id === null ? t.changeNone : change.role === "host" || change.role === "away" ? names.member(id) : names.person(id));
  const role = change.role === "away" ? t.changeRoleAway(change.period ?? "?") : t.changeRoles[change.role];
  const reason = "reason" in change ? t.changeReasons[change.reason] : null;
  const trainee = names.trainee(change.trainee);
  const from = value(change.from);
  const to = value(change.to);
  return { trainee, role, from, to, reason, text: `${trainee}: ${role} ${from} → ${to}${reason === null ? "" : ` (${reason})`}` };
}

/** Which parts of each plan view a plan's changes touch. Keys are ids, so views match them to rows and cells. */
export interface Highlights {
  /** `${trainee}|host`, `|supervisor`, `|mentor`, `|period:${id}` (the trainee's placement in that period). */
  readonly trainee: ReadonlySet<string>;
  /** `${member}|hosts`, `|away:${period}`, `|supervisors`, `|mentors`: the member's cell that gained or lost someone. */
  readonly member: ReadonlySet<string>;
  /** Mentors who gained or lost a trainee. */
  readonly mentor: ReadonlySet<string>;
  /** `${period}` for a period row with a change, and `${period}|${trainee}` for one trainee's line in it. */
  readonly timeline: ReadonlySet<string>;
}

export const NO_HIGHLIGHTS: Highlights = { trainee: new Set(), member: new Set(), mentor: new Set(), timeline: new Set() };

/**
 * The cells a plan's changes touch, in every view. A changed host moves the trainee in every
 * host period, so those placements count too; a person's change marks the member that employs
 * them (in the cohort as it is now, then as it was) and, for a mentor, the mentor's own row.
 */
export function changeHighlights(changes: readonly (Change | ReplanChange)[], current: CohortInput, published: CohortInput | null = null): Highlights {
  const trainee = new Set<string>();
  const member = new Set<string>();
  const mentor = new Set<string>();
  const timeline = new Set<string>();
  const employer = new Map<string, string>();
  for (const person of [...(published?.people ?? []), ...(current.people ?? [])]) employer.set(person.id, person.member);
  const hostPeriods = (current.programme?.periods ?? []).filter((p) => p.at === "host").map((p) => p.id);
  for (const change of changes) {
    const ends = [change.from, change.to].filter((v): v is string => v !== null);
    switch (change.role) {
      case "host":
        trainee.add(`${change.trainee}|host`);
        for (const period of hostPeriods) {
          trainee.add(`${change.trainee}|period:${period}`);
          timeline.add(period);
        }
        for (const m of ends) member.add(`${m}|hosts`);
        break;
      case "away": {
        const period = change.period ?? "";
        trainee.add(`${change.trainee}|period:${period}`);
        timeline.add(period);
        timeline.add(`${period}|${change.trainee}`);
        for (const m of ends) member.add(`${m}|away:${period}`);
        break;
      }
      case "supervisor":
      case "mentor":
        trainee.add(`${change.trainee}|${change.role}`);
        for (const person of ends) {
          const at = employer.get(person);
          if (at !== undefined) member.add(`${at}|${change.role}s`);
          if (change.role === "mentor") mentor.add(person);
        }
        break;
    }
  }
  return { trainee, member, mentor, timeline };
}

/**
 * The roles in which `after` differs from `before`, trainee by trainee in `after`'s order
 * (host, each away period, supervisor, mentor), as the core lists a re-plan's changes. Used
 * when a what-if's plan is kept: its changes against the plan it replaces, with reasons
 * given by `reasonOf`.
 */
export function planChanges(before: Plan, after: Plan, cohort: CohortInput, reasonOf: (change: Change) => ReplanChange["reason"]): ReplanChange[] {
  const old = new Map(before.assignments.map((a) => [a.trainee, a]));
  const awayPeriods = (cohort.programme?.periods ?? []).filter((p) => p.at === "away").map((p) => p.id);
  const out: ReplanChange[] = [];
  const push = (change: Change) => out.push({ ...change, reason: reasonOf(change) });
  for (const a of after.assignments) {
    const b = old.get(a.trainee);
    if (b === undefined) continue;
    if (a.host !== b.host) push({ trainee: a.trainee, role: "host", from: b.host, to: a.host });
    for (const period of awayPeriods) {
      const from = b.placements.find((p) => p.period === period)?.member ?? null;
      const to = a.placements.find((p) => p.period === period)?.member ?? null;
      if (from !== to) push({ trainee: a.trainee, role: "away", period, from, to });
    }
    if (a.supervisor !== b.supervisor) push({ trainee: a.trainee, role: "supervisor", from: b.supervisor, to: a.supervisor });
    if (a.mentor !== b.mentor) push({ trainee: a.trainee, role: "mentor", from: b.mentor, to: a.mentor });
  }
  return out;
}

/** Whether a change is the role a pin sets (the what-if's own change, not a knock-on). */
export function pinSets(pin: Pin, change: Change, cohort: CohortInput): boolean {
  if (pin.trainee !== change.trainee) return false;
  if (pin.mentor !== undefined) return change.role === "mentor";
  if (pin.supervisor !== undefined) return change.role === "supervisor";
  const at = cohort.programme?.periods?.find((p) => p.id === pin.period)?.at;
  return at === "host" ? change.role === "host" : change.role === "away" && change.period === pin.period;
}

/**
 * The pins that give a trainee an option of their explanation: a host option pins the first
 * host period to that member (which fixes the host), an away option its period, a person
 * option the supervisor or mentor. Null for an option that names nothing to pin.
 */
export function optionPins(trainee: string, option: ExplanationOption, cohort: CohortInput): Pin[] | null {
  switch (option.role) {
    case "host": {
      const period = (cohort.programme?.periods ?? []).find((p) => p.at === "host")?.id;
      return period === undefined || option.member === undefined ? null : [{ trainee, period, member: option.member }];
    }
    case "away":
      return option.period === undefined || option.member === undefined ? null : [{ trainee, period: option.period, member: option.member }];
    case "supervisor":
      return option.person === undefined ? null : [{ trainee, supervisor: option.person }];
    case "mentor":
      return option.person === undefined ? null : [{ trainee, mentor: option.person }];
  }
}

/** Pins and forbids without those that name `id` in one of these fields. */
function dropReferences(cohort: CohortInput, id: string, fields: readonly ("trainee" | "member" | "mentor" | "supervisor")[]): void {
  const names = (entry: Readonly<Record<string, unknown>>) => fields.some((field) => entry[field] === id);
  if (cohort.pins !== undefined) cohort.pins = cohort.pins.filter((p) => !names(p));
  if (cohort.forbid !== undefined) cohort.forbid = cohort.forbid.filter((f) => !names(f));
}

/** A trainee leaves: out of the cohort, with the pins and forbids about them. The re-plan frees their places. */
export function removeTrainee(cohort: CohortInput, id: string): boolean {
  const before = cohort.trainees.length;
  cohort.trainees = cohort.trainees.filter((t) => t.id !== id);
  dropReferences(cohort, id, ["trainee"]);
  return cohort.trainees.length < before;
}

/** A supervisor or mentor leaves: out of the cohort, with the pins and forbids that name them. */
export function removePerson(cohort: CohortInput, id: string): boolean {
  const before = cohort.people?.length ?? 0;
  cohort.people = (cohort.people ?? []).filter((p) => p.id !== id);
  dropReferences(cohort, id, ["mentor", "supervisor"]);
  return cohort.people.length < before;
}

/**
 * A member leaves the consortium: out of the cohort with its supervisors and mentors, out of
 * every trainee's preferences, and no longer the given host of its trainees (the re-plan keeps
 * what has started there and finds them a new host for the rest).
 */
export function removeMember(cohort: CohortInput, id: string): boolean {
  const before = cohort.members.length;
  cohort.members = cohort.members.filter((m) => m.id !== id);
  for (const person of (cohort.people ?? []).filter((p) => p.member === id)) removePerson(cohort, person.id);
  cohort.trainees = cohort.trainees.map((t): Trainee => {
    const { host, ...rest } = t;
    const kept: Trainee = host === id ? rest : t;
    return {
      ...kept,
      ...(t.hostPreferences === undefined ? {} : { hostPreferences: t.hostPreferences.filter((m) => m !== id) }),
      ...(t.awayPreferences === undefined ? {} : { awayPreferences: t.awayPreferences.filter((m) => m !== id) }),
    };
  });
  dropReferences(cohort, id, ["member"]);
  return cohort.members.length < before;
}

/** A new trainee's id: `t` and the next number after the highest `tN` (or after the count). */
export function newTraineeId(cohort: CohortInput): string {
  const taken = new Set(cohort.trainees.map((t) => t.id));
  let n = Math.max(cohort.trainees.length, ...cohort.trainees.map((t) => Number(/^t(\d+)$/.exec(t.id)?.[1] ?? 0))) + 1;
  while (taken.has(`t${n}`)) n++;
  return `t${n}`;
}

/** A trainee who joins late: planned in full by the re-plan. An empty host lets the plan choose one. */
export function addTrainee(cohort: CohortInput, entry: { readonly name: string; readonly specialization: string; readonly host: string }): string {
  const id = newTraineeId(cohort);
  const trainee: Trainee = { id, specialization: entry.specialization, ...(entry.name.trim() === "" ? {} : { name: entry.name.trim() }), ...(entry.host === "" ? {} : { host: entry.host }) };
  cohort.trainees = [...cohort.trainees, trainee];
  return id;
}

/** Every specialization a member offers, sorted: the choices for a new trainee. */
export function specializationsOffered(cohort: CohortInput): string[] {
  return [...new Set(cohort.members.flatMap((m) => m.specializations ?? []))].sort();
}

const PLAN_STATUSES: readonly string[] = ["optimal", "feasible", "infeasible", "timedout"];
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A published plan read from a JSON file, when it has the plan format's outline: the format
 * name, a status, and assignments each with a trainee and a list of placements (what the plan
 * views read). Whether it fits the cohort is the re-plan's to check, which names each problem
 * by its path (`plan.assignments[3].mentor`); null when it is not a plan at all.
 */
export function readPlanShape(value: unknown): ShownPlan | null {
  if (!isRecord(value) || value.format !== "rotamatch.plan/v1" || typeof value.status !== "string" || !PLAN_STATUSES.includes(value.status)) return null;
  const { assignments, unassigned, diagnosis } = value;
  if (!Array.isArray(assignments) || !assignments.every((a) => isRecord(a) && typeof a.trainee === "string" && Array.isArray(a.placements) && a.placements.every(isRecord))) return null;
  if ((unassigned !== undefined && !Array.isArray(unassigned)) || (diagnosis !== undefined && !Array.isArray(diagnosis))) return null;
  return { ...value, unassigned: unassigned ?? [], diagnosis: diagnosis ?? [] } as unknown as ShownPlan;
}
