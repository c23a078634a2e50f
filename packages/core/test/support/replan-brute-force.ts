/**
 * The brute-force oracle of re-planning, what-if and explanations: every combination of
 * per-trainee choices the rules allow (enumerateTraineeChoices of brute-force.ts, written from
 * the contract apart from the model), capacities counted here, what has started kept, and the
 * best by a lexicographic key. Small cohorts only (three trainees at most).
 */
import { indexCohort } from "../../src/domain/cohort-index.js";
import { costOfChoice, planObjective, totalCost, type TraineeChoice } from "../../src/domain/cost.js";
import { periodDates } from "../../src/domain/dates.js";
import type { ExplanationOption } from "../../src/domain/replan-schema.js";
import type { Cohort, Pin, Plan } from "../../src/domain/schema.js";
import { countFilled, enumerateTraineeChoices, isValidChoiceSet } from "./brute-force.js";

export interface ReplanOptimum {
  readonly filled: number;
  readonly changes: number;
  readonly objective: number;
  readonly choices: ReadonlyMap<string, TraineeChoice>;
}

/** The plan's choices by trainee id, one away entry per away period of the cohort's programme. */
export function planChoices(cohort: Cohort, plan: Pick<Plan, "assignments">): Map<string, TraineeChoice> {
  const away = cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id);
  return new Map(
    plan.assignments.map((a) => [
      a.trainee,
      { host: a.host, away: away.map((period) => a.placements.find((p) => p.period === period)?.member ?? null), supervisor: a.supervisor, mentor: a.mentor },
    ]),
  );
}

/** Changed roles of one continuing trainee: the host (when chosen), each away period still to come, the supervisor, the mentor. */
export function countChanges(cohort: Cohort, trainee: string, before: TraineeChoice, after: TraineeChoice, laterAway: readonly boolean[]): number {
  const t = cohort.trainees.find((x) => x.id === trainee);
  let n = 0;
  if (t?.host === undefined && before.host !== after.host) n += 1;
  after.away.forEach((m, p) => {
    if (laterAway[p] === true && (before.away[p] ?? null) !== m) n += 1;
  });
  if (before.supervisor !== after.supervisor) n += 1;
  if (before.mentor !== after.mentor) n += 1;
  return n;
}

export interface Started {
  readonly laterAway: readonly boolean[];
  /** Periods (all kinds) that started before asOf. */
  readonly periods: ReadonlySet<string>;
  readonly hostStarted: boolean;
}

export function startedAt(cohort: Cohort, asOf: string): Started {
  const dates = periodDates(cohort.programme.start, cohort.programme.periods);
  const periods = new Set(dates.filter((d) => d.from < asOf).map((d) => d.period));
  const away = cohort.programme.periods.filter((p) => p.at === "away");
  return { periods, laterAway: away.map((p) => !periods.has(p.id)), hostStarted: cohort.programme.start < asOf };
}

/**
 * The best plan by (most roles filled, fewest changes, least objective) — or, with
 * `costFirst`, by (most filled, least objective, fewest changes) — among the plans that keep
 * what started before asOf for the trainees in `previous`. Null when no plan exists.
 */
export function bruteForceReplan(
  cohort: Cohort,
  previous: ReadonlyMap<string, TraineeChoice>,
  asOf: string,
  options: { readonly costFirst?: boolean } = {},
): ReplanOptimum | null {
  const index = indexCohort(cohort);
  const started = startedAt(cohort, asOf);
  const away = cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id);
  const perTrainee = cohort.trainees.map((trainee) => {
    const before = previous.get(trainee.id);
    const options = enumerateTraineeChoices(cohort, trainee.id).filter((c) => {
      if (before === undefined) return true;
      if (started.hostStarted && c.host !== before.host) return false;
      return away.every((period, p) => !started.periods.has(period) || (c.away[p] ?? null) === (before.away[p] ?? null));
    });
    return options.map((choice) => ({
      choice,
      filled: countFilled(choice),
      cost: totalCost(costOfChoice(index, trainee, choice)),
      changes: before === undefined ? 0 : countChanges(cohort, trainee.id, before, choice, started.laterAway),
      places: placesOf(away, choice),
    }));
  });
  const capacity = (place: string): number => {
    const [kind, a = "", b = ""] = place.split("\u0000");
    if (kind === "host") return index.memberById.get(a)?.hostCapacity ?? 0;
    if (kind === "away") return index.memberById.get(b)?.awayCapacity ?? 0;
    return index.personById.get(a)?.capacity ?? 0;
  };
  const used = new Map<string, number>();
  const picked: TraineeChoice[] = [];
  let best: { key: [number, number, number]; choices: TraineeChoice[] } | null = null;
  const better = (a: [number, number, number], b: [number, number, number]) => {
    for (let i = 0; i < 3; i++) {
      const d = (a[i] as number) - (b[i] as number);
      if (Math.abs(d) > 1e-9) return d < 0;
    }
    return false;
  };
  const search = (t: number, filled: number, changes: number, cost: number): void => {
    if (t === perTrainee.length) {
      // The whole plan's objective: with reciprocity weighted it is not the sum of the trainees' costs.
      const objective = index.cohort.weights.reciprocity === 0 ? cost : planObjective(index, picked);
      const key: [number, number, number] = options.costFirst === true ? [-filled, objective, changes] : [-filled, changes, objective];
      if (best === null || better(key, best.key)) best = { key, choices: [...picked] };
      return;
    }
    for (const o of perTrainee[t] ?? []) {
      if (o.places.some((p) => (used.get(p) ?? 0) + 1 > capacity(p))) continue;
      for (const p of o.places) used.set(p, (used.get(p) ?? 0) + 1);
      picked.push(o.choice);
      search(t + 1, filled + o.filled, changes + o.changes, cost + o.cost);
      picked.pop();
      for (const p of o.places) used.set(p, (used.get(p) ?? 0) - 1);
    }
  };
  search(0, 0, 0, 0);
  const found = best as { key: [number, number, number]; choices: TraineeChoice[] } | null;
  if (found === null) return null;
  const choices = new Map(cohort.trainees.map((t, i) => [t.id, found.choices[i] as TraineeChoice]));
  if (!isValidChoiceSet(cohort, choices)) throw new Error("brute force picked an invalid plan");
  const [negFilled, first, second] = found.key;
  return options.costFirst === true
    ? { filled: -negFilled, objective: first, changes: second, choices }
    : { filled: -negFilled, changes: first, objective: second, choices };
}

function placesOf(away: readonly string[], choice: TraineeChoice): string[] {
  const out: string[] = [];
  if (choice.host !== null) out.push(`host\u0000${choice.host}`);
  choice.away.forEach((m, p) => {
    if (m !== null) out.push(`away\u0000${away[p] ?? ""}\u0000${m}`);
  });
  if (choice.supervisor !== null) out.push(`person\u0000${choice.supervisor}`);
  if (choice.mentor !== null) out.push(`person\u0000${choice.mentor}`);
  return out;
}

/** An explanation's option as a cohort pin; null for a host option when the programme has no host period to pin. */
export function pinOf(cohort: Cohort, trainee: string, o: ExplanationOption): Pin | null {
  if (o.role === "mentor") return { trainee, mentor: o.person as string };
  if (o.role === "supervisor") return { trainee, supervisor: o.person as string };
  const period = o.role === "away" ? o.period : cohort.programme.periods.find((p) => p.at === "host")?.id;
  return period === undefined ? null : { trainee, period, member: o.member as string };
}
