/**
 * Fixing a cohort on the page, as pure functions (unit tested): the one-click value a problem
 * suggests ("did you mean", a member's name where its id belongs), which problems of a workbook
 * stay after a check that cannot see them, the edit a suggested change of the diagnosis makes,
 * and the diagnosis without repeats, with its figures.
 */
import type { CohortInput, DiagnosisItem, SuggestedChange } from "./types.js";
import type { ShownIssue } from "./types.js";
import { parsePath, valueAt } from "./words.js";

/** An issue as both sources have it: a code, a path into the cohort and a message. */
interface PlacedIssue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/** The lists an unknown reference points into, by the start of the core's (English) message. */
const REFERENCE_LISTS: readonly (readonly [phrase: string, list: "members" | "people" | "trainees"])[] = [
  ["no member has the id ", "members"],
  ["no person (mentor or supervisor) has the id ", "people"],
  ["no trainee has the id ", "trainees"],
];

/**
 * The value to put at an issue's path in one click, or null: the id a "did you mean" names (the
 * core's, or the sheets' for a name where an id belongs), or, for an unknown reference the
 * service gave no hint for, the id of the entry whose id or name is the one written, ignoring
 * case and spaces around it ("Ullensaker" and "Ullensaker kommune" both mean `ullensaker`).
 */
export function suggestedValue(issue: PlacedIssue, cohort: CohortInput | null): string | null {
  if (issue.path === "" || cohort === null) return null;
  const hinted = /\((?:did you mean|mente du) "([^"]+)"\?\)\s*$/.exec(issue.message)?.[1];
  if (hinted !== undefined) return hinted;
  if (issue.code !== "unknown_reference") return null;
  const list = REFERENCE_LISTS.find(([phrase]) => issue.message.startsWith(phrase))?.[1];
  const written = valueAt(cohort, issue.path);
  if (list === undefined || typeof written !== "string") return null;
  const wanted = written.trim().toLowerCase();
  const entries: readonly { readonly id: string; readonly name?: string | undefined }[] = (list === "people" ? cohort.people : cohort[list]) ?? [];
  const match = entries.find((e) => e.id.toLowerCase() === wanted) ?? entries.find((e) => (e.name ?? "").trim().toLowerCase() === wanted);
  return match === undefined || match.id === written ? null : match.id;
}

/**
 * Codes of problems in a workbook's cells that the cohort cannot hold (a number or date that
 * did not read is left out of it): a check of the cohort alone no longer sees them, so they
 * stay listed until the field has a value again.
 */
const CELL_ONLY_CODES: ReadonlySet<string> = new Set(["invalid_number", "invalid_date", "incomplete_location", "cell_too_long"]);

/**
 * Codes of problems with a whole file, sheet or column: nothing on the page can fix them, so they
 * stay listed (with their place) until the file is uploaded again.
 */
const FILE_CODES: ReadonlySet<string> = new Set([
  "invalid_file",
  "invalid_csv",
  "invalid_encoding",
  "too_large",
  "too_many_rows",
  "too_many_columns",
  "missing_sheet",
  "duplicate_sheet",
  "unknown_sheet",
  "duplicate_column",
  "unknown_column",
  "unknown_setting",
  "duplicate_setting",
]);

/**
 * The problems of a workbook's last round that a new check of the cohort cannot see, and so
 * stay: those of a whole file, sheet or column, and those of a cell whose value did not read
 * and is still missing from the cohort.
 */
export function carriedIssues(previous: readonly ShownIssue[], cohort: CohortInput | null): ShownIssue[] {
  return previous.filter(
    (shown) =>
      shown.source === "sheet" &&
      (FILE_CODES.has(shown.issue.code) || (CELL_ONLY_CODES.has(shown.issue.code) && shown.issue.path !== "" && valueAt(cohort, shown.issue.path) === undefined)),
  );
}

/**
 * The problems of a new round with those carried from the last one, in the service's order:
 * each carried problem goes before the first new one of its sheet on a later row, or after the
 * last of its sheet, or at the end when its sheet has none.
 */
export function mergeIssues(carried: readonly ShownIssue[], fresh: readonly ShownIssue[]): ShownIssue[] {
  const out = [...fresh];
  const sheetOf = (shown: ShownIssue) => (shown.source === "sheet" ? shown.issue.sheet : null);
  const rowOf = (shown: ShownIssue) => (shown.source === "sheet" ? (shown.issue.row ?? 0) : 0);
  for (const shown of carried) {
    const sheet = sheetOf(shown);
    const later = out.findIndex((other) => sheetOf(other) === sheet && rowOf(other) > rowOf(shown));
    const last = out.map(sheetOf).lastIndexOf(sheet);
    out.splice(later >= 0 ? later : last >= 0 ? last + 1 : out.length, 0, shown);
  }
  return out;
}

