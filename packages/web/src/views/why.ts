/**
 * "Why?" for one trainee (in section 3, under the plan): the service's explanation of what
 * they got, each option they ranked higher with whether a plan could give it, "Try this" on
 * each possible one (a what-if: its cost and who else would move), and "Keep this plan".
 * The explanation's sentences are the service's own, in the language the page asked for.
 */
import { h } from "../dom.js";
import { formatNumber, type Lang, type Messages } from "../i18n.js";
import { changeWords, plainNames } from "../replan-words.js";
import type { TriedOption, ViewContext } from "../state.js";
import type { Issue, WhatIfAnswer } from "../types.js";
import { cohortNames, describeIssue, describeRequestPlace } from "../words.js";

/** The what-if's answer in one sentence: the cost it would add (or its bound), or that no plan gives it. */
export function whatIfSummary(answer: WhatIfAnswer, t: Messages, lang: Lang): string {
  if (answer.status === "timedout" && answer.plan === null) return t.status.timedout;
  if (answer.plan === null || answer.status === "infeasible") return t.whatIfNone;
  if (answer.delta !== null) {
    const sign = Math.abs(answer.delta) < 1e-9 ? 0 : Math.sign(answer.delta);
    return t.whatIfDelta(formatNumber(Math.abs(answer.delta), lang), sign);
  }
  if (answer.deltaBound !== null) return t.whatIfBound(formatNumber(answer.deltaBound, lang));
  return t.whatIfNone;
}

export function whyPanel(ctx: ViewContext): HTMLElement | null {
  const { state, t, actions } = ctx;
  const { why, cohort } = state;
  if (why === null || cohort === null) return null;
  const earlier = state.replan.published?.cohort ?? null;
  const who = cohortNames(cohort, earlier).trainee(why.trainee);
  const heading = h("h3", { id: "why-heading", tabindex: -1 }, t.explanationHeading(who));
  const close = h("button", { type: "button", id: "why-close", class: "small", on: { click: () => actions.closeWhy() } }, t.closeExplanation);
  if (why.phase === "running") return h("div", { id: "why", class: "why" }, heading, h("p", { class: "progress" }, t.explaining(who)));
  if (why.phase === "failed") return h("div", { id: "why", class: "why" }, heading, problemLines(why.detail, why.issues, ctx), close);
  const { explanation } = why;
  const names = plainNames(cohort, earlier);
  return h(
    "div",
    { id: "why", class: "why", lang: why.lang },
    heading,
    h("p", { id: "why-text" }, explanation.text),
    explanation.options.length === 0
      ? h("p", null, t.noOptions)
      : h(
          "ol",
          { id: "why-options" },
          explanation.options.map((option, i) =>
            h(
              "li",
              { class: option.possible ? "option possible" : "option impossible" },
              h("strong", null, option.possible ? `✓ ${t.optionPossible}: ` : `✗ ${t.optionImpossible}: `),
              option.text,
              option.possible
                ? h(
                    "div",
                    { class: "actions" },
                    h(
                      "button",
                      { type: "button", id: `try-${i}`, "aria-label": t.tryLabel(i + 1), disabled: why.tried?.phase === "running", on: { click: () => void actions.tryOption(i) } },
                      t.tryThis,
                    ),
                  )
                : null,
              why.tried?.option === i ? tried(why.tried, names, ctx) : null,
            ),
          ),
        ),
    close,
  );
}

/** The what-if under the option tried: running, its answer with "Keep this plan", or its problem. */
function tried(tried: TriedOption, names: ReturnType<typeof plainNames>, ctx: ViewContext): HTMLElement {
  const { t, lang, actions } = ctx;
  const heading = h("h4", { id: "whatif-heading", tabindex: -1 }, t.whatIfHeading);
  if (tried.phase === "running") return h("div", { class: "whatif" }, heading, h("p", { class: "progress" }, t.trying));
  if (tried.phase === "failed") return h("div", { class: "whatif" }, heading, problemLines(tried.detail, tried.issues, ctx));
  const { answer } = tried;
  const moves = answer.changes;
  return h(
    "div",
    { class: "whatif", id: "whatif" },
    heading,
    h("p", { id: "whatif-delta" }, whatIfSummary(answer, t, lang)),
    answer.plan === null ? null : h("p", null, t.whatIfMoves(moves.length)),
    moves.length === 0 ? null : h("ul", { id: "whatif-changes" }, moves.map((change) => h("li", null, changeWords(change, names, lang).text))),
    answer.plan === null ? null : h("div", { class: "actions" }, h("button", { type: "button", id: "keep-plan", class: "primary", on: { click: () => actions.keepTried() } }, t.keepPlan)),
  );
}

/** A problem of the service, with its issues in words where it has them. */
function problemLines(detail: string, issues: readonly Issue[], { state, t, lang }: ViewContext): HTMLElement {
  if (issues.length === 0) return h("p", { class: "notice notice-error", role: "alert" }, h("span", { "aria-hidden": "true" }, "⚠ "), t.serviceSaid(detail));
  return h("ul", { class: "problems" }, issues.map((issue) => requestIssueItem(issue, { cohort: state.cohort, plan: state.plan }, state.plan, { state, lang })));
}

/**
 * One problem of a re-plan, what-if or explanation request as the page lists problems: where
 * it is in words ("Published plan, Trainee Kristian Helle (t4), mentor"), then what it is.
 * `root` is the request as sent, for the value at the problem's path.
 */
export function requestIssueItem(issue: Issue, root: unknown, plan: { readonly assignments?: readonly { readonly trainee: string }[] } | null, { state, lang }: Pick<ViewContext, "state" | "lang">): HTMLElement {
  const { text, english } = describeIssue(issue, root, lang);
  return h(
    "li",
    null,
    h("strong", { class: "where" }, describeRequestPlace(issue.path, state.cohort, plan, lang, state.replan.published?.cohort ?? null)),
    ": ",
    text,
    english === null ? null : h("span", { class: "detail", lang: "en" }, ` (${english})`),
  );
}
