/**
 * Test support for issue 13's fairness terms, shared by the jslp and network tests:
 *
 * - `fairnessCohortArbitrary(options)`: tiny valid cohorts (1 to 3 trainees) with a random
 *   `history` (1 to 3 entries whose assignments use the cohort's member, mentor and supervisor
 *   ids, and sometimes ids the cohort does not know) and random fairness weights (each 0, small
 *   or large; travelPerKm set to 0 in one cohort in three), with given hosts, chosen hosts, or both;
 * - `bruteForceFair(cohort)`: the exact optimum by plain enumeration of every trainee's options,
 *   with the objective of `planObjective` (reciprocity, a sum over members of |received - sent|,
 *   is not separable by trainee, so the memoised search of `bruteForceOptimum` does not apply).
 *
 * Exports kept stable: `FairnessCohortOptions`, `fairnessCohortArbitrary`, `historyArbitrary`,
 * `fairnessWeightsArbitrary`, `withHistory`, `withFairnessWeights`, `FAIRNESS_WEIGHT_VALUES`,
 * `UNKNOWN_MEMBER`, `UNKNOWN_PERSON`, `bruteForceFair`, `FairBruteForceResult`.
 */
import fc from "fast-check";
import { indexCohort } from "../../src/domain/cohort-index.js";
import { costOfChoice, planObjective, totalCost, type TraineeChoice } from "../../src/domain/cost.js";
import { generateCohort } from "../../src/generate/generate-cohort.js";
import type { Cohort, CohortInput, HistoryEntry } from "../../src/domain/schema.js";
import { seededRandom } from "../../src/util/random.js";
import { allowUnassignedArbitrary, allowUnassignedCohort } from "./allow-unassigned-cohorts.js";
import { generatedCohortArbitrary, smallCohortArbitrary } from "./arbitraries.js";
import { countFilled, enumerateTraineeChoices, isValidChoiceSet, type BruteForceResult } from "./brute-force.js";

/** Fairness weights drawn: 0 (term off), small, large. */
export const FAIRNESS_WEIGHT_VALUES = [0, 0.5, 3, 40] as const;
/** A member id no generated cohort has (a member that left): history may name it. */
export const UNKNOWN_MEMBER = "left-the-consortium";
/** A person id no generated cohort has (a mentor or supervisor who retired). */
export const UNKNOWN_PERSON = "retired-person";

export interface FairnessCohortOptions {
  /**
   * `given`: every trainee has a given host; `chosen`: none has; `mixed` (default): any of the
   * three kinds of cohort, most with some trainees of each.
   */
  readonly hosts?: "given" | "chosen" | "mixed";
  /** Fix `rules.allowUnassigned` (default: either). */
  readonly allowUnassigned?: boolean;
  /** Most trainees, 1 to 4 (default 3: bruteForceFair stays fast). */
  readonly maxTrainees?: number;
  /** Whether history may name unknown ids (default true). */
  readonly unknownIds?: boolean;
  /** Fairness weights: random (default), all zero, or all drawn non-zero. */
  readonly weights?: "random" | "zero" | "nonzero";
}

/**
 * Whether to set travelPerKm to 0 (one cohort in three): generated cohorts have locations, so
 * their travel depends on the host and pairs the away choices anyway; without travel, only the
 * fairness terms can ask for pairs.
 */
const noTravelArbitrary = fc.constantFrom(false, false, true);

type Weights3 = { repeatExchange: number; repeatMentorHost: number; reciprocity: number };

/** The three fairness weights, each 0, small or large (`nonzero`: never 0). */
export function fairnessWeightsArbitrary(kind: "random" | "zero" | "nonzero" = "random"): fc.Arbitrary<Weights3> {
  const values = kind === "zero" ? [0] : kind === "nonzero" ? FAIRNESS_WEIGHT_VALUES.filter((v) => v !== 0) : [...FAIRNESS_WEIGHT_VALUES];
  const w = fc.constantFrom(...values);
  return fc.record({ repeatExchange: w, repeatMentorHost: w, reciprocity: w });
}

/** The cohort with the fairness weights (and any other weights given) set, its other weights kept. */
export function withFairnessWeights(cohort: CohortInput, weights: Weights3 & { readonly travelPerKm?: number }): CohortInput {
  return { ...cohort, weights: { ...(cohort.weights ?? {}), ...weights } };
}

