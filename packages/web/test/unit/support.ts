import { readFileSync } from "node:fs";
import { solveCohort, type CohortInput, type Plan } from "@rotamatch/core";

/** A fresh copy of the Romerike 2013 cohort. */
export function romerike(): CohortInput {
  return JSON.parse(readFileSync(new URL("../../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
}

/** The core's plan for a cohort (in process). */
export function planOf(cohort: CohortInput): Plan {
  const result = solveCohort(cohort, { timeLimitMs: 20_000 });
  if (!result.ok) throw new Error(`invalid cohort: ${JSON.stringify(result.issues)}`);
  return result.plan;
}
