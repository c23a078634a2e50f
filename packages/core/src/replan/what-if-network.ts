/**
 * What-ifs (and so explanations) of big cohorts on the network backend, where the exact model
 * of lexicographic.ts is too big to build in time: the same "auto" rule as replanCohort's
 * (network.ts, networkReplanWanted).
 *
 * A what-if's criteria are the least objective with the pins first, then the fewest changes
 * to the plan among the plans of that objective. These steps answer them as far as the network
 * can (step 2 runs first, when it runs, so that its plan can stop step 1 early):
 *
 * 1. **The least objective**: the cohort with the what-if's pins, solved on the network from
 *    scratch (it takes no warm start). Its Lagrangian bound is a bound on every plan with the
 *    pins, so on the what-if's optimum: the answer is `optimal` only when the network proves
 *    its optimum (or the plan kept meets that bound), otherwise `feasible` with that bound.
 * 2. **The fewest changes**: when the pinned cohort does not decompose, the trainees near the
 *    pins are re-planned on the exact model (solveNearby) with everyone else keeping the plan's
 *    choice; a plan found there that meets the floor is proven optimal at once. When it
 *    decomposes (hosts fixed, away pins on one trainee at most), step 1 is exact and fast, and
 *    this step is skipped.
 * 3. After step 1, the network's plan has its equal-cost moves taken back (keep-near.ts), and
 *    the trainees still moved (with their neighbours, while few) are re-planned on the exact
 *    model: the least objective, then the fewest changes among them. The changes are the
 *    fewest found, not proven fewest.
 *
 * Under `allowUnassigned` (filled roles first, then the objective) the keep-pins re-plan is
 * refused (network.ts), so step 1 answers alone. Every plan is verified against the cohort
 * with the pins.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { planExtras } from "../result/extras.js";
import { objectiveOfAssignments, type TraineeChoice } from "../domain/cost.js";
import type { Change } from "../domain/replan-schema.js";
import { parseCohort } from "../domain/validate.js";
import { buildModel } from "../model/build-model.js";
import { decodeChoices } from "../model/decode.js";
import { PLAN_FORMAT, type Pin, type SolvedPlan } from "../domain/schema.js";
import { buildCandidates } from "../model/candidates.js";
import { toAssignments } from "../result/decode.js";
import { listUnassigned } from "../result/unassigned.js";
import { EXACT_FINISH_VARIABLES } from "../solvers/network/exact-finish.js";
import { estimateNetwork, solveNetwork } from "../solvers/network/index.js";
import { mustStop } from "../solvers/stop.js";
import { mustVerify, planWithout, statsOf } from "./assemble.js";
import { diffChoices } from "./changes.js";
import { changeObjective, solveStages, type RoleKey, type Stage } from "./lexicographic.js";
import { keepNear } from "./keep-near.js";
import { awayUse, shrinkCohort } from "./shrink.js";
import { noPlan, type Compared, type CompareOptions } from "./what-if.js";

/** The share of the time left that the plans near the pins get; the least-objective solve has the rest. */
const NEARBY_SHARE = 0.4;

/**
 * Residual models (the trainees near the pins, the others pinned in) are solved on the exact
 * model up to this many variables: the network backend's own limit for its exact finish.
 */
const NEARBY_VARIABLES = EXACT_FINISH_VARIABLES;

/** Residuals with more open trainees than this are not built (their model would be too big). */
const NEARBY_TRAINEES = 60;

/** At most this many kept trainees are pinned in to a residual (see solveNearby). */
const PINNED_IN = 300;

/** How many rings of trainees around the pins are opened, at most: the second only when the first has no plan. */
const RINGS = 2;

/** Time the exact re-plan of the trainees the network's plan still moves gets, at most (ms), unless the caller says less. */
export const RESIDUAL_MS = 1_500;

/** Time kept back from the least-objective search for keepNear, at most (ms). */
const KEEP_NEAR_RESERVE_MS = 2_000;

/** Relative tolerance when objectives (sums of floats in different orders) are compared. */
const TOLERANCE = 1e-9;

/** A plan of the whole pinned cohort, with its objective and its changes against the plan. */
interface Found {
  readonly choices: readonly TraineeChoice[];
  readonly objective: number;
  readonly changes: Change[];
}

