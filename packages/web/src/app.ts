/**
 * The page's controller: holds the state, implements the actions the views call, and renders.
 * Rendering rebuilds the header, the sections and the footer from the state after each action
 * (cheap at this size), then puts focus where the action's result is, or back on the element
 * that had it. While a job runs, only the progress lines are updated, so focus stays put.
 */
import * as api from "./api.js";
import { classifyFiles, removeAt, saveFile, setAt } from "./cohort-edit.js";
import { focusById, h } from "./dom.js";
import { MESSAGES, chooseLanguage, type Lang, type Messages } from "./i18n.js";
import { SYNC_TRAINEE_LIMIT, type Actions, type ChangeRequest, type Notice, type State, type ViewContext } from "./state.js";
import type { CohortInput, DiagnosisItem, Issue, Job, Plan, Problem, ShownIssue } from "./types.js";
import { changeEntry, changesSection, describeForbid, describePin } from "./views/changes.js";
import { notice } from "./views/common.js";
import { downloadsSection } from "./views/downloads.js";
import { loadSection } from "./views/load.js";
import { planSection } from "./views/plan.js";
import { problemsSection } from "./views/problems.js";
import { elapsedText, progressText, solveSection } from "./views/solve.js";
import { formatCost, raisedValue } from "./words.js";

const LANG_KEY = "rotamatch.lang";
const EXAMPLE = { file: "app/romerike-2013.json", name: "Romerike 2013" };
/** Delays between polls of a job: quick at first, then every second. */
const POLL_MS = [250, 500, 1000];

const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element;
};

