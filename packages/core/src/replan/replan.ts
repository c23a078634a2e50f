/**
 * Re-planning (`rotamatch.replan/v1`): from a published plan and the cohort as it is now, a
 * plan that disturbs as little as possible as of a date. What has started stays (derive.ts);
 * then, on the exact MIP model in stages (lexicographic.ts): under allowUnassigned the most
 * filled roles first, then the fewest changed roles of the continuing trainees, then the least
 * objective. When every stage is proven optimal, the plan's status is `optimal` for that
 * lexicographic objective: no plan changes fewer roles, and none with as few changes costs less.
 * Cohorts whose exact model is too big to build in time (about 1,000 trainees) are re-planned
 * on the network backend instead (network.ts): every role that may stay is pinned, so the
 * fewest changes are proven whenever that leaves room, and the objective comes with a bound.
 *
 * Re-planning a cohort with its own plan, nothing changed, gives the same assignments (the
 * same bytes) and no changes: with 0 changes allowed, every role of every trainee is fixed.
 *
 * Every plan returned passes verifyPlan against the cohort it was solved as (the cohort with
 * the started placements pinned; against the cohort itself too when no started placement
 * needed a member back or a capacity raised) and verifyReplan (nothing started has moved).
 */
import type { Issue } from "../domain/issues.js";
import type { ReplanChange } from "../domain/replan-schema.js";
import type { InfeasiblePlan, SolvedPlan, TimedOutPlan } from "../domain/schema.js";
import { buildModel } from "../model/build-model.js";
import { decodeChoices } from "../model/decode.js";
import { PlanVerificationError } from "../plan.js";
import { verifyReplan } from "../result/verify/replan.js";
import { deadlineOf, mustVerify, planWithout, solvedPlan, type CommonOptions } from "./assemble.js";
import { replanChanges } from "./changes.js";
import { buildReplanSetup, type ReplanWarning } from "./derive.js";
import { checkAsOf, checkPlanAgainstProgramme, parseReplanRequest, readCohortPart, readPlanPart } from "./inputs.js";
import { changeObjective, solveStages, type Stage, type StageReport } from "./lexicographic.js";
import { networkReplanWanted, replanOnNetwork } from "./network.js";

export type { ReplanWarning } from "./derive.js";

export interface ReplanOptions extends CommonOptions {
  /** Placements whose period started before this day (YYYY-MM-DD) stay as they were. */
  readonly asOf: string;
  /**
   * "auto" (the default), "jslp" or "network". "jslp" solves on the exact MIP model in stages,
   * so that the fewest changes are proven; "network" keeps every role that may stay with pins
   * and solves on the network backend (network.ts: the fewest changes proven when that has a
   * plan, the objective with a bound). "auto" takes the exact model when it has at most
   * AUTO_EXACT_REPLAN_VARIABLES variables (estimated before it is built, as solve's "auto"),
   * the network otherwise; a re-plan the network cannot say goes to the exact model, with the
   * warning `network_refused`.
   */
  readonly backend?: "auto" | "jslp" | "network";
  /**
   * Called after each stage of the solve ("fill", "changes", "cost") with its value and bound;
   * on the network, once the plan is settled: "changes" (its count and the proven least), "cost".
   */
  readonly onProgress?: (progress: ReplanProgress) => void;
}

export interface ReplanProgress extends StageReport {
  readonly elapsedMs: number;
}

/** A re-planned plan: the plan format plus every change with its reason (none without a plan). */
export type ReplanPlan = (SolvedPlan | InfeasiblePlan | TimedOutPlan) & { readonly changes: readonly ReplanChange[] };

export type ReplanResult =
  | { readonly ok: true; readonly plan: ReplanPlan; readonly warnings: readonly ReplanWarning[]; readonly issues: readonly [] }
  | { readonly ok: false; readonly plan: null; readonly warnings: readonly []; readonly issues: readonly Issue[] };