/** One raw history assignment: indices taken modulo the lists they pick from; -1 is null, -2 an unknown id. */
interface RawHistoryAssignment {
  readonly host: number;
  readonly away: readonly number[];
  readonly atHost: boolean;
  readonly supervisor: number;
  readonly mentor: number;
}

const rawIndex = (unknownIds: boolean): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: fc.nat({ max: 7 }), weight: 6 },
    { arbitrary: fc.constant(-1), weight: 1 },
    ...(unknownIds ? [{ arbitrary: fc.constant(-2), weight: 1 }] : []),
  );

const rawAssignment = (unknownIds: boolean): fc.Arbitrary<RawHistoryAssignment> =>
  fc.record({
    host: rawIndex(unknownIds),
    away: fc.array(rawIndex(unknownIds), { maxLength: 2 }),
    atHost: fc.boolean(),
    supervisor: rawIndex(unknownIds),
    mentor: rawIndex(unknownIds),
  });

const rawHistory = (unknownIds: boolean): fc.Arbitrary<RawHistoryAssignment[][]> =>
  fc.array(fc.array(rawAssignment(unknownIds), { maxLength: 5 }), { minLength: 1, maxLength: 3 });

function pickId(ids: readonly string[], raw: number, unknown: string): string | null {
  if (raw === -1 || ids.length === 0) return null;
  if (raw === -2) return unknown;
  return ids[raw % ids.length] ?? null;
}

/**
 * A valid history for the cohort built from raw draws: entries "Cohort 2008", ... with
 * assignments naming the cohort's members and people (mentors as mentors, supervisors as
 * supervisors) and, where drawn, UNKNOWN_MEMBER / UNKNOWN_PERSON; an assignment without host
 * has no placement; placements at the host appear sometimes (they are not away placements).
 */
function buildHistory(cohort: CohortInput, raw: readonly RawHistoryAssignment[][]): HistoryEntry[] {
  const members = cohort.members.map((m) => m.id);
  const mentors = (cohort.people ?? []).filter((p) => p.role === "mentor").map((p) => p.id);
  const supervisors = (cohort.people ?? []).filter((p) => p.role === "supervisor").map((p) => p.id);
  return raw.map((assignments, e) => ({
    name: `Cohort ${2008 + 2 * e}`,
    assignments: assignments.map((a, i) => {
      const host = pickId(members, a.host, UNKNOWN_MEMBER);
      const placements: HistoryEntry["assignments"][number]["placements"] = [];
      if (host !== null) {
        if (a.atHost) placements.push({ period: "part-1", member: host });
        const used = new Set<string>([host]);
        a.away.forEach((k, j) => {
          const member = pickId(members, k === -1 ? j : k, UNKNOWN_MEMBER);
          if (member === null || used.has(member)) return;
          used.add(member);
          placements.push({ period: `part-${2 + j}`, member, from: "2010-01-01", to: "2010-06-30" });
        });
      }
      return {
        trainee: `earlier-${e + 1}-${i + 1}`,
        host,
        supervisor: host === null ? null : pickId(supervisors, a.supervisor, UNKNOWN_PERSON),
        mentor: host === null ? null : pickId(mentors, a.mentor, UNKNOWN_PERSON),
        placements,
      };
    }),
  }));
}

/** A random history (1 to 3 entries) for this cohort's ids. */
export function historyArbitrary(cohort: CohortInput, unknownIds = true): fc.Arbitrary<HistoryEntry[]> {
  return rawHistory(unknownIds).map((raw) => buildHistory(cohort, raw));
}

/** The cohort with a history added (replacing any it had). */
export function withHistory(cohort: CohortInput, history: readonly HistoryEntry[]): CohortInput {
  return { ...cohort, history: [...history] };
}

/** Small generated networks whose trainees all have a given host, allowUnassigned as asked. */
function givenHostsArbitrary(maxTrainees: number, allowUnassigned: boolean | undefined): fc.Arbitrary<CohortInput> {
  return fc
    .record({
      trainees: fc.integer({ min: 1, max: maxTrainees }),
      members: fc.integer({ min: 3, max: 4 }),
      awayPeriods: fc.integer({ min: 1, max: 2 }),
      tightness: fc.constantFrom(0.5, 0.8, 1),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      mentorOutside: fc.constantFrom("host" as const, "host-and-away" as const),
      specializationFit: fc.constantFrom("required" as const, "preferred" as const),
      allowUnassigned: allowUnassigned === undefined ? fc.boolean() : fc.constant(allowUnassigned),
    })
    .map(({ allowUnassigned: allow, ...options }) => {
      const base = generateCohort({
        ...options,
        members: Math.max(options.members, options.awayPeriods + 2),
        hosts: "given",
        mentorsPerMember: 1,
        supervisorsPerMember: 1,
      });
      if (!allow) return base;
      // Cut away places and people's capacities now and then, so that roles may stay empty.
      const random = seededRandom(options.seed * 31 + 7);
      return {
        ...base,
        members: base.members.map((m) => ({ ...m, awayCapacity: random() < 0.4 ? Math.max(0, m.awayCapacity - 1) : m.awayCapacity })),
        people: (base.people ?? []).map((p) => ({ ...p, capacity: random() < 0.4 ? 0 : (p.capacity ?? 1) })),
        rules: { ...base.rules, allowUnassigned: true },
      };
    });
}

