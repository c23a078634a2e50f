/**
 * With `allowUnassigned`: fills the empty roles of a plan that some free place would fill, so
 * that no plan leaves a role empty while an eligible place for it stands free.
 *
 * Why here and not only in the solvers: a plan found before the search ends (the first stage of
 * a two-stage search, a greedy start) may leave a role empty that a free place would fill. A plan
 * that fills one more role is better under the lexicographic objective (most roles filled, then
 * least cost), so filling it is never wrong; and only then can the reasons for the roles still
 * empty (result/unassigned.ts) be true of the plan they describe.
 *
 * Two moves, repeated until neither fills anything:
 * - a free place: an eligible member, supervisor or mentor with room, that every rule allows next
 *   to the trainee's other choices (the host's organisation, distinct away members, the
 *   mentor's organisation under "host-and-away");
 * - one augmenting step (away, supervisor and mentor roles): an eligible place that is full, one
 *   of whose trainees can move to another place of the same kind with room, freeing it.
 * Each move fills one more role and takes no place beyond its capacity, so the result is a
 * valid plan whenever the input is one. A trainee without a host gets a host only; its other
 * roles follow in the next pass.
 *
 * Cost, on a national network with thousands of empty roles and nothing to fill: the places
 * left are counted once from the plan and kept up to date with each change; a role whose kind
 * has no place left anywhere is passed over at once; otherwise its candidates are read against
 * the counts (a full place costs one lookup, a full mentor class one for all its people) before
 * any rule is checked. Only the augmenting step, which looks at other trainees' candidates, has
 * a budget (MOVE_BUDGET).
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { costOfChoice, totalCost, type TraineeChoice } from "../domain/cost.js";
import type { Person } from "../domain/schema.js";
import type { Candidates, PersonClass, TraineeCandidates } from "../model/candidates.js";

/** A role of one trainee: the host, an away period (by position), the supervisor or the mentor. */
export type Role = { readonly kind: "host" } | { readonly kind: "away"; readonly period: number } | { readonly kind: "supervisor" } | { readonly kind: "mentor" };

/**
 * The places a plan takes, with what every rule allows each trainee next to its other choices.
 * Shared with result/unassigned.ts, which reads the same facts to word its reasons.
 */
export class PlacesInUse {
  readonly choices: TraineeChoice[];
  private readonly hostUsed = new Map<string, number>();
  /**
   * Each member's organisation and away places left by period position (capacity less the
   * trainees there), in one record so that a look at an away candidate is one map lookup; and
   * how many members have a place left in each period: with none, no away role of that period
   * can be filled, by a free place or by a move, and filling skips it without a look.
   */
  private readonly awaySlots = new Map<string, AwaySlot>();
  private readonly awayRoomCount: number[];
  /** Trainees a person may still take (capacity less supervisees and mentees). */
  private readonly personLeft = new Map<string, number>();
  /** The same, summed over a people class (see model/candidates.ts): a class at 0 is full to the last person. */
  private readonly classLeft = new Map<PersonClass, number>();
  private readonly classOf = new Map<string, PersonClass>();
  /** How many supervisors and how many mentors can take one more trainee. */
  private readonly peopleWithRoom = { supervisor: 0, mentor: 0 };
  /** Trainees by the place they hold in a role (see holderKey). */
  private readonly holders = new Map<string, Set<number>>();
  /**
   * Places the augmenting step may still look at for other trainees' moves: on a national
   * network each move costs a look at thousands of places, so the step stops here, and a reason
   * that would need the rest says less instead of guessing (see someHolderCanMove).
   */
  moveBudget = MOVE_BUDGET;

  constructor(
    readonly index: CohortIndex,
    readonly candidates: Candidates,
    choices: readonly TraineeChoice[],
  ) {
    this.choices = choices.map((c) => ({ ...c, away: [...c.away] }));
    const members = [...index.memberById.values()];
    for (const m of members) this.awaySlots.set(m.id, { organisation: index.organisationOf(m.id), left: index.awayPeriods.map(() => m.awayCapacity) });
    this.awayRoomCount = index.awayPeriods.map(() => members.filter((m) => m.awayCapacity > 0).length);
    for (const cls of [...candidates.supervisorClasses, ...candidates.mentorClasses]) {
      this.classLeft.set(cls, cls.capacity);
      for (const person of cls.people) this.classOf.set(person.id, cls);
    }
    for (const person of index.personById.values()) {
      this.personLeft.set(person.id, person.capacity);
      if (person.capacity > 0) this.peopleWithRoom[person.role] += 1;
    }
    this.choices.forEach((c, t) => this.count(t, c, 1));
  }