/**
 * The what-if on `pinned` (the cohort with the what-if's pins, validated) against the plan's
 * choices `previous`, compared as compareWithPlan compares on the exact model. `floor` is a
 * proven lower bound on the objective of every plan of the cohort without the pins (so with
 * them), or null: the network's bound on the cohort as given, which the caller computes once.
 */
export function compareOnNetwork(
  pinned: CohortIndex,
  previous: readonly (TraineeChoice | null)[],
  excluded: ReadonlyMap<number, ReadonlySet<RoleKey>>,
  planObjective: number,
  floor: number | null,
  options: CompareOptions,
): Compared {
  const { deadline, started, signal } = options;
  const laterAway = pinned.awayPeriods.map(() => true);
  const found = (choices: readonly TraineeChoice[]): Found => ({ choices, objective: objectiveOf(pinned, choices), changes: diffChoices(pinned, previous, choices, { laterAway, excluded }) });
  const slack = (value: number) => TOLERANCE * Math.max(1, Math.abs(value));
  const better = (a: Found, b: Found | null) => b === null || a.objective < b.objective - slack(b.objective) || (a.objective <= b.objective + slack(b.objective) && a.changes.length < b.changes.length);
  let solveMs = 0;
  let residual: Compared["residual"];

  // 1. The fewest changes: everyone but the trainees near the pins keeps the plan's choice.
  let best: Found | null = null;
  // When the pinned cohort decomposes (hosts fixed; away pins on the what-if's trainee only), the
  // least-objective solve below is exact and fast, and keepNear takes its needless moves back:
  // the residuals near the pins would only cost time.
  if (!pinned.cohort.rules.allowUnassigned && !estimateNetwork(pinned).decomposable) {
    const nearbyDeadline = performance.now() + (deadline - performance.now()) * NEARBY_SHARE;
    let open = new Set(excluded.keys());
    for (let ring = 1; ring <= RINGS && !mustStop(nearbyDeadline, signal); ring++) {
      const wider = widen(pinned, previous, open);
      if (wider.size === open.size && ring > 1) break;
      open = wider;
      const t0 = performance.now();
      const nearby = solveNearby(pinned, previous, open, excluded, nearbyDeadline, signal);
      solveMs += performance.now() - t0;
      if (nearby === "too big") break;
      if (nearby === null) continue;
      // A plan in the first ring is kept: a wider ring costs more time than it usually saves
      // (the least-objective solve below still looks for a cheaper plan).
      const candidate = found(nearby);
      if (better(candidate, best)) best = candidate;
      break;
    }
  }

  // 2. The least objective, and its bound: the network on the whole pinned cohort, stopped as
  // soon as its bound proves the plan in hand optimal.
  const allowUnassigned = pinned.cohort.rules.allowUnassigned;
  let bound = floor ?? 0;
  // Under allowUnassigned the plans compared fill the most roles only once the network proves that.
  let fillProven = !allowUnassigned;
  let proven = best !== null && best.objective <= bound + slack(best.objective);
  if (!proven && !mustStop(deadline, signal)) {
    let latest = Number.NEGATIVE_INFINITY;
    const target = best?.objective;
    const stop = { get aborted(): boolean { return signal?.aborted === true || (target !== undefined && latest >= target - slack(target)); } };
    // The least-objective search leaves a little time for taking its equal-cost swaps back (keepNear).
    const leastDeadline = deadline - Math.min(KEEP_NEAR_RESERVE_MS, (deadline - performance.now()) * 0.1);
    const least = solveNetwork(pinned, { deadline: leastDeadline, signal: stop, onProgress: (u) => void (u.bound !== null && u.bound > latest ? (latest = u.bound) : null) });
    solveMs += least.stats.ms;
    if (least.choices === null && best === null) {
      const status = least.status === "infeasible" ? ("infeasible" as const) : ("timedout" as const);
      const staged = { status, values: null, stageValues: [], costBound: null, solveMs, variables: 0, constraints: 0 };
      const plan = options.diagnose === false && status === "infeasible" ? noPlan(solveMs, "network") : planWithout(pinned, staged, deadline, started, { relax: false });
      return { plan, delta: null, deltaBound: null, changes: [] };
    }
    if (least.choices !== null) {
      // Its equal-cost swaps taken back first (keepNear), so that the residual below is small.
      const t1 = performance.now();
      const candidate = found(keepNear(pinned, previous, least.choices, excluded, deadline, signal));
      solveMs += performance.now() - t1;
      if (better(candidate, best)) {
        best = candidate;
        // Fewer changes at that objective: the trainees the network's plan moves are re-planned
        // on the exact model (the least objective, then the fewest changes), everyone else keeping
        // the plan's choice, which is also theirs in the network's plan: never worse than it.
        let moved = new Set(excluded.keys());
        for (const change of candidate.changes) moved.add(pinned.traineePosition.get(change.trainee) as number);
        // With their neighbours (who share a place with them), when that stays small: more room for fewer changes.
        const ring = widen(pinned, previous, moved);
        if (ring.size <= NEARBY_TRAINEES) moved = ring;
        const t0 = performance.now();
        // (Not under allowUnassigned: the residual's stages do not weigh filled roles.)
        // A short time only: its plan is kept only when it is better, and keepNear's stands otherwise.
        const residualMs = Math.min(RESIDUAL_MS, options.residualMs ?? RESIDUAL_MS);
        const residualDeadline = Math.min(deadline, performance.now() + residualMs);
        const nearby = allowUnassigned || residualMs <= 0 || mustStop(deadline, signal) ? null : solveNearby(pinned, previous, moved, excluded, residualDeadline, signal);
        solveMs += performance.now() - t0;
        if (nearby !== null && nearby !== "too big") {
          residual = "finished";
          const closer = found(nearby);
          if (better(closer, best)) best = closer;
        } else if (residualMs > 0 && !allowUnassigned) residual = "unfinished";
      }
    }
    const networkBound = least.status === "optimal" ? least.objective : least.bound;
    // Under allowUnassigned the bound holds for the plans that fill the most roles, once that is proven.
    if (allowUnassigned) fillProven = least.status === "optimal" || (least.fill !== undefined && least.fill.filled >= least.fill.bound);
    if (networkBound !== null && fillProven) bound = Math.max(bound, networkBound);
  }
  if (best === null) {
    // The deadline came before any plan was found.
    const staged = { status: "timedout" as const, values: null, stageValues: [], costBound: null, solveMs, variables: 0, constraints: 0 };
    return { plan: planWithout(pinned, staged, deadline, started, { relax: false }), delta: null, deltaBound: null, changes: [] };
  }

  const assignments = toAssignments(pinned, best.choices);
  const objective = objectiveOfAssignments(pinned, assignments);
  proven = fillProven && objective <= bound + slack(objective);
  const solved: SolvedPlan = {
    format: PLAN_FORMAT,
    status: proven ? "optimal" : "feasible",
    objective,
    bound: proven ? objective : Math.min(bound, objective),
    assignments,
    unassigned: pinned.cohort.rules.allowUnassigned ? listUnassigned(pinned, buildCandidates(pinned), best.choices) : [],
    diagnosis: [],
    ...planExtras(pinned, best.choices),
    stats: statsOf({ solveMs, variables: 0, constraints: 0 }, started, "network"),
  };
  mustVerify(pinned, solved);
  return {
    plan: solved,
    delta: proven ? objective - planObjective : null,
    deltaBound: proven ? null : solved.bound - planObjective,
    changes: best.changes,
    ...(residual === undefined ? {} : { residual }),
  };
}