/** Small generated networks whose hosts are all chosen, allowUnassigned as asked. */
function chosenHostsArbitrary(maxTrainees: number, allowUnassigned: boolean | undefined): fc.Arbitrary<CohortInput> {
  const strict = generatedCohortArbitrary({ trainees: maxTrainees, members: 4 }).map((c) => ({
    ...c,
    trainees: c.trainees.map(({ host: _host, ...t }) => t),
  }));
  const loose = fc
    .record({
      trainees: fc.integer({ min: 1, max: maxTrainees }),
      members: fc.integer({ min: 3, max: 4 }),
      awayPeriods: fc.integer({ min: 1, max: 2 }),
      shortage: fc.constantFrom(0, 0.3, 0.6),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    })
    .map((o) => allowUnassignedCohort({ ...o, chosen: "all" }));
  if (allowUnassigned === true) return loose;
  if (allowUnassigned === false) return strict;
  return fc.oneof(strict, loose);
}

/** Any of the small kinds, trainees with and without given hosts. */
function mixedArbitrary(maxTrainees: number, allowUnassigned: boolean | undefined): fc.Arbitrary<CohortInput> {
  const small = smallCohortArbitrary({ maxTrainees, maxPeople: 5, ...(allowUnassigned !== undefined && { allowUnassigned }) });
  const generated = generatedCohortArbitrary({ trainees: maxTrainees, members: 4 });
  const unassigned = allowUnassignedArbitrary({ trainees: maxTrainees, members: 4 });
  if (allowUnassigned === true) return fc.oneof(small, unassigned);
  if (allowUnassigned === false) {
    return fc.oneof(
      small,
      generated.map((c) => ({ ...c, rules: { ...c.rules, allowUnassigned: false } })),
    );
  }
  return fc.oneof(small, generated, unassigned);
}

/**
 * Tiny valid cohorts with a random history and random fairness weights (see the options).
 * Every cohort passes validation; history may name ids the cohort does not know (warnings).
 */
export function fairnessCohortArbitrary(options: FairnessCohortOptions = {}): fc.Arbitrary<CohortInput> {
  const maxTrainees = Math.min(4, Math.max(1, options.maxTrainees ?? 3));
  const hosts = options.hosts ?? "mixed";
  const base =
    hosts === "given"
      ? givenHostsArbitrary(maxTrainees, options.allowUnassigned)
      : hosts === "chosen"
        ? chosenHostsArbitrary(maxTrainees, options.allowUnassigned)
        : mixedArbitrary(maxTrainees, options.allowUnassigned);
  return fc
    .tuple(base, rawHistory(options.unknownIds ?? true), fairnessWeightsArbitrary(options.weights ?? "random"), noTravelArbitrary)
    .map(([cohort, raw, weights, noTravel]) =>
      withFairnessWeights(withHistory(cohort, buildHistory(cohort, raw)), noTravel ? { ...weights, travelPerKm: 0 } : weights),
    );
}

// ---------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------

/** As BruteForceResult; `objective` is planObjective's (trainee costs and reciprocity). */
export type FairBruteForceResult = BruteForceResult;

interface FairOption {
  readonly choice: TraineeChoice;
  readonly filled: number;
  readonly cost: number;
  readonly places: readonly string[];
}

function placesOf(cohort: Cohort, choice: TraineeChoice): string[] {
  const away = cohort.programme.periods.filter((p) => p.at === "away");
  const out: string[] = [];
  if (choice.host !== null) out.push(`host\u0000${choice.host}`);
  choice.away.forEach((m, i) => {
    if (m !== null) out.push(`away\u0000${away[i]?.id ?? ""}\u0000${m}`);
  });
  if (choice.supervisor !== null) out.push(`person\u0000${choice.supervisor}`);
  if (choice.mentor !== null) out.push(`person\u0000${choice.mentor}`);
  return out;
}

