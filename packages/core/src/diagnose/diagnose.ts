/**
 * Why a cohort has no plan, in its own terms: counting checks that prove it (precheck.ts and
 * its rule families under precheck/), then the smallest capacity additions that would make a
 * plan possible (relax.ts).
 *
 * Time: every step honours the caller's absolute deadline. When it passes, the answer is what
 * the diagnosis has by then: the precheck items found so far, and `capacity_fix_timedout` when
 * the relaxed solve was wanted but found nothing in time.
 */
import type { DiagnosisCode } from "../domain/diagnosis-codes.js";
import type { CohortIndex } from "../domain/cohort-index.js";
import type { DiagnosisItem, SuggestedChange } from "../domain/schema.js";
import type { Solver } from "../solvers/solver.js";
import type { StopSignal } from "../solvers/stop.js";
import { precheckCohort } from "./precheck.js";
import { suggestCapacityChanges } from "./relax.js";
import { suggestChange } from "./suggested-change.js";

export interface DiagnoseOptions {
  /** Run the relaxed solve for capacity suggestions. */
  readonly relax: boolean;
  readonly solver: Solver;
  /** performance.now() value by which to answer: the caller's own, never extended here. */
  readonly deadline: number;
  /** Stops the diagnosis as the deadline would. */
  readonly signal?: StopSignal;
}

export function diagnoseInfeasible(index: CohortIndex, options: DiagnoseOptions): DiagnosisItem[] {
  const { deadline, signal } = options;
  const items = precheckCohort(index, { deadline, signal });
  if (options.relax) {
    const relaxed = suggestCapacityChanges(index, options.solver, deadline, signal);
    if (relaxed.kind === "changes" && relaxed.items.length > 0) {
      items.push({
        code: "smallest_capacity_fix",
        message: `${relaxed.proven ? "The smallest" : "A"} set of capacity changes that makes a plan possible: ${relaxed.items.length} change${relaxed.items.length === 1 ? "" : "s"}, listed below.`,
        trainees: [...new Set(relaxed.items.flatMap((i) => i.trainees))],
        members: [...new Set(relaxed.items.flatMap((i) => i.members))],
        people: [...new Set(relaxed.items.flatMap((i) => i.people))],
        change: null,
      });
      items.push(...relaxed.items);
    } else if (relaxed.kind === "capacity-cannot-help") {
      items.push(
        generalItem(
          "capacity_cannot_help",
          "No increase of capacities and no added supervisors or mentors would make a plan possible: the rules themselves " +
            "(specializations, organisations, pins or forbids) leave some trainee without any option. See the items above.",
          null,
        ),
      );
    } else if (relaxed.kind === "timedout") {
      items.push(
        generalItem(
          "capacity_fix_timedout",
          "The time limit ran out before the diagnosis could look for capacity changes that would make a plan possible. " +
            "Allow more time, or try allowUnassigned: true to see which roles cannot be filled.",
          suggestChange("relax-rule", { path: "rules.allowUnassigned" }),
        ),
      );
    }
  }
  if (items.length === 0) {
    items.push(
      generalItem(
        "no_plan",
        "No plan satisfies every rule. Try allowUnassigned: true to see which roles cannot be filled.",
        suggestChange("relax-rule", { path: "rules.allowUnassigned" }),
      ),
    );
  }
  return items;
}

/** An item about the cohort as a whole: it names no trainee, member or person. */
function generalItem(code: DiagnosisCode, message: string, change: SuggestedChange | null): DiagnosisItem {
  return { code, message, trainees: [], members: [], people: [], change };
}
