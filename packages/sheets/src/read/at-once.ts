/**
 * Every problem of a cohort in one round. The core checks a cohort in two phases: its shape
 * (types, ranges, required fields, allowed values), and only when the shape is right the rules
 * of the whole cohort (references, duplicate ids, pins and forbids). For a JSON file that is
 * right: the rules need a well-shaped cohort. For a workbook it means rounds: a negative
 * capacity in one row hides an unknown member in another until it is fixed, and a working
 * group sends the file back and forth once per round.
 *
 * So when the shape check fails, each value it refused is replaced in a copy of the cohort by a
 * neutral one (an optional field is left out; a required one gets a value no rule objects to:
 * a capacity nobody can exceed, a placeholder id nothing refers to), and the core checks the
 * copy again. Its findings are kept where the repair cannot have caused or changed them: not
 * about a repaired entry, not naming a placeholder, and not of a rule that reads a repaired
 * kind of value (a repaired role says nothing about wrong_role; a repaired period's place says
 * nothing about pins in that period). The rest waits for the next round, as before.
 */
import { parseCohort, type Issue } from "@rotamatch/core/format";
import { suggest } from "../suggest.js";
import { parsePath } from "./locate.js";

type Segment = string | number;

/** The codes of the core's shape check (its first phase). */
const SHAPE_CODES = new Set(["invalid_type", "invalid_value", "invalid_format", "too_small", "too_big", "unrecognized_key"]);

/** A placeholder's mark: no id in a workbook holds it, and a message that names it is not kept. */
const PLACEHOLDER = "\u0000";

/** Largest capacity the format accepts (the core's MAX_COUNT): a repaired capacity nobody exceeds. */
const NEUTRAL_CAPACITY = 100_000;

/** Neutral values for required fields, by field name; every other field is optional and left out. */
const NEUTRAL: Readonly<Record<string, (path: string) => unknown>> = {
  id: (path) => `${PLACEHOLDER}${path}`,
  member: (path) => `${PLACEHOLDER}${path}`,
  trainee: (path) => `${PLACEHOLDER}${path}`,
  specialization: (path) => `${PLACEHOLDER}${path}`,
  name: () => "-",
  start: () => "2000-01-01",
  date: () => "2000-01-01",
  months: () => 1,
  at: () => "away",
  role: () => "mentor",
  hostCapacity: () => NEUTRAL_CAPACITY,
  awayCapacity: () => NEUTRAL_CAPACITY,
};

/** Which later rules read a kind of value: when one was repaired, their findings wait. */
const READ_BY: Readonly<Record<string, readonly string[]>> = {
  role: ["wrong_role", "pin_breaks_rule"],
  at: ["no_away_period", "pin_breaks_rule", "conflicting_pins", "pins_over_capacity"],
  months: ["pin_breaks_rule"],
  specializations: ["pin_breaks_rule"],
  specialization: ["pin_breaks_rule"],
  organisation: ["pin_breaks_rule", "forbidden_host"],
  rules: ["pin_breaks_rule", "conflicting_pins", "pins_over_capacity", "host_over_capacity"],
};

/**
 * The core's issues with the cohort: those of the shape check and, when the shape is wrong, the
 * whole-cohort rules' findings that do not depend on what is wrong with it.
 */
export function checkCohortAtOnce(cohort: Record<string, unknown>): Issue[] {
  const first = parseCohort(cohort);
  if (first.ok) return [];
  if (!first.issues.some((issue) => SHAPE_CODES.has(issue.code))) return [...first.issues];
  const copy = structuredClone(cohort);
  const repairedEntries = new Set<string>();
  const waiting = new Set<string>();
  for (const issue of first.issues) {
    const repair = repairAt(copy, parsePath(issue.path));
    if (repair === null) return [...first.issues];
    repairedEntries.add(repair.entry);
    const kind = repair.field === "rules" ? "rules" : repair.field;
    for (const code of READ_BY[kind] ?? []) waiting.add(code);
  }
  const second = parseCohort(copy);
  if (second.ok || second.issues.some((issue) => SHAPE_CODES.has(issue.code) && issue.code !== "too_small")) return [...first.issues];
  const later = second.issues.filter(
    (issue) =>
      !waiting.has(issue.code) &&
      !repairedEntries.has(entryOf(parsePath(issue.path))) &&
      !issue.message.includes(PLACEHOLDER) &&
      !(issue.code === "too_small" && first.issues.some((f) => f.path === issue.path)),
  );
  return [...first.issues, ...later];
}

