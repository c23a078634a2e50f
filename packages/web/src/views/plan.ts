/**
 * Section 3: the plan by trainee, by member, by mentor, or as a timeline (one shown at a time,
 * chosen with toggle buttons); roles left empty; and when there is no plan, the diagnosis in
 * plain words with the suggested changes, each applicable with one button where it is one field.
 */
import { h, type Child } from "../dom.js";
import { formatDate, formatPercent, type Lang, type Messages } from "../i18n.js";
import { memberRows, mentorRows, timeline, traineeRows, type Use } from "../plan-tables.js";
import { PLAN_VIEWS, type PlanView, type ViewContext } from "../state.js";
import type { CohortInput, DiagnosisItem, Plan } from "../types.js";
import { cohortNames, describeDiagnosis, formatCost, raisedValue } from "../words.js";
import { names, section, table } from "./common.js";

export function planSection(ctx: ViewContext): HTMLElement | null {
  const { state, t, lang } = ctx;
  const { plan, cohort } = state;
  if (plan === null || cohort === null) return null;
  const hasAssignments = plan.assignments.length > 0;
  return section(
    "plan",
    "plan-heading",
    t.planHeading,
    h("p", { id: "plan-status", class: `status status-${plan.status}` }, statusSign(plan), statusText(plan, t, lang)),
    hasAssignments ? viewSwitch(ctx) : null,
    hasAssignments ? planView(state.planView, cohort, plan, t, lang) : null,
    unassigned(plan, cohort, t),
    plan.diagnosis.length > 0 ? diagnosis(plan.diagnosis, ctx) : null,
  );
}

/** A sign beside the status so that it does not rest on colour alone. */
function statusSign(plan: Plan): HTMLElement {
  const ok = plan.status === "optimal" || plan.status === "feasible";
  return h("span", { class: "sign", "aria-hidden": "true" }, ok ? "✓ " : "✗ ");
}

export function statusText(plan: Plan, t: Messages, lang: Lang): string {
  const cost = formatCost(plan.objective, lang);
  switch (plan.status) {
    case "optimal":
      return t.status.optimal(cost);
    case "feasible": {
      const gap = plan.objective !== null && plan.bound !== null ? formatPercent((plan.objective - plan.bound) / Math.max(1, Math.abs(plan.objective)), lang) : null;
      return t.status.feasible(cost, gap);
    }
    case "infeasible":
      return t.status.infeasible;
    case "timedout":
      return t.status.timedout;
  }
}

function viewSwitch({ state, t, actions }: ViewContext): HTMLElement {
  return h(
    "div",
    { class: "view-switch", role: "group", "aria-label": t.viewsLabel },
    PLAN_VIEWS.map((view) =>
      h(
        "button",
        { type: "button", id: `view-${view}`, "aria-pressed": state.planView === view ? "true" : "false", on: { click: () => actions.showView(view) } },
        t.views[view],
      ),
    ),
  );
}

function planView(view: PlanView, cohort: CohortInput, plan: Plan, t: Messages, lang: Lang): HTMLElement {
  const body = { trainee: byTrainee, member: byMember, mentor: byMentor, timeline: asTimeline }[view](cohort, plan, t, lang);
  return h("div", { class: "plan-view" }, h("h3", { id: "view-heading", tabindex: -1 }, t.views[view]), body);
}

function dates(from: string, to: string, lang: Lang): string {
  return `${formatDate(from, lang)} – ${formatDate(to, lang)}`;
}

function byTrainee(cohort: CohortInput, plan: Plan, t: Messages, lang: Lang): HTMLElement {
  const periods = cohort.programme.periods;
  const rows = traineeRows(cohort, plan);
  const periodHeader = (id: string, at: "host" | "away") => [id, h("span", { class: "sub" }, at === "host" ? t.atHost : t.away)];
  return table(
    "plan-by-trainee",
    t.captionTrainee,
    [t.colTrainee, t.colSpecialization, t.colHost, t.colSupervisor, t.colMentor, ...periods.map((p) => periodHeader(p.id, p.at)), t.colCost],
    rows.map((row) => [
      row.label,
      row.specialization,
      row.host ?? "–",
      row.supervisor ?? "–",
      row.mentor ?? "–",
      ...row.placements.map((cell): Child => (cell === null ? "–" : [cell.member, h("span", { class: "sub" }, dates(cell.from, cell.to, lang))])),
      formatCost(row.cost, lang),
    ]),
  );
}

