/**
 * A cohort as tables, one per sheet of the layout, every column present (so a template shows
 * them all). Rules and weights are written in full, the defaults included, so a person sees
 * every setting; reading them back gives the same cohort once defaults are filled in.
 *
 * In Norwegian (`lang: "nb"`) the sheet names, headers and settings' keys are the layout's
 * Norwegian ones, fixed values are written in Norwegian (COHORT_VALUE_WORDS_NB: `vert` for
 * `host`) and yes/no as `ja`/`nei`; ids, names and numbers are the cohort's. The layout reads
 * every one of those words back, so a Norwegian workbook imports as the cohort it came from.
 */
import { DEFAULT_WEIGHTS, cohortSchema, type CohortInput } from "@rotamatch/core/format";
import { historyRows } from "../history.js";
import { COHORT_SHEETS, HISTORY_SHEET, SETTING_COLUMNS, type ColumnSpec, type ListSheetSpec, type SettingsSheetSpec, type ValueType } from "../layout.js";
import type { CellValue } from "../table.js";
import { formatList } from "../values.js";
import { COHORT_VALUE_WORDS_NB, VALUE_WORDS, type Lang } from "../words.js";
import type { WorkbookTable } from "../xlsx/write-xlsx.js";

/** The rules' defaults, as the core fills them in. */
const DEFAULT_RULES = cohortSchema.shape.rules.parse(undefined);

/**
 * The cohort's sheets, in layout order. `null` gives the blank template: every sheet with its
 * headers, the rules and weights with their defaults, and nothing else (the programme's name
 * and start left for the working group to fill in). A cohort without history gets an empty
 * History sheet with its headers all the same, for the working group to fill in.
 */
export function cohortTables(cohort: CohortInput | null, lang: Lang = "en"): WorkbookTable[] {
  const withDefaults = {
    ...cohort,
    rules: { ...DEFAULT_RULES, ...cohort?.rules },
    weights: { ...DEFAULT_WEIGHTS, ...cohort?.weights },
  };
  return COHORT_SHEETS.map((spec) => (spec.kind === "list" ? listTable(spec, withDefaults, lang) : settingsTable(spec, withDefaults, lang)));
}

function listTable(spec: ListSheetSpec, cohort: object, lang: Lang): WorkbookTable {
  // The history is written one row per earlier trainee, not one per entry (history.ts).
  const entries = spec === HISTORY_SHEET ? historyRows((cohort as Partial<CohortInput>).history) : getPath(cohort, spec.list);
  const rows = Array.isArray(entries)
    ? entries.map((entry: unknown) => spec.columns.map((c) => inLanguage(cellOf(getPath(entry, c.field), c.type), c.type, lang)))
    : [];
  const choices = new Map<number, readonly string[]>();
  spec.columns.forEach((column: ColumnSpec, i) => {
    if (column.values !== undefined) choices.set(i, column.values.map((value) => valueWord(value, lang)));
  });
  const name = lang === "nb" ? spec.nb : spec.name;
  return { name, header: spec.columns.map((c) => (lang === "nb" ? c.nb : c.header)), rows, choices };
}

function settingsTable(spec: SettingsSheetSpec, cohort: object, lang: Lang): WorkbookTable {
  const rows = spec.settings.map((setting) => [
    lang === "nb" ? (setting.nb ?? setting.key) : setting.key,
    inLanguage(cellOf(getPath(cohort, setting.path), setting.type), setting.type, lang),
  ]);
  const header = lang === "nb" ? [SETTING_COLUMNS.key.nb, SETTING_COLUMNS.value.nb] : [SETTING_COLUMNS.key.header, SETTING_COLUMNS.value.header];
  return { name: lang === "nb" ? spec.nb : spec.name, header, rows };
}

/** A fixed value in the language (English values are the cohort's own). */
function valueWord(value: string, lang: Lang): string {
  return lang === "nb" ? (COHORT_VALUE_WORDS_NB[value] ?? value) : value;
}

/** A cell in the language: an enum's value and yes/no in Norwegian words; anything else as it is. */
function inLanguage(cell: CellValue, type: ValueType, lang: Lang): CellValue {
  if (lang === "en") return cell;
  if (type === "enum" && typeof cell === "string") return valueWord(cell, lang);
  if (type === "boolean" && typeof cell === "boolean") return cell ? VALUE_WORDS[lang].yes : VALUE_WORDS[lang].no;
  return cell;
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
