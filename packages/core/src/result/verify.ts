/** The verifier lives in verify/, one file per rule family; this path stays for its importers. */
export { VIOLATION_CODES, numericTolerance, verifyPlan } from "./verify/index.js";
export type { PlanViolation, VerifyResult, ViolationCode } from "./verify/index.js";
