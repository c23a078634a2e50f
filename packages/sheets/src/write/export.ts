/** Writing cohorts and plans as XLSX workbooks and sets of CSV files. */
import type { CohortInput } from "@rotamatch/core/format";
import { COHORT_SHEETS } from "../layout.js";
import { writeCsv } from "../csv/csv.js";
import type { OutputTable } from "../table.js";
import type { CsvOptions } from "../types.js";
import { writeXlsx } from "../xlsx/write-xlsx.js";
import { checkPlanAndChanges, type PlanToWrite } from "./check-pair.js";
import { cohortTables } from "./cohort-tables.js";
import { CHANGES_SHEET, PLAN_SHEETS, planTables } from "./plan-tables.js";

/** The cohort as a workbook, one sheet per part of the cohort (see docs/sheets.md). */
export async function writeCohortWorkbook(cohort: CohortInput): Promise<Uint8Array> {
  return writeXlsx(cohortTables(cohort));
}

/** The cohort as CSV files by name: `programme.csv`, `periods.csv`, ... one per sheet of the workbook. */
export function writeCohortCsv(cohort: CohortInput, options?: CsvOptions): Record<string, string> {
  const tables = cohortTables(cohort);
  return Object.fromEntries(COHORT_SHEETS.map((spec, i) => [spec.file, writeCsv(tables[i] as OutputTable, options)]));
}

/**
 * The plan as a workbook: its own sheets (Summary, Plan, Costs, By member, By mentor, By
 * supervisor, Unassigned, Diagnosis; a re-planned plan also Changes, after Summary), then the
 * cohort's sheets, so that the workbook can be read again as the cohort it was planned from.
 * Throws PlanCohortMismatchError when the plan does not fit the cohort (a plan of another
 * cohort, or one that breaks its rules).
 */
export async function writePlanWorkbook(cohort: CohortInput, plan: PlanToWrite): Promise<Uint8Array> {
  const checked = checkPlanAndChanges(cohort, plan);
  return writeXlsx([...planTables(cohort, checked.plan, checked.changes), ...cohortTables(cohort)]);
}

/**
 * The plan as CSV files by name: `plan.csv` (one row per trainee and period), `plan-by-member.csv`, ...
 * and `plan-changes.csv` for a re-planned plan. Throws PlanCohortMismatchError when the plan
 * does not fit the cohort.
 */
export function writePlanCsv(cohort: CohortInput, plan: PlanToWrite, options?: CsvOptions): Record<string, string> {
  const checked = checkPlanAndChanges(cohort, plan);
  const tables = planTables(cohort, checked.plan, checked.changes);
  const sheets = checked.changes === null ? PLAN_SHEETS : [PLAN_SHEETS[0], CHANGES_SHEET, ...PLAN_SHEETS.slice(1)];
  return Object.fromEntries(sheets.map((sheet, i) => [sheet.file, writeCsv(tables[i] as OutputTable, options)]));
}
