/**
 * Section 3: the plan by trainee, by member (with capacity bars and the summary figures), by
 * mentor, as a timeline picture or as a map (one shown at a time,
 * chosen with toggle buttons); roles left empty; and when there is no plan, the diagnosis in
 * plain words with the suggested changes, each applicable with one button where it is one field.
 * A re-planned plan (or a kept what-if) lists its changes first, old → new by name with the
 * reason, and every view marks the cells they touch (◆, and "changed" for screen readers, so
 * not by colour alone). Each trainee row has "Why?" (views/why.ts), and a plan made here can
 * become the published plan of section 6.
 */
import { h, type Child } from "../dom.js";
import { DEFAULT_WEIGHTS } from "@rotamatch/core/format";
import { formatDate, formatNumber, formatPercent, type Lang, type Messages } from "../i18n.js";
import { memberRows, mentorRows, timeline, traineeRows, type Use } from "../plan-tables.js";
import { NO_HIGHLIGHTS, changeHighlights, changeWords, plainNames, type Highlights } from "../replan-words.js";
import { PLAN_VIEWS, type PlanView, type ViewContext } from "../state.js";
import type { CohortInput, Plan, ShownPlan } from "../types.js";
import { cohortNames, formatCost } from "../words.js";
import { names, section, table } from "./common.js";
import { whyPanel } from "./why.js";
import { diagnosisList } from "./diagnosis.js";
import { sortByName } from "../fixes.js";
import { capacityUse, figuresPanel } from "./capacity.js";
import { mapView } from "./map.js";
import { timelinePicture } from "./timeline.js";
import { timelineLayout } from "../timeline-layout.js";
import { fairnessView } from "./fairness.js";
import { describeWarning } from "../history.js";

export function planSection(ctx: ViewContext): HTMLElement | null {
  const { state, t, lang } = ctx;
  const { plan, cohort } = state;
  if (plan === null || cohort === null) return null;
  const hasAssignments = plan.assignments.length > 0;
  const ok = plan.status === "optimal" || plan.status === "feasible";
  const earlier = state.replan.published?.cohort ?? null;
  const lit = plan.changes === undefined ? NO_HIGHLIGHTS : changeHighlights(plan.changes, cohort, earlier);
  const publishable = ok && hasAssignments && state.replan.published?.plan !== plan && state.solve.phase !== "running";
  return section(
    "plan",
    "plan-heading",
    t.planHeading,
    h("p", { id: "plan-status", class: `status status-${plan.status}` }, statusSign(plan), statusText(plan, t, lang)),
    plan.objective === null ? null : h("p", { id: "points-note", class: "hint" }, pointsNote(cohort, t, lang)),
    planWarnings(plan, ctx),
    changeList(plan, ctx),
    publishable
      ? h("div", { class: "actions" }, h("button", { type: "button", id: "use-as-published", on: { click: () => ctx.actions.usePlanAsPublished() } }, t.useAsPublished))
      : null,
    hasAssignments ? viewSwitch(ctx) : null,
    hasAssignments ? planView(shownView(state.planView, plan), cohort, plan, ctx, lit, ok) : null,
    whyPanel(ctx),
    unassigned(plan, cohort, t),
    plan.diagnosis.length > 0 ? diagnosisList(plan.diagnosis, ctx) : null,
  );
}

/**
 * What the costs mean, with the cohort's own weights: points the plan keeps low, not kroner
 * ("Samlet kostnad 42,5" was read as money).
 */
