/**
 * HiGHS (the `highs` package: HiGHS compiled to WebAssembly), a benchmark-only comparison. The
 * model goes in as structured sparse data (see formats/highs-data.ts); HiGHS is asked to prove
 * optimality (relative gap 1e-9, like rotamatch's exact backend, instead of its default 1e-4)
 * within the time left, and reports its dual bound.
 */
import highsModule, { type Highs } from "highs";
import { toHighsData } from "../formats/highs-data.js";
import { genericRunner, remainingMs, type MipAnswer, type Runner } from "./answer.js";

// The package's types describe a CommonJS module whose `default` is the loader; Node's ESM
// entry (build/highs.mjs) hands over the loader itself.
type LoadHighs = typeof highsModule.default;
const loadHighs: LoadHighs = (highsModule as unknown as { default?: LoadHighs }).default ?? (highsModule as unknown as LoadHighs);

/** HiGHS's model status codes used here (see the package's ModelStatusCode). */
const OPTIMAL = 7;
const INFEASIBLE = 8;
/** info "primal_solution_status": 2 when a feasible solution is at hand. */
const FEASIBLE_SOLUTION = 2;

/** Loads the WebAssembly module (before the clock starts) and returns the runner. */
export async function highsRunner(): Promise<Runner> {
  const highs: Highs = await loadHighs();
  return genericRunner((model, deadline): MipAnswer => {
    const data = toHighsData(model, highs.infinity);
    const started = performance.now();
    const hm = highs.createModel(data);
    try {
      hm.options.set({ output_flag: false, time_limit: remainingMs(deadline) / 1000, mip_rel_gap: 1e-9 });
      const { modelStatus } = hm.run();
      const solveMs = performance.now() - started;
      const dual = Number(hm.info.get("mip_dual_bound"));
      const bound = Number.isFinite(dual) ? dual : null;
      if (modelStatus === INFEASIBLE) return { status: "infeasible", values: null, bound: null, solveMs };
      if (Number(hm.info.get("primal_solution_status")) !== FEASIBLE_SOLUTION) return { status: "timedout", values: null, bound, solveMs };
      const values = Float64Array.from(hm.getSolution().colValue, (v, j) => (model.variables[j]?.integer ? Math.round(v) : v));
      return { status: modelStatus === OPTIMAL ? "optimal" : "feasible", values, bound, solveMs };
    } finally {
      hm.dispose();
    }
  });
}
