/**
 * What the re-planning benchmark (replan.ts) measures: its instances and, for each, the changes
 * a working group meets while the programme runs, derived from the instance's own plan.
 *
 * The instances are the solver suite's (benchmarks/suite/instances.ts), so the full-solve
 * times compare with its tables: the Romerike 2013 cohort and the generated 50 × 30, 200 × 100
 * and 1,000 × 300 networks of one kind (by default hosts given and two away periods, so that a
 * re-plan in part 2 still has an away period to place; seed 1).
 *
 * Every change is a pure function of the cohort and its plan, chosen by a fixed rule, so that
 * every run (and every size) asks the same kind of question:
 * - the date is ten days into part 2, the first away period (for Romerike 2013, 1 March 2014,
 *   the date of docs/replanning.md's examples): part 1 and part 2 have started and stay;
 * - a mentor leaves: the first trainee's mentor (in the cohort's order) is removed from the
 *   cohort, so every trainee they mentor in the plan needs another;
 * - a trainee quits: the trainee in the middle of the cohort's list is removed;
 * - a trainee joins late: a copy of the first trainee (specialization and preferences, the
 *   host left to the solver with the first trainee's host as a wish) is added;
 * - nothing changed: the cohort as it was;
 * - a what-if and an explanation of one trainee: the first trainee (in the cohort's order)
 *   who did not get their first away choice for part 2, pinned to it (the first trainee when
 *   every one did).
 */
import type { CohortInput, Pin, Plan } from "../packages/core/src/index.js";
import { addDays, periodDates } from "../packages/core/src/domain/dates.js";
import { ladder, type InstanceSpec } from "./suite/instances.js";

/** The kinds of generated instance the benchmark can run, as in the suite: hosts, then away periods. */
export const KINDS = ["given-2", "given-1", "chosen-1", "chosen-2"] as const;
export type Kind = (typeof KINDS)[number];
export const isKind = (text: string): text is Kind => (KINDS as readonly string[]).includes(text);

/** The generated sizes of the issue ("Romerike, 50, 200 and 1,000 trainees"), as the suite names them. */
const SIZES = ["50x30", "200x100", "1000x300"] as const;

/** The suite's instances this benchmark runs: Romerike 2013, then the three sizes of `kind`. */
export function replanInstances(kind: Kind): InstanceSpec[] {
  const [hosts, away] = kind.split("-") as [string, string];
  const wanted = ["romerike-2013", ...SIZES.map((size) => `${size} ${hosts} ${away} away`)];
  const full = ladder("full");
  return wanted.map((id) => {
    const spec = full.find((s) => s.id === id);
    if (spec === undefined) throw new Error(`the suite has no instance ${id}`);
    return spec;
  });
}

/** The operations timed on every instance, in the order they run and are reported. */
export const OPERATIONS = ["solve", "replan-mentor-leaves", "replan-trainee-quits", "replan-trainee-joins", "replan-nothing", "whatif", "explain-one", "explain-all"] as const;
export type Operation = (typeof OPERATIONS)[number];
export type ReplanOperation = Extract<Operation, `replan-${string}`>;

/** How each operation is named in the report. */
export const OPERATION_LABELS: Readonly<Record<Operation, string>> = {
  solve: "full solve from scratch",
  "replan-mentor-leaves": "re-plan: a mentor leaves",
  "replan-trainee-quits": "re-plan: a trainee quits",
  "replan-trainee-joins": "re-plan: a trainee joins late",
  "replan-nothing": "re-plan: nothing changed",
  whatif: "what-if: one trainee pinned to their first choice",
  "explain-one": "explain one trainee",
  "explain-all": "explain all trainees",
};

export const isReplanOperation = (op: Operation): op is ReplanOperation => op.startsWith("replan-");

/** The questions asked of one instance once its plan is known. */
export interface Scenario {
  /** The day from which the plan may change (ten days into part 2). */
  readonly asOf: string;
  /** The cohort as it is after each change. */
  readonly cohorts: Readonly<Record<ReplanOperation, CohortInput>>;
  /** What each change was, in words, for the report. */
  readonly what: Readonly<Record<ReplanOperation, string>>;
  /** The what-if's pin: one trainee at their first away choice for part 2. */
  readonly pins: readonly Pin[];
  /** The trainee explained alone, and pinned by the what-if. */
  readonly trainee: string;
}