  private count(t: number, c: TraineeChoice, by: 1 | -1): void {
    if (c.host !== null) bump(this.hostUsed, c.host, by);
    c.away.forEach((m, p) => {
      if (m !== null) this.takeAway(p, m, by);
    });
    if (c.supervisor !== null) this.takePerson(c.supervisor, by);
    if (c.mentor !== null) this.takePerson(c.mentor, by);
    for (const role of ROLES_OF(c)) {
      const value = valueOf(c, role);
      if (value === null) continue;
      const key = holderKey(role, value);
      let set = this.holders.get(key);
      if (set === undefined) this.holders.set(key, (set = new Set()));
      if (by === 1) set.add(t);
      else set.delete(t);
    }
  }

  private takeAway(period: number, member: string, by: 1 | -1): void {
    const slot = this.awaySlots.get(member);
    if (slot === undefined) return;
    const before = slot.left[period] ?? 0;
    slot.left[period] = before - by;
    this.awayRoomCount[period] = (this.awayRoomCount[period] ?? 0) + roomChange(before, before - by);
  }

  private takePerson(person: string, by: 1 | -1): void {
    const before = this.personLeft.get(person) ?? 0;
    this.personLeft.set(person, before - by);
    const role = this.index.personById.get(person)?.role;
    if (role !== undefined) this.peopleWithRoom[role] += roomChange(before, before - by);
    const cls = this.classOf.get(person);
    if (cls !== undefined) this.classLeft.set(cls, (this.classLeft.get(cls) ?? 0) - by);
  }

  /**
   * Whether any place of the role's kind has room in the whole plan: when none has, neither a
   * free place nor a move (which needs another place with room) can fill the role.
   */
  anyRoom(role: Role): boolean {
    switch (role.kind) {
      case "host":
        return true;
      case "away":
        return (this.awayRoomCount[role.period] ?? 0) > 0;
      case "supervisor":
      case "mentor":
        return this.peopleWithRoom[role.kind] > 0;
    }
  }

  /** Replaces a trainee's choice, keeping the counts. */
  set(t: number, next: TraineeChoice): void {
    this.count(t, this.choices[t] as TraineeChoice, -1);
    this.choices[t] = next;
    this.count(t, next, 1);
  }

  /** The trainees holding the value in the role, in input order. */
  holdersOf(role: Role, value: string): number[] {
    return [...(this.holders.get(holderKey(role, value)) ?? [])].sort((a, b) => a - b);
  }

  hostRoom(member: string): boolean {
    return (this.hostUsed.get(member) ?? 0) < (this.index.memberById.get(member)?.hostCapacity ?? 0);
  }

  awayRoom(period: number, member: string): boolean {
    return (this.awaySlots.get(member)?.left[period] ?? 0) > 0;
  }

  /** The member's organisation and away places left (see awaySlots); undefined for an unknown member. */
  awaySlot(member: string): AwaySlot | undefined {
    return this.awaySlots.get(member);
  }

  personRoom(person: string): boolean {
    return (this.personLeft.get(person) ?? 0) > 0;
  }

  /** Whether some person of the class can take one more trainee (none can when the class's places left are 0). */
  classRoom(cls: PersonClass): boolean {
    return (this.classLeft.get(cls) ?? 0) > 0;
  }

  /** The mentor classes the cohort allows for the trainee on their own (forbids, pins), in input order. */
  mentorClasses(t: number): readonly PersonClass[] {
    return this.of(t).mentors;
  }

  /** Members the cohort allows for this trainee's host (specialization, forbids, pins, places after given hosts). */
  hostCandidates(t: number): readonly string[] {
    return this.of(t).hosts;
  }

  /** Members the cohort allows in this away period on their own (pins, forbids, specialization, capacity). */
  awayCandidates(t: number, period: number): readonly string[] {
    return this.of(t).away[period]?.members ?? [];
  }

