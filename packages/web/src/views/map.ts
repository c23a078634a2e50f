/**
 * The map of the members, drawn as SVG from their coordinates (map-layout.ts; no tiles, so it
 * works offline): each member a point, bigger for more trainees hosted; a curved line from a
 * host to each member its trainees visit in the away periods, thicker for more trainees. Every
 * member is a stop for Tab: on focus, as on hover, its name shows and its load is written in
 * the line under the map (a live region), and its lines stand out. The same content follows as
 * a table, for those who do not read the picture; members without a location are named there.
 */
import { h } from "../dom.js";
import type { Messages } from "../i18n.js";
import { lineWidth, mapLayout, placeLabels, pointRadius, type MapLayout, type MapMember, type Move, type Point } from "../map-layout.js";
import type { ViewContext } from "../state.js";
import type { CohortInput, Plan } from "../types.js";
import { capacityUse } from "./capacity.js";

const SVG = "http://www.w3.org/2000/svg";
/** The drawing's own units; CSS scales it to the width it is given. */
const BOX = { width: 800, height: 560, margin: 70 };
/** Up to this many members every name that has room is written; beyond it names show on hover and focus only. */
const ALL_NAMES_UP_TO = 30;

/** An SVG element with attributes (SVG's own, which the Content-Security-Policy allows; no style attribute). */
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string | number>>, ...children: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** "2 of 2 (full)". */
function load(used: number, capacity: number, t: Messages): string {
  return `${t.ofCapacity(used, capacity)}${capacity > 0 && used >= capacity ? ` (${t.full})` : ""}`;
}

/** The member's load in one sentence, for its point's name and the line under the map. */
export function memberWords(m: MapMember, t: Messages): string {
  const visiting = m.visiting.map((v) => `${v.period} ${load(v.used, v.capacity, t)}`).join(", ");
  return t.pictures.memberLoad(m.name, load(m.hosts.used, m.hosts.capacity, t), visiting, m.sends, m.receives);
}

/** A line from host to away member, bent a little to its right so that moves both ways stay apart. */
function curve(move: Move): string {
  const { a, b } = move;
  if (a === null || b === null) return "";
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const bend = 0.15;
  const cx = (a.x + b.x) / 2 - dy * bend;
  const cy = (a.y + b.y) / 2 + dx * bend;
  return `M ${a.x.toFixed(1)} ${a.y.toFixed(1)} Q ${cx.toFixed(1)} ${cy.toFixed(1)} ${b.x.toFixed(1)} ${b.y.toFixed(1)}`;
}

export function mapView(cohort: CohortInput, plan: Plan, ctx: ViewContext): HTMLElement {
  const { t, state } = ctx;
  const layout = mapLayout(cohort, plan, BOX, state.replan.published?.cohort ?? null);
  return h(
    "div",
    { class: "map-view" },
    h("p", { class: "hint" }, t.pictures.mapIntro),
    picture(layout, t),
    mapTable(layout, t),
  );
}

