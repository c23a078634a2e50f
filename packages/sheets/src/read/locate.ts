/**
 * The core's issues located in the sheets: `trainees[10].specialization` becomes Trainees,
 * row 12 (where that trainee was read), column Specialization (as its header was written).
 * References to other entries inside a message (`forbid[0]`) become sheet rows too.
 */
import type { Issue } from "@rotamatch/core/format";
import { locateHistoryPath } from "../history.js";
import { HISTORY_SHEET, LIST_SHEETS, PROGRAMME_SHEET, RULES_SHEET, WEIGHTS_SHEET, type SettingsSheetSpec } from "../layout.js";
import type { SheetIssue } from "../types.js";
import { sheetIssue, type SourceMap } from "./cohort-from-tables.js";

type Segment = string | number;

const SETTINGS_SHEETS: Readonly<Record<string, SettingsSheetSpec>> = {
  programme: PROGRAMME_SHEET,
  rules: RULES_SHEET,
  weights: WEIGHTS_SHEET,
};

/** One core issue as a sheet issue. */
export function locateIssue(issue: Issue, source: SourceMap): SheetIssue {
  const segments = parsePath(issue.path);
  const message = rewriteReferences(issue.message, source);
  const [first, second] = segments;
  // The history: rows grouped into entries by Cohort, so located by entry and assignment.
  const history = locateHistoryPath(segments, source.history, source.lists.get(HISTORY_SHEET.list)?.headers ?? new Map());
  if (history !== null) {
    const text = history.field === null ? message : `${history.field} ${message}`;
    return sheetIssue(issue.code, HISTORY_SHEET.name, history.row, history.column, withinList(history.within === null ? [] : [history.within], text), issue.path);
  }
  // A list: `members[3].hostCapacity`, `programme.periods[1].at`, or the list itself.
  const listPath = first === "programme" && (second === "periods" || second === "gatherings") ? `programme.${second}` : first;
  const rest = first === "programme" && listPath !== "programme" ? segments.slice(2) : segments.slice(1);
  const list = typeof listPath === "string" ? LIST_SHEETS.get(listPath) : undefined;
  if (list !== undefined) {
    const [index, ...fieldPath] = rest;
    if (typeof index !== "number") return sheetIssue(issue.code, list.name, null, null, message, issue.path);
    const row = source.lists.get(list.list)?.rows[index] ?? null;
    const { field, within } = matchField(fieldPath, list.columns.map((c) => c.field));
    const column = list.columns.find((c) => c.field === field);
    const header = column === undefined ? null : (source.lists.get(list.list)?.headers.get(column.field) ?? column.header);
    const fullMessage = column === undefined && fieldPath.length > 0 ? `${fieldPath.join(".")} ${message}` : message;
    return sheetIssue(issue.code, list.name, row, header, withinList(within, fullMessage), issue.path);
  }
  // A setting: `programme.start`, `rules.allowUnassigned`, or the whole sheet.
  const settings = typeof first === "string" ? SETTINGS_SHEETS[first] : undefined;
  if (settings !== undefined) {
    const setting = settings.settings.find((s) => s.path === `${first}.${String(second)}`);
    if (setting === undefined) return sheetIssue(issue.code, settings.name, null, null, message, issue.path);
    const found = source.settings.get(setting.path);
    if (found === undefined) {
      const missing = message === "is required" || message.startsWith("is required and");
      const text = missing ? `the setting ${setting.key} is missing; add a row for it` : `${setting.key} ${message}`;
      return sheetIssue(issue.code, settings.name, null, null, text, issue.path);
    }
    return sheetIssue(issue.code, settings.name, found.row, found.valueHeader, message, issue.path);
  }
  return sheetIssue(issue.code, "", null, null, issue.path === "" ? message : `${issue.path} ${message}`, issue.path);
}

/** The longest dotted prefix of `path` that is a column's field, and what is left after it. */
function matchField(path: readonly Segment[], fields: readonly string[]): { field: string | undefined; within: Segment[] } {
  for (let k = path.length; k > 0; k -= 1) {
    const field = path.slice(0, k).join(".");
    if (fields.includes(field)) return { field, within: path.slice(k) };
  }
  return { field: undefined, within: [...path] };
}

/** Names the entry of a list cell a message is about: `entry 2 of the list: must not be empty`. */
function withinList(within: readonly Segment[], message: string): string {
  const [index] = within;
  return typeof index === "number" ? `entry ${index + 1} of the list ${message}` : message;
}

/** `trainees[3].specialization` as segments: ["trainees", 3, "specialization"]. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const token = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (let match = token.exec(path); match !== null; match = token.exec(path)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3] as string) as string);
  }
  return segments;
}

/**
 * References to entries in a message, `forbid[0]` or `members[3].awayCapacity`, as rows:
 * `Forbids row 2`, `Members row 5 (Away capacity)`.
 */
function rewriteReferences(message: string, source: SourceMap): string {
  const reference = /\b(programme\.periods|programme\.gatherings|members|people|trainees|pins|forbid)\[(\d+)\](?:\.([A-Za-z]+))?/g;
  return message.replace(reference, (text, list: string, index: string, field: string | undefined) => {
    const spec = LIST_SHEETS.get(list);
    const row = source.lists.get(list)?.rows[Number(index)];
    if (spec === undefined || row === undefined) return text;
    const column = spec.columns.find((c) => c.field === field);
    const what = column?.header ?? field;
    return what === undefined ? `${spec.name} row ${row}` : `${spec.name} row ${row} (${what})`;
  });
}
