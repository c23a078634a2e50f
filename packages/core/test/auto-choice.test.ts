/**
 * "auto" sends small cohorts the decomposition cannot take to jslp without compiling the
 * network problem (model/size-bound.ts). That shortcut must never change the choice: its
 * "surely not decomposable" must agree with the network estimate, and its bound on the model's
 * variables must never be below the estimate. Checked on small random cohorts (pins, forbids,
 * allowUnassigned, both mentor rules), generated networks of every kind, and the examples.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CohortIndex } from "../src/domain/cohort-index.js";
import { parseCohort } from "../src/domain/validate.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { modelVariablesAtMost, surelyNotDecomposable } from "../src/model/size-bound.js";
import { AUTO_JSLP_VARIABLES, chooseBackend } from "../src/plan.js";
import { estimateNetwork } from "../src/solvers/network/index.js";
import { smallCohortArbitrary } from "./support/arbitraries.js";

function indexOf(input: unknown): CohortIndex | null {
  const parsed = parseCohort(input);
  return parsed.ok ? parsed.index : null;
}

/** The choice "auto" made before the shortcut: from the network estimate alone. */
function choiceByEstimate(index: CohortIndex): string {
  const estimate = estimateNetwork(index);
  if (estimate.decomposable) return "network";
  return estimate.modelVariables <= AUTO_JSLP_VARIABLES ? "jslp" : "network";
}

function checkAgainstEstimate(index: CohortIndex): void {
  const estimate = estimateNetwork(index);
  if (surelyNotDecomposable(index)) expect(estimate.decomposable).toBe(false);
  expect(modelVariablesAtMost(index)).toBeGreaterThanOrEqual(estimate.modelVariables);
  expect(chooseBackend(index, "auto").name).toBe(choiceByEstimate(index));
}

describe("auto's shortcut to jslp (model/size-bound.ts)", () => {
  it("agrees with the network estimate on small random cohorts", () => {
    fc.assert(
      fc.property(fc.oneof(smallCohortArbitrary(), smallCohortArbitrary({ allowUnassigned: true })), (input) => {
        const index = indexOf(input);
        if (index !== null) checkAgainstEstimate(index);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    { trainees: 10, members: 8, hosts: "chosen", awayPeriods: 1, mentorOutside: "host-and-away" },
    { trainees: 10, members: 8, hosts: "chosen", awayPeriods: 2, mentorOutside: "host" },
    { trainees: 30, members: 12, hosts: "given", awayPeriods: 1, mentorOutside: "host" },
    { trainees: 30, members: 12, hosts: "given", awayPeriods: 2, mentorOutside: "host-and-away" },
    { trainees: 50, members: 30, hosts: "chosen", awayPeriods: 1, mentorOutside: "host-and-away" },
    { trainees: 50, members: 30, hosts: "given", awayPeriods: 2, mentorOutside: "host" },
  ] as const)("agrees with the network estimate on generated $trainees x $members, hosts $hosts, $awayPeriods away", (options) => {
    const index = indexOf(generateCohort({ ...options, seed: 1 }));
    expect(index).not.toBeNull();
    if (index !== null) checkAgainstEstimate(index);
  });

  it.each(["romerike-2008", "romerike-2009", "romerike-2011", "romerike-2013"])("takes the shortcut on %s and agrees with the estimate", (name) => {
    const index = indexOf(JSON.parse(readFileSync(new URL(`../../../examples/${name}.json`, import.meta.url), "utf8")));
    expect(index).not.toBeNull();
    if (index === null) return;
    checkAgainstEstimate(index);
  });

  it("takes the shortcut on Romerike 2013 (a trainee's host is chosen, the model is small)", () => {
    const index = indexOf(JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")));
    expect(index).not.toBeNull();
    if (index === null) return;
    expect(surelyNotDecomposable(index)).toBe(true);
    expect(modelVariablesAtMost(index)).toBeLessThanOrEqual(AUTO_JSLP_VARIABLES);
  });
});
