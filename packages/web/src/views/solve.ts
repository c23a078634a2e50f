/** Section 2: earlier cohorts and the fairness weights (views/history.ts), then make a plan, with visible progress and a stop button while it runs. */
import { h } from "../dom.js";
import { formatNumber, formatPercent, type Lang, type Messages } from "../i18n.js";
import { SYNC_TRAINEE_LIMIT, type SolveState, type ViewContext } from "../state.js";
import { notice, section } from "./common.js";
import { historyPanel } from "./history.js";

export function solveSection({ state, t, lang, actions }: ViewContext): HTMLElement | null {
  const cohort = state.cohort;
  if (cohort === null) return null;
  const trainees = cohort.trainees?.length ?? 0;
  const running = state.solve.phase === "running";
  return section(
    "solve",
    "solve-heading",
    t.solveHeading,
    h("p", null, trainees > SYNC_TRAINEE_LIMIT ? t.solveIntroJob(trainees) : t.solveIntroSync(trainees)),
    state.valid ? null : h("p", { class: "notice notice-error" }, h("span", { "aria-hidden": "true" }, "⚠ "), t.fixFirst),
    historyPanel({ state, t, lang, actions }),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", id: "solve-button", class: "primary", disabled: running || !state.valid, on: { click: () => void actions.solve() } },
        state.plan === null ? t.solveButton : t.solveAgain,
      ),
      running ? h("button", { type: "button", id: "cancel-button", on: { click: () => void actions.cancel() } }, t.cancel) : null,
    ),
    h("p", { id: "solve-progress", class: "progress", role: "status", "aria-live": "polite", "aria-atomic": "true" }, progressText(state.solve, t, lang)),
    running ? h("p", { id: "solve-elapsed", class: "hint" }, elapsedText(state.solve, t, lang)) : null,
    state.solve.phase === "failed" ? notice("solve-notice", { kind: "error", text: t.solveFailed(state.solve.detail) }) : null,
    corrections({ state, t, lang, actions }),
  );
}

/**
 * What was changed on this page (fixes and suggested changes), with the reminder to make the
 * same changes in the workbook and the corrected workbook to download: otherwise the next plan,
 * made from the workbook, would lose them.
 */
function corrections({ state, t, actions }: ViewContext): HTMLElement | null {
  if (state.corrections.length === 0) return null;
  return h(
    "div",
    { class: "corrections", id: "corrections" },
    h("h3", { id: "corrections-heading", tabindex: -1 }, t.correctionsHeading),
    h("ul", { id: "correction-list" }, state.corrections.map((c) => h("li", null, c.text))),
    h("p", null, t.correctionsReminder),
    h("div", { class: "actions" }, h("button", { type: "button", id: "download-corrected", on: { click: () => void actions.downloadCorrected() } }, t.downloadCorrected)),
    notice("corrected-notice", null),
  );
}

/** The progress line: what is running, and the best objective and bound so far. */
export function progressText(solve: SolveState, t: Messages, lang: Lang): string {
  switch (solve.phase) {
    case "idle":
    case "failed":
      return "";
    case "stopped":
      return t.stopped(solve.kept);
    case "running": {
      if (solve.queued) return t.queued;
      const p = solve.progress;
      if (p === null || p.objective === null) return solve.mode === "job" ? `${t.solving} ${t.progressNone}` : t.solving;
      return t.progress(
        formatNumber(p.objective, lang),
        p.bound === null ? null : formatNumber(p.bound, lang),
        p.gap === null ? null : formatPercent(p.gap, lang),
      );
    }
  }
}

export function elapsedText(solve: SolveState, t: Messages, lang: Lang): string {
  if (solve.phase !== "running" || solve.progress === null) return "";
  return t.elapsed(formatNumber(Math.round(solve.progress.elapsedMs / 100) / 10, lang));
}
