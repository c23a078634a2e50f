/**
 * Pins and forbids read once, per trainee: which member each pin fixes for which period,
 * which supervisor or mentor it fixes, and which members and people a forbid rules out.
 *
 * Validation, candidate building (model/candidates.ts) and the network backend read pins and
 * forbids from here, so that "what a pin means" is written in one place. The verifier
 * (result/verify.ts) keeps its own reading on purpose: it checks what the others produce.
 *
 * Works on any cohort that passed the schema, valid or not: a pin or forbid whose form is
 * wrong (not exactly one of the forms of the contract) or whose references do not resolve to
 * the right kind of thing (a member, a period, a person with the right role, the first
 * trainee of its id) is left out, and validation reports it. On a valid cohort nothing is
 * left out and a trainee's pins agree with each other, so "the first pin of a kind" (the
 * `pinned*` fields) is the pin of that kind.
 */
import type { CohortIndex } from "./cohort-index.js";
import type { Forbid, Member, Period, Person, Pin, Trainee } from "./schema.js";

/** A `{trainee, period, member}` pin whose references resolve. */
export interface PlacementPin {
  readonly kind: "placement";
  /** Its position in `pins`. */
  readonly k: number;
  readonly trainee: Trainee;
  readonly period: Period;
  readonly member: Member;
}

/** A `{trainee, mentor}` or `{trainee, supervisor}` pin whose references resolve. */
export interface PersonPin {
  readonly kind: "mentor" | "supervisor";
  /** Its position in `pins`. */
  readonly k: number;
  readonly trainee: Trainee;
  readonly person: Person;
}

export type PinFact = PlacementPin | PersonPin;

/** A forbid whose references resolve: `target` is a member id or a person id. */
export interface ForbidFact {
  readonly kind: "member" | "mentor" | "supervisor";
  /** Its position in `forbid`. */
  readonly k: number;
  readonly trainee: Trainee;
  readonly target: string;
}

export interface TraineeFacts {
  readonly trainee: Trainee;
  /** Every pin of the trainee, in input order; then by kind. */
  readonly pins: readonly PinFact[];
  readonly hostPins: readonly PlacementPin[];
  readonly awayPins: readonly PlacementPin[];
  readonly supervisorPins: readonly PersonPin[];
  readonly mentorPins: readonly PersonPin[];
  /** Every forbid of the trainee, in input order. */
  readonly forbids: readonly ForbidFact[];
  /** The member of the first host-period pin, or null. */
  readonly pinnedHost: string | null;
  /** The member of the first pin on each away period, by period id. */
  readonly pinnedAway: ReadonlyMap<string, string>;
  /** The first pinned supervisor's and mentor's id, or null. */
  readonly pinnedSupervisor: string | null;
  readonly pinnedMentor: string | null;
  /**
   * The host fixed by pins: the pinned host, else the employer of the pinned supervisor (a
   * supervisor is employed by the host member itself); null when pins leave it open. A given
   * host (`trainee.host`) is not looked at.
   */
  readonly hostFromPins: string | null;
  readonly forbiddenMembers: ReadonlySet<string>;
  readonly forbiddenSupervisors: ReadonlySet<string>;
  readonly forbiddenMentors: ReadonlySet<string>;
}

export interface CohortFacts {
  /** Every pin and forbid that resolves, in input order. */
  readonly pins: readonly PinFact[];
  readonly forbids: readonly ForbidFact[];
  /**
   * The facts of every trainee with a pin or a forbid: trainees with pins in the order of
   * their first pin, then trainees with forbids only.
   */
  readonly byTrainee: ReadonlyMap<string, TraineeFacts>;
  /** People named by a pin or a forbid (they get a person class of their own). */
  readonly namedPeople: ReadonlySet<string>;
  /** A trainee's facts; empty ones when the trainee has no pin and no forbid. */
  of(trainee: Trainee): TraineeFacts;
}

/** Which form a pin takes, or null when it takes none (exactly one target; a period with a member only). */
export function pinForm(pin: Pin): PinFact["kind"] | null {
  const targets = [pin.member, pin.mentor, pin.supervisor].filter((v) => v !== undefined).length;
  if (targets !== 1 || (pin.member === undefined) !== (pin.period === undefined)) return null;
  return pin.member !== undefined ? "placement" : pin.mentor !== undefined ? "mentor" : "supervisor";
}

/** Which form a forbid takes, or null when it names not exactly one member, mentor or supervisor. */
export function forbidForm(forbid: Forbid): ForbidFact["kind"] | null {
  const targets = (["member", "mentor", "supervisor"] as const).filter((key) => forbid[key] !== undefined);
  return targets.length === 1 ? (targets[0] ?? null) : null;
}

const factsByIndex = new WeakMap<CohortIndex, CohortFacts>();