/** "2 of 2 (full)" and the names, so a full member reads as full without colour. */
function use(u: Use, t: Messages): Child {
  const full = u.capacity > 0 && u.used >= u.capacity;
  return [h("span", { class: full ? "load full" : "load" }, t.ofCapacity(u.used, u.capacity), full ? ` (${t.full})` : ""), names(u.who)];
}

function byMember(cohort: CohortInput, plan: Plan, t: Messages): HTMLElement {
  const awayPeriods = cohort.programme.periods.filter((p) => p.at === "away");
  return table(
    "plan-by-member",
    t.captionMember,
    [t.colMember, t.colHosts, ...awayPeriods.map((p) => t.colVisiting(p.id)), t.colSupervisors, t.colMentors],
    memberRows(cohort, plan).map((row) => [row.name, use(row.hosts, t), ...row.visiting.map((v) => use(v.use, t)), names(row.supervisors), names(row.mentors)]),
  );
}

function byMentor(cohort: CohortInput, plan: Plan, t: Messages): HTMLElement {
  return table(
    "plan-by-mentor",
    t.captionMentor,
    [t.colMentor, t.colWorksAt, t.colLoad],
    mentorRows(cohort, plan).map((row) => [row.label, row.member, use(row.use, t)]),
  );
}

function asTimeline(cohort: CohortInput, plan: Plan, t: Messages, lang: Lang): HTMLElement {
  return table(
    "plan-timeline",
    t.captionTimeline,
    [t.colDate, t.colWhat, t.colWho],
    timeline(cohort, plan).map((entry) =>
      entry.kind === "gathering"
        ? [formatDate(entry.from, lang), t.gathering(entry.name), "–"]
        : [
            entry.from === null || entry.to === null ? "–" : dates(entry.from, entry.to, lang),
            t.periodRow(entry.period.id, entry.period.at),
            entry.period.at === "host" ? t.everyoneAtHost : names(entry.placements),
          ],
    ),
  );
}

function unassigned(plan: Plan, cohort: CohortInput, t: Messages): HTMLElement | null {
  if (plan.unassigned.length === 0) return null;
  const who = cohortNames(cohort);
  return h(
    "div",
    null,
    h("h3", null, t.unassignedHeading),
    h(
      "ul",
      null,
      plan.unassigned.map((u) => h("li", null, h("strong", null, `${who.trainee(u.trainee)}, ${t.unassignedRole[u.role] ?? u.role}${u.period ? ` (${u.period})` : ""}`), ": ", h("span", { lang: "en" }, u.reason))),
    ),
  );
}

function diagnosis(items: readonly DiagnosisItem[], { state, t, lang, actions }: ViewContext): HTMLElement {
  return h(
    "div",
    { class: "diagnosis" },
    h("h3", { id: "diagnosis-heading", tabindex: -1 }, t.diagnosisHeading),
    h(
      "ol",
      { id: "diagnosis-list" },
      items.map((item, i) => {
        const words = describeDiagnosis(item, state.cohort, lang);
        const applicable = raisedValue(item.change, state.cohort) !== null;
        const removable = (item.change?.action === "remove-pin" || item.change?.action === "remove-forbid") && item.change.path !== null;
        return h(
          "li",
          null,
          h("p", null, words.text),
          words.change === null ? null : h("p", null, h("strong", null, `${t.suggested}: `), words.change),
          words.english === null ? null : h("details", null, h("summary", null, t.englishDetail), h("p", { lang: "en" }, words.english)),
          applicable || removable
            ? h(
                "button",
                { type: "button", id: `apply-${i}`, on: { click: () => void actions.applySuggestion(item) } },
                applicable ? t.applyChange : t.removeAndSolve,
              )
            : null,
        );
      }),
    ),
  );
}
