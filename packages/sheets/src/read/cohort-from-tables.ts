/**
 * Tables (sheets or CSV files) to a cohort, as written: every cell that can be read goes into
 * the cohort, and every cell that cannot (a bad number or date) is a located issue. The checks
 * of the cohort itself are the core's (see import.ts); this module also records where each
 * entry and setting came from, so that the core's issue paths can be located.
 */
import { COHORT_FORMAT } from "@rotamatch/core/format";
import { groupHistory, regroupIssuePaths, type HistorySource } from "../history.js";
import {
  COHORT_SHEETS,
  HISTORY_SHEET,
  SETTING_COLUMNS,
  columnNames,
  normalizeName,
  settingNames,
  sheetNames,
  type ColumnSpec,
  type ListSheetSpec,
  type SettingSpec,
  type SettingsSheetSpec,
  type SheetSpec,
} from "../layout.js";
import { suggest } from "../suggest.js";
import { cellText, isBlank, type CellValue, type Row, type Table } from "../table.js";
import type { SheetIssue } from "../types.js";
import { readValue } from "../values.js";

/** Most characters in a cell: Excel's own limit. */
export const MAX_CELL_CHARS = 32_767;

/** Where a list's entries came from: the row of each entry, and each column's header as written. */
export interface ListSource {
  readonly spec: ListSheetSpec;
  readonly rows: number[];
  readonly headers: Map<string, string>;
}

/** Where a setting came from. */
export interface SettingSource {
  readonly spec: SettingsSheetSpec;
  readonly row: number;
  readonly valueHeader: string;
}

export interface SourceMap {
  /** By the list's cohort path (`programme.periods`, `trainees`). */
  readonly lists: Map<string, ListSource>;
  /** By the setting's cohort path (`programme.start`). */
  readonly settings: Map<string, SettingSource>;
  /** Where each history entry and assignment was read (the History sheet; its headers are in `lists`). */
  readonly history: HistorySource;
}

export interface TablesRead {
  readonly cohort: Record<string, unknown>;
  readonly issues: SheetIssue[];
  readonly source: SourceMap;
}

export function sheetIssue(
  code: string,
  sheet: string,
  row: number | null,
  column: string | null,
  message: string,
  path = "",
): SheetIssue {
  return { code, sheet, row, column, message, path };
}

// ---------------------------------------------------------------------------------------
// Which table is which sheet
// ---------------------------------------------------------------------------------------

export interface SheetMatch {
  /** The layout's sheet for each table name that is one. */
  readonly specOf: ReadonlyMap<string, SheetSpec>;
  readonly issues: SheetIssue[];
}

/**
 * Matches the workbook's sheet names (or the CSV files' names) to the layout. Other names are
 * ignored (a sheet of notes, a plan's own sheets), unless they look like a misspelt sheet name.
 */
export function matchSheets(names: readonly string[]): SheetMatch {
  const specOf = new Map<string, SheetSpec>();
  const issues: SheetIssue[] = [];
  const found = new Map<SheetSpec, string>();
  const known = COHORT_SHEETS.flatMap((spec) => sheetNames(spec).map((name) => ({ name, spec })));
  for (const name of names) {
    const spec = known.find((k) => k.name === normalizeName(name))?.spec;
    if (spec === undefined) {
      const guess = suggest(normalizeName(name), known.map((k) => k.name));
      const spec = known.find((k) => k.name === guess)?.spec;
      if (spec !== undefined && !found.has(spec)) {
        issues.push(
          sheetIssue("unknown_sheet", spec.name, null, null, `there is no sheet ${spec.name}, but a sheet '${name}': rename it to ${spec.name}`),
        );
      }
      continue;
    }
    const first = found.get(spec);
    if (first !== undefined) {
      issues.push(
        sheetIssue("duplicate_sheet", spec.name, null, null, `both '${first}' and '${name}' are the ${spec.name} sheet; keep one of them`),
      );
      continue;
    }
    found.set(spec, name);
    specOf.set(name, spec);
  }
  for (const spec of COHORT_SHEETS) {
    if (spec.required && !found.has(spec) && !issues.some((i) => i.sheet === spec.name)) {
      issues.push(sheetIssue("missing_sheet", spec.name, null, null, `the ${spec.name} sheet is missing`, listPathOf(spec)));
    }
  }
  return { specOf, issues };
}

function listPathOf(spec: SheetSpec): string {
  return spec.kind === "list" ? spec.list : "";
}

// ---------------------------------------------------------------------------------------
// Tables to a cohort
// ---------------------------------------------------------------------------------------

