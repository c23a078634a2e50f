/** Small building blocks shared by the views. */
import { h, type Child } from "../dom.js";
import type { Notice } from "../state.js";

/** A region landmark named by its heading; `headingId` is where focus goes after actions on it. */
export function section(id: string, headingId: string, heading: string, ...children: Child[]): HTMLElement {
  return h("section", { id, "aria-labelledby": headingId }, h("h2", { id: headingId, tabindex: -1 }, heading), ...children);
}

/**
 * A line of feedback, announced by screen readers when it changes. Errors say so in words
 * and with a sign, not by colour alone.
 */
export function notice(id: string, value: Notice | null): HTMLElement {
  return h(
    "p",
    { id, class: value === null ? "notice" : `notice notice-${value.kind}`, role: value?.kind === "error" ? "alert" : "status" },
    value === null ? null : [value.kind === "error" ? h("span", { "aria-hidden": "true" }, "⚠ ") : null, value.text],
  );
}

/** A table with a caption and one header row; cells are given ready-made. */
export function table(id: string, caption: string, headers: readonly Child[], rows: readonly (readonly Child[])[], rowHeaderColumn = 0): HTMLElement {
  return h(
    "div",
    { class: "table-wrap", role: "group", "aria-labelledby": `${id}-caption`, tabindex: 0 },
    h(
      "table",
      { id },
      h("caption", { id: `${id}-caption` }, caption),
      h("thead", null, h("tr", null, headers.map((cell) => h("th", { scope: "col" }, cell)))),
      h(
        "tbody",
        null,
        rows.map((cells) => h("tr", null, cells.map((cell, i) => (i === rowHeaderColumn ? h("th", { scope: "row" }, cell) : h("td", null, cell))))),
      ),
    ),
  );
}

/** A list of names, one a line, or a dash when there are none. */
export function names(items: readonly string[]): Child {
  if (items.length === 0) return h("span", { class: "muted" }, "–");
  return h("ul", { class: "plain" }, items.map((item) => h("li", null, item)));
}

/** A labelled select. */
export function select(id: string, label: string, options: readonly (readonly [value: string, text: string])[], selected = "", hidden = false): HTMLElement {
  return h(
    "div",
    { class: "field", id: `${id}-field`, hidden },
    h("label", { for: id }, label),
    h("select", { id, name: id }, options.map(([value, text]) => h("option", { value, selected: value === selected }, text))),
  );
}
