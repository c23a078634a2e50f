/**
 * What-if (`rotamatch.whatif/v1`): pins in, answer out. A what-if is a re-plan made before the
 * programme starts with the pins added, except for the order of the stages: the least
 * objective with the pins first, then, among the plans of that objective, the fewest changes to
 * the plan (the roles the pins set themselves are not counted). `delta` is that objective minus
 * the plan's, when proven; otherwise `deltaBound`, a proven lower bound on it.
 *
 * The plan must be a plan of this very cohort (it passes verifyPlan against it); pins that
 * break a hard rule are the cohort's pin issues, with paths `pins[j]` into the pins given.
 *
 * Small cohorts are solved on the exact MIP model in stages (lexicographic.ts); cohorts whose
 * exact model is too big, by replanCohort's "auto" rule, on the network backend
 * (what-if-network.ts). No solve starts after the deadline: a stage that would is skipped,
 * and the answer is the plan in hand, not proven (`feasible`), or none (`timedout`).
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { TraineeChoice } from "../domain/cost.js";
import { formatPath, type Issue } from "../domain/issues.js";
import type { PlanJson } from "../domain/parse-plan.js";
import { WHATIF_FORMAT, type Change, type WhatIfAnswer } from "../domain/replan-schema.js";
import type { Pin, SolvedPlan } from "../domain/schema.js";
import { parseCohort } from "../domain/validate.js";
import { buildModel, type BuiltModel } from "../model/build-model.js";
import { decodeChoices } from "../model/decode.js";
import type { LinearConstraint } from "../model/linear-model.js";
import { verifyPlan } from "../result/verify.js";
import { deadlineOf, mustVerify, planWithout, solvedPlan, type CommonOptions } from "./assemble.js";
import { diffChoices } from "./changes.js";
import { checkPlanFitsCohort, choiceOfAssignment, readCohortPart, readPlanPart } from "./inputs.js";
import { changeObjective, solveStages, type RoleKey, type Stage } from "./lexicographic.js";
import { networkReplanWanted } from "./network.js";
import { compareOnNetwork, floorDeadline, networkFloor } from "./what-if-network.js";

export interface WhatIfOptions extends CommonOptions {
  /**
   * "auto" (the default), "jslp" or "network", as replanCohort's: "jslp" solves on the exact
   * MIP model in stages (the least objective, then the fewest changes, both proven when the
   * stages are); "network" on the network backend (what-if-network.ts: the least objective
   * with a bound, the fewest changes when keeping everyone else's roles is as cheap). "auto"
   * takes the network when the exact model would have more than AUTO_EXACT_REPLAN_VARIABLES
   * variables (estimated before it is built), so small cohorts answer as before.
   */
  readonly backend?: WhatIfBackend;
}

export type WhatIfBackend = "auto" | "jslp" | "network";

/** A backend a what-if or an explanation does not take is a programming error, thrown as replanCohort throws it. */
export function checkBackend(backend: unknown): void {
  if (backend !== undefined && backend !== "auto" && backend !== "jslp" && backend !== "network") {
    throw new TypeError(`unknown backend "${String(backend)}" (use "auto", "jslp" or "network")`);
  }
}

/** Whether a what-if or an explanation runs on the network backend (see WhatIfOptions.backend). */
export function onNetwork(backend: WhatIfBackend | undefined, index: CohortIndex): boolean {
  return backend === "network" || ((backend ?? "auto") === "auto" && networkReplanWanted(index));
}

export type WhatIfResult =
  | { readonly ok: true; readonly answer: WhatIfAnswer; readonly issues: readonly [] }
  | { readonly ok: false; readonly answer: null; readonly issues: readonly Issue[] };

