/**
 * The problems of a cohort, listed by where they are (sheet, row and column for a workbook or
 * CSV files; the entry and field for JSON), in plain words; and a small table to fix the
 * simple ones (capacities, specializations, a trainee's host) without leaving the page.
 */
import { h, type Child } from "../dom.js";
import type { Messages } from "../i18n.js";
import type { CohortInput, ShownIssue } from "../types.js";
import type { ViewContext } from "../state.js";
import { sortByName, suggestedValue } from "../fixes.js";
import { cohortNames, describeIssue, describePlace, parsePath, valueAt } from "../words.js";
import { section } from "./common.js";

export function problemsSection(ctx: ViewContext): HTMLElement | null {
  const { state, t } = ctx;
  if (state.issues.length === 0) return null;
  return section(
    "problems",
    "problems-heading",
    t.problemsHeading(state.issues.length),
    h("p", null, t.problemsIntro),
    h("ol", { class: "problems", id: "problem-list" }, state.issues.map((issue, i) => problemItem(issue, ctx, i))),
    fixTable(ctx),
  );
}

function problemItem(shown: ShownIssue, ctx: ViewContext, index: number): HTMLElement {
  const { state, t, lang } = ctx;
  const fix = oneClickFix(shown, ctx, index);
  if (shown.source === "sheet") {
    const { sheet, row, column, message, text } = shown.issue;
    // The service words the place and the problem in the page's language: "Traineer, rad 2, kolonne Spesialisering: ...".
    const place = t.whereSheet(sheet, row, column);
    const line = text ?? `${place}: ${message}`;
    const cut = line.indexOf(": ");
    return cut < 0 ? h("li", null, line, fix) : h("li", null, h("strong", { class: "where" }, line.slice(0, cut)), line.slice(cut), fix);
  }
  const { text, english } = describeIssue(shown.issue, state.cohort, lang);
  return h(
    "li",
    null,
    h("strong", { class: "where" }, describePlace(shown.issue.path, state.cohort, lang)),
    ": ",
    text,
    english === null ? null : h("span", { class: "detail", lang: "en" }, ` (${english})`),
    fix,
  );
}

/** "Use «ullensaker»": the value a problem suggests, put in its cell with one click, and the cohort checked again. */
function oneClickFix(shown: ShownIssue, { state, t, lang, actions }: ViewContext, index: number): HTMLElement | null {
  const value = suggestedValue(shown.issue, state.cohort);
  if (value === null) return null;
  const path = shown.issue.path;
  // Named by the place as the list shows it: the cell for a workbook, the entry and field for JSON.
  const place = shown.source === "sheet" ? (shown.issue.text ?? "").split(": ")[0] || t.whereSheet(shown.issue.sheet, shown.issue.row, shown.issue.column) : describePlace(path, state.cohort, lang);
  return h(
    "button",
    {
      type: "button",
      class: "small suggestion",
      id: `use-${index}`,
      "aria-label": t.useValueLabel(place, value),
      on: { click: () => void actions.useSuggestion(path, value) },
    },
    t.useValue(value),
  );
}

/** Lists whose entries the page names and edits (members, people, trainees) and those it edits by field only. */
type EntryList = "members" | "people" | "trainees" | "pins" | "forbid" | "programme.periods" | "programme.gatherings" | "programme" | "rules" | "weights";

interface Entry {
  readonly list: EntryList;
  readonly index: number | null;
  /** The entry's path: `members[1]`, `programme.periods[2]`, `rules`. */
  readonly path: string;
  /** Paths in it that have (or had) a problem. */
  readonly paths: string[];
}

/** The entry a cohort path is in, or null for one the page cannot edit (the whole cohort, a list as such). */
function entryOf(path: string): { list: EntryList; index: number | null; path: string } | null {
  const segments = parsePath(path);
  const [top, second, third] = segments;
  if (top === "programme" && (second === "periods" || second === "gatherings") && typeof third === "number" && segments.length > 3) {
    return { list: `programme.${second}`, index: third, path: `programme.${second}[${third}]` };
  }
  if ((top === "programme" || top === "rules" || top === "weights") && typeof second === "string" && second !== "periods" && second !== "gatherings") {
    return { list: top, index: null, path: top };
  }
  if ((top === "members" || top === "people" || top === "trainees" || top === "pins" || top === "forbid") && typeof second === "number" && segments.length > 2) {
    return { list: top, index: second, path: `${top}[${second}]` };
  }
  return null;
}

