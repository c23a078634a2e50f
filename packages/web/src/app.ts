/**
 * The page's controller: holds the state, implements the actions the views call, and renders.
 * Rendering rebuilds the header, the sections and the footer from the state after each action
 * (cheap at this size), then puts focus where the action's result is, or back on the element
 * that had it. While a job runs, only the progress lines are updated, so focus stays put.
 */
import * as api from "./api.js";
import { classifyFiles, removeAt, saveFile, setAt } from "./cohort-edit.js";
import { focusById, h } from "./dom.js";
import { MESSAGES, chooseLanguage, formatNumber, type Lang, type Messages } from "./i18n.js";
import { addTrainee, optionPins, pinSets, planChanges, plainNames, readPlanShape, removeMember, removePerson, removeTrainee } from "./replan-words.js";
import { SYNC_TRAINEE_LIMIT, type Actions, type ChangeRequest, type HistoryState, type Notice, type ReplanState, type State, type ViewContext } from "./state.js";
import { nameFromFile, readEarlierPlan } from "./history.js";
import type { CohortInput, DiagnosisItem, Issue, Job, Plan, Problem, ShownIssue, ShownPlan } from "./types.js";
import { changeEntry, changesSection, describeForbid, describePin } from "./views/changes.js";
import { notice } from "./views/common.js";
import { downloadsSection } from "./views/downloads.js";
import { loadSection } from "./views/load.js";
import { numberedSections } from "./views/placeholders.js";
import { editWords, shownValue } from "./views/diagnosis.js";
import { applyEdit, carriedIssues, inFileRows, learnRows, mergeIssues, suggestionEdit } from "./fixes.js";
import { planSection } from "./views/plan.js";
import { problemsSection } from "./views/problems.js";
import { replanSection } from "./views/replan.js";
import { elapsedText, progressText, solveSection } from "./views/solve.js";
import { cohortNames, describePlace, describeRequestPlace, formatCost, valueAt as valueAtPath } from "./words.js";
import { whatIfSummary } from "./views/why.js";

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
/** Section 6 before anything is published. */
const freshReplan = (): ReplanState => ({ published: null, edits: [], asOf: null, editEntry: "", running: false, notice: null, sheetIssues: [], issues: [], warnings: [] });
/** Section 2's earlier cohorts before any file is read. */
const freshHistory = (): HistoryState => ({ pending: null, notice: null, sheetIssues: [] });
/** A deep copy: the published cohort must not follow the edits made to the working one. */
const copy = <T>(value: T): T => structuredClone(value);

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
    fromSheets: false,
    fileRows: {},
    fixed: [],
    corrections: [],
    loadNotice: null,
    solve: { phase: "idle" },
    plan: null,
    planView: "trainee",
    pictures: { rows: "trainee", filter: "" },
    changeNotice: null,
    downloadNotice: null,
    replan: freshReplan(),
    why: null,
    history: freshHistory(),
  };
  const elements = { skip: byId("skip-link"), banner: byId("banner"), main: byId("main"), footer: byId("footer"), announcer: byId("announcer") };
  /** The current solve's number: answers for an older (cancelled or replaced) solve are ignored. */
  let run = 0;
  let abort: AbortController | null = null;
  let jobId: string | null = null;
  /** The number of the latest check of a workbook's cohort: older answers are ignored. */
  let checks = 0;

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
      ...[loadSection(ctx), problemsSection(ctx)].filter((s) => s !== null),
      ...numberedSections(ctx, { solve: solveSection, plan: planSection, changes: changesSection, downloads: downloadsSection, replan: replanSection }),
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
  function accept(cohort: unknown, name: string, issues: readonly ShownIssue[], valid: boolean, fromSheets: boolean): void {
    abandonSolve();
    state.cohort = isRecord(cohort) ? (cohort as CohortInput) : null;
    state.sourceName = name;
    state.issues = issues;
    state.valid = valid && state.cohort !== null;
    state.fromSheets = fromSheets;
    state.fileRows = fromSheets ? learnRows(issues) : {};
    state.fixed = [];
    state.corrections = [];
    state.plan = null;
    state.solve = { phase: "idle" };
    state.changeNotice = null;
    state.downloadNotice = null;
    state.replan = freshReplan();
    state.why = null;
    state.history = freshHistory();
    // A filter typed for another cohort would hide this one's rows.
    state.pictures.filter = "";
    const m = t();
    const text = state.valid ? m.loaded(name, state.cohort?.members.length ?? 0, state.cohort?.trainees.length ?? 0) : m.loadedWithProblems(name, issues.length);
    state.loadNotice = { kind: state.valid ? "info" : "error", text };
    render(state.valid ? "summary-heading" : issues.length > 0 ? "problems-heading" : "load-notice");
    announce(text);
  }

  /** Checks a cohort's JSON text with the service; a syntax error comes back with its line and column. */
  async function acceptJsonText(text: string, name: string, fromSheets = false): Promise<void> {
    const checked = await api.validateCohortText(text);
    if (!checked.ok) {
      if (checked.problem.status === 400) return loadError(t().notReadable(checked.problem.detail));
      return loadError(t().serviceSaid(checked.problem.detail));
    }
    accept(JSON.parse(text), name, fromCohort(checked.value.issues), checked.value.valid, fromSheets);
  }

  async function acceptImport(result: api.ImportResult, name: string): Promise<void> {
    if (result.ok) return acceptJsonText(JSON.stringify(result.cohort), name, true);
    const { problem } = result;
    if (problem.status === 404) return loadError(t().noImport);
    if (problem.status !== 422) return loadError(t().notReadable(problem.detail));
    const issues: ShownIssue[] =
      result.sheetIssues.length > 0 ? result.sheetIssues.map((issue) => ({ source: "sheet", issue })) : fromCohort(problem.issues ?? []);
    accept(result.cohort, name, issues, false, true);
  }

  /** Checks the working cohort again after an edit; true when it has no issues. */
  async function check(): Promise<boolean> {
    if (state.fromSheets && state.cohort !== null) return checkAsWorkbook(state.cohort);
    const checked = await api.validateCohortText(JSON.stringify(state.cohort));
    if (!checked.ok) {
      state.loadNotice = { kind: "error", text: t().serviceSaid(checked.problem.detail) };
      return false;
    }
    state.issues = fromCohort(checked.value.issues);
    state.valid = checked.value.valid;
    return state.valid;
  }

  /**
   * Checks a cohort that came from a workbook or CSV files as a workbook: the service writes it
   * (`/v1/export/cohort`, in the page's language) and reads it back (`/v1/import`), so every
   * problem comes at once with its sheet, row and column, in one language. Problems that the
   * cohort cannot show (a whole file's, a cell that did not read and is still empty) stay.
   */
  async function checkAsWorkbook(cohort: CohortInput): Promise<boolean> {
    const m = t();
    // A newer check (another language, another fix) makes this one's answer stale: it is dropped.
    const mine = ++checks;
    const written = await api.exportCohortWorkbook(cohort, state.lang);
    if (mine !== checks) return false;
    if (!written.ok) {
      state.loadNotice = { kind: "error", text: m.serviceSaid(written.problem.detail) };
      return false;
    }
    const read = await api.importWorkbook(await written.value.blob.arrayBuffer(), state.lang);
    if (mine !== checks) return false;
    const carried = carriedIssues(state.issues, cohort);
    if (!read.ok && read.problem.status !== 422) {
      state.loadNotice = { kind: "error", text: m.serviceSaid(read.problem.detail) };
      return false;
    }
    const fresh: ShownIssue[] = read.ok ? [] : read.sheetIssues.map((issue) => inFileRows({ source: "sheet", issue }, state.fileRows));
    const sameCell = (a: ShownIssue, b: ShownIssue) => a.source === "sheet" && b.source === "sheet" && a.issue.sheet === b.issue.sheet && a.issue.row === b.issue.row && a.issue.path === b.issue.path;
    state.issues = mergeIssues(carried.filter((c) => !fresh.some((f) => sameCell(c, f))), fresh);
    state.valid = state.issues.length === 0;
    return state.valid;
  }

  /** Keeps a change made on the page, in words, one per key (a field's path): from the value it had first. */
  function noteCorrection(key: string, from: string, text: (from: string) => string): void {
    const earlier = state.corrections.findIndex((c) => c.key === key);
    const first = state.corrections[earlier]?.from ?? from;
    const entry = { key, from: first, text: text(first) };
    if (earlier < 0) state.corrections.push(entry);
    else state.corrections[earlier] = entry;
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
    state.why = null;
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

  /** A problem's detail, and its first issue by place in words when it has one (`plan.changes[0].reason`, `cohort.…`). */
  function problemInWords(problem: Problem): string {
    const first = problem.issues?.[0];
    if (first === undefined) return problem.detail;
    const place = describeRequestPlace(first.path, state.cohort, state.plan, state.lang, state.replan.published?.cohort ?? null);
    return `${problem.detail} ${place}: ${first.message}`;
  }

  /**
   * "Why?" for a trainee, in the page's language: focus on the explanation when it comes, or
   * on `focusId` (the language switch, when a switch asked again).
   */
  async function explainFor(trainee: string, focusId?: string): Promise<void> {
    const { cohort, plan } = state;
    if (cohort === null || plan === null) return;
    const lang = state.lang;
    const who = cohortNames(cohort, state.replan.published?.cohort ?? null).trainee(trainee);
    state.why = { phase: "running", trainee };
    render(focusId ?? `why-${trainee}`);
    announce(t().explaining(who));
    const answer = await api.explain(cohort, plan, trainee, lang);
    // Answers for a trainee or plan no longer shown, or in a language no longer chosen, are not wanted.
    if (state.why?.trainee !== trainee || state.why.phase !== "running" || state.plan !== plan || state.lang !== lang) return;
    const explanation = answer.ok ? answer.value.trainees.find((e) => e.trainee === trainee) : undefined;
    if (!answer.ok || explanation === undefined) {
      const problem = answer.ok ? null : answer.problem;
      state.why = { phase: "failed", trainee, detail: problem?.detail ?? "", issues: problem?.issues ?? [] };
      render(focusId ?? "why-heading");
      announce(t().serviceSaid(problem?.detail ?? ""));
      return;
    }
    state.why = { phase: "done", trainee, lang, explanation, tried: null };
    render(focusId ?? "why-heading");
    announce(t().explained(who, explanation.options.length));
  }

  /** Makes a plan the published one, with a copy of the cohort as it is now (the cohort it was made for). */
  function publish(plan: ShownPlan, name: string): void {
    const cohort = state.cohort;
    if (cohort === null) return;
    const published = { plan: copy(plan), cohort: copy(cohort), name };
    state.replan = { ...freshReplan(), asOf: state.replan.asOf, published };
    // The plan shown is the published one itself: "Use this plan as the published one" goes until another plan is shown.
    state.plan = published.plan;
    state.why = null;
  }

  /** A change to the cohort as it is now (section 6): listed in words, the plan shown stays until the re-plan. */
  function edited(done: boolean, text: string, focusId: string): void {
    if (!done) return;
    state.replan.edits.push(text);
    state.replan.notice = { kind: "info", text };
    state.replan.issues = [];
    render(focusId);
    announce(text);
  }

  /** Shows a line under the earlier cohorts, says it, and renders with the focus on `focusId`. */
  function historyNotice(value: Notice, focusId: string): void {
    state.history.notice = value;
    render(focusId);
    announce(value.text);
  }

  /**
   * The history or a weight changed: the plan shown was made for the cohort as it was, so it
   * goes (a solve under way is left), and the next "Make a plan" uses the change.
   */
  function cohortChanged(): void {
    abandonSolve();
    state.plan = null;
    state.solve = { phase: "idle" };
    state.why = null;
  }

  /** Shows a problem of section 6 in its notice line, and says it. */
  function replanError(text: string, focusId = "replan-notice"): void {
    state.replan.running = false;
    state.replan.notice = { kind: "error", text };
    render(focusId);
    announce(text);
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
      // A workbook's problems are the service's words in the language asked: ask again in the new one.
      if (state.fromSheets && state.issues.some((shown) => shown.source === "sheet")) void check().then(() => render("lang-switch"));
      // An open explanation is the service's text in the language asked: ask again in the new one.
      const why = state.why;
      if (why !== null && (why.phase === "running" || (why.phase === "done" && why.lang !== lang))) void explainFor(why.trainee, "lang-switch");
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
        if (picked.kind === "xlsx") return await acceptImport(await api.importWorkbook(await picked.file.arrayBuffer(), state.lang, picked.file.name), name);
        // Bytes, not File.text(): the service tells UTF-8 from Windows-1252 and UTF-16 (api.importCsv).
        const files = await Promise.all(picked.files.map(async (f) => [f.name, await f.arrayBuffer()] as const));
        return await acceptImport(await api.importCsv(Object.fromEntries(files), state.lang), name);
      } catch (error) {
        return loadError(m.notReadable(error instanceof Error ? error.message : String(error)));
      }
    },

    editField(path: string, value: unknown) {
      const cohort = state.cohort;
      if (cohort === null) return;
      const before = shownValue(valueAtPath(cohort, path), state.lang);
      // A field of an object the file left out (a member's location) makes the object.
      setAt(cohort, path, value, true);
      state.plan = null;
      if (!state.fixed.includes(path)) state.fixed.push(path);
      const place = describePlace(path, cohort, state.lang);
      noteCorrection(path, before, (from) => t().changedFromTo(place, from, shownValue(value, state.lang)));
    },

    async useSuggestion(path: string, value: string) {
      const cohort = state.cohort;
      if (cohort === null) return;
      actions.editField(path, value);
      await actions.recheck();
    },

    async downloadCorrected() {
      const cohort = state.cohort;
      if (cohort === null) return;
      const answer = await api.exportCohortWorkbook(cohort, state.lang);
      if (answer.ok) saveFile(answer.value.blob, answer.value.fileName);
      const text = answer.ok ? t().downloaded(answer.value.fileName) : t().downloadFailed(problemInWords(answer.problem));
      showNotice("corrected-notice", { kind: answer.ok ? "info" : "error", text });
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

    showTimelineRows(rows) {
      state.pictures.rows = rows;
      render(`timeline-rows-${rows}`);
    },

    setTimelineFilter(text) {
      state.pictures.filter = text;
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
      const edit = suggestionEdit(item.change, cohort, t().newPersonName);
      if (cohort === null || edit === null) return;
      // Worded before it is made: a removed pin is named while it is still there.
      const words = editWords(edit, cohort, t(), state.lang);
      applyEdit(cohort, edit);
      state.corrections.push({ key: `suggestion:${state.corrections.length}`, from: "", text: words });
      announce(t().correctionMade(words));
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
      const answer = await api.exportPlan(cohort, plan, { ...options, lang: state.lang });
      if (answer.ok) saveFile(answer.value.blob, answer.value.fileName);
      state.downloadNotice = answer.ok
        ? { kind: "info", text: t().downloaded(answer.value.fileName) }
        : { kind: "error", text: t().downloadFailed(problemInWords(answer.problem)) };
      showNotice("download-notice", state.downloadNotice);
    },

    downloadCohort() {
      if (state.cohort === null) return;
      const name = `${(state.cohort.programme?.name ?? "cohort").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "cohort"}.json`;
      saveFile(new Blob([`${JSON.stringify(state.cohort, null, 2)}\n`], { type: "application/json" }), name);
      state.downloadNotice = { kind: "info", text: t().downloaded(name) };
      showNotice("download-notice", state.downloadNotice);
    },

    async loadPlanFiles(files: readonly File[]) {
      const m = t();
      const [file] = files;
      if (file === undefined || state.cohort === null) return;
      const kind = /\.(xlsx|json)$/i.exec(file.name)?.[1]?.toLowerCase();
      if (files.length !== 1 || kind === undefined) return replanError(m.planFileKind(file.name));
      state.replan.sheetIssues = [];
      state.replan.notice = { kind: "info", text: m.reading(file.name) };
      showNotice("replan-notice", state.replan.notice);
      let plan: ShownPlan | null;
      try {
        if (kind === "json") {
          const text = await file.text();
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch (error) {
            return replanError(m.notReadable(error instanceof Error ? error.message : String(error)));
          }
          plan = readPlanShape(value);
          if (plan === null) return replanError(m.notAPlan(file.name));
        } else {
          const imported = await api.importPlanWorkbook(await file.arrayBuffer(), state.lang);
          if (!imported.ok) {
            const { problem } = imported;
            if (problem.status === 404 || problem.status === 405) return replanError(m.noPlanImport);
            if (problem.status === 422 && imported.sheetIssues.length > 0) {
              state.replan.sheetIssues = imported.sheetIssues;
              return replanError(m.planSheetProblems(imported.sheetIssues.length));
            }
            return replanError(m.notReadable(problem.detail));
          }
          plan = readPlanShape(imported.plan);
          if (plan === null) return replanError(m.notAPlan(file.name));
        }
      } catch (error) {
        return replanError(m.notReadable(error instanceof Error ? error.message : String(error)));
      }
      publish(plan, file.name);
      state.replan.notice = { kind: "info", text: m.planLoaded(file.name) };
      render("published-heading");
      announce(state.replan.notice.text);
    },

    usePlanAsPublished() {
      if (state.plan === null) return;
      publish(state.plan, t().madeHere);
      state.replan.notice = { kind: "info", text: t().publishedSet };
      render("replan-heading");
      announce(state.replan.notice.text);
    },

    markLeft(trainee: string) {
      const cohort = state.cohort;
      if (cohort === null) return;
      const who = plainNames(cohort).trainee(trainee);
      edited(removeTrainee(cohort, trainee), t().markedLeft(who), "leaver");
    },

    removePerson(person: string) {
      const cohort = state.cohort;
      if (cohort === null) return;
      const who = plainNames(cohort).person(person);
      // The people after it move up a place: the entry being edited is chosen again.
      state.replan.editEntry = "";
      edited(removePerson(cohort, person), t().personRemoved(who), "person-gone");
    },

    removeMember(member: string) {
      const cohort = state.cohort;
      if (cohort === null) return;
      const who = plainNames(cohort).member(member);
      state.replan.editEntry = "";
      edited(removeMember(cohort, member), t().memberRemoved(who), "member-gone");
    },

    chooseEditEntry(entry: string) {
      state.replan.editEntry = entry;
      render("edit-entry");
    },

    editNow(path: string, value: unknown) {
      if (state.cohort === null) return;
      const before = JSON.stringify(valueAtPath(state.cohort, path));
      if (!setAt(state.cohort, path, value)) return;
      const text = `${describePlace(path, state.cohort, state.lang)}: ${before ?? "–"} → ${JSON.stringify(value) ?? "–"}`;
      state.replan.edits.push(text);
      // No render: the field keeps the focus; the list of changes follows at the next render.
      showNotice("replan-notice", (state.replan.notice = { kind: "info", text }));
    },

    addTrainee(trainee) {
      const cohort = state.cohort;
      if (cohort === null) return;
      if (trainee.name.trim() === "") return replanError(t().nameMissing, "new-trainee-name");
      const id = addTrainee(cohort, trainee);
      edited(true, t().traineeAdded(`${trainee.name.trim()} (${id})`), "new-trainee-name");
    },

    setAsOf(date: string) {
      state.replan.asOf = date;
    },

    async replan() {
      const cohort = state.cohort;
      const published = state.replan.published;
      if (cohort === null || published === null || state.replan.running) return;
      const asOf = (document.getElementById("as-of") as HTMLInputElement | null)?.value ?? state.replan.asOf ?? "";
      state.replan.asOf = asOf;
      state.replan.running = true;
      state.replan.notice = { kind: "info", text: t().replanning };
      state.replan.issues = [];
      render("replan-button");
      announce(t().replanning);
      const answer = await api.replan(cohort, published.plan, asOf);
      state.replan.running = false;
      if (!answer.ok) {
        const { problem } = answer;
        if (problem.status === 422 && problem.issues !== undefined && problem.issues.length > 0) {
          state.replan.issues = problem.issues;
          return replanError(t().replanProblems(problem.issues.length), "replan-issues-heading");
        }
        return replanError(t().replanFailed(problem.detail));
      }
      state.plan = answer.value.plan;
      state.why = null;
      state.replan.warnings = answer.value.warnings;
      const count = answer.value.plan.changes?.length ?? 0;
      state.replan.notice = { kind: "info", text: t().replanned(count) };
      render("change-list-heading");
      announce(state.replan.notice.text);
    },

    explain(trainee: string) {
      return explainFor(trainee);
    },

    async tryOption(option: number) {
      const { cohort, plan, why } = state;
      if (cohort === null || plan === null || why?.phase !== "done") return;
      const chosen = why.explanation.options[option];
      const pins = chosen === undefined ? null : optionPins(why.trainee, chosen, cohort);
      if (pins === null) return;
      state.why = { ...why, tried: { phase: "running", option } };
      render(`try-${option}`);
      announce(t().trying);
      const answer = await api.whatIf(cohort, plan, pins);
      const now = state.why;
      if (now?.phase !== "done" || now.tried?.option !== option || state.plan !== plan) return;
      if (!answer.ok) {
        state.why = { ...now, tried: { phase: "failed", option, detail: answer.problem.detail, issues: answer.problem.issues ?? [] } };
        render("whatif-heading");
        announce(t().serviceSaid(answer.problem.detail));
        return;
      }
      state.why = { ...now, tried: { phase: "done", option, pins, answer: answer.value } };
      render("whatif-heading");
      announce(whatIfSummary(answer.value, t(), state.lang));
    },

    keepTried() {
      const { cohort, plan, why } = state;
      if (cohort === null || plan === null || why?.phase !== "done" || why.tried?.phase !== "done" || why.tried.answer.plan === null) return;
      const { pins, answer } = why.tried;
      const next = answer.plan as Plan;
      const changes = planChanges(plan, next, cohort, (change) => (pins.some((pin) => pinSets(pin, change, cohort)) ? "forced" : "knock-on"));
      state.plan = { ...next, changes };
      state.why = null;
      state.replan.warnings = [];
      state.replan.notice = { kind: "info", text: t().keptPlan(changes.length) };
      render("change-list-heading");
      announce(state.replan.notice.text);
    },

    closeWhy() {
      const trainee = state.why?.trainee;
      state.why = null;
      render(trainee === undefined ? "plan-heading" : `why-${trainee}`);
    },

    async loadHistoryFiles(files: readonly File[]) {
      const m = t();
      const [file] = files;
      if (file === undefined || state.cohort === null) return;
      const kind = /\.(xlsx|ods|json)$/i.exec(file.name)?.[1]?.toLowerCase();
      if (files.length !== 1 || kind === undefined) return historyNotice({ kind: "error", text: m.history.fileKind(file.name) }, "history-notice");
      state.history = { ...freshHistory(), notice: { kind: "info", text: m.reading(file.name) } };
      showNotice("history-notice", state.history.notice);
      let read: ReturnType<typeof readEarlierPlan>;
      try {
        if (kind === "json") {
          let value: unknown;
          try {
            value = JSON.parse(await file.text());
          } catch (error) {
            return historyNotice({ kind: "error", text: m.notReadable(error instanceof Error ? error.message : String(error)) }, "history-notice");
          }
          read = readEarlierPlan(value);
        } else {
          // The service tells a workbook from an OpenDocument file by its bytes.
          const imported = await api.importPlanWorkbook(await file.arrayBuffer(), state.lang);
          if (!imported.ok) {
            const { problem } = imported;
            if (problem.status === 404 || problem.status === 405) return historyNotice({ kind: "error", text: m.noPlanImport }, "history-notice");
            if (problem.status === 422 && imported.sheetIssues.length > 0) {
              state.history.sheetIssues = imported.sheetIssues;
              return historyNotice({ kind: "error", text: m.history.sheetProblems(imported.sheetIssues.length) }, "history-notice");
            }
            return historyNotice({ kind: "error", text: m.notReadable(problem.detail) }, "history-notice");
          }
          read = readEarlierPlan(imported.plan);
        }
      } catch (error) {
        return historyNotice({ kind: "error", text: m.notReadable(error instanceof Error ? error.message : String(error)) }, "history-notice");
      }
      if (read === null) return historyNotice({ kind: "error", text: m.history.notAPlan(file.name) }, "history-notice");
      state.history.pending = { file: file.name, name: read.name ?? nameFromFile(file.name), assignments: read.assignments };
      historyNotice({ kind: "info", text: m.history.read(file.name, read.assignments.length) }, "history-name");
    },

    addHistory(name: string) {
      const cohort = state.cohort;
      const pending = state.history.pending;
      if (cohort === null || pending === null) return;
      const m = t();
      const trimmed = name.trim();
      // The name typed stays in the field while its problem is shown.
      state.history.pending = { ...pending, name };
      if (trimmed === "") return historyNotice({ kind: "error", text: m.history.nameMissing }, "history-name");
      if ((cohort.history ?? []).some((entry) => entry.name === trimmed)) return historyNotice({ kind: "error", text: m.history.nameTaken(trimmed) }, "history-name");
      (cohort.history ??= []).push({ name: trimmed, assignments: [...copy(pending.assignments)] });
      state.history.pending = null;
      cohortChanged();
      historyNotice({ kind: "info", text: m.history.added(trimmed) }, "history-list-heading");
    },

    cancelHistory() {
      state.history = freshHistory();
      render("history-upload");
    },

    removeHistory(index: number) {
      const cohort = state.cohort;
      const entry = cohort?.history?.[index];
      if (cohort === null || entry === undefined) return;
      removeAt(cohort, `history[${index}]`);
      // No history left: the cohort is as it was without one.
      if (cohort.history?.length === 0) delete cohort.history;
      cohortChanged();
      historyNotice({ kind: "info", text: t().history.removed(entry.name) }, "history-list-heading");
      // The entry may have been what the service refused (a malformed earlier plan): check again.
      if (!state.valid) void check().then(() => render("history-list-heading"));
    },

    setWeight(weight, value) {
      const cohort = state.cohort;
      if (cohort === null) return;
      const words = t().history;
      const label = words.weights[weight].label;
      if (!Number.isFinite(value) || value < 0) {
        showNotice("weights-notice", { kind: "error", text: words.weightInvalid(label) });
        return;
      }
      const before = cohort.weights?.[weight] ?? 0;
      if (value === before) return;
      (cohort.weights ??= {})[weight] = value;
      const text = words.weightSet(label, formatNumber(value, state.lang));
      announce(text);
      // A plan made with the old weight no longer fits the cohort (its objective, its downloads): it goes.
      if (state.plan !== null) {
        cohortChanged();
        render();
      }
      showNotice("weights-notice", { kind: "info", text });
    },
  };

  render();
}
