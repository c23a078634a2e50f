/**
 * The brute-force oracle: the exact optimum of a small cohort, found by trying every
 * combination of per-trainee choices. Its rule checks are written here straight from the
 * contract text, apart from the model, the solvers and verifyPlan, so that tests can hold
 * each of them against the others. Only the objective terms come from domain/cost.ts (the
 * contract's objective has one definition, shared by everyone).
 *
 * The search is exhaustive and exact: per-trainee options that no rule forbids, places whose
 * capacity some combination could overfill ("contested"), options taking the same contested
 * places merged into the best one, then a depth-first search over trainees with a memo of the
 * best completion for each state of the contested places, cut short where the remaining
 * trainees' best fitting options cannot beat the best completion found.
 */
import { indexCohort, type CohortIndex } from "../../src/domain/cohort-index.js";
import { costOfChoice, totalCost, type TraineeChoice } from "../../src/domain/cost.js";
import { periodDates } from "../../src/domain/dates.js";
import {
  PLAN_FORMAT,
  type Assignment,
  type Cohort,
  type Member,
  type Person,
  type Placement,
  type Plan,
  type PlanStatus,
  type Trainee,
  type Unassigned,
} from "../../src/domain/schema.js";

export interface BruteForceResult {
  /** The least objective among the plans that fill the most roles. */
  readonly objective: number;
  /** The most roles any plan fills (host, given or chosen; each away period; supervisor; mentor). */
  readonly filled: number;
  /** One optimal choice per trainee id. */
  readonly choices: ReadonlyMap<string, TraineeChoice>;
}

// ---------------------------------------------------------------------------------------
// The rules, one trainee at a time
// ---------------------------------------------------------------------------------------

interface Rules {
  readonly cohort: Cohort;
  readonly index: CohortIndex;
  readonly members: ReadonlyMap<string, Member>;
  readonly people: ReadonlyMap<string, Person>;
  readonly awayPeriods: readonly string[];
  readonly hostPeriods: readonly string[];
  organisation(memberId: string): string;
}

function makeRules(cohort: Cohort): Rules {
  const members = new Map<string, Member>();
  for (const m of cohort.members) if (!members.has(m.id)) members.set(m.id, m);
  const people = new Map<string, Person>();
  for (const p of cohort.people) if (!people.has(p.id)) people.set(p.id, p);
  return {
    cohort,
    index: indexCohort(cohort),
    members,
    people,
    awayPeriods: cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id),
    hostPeriods: cohort.programme.periods.filter((p) => p.at === "host").map((p) => p.id),
    organisation: (memberId) => members.get(memberId)?.organisation ?? memberId,
  };
}

/** What the pins and forbids say about one trainee. */
interface TraineeFacts {
  readonly trainee: Trainee;
  readonly hostPins: readonly string[];
  readonly awayPins: ReadonlyMap<string, string>;
  readonly mentorPin: string | null;
  readonly supervisorPin: string | null;
  readonly forbiddenMembers: ReadonlySet<string>;
  readonly forbiddenMentors: ReadonlySet<string>;
  readonly forbiddenSupervisors: ReadonlySet<string>;
  readonly anyPin: boolean;
}

function factsOf(rules: Rules, trainee: Trainee): TraineeFacts {
  const { cohort } = rules;
  const hostPins: string[] = [];
  const awayPins = new Map<string, string>();
  let mentorPin: string | null = null;
  let supervisorPin: string | null = null;
  let anyPin = false;
  for (const pin of cohort.pins) {
    if (pin.trainee !== trainee.id) continue;
    anyPin = true;
    if (pin.period !== undefined && pin.member !== undefined) {
      if (rules.hostPeriods.includes(pin.period)) hostPins.push(pin.member);
      else awayPins.set(pin.period, pin.member);
    }
    if (pin.mentor !== undefined) mentorPin = pin.mentor;
    if (pin.supervisor !== undefined) supervisorPin = pin.supervisor;
  }
  const forbiddenMembers = new Set<string>();
  const forbiddenMentors = new Set<string>();
  const forbiddenSupervisors = new Set<string>();
  for (const f of cohort.forbid) {
    if (f.trainee !== trainee.id) continue;
    if (f.member !== undefined) forbiddenMembers.add(f.member);
    if (f.mentor !== undefined) forbiddenMentors.add(f.mentor);
    if (f.supervisor !== undefined) forbiddenSupervisors.add(f.supervisor);
  }
  return { trainee, hostPins, awayPins, mentorPin, supervisorPin, forbiddenMembers, forbiddenMentors, forbiddenSupervisors, anyPin };
}

