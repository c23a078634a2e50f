/**
 * A cohort as tables, one per sheet of the layout, every column present (so a template shows
 * them all). Rules and weights are written in full, the defaults included, so a person sees
 * every setting; reading them back gives the same cohort once defaults are filled in.
 */
import { DEFAULT_WEIGHTS, cohortSchema, type CohortInput } from "@rotamatch/core/format";
import { COHORT_SHEETS, SETTING_COLUMNS, type ColumnSpec, type ListSheetSpec, type SettingsSheetSpec, type ValueType } from "../layout.js";
import type { CellValue } from "../table.js";
import { formatList } from "../values.js";
import type { WorkbookTable } from "../xlsx/write-xlsx.js";

/** The rules' defaults, as the core fills them in. */
const DEFAULT_RULES = cohortSchema.shape.rules.parse(undefined);

/** The cohort's sheets, in layout order. */
export function cohortTables(cohort: CohortInput): WorkbookTable[] {
  const withDefaults = {
    ...cohort,
    rules: { ...DEFAULT_RULES, ...cohort.rules },
    weights: { ...DEFAULT_WEIGHTS, ...cohort.weights },
  };
  return COHORT_SHEETS.map((spec) => (spec.kind === "list" ? listTable(spec, withDefaults) : settingsTable(spec, withDefaults)));
}

function listTable(spec: ListSheetSpec, cohort: object): WorkbookTable {
  const entries = getPath(cohort, spec.list);
  const rows = Array.isArray(entries) ? entries.map((entry: unknown) => spec.columns.map((c) => cellOf(getPath(entry, c.field), c.type))) : [];
  const choices = new Map<number, readonly string[]>();
  spec.columns.forEach((column: ColumnSpec, i) => {
    if (column.values !== undefined) choices.set(i, column.values);
  });
  return { name: spec.name, header: spec.columns.map((c) => c.header), rows, choices };
}

function settingsTable(spec: SettingsSheetSpec, cohort: object): WorkbookTable {
  const rows = spec.settings.map((setting) => [setting.key, cellOf(getPath(cohort, setting.path), setting.type)]);
  return { name: spec.name, header: [SETTING_COLUMNS.key.header, SETTING_COLUMNS.value.header], rows };
}

/** A cohort value as a cell of its column's type; anything unexpected is written as text. */
export function cellOf(value: unknown, type: ValueType): CellValue {
  if (value === undefined || value === null) return null;
  if (type === "list" && Array.isArray(value)) return value.length === 0 ? null : formatList(value.map(String));
  if (type === "date" && typeof value === "string") return { date: value };
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return JSON.stringify(value);
}

/** The value at a dotted path (`programme.periods`, `location.lat`). */
function getPath(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
