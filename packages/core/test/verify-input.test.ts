/**
 * verifyPlan and parsePlan on input from outside: whatever the cohort and the plan are, they
 * answer (never throw); a cohort read from JSON, a parsed one and its index give the same
 * verdict; an invalid cohort or a plan out of shape is reported with the verifier's codes.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../src/domain/parse-plan.js";
import { parseCohort } from "../src/domain/validate.js";
import { VIOLATION_CODES, verifyPlan, type VerifyResult } from "../src/result/verify/index.js";
import { smallCohortArbitrary } from "./support/arbitraries.js";
import { bruteForceOptimum, planFromChoices } from "./support/brute-force.js";
import { mutateAt } from "./support/mutate.js";

/** A small cohort with a plan (its brute-force optimum), the same on every run. */
const { input, plan } = (() => {
  for (const candidate of fc.sample(smallCohortArbitrary({ ample: true }), { numRuns: 50, seed: 9 })) {
    const parsed = parseCohort(candidate);
    const best = parsed.ok ? bruteForceOptimum(parsed.cohort) : null;
    if (parsed.ok && best !== null && parsed.cohort.trainees.length >= 2) {
      return { input: candidate, plan: planFromChoices(parsed.cohort, best.choices) };
    }
  }
  throw new Error("no small cohort with a plan");
})();

/** A copy as JSON would give it: no defaults filled in, no shared objects. */
const asJson = <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function expectAnswer(result: VerifyResult): void {
  expect(typeof result.ok).toBe("boolean");
  expect(result.ok).toBe(result.violations.length === 0);
  for (const v of result.violations) {
    expect(VIOLATION_CODES).toContain(v.code);
    expect(typeof v.path).toBe("string");
    expect(v.message.length).toBeGreaterThan(0);
  }
}

describe("verifyPlan on input from outside", () => {
  it("takes the cohort as JSON, parsed, or as its index, with the same verdict", () => {
    const parsed = parseCohort(input);
    if (!parsed.ok) throw new Error("the fixture cohort is invalid");
    const fromJson = verifyPlan(asJson(input), asJson(plan));
    expect(fromJson).toMatchObject({ ok: true, violations: [] });
    expect(verifyPlan(parsed.cohort, plan)).toEqual(fromJson);
    expect(verifyPlan(parsed.index, plan)).toEqual(fromJson);
  });

  it("reports an invalid cohort as invalid_cohort, one per issue, then the plan's own shape problems", () => {
    const bad = { ...asJson(input), members: "none" };
    const issues = parseCohort(bad).issues;
    expect(issues.length).toBeGreaterThan(0);
    const result = verifyPlan(bad, { ...asJson(plan), format: "rotamatch.plan/v0" });
    expect(result.ok).toBe(false);
    expect(result.violations.map((v) => v.code)).toEqual([...issues.map(() => "invalid_cohort"), "wrong_format"]);
    expect(result.violations[0]?.message).toContain(issues[0]?.path ?? "");
    expect(result).toMatchObject({ objective: null, filled: null });
  });

  it("never throws, whatever the cohort and the plan", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (cohort, planInput) => {
        const result = verifyPlan(cohort, planInput);
        expectAnswer(result);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on a valid cohort with a plan edited anywhere", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.anything()), { minLength: 1, maxLength: 4 }), (edits) => {
        const edited = asJson(plan) as unknown;
        for (const [pick, value] of edits) mutateAt(edited, pick, value);
        expectAnswer(verifyPlan(input, edited));
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on values JSON cannot hold: throwing getters, a revoked proxy, a forged index", () => {
    const throwing = Object.defineProperty({ ...asJson(plan) }, "assignments", {
      enumerable: true,
      get: () => {
        throw new Error("no");
      },
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const forged = { cohort: {}, memberById: new Map(), personById: new Map(), traineeById: new Map(), organisationOf: () => "", offers: () => true };
    for (const [cohort, planInput] of [
      [input, throwing],
      [proxy, plan],
      [input, proxy],
      [forged, plan],
    ] as const) {
      const result = verifyPlan(cohort, planInput);
      expectAnswer(result);
      expect(result.ok).toBe(false);
    }
  });
});

describe("parsePlan", () => {
  it("returns the plan, typed, when it has the plan format", () => {
    const result = parsePlan(asJson(plan));
    expect(result).toEqual({ ok: true, plan, violations: [] });
  });

  it.each([
    ["another format", { format: "rotamatch.plan/v2" }, ["wrong_format format"]],
    ["a status the format does not have", { status: "great" }, ["invalid_plan status"]],
    ["assignments that are no list", { assignments: "none" }, ["invalid_plan assignments"]],
    ["a field the format does not have", { extra: 1 }, ["invalid_plan "]],
  ] as const)("refuses a plan with %s, at the field", (_name, change, expected) => {
    const result = parsePlan({ ...asJson(plan), ...change });
    expect(result.ok).toBe(false);
    expect(result.plan).toBeNull();
    expect(result.violations.map((v) => `${v.code} ${v.path}`)).toEqual(expected);
  });

  it("never throws, and refuses anything that is not a plan", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = parsePlan(value);
        expect(result.ok).toBe(false);
        expect(result.violations.every((v) => v.code === "invalid_plan" || v.code === "wrong_format")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with verifyPlan on the plan's shape", () => {
    const plans: unknown[] = [asJson(plan), { ...asJson(plan), status: "done" }, null, [], { ...asJson(plan), format: "x" }];
    for (const p of plans) {
      const parsed = parsePlan(p);
      const verified = verifyPlan(input, p);
      if (!parsed.ok) expect(verified.violations.slice(0, parsed.violations.length)).toEqual(parsed.violations);
      else expect(verified.ok).toBe(true);
    }
  });
});


describe("docs/format.md", () => {
  it("lists every violation code, once, in the order of VIOLATION_CODES", () => {
    const format = readFileSync(new URL("../../../docs/format.md", import.meta.url), "utf8");
    const start = format.indexOf("\n## Checking a plan against its cohort\n");
    expect(start).toBeGreaterThan(-1);
    const section = format.slice(start, format.indexOf("\n## ", start + 1));
    const rows = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...VIOLATION_CODES]);
  });
});
