/**
 * Earlier cohorts and fairness (issue 13), in section 2 before "Make a plan": upload an earlier
 * cohort's plan (the plan workbook through `POST /v1/import/plan`, or a plan file read here),
 * name it (offered from the file: "Romerike 2011"), and it joins the cohort's `history`, which
 * `/v1/solve` gets with the cohort; the entries listed with a remove button each; and the three
 * fairness weights, each with what it does in plain words, 0 by default.
 */
import { h } from "../dom.js";
import { FAIRNESS_WEIGHTS, entryCounts } from "../history.js";
import type { ViewContext } from "../state.js";
import { notice } from "./common.js";

const ACCEPT = ".xlsx,.ods,.json,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet";

export function historyPanel({ state, t, actions }: ViewContext): HTMLElement | null {
  const cohort = state.cohort;
  if (cohort === null) return null;
  const words = t.history;
  const entries = cohort.history ?? [];
  const upload = h("input", { type: "file", id: "history-upload", accept: ACCEPT, "aria-describedby": "history-upload-hint" });
  upload.addEventListener("change", () => {
    const files = [...(upload.files ?? [])];
    upload.value = "";
    if (files.length > 0) void actions.loadHistoryFiles(files);
  });
  const pending = state.history.pending;
  const nameField = h("input", { type: "text", id: "history-name", value: pending?.name ?? "", "aria-describedby": "history-name-hint", autocomplete: "off" });
  nameField.addEventListener("keydown", (event) => {
    if ((event as KeyboardEvent).key === "Enter") actions.addHistory(nameField.value);
  });
  const weights = cohort.weights ?? {};
  return h(
    "div",
    { class: "history", id: "history" },
    h("h3", { id: "history-heading", tabindex: -1 }, words.heading),
    h("p", null, words.intro),
    h("div", { class: "field" }, h("label", { for: "history-upload" }, words.uploadLabel), upload, h("p", { id: "history-upload-hint", class: "hint" }, words.uploadHint)),
    pending === null
      ? null
      : h(
          "div",
          { class: "pending-history" },
          h("div", { class: "field" }, h("label", { for: "history-name" }, words.nameLabel), nameField, h("p", { id: "history-name-hint", class: "hint" }, words.nameHint)),
          h(
            "div",
            { class: "actions" },
            h("button", { type: "button", id: "history-add", class: "primary", on: { click: () => actions.addHistory(nameField.value) } }, words.add),
            h("button", { type: "button", id: "history-cancel", on: { click: () => actions.cancelHistory() } }, words.cancel),
          ),
        ),
    notice("history-notice", state.history.notice),
    state.history.sheetIssues.length === 0
      ? null
      : h("ul", { id: "history-sheet-issues" }, state.history.sheetIssues.map((issue) => h("li", null, issue.text ?? `${t.whereSheet(issue.sheet, issue.row, issue.column)}: ${issue.message}`))),
    h("h4", { id: "history-list-heading", tabindex: -1 }, words.listHeading(entries.length)),
    entries.length === 0
      ? h("p", { class: "hint", id: "history-none" }, words.none)
      : h(
          "ul",
          { id: "history-list", class: "history-list" },
          entries.map((entry, i) => {
            const counts = entryCounts(entry);
            return h(
              "li",
              null,
              h("span", null, words.entry(entry.name, counts.trainees, counts.away)),
              " ",
              h(
                "button",
                { type: "button", id: `history-remove-${i}`, class: "small", "aria-label": words.removeLabel(entry.name), on: { click: () => actions.removeHistory(i) } },
                t.remove,
              ),
            );
          }),
        ),
    h(
      "fieldset",
      { id: "fairness-weights", class: "weights", "aria-describedby": "weights-intro" },
      h("legend", null, words.weightsHeading),
      h("p", { id: "weights-intro", class: "hint" }, words.weightsIntro),
      FAIRNESS_WEIGHTS.map((weight) => {
        const id = `weight-${weight}`;
        const field = h("input", {
          type: "number",
          id,
          min: 0,
          step: "any",
          inputmode: "decimal",
          value: String(weights[weight] ?? 0),
          "aria-describedby": `${id}-help`,
        });
        field.addEventListener("change", () => {
          const text = field.value.trim();
          const value = text === "" ? Number.NaN : Number(text);
          actions.setWeight(weight, value);
        });
        return h(
          "div",
          { class: "field weight" },
          h("label", { for: id }, words.weights[weight].label),
          field,
          h("p", { id: `${id}-help`, class: "hint" }, words.weights[weight].help),
        );
      }),
      notice("weights-notice", null),
    ),
  );
}