/** Where the entries of a file's sheets are: by sheet, pairs of an entry's index in its list and its row in the file, by index. */
export type FileRows = Readonly<Record<string, readonly (readonly [index: number, row: number])[]>>;

/** The index of the list entry a path is in (`trainees[2].host`, `programme.periods[1].at`), or null. */
function entryIndex(path: string): number | null {
  const segments = parsePath(path);
  const at = segments[0] === "programme" ? 2 : 1;
  const index = segments[at];
  return typeof index === "number" ? index : null;
}

/** Learns from the first round's problems which row of the file each entry with a problem is on. */
export function learnRows(issues: readonly ShownIssue[]): FileRows {
  const rows: Record<string, [number, number][]> = {};
  for (const shown of issues) {
    if (shown.source !== "sheet" || shown.issue.row === null) continue;
    const index = entryIndex(shown.issue.path);
    if (index === null) continue;
    const pairs = (rows[shown.issue.sheet] ??= []);
    if (!pairs.some(([i]) => i === index)) pairs.push([index, shown.issue.row]);
  }
  for (const pairs of Object.values(rows)) pairs.sort((a, b) => a[0] - b[0]);
  return rows;
}

/**
 * A problem of a check (read from the workbook the page wrote, whose entries sit on rows 2, 3,
 * ... with no blank rows) at its row in the user's file: the row learnt for that entry, or
 * the one of the nearest entry above it moved by as many rows, so that a blank row the file
 * had does not shift the rows after it. Its text says the new row.
 */
export function inFileRows(shown: ShownIssue, rows: FileRows): ShownIssue {
  if (shown.source !== "sheet" || shown.issue.row === null) return shown;
  const index = entryIndex(shown.issue.path);
  const pairs = rows[shown.issue.sheet];
  if (index === null || pairs === undefined) return shown;
  const below = pairs.filter(([i]) => i <= index).at(-1);
  if (below === undefined) return shown;
  const row = below[1] + (index - below[0]);
  const old = shown.issue.row;
  if (row === old) return shown;
  const text = shown.issue.text;
  const cut = text === undefined ? -1 : text.indexOf(": ");
  const moved =
    text === undefined || cut < 0 ? text : `${text.slice(0, cut).replace(new RegExp(`(^|\\D)${old}(?=\\D|$)`), `$1${row}`)}${text.slice(cut)}`;
  return { source: "sheet", issue: { ...shown.issue, row, ...(moved === undefined ? {} : { text: moved }) } };
}

/** The edit a suggested change makes to the cohort, or null when it is not one the page can make. */
export type SuggestionEdit =
  | { readonly kind: "set"; readonly path: string; readonly from: unknown; readonly value: unknown }
  | { readonly kind: "remove"; readonly path: string }
  | { readonly kind: "add-person"; readonly person: { id: string; name: string; member: string; role: "mentor" | "supervisor"; capacity: number; specializations: string[] } };

/** Values a relaxed rule takes: the rule made a preference, or roles allowed to stay empty. */
const RELAXED: Readonly<Record<string, unknown>> = { "rules.specializationFit": "preferred", "rules.allowUnassigned": true };

/**
 * What a suggested change does to the cohort, so that every suggestion is one button: a raised
 * capacity, a relaxed rule, a removed pin or forbid, or a new supervisor or mentor (named as a
 * placeholder the working group replaces with a real person) at the member the change names,
 * or else at the first member by name outside the organisation it must be outside of.
 */