const fromCohort = (issues: readonly Issue[]): ShownIssue[] => issues.map((issue) => ({ source: "cohort", issue }));
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startPage(): void {
  const storedLang = (() => {
    try {
      return localStorage.getItem(LANG_KEY);
    } catch {
      return null;
    }
  })();
  const state: State = {
    lang: chooseLanguage(new URLSearchParams(location.search).get("lang"), storedLang, navigator.languages ?? [navigator.language]),
    cohort: null,
    sourceName: null,
    issues: [],
    valid: false,
    loadNotice: null,
    solve: { phase: "idle" },
    plan: null,
    planView: "trainee",
    changeNotice: null,
    downloadNotice: null,
  };
  const elements = { skip: byId("skip-link"), banner: byId("banner"), main: byId("main"), footer: byId("footer"), announcer: byId("announcer") };
  /** The current solve's number: answers for an older (cancelled or replaced) solve are ignored. */
  let run = 0;
  let abort: AbortController | null = null;
  let jobId: string | null = null;

  const t = (): Messages => MESSAGES[state.lang];

  function render(focusId?: string): void {
    const keep = document.activeElement?.id ?? "";
    const m = t();
    const ctx: ViewContext = { state, t: m, lang: state.lang, actions };
    document.documentElement.lang = state.lang;
    document.title = m.appTitle;
    elements.skip.textContent = m.skipLink;
    elements.banner.replaceChildren(
      h("div", null, h("h1", null, m.appTitle), h("p", { class: "tagline" }, m.tagline)),
      h("button", { type: "button", id: "lang-switch", lang: m.switchLang, on: { click: () => actions.setLanguage(m.switchLang) } }, m.switchTo),
    );
    elements.main.replaceChildren(
      ...[loadSection(ctx), problemsSection(ctx), solveSection(ctx), planSection(ctx), changesSection(ctx), downloadsSection(ctx)].filter((s) => s !== null),
    );
    elements.footer.replaceChildren(h("p", null, m.footer, " ", h("a", { href: "reference" }, m.footerReference)));
    const target = focusId ?? keep;
    if (target !== "") focusById(target);
  }

  /** Says something to screen readers through the page's polite live region. */
  function announce(text: string): void {
    elements.announcer.textContent = "";
    setTimeout(() => (elements.announcer.textContent = text), 50);
  }

  /** Replaces one notice line in place, without a render (so form values and focus stay). */
  function showNotice(id: string, value: Notice | null): void {
    document.getElementById(id)?.replaceWith(notice(id, value));
  }

  function loadError(text: string): void {
    state.loadNotice = { kind: "error", text };
    render("load-notice");
  }

  /** Leaves the solve under way, if any: its answers are ignored from now on, and a job is cancelled on the service. */
  function abandonSolve(): void {
    run++;
    abort?.abort();
    abort = null;
    if (jobId !== null) void api.cancelJob(jobId);
    jobId = null;
  }

  /** Takes a new cohort (or none) with its issues, and shows it. */
  function accept(cohort: unknown, name: string, issues: readonly ShownIssue[], valid: boolean): void {
    abandonSolve();
    state.cohort = isRecord(cohort) ? (cohort as CohortInput) : null;
    state.sourceName = name;
    state.issues = issues;
    state.valid = valid && state.cohort !== null;
    state.plan = null;
    state.solve = { phase: "idle" };
    state.changeNotice = null;
    state.downloadNotice = null;
    const m = t();
    const text = state.valid ? m.loaded(name, state.cohort?.members.length ?? 0, state.cohort?.trainees.length ?? 0) : m.loadedWithProblems(name, issues.length);
    state.loadNotice = { kind: state.valid ? "info" : "error", text };
    render(state.valid ? "summary-heading" : issues.length > 0 ? "problems-heading" : "load-notice");
    announce(text);
  }

  /** Checks a cohort's JSON text with the service; a syntax error comes back with its line and column. */
  async function acceptJsonText(text: string, name: string): Promise<void> {
    const checked = await api.validateCohortText(text);
    if (!checked.ok) {
      if (checked.problem.status === 400) return loadError(t().notReadable(checked.problem.detail));
      return loadError(t().serviceSaid(checked.problem.detail));
    }
    accept(JSON.parse(text), name, fromCohort(checked.value.issues), checked.value.valid);
  }

  async function acceptImport(result: api.ImportResult, name: string): Promise<void> {
    if (result.ok) return acceptJsonText(JSON.stringify(result.cohort), name);
    const { problem } = result;
    if (problem.status === 404) return loadError(t().noImport);
    if (problem.status !== 422) return loadError(t().notReadable(problem.detail));
    const issues: ShownIssue[] =
      result.sheetIssues.length > 0 ? result.sheetIssues.map((issue) => ({ source: "sheet", issue })) : fromCohort(problem.issues ?? []);
    accept(result.cohort, name, issues, false);
  }

  /** Checks the working cohort again after an edit; true when it has no issues. */
  async function check(): Promise<boolean> {
    const checked = await api.validateCohortText(JSON.stringify(state.cohort));
    if (!checked.ok) {
      state.loadNotice = { kind: "error", text: t().serviceSaid(checked.problem.detail) };
      return false;
    }
    state.issues = fromCohort(checked.value.issues);
    state.valid = checked.value.valid;
    return state.valid;
  }

  /** After a pin, forbid or suggested change: check, then solve again (or show what is wrong). */
  async function changeAndSolve(): Promise<void> {
    abandonSolve();
    state.plan = null;
    state.solve = { phase: "idle" };
    if (await check()) return actions.solve();
    render("problems-heading");
    announce(t().stillProblems(state.issues.length));
  }

  function finish(plan: Plan): void {
    state.plan = plan;
    state.solve = { phase: "idle" };
    abort = null;
    jobId = null;
    render("plan-heading");
    const ok = plan.status === "optimal" || plan.status === "feasible";
    announce(ok ? t().planFound(formatCost(plan.objective, state.lang)) : plan.status === "infeasible" ? t().noPlanFound : t().status.timedout);
  }

  function fail(problem: Problem): void {
    abort = null;
    jobId = null;
    if (problem.status === 422 && problem.issues !== undefined) {
      state.issues = fromCohort(problem.issues);
      state.valid = false;
      state.solve = { phase: "idle" };
      render("problems-heading");
      announce(t().stillProblems(state.issues.length));
      return;
    }
    state.solve = { phase: "failed", detail: problem.detail };
    render("solve-notice");
  }

  /** Updates the progress lines in place while a job runs. */
  function showProgress(): void {
    const progress = document.getElementById("solve-progress");
    const text = progressText(state.solve, t(), state.lang);
    if (progress !== null && progress.textContent !== text) progress.textContent = text;
    const elapsed = document.getElementById("solve-elapsed");
    if (elapsed !== null) elapsed.textContent = elapsedText(state.solve, t(), state.lang);
  }

  async function solveSync(cohort: CohortInput, mine: number): Promise<void> {
    abort = new AbortController();
    const answer = await api.solveCohort(cohort, abort.signal);
    if (mine !== run) return;
    if (answer.ok) return finish(answer.value);
    // The service's limit may be lower than the page's guess: then it is a job after all.
    if (answer.problem.type.endsWith("/cohort-too-large")) return solveJob(cohort, mine);
    fail(answer.problem);
  }

  async function solveJob(cohort: CohortInput, mine: number): Promise<void> {
    state.solve = { phase: "running", mode: "job", queued: true, progress: null };
    showProgress();
    const started = await api.startJob(cohort);
    if (mine !== run) {
      // Stopped or replaced while the job was being made: it is not wanted.
      if (started.ok) void api.cancelJob(started.value.id);
      return;
    }
    if (!started.ok) return fail(started.problem);
    jobId = started.value.id;
    let job: Job = started.value;
    for (let poll = 0; job.state === "queued" || job.state === "running"; poll++) {
      state.solve = { phase: "running", mode: "job", queued: job.state === "queued", progress: job.progress };
      showProgress();
      await sleep(POLL_MS[Math.min(poll, POLL_MS.length - 1)] ?? 1000);
      if (mine !== run) return;
      const polled = await api.getJob(job.id);
      if (mine !== run) return;
      if (!polled.ok) return fail(polled.problem);
      job = polled.value;
    }
    jobId = null;
    if (job.state === "done" && job.plan !== null) return finish(job.plan);
    if (job.state === "failed") return fail(job.problem ?? { type: "about:blank", title: "", status: 500, detail: "the job failed" });
    // Cancelled by someone else (another tab, or the service shutting down): keep what it found.
    state.plan = job.plan;
    state.solve = { phase: "stopped", kept: job.plan !== null };
    render("solve-button");
  }

  const actions: Actions = {
    setLanguage(lang: Lang) {
      state.lang = lang;
      try {
        localStorage.setItem(LANG_KEY, lang);
      } catch {
        // private mode: the choice lasts for this page only
      }
      render("lang-switch");
    },

    async loadExample() {
      state.loadNotice = { kind: "info", text: t().reading(EXAMPLE.name) };
      showNotice("load-notice", state.loadNotice);
      let text: string;
      try {
        const res = await fetch(EXAMPLE.file);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        text = await res.text();
      } catch (error) {
        return loadError(t().notReadable(error instanceof Error ? error.message : String(error)));
      }
      await acceptJsonText(text, EXAMPLE.name);
    },

    async loadFiles(files: readonly File[]) {
      const picked = classifyFiles(files);
      const m = t();
      if (picked.kind === "unknown") return loadError(m.unknownFile(picked.name));
      if (picked.kind === "mixed") return loadError(m.mixedFiles);
      const name = picked.kind === "csv" ? picked.files.map((f) => f.name).join(", ") : picked.file.name;
      state.loadNotice = { kind: "info", text: m.reading(name) };
      showNotice("load-notice", state.loadNotice);
      try {
        if (picked.kind === "json") return await acceptJsonText(await picked.file.text(), name);
        if (picked.kind === "xlsx") return await acceptImport(await api.importWorkbook(await picked.file.arrayBuffer(), state.lang), name);
        const texts = await Promise.all(picked.files.map(async (f) => [f.name, await f.text()] as const));
        return await acceptImport(await api.importCsv(Object.fromEntries(texts), state.lang), name);
      } catch (error) {
        return loadError(m.notReadable(error instanceof Error ? error.message : String(error)));
      }
    },

    editField(path: string, value: unknown) {
      if (state.cohort === null) return;
      setAt(state.cohort, path, value);
      state.plan = null;
    },

    async recheck() {
      const valid = await check();
      render(valid ? "solve-heading" : "problems-heading");
      announce(valid ? t().allFixed : t().stillProblems(state.issues.length));
    },

    async solve() {
      const cohort = state.cohort;
      if (cohort === null || !state.valid) return;
      const mine = ++run;
      const viaJob = cohort.trainees.length > SYNC_TRAINEE_LIMIT;
      state.plan = null;
      state.solve = { phase: "running", mode: viaJob ? "job" : "sync", queued: false, progress: null };
      render("cancel-button");
      announce(t().solving);
      await (viaJob ? solveJob(cohort, mine) : solveSync(cohort, mine));
    },

    async cancel() {
      if (state.solve.phase !== "running") return;
      run++;
      abort?.abort();
      abort = null;
      let plan: Plan | null = null;
      if (jobId !== null) {
        const cancelled = await api.cancelJob(jobId);
        plan = cancelled.ok ? cancelled.value.plan : null;
        jobId = null;
      }
      state.plan = plan;
      state.solve = { phase: "stopped", kept: plan !== null };
      render("solve-button");
      announce(t().stopped(plan !== null));
    },

    showView(view) {
      state.planView = view;
      render(`view-${view}`);
    },

    async addChange(change: ChangeRequest) {
      const cohort = state.cohort;
      if (cohort === null) return;
      const entry = changeEntry(change);
      if (Object.values(entry.value).some((v) => v === "")) return;
      const text = entry.list === "pins" ? describePin(entry.value, cohort, t()) : describeForbid(entry.value, cohort, t());
      (cohort[entry.list] ??= []).push(entry.value);
      state.changeNotice = { kind: "info", text: t().changeAdded(text) };
      announce(state.changeNotice.text);
      await changeAndSolve();
    },

    async removeChange(list: "pins" | "forbid", index: number) {
      const cohort = state.cohort;
      const entry = cohort?.[list]?.[index];
      if (cohort === null || entry === undefined) return;
      const text = list === "pins" ? describePin(entry, cohort, t()) : describeForbid(entry, cohort, t());
      removeAt(cohort, `${list}[${index}]`);
      state.changeNotice = { kind: "info", text: t().changeRemoved(text) };
      announce(state.changeNotice.text);
      await changeAndSolve();
    },

    async applySuggestion(item: DiagnosisItem) {
      const cohort = state.cohort;
      const change = item.change;
      if (cohort === null || change === null) return;
      const raised = raisedValue(change, cohort);
      if (raised !== null) setAt(cohort, raised.path, raised.value);
      else if ((change.action === "remove-pin" || change.action === "remove-forbid") && change.path !== null) removeAt(cohort, change.path);
      else return;
      await changeAndSolve();
    },

    async download(format) {
      const { cohort, plan } = state;
      if (cohort === null || plan === null) return;
      const value = (id: string) => (document.getElementById(id) as HTMLSelectElement | null)?.value ?? "";
      const options: api.ExportRequest =
        format === "csv" ? { format, file: value("csv-file"), delimiter: value("csv-delimiter") === "," ? "," : ";" }
        : format === "ics" && value("ics-trainee") !== "" ? { format, trainee: value("ics-trainee") }
        : { format };
      const answer = await api.exportPlan(cohort, plan, options);
      if (answer.ok) saveFile(answer.value.blob, answer.value.fileName);
      state.downloadNotice = answer.ok
        ? { kind: "info", text: t().downloaded(answer.value.fileName) }
        : { kind: "error", text: t().downloadFailed(answer.problem.detail) };
      showNotice("download-notice", state.downloadNotice);
    },

    downloadCohort() {
      if (state.cohort === null) return;
      const name = `${(state.cohort.programme?.name ?? "cohort").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "cohort"}.json`;
      saveFile(new Blob([`${JSON.stringify(state.cohort, null, 2)}\n`], { type: "application/json" }), name);
      state.downloadNotice = { kind: "info", text: t().downloaded(name) };
      showNotice("download-notice", state.downloadNotice);
    },
  };

  render();
}