/** The least objective with `pins` added to the cohort, its delta against `plan`, and the fewest changes to reach it. */
export function whatIf(cohort: unknown, plan: unknown, pins: unknown, options: WhatIfOptions = {}): WhatIfResult {
  const started = performance.now();
  const deadline = deadlineOf(options, started);
  checkBackend(options.backend);
  const base = readBase(cohort, plan);
  if ("issues" in base) return { ok: false, answer: null, issues: base.issues };
  if (!Array.isArray(pins)) return { ok: false, answer: null, issues: [{ code: "invalid_type", path: "pins", message: "The pins must be a list." }] };
  if (pins.length === 0 || pins.length > 1000) {
    const message = pins.length === 0 ? "A what-if needs at least one pin." : "A what-if takes at most 1000 pins.";
    return { ok: false, answer: null, issues: [{ code: pins.length === 0 ? "too_small" : "too_big", path: "pins", message }] };
  }
  const withPins = addPins(base.index, pins);
  if ("issues" in withPins) return { ok: false, answer: null, issues: withPins.issues };
  const { index, added } = withPins;
  const previous = choicesOf(index, base.plan);
  const excluded = new Map<number, Set<RoleKey>>();
  for (const pin of added) {
    const t = index.traineePosition.get(pin.trainee);
    if (t === undefined) continue;
    const keys = excluded.get(t) ?? new Set<RoleKey>();
    excluded.set(t, keys);
    for (const key of roleKeysOf(index, pin)) keys.add(key);
  }
  const compareOptions: CompareOptions = { deadline, started, ...(options.signal === undefined ? {} : { signal: options.signal }) };
  const compared = onNetwork(options.backend, index)
    ? compareOnNetwork(index, previous, excluded, base.objective, networkFloor(base.index, floorDeadline(deadline), options.signal), compareOptions)
    : compareWithPlan(index, buildModel(index, { ownClass: peopleOf(base.plan), fairness: true }), previous, excluded, [], base.objective, compareOptions);
  return {
    ok: true,
    answer: {
      format: WHATIF_FORMAT,
      pins: added,
      status: compared.plan.status,
      objective: compared.plan.objective,
      delta: compared.delta,
      deltaBound: compared.deltaBound,
      changes: compared.changes,
      plan: compared.plan.status === "optimal" || compared.plan.status === "feasible" ? compared.plan : null,
    },
    issues: [],
  };
}

/** The cohort and a plan of it, with the plan's recomputed objective. */
export function readBase(cohort: unknown, plan: unknown): { readonly index: CohortIndex; readonly plan: PlanJson; readonly objective: number } | { readonly issues: Issue[] } {
  const cohortPart = readCohortPart(cohort);
  const planPart = readPlanPart(plan);
  const issues = [...("issues" in cohortPart ? cohortPart.issues : []), ...("issues" in planPart ? planPart.issues : [])];
  if ("issues" in cohortPart || "issues" in planPart) return { issues };
  const misfit = checkPlanFitsCohort(cohortPart.index, planPart.plan);
  if (misfit.length > 0) return { issues: misfit };
  const objective = verifyPlan(cohortPart.index, planPart.plan).objective ?? planPart.plan.objective ?? 0;
  return { index: cohortPart.index, plan: planPart.plan, objective };
}

/** The cohort with the what-if's pins added, validated; the pins' issues at `pins[j]`. */
export function addPins(index: CohortIndex, pins: readonly unknown[]): { readonly index: CohortIndex; readonly added: Pin[] } | { readonly issues: Issue[] } {
  const cohort = index.cohort;
  const parsed = parseCohort({ ...cohort, pins: [...cohort.pins, ...pins] });
  if (!parsed.ok) {
    const own = cohort.pins.length;
    return {
      issues: parsed.issues.map((issue) => {
        const match = /^pins\[(\d+)\](.*)$/.exec(issue.path);
        const k = match === null ? -1 : Number(match[1]);
        if (k >= own) return { ...issue, path: `${formatPath(["pins", k - own])}${match?.[2] ?? ""}` };
        return { ...issue, path: issue.path === "" ? "cohort" : `cohort.${issue.path}` };
      }),
    };
  }
  return { index: parsed.index, added: parsed.cohort.pins.slice(cohort.pins.length) };
}

function roleKeysOf(index: CohortIndex, pin: Pin): RoleKey[] {
  if (pin.mentor !== undefined) return ["mentor"];
  if (pin.supervisor !== undefined) return ["supervisor"];
  const p = index.awayPeriods.findIndex((x) => x.id === pin.period);
  return p === -1 ? ["host"] : [`away:${p}`];
}

