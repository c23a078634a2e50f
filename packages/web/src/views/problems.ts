/**
 * The problems of a cohort, listed by where they are (sheet, row and column for a workbook or
 * CSV files; the entry and field for JSON), in plain words; and a small table to fix the
 * simple ones (capacities, specializations, a trainee's host) without leaving the page.
 */
import { h, type Child } from "../dom.js";
import type { Messages } from "../i18n.js";
import type { CohortInput, ShownIssue } from "../types.js";
import type { ViewContext } from "../state.js";
import { cohortNames, describeIssue, describePlace, parsePath } from "../words.js";
import { section } from "./common.js";

export function problemsSection(ctx: ViewContext): HTMLElement | null {
  const { state, t } = ctx;
  if (state.issues.length === 0) return null;
  return section(
    "problems",
    "problems-heading",
    t.problemsHeading(state.issues.length),
    h("p", null, t.problemsIntro),
    h("ol", { class: "problems", id: "problem-list" }, state.issues.map((issue) => problemItem(issue, ctx))),
    fixTable(ctx),
  );
}

function problemItem(shown: ShownIssue, { state, t, lang }: ViewContext): HTMLElement {
  if (shown.source === "sheet") {
    const { sheet, row, column, message, text } = shown.issue;
    // The service words the place and the problem in the page's language: "Traineer, rad 2, kolonne Spesialisering: ...".
    const place = t.whereSheet(sheet, row, column);
    const line = text ?? `${place}: ${message}`;
    const cut = line.indexOf(": ");
    return cut < 0 ? h("li", null, line) : h("li", null, h("strong", { class: "where" }, line.slice(0, cut)), line.slice(cut));
  }
  const { text, english } = describeIssue(shown.issue, state.cohort, lang);
  return h(
    "li",
    null,
    h("strong", { class: "where" }, describePlace(shown.issue.path, state.cohort, lang)),
    ": ",
    text,
    english === null ? null : h("span", { class: "detail", lang: "en" }, ` (${english})`),
  );
}

/** The entries that have a problem and a field the page can edit: members, people, trainees. */
function editableEntries(issues: readonly ShownIssue[]): { list: "members" | "people" | "trainees"; index: number }[] {
  const seen = new Set<string>();
  const out: { list: "members" | "people" | "trainees"; index: number }[] = [];
  for (const shown of issues) {
    const [list, index] = parsePath(shown.issue.path);
    if ((list !== "members" && list !== "people" && list !== "trainees") || typeof index !== "number") continue;
    const key = `${list}[${index}]`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ list, index });
  }
  return out;
}

function fixTable(ctx: ViewContext): HTMLElement | null {
  const { state, t, actions } = ctx;
  const cohort = state.cohort;
  if (cohort === null) return null;
  const entries = editableEntries(state.issues).filter(({ list, index }) => cohort[list]?.[index] !== undefined);
  if (entries.length === 0) return null;
  return h(
    "div",
    { class: "fix" },
    h("h3", { id: "fix-heading" }, t.fixHeading),
    h("p", null, t.fixIntro),
    h("ul", { class: "fix-list" }, entries.map(({ list, index }) => h("li", null, fixFields(list, index, cohort, ctx)))),
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
): HTMLElement {
  const path = `${list}[${index}]`;
  const entry = cohort[list]?.[index] as Record<string, unknown> | undefined;
  const id = (field: string) => inputId(`${path}.${field}`, prefix);
  const number = (field: string) => numberInput(`${path}.${field}`, id(field), t.fields[field] ?? field, entry?.[field], edit);
  const words = (field: string) => listInput(`${path}.${field}`, id(field), `${t.fields[field] ?? field} (${t.commaSeparated})`, entry?.[field], edit);
  let fields: Child[];
  if (list === "members") fields = [number("hostCapacity"), number("awayCapacity"), words("specializations")];
  else if (list === "people") fields = [number("capacity"), words("specializations")];
  else fields = [textInput(`${path}.specialization`, id("specialization"), t.fields.specialization ?? "", entry?.specialization, edit), hostSelect(path, id("host"), entry?.host, cohort, t, edit)];
  return h("fieldset", null, h("legend", null, describePlace(path, cohort, lang)), fields);
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
function hostSelect(path: string, id: string, value: unknown, cohort: CohortInput, t: Messages, edit: Edit): HTMLElement {
  const names = cohortNames(cohort);
  const current = typeof value === "string" ? value : "";
  const known = cohort.members.some((m) => m.id === current);
  const options: [string, string][] = [["", `(${t.none})`], ...cohort.members.map((m): [string, string] => [m.id, names.member(m.id)])];
  if (current !== "" && !known) options.push([current, current]);
  const input = h("select", { id }, options.map(([v, text]) => h("option", { value: v, selected: v === current }, text)));
  input.addEventListener("change", () => edit(`${path}.host`, input.value === "" ? undefined : input.value));
  return h("div", { class: "field" }, h("label", { for: id }, t.fields.host ?? "host"), input);
}