/** The entries with a problem, or with a field corrected on the page (so it stays shown), in the order met. */
function editableEntries(issues: readonly ShownIssue[], fixed: readonly string[]): Entry[] {
  const byPath = new Map<string, Entry>();
  for (const path of [...issues.map((shown) => shown.issue.path), ...fixed]) {
    const entry = entryOf(path);
    if (entry === null) continue;
    const known = byPath.get(entry.path) ?? { ...entry, paths: [] };
    if (!known.paths.includes(path)) known.paths.push(path);
    byPath.set(entry.path, known);
  }
  return [...byPath.values()];
}

function fixTable(ctx: ViewContext): HTMLElement | null {
  const { state, t, actions } = ctx;
  const cohort = state.cohort;
  if (cohort === null) return null;
  const entries = editableEntries(state.issues, state.fixed).filter(({ path }) => valueAt(cohort, path) !== undefined || path === "rules" || path === "weights");
  if (entries.length === 0) return null;
  const open = new Set(state.issues.map((shown) => shown.issue.path));
  const done = new Set(state.fixed.filter((path) => !open.has(path)));
  return h(
    "div",
    { class: "fix" },
    h("h3", { id: "fix-heading" }, t.fixHeading),
    h("p", null, t.fixIntro),
    h(
      "ul",
      { class: "fix-list" },
      entries.map((entry) => {
        const standard = entry.list === "members" || entry.list === "people" || entry.list === "trainees";
        return h(
          "li",
          null,
          standard && entry.index !== null
            ? fixFields(entry.list as "members" | "people" | "trainees", entry.index, cohort, ctx, actions.editField, "fix", entry.paths, done)
            : h("fieldset", null, h("legend", null, describePlace(entry.path, cohort, ctx.lang)), entry.paths.map((path) => pathInput(path, cohort, ctx, actions.editField, "fix", done))),
        );
      }),
    ),
    h("div", { class: "actions" }, h("button", { type: "button", id: "recheck", on: { click: () => void actions.recheck() } }, t.recheck)),
  );
}

/**
 * One entry's editable fields, in a fieldset named after the entry. Section 6 uses them too,
 * with its own `edit` (which keeps the plan shown) and `prefix` for the inputs' ids.
 */
export function fixFields(
  list: "members" | "people" | "trainees",
  index: number,
  cohort: CohortInput,
  { t, lang, actions }: Pick<ViewContext, "t" | "lang" | "actions">,
  edit: Edit = actions.editField,
  prefix = "fix",
  extra: readonly string[] = [],
  done: ReadonlySet<string> = new Set(),
): HTMLElement {
  const path = `${list}[${index}]`;
  const entry = cohort[list]?.[index] as Record<string, unknown> | undefined;
  const id = (field: string) => inputId(`${path}.${field}`, prefix);
  const label = (field: string, text: string) => (done.has(`${path}.${field}`) ? `${text} (✓ ${t.fixedMark})` : text);
  const number = (field: string) => numberInput(`${path}.${field}`, id(field), label(field, t.fields[field] ?? field), entry?.[field], edit);
  const words = (field: string) => listInput(`${path}.${field}`, id(field), label(field, `${t.fields[field] ?? field} (${t.commaSeparated})`), entry?.[field], edit);
  let fields: Child[];
  let shown: string[];
  if (list === "members") {
    fields = [number("hostCapacity"), number("awayCapacity"), words("specializations")];
    shown = ["hostCapacity", "awayCapacity", "specializations"];
  } else if (list === "people") {
    fields = [number("capacity"), words("specializations")];
    shown = ["capacity", "specializations"];
  } else {
    fields = [
      textInput(`${path}.specialization`, id("specialization"), label("specialization", t.fields.specialization ?? ""), entry?.specialization, edit),
      hostSelect(path, id("host"), entry?.host, cohort, t, edit, label("host", t.fields.host ?? "host")),
    ];
    shown = ["specialization", "host"];
  }
  // Any other field in error (a person's member, a member's location) gets its own input.
  const others = extra.filter((p) => !shown.some((field) => p === `${path}.${field}` || p.startsWith(`${path}.${field}[`)));
  return h("fieldset", null, h("legend", null, describePlace(path, cohort, lang)), fields, others.map((p) => pathInput(p, cohort, { t, lang }, edit, prefix, done)));
}

/** Fields that hold a number. */
const NUMBER_FIELDS = new Set(["hostCapacity", "awayCapacity", "capacity", "months", "lat", "lon", "by", "maxTravelKm"]);
/** Fields that hold a list of words (an entry of one is edited as the whole list). */
const LIST_FIELDS = new Set(["specializations", "hostPreferences", "awayPreferences"]);

/**
 * An input for the field at any path: a choice of the cohort's members, people, trainees or
 * periods for a reference, of the allowed values for `at` and `role`, a number, a list, or text.
 */