export function pointsNote(cohort: CohortInput, t: Messages, lang: Lang): string {
  const w = { ...DEFAULT_WEIGHTS, ...cohort.weights };
  const n = (value: number): string => formatNumber(value, lang);
  return t.pointsNote(
    {
      awayRank: n(w.awayRank),
      hostRank: n(w.hostRank),
      travelPerKm: n(w.travelPerKm),
      mentorSpecialization: n(w.mentorSpecialization),
      supervisorSpecialization: n(w.supervisorSpecialization),
      specializationMiss: n(w.specializationMiss),
    },
    cohort.rules?.specializationFit === "preferred",
    w.repeatExchange === 0 && w.repeatMentorHost === 0 && w.reciprocity === 0
      ? null
      : { repeatExchange: n(w.repeatExchange), repeatMentorHost: n(w.repeatMentorHost), reciprocity: n(w.reciprocity) },
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

/** The views this plan has: "fairness" only when it carries a balance by member (a history, or a fairness weight). */
function viewsOf(plan: Plan): readonly PlanView[] {
  return plan.balance === undefined ? PLAN_VIEWS.filter((view) => view !== "fairness") : PLAN_VIEWS;
}

/** The view chosen, or by trainee when this plan does not have it (fairness, for a plan without a balance). */
function shownView(view: PlanView, plan: Plan): PlanView {
  return viewsOf(plan).includes(view) ? view : "trainee";
}

function viewSwitch({ state, t, actions }: ViewContext): HTMLElement {
  const plan = state.plan;
  const views = plan === null ? PLAN_VIEWS : viewsOf(plan);
  const shown = plan === null ? state.planView : shownView(state.planView, plan);
  return h(
    "div",
    { class: "view-switch", role: "group", "aria-label": t.viewsLabel },
    views.map((view) =>
      h(
        "button",
        { type: "button", id: `view-${view}`, "aria-pressed": shown === view ? "true" : "false", on: { click: () => actions.showView(view) } },
        t.views[view],
      ),
    ),
  );
}

/** The plan's warnings (ids in the history this cohort does not know), in the page's language with the ids kept. */
function planWarnings(plan: Plan, { state, t, lang }: ViewContext): HTMLElement | null {
  const warnings = plan.warnings ?? [];
  if (warnings.length === 0) return null;
  return h(
    "div",
    { class: "plan-warnings" },
    h("h3", { id: "plan-warnings-heading" }, t.history.warningsHeading),
    h(
      "ul",
      { id: "plan-warnings" },
      warnings.map((warning) => {
        const words = describeWarning(warning, state.cohort, lang);
        return h(
          "li",
          { "data-code": warning.code },
          h("span", { "aria-hidden": "true" }, "⚠ "),
          words.text,
          words.english === null ? null : h("details", null, h("summary", null, t.englishDetail), h("p", { lang: "en" }, words.english)),
        );
      }),
    ),
  );
}

/** The changes of a re-planned plan, old → new by name, with the reason; and the re-plan's warnings. */
function changeList(plan: ShownPlan, { state, t, lang }: ViewContext): HTMLElement | null {
  if (plan.changes === undefined) return null;
  const names = plainNames(state.cohort, state.replan.published?.cohort ?? null);
  const { warnings } = state.replan;
  return h(
    "div",
    { class: "change-list" },
    h("h3", { id: "change-list-heading", tabindex: -1 }, t.changeListHeading(plan.changes.length)),
    plan.changes.length === 0
      ? h("p", null, t.noPlanChanges)
      : [
          h("p", { class: "hint" }, t.changedLegend),
          h(
            "ul",
            { id: "change-list" },
            plan.changes.map((change) => {
              const words = changeWords(change, names, lang);
              return h(
                "li",
                null,
                h("strong", null, words.trainee),
                `: ${words.role} `,
                h("span", { class: "from" }, words.from),
                " → ",
                h("span", { class: "to" }, words.to),
                words.reason === null ? null : h("span", { class: "reason" }, ` (${words.reason})`),
              );
            }),
          ),
        ],
    warnings.length === 0
      ? null
      : [
          h("h4", null, t.warningsHeading),
          h("ul", { id: "replan-warnings" }, warnings.map((w) => h("li", null, t.warningCodes[w.code] ?? w.message))),
        ],
  );
}

/** Content marked as changed: a sign and a word for screen readers, as well as the colour. */
function marked(content: Child, on: boolean, t: Messages): Child {
  if (!on) return content;
  return h("div", { class: "changed" }, h("span", { class: "changed-sign", "aria-hidden": "true" }, "◆ "), content, h("span", { class: "visually-hidden" }, ` (${t.changedMark})`));
}

function planView(view: PlanView, cohort: CohortInput, plan: Plan, ctx: ViewContext, lit: Highlights, explainable: boolean): HTMLElement {
  const { t, lang, state } = ctx;
  const earlier = state.replan.published?.cohort ?? null;
  const body =
    view === "trainee"
      ? byTrainee(cohort, plan, ctx, lit, explainable)
      : view === "member"
        ? [figuresPanel(cohort, plan, t, lang, earlier), byMember(cohort, plan, t, lit, earlier)]
        : view === "mentor"
          ? byMentor(cohort, plan, t, lit, earlier)
          : view === "map"
            ? mapView(cohort, plan, ctx)
            : view === "fairness"
              ? fairnessView(cohort, plan, ctx)
              : [
                timelinePicture(timelineLayout(cohort, plan, (trainee, period) => lit.trainee.has(`${trainee}|period:${period}`), earlier), ctx),
                h("h4", null, t.pictures.periodsHeading),
                asTimeline(cohort, plan, t, lang, lit, earlier),
              ];
  return h("div", { class: "plan-view" }, h("h3", { id: "view-heading", tabindex: -1 }, t.views[view]), body);
}

function dates(from: string, to: string, lang: Lang): string {
  return `${formatDate(from, lang)} – ${formatDate(to, lang)}`;
}

/** The dates most placements of a period share, or null when none are placed. */
function commonRange(cells: readonly ({ readonly from: string; readonly to: string } | null)[]): { from: string; to: string } | null {
  const counts = new Map<string, { from: string; to: string; n: number }>();
  for (const cell of cells) {
    if (cell === null) continue;
    const key = `${cell.from}/${cell.to}`;
    const seen = counts.get(key) ?? { from: cell.from, to: cell.to, n: 0 };
    seen.n++;
    counts.set(key, seen);
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return best === undefined ? null : { from: best.from, to: best.to };
}

const sameRange = (cell: { readonly from: string; readonly to: string }, range: { readonly from: string; readonly to: string } | null) =>
  range !== null && cell.from === range.from && cell.to === range.to;

/** By trainee; with "Why?" on each row when the plan can be explained (it is a plan, not a diagnosis). */
function byTrainee(cohort: CohortInput, plan: Plan, { state, t, lang, actions }: ViewContext, lit: Highlights, explainable: boolean): HTMLElement {
  const periods = cohort.programme.periods;
  const rows = traineeRows(cohort, plan, state.replan.published?.cohort ?? null);
  // A period's dates are the same for (nearly) everyone: said once in its column's header, and in
  // a cell only where they differ (a trainee who joined late).
  const common = periods.map((_, i) => commonRange(rows.map((row) => row.placements[i] ?? null)));
  const periodHeader = (id: string, at: "host" | "away", i: number) => {
    const range = common[i] ?? null;
    return [id, h("span", { class: "sub" }, at === "host" ? t.atHost : t.away), range === null ? null : h("span", { class: "sub" }, dates(range.from, range.to, lang))];
  };
  const on = (id: string, role: string) => lit.trainee.has(`${id}|${role}`);
  const busy = state.why?.phase === "running";
  return table(
    "plan-by-trainee",
    t.captionTrainee,
    [t.colTrainee, t.colSpecialization, t.colHost, t.colSupervisor, t.colMentor, ...periods.map((p, i) => periodHeader(p.id, p.at, i)), t.colCost, explainable ? t.colWhy : null].filter(
      (c) => c !== null,
    ),
    rows.map((row) => [
      row.label,
      row.specialization,
      marked(row.host ?? "–", on(row.id, "host"), t),
      marked(row.supervisor ?? "–", on(row.id, "supervisor"), t),
      marked(row.mentor ?? "–", on(row.id, "mentor"), t),
      ...row.placements.map((cell, i): Child =>
        marked(
          cell === null ? "–" : [cell.member, sameRange(cell, common[i] ?? null) ? null : h("span", { class: "sub" }, dates(cell.from, cell.to, lang))],
          on(row.id, `period:${periods[i]?.id ?? ""}`),
          t,
        ),
      ),
      formatCost(row.cost, lang),
      ...(explainable
        ? [
            h(
              "button",
              {
                type: "button",
                id: `why-${row.id}`,
                class: "small",
                "aria-label": t.whyLabel(row.label),
                "aria-expanded": state.why?.trainee === row.id ? "true" : "false",
                "aria-controls": state.why?.trainee === row.id ? "why" : null,
                disabled: busy,
                on: { click: () => void actions.explain(row.id) },
              },
              t.whyButton,
            ),
          ]
        : []),
    ]),
  );
}

/** "2 of 2 (full)", its bar and the names, so a full member reads as full without colour (views/capacity.ts). */
function use(u: Use, t: Messages): Child {
  return capacityUse(u, t);
}

function byMember(cohort: CohortInput, plan: Plan, t: Messages, lit: Highlights, earlier: CohortInput | null): HTMLElement {
  const awayPeriods = cohort.programme.periods.filter((p) => p.at === "away");
  const on = (id: string, part: string) => lit.member.has(`${id}|${part}`);
  return table(
    "plan-by-member",
    t.captionMember,
    [t.colMember, t.colHosts, ...awayPeriods.map((p) => t.colVisiting(p.id)), t.colSupervisors, t.colMentors],
    sortByName(memberRows(cohort, plan, earlier), (row) => row.name).map((row) => [
      row.name,
      marked(use(row.hosts, t), on(row.id, "hosts"), t),
      ...row.visiting.map((v) => marked(use(v.use, t), on(row.id, `away:${v.period}`), t)),
      marked(names(row.supervisors), on(row.id, "supervisors"), t),
      marked(names(row.mentors), on(row.id, "mentors"), t),
    ]),
  );
}

function byMentor(cohort: CohortInput, plan: Plan, t: Messages, lit: Highlights, earlier: CohortInput | null): HTMLElement {
  return table(
    "plan-by-mentor",
    t.captionMentor,
    [t.colMentor, t.colWorksAt, t.colLoad],
    mentorRows(cohort, plan, earlier).map((row) => [row.label, row.member, marked(use(row.use, t), lit.mentor.has(row.id), t)]),
  );
}

function asTimeline(cohort: CohortInput, plan: Plan, t: Messages, lang: Lang, lit: Highlights, earlier: CohortInput | null): HTMLElement {
  /** The period's placements, one a line, each changed one marked. */
  const placed = (period: string, lines: readonly string[], trainees: readonly string[]): Child =>
    lines.length === 0
      ? names([])
      : h("ul", { class: "plain" }, lines.map((line, i) => h("li", null, marked(line, lit.timeline.has(`${period}|${trainees[i] ?? ""}`), t))));
  return table(
    "plan-timeline",
    t.captionTimeline,
    [t.colDate, t.colWhat, t.colWho],
    timeline(cohort, plan, earlier).map((entry) =>
      entry.kind === "gathering"
        ? [formatDate(entry.from, lang), t.gathering(entry.name), "–"]
        : [
            entry.from === null || entry.to === null ? "–" : dates(entry.from, entry.to, lang),
            marked(t.periodRow(entry.period.id, entry.period.at), lit.timeline.has(entry.period.id), t),
            entry.period.at === "host" ? t.everyoneAtHost : placed(entry.period.id, entry.placements, entry.trainees),
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