function capacities(cohort: Cohort): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of cohort.members) {
    if (!out.has(`host\u0000${m.id}`)) out.set(`host\u0000${m.id}`, m.hostCapacity);
    for (const p of cohort.programme.periods) {
      if (p.at === "away" && !out.has(`away\u0000${p.id}\u0000${m.id}`)) out.set(`away\u0000${p.id}\u0000${m.id}`, m.awayCapacity);
    }
  }
  for (const p of cohort.people) if (!out.has(`person\u0000${p.id}`)) out.set(`person\u0000${p.id}`, p.capacity);
  return out;
}

const epsilon = (value: number): number => 1e-9 * Math.max(1, Math.abs(value));

/**
 * The exact optimum of a tiny validated cohort under the full objective (fairness terms
 * included): every combination of the trainees' options (enumerateTraineeChoices) that fits
 * the capacities, scored with planObjective. With allowUnassigned: most filled roles first,
 * then least objective. null when no plan exists. The search is a plain depth-first
 * enumeration, cut only where even each later trainee's best option could not beat the best
 * plan found (every term is non-negative, reciprocity included); the plan it returns is
 * checked with isValidChoiceSet. Meant for at most 3 or 4 trainees.
 */
export function bruteForceFair(cohort: Cohort): FairBruteForceResult | null {
  const index = indexCohort(cohort);
  const trainees = cohort.trainees;
  const options: FairOption[][] = trainees.map((t) =>
    enumerateTraineeChoices(cohort, t.id)
      .map((choice) => ({
        choice,
        filled: countFilled(choice),
        cost: totalCost(costOfChoice(index, t, choice)),
        places: placesOf(cohort, choice),
      }))
      .sort((a, b) => b.filled - a.filled || a.cost - b.cost),
  );
  if (options.some((list) => list.length === 0)) return null;
  const capacity = capacities(cohort);
  const n = trainees.length;
  // The best any trainees from k on could add, capacities aside.
  const restFilled = new Array<number>(n + 1).fill(0);
  const restCost = new Array<number>(n + 1).fill(0);
  for (let k = n - 1; k >= 0; k--) {
    const list = options[k] ?? [];
    restFilled[k] = (restFilled[k + 1] ?? 0) + Math.max(...list.map((o) => o.filled));
    restCost[k] = (restCost[k + 1] ?? 0) + Math.min(...list.map((o) => o.cost));
  }

  const used = new Map<string, number>();
  const picked: FairOption[] = [];
  let best: { filled: number; objective: number; picks: FairOption[] } | null = null;
  const beats = (filled: number, objective: number): boolean =>
    best === null || filled > best.filled || (filled === best.filled && objective < best.objective - epsilon(best.objective));

  const walk = (k: number, filled: number, cost: number): void => {
    if (best !== null) {
      const maxFilled = filled + (restFilled[k] ?? 0);
      if (maxFilled < best.filled) return;
      if (maxFilled === best.filled && cost + (restCost[k] ?? 0) >= best.objective + epsilon(best.objective)) return;
    }
    if (k === n) {
      const choices = picked.map((o) => o.choice);
      const objective = planObjective(
        index,
        choices,
        picked.map((o, t) => costOfChoice(index, trainees[t] as Cohort["trainees"][number], o.choice)),
      );
      if (!beats(filled, objective)) return;
      const byId = new Map(trainees.map((t, i) => [t.id, choices[i] as TraineeChoice]));
      if (!isValidChoiceSet(cohort, byId)) throw new Error("bruteForceFair: a combination within capacities is not a valid plan");
      best = { filled, objective, picks: [...picked] };
      return;
    }
    for (const o of options[k] ?? []) {
      if (o.places.some((p) => (used.get(p) ?? 0) >= (capacity.get(p) ?? 0))) continue;
      for (const p of o.places) used.set(p, (used.get(p) ?? 0) + 1);
      picked.push(o);
      walk(k + 1, filled + o.filled, cost + o.cost);
      picked.pop();
      for (const p of o.places) used.set(p, (used.get(p) ?? 0) - 1);
    }
  };
  walk(0, 0, 0);
  if (best === null) return null;
  const found: { filled: number; objective: number; picks: FairOption[] } = best;
  return {
    objective: found.objective,
    filled: found.filled,
    choices: new Map(trainees.map((t, i) => [t.id, (found.picks[i] as FairOption).choice])),
  };
}
