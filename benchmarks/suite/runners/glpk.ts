/**
 * glpk.js (GLPK compiled to WebAssembly): the model in glpk.js's JSON format, solved by its
 * branch-and-cut with presolve, within the time left (whole seconds, GLPK's `tm_lim`). GLPK
 * reports no bound through glpk.js.
 */
import GLPK from "glpk.js/node";
import { fromGlpkAnswer, toGlpkJson } from "../formats/glpk-json.js";
import { strongestModel } from "../model.js";
import { noPlan, planFromValues, remainingMs, type Finish, type Runner } from "./answer.js";

/** Loads the WebAssembly module (before the clock starts) and returns the runner. */
export async function glpkRunner(): Promise<Runner> {
  const glpk = await GLPK();
  return (cohort, deadline): Finish => {
    const model = strongestModel(cohort);
    const lp = toGlpkJson(model, glpk);
    const timeLimitS = remainingMs(deadline) / 1000;
    const started = performance.now();
    const { result } = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, tmlim: timeLimitS, presol: true });
    const solveMs = performance.now() - started;
    if (result.status === glpk.GLP_OPT || result.status === glpk.GLP_FEAS) {
      const values = fromGlpkAnswer(model, result.vars);
      const status = result.status === glpk.GLP_OPT ? "optimal" : "feasible";
      return () => planFromValues(model, values, status, null, solveMs);
    }
    if (result.status === glpk.GLP_NOFEAS) return () => noPlan("infeasible", solveMs);
    return () => noPlan("timedout", solveMs);
  };
}
