/**
 * glpk.js (GLPK compiled to WebAssembly): the model in glpk.js's JSON format, solved by its
 * branch-and-cut with presolve, within the time left (whole seconds, GLPK's `tm_lim`). GLPK
 * reports no bound through glpk.js.
 */
import GLPK from "glpk.js/node";
import { fromGlpkAnswer, toGlpkJson } from "../formats/glpk-json.js";
import { genericRunner, remainingMs, type MipAnswer, type Runner } from "./answer.js";

/** Loads the WebAssembly module (before the clock starts) and returns the runner. */
export async function glpkRunner(): Promise<Runner> {
  const glpk = await GLPK();
  return genericRunner((model, deadline): MipAnswer => {
    const lp = toGlpkJson(model, glpk);
    const timeLimitS = remainingMs(deadline) / 1000;
    const started = performance.now();
    const { result } = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, tmlim: timeLimitS, presol: true });
    const solveMs = performance.now() - started;
    if (result.status === glpk.GLP_OPT || result.status === glpk.GLP_FEAS) {
      const status = result.status === glpk.GLP_OPT ? "optimal" : "feasible";
      return { status, values: fromGlpkAnswer(model, result.vars), bound: null, solveMs };
    }
    return { status: result.status === glpk.GLP_NOFEAS ? "infeasible" : "timedout", values: null, bound: null, solveMs };
  });
}
