/**
 * rotamatch through its public entry point, `solveCohort(cohort, { backend })`: validation,
 * model building, the backend, decoding and verification, all inside the time limit. The plan
 * is verified once more here with `verifyPlan`, which knows nothing about the solver.
 */
import { parseCohort, solveCohort, verifyPlan, type SolveOptions } from "../../../packages/core/src/index.js";
import { failedAnswer, noPlan, remainingMs, type Runner } from "./answer.js";

export function rotamatchRunner(backend: string): Runner {
  return (cohort, deadline) => {
    // A backend the library does not know yet (the network backend before it lands) makes
    // solveCohort throw a TypeError; the child reports it as an error.
    const options = { backend, timeLimitMs: remainingMs(deadline) } as SolveOptions;
    const result = solveCohort(cohort, options);
    return () => {
      if (!result.ok) return failedAnswer(`invalid cohort: ${result.issues.length} issues`);
      const plan = result.plan;
      const solveMs = plan.stats?.solveMs ?? null;
      if (plan.status === "infeasible") return noPlan("infeasible", solveMs);
      if (plan.status === "timedout" || plan.objective === null) return noPlan("timedout", solveMs, plan.bound);
      const parsed = parseCohort(cohort);
      const verified = parsed.ok && verifyPlan(parsed.index.cohort, plan).ok;
      // With allowUnassigned the plan lists each role it leaves empty.
      const emptyRoles = parsed.ok && parsed.index.cohort.rules.allowUnassigned ? plan.unassigned.length : null;
      return { status: plan.status, objective: plan.objective, bound: plan.bound, emptyRoles, solveMs, verified, error: null };
    };
  };
}
