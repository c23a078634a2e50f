/**
 * The part of @rotamatch/core/format that needs no schema, so no zod at run time: issue codes
 * and their wording, JSON text parsing, dates, distances, the default weights and the plan by member. Not a public
 * entry (package.json does not export it): it is a build entry only so that the bundler puts
 * these modules into a chunk of their own, apart from the zod schemas. A browser bundle that
 * imports only `formatIssue` or `planByMember` from `@rotamatch/core/format` then leaves the
 * schema chunk out (the package is free of side effects), instead of carrying all of zod.
 * format.ts and index.ts export the same names from the modules themselves.
 */
export { ISSUE_CODES, formatIssue, formatPath } from "./domain/issues.js";
export { DIAGNOSIS_CODES } from "./domain/diagnosis-codes.js";
export { RULES, RULE_STAGES, ruleOfCode } from "./domain/rules.js";
export { closestMatch } from "./domain/did-you-mean.js";
export { plural } from "./util/words.js";
export { findJsonSyntaxError, lineAndColumn, parseJsonText } from "./domain/json-text.js";
export { periodDates } from "./domain/dates.js";
export { distanceKm } from "./domain/geo.js";
export { DEFAULT_WEIGHTS } from "./domain/defaults.js";
export { assignmentCost, planByMember, planByPerson } from "./result/plan-by-member.js";
export { historyReport } from "./result/history-report.js";
