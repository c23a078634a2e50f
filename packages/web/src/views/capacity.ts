/**
 * Capacity used against capacity, as words and a bar, for the plan by member and by mentor;
 * and the summary figures a working group reports (shares at first, second and third choice,
 * travel in km), shown above the plan by member. A full member is good news (its places are
 * used), so it reads "2 of 2 (full)" with a ✓ in the page's green, never in the error red.
 */
import { h, type Child } from "../dom.js";
import { formatNumber, formatPercent, type Lang, type Messages } from "../i18n.js";
import { barPercent, planFigures, type ChoiceCount } from "../plan-figures.js";
import type { Use } from "../plan-tables.js";
import type { CohortInput, Plan } from "../types.js";
import { cohortNames } from "../words.js";
import { names } from "./common.js";

/** A bar filled to `used` of `capacity`; the words beside it carry the meaning, so it is hidden from screen readers. */
export function capacityBar(used: number, capacity: number): HTMLElement {
  const fill = h("span", { class: "bar-fill" });
  fill.style.width = `${barPercent(used, capacity)}%`;
  const full = capacity > 0 && used >= capacity;
  return h("span", { class: full ? "bar full" : "bar", "aria-hidden": "true" }, fill);
}

/** "2 of 2 (full) ✓" with its bar, and (unless `withNames` is false) the names of who fills the places. */
export function capacityUse(u: Use, t: Messages, withNames = true): Child {
  const full = u.capacity > 0 && u.used >= u.capacity;
  return [
    h("span", { class: full ? "load full" : "load" }, t.ofCapacity(u.used, u.capacity), full ? [` (${t.full})`, h("span", { "aria-hidden": "true" }, " ✓")] : ""),
    capacityBar(u.used, u.capacity),
    withNames ? names(u.who) : null,
  ];
}

/** The plan's figures as a list of terms: the shares at each choice, and the travel in km. */
export function figuresPanel(cohort: CohortInput, plan: Plan, t: Messages, lang: Lang, earlier: CohortInput | null = null): HTMLElement {
  const p = t.pictures;
  const figures = planFigures(cohort, plan);
  const who = cohortNames(cohort, earlier);
  const share = (counted: ChoiceCount, rank: number): string =>
    counted.total === 0 ? p.noPreferences : p.share(counted.atRank[rank] ?? 0, counted.total, formatPercent((counted.atRank[rank] ?? 0) / counted.total, lang));
  const rows: [string, string][] = [
    ...[0, 1, 2].map((rank): [string, string] => [p.hostChoice(rank), share(figures.host, rank)]),
    ...[0, 1, 2].map((rank): [string, string] => [p.awayChoice(rank), share(figures.away, rank)]),
    [p.averageTravel, figures.averageTravelKm === null ? p.noTravel : p.km(formatNumber(figures.averageTravelKm, lang))],
    [
      p.longestTravel,
      figures.longestTravel === null ? p.noTravel : p.kmBy(formatNumber(figures.longestTravel.km, lang), who.trainee(figures.longestTravel.trainee)),
    ],
  ];
  return h(
    "div",
    { class: "figures summary", id: "plan-figures" },
    h("h4", { id: "figures-heading" }, p.figuresHeading),
    h("dl", null, rows.map(([term, value]) => [h("dt", null, term), h("dd", null, value)])),
    h("p", { class: "hint" }, p.fullNote),
  );
}