/** Builds the cohort from the tables that `specOf` names. */
export function cohortFromTables(tables: readonly Table[], specOf: ReadonlyMap<string, SheetSpec>): TablesRead {
  const cohort: Record<string, unknown> = { format: COHORT_FORMAT, programme: { periods: [] }, members: [], trainees: [] };
  const issues: SheetIssue[] = [];
  const source: SourceMap = { lists: new Map(), settings: new Map(), history: { entries: [] } };
  for (const table of tables) {
    const spec = specOf.get(table.name);
    if (spec === HISTORY_SHEET) readHistoryTable(table, cohort, issues, source);
    else if (spec?.kind === "list") readListTable(table, spec, cohort, issues, source);
    else if (spec?.kind === "settings") readSettingsTable(table, spec, cohort, issues, source);
  }
  return { cohort, issues, source };
}

/** A header cell matched to a column of the layout. */
interface HeaderColumn<C> {
  readonly index: number;
  readonly written: string;
  readonly column: C;
}

/**
 * The header row's columns, matched by `namesOf`. Headers starting with # are the user's own
 * and ignored; any other unknown header, and a header written twice, is an issue.
 */
function readHeader<C extends { readonly header: string }>(
  header: Row,
  sheet: string,
  columns: readonly C[],
  namesOf: (column: C) => readonly string[],
  issues: SheetIssue[],
): HeaderColumn<C>[] {
  const matched: HeaderColumn<C>[] = [];
  header.cells.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const written = cellText(cell as CellValue).trim();
    if (written.startsWith("#")) return;
    const column = columns.find((c) => namesOf(c).includes(normalizeName(written)));
    if (column === undefined) {
      const guess = suggest(written, columns.map((c) => c.header));
      const hint = guess === undefined ? `the columns are ${columns.map((c) => c.header).join(", ")}` : `did you mean ${guess}?`;
      issues.push(
        sheetIssue(
          "unknown_column",
          sheet,
          header.row,
          written,
          `'${written}' is not a column of the ${sheet} sheet (${hint}); start a header with # to keep a column of your own`,
        ),
      );
      return;
    }
    const earlier = matched.find((m) => m.column === column);
    if (earlier !== undefined) {
      issues.push(
        sheetIssue("duplicate_column", sheet, header.row, written, `'${earlier.written}' and '${written}' are both the ${column.header} column`),
      );
      return;
    }
    matched.push({ index, written, column });
  });
  return matched;
}

/** The value of a cell for a column, or an issue. Blank cells give undefined. */
function readCell(
  cell: CellValue | undefined,
  rules: ColumnSpec | SettingSpec,
  at: { readonly sheet: string; readonly row: number; readonly column: string; readonly path: string },
  issues: SheetIssue[],
): unknown {
  if (cell === undefined || cell === null || isBlank(cell)) return undefined;
  if (typeof cell === "string" && cell.length > MAX_CELL_CHARS) {
    const message = `the cell has ${cell.length} characters; the most accepted is ${MAX_CELL_CHARS}`;
    issues.push(sheetIssue("cell_too_long", at.sheet, at.row, at.column, message, at.path));
    return undefined;
  }
  const read = readValue(cell, rules);
  if (read.ok) return read.value;
  issues.push(sheetIssue(read.code, at.sheet, at.row, at.column, read.message, at.path));
  return undefined;
}

function readListTable(table: Table, spec: ListSheetSpec, cohort: Record<string, unknown>, issues: SheetIssue[], source: SourceMap): void {
  const [header, ...rows] = table.rows;
  const entries: Record<string, unknown>[] = [];
  const list: ListSource = { spec, rows: [], headers: new Map() };
  source.lists.set(spec.list, list);
  setPath(cohort, spec.list, entries);
  if (header === undefined) return;
  const columns = readHeader(header, spec.name, spec.columns, columnNames, issues);
  for (const c of columns) list.headers.set(c.column.field, c.written);
  for (const column of spec.columns) {
    if (column.required && !columns.some((c) => c.column === column)) {
      issues.push(sheetIssue("missing_column", spec.name, null, column.header, `the ${column.header} column is missing`, spec.list));
    }
  }
  for (const row of rows) {
    const index = entries.length;
    const issuesBefore = issues.length;
    const entry: Record<string, unknown> = {};
    for (const { index: c, written, column } of columns) {
      const path = `${spec.list}[${index}].${column.field}`;
      const value = readCell(row.cells[c], column, { sheet: spec.name, row: row.row, column: written, path }, issues);
      if (value !== undefined) setPath(entry, column.field, value);
    }
    if (entry.location !== undefined) {
      // A coordinate that could not be read is already an issue; the location is then left out.
      if (issues.slice(issuesBefore).some((i) => i.path.includes(".location."))) delete entry.location;
      else checkLocation(entry, row.row, index, list, issues);
    }
    entries.push(entry);
    list.rows.push(row.row);
  }
}

/**
 * The History sheet: read as a list sheet, one object per row, then grouped into the cohort's
 * history entries by Cohort (history.ts); issues of its cells are moved to their paths in the
 * grouped history.
 */
