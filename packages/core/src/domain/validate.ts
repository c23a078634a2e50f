/** Cohort validation; the code lives in validate/, one file per rule family (see validate/index.ts). */
export { parseCohort, validateCohort, type ParseResult } from "./validate/index.js";
