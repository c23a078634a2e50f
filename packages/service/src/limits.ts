/**
 * Bounds on the work a request can ask for, checked before the work starts.
 *
 * - Every list of a cohort and a plan has a cap derived from the route's trainee limit
 *   (`--max-trainees` for `/v1/solve` and the re-planning routes, `--max-job-trainees` for
 *   the other routes), see
 *   `listCaps`. `findLimitBreach` walks the parsed body once, without recursion, and stops at
 *   the first list over its cap, the first object with too many properties, the first text
 *   that is too long, or when the whole body holds too many values: the route answers 413
 *   `input-too-large`, naming the field and the cap, before zod, a worker or a solver sees the
 *   value. Each check looks at a list's length before its entries, so a list of a million
 *   entries is refused at once.
 * - Every list of issues a response carries is cut to MAX_LISTED_ISSUES, with the total count
 *   and "and N more" in its detail (`listIssues`).
 *
 * Nesting depth is bounded while the body is parsed (`parseJsonText`'s `maxDepth`), so the
 * walk here never meets a deep value.
 *
 * Decoding, parsing, the trainee count and the walk all grow with the body, so none of them
 * runs on the event loop: a route hands the body's BYTES and its `BodyCheck` to a worker
 * thread (moved, not copied: an ArrayBuffer in the task's transfer list), and the worker calls
 * `readBody` before its work. Only `createApp` without pools (tests) reads bodies in process.
 * Nothing here touches Node.
 */
import { parseJsonText } from "@rotamatch/core";
import { makeProblem, type Problem } from "./problem.js";

/**
 * Most levels of `[` and `{` a body may nest (the core's default); a cohort or a plan nests
 * about 5. A deeper body is a 400 `invalid-json` with the line and column.
 */
export const MAX_JSON_DEPTH = 64;

/** Most issues a response lists; the rest are counted in its `detail` (and `issueCount`). */
export const MAX_LISTED_ISSUES = 100;

/** Most properties of any one object of a body (a cohort's objects have at most a dozen). */
export const MAX_OBJECT_PROPERTIES = 256;

/**
 * Longest text in a cohort or a plan, in UTF-16 code units. Ids are at most 200 characters;
 * a longer text is no cohort, and some checks (did-you-mean) cost the product of two lengths.
 */
export const MAX_TEXT_LENGTH = 10_000;

/** The least cap of a list that grows with the trainees, whatever the trainee limit. */
const LIST_FLOOR = 100;

/** The cap of each list of a cohort and a plan, for one route. */
export interface ListCaps {
  /** The cohort's `trainees`, a plan's `assignments`, a history entry's `assignments`, a diagnosis item's `trainees`. */
  readonly trainees: number;
  /** `members` and a diagnosis item's `members`. */
  readonly members: number;
  /** `people` and a diagnosis item's `people`. */
  readonly people: number;
  readonly pins: number;
  readonly forbid: number;
  /** Each trainee's `hostPreferences` and `awayPreferences`. */
  readonly preferences: number;
  /** Each member's and person's `specializations`. */
  readonly specializations: number;
  /** The programme's `periods`, and each assignment's `placements`. */
  readonly periods: number;
  readonly gatherings: number;
  /** The cohort's `history` (earlier cohorts' plans). */
  readonly history: number;
  /** Every history entry's `assignments` together (each entry's own list is capped by `trainees` too). */
  readonly historyAssignments: number;
  /** A plan's `unassigned`. */
  readonly unassigned: number;
  /** A re-planned plan's `changes` (one per role and period, as `unassigned`). */
  readonly changes: number;
  /** A plan's `diagnosis`. */
  readonly diagnosis: number;
  /** CSV files of `/v1/import`'s JSON form. */
  readonly files: number;
  /** A list at a place no cohort or plan has one (refused later anyway). */
  readonly other: number;
  /** Every value of the body together: objects, lists, texts, numbers, booleans and nulls. */
  readonly values: number;
}

/**
 * The caps for a route that takes cohorts of up to `maxTrainees` trainees. The lists the
 * format bounds itself (periods 48, gatherings 200, specializations 200, preferences 1000)
 * keep the format's bound; the others grow with the trainees, never below LIST_FLOOR:
 * members 2×, people 4×, pins and forbids 4× (a few per trainee), a plan's unassigned roles
 * 8× (one per role and period: a host, a supervisor, a mentor and five away periods),
 * diagnosis items 4×, history entries 1× (at most the format's 1000), and the history's
 * assignments 5× in all (five earlier cohorts as big as the biggest this route takes; each
 * entry's own list is capped like `trainees`). Every value together: 200 per trainee (a
 * trainee with its preferences and its plan's assignment holds about 60, an earlier cohort's
 * assignment about 25) and 10,000 besides. `sheetCount` caps the CSV files of an import.
 */