export function suggestionEdit(change: SuggestedChange | null, cohort: CohortInput | null, placeholderName: (role: "mentor" | "supervisor", n: number) => string): SuggestionEdit | null {
  if (change === null || cohort === null) return null;
  switch (change.action) {
    case "raise-capacity": {
      if (change.path === null || change.by === null) return null;
      const from = valueAt(cohort, change.path);
      return typeof from === "number" ? { kind: "set", path: change.path, from, value: from + change.by } : null;
    }
    case "relax-rule": {
      if (change.path === null || !(change.path in RELAXED)) return null;
      const value = RELAXED[change.path];
      const from = valueAt(cohort, change.path);
      return from === value ? null : { kind: "set", path: change.path, from, value };
    }
    case "remove-pin":
    case "remove-forbid":
      return change.path === null || valueAt(cohort, change.path) === undefined ? null : { kind: "remove", path: change.path };
    case "add-person": {
      if (change.role === null) return null;
      const outside = change.outsideOrganisation;
      const organisation = (id: string) => cohort.members.find((m) => m.id === id)?.organisation ?? id;
      const member =
        change.member ??
        sortByName(cohort.members, (m) => m.name ?? m.id).find(
          (m) => outside === null || (organisation(m.id) !== outside && m.id !== outside),
        )?.id;
      if (member === undefined) return null;
      const ids = new Set((cohort.people ?? []).map((p) => p.id));
      let n = 1;
      while (ids.has(`${member}-new-${change.role}-${n}`)) n++;
      const person = {
        id: `${member}-new-${change.role}-${n}`,
        name: placeholderName(change.role, n),
        member,
        role: change.role,
        capacity: change.by ?? 1,
        specializations: change.specialization === null ? [] : [change.specialization],
      };
      return { kind: "add-person", person };
    }
  }
}

/** Makes the edit in the cohort (in place). */
export function applyEdit(cohort: CohortInput, edit: SuggestionEdit): void {
  if (edit.kind === "add-person") {
    ((cohort as { people?: unknown[] }).people ??= []).push(edit.person);
    return;
  }
  const segments = parsePath(edit.path);
  const last = segments.pop();
  let target: unknown = cohort;
  for (const segment of segments) {
    if (typeof target !== "object" || target === null) return;
    const record = target as Record<string | number, unknown>;
    // rules and weights may be left out of a cohort: a relaxed rule makes its object.
    if (record[segment] === undefined && typeof segment === "string") record[segment] = {};
    target = record[segment];
  }
  if (typeof target !== "object" || target === null || last === undefined) return;
  if (edit.kind === "remove") {
    if (Array.isArray(target) && typeof last === "number") target.splice(last, 1);
    return;
  }
  (target as Record<string | number, unknown>)[last] = edit.value;
}

/** A change's identity: two diagnosis items with the same one suggest the same thing. */
function changeKey(change: SuggestedChange): string {
  const { action, path, member, person, period, role, specialization, outsideOrganisation, by } = change;
  return JSON.stringify([action, path, member, person, period, role, specialization, outsideOrganisation, by]);
}

/**
 * The diagnosis with each suggestion once: an item whose change an earlier item already
 * suggests loses its change (and goes, when its sentence is also the same), so that no change
 * has two buttons.
 */
export function uniqueDiagnosis(items: readonly DiagnosisItem[]): DiagnosisItem[] {
  const seenChanges = new Set<string>();
  const seenMessages = new Set<string>();
  const out: DiagnosisItem[] = [];
  for (const item of items) {
    const key = item.change === null ? null : changeKey(item.change);
    const repeated = key !== null && seenChanges.has(key);
    if (seenMessages.has(item.message) && (item.change === null || repeated)) continue;
    seenMessages.add(item.message);
    if (key !== null) seenChanges.add(key);
    out.push(repeated ? { ...item, change: null } : item);
  }
  return out;
}

/**
 * The figures of a diagnosis that says places are short: how many trainees need one, and how
 * many places the members or people it names offer together. Null for other codes.
 */
export function shortageFigures(item: DiagnosisItem, cohort: CohortInput | null): { readonly needed: number; readonly places: number } | null {
  if (cohort === null) return null;
  const sum = (values: readonly (number | undefined)[]) => values.reduce<number>((total, v) => total + (typeof v === "number" ? v : 0), 0);
  const members = cohort.members.filter((m) => item.members.includes(m.id));
  const people = (cohort.people ?? []).filter((p) => item.people.includes(p.id));
  switch (item.code) {
    case "host_places_short":
      return { needed: item.trainees.length, places: sum(members.map((m) => m.hostCapacity)) };
    case "away_places_short":
      return { needed: item.trainees.length, places: sum(members.map((m) => m.awayCapacity)) };
    case "supervisors_short":
    case "mentors_short":
      return { needed: item.trainees.length, places: sum(people.map((p) => p.capacity ?? 1)) };
    default:
      return null;
  }
}

/** Sorts by a name in Norwegian alphabetical order (æ, ø, å last), as people look for them; a copy. */
export function sortByName<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  const collator = new Intl.Collator("nb", { sensitivity: "base", numeric: true });
  return [...items].sort((a, b) => collator.compare(nameOf(a), nameOf(b)));
}
