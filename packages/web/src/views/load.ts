/** Section 1: load the example or upload files; then a summary of the cohort. */
import { h } from "../dom.js";
import type { Messages } from "../i18n.js";
import type { State, ViewContext } from "../state.js";
import { notice, section } from "./common.js";

/** Set by the build (tsup.config.ts): whether the example workbook is bundled, to offer as a template. */
declare const __HAS_TEMPLATE__: boolean;

const ACCEPT =
  ".xlsx,.ods,.csv,.json,application/json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet";

export function loadSection({ state, t, actions }: ViewContext): HTMLElement {
  const upload = h("input", { type: "file", id: "upload", multiple: true, accept: ACCEPT, "aria-describedby": "upload-hint" });
  upload.addEventListener("change", () => {
    const files = [...(upload.files ?? [])];
    upload.value = "";
    if (files.length > 0) void actions.loadFiles(files);
  });
  return section(
    "load",
    "load-heading",
    t.loadHeading,
    h("p", null, t.loadIntro),
    h("div", { class: "actions" }, h("button", { type: "button", id: "load-example", on: { click: () => void actions.loadExample() } }, t.loadExample)),
    h("div", { class: "field" }, h("label", { for: "upload" }, t.uploadLabel), upload, h("p", { id: "upload-hint", class: "hint" }, t.uploadHint)),
    __HAS_TEMPLATE__ ? h("p", null, h("a", { href: "app/romerike-2013.xlsx", download: "romerike-2013.xlsx", id: "template-link" }, t.templateLink)) : null,
    notice("load-notice", state.loadNotice),
    summary(state, t),
  );
}

/** What the loaded cohort holds, as a description list under its own heading. */
function summary(state: State, t: Messages): HTMLElement | null {
  const cohort = state.cohort;
  if (cohort === null) return null;
  const people = cohort.people ?? [];
  const count = (role: string) => people.filter((p) => p.role === role).length;
  const item = (term: string, value: string) => [h("dt", null, term), h("dd", null, value)];
  return h(
    "div",
    { class: "summary" },
    h("h3", { id: "summary-heading", tabindex: -1 }, t.summaryHeading(cohort.programme?.name ?? state.sourceName ?? "")),
    h(
      "dl",
      null,
      item(t.summaryMembers, String(cohort.members?.length ?? 0)),
      item(t.summaryPeople, t.peopleCount(count("supervisor"), count("mentor"))),
      item(t.summaryTrainees, String(cohort.trainees?.length ?? 0)),
      item(t.summaryPeriods, (cohort.programme?.periods ?? []).map((p) => t.periodSummary(p.id, p.months, p.at)).join("; ")),
    ),
  );
}