/**
 * A proven lower bound on every plan of the cohort (so of every plan with pins added): the
 * network's, in the time given; null when it finds none. Under allowUnassigned null (its bound
 * is on the plans that fill the most roles, which pins can change).
 */
export function networkFloor(index: CohortIndex, deadline: number, signal: AbortSignal | undefined): number | null {
  if (index.cohort.rules.allowUnassigned) return null;
  const result = solveNetwork(index, { deadline, ...(signal === undefined ? {} : { signal }) });
  return result.status === "optimal" ? result.objective : result.bound;
}

/** The deadline of networkFloor: a quarter of the time left (on a cohort whose hosts are given it is exact at once). */
export function floorDeadline(deadline: number): number {
  const now = performance.now();
  return now + Math.max(0, deadline - now) / 4;
}

/** The places a choice uses: `host|m` (a host the solver chooses), `away|p|m`, `person|id`. */
function placesOf(choice: TraineeChoice | null, hostChosen: boolean): string[] {
  if (choice === null) return [];
  const out: string[] = [];
  if (hostChosen && choice.host !== null) out.push(`host|${choice.host}`);
  choice.away.forEach((m, p) => {
    if (m !== null) out.push(`away|${p}|${m}`);
  });
  for (const person of [choice.supervisor, choice.mentor]) if (person !== null) out.push(`person|${person}`);
  return out;
}