function pathInput(path: string, cohort: CohortInput, { t, lang }: Pick<ViewContext, "t" | "lang">, edit: Edit, prefix: string, done: ReadonlySet<string>): HTMLElement {
  const segments = parsePath(path);
  // An entry of a list cell (`specializations[1]`): the whole list is the field.
  while (typeof segments[segments.length - 1] === "number" && segments.length > 1) segments.pop();
  const fieldPath = segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  const field = String(segments[segments.length - 1] ?? "");
  const value = valueAt(cohort, fieldPath);
  const id = inputId(fieldPath, prefix);
  const base = `${describePlace(fieldPath, cohort, lang).split(", ").slice(-1)[0] ?? field}`;
  const label = done.has(fieldPath) ? `${base} (✓ ${t.fixedMark})` : base;
  const names = cohortNames(cohort);
  const choose = (options: [string, string][]) => choiceInput(fieldPath, id, label, value, options, edit);
  const byName = (items: readonly { id: string }[], name: (id: string) => string): [string, string][] => sortByName(items.map((i): [string, string] => [i.id, name(i.id)]), ([, n]) => n);
  if (field === "host" || field === "member") return choose(byName(cohort.members, names.member));
  if (field === "mentor" || field === "supervisor" || field === "person") return choose(byName(cohort.people ?? [], names.person));
  if (field === "trainee") return choose(byName(cohort.trainees, names.trainee));
  if (field === "period") return choose(cohort.programme.periods.map((p): [string, string] => [p.id, p.id]));
  if (field === "at") return choose([["host", t.atHost], ["away", t.away]]);
  if (field === "role") return choose([["supervisor", t.fields.supervisor ?? "supervisor"], ["mentor", t.fields.mentor ?? "mentor"]]);
  if (NUMBER_FIELDS.has(field)) return numberInput(fieldPath, id, label, value, edit);
  if (LIST_FIELDS.has(field)) return listInput(fieldPath, id, `${label} (${t.commaSeparated})`, value, edit);
  return textInput(fieldPath, id, label, value, edit);
}

/** A choice among the cohort's values; the value written, when it is none of them, stays as a choice so nothing changes by itself. */
function choiceInput(path: string, id: string, label: string, value: unknown, options: readonly [string, string][], edit: Edit): HTMLElement {
  const current = typeof value === "string" ? value : "";
  const all: [string, string][] = [...options];
  if (!options.some(([v]) => v === current)) all.unshift([current, current === "" ? "–" : current]);
  const input = h("select", { id }, all.map(([v, text]) => h("option", { value: v, selected: v === current }, text)));
  input.addEventListener("change", () => edit(path, input.value));
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

type Edit = (path: string, value: unknown) => void;

/** Ids for inputs: `members[1].hostCapacity` -> `fix-members-1-hostCapacity`. */
const inputId = (path: string, prefix: string) => `${prefix}-${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-$/, "")}`;

function numberInput(path: string, id: string, label: string, value: unknown, edit: Edit): HTMLElement {
  const input = h("input", { id, type: "number", inputmode: "numeric", min: 0, step: 1, value: typeof value === "number" ? value : String(value ?? "") });
  // A value that is not a whole number is kept as typed, so the check says what is wrong with it.
  input.addEventListener("change", () => edit(path, input.value.trim() !== "" && Number.isFinite(Number(input.value)) ? Number(input.value) : input.value));
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

function textInput(path: string, id: string, label: string, value: unknown, edit: Edit): HTMLElement {
  const input = h("input", { id, type: "text", value: typeof value === "string" ? value : "" });
  input.addEventListener("change", () => edit(path, input.value.trim()));
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

function listInput(path: string, id: string, label: string, value: unknown, edit: Edit): HTMLElement {
  const input = h("input", { id, type: "text", value: Array.isArray(value) ? value.join(", ") : "" });
  input.addEventListener("change", () =>
    edit(
      path,
      input.value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    ),
  );
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

/** The trainee's host: one of the members, or none (the solver chooses). */
function hostSelect(path: string, id: string, value: unknown, cohort: CohortInput, t: Messages, edit: Edit, label = t.fields.host ?? "host"): HTMLElement {
  const names = cohortNames(cohort);
  const current = typeof value === "string" ? value : "";
  const known = cohort.members.some((m) => m.id === current);
  const members = sortByName(cohort.members, (m) => names.member(m.id));
  const options: [string, string][] = [["", `(${t.none})`], ...members.map((m): [string, string] => [m.id, names.member(m.id)])];
  if (current !== "" && !known) options.push([current, current]);
  const input = h("select", { id }, options.map(([v, text]) => h("option", { value: v, selected: v === current }, text)));
  input.addEventListener("change", () => edit(`${path}.host`, input.value === "" ? undefined : input.value));
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}