function readHistoryTable(table: Table, cohort: Record<string, unknown>, issues: SheetIssue[], source: SourceMap): void {
  const from = issues.length;
  const rowsRead: Record<string, unknown> = {};
  readListTable(table, HISTORY_SHEET, rowsRead, issues, source);
  const grouped = groupHistory(rowsRead.history as Record<string, unknown>[], source.lists.get(HISTORY_SHEET.list)?.rows ?? []);
  regroupIssuePaths(issues, from, grouped.at);
  cohort.history = grouped.history;
  source.history.entries.push(...grouped.source.entries);
}

/** A location needs both coordinates: one alone is an issue at the column left empty. */
function checkLocation(entry: Record<string, unknown>, row: number, index: number, list: ListSource, issues: SheetIssue[]): void {
  const location = entry.location as Record<string, unknown>;
  for (const [field, other] of [
    ["lat", "lon"],
    ["lon", "lat"],
  ] as const) {
    if (location[field] !== undefined) continue;
    const column = list.spec.columns.find((c) => c.field === `location.${field}`);
    const otherColumn = list.spec.columns.find((c) => c.field === `location.${other}`);
    const header = list.headers.get(`location.${field}`) ?? column?.header ?? field;
    issues.push(
      sheetIssue(
        "incomplete_location",
        list.spec.name,
        row,
        header,
        `a location needs both ${otherColumn?.header ?? other} and ${column?.header ?? field}; fill in both or neither`,
        `${list.spec.list}[${index}].location.${field}`,
      ),
    );
    delete entry.location;
  }
}

function readSettingsTable(
  table: Table,
  spec: SettingsSheetSpec,
  cohort: Record<string, unknown>,
  issues: SheetIssue[],
  source: SourceMap,
): void {
  const first = table.rows[0];
  if (first === undefined) return;
  const isSettingName = (cell: CellValue | undefined): boolean =>
    !isBlank(cell) && spec.settings.some((s) => settingNames(s).includes(normalizeName(cellText(cell as CellValue))));
  // A sheet whose first row is already a setting has no header: key in A, value in B.
  let keyIndex = 0;
  let valueIndex = 1;
  let keyHeader: string = SETTING_COLUMNS.key.header;
  let valueHeader: string = SETTING_COLUMNS.value.header;
  let rows = table.rows;
  if (!isSettingName(first.cells[0])) {
    rows = table.rows.slice(1);
    const columns = [SETTING_COLUMNS.key, SETTING_COLUMNS.value];
    const matched = readHeader(first, spec.name, columns, (c) => [c.header, c.nb].map(normalizeName), issues);
    const key = matched.find((m) => m.column === SETTING_COLUMNS.key);
    const value = matched.find((m) => m.column === SETTING_COLUMNS.value);
    for (const [found, column] of [
      [key, SETTING_COLUMNS.key],
      [value, SETTING_COLUMNS.value],
    ] as const) {
      if (found === undefined) issues.push(sheetIssue("missing_column", spec.name, null, column.header, `the ${column.header} column is missing`));
    }
    if (key === undefined || value === undefined) return;
    keyIndex = key.index;
    keyHeader = key.written;
    valueIndex = value.index;
    valueHeader = value.written;
  }
  for (const row of rows) {
    const keyCell = row.cells[keyIndex];
    if (isBlank(keyCell)) continue;
    const written = cellText(keyCell as CellValue).trim();
    const setting = spec.settings.find((s) => settingNames(s).includes(normalizeName(written)));
    if (setting === undefined) {
      const guess = suggest(written, spec.settings.map((s) => s.key));
      const hint = guess === undefined ? `the settings are ${spec.settings.map((s) => s.key).join(", ")}` : `did you mean ${guess}?`;
      issues.push(sheetIssue("unknown_setting", spec.name, row.row, keyHeader, `'${written}' is not a setting of the ${spec.name} sheet (${hint})`));
      continue;
    }
    const earlier = source.settings.get(setting.path);
    if (earlier !== undefined) {
      const message = `${setting.key} is set twice (also in row ${earlier.row}); keep one`;
      issues.push(sheetIssue("duplicate_setting", spec.name, row.row, keyHeader, message, setting.path));
      continue;
    }
    source.settings.set(setting.path, { spec, row: row.row, valueHeader });
    const value = readCell(row.cells[valueIndex], setting, { sheet: spec.name, row: row.row, column: valueHeader, path: setting.path }, issues);
    if (value !== undefined) setPath(cohort, setting.path, value);
  }
}

/** Sets a dotted path in an object, creating the objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next === "object" && next !== null) node = next as Record<string, unknown>;
    else node = node[key] = {};
  }
  node[keys.at(-1) as string] = value;
}