/** Each cohort trainee's choice in the plan (null for one the plan lacks, which a verified plan never does). */
export function choicesOf(index: CohortIndex, plan: PlanJson): (TraineeChoice | null)[] {
  const byTrainee = new Map(plan.assignments.map((a) => [a.trainee, a]));
  return index.cohort.trainees.map((t) => {
    const a = byTrainee.get(t.id);
    return a === undefined ? null : choiceOfAssignment(index, a);
  });
}

/** The people a plan names: each gets a class of its own, so that keeping them is one variable. */
export function peopleOf(plan: PlanJson): Set<string> {
  const out = new Set<string>();
  for (const a of plan.assignments) {
    if (a.supervisor !== null) out.add(a.supervisor);
    if (a.mentor !== null) out.add(a.mentor);
  }
  return out;
}

export interface CompareOptions {
  readonly deadline: number;
  readonly started: number;
  readonly signal?: AbortSignal;
  /** false: an impossible option gets no diagnosis (explanations only need to know that it is impossible). */
  readonly diagnose?: boolean;
  /**
   * On the network: the most time the exact re-plan of the trainees the network's plan moves
   * may take (what-if-network.ts, default RESIDUAL_MS); 0 skips it. An explanation of many
   * options gives each its share of the time left instead.
   */
  readonly residualMs?: number;
}

export interface Compared {
  readonly plan: ReturnType<typeof planWithout> | SolvedPlan;
  readonly delta: number | null;
  readonly deltaBound: number | null;
  readonly changes: Change[];
  /** On the network: whether the exact re-plan of the moved trainees ran and answered in its time. */
  readonly residual?: "finished" | "unfinished";
}

/**
 * The staged solve of a what-if (fill, then cost, then changes) on a built model plus rows,
 * compared with the plan's choices. Shared with explanations, which pin an option by a row.
 */
export function compareWithPlan(
  index: CohortIndex,
  built: BuiltModel,
  previous: readonly (TraineeChoice | null)[],
  excluded: ReadonlyMap<number, ReadonlySet<RoleKey>>,
  rows: readonly LinearConstraint[],
  planObjective: number,
  options: CompareOptions,
): Compared {
  const laterAway = index.awayPeriods.map(() => true);
  const changes: Stage = { kind: "changes", objective: changeObjective(built, { previous, laterAway, excluded }) };
  const stages: Stage[] = index.cohort.rules.allowUnassigned ? [{ kind: "fill" }, { kind: "cost" }, changes] : [{ kind: "cost" }, changes];
  const staged = solveStages(built, stages, rows, { deadline: options.deadline, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  if (staged.values === null) {
    const plan = options.diagnose === false && staged.status === "infeasible" ? noPlan(staged.solveMs, "jslp") : planWithout(index, staged, options.deadline, options.started);
    return { plan, delta: null, deltaBound: null, changes: [] };
  }
  const choices = decodeChoices(built, staged.values);
  const plan = solvedPlan(index, built, choices, staged, options.started);
  mustVerify(index, plan);
  // Under allowUnassigned the objective compares plans that fill as many roles; the delta is still this minus the plan's.
  const proven = plan.status === "optimal";
  return {
    plan,
    delta: proven ? plan.objective - planObjective : null,
    deltaBound: proven ? null : plan.bound - planObjective,
    changes: diffChoices(index, previous, choices, { laterAway, excluded }),
  };
}

/** An infeasible answer without the diagnosis (explanations only need to know that it is impossible). */
export function noPlan(solveMs: number, backend: "jslp" | "network"): ReturnType<typeof planWithout> {
  return {
    format: "rotamatch.plan/v1",
    status: "infeasible",
    objective: null,
    bound: null,
    assignments: [],
    unassigned: [],
    diagnosis: [{ code: "no_plan", message: "No plan gives this option.", trainees: [], members: [], people: [], change: null }],
    stats: { backend, solveMs, totalMs: 0, variables: 0, constraints: 0 },
  };
}