/** The entry a path is in: `members[3]`, `programme.periods[1]`, `rules`; "" for the whole cohort. */
function entryOf(path: readonly Segment[]): string {
  const [first, second, third] = path;
  if (first === "programme" && (second === "periods" || second === "gatherings") && typeof third === "number") return `programme.${second}[${third}]`;
  if (first === "programme") return "programme";
  if (typeof first === "string" && typeof second === "number") return `${first}[${second}]`;
  return typeof first === "string" ? first : "";
}

/**
 * Replaces the value at `path` by a neutral one, or leaves an optional field out. Null when
 * the path is no field of an entry (a whole list too short or too long): then nothing is
 * repaired and the later rules wait, as they always did.
 */
function repairAt(cohort: Record<string, unknown>, path: readonly Segment[]): { entry: string; field: string } | null {
  // The history: no rule of the whole cohort reads it (unknown ids in it are warnings of the
  // plan), so the copy goes without it and the other sheets' rules still run.
  if (path[0] === "history") {
    delete cohort.history;
    return { entry: entryOf(path), field: "history" };
  }
  const entry = entryOf(path);
  const start = entry.startsWith("programme.") ? 3 : entry === "programme" || entry === "rules" || entry === "weights" ? 1 : 2;
  const field = path[start];
  if (typeof field !== "string" || entry === "") return null;
  const holder = valueAt(cohort, path.slice(0, start));
  if (typeof holder !== "object" || holder === null || Array.isArray(holder)) return null;
  const object = holder as Record<string, unknown>;
  const inner = path.slice(start + 1);
  if (inner.length === 0 && Array.isArray(object[field])) return null;
  const joined = path.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("");
  if (inner.length > 0 && typeof inner[0] === "number" && Array.isArray(object[field])) {
    // An entry of a list cell (a preference, a specialization): a placeholder keeps the others' places.
    (object[field] as unknown[])[inner[0]] = `${PLACEHOLDER}${joined}`;
    return { entry, field };
  }
  const neutral = NEUTRAL[field];
  if (neutral === undefined || entry === "rules" || entry === "weights") delete object[field];
  else object[field] = neutral(joined);
  return { entry, field: entry === "rules" ? "rules" : field };
}

function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** The lists an unknown reference can point into, by the start of the core's message. */
const REFERENCE_LISTS: readonly { readonly phrase: string; readonly list: string }[] = [
  { phrase: "no member has the id ", list: "members" },
  { phrase: "no person (mentor or supervisor) has the id ", list: "people" },
  { phrase: "no trainee has the id ", list: "trainees" },
];

/**
 * "Did you mean" for a name where an id belongs: a workbook's Host column holding "Ullensaker
 * kommune", the member's name, instead of "ullensaker", its id. The core suggests ids close to
 * the one written (and the same id in another case); a name is no id, so this adds the id of the
 * entry whose name is the one written (ignoring case and spaces around it), or else close to it.
 */
export function withNameHints(issues: readonly Issue[], cohort: Record<string, unknown>): Issue[] {
  return issues.map((issue) => {
    if (issue.code !== "unknown_reference" || issue.message.endsWith(")")) return issue;
    const target = REFERENCE_LISTS.find((r) => issue.message.startsWith(r.phrase));
    const written = valueAt(cohort, parsePath(issue.path));
    const entries = valueAt(cohort, [target?.list ?? ""]);
    if (target === undefined || typeof written !== "string" || !Array.isArray(entries)) return issue;
    const named = (entries as unknown[]).flatMap((entry) => {
      const { id, name } = (typeof entry === "object" && entry !== null ? entry : {}) as { id?: unknown; name?: unknown };
      return typeof id === "string" && typeof name === "string" && name.trim() !== "" ? [{ id, name: name.trim() }] : [];
    });
    const wanted = written.trim().toLowerCase();
    const guess = suggest(written.trim(), named.map((n) => n.name));
    const match = named.find((n) => n.name.toLowerCase() === wanted) ?? named.find((n) => n.name === guess);
    return match === undefined ? issue : { ...issue, message: `${issue.message} (did you mean ${JSON.stringify(match.id)}?)` };
  });
}