/** The places the cohort's pins on trainee `t` name. */
function pinnedPlaces(index: CohortIndex, traineeId: string): string[] {
  const out: string[] = [];
  for (const pin of index.cohort.pins) {
    if (pin.trainee !== traineeId) continue;
    if (pin.supervisor !== undefined) out.push(`person|${pin.supervisor}`);
    if (pin.mentor !== undefined) out.push(`person|${pin.mentor}`);
    if (pin.period !== undefined && pin.member !== undefined) {
      const p = index.awayPeriods.findIndex((x) => x.id === pin.period);
      out.push(p === -1 ? `host|${pin.member}` : `away|${p}|${pin.member}`);
    }
  }
  return out;
}

/** `open` and every trainee whose plan uses a place that an open trainee uses or is pinned to: the next ring of those who may have to move. */
function widen(index: CohortIndex, previous: readonly (TraineeChoice | null)[], open: ReadonlySet<number>): Set<number> {
  const trainees = index.cohort.trainees;
  const places = new Set<string>();
  for (const t of open) {
    const trainee = trainees[t];
    if (trainee === undefined) continue;
    for (const place of [...placesOf(previous[t] ?? null, trainee.host === undefined), ...pinnedPlaces(index, trainee.id)]) places.add(place);
  }
  const out = new Set(open);
  trainees.forEach((trainee, t) => {
    if (!out.has(t) && placesOf(previous[t] ?? null, trainee.host === undefined).some((place) => places.has(place))) out.add(t);
  });
  return out;
}

/**
 * The open trainees re-planned on the exact model in stages (the least objective, then the
 * fewest changes), every other trainee keeping the plan's choice: the cohort without them,
 * its capacities what they leave. The cohort has one away capacity per member for every
 * period, so the kept trainees at a member they use unevenly across the away periods stay in
 * the problem, pinned to their choices (as network.ts keeps them); when that would pin in
 * more than PINNED_IN, they leave too and a member's away capacity is lowered by the most
 * they use it in any one period (a plan of that cohort is a plan of the whole one, though
 * the cheapest plan of the whole may need the places that leaves out). The whole cohort's
 * choices, null when the open trainees have no plan (in time), "too big" when the exact
 * model would be too big.
 */