export function listCaps(maxTrainees: number, sheetCount = 50): ListCaps {
  const times = (k: number) => Math.max(LIST_FLOOR, k * maxTrainees);
  const members = times(2);
  return {
    trainees: maxTrainees,
    members,
    people: times(4),
    pins: times(4),
    forbid: times(4),
    preferences: Math.min(1_000, members),
    specializations: 200,
    periods: 48,
    gatherings: 200,
    history: Math.min(1_000, times(1)),
    historyAssignments: times(5),
    unassigned: times(8),
    changes: times(8),
    diagnosis: times(4),
    files: sheetCount,
    other: LIST_FLOOR,
    values: 200 * maxTrainees + 10_000,
  };
}

/** The caps on lists counted together over a body, and what a breach's detail calls them. */
const TOTAL_CAPS = { historyAssignments: "the history's assignments" } as const;
type TotalCap = keyof typeof TOTAL_CAPS;

/**
 * What the walk expects at a place of the body. An array found where `list` is set is capped
 * by that cap (else by `other`); `items` is the shape of its entries, `fields` of known
 * properties, `values` of every property (a map such as `files`). Texts are capped unless
 * `longText`.
 */
export interface Shape {
  readonly list?: Exclude<keyof ListCaps, "values" | "other" | TotalCap>;
  /** A cap on the entries of every list at such places together (one body), besides `list`'s cap on each. */
  readonly total?: TotalCap;
  readonly items?: Shape;
  readonly fields?: Readonly<Record<string, Shape>>;
  readonly values?: Shape;
  readonly longText?: boolean;
}

const withSpecializations: Shape = { fields: { specializations: { list: "specializations" } } };
const assignment: Shape = { fields: { placements: { list: "periods" } } };

/** A plan's lists other than its assignments. */
const PLAN_LISTS: Readonly<Record<string, Shape>> = {
  unassigned: { list: "unassigned" },
  changes: { list: "changes" },
  diagnosis: {
    list: "diagnosis",
    items: { fields: { trainees: { list: "trainees" }, members: { list: "members" }, people: { list: "people" } } },
  },
  balance: { list: "members" },
};

/** A plan (`rotamatch.plan/v1`), or a re-planned one with its `changes`. */
export const PLAN_SHAPE: Shape = { fields: { assignments: { list: "trainees", items: assignment }, ...PLAN_LISTS } };

/**
 * A history entry: an earlier cohort's plan, which may be a plan file as it is (its other lists
 * are capped as a plan's). Its assignments count towards `historyAssignments` over every entry.
 */
const HISTORY_ENTRY: Shape = {
  fields: { assignments: { list: "trainees", total: "historyAssignments", items: assignment }, ...PLAN_LISTS },
};

/** A cohort (`rotamatch.cohort/v1`), history included. */
export const COHORT_SHAPE: Shape = {
  fields: {
    programme: { fields: { periods: { list: "periods" }, gatherings: { list: "gatherings" } } },
    members: { list: "members", items: withSpecializations },
    people: { list: "people", items: withSpecializations },
    trainees: {
      list: "trainees",
      items: { fields: { hostPreferences: { list: "preferences" }, awayPreferences: { list: "preferences" } } },
    },
    pins: { list: "pins" },
    forbid: { list: "forbid" },
    history: { list: "history", items: HISTORY_ENTRY },
  },
};

/** `POST /v1/export`'s body. */
export const EXPORT_SHAPE: Shape = { fields: { cohort: COHORT_SHAPE, plan: PLAN_SHAPE } };

/** `POST /v1/import`'s JSON form: CSV texts by file name (their rows are capped by the sheets package). */
export const IMPORT_SHAPE: Shape = { fields: { files: { list: "files", values: { longText: true } } } };

/** `POST /v1/replan`'s body (`rotamatch.replan/v1`): the cohort as it is now and the published plan. */
export const REPLAN_SHAPE: Shape = { fields: { cohort: COHORT_SHAPE, plan: PLAN_SHAPE } };

/** `POST /v1/whatif`'s body: `{ cohort, plan, pins }`. */
export const WHATIF_SHAPE: Shape = { fields: { cohort: COHORT_SHAPE, plan: PLAN_SHAPE, pins: { list: "pins" } } };

/** `POST /v1/explain`'s body: `{ cohort, plan, trainee?, lang? }`. */
export const EXPLAIN_SHAPE: Shape = { fields: { cohort: COHORT_SHAPE, plan: PLAN_SHAPE } };

/**
 * The shapes a body can have, by name (what a task names travels to a worker as a word). For a
 * body the solve pool takes, the name also says what is done with it (worker.ts): `cohort` is
 * solved, `replan`, `whatif` and `explain` go to the core's re-planning.
 */
