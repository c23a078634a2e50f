/**
 * Section 6, "Something changed": the published plan (uploaded as its workbook or JSON file,
 * or the plan made on the page), what changed in the cohort since (a trainee leaves, a person
 * or member goes, a capacity or specialization changes, a trainee joins), the date the
 * re-plan starts from, and "Re-plan". The re-planned plan, its change list and highlights
 * are shown in section 3 (views/plan.ts); problems of the request are listed here in words.
 */
import { h } from "../dom.js";
import { formatDate, type Messages } from "../i18n.js";
import { defaultAsOf, programmeSpan, specializationsOffered, todayIso } from "../replan-words.js";
import type { ViewContext } from "../state.js";
import type { CohortInput, SheetIssue } from "../types.js";
import { cohortNames, formatCost } from "../words.js";
import { notice, section, select } from "./common.js";
import { fixFields } from "./problems.js";
import { sortByName } from "../fixes.js";
import { requestIssueItem } from "./why.js";

export function replanSection(ctx: ViewContext): HTMLElement | null {
  const { state, t } = ctx;
  const cohort = state.cohort;
  // Only for a cohort the page can read: the lists below are built from it.
  if (cohort === null || !Array.isArray(cohort.trainees) || !Array.isArray(cohort.members) || !Array.isArray(cohort.programme?.periods)) return null;
  const { published } = state.replan;
  return section(
    "replan",
    "replan-heading",
    t.replanHeading,
    h("p", null, t.replanIntro),
    h("h3", { id: "published-heading", tabindex: -1 }, t.publishedHeading),
    h(
      "p",
      { id: "published-summary" },
      published === null ? t.publishedNone : t.publishedIs(published.name, published.plan.assignments.length, formatCost(published.plan.objective, state.lang)),
    ),
    planUpload(t, ctx),
    sheetIssueList(state.replan.sheetIssues),
    notice("replan-notice", state.replan.notice),
    published === null ? null : [edits(cohort, ctx), replanForm(cohort, ctx), requestIssues(ctx)],
  );
}