function required(rules: Rules): boolean {
  return rules.cohort.rules.specializationFit === "required";
}

function hostAllowed(rules: Rules, f: TraineeFacts, host: string | null): boolean {
  const { trainee } = f;
  if (host === null) {
    // Only with allowUnassigned, never for a hired trainee, and pinned roles must be filled
    // (a trainee without host gets no other role).
    return rules.cohort.rules.allowUnassigned && trainee.host === undefined && !f.anyPin;
  }
  const member = rules.members.get(host);
  if (member === undefined) return false;
  if (f.hostPins.some((m) => m !== host)) return false;
  if (f.forbiddenMembers.has(host)) return false;
  if (trainee.host !== undefined) return host === trainee.host; // a given host is a fact
  if (member.hostCapacity < 1) return false;
  return !required(rules) || member.specializations.includes(trainee.specialization);
}

function awayAllowed(rules: Rules, f: TraineeFacts, host: string | null, period: string, member: string | null): boolean {
  const pin = f.awayPins.get(period);
  if (member === null) return host === null || (rules.cohort.rules.allowUnassigned && pin === undefined);
  if (host === null) return false;
  const m = rules.members.get(member);
  if (m === undefined) return false;
  if (pin !== undefined && pin !== member) return false;
  if (f.forbiddenMembers.has(member)) return false;
  if (m.awayCapacity < 1) return false;
  if (rules.organisation(member) === rules.organisation(host)) return false;
  return !required(rules) || m.specializations.includes(f.trainee.specialization);
}

function supervisorAllowed(rules: Rules, f: TraineeFacts, host: string | null, supervisor: string | null): boolean {
  if (supervisor === null) return host === null || (rules.cohort.rules.allowUnassigned && f.supervisorPin === null);
  if (host === null) return false;
  const p = rules.people.get(supervisor);
  if (p === undefined || p.role !== "supervisor") return false;
  if (p.member !== host) return false;
  if (f.supervisorPin !== null && f.supervisorPin !== supervisor) return false;
  if (f.forbiddenSupervisors.has(supervisor)) return false;
  if (p.capacity < 1) return false;
  return !required(rules) || p.specializations.includes(f.trainee.specialization);
}

function mentorAllowed(
  rules: Rules,
  f: TraineeFacts,
  host: string | null,
  away: readonly (string | null)[],
  mentor: string | null,
): boolean {
  if (mentor === null) return host === null || (rules.cohort.rules.allowUnassigned && f.mentorPin === null);
  if (host === null) return false;
  const p = rules.people.get(mentor);
  if (p === undefined || p.role !== "mentor") return false;
  if (f.mentorPin !== null && f.mentorPin !== mentor) return false;
  if (f.forbiddenMentors.has(mentor)) return false;
  if (p.capacity < 1) return false;
  const organisation = rules.organisation(p.member);
  if (organisation === rules.organisation(host)) return false;
  if (rules.cohort.rules.mentorOutside === "host-and-away") {
    if (away.some((m) => m !== null && rules.organisation(m) === organisation)) return false;
  }
  return true;
}

function awayDistinct(away: readonly (string | null)[]): boolean {
  const used = away.filter((m): m is string => m !== null);
  return new Set(used).size === used.length;
}

function choiceAllowed(rules: Rules, f: TraineeFacts, choice: TraineeChoice): boolean {
  if (choice.away.length !== rules.awayPeriods.length) return false;
  if (!hostAllowed(rules, f, choice.host)) return false;
  for (const [i, period] of rules.awayPeriods.entries()) {
    if (!awayAllowed(rules, f, choice.host, period, choice.away[i] ?? null)) return false;
  }
  return (
    awayDistinct(choice.away) &&
    supervisorAllowed(rules, f, choice.host, choice.supervisor) &&
    mentorAllowed(rules, f, choice.host, choice.away, choice.mentor)
  );
}