/** The pins and forbids of the index's cohort, read once per index. */
export function readCohortFacts(index: CohortIndex): CohortFacts {
  let facts = factsByIndex.get(index);
  if (facts === undefined) factsByIndex.set(index, (facts = collectFacts(index)));
  return facts;
}

interface MutableFacts {
  trainee: Trainee;
  pins: PinFact[];
  forbids: ForbidFact[];
}

function collectFacts(index: CohortIndex): CohortFacts {
  const { cohort } = index;
  const periodById = new Map<string, Period>();
  for (const period of cohort.programme.periods) if (!periodById.has(period.id)) periodById.set(period.id, period);
  const personWithRole = (id: string | undefined, role: Person["role"]): Person | undefined => {
    const person = id === undefined ? undefined : index.personById.get(id);
    return person?.role === role ? person : undefined;
  };

  const byTrainee = new Map<string, MutableFacts>();
  const of = (trainee: Trainee): MutableFacts => {
    let facts = byTrainee.get(trainee.id);
    if (facts === undefined) byTrainee.set(trainee.id, (facts = { trainee, pins: [], forbids: [] }));
    return facts;
  };

  const pins: PinFact[] = [];
  cohort.pins.forEach((pin, k) => {
    const form = pinForm(pin);
    const trainee = index.traineeById.get(pin.trainee);
    if (form === null || trainee === undefined) return;
    let fact: PinFact | undefined;
    if (form === "placement") {
      const period = periodById.get(pin.period ?? "");
      const member = index.memberById.get(pin.member ?? "");
      if (period !== undefined && member !== undefined) fact = { kind: form, k, trainee, period, member };
    } else {
      const person = personWithRole(form === "mentor" ? pin.mentor : pin.supervisor, form);
      if (person !== undefined) fact = { kind: form, k, trainee, person };
    }
    if (fact === undefined) return;
    pins.push(fact);
    of(trainee).pins.push(fact);
  });

  const forbids: ForbidFact[] = [];
  cohort.forbid.forEach((forbid, k) => {
    const form = forbidForm(forbid);
    const trainee = index.traineeById.get(forbid.trainee);
    if (form === null || trainee === undefined) return;
    const target =
      form === "member" ? index.memberById.get(forbid.member ?? "")?.id : personWithRole(forbid[form], form)?.id;
    if (target === undefined) return;
    const fact: ForbidFact = { kind: form, k, trainee, target };
    forbids.push(fact);
    of(trainee).forbids.push(fact);
  });

  const namedPeople = new Set<string>();
  for (const pin of pins) if (pin.kind !== "placement") namedPeople.add(pin.person.id);
  for (const forbid of forbids) if (forbid.kind !== "member") namedPeople.add(forbid.target);

  const finished = new Map<string, TraineeFacts>();
  for (const [id, facts] of byTrainee) finished.set(id, finish(facts));
  const empty = new WeakMap<Trainee, TraineeFacts>();
  return {
    pins,
    forbids,
    byTrainee: finished,
    namedPeople,
    of: (trainee) => {
      const found = finished.get(trainee.id);
      if (found !== undefined) return found;
      let none = empty.get(trainee);
      if (none === undefined) empty.set(trainee, (none = finish({ trainee, pins: [], forbids: [] })));
      return none;
    },
  };
}

function finish({ trainee, pins, forbids }: MutableFacts): TraineeFacts {
  const placements = pins.filter((p): p is PlacementPin => p.kind === "placement");
  const hostPins = placements.filter((p) => p.period.at === "host");
  const awayPins = placements.filter((p) => p.period.at === "away");
  const supervisorPins = pins.filter((p): p is PersonPin => p.kind === "supervisor");
  const mentorPins = pins.filter((p): p is PersonPin => p.kind === "mentor");
  const pinnedAway = new Map<string, string>();
  for (const pin of awayPins) if (!pinnedAway.has(pin.period.id)) pinnedAway.set(pin.period.id, pin.member.id);
  const pinnedHost = hostPins[0]?.member.id ?? null;
  const targets = (kind: ForbidFact["kind"]) => new Set(forbids.filter((f) => f.kind === kind).map((f) => f.target));
  return {
    trainee,
    pins,
    hostPins,
    awayPins,
    supervisorPins,
    mentorPins,
    forbids,
    pinnedHost,
    pinnedAway,
    pinnedSupervisor: supervisorPins[0]?.person.id ?? null,
    pinnedMentor: mentorPins[0]?.person.id ?? null,
    hostFromPins: pinnedHost ?? supervisorPins[0]?.person.member ?? null,
    forbiddenMembers: targets("member"),
    forbiddenSupervisors: targets("supervisor"),
    forbiddenMentors: targets("mentor"),
  };
}
