/**
 * javascript-lp-solver on its own: the model in its JSON format, solved by its `Solve` with
 * its own branch-and-cut and default options (no rotamatch branch-and-bound, cuts or
 * heuristics). Its timeout is checked between branch-and-bound nodes only, so one long simplex
 * can overrun it (the parent then stops the process). It reports no bound; an integral answer
 * that came back before the timeout is taken as proven optimal.
 */
import jslpModule from "javascript-lp-solver";
import { fromJslpAnswer, toJslpJson } from "../formats/jslp-json.js";
import { genericRunner, remainingMs, type MipAnswer, type Runner } from "./answer.js";

// The package's types put the API under `.default`; Node hands it over directly (see the core's jslp backend).
type JslpApi = typeof jslpModule.default;
const jslp: JslpApi = (jslpModule as unknown as { default?: JslpApi }).default ?? (jslpModule as unknown as JslpApi);

export const jslpPlainRunner: Runner = genericRunner((model, deadline): MipAnswer => {
  const timeoutMs = remainingMs(deadline);
  const started = performance.now();
  const answer = jslp.Solve(toJslpJson(model, timeoutMs)) as Record<string, unknown>;
  const solveMs = performance.now() - started;
  const timedOut = solveMs >= timeoutMs;
  if (answer.feasible !== true) return { status: timedOut ? "timedout" : "infeasible", values: null, bound: null, solveMs };
  if (answer.isIntegral !== true) return { status: "timedout", values: null, bound: null, solveMs };
  return { status: timedOut ? "feasible" : "optimal", values: fromJslpAnswer(model, answer), bound: null, solveMs };
});