function planUpload(t: Messages, { actions }: ViewContext): HTMLElement {
  const input = h("input", { type: "file", id: "plan-upload", accept: ".xlsx,.json,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "aria-describedby": "plan-upload-hint" });
  input.addEventListener("change", () => {
    const files = [...(input.files ?? [])];
    input.value = "";
    if (files.length > 0) void actions.loadPlanFiles(files);
  });
  return h("div", { class: "field" }, h("label", { for: "plan-upload" }, t.planUploadLabel), input, h("p", { id: "plan-upload-hint", class: "hint" }, t.planUploadHint));
}

/** Problems of the plan workbook, as the service words them in the page's language. */
function sheetIssueList(issues: readonly SheetIssue[]): HTMLElement | null {
  if (issues.length === 0) return null;
  return h(
    "ul",
    { id: "plan-sheet-issues", class: "problems" },
    issues.map((issue) => h("li", null, issue.text ?? `${issue.sheet}${issue.row === null ? "" : ` ${issue.row}`}: ${issue.message}`)),
  );
}

/** What changed: the edits so far, and a form for each kind of change. */
function edits(cohort: CohortInput, ctx: ViewContext): HTMLElement {
  const { state, t, actions } = ctx;
  const names = cohortNames(cohort);
  const people = sortByName((cohort.people ?? []).map((p): [string, string] => [p.id, names.person(p.id)]), ([, name]) => name);
  const value = (id: string) => (document.getElementById(id) as HTMLSelectElement | HTMLInputElement | null)?.value ?? "";
  /** A chooser and the button that acts on its choice. */
  const pickAndAct = (id: string, label: string, options: readonly [string, string][], button: string, act: (value: string) => void) =>
    h(
      "div",
      { class: "actions" },
      select(id, label, options),
      h("button", { type: "button", id: `${id}-button`, disabled: options.length === 0, on: { click: () => (value(id) === "" ? undefined : act(value(id))) } }, button),
    );
  const entries: [string, string][] = [
    ["", t.editEntryNone],
    // By name, as a person looks for them (the value keeps the entry's place in its list).
    ...sortByName(cohort.members.map((m, i): [string, string] => [`members:${i}`, `${t.entityMember} ${names.member(m.id)}`]), ([, name]) => name),
    ...sortByName((cohort.people ?? []).map((p, i): [string, string] => [`people:${i}`, `${t.entityPerson} ${names.person(p.id)}`]), ([, name]) => name),
  ];
  const entryField = select("edit-entry", t.editEntryLabel, entries, state.replan.editEntry);
  entryField.querySelector("select")?.addEventListener("change", (event) => actions.chooseEditEntry((event.target as HTMLSelectElement).value));
  const [list, index] = state.replan.editEntry.split(":");
  const chosen =
    (list === "members" || list === "people") && index !== undefined && cohort[list]?.[Number(index)] !== undefined
      ? fixFields(list, Number(index), cohort, ctx, actions.editNow, "now")
      : null;
  const specializations = specializationsOffered(cohort);
  const hosts = cohort.members.filter((m) => m.hostCapacity > 0);
  const addForm = h(
    "form",
    { id: "add-trainee-form", "aria-labelledby": "add-trainee-heading" },
    h("h4", { id: "add-trainee-heading" }, t.addTraineeHeading),
    h("div", { class: "field" }, h("label", { for: "new-trainee-name" }, t.traineeName), h("input", { id: "new-trainee-name", type: "text", autocomplete: "off" })),
    select("new-trainee-specialization", t.traineeSpecialization, specializations.map((s): [string, string] => [s, s])),
    select("new-trainee-host", t.traineeHost, [["", t.hostChosenByPlan], ...hosts.map((m): [string, string] => [m.id, names.member(m.id)])]),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "add-trainee" }, t.addTrainee)),
  );
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    actions.addTrainee({ name: value("new-trainee-name"), specialization: value("new-trainee-specialization"), host: value("new-trainee-host") });
  });
  return h(
    "div",
    { class: "edits" },
    h("h3", { id: "edits-heading" }, t.editsHeading),
    h("p", null, t.cohortEdits(state.replan.edits.length)),
    state.replan.edits.length === 0 ? null : h("ul", { id: "cohort-edits" }, state.replan.edits.map((text) => h("li", null, text))),
    pickAndAct("leaver", t.leaverLabel, cohort.trainees.map((tr): [string, string] => [tr.id, names.trainee(tr.id)]), t.markLeft, actions.markLeft),
    pickAndAct("person-gone", t.personLabel, people, t.removePerson, actions.removePerson),
    pickAndAct("member-gone", t.memberLabel, sortByName(cohort.members.map((m): [string, string] => [m.id, names.member(m.id)]), ([, name]) => name), t.removeMember, actions.removeMember),
    entryField,
    h("p", { class: "hint" }, t.editEntryHint),
    chosen,
    addForm,
  );
}

/** The date and "Re-plan". */
function replanForm(cohort: CohortInput, { state, t, lang, actions }: ViewContext): HTMLElement {
  const span = programmeSpan(cohort);
  const asOf = state.replan.asOf ?? defaultAsOf(cohort, todayIso());
  const input = h("input", {
    id: "as-of",
    type: "date",
    value: asOf,
    required: true,
    ...(span === null ? {} : { min: span.start, max: span.end }),
    "aria-describedby": span === null ? null : "as-of-hint",
  });
  input.addEventListener("change", () => actions.setAsOf(input.value));
  return h(
    "div",
    { class: "replan-form" },
    h("h3", { id: "replan-form-heading" }, t.replanButton),
    h(
      "div",
      { class: "field" },
      h("label", { for: "as-of" }, t.asOfLabel),
      input,
      span === null ? null : h("p", { id: "as-of-hint", class: "hint" }, t.asOfHint(formatDate(span.start, lang), formatDate(span.end, lang))),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", id: "replan-button", class: "primary", disabled: state.replan.running, on: { click: () => void actions.replan() } }, t.replanButton),
    ),
  );
}

/** The last re-plan's problems, each by its place in words. */
function requestIssues(ctx: ViewContext): HTMLElement | null {
  const { state, t } = ctx;
  const { issues, published, asOf } = state.replan;
  if (issues.length === 0 || published === null) return null;
  const root = { cohort: state.cohort, plan: published.plan, asOf };
  return h(
    "div",
    { class: "request-issues" },
    h("h3", { id: "replan-issues-heading", tabindex: -1 }, t.problemsOfRequest),
    h("ol", { id: "replan-issues", class: "problems" }, issues.map((issue) => requestIssueItem(issue, root, published.plan, ctx))),
  );
}