  /** Supervisors at the trainee's host whom the cohort allows (specialization, forbids, pins), in input order. */
  supervisorCandidates(t: number): readonly Person[] {
    const host = this.choices[t]?.host ?? null;
    const key = `${t}|${host ?? ""}`;
    let list = this.supervisorMemo.get(key);
    if (list === undefined) {
      list = this.of(t).supervisors.filter((c) => c.member === host).flatMap((c) => c.people.filter((p) => p.capacity > 0));
      this.supervisorMemo.set(key, list);
    }
    return list;
  }

  /**
   * Mentors the cohort allows for the trainee on their own (forbids, pins), in input order, one
   * at a time: on a national network a trainee may have thousands, and a free one is usually
   * among the first.
   */
  *mentorCandidates(t: number): Generator<Person> {
    for (const c of this.of(t).mentors) for (const p of c.people) if (p.capacity > 0) yield p;
  }

  /** The supervisor lists above, built once per trainee and host: they depend on the cohort only. */
  private readonly supervisorMemo = new Map<string, readonly Person[]>();

  /** What, besides capacity, rules the member out in the away period next to the trainee's other choices. */
  awayConflict(t: number, period: number, member: string): AwayConflict | null {
    const c = this.choices[t] as TraineeChoice;
    if (c.host === null) return { kind: "no-host" };
    const org = this.index.organisationOf(member);
    if (org === this.index.organisationOf(c.host)) return { kind: "host-organisation" };
    const other = c.away.findIndex((m, q) => q !== period && m === member);
    if (other >= 0) return { kind: "used", period: other };
    if (this.hostAndAway && c.mentor !== null && this.organisationOfPerson(c.mentor) === org) return { kind: "mentor-organisation", mentor: c.mentor };
    return null;
  }

  /** What, besides capacity, rules the mentor out next to the trainee's other choices. */
  mentorConflict(t: number, mentor: string): MentorConflict | null {
    const c = this.choices[t] as TraineeChoice;
    if (c.host === null) return { kind: "no-host" };
    const org = this.organisationOfPerson(mentor);
    if (org === this.index.organisationOf(c.host)) return { kind: "host-organisation" };
    if (this.hostAndAway) {
      const away = c.away.find((m) => m !== null && this.index.organisationOf(m) === org);
      if (away !== undefined && away !== null) return { kind: "away-organisation", member: away };
    }
    return null;
  }

  get hostAndAway(): boolean {
    return this.index.cohort.rules.mentorOutside === "host-and-away";
  }

  organisationOfPerson(person: string): string {
    return this.index.organisationOf(this.index.personById.get(person)?.member ?? "");
  }

  private of(t: number): TraineeCandidates {
    return this.candidates.trainees[t] as TraineeCandidates;
  }
}

/** A member's organisation and its away places left, by away period position. */
export interface AwaySlot {
  readonly organisation: string;
  readonly left: number[];
}

export type AwayConflict =
  | { readonly kind: "no-host" }
  | { readonly kind: "host-organisation" }
  | { readonly kind: "used"; readonly period: number }
  | { readonly kind: "mentor-organisation"; readonly mentor: string };

export type MentorConflict = { readonly kind: "no-host" } | { readonly kind: "host-organisation" } | { readonly kind: "away-organisation"; readonly member: string };

/**
 * Free values priced per role, at most: the first in input order (every one on a cohort of up
 * to that many members or people). Looking through all of a national network's places for each
 * empty role would cost seconds, and any free value fills the role.
 */
const PRICED_VALUES = 32;

/** Passes over the plan fillFreePlaces makes, at most. */
const MAX_PASSES = 50;

/** How many places the augmenting step looks at for other trainees' moves in one plan, at most (tens of milliseconds). */
const MOVE_BUDGET = 200_000;

/** Every role of a choice, filled or not. */
function ROLES_OF(c: TraineeChoice): Role[] {
  return [{ kind: "host" }, ...c.away.map((_, period): Role => ({ kind: "away", period })), { kind: "supervisor" }, { kind: "mentor" }];
}

function holderKey(role: Role, value: string): string {
  return role.kind === "away" ? `away|${role.period}|${value}` : `${role.kind}|${value}`;
}