/** Roles a choice fills: the host (given or chosen), each away period, the supervisor, the mentor. */
export function countFilled(choice: TraineeChoice): number {
  let n = 0;
  if (choice.host !== null) n += 1;
  for (const m of choice.away) if (m !== null) n += 1;
  if (choice.supervisor !== null) n += 1;
  if (choice.mentor !== null) n += 1;
  return n;
}

/** Every choice for one trainee that the rules allow on their own (capacities shared with others aside). */
export function enumerateTraineeChoices(cohort: Cohort, traineeId: string): TraineeChoice[] {
  const rules = makeRules(cohort);
  const trainee = cohort.trainees.find((t) => t.id === traineeId);
  return trainee === undefined ? [] : enumerate(rules, factsOf(rules, trainee));
}

function enumerate(rules: Rules, f: TraineeFacts): TraineeChoice[] {
  const memberIds: (string | null)[] = [...rules.members.keys(), null];
  const personIds: (string | null)[] = [...rules.people.keys(), null];
  const out: TraineeChoice[] = [];
  for (const host of memberIds) {
    if (!hostAllowed(rules, f, host)) continue;
    const tuples: (string | null)[][] = [];
    const extend = (prefix: (string | null)[]): void => {
      const period = rules.awayPeriods[prefix.length];
      if (period === undefined) {
        if (awayDistinct(prefix)) tuples.push(prefix);
        return;
      }
      for (const m of memberIds) if (awayAllowed(rules, f, host, period, m)) extend([...prefix, m]);
    };
    extend([]);
    const supervisors = personIds.filter((s) => supervisorAllowed(rules, f, host, s));
    for (const away of tuples) {
      const mentors = personIds.filter((x) => mentorAllowed(rules, f, host, away, x));
      for (const supervisor of supervisors) for (const mentor of mentors) out.push({ host, away, supervisor, mentor });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Capacities, shared between trainees
// ---------------------------------------------------------------------------------------

/** The places a choice takes: `host:m`, `away:period:m`, `person:p`. */
function placesOf(rules: Rules, choice: TraineeChoice): string[] {
  const out: string[] = [];
  if (choice.host !== null) out.push(`host:${choice.host}`);
  choice.away.forEach((m, i) => {
    if (m !== null) out.push(`away:${rules.awayPeriods[i] ?? ""}:${m}`);
  });
  if (choice.supervisor !== null) out.push(`person:${choice.supervisor}`);
  if (choice.mentor !== null) out.push(`person:${choice.mentor}`);
  return out;
}

function capacityOf(rules: Rules, place: string): number {
  const [kind = "", ...rest] = place.split(":");
  if (kind === "host") return rules.members.get(rest.join(":"))?.hostCapacity ?? 0;
  if (kind === "away") return rules.members.get(rest.slice(1).join(":"))?.awayCapacity ?? 0;
  return rules.people.get(rest.join(":"))?.capacity ?? 0;
}

/**
 * Whether a full set of choices (one per trainee of the cohort, by id) is a valid plan:
 * every rule for each trainee and every capacity. Written apart from verifyPlan.
 */
export function isValidChoiceSet(cohort: Cohort, choices: ReadonlyMap<string, TraineeChoice>): boolean {
  const rules = makeRules(cohort);
  const used = new Map<string, number>();
  for (const trainee of cohort.trainees) {
    const choice = choices.get(trainee.id);
    if (choice === undefined || !choiceAllowed(rules, factsOf(rules, trainee), choice)) return false;
    for (const place of placesOf(rules, choice)) used.set(place, (used.get(place) ?? 0) + 1);
  }
  if (choices.size !== new Set(cohort.trainees.map((t) => t.id)).size) return false;
  for (const [place, n] of used) if (n > capacityOf(rules, place)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------
// The search
// ---------------------------------------------------------------------------------------

interface Option {
  readonly choice: TraineeChoice;
  readonly filled: number;
  readonly cost: number;
  /** Contested places taken (indices into the capacity array). */
  readonly places: readonly number[];
}

interface Candidate {
  readonly traineeId: string;
  readonly options: readonly Option[];
}

/** Exhaustive optimum of a small validated cohort: null when no plan exists. */
export function bruteForceOptimum(cohort: Cohort): BruteForceResult | null {
  const rules = makeRules(cohort);
  const trainees = cohort.trainees;
  const raw = trainees.map((t) => {
    const f = factsOf(rules, t);
    return enumerate(rules, f).map((choice) => ({
      choice,
      filled: countFilled(choice),
      cost: totalCost(costOfChoice(rules.index, t, choice)),
      places: placesOf(rules, choice),
    }));
  });
  if (raw.some((options) => options.length === 0)) return null;

  // A place is contested when more trainees could take it than it has room for.
  const takers = new Map<string, number>();
  for (const options of raw) {
    for (const place of new Set(options.flatMap((o) => o.places))) takers.set(place, (takers.get(place) ?? 0) + 1);
  }
  const contested = new Map<string, number>();
  const capacity: number[] = [];
  for (const [place, n] of takers) {
    const cap = capacityOf(rules, place);
    if (n > cap) {
      contested.set(place, capacity.length);
      capacity.push(cap);
    }
  }
  const candidates: Candidate[] = raw.map((options, i) => {
    // Options that take the same contested places: keep the best (most filled, then cheapest).
    const best = new Map<string, Option>();
    for (const o of options) {
      const places = o.places.flatMap((place) => {
        const k = contested.get(place);
        return k === undefined ? [] : [k];
      });
      const key = [...places].sort((x, y) => x - y).join(",");
      const option: Option = { choice: o.choice, filled: o.filled, cost: o.cost, places };
      const kept = best.get(key);
      if (kept === undefined || better(option.filled, option.cost, kept.filled, kept.cost)) best.set(key, option);
    }
    const sorted = [...best.values()].sort((x, y) => y.filled - x.filled || x.cost - y.cost);
    return { traineeId: trainees[i]?.id ?? "", options: sorted };
  });
  // Fewest options first: the memo tables of the long suffixes stay small.
  const order = [...candidates].sort((x, y) => x.options.length - y.options.length);
  const n = order.length;

  // The memo key at each depth: the room left in each contested place the trainees from that
  // depth on can take, counted no higher than how many of them can take it.
  const relevantFrom: { readonly place: number; readonly takers: number }[][] = [];
  for (let d = 0; d < n; d++) {
    const takersFrom = new Map<number, number>();
    for (const c of order.slice(d)) {
      for (const p of new Set(c.options.flatMap((o) => o.places))) takersFrom.set(p, (takersFrom.get(p) ?? 0) + 1);
    }
    relevantFrom.push([...takersFrom].sort((x, y) => x[0] - y[0]).map(([place, takers]) => ({ place, takers })));
  }

  interface Suffix {
    readonly filled: number;
    readonly cost: number;
    readonly option: Option | null;
  }
  const used = capacity.map(() => 0);
  const fits = (o: Option): boolean => o.places.every((p) => (used[p] ?? 0) < (capacity[p] ?? 0));
  const memo: Map<string, Suffix | null>[] = order.map(() => new Map());
  const done: Suffix = { filled: 0, cost: 0, option: null };

  /** The best choices for the trainees from depth d on, given the places already taken. */
  const bestFrom = (d: number): Suffix | null => {
    if (d === n) return done;
    const c = order[d] as Candidate;
    if (d === n - 1) {
      // Options are sorted best first: the first that fits is the best.
      const first = c.options.find(fits);
      return first === undefined ? null : { filled: first.filled, cost: first.cost, option: first };
    }
    const key = (relevantFrom[d] ?? [])
      .map(({ place, takers }) => Math.min(takers, (capacity[place] ?? 0) - (used[place] ?? 0)))
      .join(",");
    const cached = memo[d]?.get(key);
    if (cached !== undefined) return cached;
    // The later trainees can do no better than each one's best option among those that fit now.
    let restFilled = 0;
    let restCost = 0;
    for (let k = d + 1; k < n; k++) {
      const first = (order[k] as Candidate).options.find(fits);
      if (first === undefined) {
        memo[d]?.set(key, null);
        return null;
      }
      restFilled += first.filled;
      restCost += first.cost;
    }
    let best: Suffix | null = null;
    for (const o of c.options) {
      // Sorted by filled roles, then cost: once an option cannot beat the best, none after it can.
      if (best !== null && !better(o.filled + restFilled, o.cost + restCost, best.filled, best.cost)) break;
      if (!fits(o)) continue;
      for (const p of o.places) used[p] = (used[p] ?? 0) + 1;
      const rest = bestFrom(d + 1);
      for (const p of o.places) used[p] = (used[p] ?? 0) - 1;
      if (rest === null) continue;
      const filled = o.filled + rest.filled;
      const cost = o.cost + rest.cost;
      if (best === null || better(filled, cost, best.filled, best.cost)) best = { filled, cost, option: o };
    }
    memo[d]?.set(key, best);
    return best;
  };

  const top = bestFrom(0);
  if (top === null) return null;
  // Walk the memo down to read the choices.
  const choices = new Map<string, TraineeChoice>();
  for (let d = 0; d < n; d++) {
    const step = bestFrom(d);
    if (step === null || step.option === null) return null; // unreachable: the path was feasible
    choices.set((order[d] as Candidate).traineeId, step.option.choice);
    for (const p of step.option.places) used[p] = (used[p] ?? 0) + 1;
  }
  // Report the objective summed in the cohort's trainee order, as a plan would.
  let objective = 0;
  let filled = 0;
  for (const t of trainees) {
    const choice = choices.get(t.id);
    if (choice === undefined) continue;
    objective += totalCost(costOfChoice(rules.index, t, choice));
    filled += countFilled(choice);
  }
  return { objective, filled, choices };
}

function costEpsilon(value: number): number {
  return 1e-9 * Math.max(1, Math.abs(value));
}

function better(filled: number, cost: number, otherFilled: number, otherCost: number): boolean {
  return filled > otherFilled || (filled === otherFilled && cost < otherCost - costEpsilon(otherCost));
}

// ---------------------------------------------------------------------------------------
// Plans from choices
// ---------------------------------------------------------------------------------------

export interface PlanFromChoicesOptions {
  readonly status?: PlanStatus;
  /** The bound to report; defaults to the objective. */
  readonly bound?: number | null;
}

/**
 * The plan a correct solver would write for these choices (one per trainee id): placements
 * with their dates, each trainee's cost, the objective, and with allowUnassigned every empty
 * role in `unassigned`. Choices that break rules are written as they are, so tests can feed
 * the verifier bad plans too.
 */
export function planFromChoices(
  cohort: Cohort,
  choices: ReadonlyMap<string, TraineeChoice>,
  options: PlanFromChoicesOptions = {},
): Plan {
  const index = indexCohort(cohort);
  const dates = new Map(periodDates(cohort.programme.start, cohort.programme.periods).map((d) => [d.period, d]));
  const assignments: Assignment[] = [];
  const unassigned: Unassigned[] = [];
  let objective = 0;
  for (const trainee of cohort.trainees) {
    const choice = choices.get(trainee.id);
    if (choice === undefined) continue;
    const placements: Placement[] = [];
    const empty: Unassigned[] = [];
    if (choice.host === null) empty.push({ trainee: trainee.id, role: "host", reason: "No member with room fits." });
    let awayIndex = 0;
    for (const period of cohort.programme.periods) {
      const d = dates.get(period.id);
      const member = period.at === "host" ? choice.host : (choice.away[awayIndex++] ?? null);
      if (member !== null && d !== undefined) placements.push({ period: period.id, member, from: d.from, to: d.to });
      if (member === null && period.at === "away") {
        empty.push({ trainee: trainee.id, role: "away", period: period.id, reason: "No member with room fits." });
      }
    }
    if (choice.supervisor === null) empty.push({ trainee: trainee.id, role: "supervisor", reason: "No supervisor with room fits." });
    if (choice.mentor === null) empty.push({ trainee: trainee.id, role: "mentor", reason: "No mentor with room fits." });
    if (cohort.rules.allowUnassigned) unassigned.push(...empty);
    const cost = costOfChoice(index, trainee, choice);
    objective += totalCost(cost);
    assignments.push({
      trainee: trainee.id,
      host: choice.host,
      supervisor: choice.supervisor,
      mentor: choice.mentor,
      placements,
      cost,
    });
  }
  // Typed as a Plan whatever the options say: tests hand such plans to the verifier.
  return <Plan>{
    format: PLAN_FORMAT,
    status: options.status ?? "optimal",
    objective,
    bound: options.bound === undefined ? objective : options.bound,
    assignments,
    unassigned,
    diagnosis: [],
  };
}
