/**
 * The network backend behind the cohort-level contract (../backend.ts): min-cost flows and
 * Lagrangian relaxation (index.ts). It builds no MIP model of its own, so its stats count 0
 * variables and rows; its problem is compiled once per index, whoever asks first.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { BackendOptions, BackendResult, CohortBackend } from "../backend.js";
import { estimateNetwork, networkSupports, solveNetwork, type NetworkEstimate, type NetworkProgress } from "./index.js";

export const networkBackend: CohortBackend & { estimate(index: CohortIndex): NetworkEstimate } = {
  name: "network",
  supports: networkSupports,
  estimate: estimateNetwork,
  solve(index: CohortIndex, options: BackendOptions): BackendResult {
    const report = options.onProgress;
    const onProgress =
      report === undefined ? undefined : (u: NetworkProgress) => report(u.incumbent === undefined ? { bound: u.bound } : { bound: u.bound, incumbent: u.incumbent });
    const result = solveNetwork(index, {
      deadline: options.deadline,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(onProgress === undefined ? {} : { onProgress }),
    });
    return {
      status: result.status,
      choices: result.choices,
      bound: result.bound,
      stats: { variables: 0, constraints: 0, solveMs: result.stats.ms },
    };
  },
};