function bump(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** +1 when places left go from none to some, -1 the other way, else 0. */
function roomChange(before: number, after: number): number {
  return before <= 0 && after > 0 ? 1 : before > 0 && after <= 0 ? -1 : 0;
}

/** The plan with every role a free place (or one augmenting step) can fill filled; `filled` counts the roles added. */
export function fillFreePlaces(
  index: CohortIndex,
  candidates: Candidates,
  choices: readonly TraineeChoice[],
): { readonly choices: TraineeChoice[]; readonly filled: number } {
  const state = new PlacesInUse(index, candidates, choices);
  let filled = 0;
  // A pass fills every role it can; another is needed only for roles that a new host or a move
  // opened. The cap keeps a pathological plan's passes bounded; a role left that a free place
  // would fill is then named as such by its reason, never called full. A pass costs one look at
  // each empty role's candidates with room (none when no place of its kind has room), plus the
  // budgeted moves.
  for (let changed = true, passes = 0; changed && passes < MAX_PASSES; passes++) {
    changed = false;
    for (let t = 0; t < state.choices.length; t++) {
      for (const role of emptyRoles(state.choices[t] as TraineeChoice)) {
        if (fillRole(state, t, role)) {
          filled += 1;
          changed = true;
        }
      }
    }
  }
  return { choices: state.choices, filled };
}

/** The trainee's empty roles, host first (without a host, no other role can be filled yet). */
export function emptyRoles(c: TraineeChoice): Role[] {
  if (c.host === null) return [{ kind: "host" }];
  const out: Role[] = [];
  c.away.forEach((m, period) => {
    if (m === null) out.push({ kind: "away", period });
  });
  if (c.supervisor === null) out.push({ kind: "supervisor" });
  if (c.mentor === null) out.push({ kind: "mentor" });
  return out;
}

/** The trainee's choice with one role set, or emptied (null). */
function withRole(c: TraineeChoice, role: Role, value: string | null): TraineeChoice {
  switch (role.kind) {
    case "host":
      return { ...c, host: value };
    case "away":
      return { ...c, away: c.away.map((m, p) => (p === role.period ? value : m)) };
    case "supervisor":
      return { ...c, supervisor: value };
    case "mentor":
      return { ...c, mentor: value };
  }
}

/** Every value the rules allow for the role next to the trainee's other choices, capacity aside. */
function allowedValues(state: PlacesInUse, t: number, role: Role): string[] {
  const out: string[] = [];
  for (const v of allowedValuesLazily(state, t, role)) out.push(v);
  return out;
}

/** allowedValues one at a time, in input order, so that a caller can stop at the first few. */
function* allowedValuesLazily(state: PlacesInUse, t: number, role: Role): Generator<string> {
  switch (role.kind) {
    case "host":
      yield* state.hostCandidates(t);
      return;
    case "away":
      for (const m of state.awayCandidates(t, role.period)) {
        if (state.awayConflict(t, role.period, m) === null) yield m;
      }
      return;
    case "supervisor":
      for (const p of state.supervisorCandidates(t)) yield p.id;
      return;
    case "mentor":
      for (const p of state.mentorCandidates(t)) {
        if (state.mentorConflict(t, p.id) === null) yield p.id;
      }
      return;
  }
}

/**
 * The allowed values with room, in input order: allowedValuesLazily with the counts read first,
 * so that a full place (on a tight national network, nearly all of them) costs one look and no
 * rule check, and a full mentor class is passed over without a look at its people.
 */
function* freeValues(state: PlacesInUse, t: number, role: Role): Generator<string> {
  switch (role.kind) {
    case "host":
      for (const m of state.hostCandidates(t)) if (state.hostRoom(m)) yield m;
      return;
    case "away":
      for (const m of state.awayCandidates(t, role.period)) {
        if (state.awayRoom(role.period, m) && state.awayConflict(t, role.period, m) === null) yield m;
      }
      return;
    case "supervisor":
      for (const p of state.supervisorCandidates(t)) if (state.personRoom(p.id)) yield p.id;
      return;
    case "mentor":
      for (const cls of state.mentorClasses(t)) {
        if (!state.classRoom(cls)) continue;
        for (const p of cls.people) {
          if (p.capacity > 0 && state.personRoom(p.id) && state.mentorConflict(t, p.id) === null) yield p.id;
        }
      }
      return;
  }
}

/** The value the role holds in a trainee's choice. */
function valueOf(c: TraineeChoice, role: Role): string | null {
  switch (role.kind) {
    case "host":
      return c.host;
    case "away":
      return c.away[role.period] ?? null;
    case "supervisor":
      return c.supervisor;
    case "mentor":
      return c.mentor;
  }
}

/** Fills the role with the cheapest free value, else by one augmenting step; whether it did. */
function fillRole(state: PlacesInUse, t: number, role: Role): boolean {
  // No place of the kind has room: no free value, and no move (which needs one) either.
  if (!state.anyRoom(role)) return false;
  const free: string[] = [];
  for (const v of freeValues(state, t, role)) {
    free.push(v);
    if (free.length === PRICED_VALUES) break;
  }
  const best = cheapest(state, t, role, free);
  if (best !== null) {
    state.set(t, withRole(state.choices[t] as TraineeChoice, role, best));
    return true;
  }
  if (role.kind === "host") return false; // moving another trainee's host would empty its other roles
  if (state.moveBudget <= 0) return false;
  return augment(state, t, role, allowedValues(state, t, role)) !== null;
}

/** The value of least cost for the trainee (the first in input order among equals). */
function cheapest(state: PlacesInUse, t: number, role: Role, values: readonly string[]): string | null {
  const trainee = state.index.cohort.trainees[t];
  if (trainee === undefined) return null;
  const base = state.choices[t] as TraineeChoice;
  let best: string | null = null;
  let bestCost = Infinity;
  for (const v of values) {
    const cost = totalCost(costOfChoice(state.index, trainee, withRole(base, role, v)));
    if (cost < bestCost) {
      best = v;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * One augmenting step: for a full value the trainee may have, another trainee holding it in the
 * same role moves to a value with room that the rules allow it, and the trainee takes the freed
 * place. Returns the trainee moved, or null when no such step exists.
 */
function augment(state: PlacesInUse, t: number, role: Role, allowed: readonly string[]): number | null {
  for (const value of allowed) {
    if (state.moveBudget <= 0) return null;
    for (const other of state.holdersOf(role, value)) {
      if (other === t) continue;
      if (state.moveBudget <= 0) return null;
      const before = state.choices[other] as TraineeChoice;
      // The other trainee's alternatives are judged with the role emptied.
      state.set(other, withRole(before, role, null));
      state.moveBudget -= 1 + candidateCount(state, other, role);
      const alternatives = [...freeValues(state, other, role)].filter((v) => v !== value);
      const move = cheapest(state, other, role, alternatives);
      if (move === null) {
        state.set(other, before);
        continue;
      }
      state.set(other, withRole(state.choices[other] as TraineeChoice, role, move));
      state.set(t, withRole(state.choices[t] as TraineeChoice, role, value));
      return other;
    }
  }
  return null;
}

/**
 * Whether some trainee holding the value in the role could move to another value with room (the
 * augmenting step's test, without moving); null when the move budget ran out before it knew.
 */
export function someHolderCanMove(state: PlacesInUse, t: number, role: Role, value: string): boolean | null {
  // With no place of the kind left anywhere in the plan, no one can move: known without a look.
  if (!state.anyRoom(role)) return false;
  if (state.moveBudget <= 0) return null;
  for (const other of state.holdersOf(role, value)) {
    if (other === t) continue;
    if (state.moveBudget <= 0) return null;
    const before = state.choices[other] as TraineeChoice;
    state.set(other, withRole(before, role, null));
    state.moveBudget -= 1 + candidateCount(state, other, role);
    let can = false;
    for (const v of freeValues(state, other, role)) {
      if (v === value) continue;
      can = true;
      break;
    }
    state.set(other, before);
    if (can) return true;
  }
  return false;
}

/** How many candidates the role has for the trainee: what a look at them all costs the move budget. */
function candidateCount(state: PlacesInUse, t: number, role: Role): number {
  switch (role.kind) {
    case "host":
      return state.hostCandidates(t).length;
    case "away":
      return state.awayCandidates(t, role.period).length;
    case "supervisor":
      return state.supervisorCandidates(t).length;
    case "mentor":
      return state.mentorClasses(t).length;
  }
}
