/**
 * The timeline picture: one row per trainee (or per member), months across, a block per
 * placement with the member's (or trainee's) name, at the host plain and away striped, the
 * gatherings as markers, and the placements a re-plan changed marked with ◆. Drawn with HTML
 * and CSS from timeline-layout.ts (percent positions, so it fits the width it is given); a
 * table, so that screen readers read it by row, with the month header and the name column
 * sticky inside its own scroll box, which keeps 300 trainees readable. The filter hides rows
 * in place as the user types (no re-render, so the field keeps focus and caret) and says how
 * many rows are shown.
 *
 * Positions are set through the CSSOM (`element.style`), which the page's Content-Security-
 * Policy allows, not through style attributes, which it forbids.
 */
import { h, type Child } from "../dom.js";
import { formatDate, type Lang, type Messages } from "../i18n.js";
import type { TimelinePictureRows, ViewContext } from "../state.js";
import { matchesFilter, type Block, type GatheringMark, type MonthTick, type Place, type TimelineLayout } from "../timeline-layout.js";

/** Sets an element's left and width in percent of its positioned parent. */
function placed<E extends HTMLElement>(element: E, where: Place): E {
  element.style.left = `${where.left}%`;
  element.style.width = `${where.width}%`;
  return element;
}

export function timelinePicture(layout: TimelineLayout, ctx: ViewContext): HTMLElement {
  const { t, lang, state, actions } = ctx;
  const p = t.pictures;
  const by: TimelinePictureRows = state.pictures.rows;
  const filter = state.pictures.filter;
  const entries: { row: HTMLTableRowElement; search: string }[] =
    by === "trainee"
      ? layout.trainees.map((line) => ({
          row: h("tr", null, h("th", { scope: "row", class: "tl-name" }, line.label, h("span", { class: "sub" }, line.specialization)), track([line.blocks], layout, "member", t, lang)),
          search: line.search,
        }))
      : layout.members.map((line) => ({ row: h("tr", null, h("th", { scope: "row", class: "tl-name" }, line.name), track(line.lanes, layout, "trainee", t, lang)), search: line.search }));
  const shown = h("p", { id: "timeline-shown", class: "hint", role: "status" });
  const apply = (query: string): void => {
    let count = 0;
    for (const { row, search } of entries) {
      const match = matchesFilter(search, query);
      row.hidden = !match;
      if (match) count++;
    }
    shown.textContent = p.filterShown(count, entries.length, by);
  };
  apply(filter);
  const input = h("input", { type: "search", id: "timeline-filter", value: filter, autocomplete: "off", "aria-describedby": "timeline-shown" });
  input.addEventListener("input", () => {
    apply(input.value);
    actions.setTimelineFilter(input.value);
  });
  const caption = by === "trainee" ? p.captionTrainees : p.captionMembers;
  return h(
    "div",
    { class: "timeline-picture" },
    h("p", { class: "hint" }, p.timelineIntro),
    h(
      "div",
      { class: "timeline-tools" },
      h(
        "div",
        { class: "view-switch", role: "group", "aria-label": p.rowsLabel },
        (["trainee", "member"] as const).map((rows) =>
          h(
            "button",
            { type: "button", id: `timeline-rows-${rows}`, class: "small", "aria-pressed": by === rows ? "true" : "false", on: { click: () => actions.showTimelineRows(rows) } },
            rows === "trainee" ? p.rowsTrainee : p.rowsMember,
          ),
        ),
      ),
      h("div", { class: "field" }, h("label", { for: "timeline-filter" }, p.filterLabel), input),
    ),
    shown,
    legend(t, layout.trainees.some((line) => line.blocks.some((b) => b.changed))),
    h(
      "div",
      { class: "timeline-scroll", role: "group", "aria-labelledby": "timeline-caption", tabindex: 0 },
      h(
        "table",
        { id: "timeline", class: "timeline" },
        h("caption", { id: "timeline-caption", class: "visually-hidden" }, caption),
        h("thead", null, h("tr", null, h("th", { scope: "col", class: "tl-name" }, by === "trainee" ? t.colTrainee : t.colMember), h("th", { scope: "col", class: "tl-track" }, axis(layout, t, lang)))),
        h("tbody", null, entries.map((e) => e.row)),
      ),
    ),
  );
}