/** Ten days into the first away period ("part 2"); the first period's start when the programme has no away period. */
export function asOfInPart2(cohort: CohortInput): string {
  const { start, periods } = cohort.programme;
  const dated = periodDates(start, periods);
  const away = periods.findIndex((p) => p.at === "away");
  const from = dated[away === -1 ? 0 : away]?.from ?? start;
  return addDays(from, 10);
}

/** The changes, the what-if and the trainee to explain for `cohort` and its plan (see the module's comment). */
export function deriveScenario(cohort: CohortInput, plan: Plan): Scenario {
  const trainees = cohort.trainees;
  const first = trainees[0];
  if (first === undefined) throw new Error("a cohort without trainees has nothing to re-plan");

  const mentorLoad = new Map<string, number>();
  for (const a of plan.assignments) if (a.mentor !== null) mentorLoad.set(a.mentor, (mentorLoad.get(a.mentor) ?? 0) + 1);
  const leaving = trainees.map((t) => plan.assignments.find((a) => a.trainee === t.id)?.mentor).find((m): m is string => typeof m === "string");
  if (leaving === undefined) throw new Error("the plan names no mentor");

  const quitting = trainees[Math.floor(trainees.length / 2)] ?? first;
  const joinerId = freshId(cohort, "late-joiner");
  const joiner = {
    id: joinerId,
    name: "Nina Dahl",
    specialization: first.specialization,
    hostPreferences: first.host === undefined ? (first.hostPreferences ?? []) : [first.host],
    awayPreferences: first.awayPreferences ?? [],
  };

  const awayPeriod = cohort.programme.periods.find((p) => p.at === "away")?.id;
  const placed = (trainee: string): string | undefined => plan.assignments.find((a) => a.trainee === trainee)?.placements.find((p) => p.period === awayPeriod)?.member;
  const wisher = trainees.find((t) => t.awayPreferences?.[0] !== undefined && placed(t.id) !== t.awayPreferences[0]) ?? first;
  const wish = wisher.awayPreferences?.[0];
  const pins: Pin[] = awayPeriod !== undefined && wish !== undefined ? [{ trainee: wisher.id, period: awayPeriod, member: wish }] : [];

  return {
    asOf: asOfInPart2(cohort),
    cohorts: {
      "replan-mentor-leaves": withoutPerson(cohort, leaving),
      "replan-trainee-quits": withoutTrainee(cohort, quitting.id),
      "replan-trainee-joins": { ...cohort, trainees: [...trainees, joiner] },
      "replan-nothing": cohort,
    },
    what: {
      "replan-mentor-leaves": `mentor ${leaving} (${plural(mentorLoad.get(leaving) ?? 0, "trainee")}) leaves`,
      "replan-trainee-quits": `trainee ${quitting.id} quits`,
      "replan-trainee-joins": `trainee ${joinerId} joins (${joiner.specialization})`,
      "replan-nothing": "the cohort and plan as published",
    },
    pins,
    trainee: wisher.id,
  };
}

/** The cohort without a person, and without the pins and forbids that name them. */
function withoutPerson(cohort: CohortInput, person: string): CohortInput {
  const names = (x: { mentor?: string | undefined; supervisor?: string | undefined }): boolean => x.mentor === person || x.supervisor === person;
  return {
    ...cohort,
    people: (cohort.people ?? []).filter((p) => p.id !== person),
    pins: (cohort.pins ?? []).filter((p) => !names(p)),
    forbid: (cohort.forbid ?? []).filter((f) => !names(f)),
  };
}

/** The cohort without a trainee, and without the pins and forbids that name them. */
function withoutTrainee(cohort: CohortInput, trainee: string): CohortInput {
  return {
    ...cohort,
    trainees: cohort.trainees.filter((t) => t.id !== trainee),
    pins: (cohort.pins ?? []).filter((p) => p.trainee !== trainee),
    forbid: (cohort.forbid ?? []).filter((f) => f.trainee !== trainee),
  };
}

/** `base`, or `base-2`, `base-3`, ... : the first id no trainee, member or person of the cohort has. */
function freshId(cohort: CohortInput, base: string): string {
  const taken = new Set([...cohort.trainees.map((t) => t.id), ...cohort.members.map((m) => m.id), ...(cohort.people ?? []).map((p) => p.id)]);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** "1 trainee", "2 trainees". */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