export const BODY_SHAPES = {
  cohort: COHORT_SHAPE,
  export: EXPORT_SHAPE,
  import: IMPORT_SHAPE,
  replan: REPLAN_SHAPE,
  whatif: WHATIF_SHAPE,
  explain: EXPLAIN_SHAPE,
} as const satisfies Record<string, Shape>;

/** The shapes whose cohort is at `cohort` of the body rather than the body itself. */
const WRAPPED_COHORT: ReadonlySet<keyof typeof BODY_SHAPES> = new Set(["export", "replan", "whatif", "explain"]);

/**
 * The trainee limit of a route that takes a cohort, with the words of its 413
 * `cohort-too-large`: `The cohort has N trainees; {limitText} {max}{advice}.`
 */
export interface TraineeLimit {
  readonly max: number;
  readonly limitText: string;
  readonly advice: string;
}

/** What a route checks of its JSON body before its work: the shape and caps, and for a cohort to solve its trainee limit. */
export interface BodyCheck {
  readonly shape: keyof typeof BODY_SHAPES;
  readonly caps: ListCaps;
  readonly trainees?: TraineeLimit;
}

/**
 * A JSON body as the event loop hands it to a worker: its bytes as read (within the body
 * limits, gzip decoded), neither decoded nor parsed, and the route's check. Bytes rather than
 * text: a worker's task moves an ArrayBuffer at no cost, where decoding 30 MB and copying the
 * string to a thread take the loop 100-200 ms each (measured on the 2-core CI machine).
 */
export interface JsonBody {
  readonly bytes: ArrayBuffer;
  readonly check: BodyCheck;
}

/** The answer of work whose body was refused before the work began: the route answers this problem as it is. */
export interface RefusedBody {
  readonly refused: Problem;
}

/** Whether a worker's answer is a refused body rather than the work's own answer. */
export function isRefused(answer: unknown): answer is RefusedBody {
  return typeof answer === "object" && answer !== null && "refused" in answer;
}

/**
 * The body decoded, parsed and checked, in the order the routes have always answered: 400
 * `invalid-json` (not UTF-8; not JSON, with line and column; nested deeper than
 * MAX_JSON_DEPTH), then 413 `cohort-too-large` (the trainee limit, if any), then 413
 * `input-too-large` (the caps). Runs in a worker thread: it takes time and memory in
 * proportion to the body.
 */
export function readBody(body: JsonBody): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  const parsed = parseBody(body.bytes);
  if (!parsed.ok) return parsed;
  const problem = checkBody(parsed.value, body.check);
  return problem === null ? parsed : { ok: false, problem };
}

/** The body's bytes decoded and parsed (400 `invalid-json` when they are not UTF-8, not JSON, or nested too deeply). */
export function parseBody(bytes: ArrayBuffer): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const issue = { code: "invalid_json" as const, path: "", message: "The body is not UTF-8 text." };
    return { ok: false, problem: makeProblem("invalid-json", issue.message, { issues: [issue] }) };
  }
  const parsed = parseJsonText(text, "body", { maxDepth: MAX_JSON_DEPTH });
  if (!parsed.ok) return { ok: false, problem: makeProblem("invalid-json", parsed.issue.message, { issues: [parsed.issue] }) };
  return { ok: true, value: parsed.value };
}

/**
 * A parsed body against a route's check: 413 `cohort-too-large` (the trainee limit, if any),
 * then 413 `input-too-large` (the caps); null when it keeps within both. Apart from the parse
 * so that `POST /v1/jobs` can choose the check by what the body is (job-operation.ts).
 */
export function checkBody(value: unknown, check: BodyCheck): Problem | null {
  const { trainees, shape, caps } = check;
  if (trainees !== undefined) {
    const found = countTrainees(WRAPPED_COHORT.has(shape) ? fieldOf(value, "cohort") : value);
    if (found > trainees.max) {
      const detail = `The cohort has ${found} trainees; ${trainees.limitText} ${trainees.max}${trainees.advice}.`;
      return makeProblem("cohort-too-large", detail);
    }
  }
  const over = findLimitBreach(value, BODY_SHAPES[shape], caps);
  return over === null ? null : makeProblem("input-too-large", describeBreach(over));
}

/** The length of a cohort's `trainees` list; 0 when there is none. */
function countTrainees(cohort: unknown): number {
  const trainees = fieldOf(cohort, "trainees");
  return Array.isArray(trainees) ? trainees.length : 0;
}