/** The key: what the block styles and marks mean, each with its sample; the ◆ only when something changed. */
function legend(t: Messages, changes: boolean): HTMLElement {
  const p = t.pictures;
  const item = (sample: string, text: string) => h("li", null, h("span", { class: `tl-sample ${sample}`, "aria-hidden": "true" }), text);
  return h(
    "ul",
    { class: "timeline-legend", "aria-label": p.legendLabel },
    item("tl-host", p.legendHost),
    item("tl-away", p.legendAway),
    item("tl-gathering-sample", p.legendGathering),
    changes ? item("tl-changed-sample", p.legendChanged) : null,
  );
}

/** The header's track: the years, the months and the gatherings, each where it falls. */
function axis(layout: TimelineLayout, t: Messages, lang: Lang): Child {
  const month = new Intl.DateTimeFormat(t.locale, { month: "short", timeZone: "UTC" });
  const years: { year: number; ticks: MonthTick[] }[] = [];
  for (const tick of layout.months) {
    const last = years[years.length - 1];
    if (last === undefined || last.year !== tick.year) years.push({ year: tick.year, ticks: [tick] });
    else last.ticks.push(tick);
  }
  const yearPlace = (ticks: readonly MonthTick[]): Place => ({
    left: ticks[0]?.left ?? 0,
    width: ticks.reduce((sum, tick) => sum + tick.width, 0),
  });
  return [
    h("span", { class: "visually-hidden" }, `${t.pictures.colMonths}: ${formatDate(layout.span.from, lang)} – ${formatDate(layout.span.to, lang)}`),
    h(
      "div",
      { class: "tl-axis", "aria-hidden": "true" },
      h("div", { class: "tl-years" }, years.map((y) => placed(h("span", { class: "tl-year" }, String(y.year)), yearPlace(y.ticks)))),
      h(
        "div",
        { class: "tl-months" },
        layout.months.map((tick) =>
          placed(h("span", { class: tick.month === 1 ? "tl-month tl-january" : "tl-month" }, month.format(new Date(Date.UTC(tick.year, tick.month - 1, 1)))), tick),
        ),
      ),
    ),
    h(
      "ul",
      { class: "tl-gatherings plain" },
      layout.gatherings.map((g) => gatheringMark(g, t, lang)),
    ),
  ];
}

/** A gathering in the header: a marker with its name on hover, and the name and date for screen readers. */
function gatheringMark(g: GatheringMark, t: Messages, lang: Lang): HTMLElement {
  const words = t.pictures.gatheringMark(g.name, formatDate(g.date, lang));
  const mark = h("li", { class: "tl-gathering", title: words }, h("span", { "aria-hidden": "true" }, "▼"), h("span", { class: "visually-hidden" }, words));
  mark.style.left = `${g.left}%`;
  return mark;
}

/** A row's track: its lanes of blocks, and a thin line at each gathering. */
function track(lanes: readonly (readonly Block[])[], layout: TimelineLayout, name: "member" | "trainee", t: Messages, lang: Lang): HTMLElement {
  const lines = layout.gatherings.map((g) => {
    const line = h("span", { class: "tl-line", "aria-hidden": "true" });
    line.style.left = `${g.left}%`;
    return line;
  });
  const empty = lanes.every((lane) => lane.length === 0);
  return h(
    "td",
    { class: "tl-track" },
    h("div", { class: "tl-lanes" }, lines, empty ? h("span", { class: "muted tl-none" }, t.pictures.noOne) : lanes.map((lane) => h("div", { class: "tl-lane" }, lane.map((b) => block(b, name, t, lang))))),
  );
}

function block(b: Block, name: "member" | "trainee", t: Messages, lang: Lang): HTMLElement {
  const who = name === "member" ? b.memberName : b.traineeName;
  const words = t.pictures.block(who, b.period, b.at, `${formatDate(b.from, lang)} – ${formatDate(b.to, lang)}`);
  return placed(
    h(
      "div",
      { class: `tl-block tl-${b.at}${b.changed ? " tl-changed" : ""}`, title: words },
      b.changed ? h("span", { class: "changed-sign", "aria-hidden": "true" }, "◆ ") : null,
      h("span", { "aria-hidden": "true" }, who),
      h("span", { class: "visually-hidden" }, b.changed ? `${words} (${t.changedMark})` : words),
    ),
    b,
  );
}
