/**
 * The History sheet (the cohort's `history`): one row per trainee of an earlier cohort, with the
 * cohort's name, the trainee, the host, the away members, the supervisor and the mentor. The
 * cohort holds it as entries (`{ name, assignments }`), so the writer spreads each entry over
 * rows and the reader groups rows with the same Cohort into one entry, in order of first
 * appearance, keeping the rows' order within it.
 *
 * The sheet keeps what the fairness terms and the history report read. An assignment's away
 * placements (those at a member other than its host; every placement when it has no host)
 * become the Away list, in order; placements at the host, dates, costs and period ids are not
 * written. Read back, the k-th member of a row's Away list is the placement
 * `{ period: "away-k", member }` (period ids of earlier cohorts need not match this cohort's).
 * An entry without assignments has no row, so it is not written.
 */
import type { HistoryEntry } from "@rotamatch/core/format";
import { HISTORY_SHEET } from "./layout.js";
import type { SheetIssue } from "./types.js";

/** The columns' fields of HISTORY_SHEET, in their order. */
export type HistoryField = "cohort" | "trainee" | "host" | "away" | "supervisor" | "mentor";

/** The period id of the k-th (0-based) away member of a History row, as read. */
export function historyPeriodId(k: number): string {
  return `away-${k + 1}`;
}

/** One History row's values by field, as the writer fills them in. */
export type HistoryRow = Readonly<Record<HistoryField, unknown>>;

/** The History sheet's rows for a cohort's history (none when it has none). */
export function historyRows(history: readonly HistoryEntry[] | undefined): HistoryRow[] {
  return (history ?? []).flatMap((entry) =>
    entry.assignments.map((a) => ({
      cohort: entry.name,
      trainee: a.trainee,
      host: a.host,
      away: a.placements.filter((p) => p.member !== a.host).map((p) => p.member),
      supervisor: a.supervisor,
      mentor: a.mentor,
    })),
  );
}

/** Where each history entry and assignment was read: the rows, by entry then assignment. */
export interface HistorySource {
  /** Per entry: the row its name was first read in, and each assignment's row. */
  readonly entries: { readonly firstRow: number; readonly rows: number[] }[];
}

/** The entry and assignment of each row read, by the row's index among the rows read. */
interface Grouped {
  readonly history: Record<string, unknown>[];
  readonly source: HistorySource;
  readonly at: readonly { readonly entry: number; readonly assignment: number }[];
}

/**
 * The history from the History sheet's rows as read (one object per row, by field): rows with
 * the same Cohort (spaces around it ignored) are one entry, in order of first appearance. An
 * empty cell is null (host, supervisor, mentor) or no away placement; a row without a Cohort
 * is an entry of its own without a name, and one without a Trainee an assignment without one,
 * so that the cohort's checks report them at their row.
 */
export function groupHistory(rows: readonly Record<string, unknown>[], rowNumbers: readonly number[]): Grouped {
  const history: Record<string, unknown>[] = [];
  const source: HistorySource = { entries: [] };
  const at: { entry: number; assignment: number }[] = [];
  const byName = new Map<string, number>();
  rows.forEach((row, n) => {
    const rowNumber = rowNumbers[n] ?? 0;
    const name = typeof row.cohort === "string" ? row.cohort : undefined;
    let entry = name === undefined ? undefined : byName.get(name.trim());
    if (entry === undefined) {
      entry = history.length;
      history.push(name === undefined ? { assignments: [] } : { name, assignments: [] });
      source.entries.push({ firstRow: rowNumber, rows: [] });
      if (name !== undefined) byName.set(name.trim(), entry);
    }
    const assignments = history[entry]?.assignments as Record<string, unknown>[];
    const away = Array.isArray(row.away) ? (row.away as unknown[]) : [];
    at.push({ entry, assignment: assignments.length });
    assignments.push({
      ...(row.trainee === undefined ? {} : { trainee: row.trainee }),
      host: row.host ?? null,
      supervisor: row.supervisor ?? null,
      mentor: row.mentor ?? null,
      placements: away.map((member, k) => ({ period: historyPeriodId(k), member })),
    });
    source.entries[entry]?.rows.push(rowNumber);
  });
  return { history, source, at };
}

/** The path into the cohort of a History cell: `history[1].name`, `history[1].assignments[4].placements`. */
export function historyPathOf(at: { readonly entry: number; readonly assignment: number }, field: string): string {
  if (field === "cohort") return `history[${at.entry}].name`;
  const assignment = `history[${at.entry}].assignments[${at.assignment}]`;
  return field === "away" ? `${assignment}.placements` : `${assignment}.${field}`;
}

/** Issues the sheet reader raised at `history[row].field` (a row read), at their path in the grouped history. */
export function regroupIssuePaths(issues: SheetIssue[], from: number, at: Grouped["at"]): void {
  for (let i = from; i < issues.length; i += 1) {
    const issue = issues[i] as SheetIssue;
    const match = /^history\[(\d+)\]\.(\w+)/.exec(issue.path);
    const place = match === null ? undefined : at[Number(match[1])];
    if (match === null || place === undefined) continue;
    issues[i] = { ...issue, path: historyPathOf(place, match[2] as string) };
  }
}

/**
 * A core issue's path into the history located in the History sheet: the row of the entry's
 * name or of the assignment, and the column of the field (a placement's member is an entry of
 * the Away list). Null when the path is not into the history.
 */
export function locateHistoryPath(
  segments: readonly (string | number)[],
  source: HistorySource,
  headers: ReadonlyMap<string, string>,
): { readonly row: number | null; readonly column: string | null; readonly within: number | null; readonly field: string | null } | null {
  if (segments[0] !== "history") return null;
  const [, e, key, i, field, k] = segments;
  const header = (f: HistoryField): string => headers.get(f) ?? HISTORY_SHEET.columns.find((c) => c.field === f)?.header ?? f;
  const entry = typeof e === "number" ? source.entries[e] : undefined;
  if (entry === undefined) return { row: null, column: null, within: null, field: null };
  if (key === "name") return { row: entry.firstRow, column: header("cohort"), within: null, field: null };
  if (key !== "assignments" || typeof i !== "number") return { row: entry.firstRow, column: null, within: null, field: typeof key === "string" ? key : null };
  const row = entry.rows[i] ?? entry.firstRow;
  if (field === "placements") return { row, column: header("away"), within: typeof k === "number" ? k : null, field: null };
  if (field === "trainee" || field === "host" || field === "supervisor" || field === "mentor") return { row, column: header(field), within: null, field: null };
  return { row, column: null, within: null, field: typeof field === "string" ? field : null };
}
