/** Section 5: the plan as XLSX, CSV, ICS or a pack per member (made by the service's /v1/export), and the cohort as JSON. */
import { h } from "../dom.js";
import type { ViewContext } from "../state.js";
import { cohortNames } from "../words.js";
import { notice, section, select } from "./common.js";

/** The CSV files of a plan export, as @rotamatch/sheets names them (a unit test keeps them in step); plan.csv first, the default. */
export const PLAN_CSV_FILES = [
  "plan.csv",
  "plan-summary.csv",
  "plan-costs.csv",
  "plan-by-member.csv",
  "plan-balance.csv",
  "plan-by-mentor.csv",
  "plan-by-supervisor.csv",
  "plan-unassigned.csv",
  "plan-diagnosis.csv",
] as const;

export function downloadsSection({ state, t, actions }: ViewContext): HTMLElement | null {
  const { cohort, plan } = state;
  if (cohort === null || !state.valid) return null;
  const hasPlan = plan !== null && plan.assignments.length > 0;
  const names = cohortNames(cohort);
  return section(
    "downloads",
    "downloads-heading",
    t.downloadsHeading,
    hasPlan
      ? [
          h("p", null, t.downloadsIntro),
          h("div", { class: "download-row" }, h("button", { type: "button", id: "download-xlsx", on: { click: () => void actions.download("xlsx") } }, t.xlsxButton)),
          h(
            "div",
            { class: "download-row" },
            select("csv-file", t.csvFile, PLAN_CSV_FILES.map((f): [string, string] => [f, `${f}: ${t.csvFiles[f]}`])),
            select("csv-delimiter", t.delimiter, [[";", t.semicolon], [",", t.comma]], state.lang === "nb" ? ";" : ","),
            h("button", { type: "button", id: "download-csv", on: { click: () => void actions.download("csv") } }, t.csvButton),
          ),
          h(
            "div",
            { class: "download-row" },
            select("ics-trainee", t.icsFor, [["", t.wholeCohort], ...cohort.trainees.map((tr): [string, string] => [tr.id, names.trainee(tr.id)])]),
            h("button", { type: "button", id: "download-ics", on: { click: () => void actions.download("ics") } }, t.icsButton),
          ),
          h(
            "div",
            { class: "download-row" },
            h("button", { type: "button", id: "download-pack", "aria-describedby": "download-pack-hint", on: { click: () => void actions.download("pack") } }, t.packButton),
            h("span", { id: "download-pack-hint", class: "hint" }, t.packHint),
          ),
        ]
      : null,
    h("p", null, h("button", { type: "button", id: "download-cohort", class: "link", on: { click: () => actions.downloadCohort() } }, t.downloadCohort)),
    notice("download-notice", state.downloadNotice),
  );
}
