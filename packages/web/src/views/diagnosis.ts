/**
 * Why there is no plan, under the plan's status: each diagnosis once, shortages with their
 * figures ("9 trainees need a mentor outside Ullensaker kommune, and 8 places exist"), and each
 * suggested change as one button that says what it does, makes it and solves again.
 */
import { h } from "../dom.js";
import { formatList, formatNumber, type Lang, type Messages } from "../i18n.js";
import { shortageFigures, suggestionEdit, uniqueDiagnosis, type SuggestionEdit } from "../fixes.js";
import type { ViewContext } from "../state.js";
import type { CohortInput, DiagnosisItem } from "../types.js";
import { cohortNames, describeDiagnosis, describePlace } from "../words.js";

export function diagnosisList(items: readonly DiagnosisItem[], { state, t, lang, actions }: ViewContext): HTMLElement {
  const cohort = state.cohort;
  return h(
    "div",
    { class: "diagnosis" },
    h("h3", { id: "diagnosis-heading", tabindex: -1 }, t.diagnosisHeading),
    h(
      "ol",
      { id: "diagnosis-list" },
      uniqueDiagnosis(items).map((item, i) => {
        const words = describeDiagnosis(item, cohort, lang);
        const figures = shortageFigures(item, cohort);
        const names = cohortNames(cohort);
        const edit = suggestionEdit(item.change, cohort, t.newPersonName);
        const outside = item.change?.outsideOrganisation ?? null;
        const headline =
          figures === null
            ? words.text
            : t.shortage(figures.needed, t.shortageWhat[item.code] ?? "", outside === null ? null : organisationName(outside, cohort), figures.places);
        return h(
          "li",
          null,
          h("p", null, headline),
          figures === null ? null : h("p", { class: "hint" }, t.whoNeeds(formatList(item.trainees.map(names.trainee), lang))),
          words.change === null || figures !== null ? null : h("p", null, h("strong", null, `${t.suggested}: `), words.change),
          figures !== null && item.change !== null ? h("p", null, h("strong", null, `${t.suggested}: `), lang === "en" ? suggestedPart(item.message) : (words.change ?? "")) : null,
          words.english === null ? null : h("details", null, h("summary", null, t.englishDetail), h("p", { lang: "en" }, words.english)),
          edit === null
            ? null
            : h("button", { type: "button", id: `apply-${i}`, on: { click: () => void actions.applySuggestion(item) } }, editLabel(edit, cohort, t, lang)),
        );
      }),
    ),
  );
}

/** The suggestion of the core's English sentence ("Suggested change: add mentors ..."), or all of it. */
function suggestedPart(message: string): string {
  const at = message.indexOf("Suggested change: ");
  if (at < 0) return message;
  const rest = message.slice(at + "Suggested change: ".length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** An organisation by the name of its member (an organisation is usually one member), else its id. */
function organisationName(organisation: string, cohort: CohortInput | null): string {
  const member = cohort?.members.find((m) => m.id === organisation) ?? cohort?.members.find((m) => m.organisation === organisation);
  return member === undefined ? organisation : cohortNames(cohort).member(member.id);
}

/** A value as the page shows it: a number in the language, a missing one as a dash, the rest as it is. */
export function shownValue(value: unknown, lang: Lang): string {
  if (typeof value === "number") return formatNumber(value, lang);
  if (value === undefined || value === null) return "–";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The button's words: what the change does, and that the plan is made again. */
export function editLabel(edit: SuggestionEdit, cohort: CohortInput | null, t: Messages, lang: Lang): string {
  switch (edit.kind) {
    case "set":
      return t.setAndSolve(describePlace(edit.path, cohort, lang), shownValue(edit.from, lang), shownValue(edit.value, lang));
    case "remove":
      return t.removeWhatAndSolve(describePlace(edit.path, cohort, lang));
    case "add-person":
      return t.addPersonAndSolve(t.roleWords[edit.person.role], edit.person.capacity, cohortNames(cohort).member(edit.person.member));
  }
}

/** What the change did, in words, for the list of changes to carry into the workbook (before it is made). */
export function editWords(edit: SuggestionEdit, cohort: CohortInput | null, t: Messages, lang: Lang): string {
  switch (edit.kind) {
    case "set":
      return t.changedFromTo(describePlace(edit.path, cohort, lang), shownValue(edit.from, lang), shownValue(edit.value, lang));
    case "remove":
      return t.removedWhat(describePlace(edit.path, cohort, lang).toLowerCase());
    case "add-person":
      return t.personAdded(t.roleWords[edit.person.role], edit.person.name, cohortNames(cohort).member(edit.person.member), edit.person.capacity);
  }
}