function solveNearby(
  index: CohortIndex,
  previous: readonly (TraineeChoice | null)[],
  open: ReadonlySet<number>,
  excluded: ReadonlyMap<number, ReadonlySet<RoleKey>>,
  deadline: number,
  signal: AbortSignal | undefined,
): TraineeChoice[] | null | "too big" {
  const cohort = index.cohort;
  const kept = new Map<number, TraineeChoice>();
  cohort.trainees.forEach((trainee, t) => {
    const before = previous[t];
    if (open.has(t) || before === null || before === undefined) return;
    if (before.host === null || before.supervisor === null || before.mentor === null || before.away.some((m) => m === null)) return;
    if (trainee.host !== undefined && trainee.host !== before.host) return;
    kept.set(t, before);
  });
  // One away capacity per member for every period: a member the kept trainees use unevenly
  // across the away periods keeps them in the problem, pinned to their choices (as network.ts does).
  const pinnedIn = new Map<number, TraineeChoice>();
  for (;;) {
    const uneven = new Set([...awayUse(kept.values())].filter(([, row]) => row.some((n) => n !== row[0])).map(([m]) => m));
    if (uneven.size === 0) break;
    for (const [t, choice] of kept) {
      if (!choice.away.some((m) => m !== null && uneven.has(m))) continue;
      kept.delete(t);
      pinnedIn.set(t, choice);
    }
  }
  // Too many pinned in (the unevenness cascades through a big cohort): they stay out instead,
  // and each member's away capacity is lowered by the most they use it in any one period. A
  // plan of that cohort is still a plan of the whole one, from fewer places.
  const conservative = pinnedIn.size > PINNED_IN;
  if (conservative) {
    for (const [t, choice] of pinnedIn) kept.set(t, choice);
    pinnedIn.clear();
  }
  const parsed = parseCohort(shrinkCohort(cohort, kept, { pins: keepPins(index, pinnedIn), away: conservative ? "byMost" : "first" }));
  if (!parsed.ok) return null;
  const residual = parsed.index;
  // The size estimates ignore pins (the trainees pinned in have one candidate per role) and
  // overstate the open trainees' share: the open trainees are counted, and the model built is measured.
  if (residual.cohort.trainees.length - pinnedIn.size > NEARBY_TRAINEES) return "too big";
  const position = new Map(cohort.trainees.map((t, i) => [t.id, i]));
  const whole = residual.cohort.trainees.map((t) => position.get(t.id) as number);
  const residualPrevious = whole.map((t) => previous[t] ?? null);
  const residualExcluded = new Map<number, ReadonlySet<RoleKey>>();
  whole.forEach((t, r) => {
    const keys = excluded.get(t);
    if (keys !== undefined) residualExcluded.set(r, keys);
  });
  const own = new Set<string>();
  for (const before of residualPrevious) for (const person of [before?.supervisor, before?.mentor]) if (person != null && residual.personById.has(person)) own.add(person);
  const built = buildModel(residual, { ownClass: own, fairness: true });
  if (built.model.variables.length > NEARBY_VARIABLES) return "too big";
  const stages: Stage[] = [{ kind: "cost" }, { kind: "changes", objective: changeObjective(built, { previous: residualPrevious, laterAway: residual.awayPeriods.map(() => true), excluded: residualExcluded }) }];
  const staged = solveStages(built, stages, [], { deadline, ...(signal === undefined ? {} : { signal }) });
  if (staged.values === null) return null;
  const choices = decodeChoices(built, staged.values);
  const byId = new Map(residual.cohort.trainees.map((t, r) => [t.id, choices[r] as TraineeChoice]));
  return cohort.trainees.map((t, i) => kept.get(i) ?? (byId.get(t.id) as TraineeChoice));
}

/**
 * Pins that keep each trainee's choice (its away members, supervisor and mentor; the host by a
 * host-period pin, or by the supervisor, a person of the host), leaving out a role the
 * cohort's own pins already fix.
 */
function keepPins(index: CohortIndex, choices: ReadonlyMap<number, TraineeChoice>): Pin[] {
  const pins: Pin[] = [];
  const hostPeriod = index.hostPeriods[0]?.id;
  for (const [t, choice] of choices) {
    const trainee = index.cohort.trainees[t]?.id;
    if (trainee === undefined) continue;
    const own = index.cohort.pins.filter((p) => p.trainee === trainee);
    const periods = new Set(own.map((p) => p.period));
    choice.away.forEach((member, p) => {
      const period = index.awayPeriods[p]?.id;
      if (member !== null && period !== undefined && !periods.has(period)) pins.push({ trainee, period, member });
    });
    if (hostPeriod !== undefined && choice.host !== null && index.cohort.trainees[t]?.host === undefined && !periods.has(hostPeriod)) pins.push({ trainee, period: hostPeriod, member: choice.host });
    if (choice.supervisor !== null && !own.some((p) => p.supervisor !== undefined)) pins.push({ trainee, supervisor: choice.supervisor });
    if (choice.mentor !== null && !own.some((p) => p.mentor !== undefined)) pins.push({ trainee, mentor: choice.mentor });
  }
  return pins;
}

function objectiveOf(index: CohortIndex, choices: readonly TraineeChoice[]): number {
  return objectiveOfAssignments(index, toAssignments(index, choices));
}