/** A field of a value that is an object, or undefined. */
function fieldOf(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** A body over one of its caps: where, what was counted, how many and the cap. */
export interface LimitBreach {
  /** The field's path as the issues write it (`trainees[3].awayPreferences`); "" for the body itself. */
  readonly path: string;
  readonly counted: "entries" | "properties" | "characters" | "values";
  readonly found: number;
  readonly cap: number;
  /** For a cap on lists counted together: which (`found` is then their entries so far, this list's included). */
  readonly total?: TotalCap;
}

/** A place in the body, kept as a chain to its parent so that a path is only built for a breach. */
interface Place {
  readonly parent: Place | null;
  readonly key: string | number;
}

const NO_SHAPE: Shape = {};

/**
 * The first place where `body` goes over `caps`, or null when it keeps within them. One walk
 * with an explicit stack (a value of any depth cannot overflow it), in the order of the text.
 */
export function findLimitBreach(body: unknown, shape: Shape, caps: ListCaps): LimitBreach | null {
  // Values are counted as their list or object is opened, before its entries are walked.
  let values = 1;
  const totals = new Map<TotalCap, number>();
  const stack: { value: unknown; shape: Shape; place: Place | null }[] = [{ value: body, shape, place: null }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { value, shape: here, place } = frame;
    if (typeof value === "string") {
      if (!here.longText && value.length > MAX_TEXT_LENGTH) return breach(place, "characters", value.length, MAX_TEXT_LENGTH);
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      const cap = here.list === undefined ? caps.other : caps[here.list];
      if (value.length > cap) return breach(place, "entries", value.length, cap);
      if (here.total !== undefined) {
        const sum = (totals.get(here.total) ?? 0) + value.length;
        if (sum > caps[here.total]) return { ...breach(place, "entries", sum, caps[here.total]), total: here.total };
        totals.set(here.total, sum);
      }
      values += value.length;
      if (values > caps.values) return breach(null, "values", values, caps.values);
      const items = here.items ?? NO_SHAPE;
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], shape: items, place: { parent: place, key: i } });
      continue;
    }
    const keys = Object.keys(value);
    const cap = here.list === "files" ? caps.files : MAX_OBJECT_PROPERTIES;
    if (keys.length > cap) return breach(place, "properties", keys.length, cap);
    values += keys.length;
    if (values > caps.values) return breach(null, "values", values, caps.values);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const child = (here.fields !== undefined && Object.hasOwn(here.fields, key) ? here.fields[key] : here.values) ?? NO_SHAPE;
      stack.push({ value: (value as Record<string, unknown>)[key], shape: child, place: { parent: place, key } });
    }
  }
  return null;
}

function breach(place: Place | null, counted: LimitBreach["counted"], found: number, cap: number): LimitBreach {
  return { path: pathOf(place), counted, found, cap };
}

/** `members[1].specializations`, as the core writes issue paths; keys that are not names are quoted. */
function pathOf(place: Place | null): string {
  const parts: (string | number)[] = [];
  for (let p = place; p !== null; p = p.parent) parts.push(p.key);
  let path = "";
  for (const part of parts.reverse()) {
    if (typeof part === "number") path += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) path += path === "" ? part : `.${part}`;
    else path += `[${JSON.stringify(part.length > 50 ? `${part.slice(0, 50)}…` : part)}]`;
  }
  return path;
}

const count = (n: number) => n.toLocaleString("en-US");

/**
 * The problem's detail: `trainees has 9,000 entries; this route takes at most 200.`, or for lists
 * counted together `history[4].assignments brings the history's assignments to 1,200 in all;
 * this route takes at most 1,000.`
 */
export function describeBreach(found: LimitBreach): string {
  if (found.counted === "values") {
    return `The body holds more than ${count(found.cap)} values (objects, lists, texts and numbers together); this route takes at most ${count(found.cap)}.`;
  }
  const where = found.path === "" ? "The body" : found.path;
  if (found.total !== undefined) {
    return `${where} brings ${TOTAL_CAPS[found.total]} to ${count(found.found)} in all; this route takes at most ${count(found.cap)}.`;
  }
  return `${where} has ${count(found.found)} ${found.counted}; this route takes at most ${count(found.cap)}.`;
}

/** A list of issues cut to `max`, with how many there were and the sentence that says so. */
export interface ListedIssues<T> {
  readonly issues: readonly T[];
  readonly total: number;
  /** Whether some issues were left out. */
  readonly truncated: boolean;
  /** `" The first 100 are listed, and 2,345 more."` to add to a detail, or "" when all are listed. */
  readonly note: string;
}

/** The first `max` issues, and a note on the rest for the response's detail. */
export function listIssues<T>(issues: readonly T[], max = MAX_LISTED_ISSUES): ListedIssues<T> {
  if (issues.length <= max) return { issues, total: issues.length, truncated: false, note: "" };
  const more = issues.length - max;
  return { issues: issues.slice(0, max), total: issues.length, truncated: true, note: ` The first ${max} are listed, and ${count(more)} more.` };
}
