/**
 * javascript-lp-solver on its own: the model in its JSON format, solved by its `Solve` with
 * its own branch-and-cut and default options (no rotamatch branch-and-bound, cuts or
 * heuristics). Its timeout is checked between branch-and-bound nodes only, so one long simplex
 * can overrun it (the parent then stops the process). It reports no bound; an integral answer
 * that came back before the timeout is taken as proven optimal.
 */
import jslpModule from "javascript-lp-solver";
import { strongestModel } from "../model.js";
import { fromJslpAnswer, toJslpJson } from "../formats/jslp-json.js";
import { noPlan, planFromValues, remainingMs, type Runner } from "./answer.js";

// The package's types put the API under `.default`; Node hands it over directly (see the core's jslp backend).
type JslpApi = typeof jslpModule.default;
const jslp: JslpApi = (jslpModule as unknown as { default?: JslpApi }).default ?? (jslpModule as unknown as JslpApi);

export const jslpPlainRunner: Runner = (cohort, deadline) => {
  const model = strongestModel(cohort);
  const timeoutMs = remainingMs(deadline);
  const started = performance.now();
  const answer = jslp.Solve(toJslpJson(model, timeoutMs)) as Record<string, unknown>;
  const solveMs = performance.now() - started;
  const timedOut = solveMs >= timeoutMs;
  if (answer.feasible !== true) return () => noPlan(timedOut ? "timedout" : "infeasible", solveMs);
  if (answer.isIntegral !== true) return () => noPlan("timedout", solveMs);
  const values = fromJslpAnswer(model, answer);
  return () => planFromValues(model, values, timedOut ? "feasible" : "optimal", null, solveMs);
};
