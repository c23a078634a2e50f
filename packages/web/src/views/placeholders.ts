/**
 * The numbered sections keep their numbers whether or not what they need exists yet: once a
 * cohort is loaded, a section that has nothing to show yet (no plan, problems still to fix)
 * is shown with its heading and one line saying when it comes, so "6. Something changed" is
 * section 6 before and after a plan is made.
 */
import { h } from "../dom.js";
import type { ViewContext } from "../state.js";
import { section } from "./common.js";

type Build = (ctx: ViewContext) => HTMLElement | null;

/** The sections 2 to 6, each built, or in its place its heading and a line saying what it waits for. */
export function numberedSections(ctx: ViewContext, builds: { solve: Build; plan: Build; changes: Build; downloads: Build; replan: Build }): HTMLElement[] {
  const { state, t } = ctx;
  const waiting = (id: string, heading: string, text: string, build: Build): HTMLElement | null =>
    build(ctx) ?? (state.cohort === null ? null : section(id, `${id}-heading`, heading, h("p", { class: "hint" }, text)));
  return [
    waiting("solve", t.solveHeading, t.notReadYet, builds.solve),
    waiting("plan", t.planHeading, t.noPlanYet, builds.plan),
    waiting("changes", t.changesHeading, t.notReadYet, builds.changes),
    waiting("downloads", t.downloadsHeading, t.noDownloadsYet, builds.downloads),
    waiting("replan", t.replanHeading, t.notReadYet, builds.replan),
  ].filter((s): s is HTMLElement => s !== null);
}
