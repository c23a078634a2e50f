/** Writing cohorts and plans as XLSX workbooks and sets of CSV files, in English or Norwegian. */
import type { CohortInput } from "@rotamatch/core/format";
import { COHORT_SHEETS } from "../layout.js";
import { writeCsv } from "../csv/csv.js";
import type { OutputTable } from "../table.js";
import type { CsvOptions } from "../types.js";
import type { Lang } from "../words.js";
import { planCopyTable } from "../plan-copy.js";
import { writeXlsx } from "../xlsx/write-xlsx.js";
import { checkPlanAndChanges, type PlanToWrite } from "./check-pair.js";
import { cohortTables } from "./cohort-tables.js";
import { planSheets, planTables } from "./plan-tables.js";

/** The language of a file written: its sheet names, headers and fixed values (words.ts). */
export interface LangOption {
  /** `"en"` (the default: the files as they always were) or `"nb"` (Norwegian bokmål). */
  readonly lang?: Lang;
}

/** How CSV files are written, and in which language. */
export type CsvWriteOptions = CsvOptions & LangOption;

/**
 * The cohort as a workbook, one sheet per part of the cohort (see docs/sheets.md); in Norwegian
 * with `{ lang: "nb" }`. Either reads back as the same cohort.
 */
export async function writeCohortWorkbook(cohort: CohortInput, options: LangOption = {}): Promise<Uint8Array> {
  return writeXlsx(cohortTables(cohort, options.lang));
}

/**
 * The cohort as CSV files by name: `programme.csv`, `periods.csv`, ... one per sheet of the
 * workbook. The file names are the same in both languages (they are what programs look for);
 * the headers and values follow `lang`.
 */
export function writeCohortCsv(cohort: CohortInput, options?: CsvWriteOptions): Record<string, string> {
  const tables = cohortTables(cohort, options?.lang);
  return Object.fromEntries(COHORT_SHEETS.map((spec, i) => [spec.file, writeCsv(tables[i] as OutputTable, options)]));
}

/**
 * The blank template as a workbook: every sheet of a cohort with its headers and drop-down
 * lists, and the rules and weights with their defaults, in the language; the rows are for the
 * working group to fill in. It reads back with one problem per required field left empty.
 */
export async function writeTemplateWorkbook(options: LangOption = {}): Promise<Uint8Array> {
  return writeXlsx(cohortTables(null, options.lang));
}

/** The blank template as CSV files by name, as writeCohortCsv names them. */
export function writeTemplateCsv(options?: CsvWriteOptions): Record<string, string> {
  const tables = cohortTables(null, options?.lang);
  return Object.fromEntries(COHORT_SHEETS.map((spec, i) => [spec.file, writeCsv(tables[i] as OutputTable, options)]));
}

/**
 * The plan as a workbook: its own sheets (Summary, Plan, Costs, By member, By mentor, By
 * supervisor, Unassigned, Diagnosis; a re-planned plan also Changes, after Summary), then the
 * cohort's sheets, so that the workbook can be read again as the cohort it was planned from.
 * `lang` names the sheets and headers of both. Throws PlanCohortMismatchError when the plan
 * does not fit the cohort (a plan of another cohort, or one that breaks its rules).
 */
export async function writePlanWorkbook(cohort: CohortInput, plan: PlanToWrite, options: LangOption = {}): Promise<Uint8Array> {
  const checked = checkPlanAndChanges(cohort, plan);
  // Last, hidden: the plan's exact JSON, so that readPlanWorkbook gives this very plan back.
  return writeXlsx([...planTables(cohort, checked.plan, checked.changes, options.lang), ...cohortTables(cohort, options.lang), planCopyTable(plan)]);
}

/**
 * The plan as CSV files by name: `plan.csv` (one row per trainee and period), `plan-by-member.csv`, ...
 * and `plan-changes.csv` for a re-planned plan; the same names in both languages. Throws
 * PlanCohortMismatchError when the plan does not fit the cohort.
 */
export function writePlanCsv(cohort: CohortInput, plan: PlanToWrite, options?: CsvWriteOptions): Record<string, string> {
  const checked = checkPlanAndChanges(cohort, plan);
  const lang = options?.lang ?? "en";
  const tables = planTables(cohort, checked.plan, checked.changes, lang);
  const sheets = planSheets(lang, checked.changes !== null);
  return Object.fromEntries(sheets.map((sheet, i) => [sheet.file, writeCsv(tables[i] as OutputTable, options)]));
}
