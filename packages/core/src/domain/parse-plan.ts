/**
 * Reading a plan that comes from outside (a file, a request): its shape against the plan
 * schema, every problem as a violation with the verifier's codes (`invalid_plan`,
 * `wrong_format`) and a path into the plan. Whether the plan fits a cohort is for
 * `verifyPlan`; `parsePlan` never throws, whatever it is given.
 */
import { formatPath, type PathSegment } from "./issues.js";
import { PLAN_FORMAT, planSchema, type PlanJson } from "./schema.js";
import type { PlanViolation } from "../result/verify/codes.js";
import { quote } from "../util/words.js";

export type { PlanJson } from "./schema.js";

/**
 * A plan read: typed as the format allows it (`PlanJson`: any status with any numbers), not
 * yet as a plan that keeps the rules (`Plan`): that takes `verifyPlan` against its cohort.
 */
export type PlanParseResult =
  | { readonly ok: true; readonly plan: PlanJson; readonly violations: readonly [] }
  | { readonly ok: false; readonly plan: null; readonly violations: readonly PlanViolation[] };

/** Checks a plan as read from JSON; on success returns it typed, otherwise every problem found. */
export function parsePlan(input: unknown): PlanParseResult {
  const read = readPlan(input);
  if (read.violations.length === 0 && read.plan !== null) return { ok: true, plan: read.plan, violations: [] };
  return { ok: false, plan: null, violations: read.violations };
}

/**
 * The plan and its shape problems. A plan whose only problem is its `format` literal is still
 * returned (read as if the format were right), so that the verifier can check it further and
 * report everything at once; any other shape problem leaves no plan.
 */
export function readPlan(input: unknown): { readonly plan: PlanJson | null; readonly violations: readonly PlanViolation[] } {
  try {
    const parsed = planSchema.safeParse(input);
    if (parsed.success) return { plan: parsed.data, violations: [] };
    const violations: PlanViolation[] = [];
    let usable = true;
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((s): s is PathSegment => typeof s === "string" || typeof s === "number");
      if (path.length === 1 && path[0] === "format") {
        const found = (input as { format?: unknown }).format;
        violations.push({ code: "wrong_format", path: "format", message: `The plan's format is ${quote(found)}; it must be ${quote(PLAN_FORMAT)}.` });
      } else {
        usable = false;
        violations.push({ code: "invalid_plan", path: formatPath(path), message: `The plan is not in the plan format: ${issue.message}.` });
      }
    }
    if (!usable) return { plan: null, violations };
    const reread = planSchema.safeParse({ ...(input as object), format: PLAN_FORMAT });
    return { plan: reread.success ? reread.data : null, violations };
  } catch (error) {
    // Only reachable with inputs JSON cannot produce (throwing getters, revoked proxies).
    const reason = error instanceof Error ? error.message : String(error);
    return { plan: null, violations: [{ code: "invalid_plan", path: "", message: `The plan could not be read (${reason}).` }] };
  }
}