/**
 * Re-plans `previousPlan` for the cohort as it is now, as of `options.asOf`. Bad input (a
 * cohort or plan that cannot be read, a plan that does not fit the programme, a date outside
 * it, a cohort that contradicts what has started) is answered with issues, never thrown; paths
 * are under `cohort.`, `plan.` and `asOf` as in a `rotamatch.replan/v1` document.
 */
export function replanCohort(cohort: unknown, previousPlan: unknown, options: ReplanOptions): ReplanResult {
  const started = performance.now();
  const deadline = deadlineOf(options, started);
  const backend = options.backend ?? "auto";
  if (backend !== "auto" && backend !== "jslp" && backend !== "network") {
    throw new TypeError(`unknown backend "${String(backend)}" for a re-plan (use "auto", "jslp" or "network")`);
  }
  const cohortPart = readCohortPart(cohort);
  const planPart = readPlanPart(previousPlan);
  const issues: Issue[] = [...("issues" in cohortPart ? cohortPart.issues : []), ...("issues" in planPart ? planPart.issues : [])];
  if ("issues" in cohortPart || "issues" in planPart) return failed(issues);
  const index = cohortPart.index;
  const plan = planPart.plan;
  issues.push(...checkAsOf(index, options.asOf), ...checkPlanAgainstProgramme(index, plan));
  if (issues.length > 0) return failed(issues);

  const prepared = buildReplanSetup(index, plan, options.asOf);
  if ("issues" in prepared) return failed(prepared.issues);
  const setup = prepared.setup;
  let refused: ReplanWarning | null = null;
  if (backend === "network" || (backend === "auto" && networkReplanWanted(setup.index))) {
    const report = options.onProgress;
    const answer = replanOnNetwork({
      index,
      plan,
      setup,
      asOf: options.asOf,
      deadline,
      started,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(report === undefined ? {} : { onStage: (r: StageReport) => report({ ...r, elapsedMs: performance.now() - started }) }),
    });
    if (!("refused" in answer)) return { ok: true, plan: answer.plan, warnings: answer.warnings, issues: [] };
    refused = { code: "network_refused", path: "backend", message: `The network backend cannot re-plan this (${answer.refused}); it was solved on the exact model.` };
  }
  const warnings = refused === null ? setup.warnings : [...setup.warnings, refused];
  const built = buildModel(setup.index, { ownClass: setup.ownClass, fairness: true });
  const changes: Stage = { kind: "changes", objective: changeObjective(built, { previous: setup.previous, laterAway: setup.laterAway }) };
  const stages: Stage[] = setup.index.cohort.rules.allowUnassigned ? [{ kind: "fill" }, changes, { kind: "cost" }] : [changes, { kind: "cost" }];
  const report = options.onProgress;
  const staged = solveStages(built, stages, setup.extraRows(built), {
    deadline,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(report === undefined ? {} : { onStage: (r: StageReport) => report({ ...r, elapsedMs: performance.now() - started }) }),
  });
  if (staged.values === null) {
    return { ok: true, plan: { ...planWithout(setup.index, staged, deadline, started), changes: [] }, warnings, issues: [] };
  }
  const choices = decodeChoices(built, staged.values);
  const solved = solvedPlan(setup.index, built, choices, staged, started);
  mustVerify(setup.index, solved);
  if (setup.sameRules) mustVerify(index, solved);
  const kept = verifyReplan(index, plan, solved, options.asOf);
  if (!kept.ok) throw new PlanVerificationError(kept.violations);
  const replanned: ReplanPlan = { ...solved, changes: replanChanges(setup.index, setup.previous, choices, setup.laterAway, setup.leavers) };
  return { ok: true, plan: replanned, warnings, issues: [] };
}

/** replanCohort on a `rotamatch.replan/v1` document (`{format, asOf, cohort, plan}`). */
export function replanRequest(request: unknown, options: Omit<ReplanOptions, "asOf"> = {}): ReplanResult {
  const read = parseReplanRequest(request);
  if (!read.ok) return failed([...read.issues]);
  return replanCohort(read.cohort, read.plan, { ...options, asOf: read.asOf });
}

function failed(issues: readonly Issue[]): ReplanResult {
  return { ok: false, plan: null, warnings: [], issues };
}

