/**
 * Why a cohort has no plan, in its own terms: counting checks that prove it (precheck.ts),
 * then the smallest capacity additions that would make a plan possible (relax.ts).
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { DiagnosisItem } from "../domain/schema.js";
import type { Solver } from "../solvers/solver.js";
import { precheckCohort } from "./precheck.js";
import { suggestCapacityChanges } from "./relax.js";
import { suggestChange } from "./suggested-change.js";

export interface DiagnoseOptions {
  /** Run the relaxed solve for capacity suggestions. */
  readonly relax: boolean;
  readonly solver: Solver;
  readonly deadline: number;
}

export function diagnoseInfeasible(index: CohortIndex, options: DiagnoseOptions): DiagnosisItem[] {
  const items = precheckCohort(index);
  if (options.relax) {
    const relaxed = suggestCapacityChanges(index, options.solver, options.deadline);
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
      items.push({
        code: "capacity_cannot_help",
        message:
          "No increase of capacities and no added supervisors or mentors would make a plan possible: the rules themselves " +
          "(specializations, organisations, pins or forbids) leave some trainee without any option. See the items above.",
        trainees: [],
        members: [],
        people: [],
        change: null,
      });
    }
  }
  if (items.length === 0) {
    items.push({
      code: "no_plan",
      message: "No plan satisfies every rule. Try allowUnassigned: true to see which roles cannot be filled.",
      trainees: [],
      members: [],
      people: [],
      change: suggestChange("relax-rule", { path: "rules.allowUnassigned" }),
    });
  }
  return items;
}