function picture(layout: MapLayout, t: Messages): HTMLElement {
  const detail = h("p", { id: "map-detail", class: "map-detail", role: "status" }, t.pictures.mapHint);
  const nameOf = new Map(layout.members.map((m) => [m.id, m.name]));
  const lines = layout.moves
    .filter((move) => move.a !== null && move.b !== null)
    .map((move) => {
      const path = svg(
        "path",
        { d: curve(move), class: "map-move", "stroke-width": lineWidth(move.count, layout.maxCount).toFixed(2), "data-from": move.from, "data-to": move.to },
        svg("title", {}, `${nameOf.get(move.from) ?? move.from} → ${nameOf.get(move.to) ?? move.to}: ${t.pictures.moves(move.count)}`),
      );
      return path;
    });
  const maxHosted = layout.members.reduce((max, m) => Math.max(max, m.hosts.used), 0);
  const drawn = layout.members.filter((m) => m.point !== null);
  const allNames = drawn.length <= ALL_NAMES_UP_TO;
  // The name of the member pointed at or focused, drawn last so that it lies on top of its neighbours'.
  const label = svg("text", { class: "map-name map-label", x: 0, y: 0 });
  const show = (m: MapMember, on: boolean, group: SVGGElement): void => {
    group.classList.toggle("active", on);
    const own = group.querySelector("text");
    label.textContent = on ? m.name : "";
    for (const name of ["x", "y", "text-anchor"]) label.setAttribute(name, own?.getAttribute(name) ?? "0");
    for (const line of lines) {
      if (line.dataset.from === m.id || line.dataset.to === m.id) line.classList.toggle("active", on);
    }
    if (on) detail.textContent = memberWords(m, t);
  };
  const radii = drawn.map((m) => pointRadius(m.hosts.used, maxHosted));
  // Names that would cover each other are left out of the drawing (they show on hover and focus).
  const labels = placeLabels(
    drawn.map((m, i) => ({ point: m.point as Point, radius: radii[i] ?? 4, name: m.name })),
    BOX,
  );
  const points = drawn.map((m, i) => {
    const { x, y } = m.point ?? { x: 0, y: 0 };
    const r = radii[i] ?? 4;
    const words = memberWords(m, t);
    // Where the name goes: its free place, or (for hover and focus only) right of the point on the left half, left of it on the right half.
    const right = x < BOX.width / 2;
    const at = labels[i] ?? { x: right ? x + r + 4 : x - r - 4, y: y + 4, anchor: right ? "start" : "end" };
    const group = svg(
      "g",
      { class: allNames && labels[i] !== null ? "map-member named" : "map-member", id: `map-member-${m.id}`, tabindex: 0, role: "img", "aria-label": words },
      svg("circle", { class: "map-ring", cx: x.toFixed(1), cy: y.toFixed(1), r: (r + 5).toFixed(1) }),
      svg("circle", { class: m.hosts.capacity > 0 && m.hosts.used >= m.hosts.capacity ? "map-point full" : "map-point", cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1) }),
      svg("text", { class: "map-name", x: at.x.toFixed(1), y: at.y.toFixed(1), "text-anchor": at.anchor }, m.name),
    );
    group.addEventListener("focus", () => show(m, true, group));
    group.addEventListener("blur", () => show(m, false, group));
    group.addEventListener("mouseenter", () => show(m, true, group));
    group.addEventListener("mouseleave", () => show(m, false, group));
    return group;
  });
  const drawing = svg(
    "svg",
    { id: "map", class: "map", viewBox: `0 0 ${BOX.width} ${BOX.height}`, role: "group", "aria-label": t.pictures.mapLabel },
    svg("g", { class: "map-moves", "aria-hidden": "true" }, ...lines),
    svg("g", { class: "map-members" }, ...points),
    svg("g", { "aria-hidden": "true" }, label),
  );
  return h("div", { class: "map-wrap" }, drawing, detail);
}

/** The map as a table: each member's load, where its trainees go away and whose come to it. */
function mapTable(layout: MapLayout, t: Messages): HTMLElement {
  const p = t.pictures;
  const nameOf = new Map(layout.members.map((m) => [m.id, m.name]));
  const moveList = (moves: readonly Move[], end: "from" | "to") =>
    moves.length === 0 ? h("span", { class: "muted" }, "–") : h("ul", { class: "plain" }, moves.map((m) => h("li", null, `${nameOf.get(m[end]) ?? m[end]}: ${p.moves(m.count)}`)));
  const awayPeriods = layout.members[0]?.visiting.map((v) => v.period) ?? [];
  const missing = layout.members.filter((m) => m.point === null);
  return h(
    "div",
    null,
    h(
      "div",
      { class: "table-wrap", role: "group", "aria-labelledby": "map-table-caption", tabindex: 0 },
      h(
        "table",
        { id: "map-table" },
        h("caption", { id: "map-table-caption" }, p.mapTableCaption),
        h(
          "thead",
          null,
          h("tr", null, [t.colMember, t.colHosts, ...awayPeriods.map((period) => t.colVisiting(period)), p.colSends, p.colReceives].map((c) => h("th", { scope: "col" }, c))),
        ),
        h(
          "tbody",
          null,
          layout.members.map((m) =>
            h(
              "tr",
              null,
              h("th", { scope: "row" }, m.name),
              h("td", null, capacityUse({ used: m.hosts.used, capacity: m.hosts.capacity, who: [] }, t, false)),
              m.visiting.map((v) => h("td", null, capacityUse({ used: v.used, capacity: v.capacity, who: [] }, t, false))),
              h("td", null, moveList(layout.moves.filter((move) => move.from === m.id), "to")),
              h("td", null, moveList(layout.moves.filter((move) => move.to === m.id), "from")),
            ),
          ),
        ),
      ),
    ),
    missing.length === 0 ? null : h("p", { id: "map-missing" }, p.notOnMap, " ", missing.map((m) => m.name).join(", ")),
  );
}
