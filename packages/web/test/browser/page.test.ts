/**
 * The page in a real browser: Debian's headless Chromium, driven by playwright-core, against
 * the real service (worker threads and all) on a free port. Each test opens a fresh browser
 * context (empty storage) and checks that nothing went wrong on the page: no script error, no
 * console error (a Content-Security-Policy violation would be one), no failed request.
 *
 * Skipped, with the reason, where /usr/bin/chromium is missing; with CI=true that fails instead.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { generateCohort, validateCohort, type CohortInput } from "@rotamatch/core";
import { readCohortWorkbook } from "@rotamatch/sheets";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { browserAvailability, launchBrowser, startTestServer, watchPage, type Browser, type Page, type RunningServer } from "./harness.js";

const { available, reason } = browserAvailability();
const inCi = process.env.CI === "true";
if (!available && !inCi) console.warn(`browser tests skipped: ${reason}`);

const examples = new URL("../../../../examples/", import.meta.url);
const exampleText = readFileSync(new URL("romerike-2013.json", examples), "utf8");
const workbookPath = new URL("romerike-2013.xlsx", examples).pathname;
const csvFolder = new URL("romerike-2013-csv/", examples);
const csvFiles = () =>
  readdirSync(csvFolder)
    .filter((name) => name.endsWith(".csv"))
    .map((name) => ({ name, mimeType: "text/csv", buffer: readFileSync(new URL(name, csvFolder)) }));
const romerike = (): CohortInput => JSON.parse(exampleText) as CohortInput;
const jsonFile = (name: string, cohort: unknown) => ({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(cohort)) });

describe.runIf(!available && inCi)("the browser tests in CI", () => {
  it("have Chromium", () => {
    throw new Error(`CI=true but ${reason}`);
  });
});

describe.runIf(available)("the page in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(new URL("../../dist/index.html", import.meta.url))) throw new Error("the page is not built: run `npm run build` first");
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  const seenOn = new Map<Page, string[]>();

  /** A new page in a fresh context with the browser's language set to `locale`. */
  async function open(locale = "en-GB"): Promise<Page> {
    const context = await browser.newContext({ locale, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    seenOn.set(page, watchPage(page));
    await page.goto(`${server.url}/`);
    return page;
  }

  /** Closes the page, keeping what went wrong on it for afterEach, but for what the test expected. */
  async function close(page: Page, expected: readonly RegExp[] = []): Promise<void> {
    await page.context().close();
    problems.push(...(seenOn.get(page) ?? []).filter((p) => !expected.some((e) => e.test(p))));
  }

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

  /** The cell texts of a table's body rows. */
  const rowsOf = (page: Page, id: string) =>
    page.locator(`#${id} tbody tr`).evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell as HTMLElement).innerText.trim())));

  async function loadExampleAndSolve(page: Page): Promise<void> {
    await page.getByRole("button", { name: /Romerike 2013/ }).click();
    await page.locator("#summary-heading").waitFor();
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
  }

  it("loads the example, solves it and shows the plan by trainee, member, mentor and as a timeline", async () => {
    const page = await open();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("button", { name: "Load the Romerike 2013 example" }).click();
    await page.locator("#summary-heading").waitFor();
    expect(await focusedId(page)).toBe("summary-heading");
    expect(await page.locator("#load-notice").innerText()).toBe("Loaded Romerike 2013: 14 members, 8 trainees.");

    await page.getByRole("button", { name: "Make a plan" }).click();
    await page.locator("#plan-status").waitFor();
    expect(await focusedId(page)).toBe("plan-heading");
    expect(await page.locator("#plan-status").innerText()).toMatch(/^✓ The best possible plan \(proven optimal\)\. Total cost 42\.\d+ points\.$/);
    await expect.poll(() => page.locator("#announcer").innerText()).toMatch(/^Plan ready\. Total cost 42\.\d+ points\.$/);
    // Points, not kroner: what they are, with the cohort's weights.
    expect(await page.locator("#points-note").innerText()).toMatch(/^Costs are points, not money: .* per km between host and away member, .*A first choice gives 0\.$/);

    const cohort = romerike();
    const byTrainee = await rowsOf(page, "plan-by-trainee");
    expect(byTrainee.map((cells) => cells[0])).toEqual(cohort.trainees.map((t) => `${t.name} (${t.id})`));
    // Trainee, specialization, host, supervisor, mentor, three periods, cost, "Why?".
    for (const cells of byTrainee) expect(cells).toHaveLength(10);
    expect(byTrainee.map((cells) => cells[9])).toEqual(cohort.trainees.map(() => "Why?"));
    const emilie = byTrainee[0] ?? [];
    expect(emilie.slice(1, 3)).toEqual(["water", "Skedsmo kommune"]);
    // A period's dates once, in its column's header; a cell says only where.
    expect(emilie[5]).toBe("Skedsmo kommune");
    expect(await page.locator("#plan-by-trainee thead th").nth(5).innerText()).toBe("part-1\nat the host\n19 Aug 2013 – 18 Feb 2014");
    // Nora Amundsen is pinned to ØRAS IKS in part-2; Kristian Helle's forbidden mentor is not his.
    expect(byTrainee[2]?.[6]).toContain("ØRAS IKS");
    expect(byTrainee[3]?.[4]).not.toContain("Randi Holter");

    await page.getByRole("button", { name: "By member" }).click();
    expect(await page.getByRole("button", { name: "By member" }).getAttribute("aria-pressed")).toBe("true");
    const byMember = await rowsOf(page, "plan-by-member");
    expect(byMember).toHaveLength(cohort.members.length);
    expect(byMember.find((cells) => cells[0] === "Ullensaker kommune")?.[1]).toMatch(/^2 of 2 \(full\)/);
    const hosted = byMember.map((cells) => Number(/^(\d+) of/.exec(cells[1] ?? "")?.[1]));
    expect(hosted.reduce((a, b) => a + b, 0)).toBe(8);

    await page.getByRole("button", { name: "By mentor" }).click();
    const byMentor = await rowsOf(page, "plan-by-mentor");
    expect(byMentor).toHaveLength(8);
    expect(byMentor.map((cells) => Number(/^(\d+) of/.exec(cells[2] ?? "")?.[1])).reduce((a, b) => a + b, 0)).toBe(8);

    await page.getByRole("button", { name: "Timeline" }).click();
    const timeline = await rowsOf(page, "plan-timeline");
    expect(timeline).toHaveLength(3 + 6);
    expect(timeline[0]).toEqual(["19 Aug 2013 – 18 Feb 2014", "Period part-1, at the host", "Every trainee at their host"]);
    expect(timeline[1]?.slice(0, 2)).toEqual(["19 Aug 2013", "Gathering: Kick-off"]);
    expect(timeline.find((cells) => cells[1] === "Period part-2, away at another member")?.[2]).toContain("Nora Amundsen (t3): ØRAS IKS");
    await close(page);
  });

  it("reads the workbook template, solves it, and downloads the plan as XLSX, CSV and ICS that read back", async () => {
    const page = await open();
    await page.setInputFiles("#upload", workbookPath);
    await page.locator("#summary-heading").waitFor();
    expect(await page.locator("#load-notice").innerText()).toBe("Loaded romerike-2013.xlsx: 14 members, 8 trainees.");
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
    expect(await page.locator("#plan-status").innerText()).toMatch(/\(proven optimal\)\. Total cost 42\.\d+ points\.$/);
    const plan = await rowsOf(page, "plan-by-trainee");
    expect(plan).toHaveLength(8);

    /** Clicks a download button and gives the file's name and bytes. */
    const download = async (button: string) => {
      const [file] = await Promise.all([page.waitForEvent("download"), page.locator(`#${button}`).click()]);
      const path = await file.path();
      return { name: file.suggestedFilename(), bytes: readFileSync(path) };
    };

    // The workbook holds the plan's sheets and the cohort's: it reads back as the cohort.
    const xlsx = await download("download-xlsx");
    expect(xlsx.name).toBe("tekniske-tjenester-romerike-traineeprogram-2013-2015-plan.xlsx");
    const read = await readCohortWorkbook(new Uint8Array(xlsx.bytes));
    expect(read.ok ? validateCohort(read.cohort) : read.issues).toEqual([]);
    expect(read.cohort).toEqual((await readCohortWorkbook(new Uint8Array(readFileSync(workbookPath)))).cohort);
    expect(await page.locator("#download-notice").innerText()).toBe(`Downloaded ${xlsx.name}.`);

    // CSV for Excel with Norwegian settings: a byte order mark, semicolons, one row per trainee and period.
    await page.getByLabel("Separator").selectOption(";");
    const csv = await download("download-csv");
    expect(csv.name).toMatch(/-plan\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.toString("utf8").slice(1).trim().split(/\r?\n/);
    expect(lines[0]?.split(";").length).toBeGreaterThan(4);
    expect(lines).toHaveLength(1 + 8 * 3);
    expect(lines.some((line) => line.includes("Emilie Grønli") && line.includes("part-2"))).toBe(true);
    await page.getByLabel("File", { exact: true }).selectOption("plan-by-member.csv");
    const members = await download("download-csv");
    expect(members.name).toMatch(/-plan-by-member\.csv$/);
    expect(members.bytes.toString("utf8")).toContain("Ullensaker kommune");

    // The cohort calendar: each period's first and last day (where everyone is) and the
    // gatherings, not one bar per trainee and period; then one trainee's whole periods.
    const ics = await download("download-ics");
    const calendar = ics.bytes.toString("utf8");
    expect(calendar.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(calendar.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
    const events = (text: string) => text.split("BEGIN:VEVENT").length - 1;
    expect(events(calendar)).toBe(3 * 2 + 6);
    expect(calendar).toContain("Kick-off");
    await page.getByLabel("Calendar for").selectOption("t1");
    const one = await download("download-ics");
    expect(one.name).toMatch(/-t1\.ics$/);
    expect(events(one.bytes.toString("utf8"))).toBe(3 + 6);
    await close(page);
  });

  it("reads the CSV files, lists a sheet problem by sheet, row and column, and fixes it on the page", async () => {
    const page = await open("nb-NO");
    await page.setInputFiles("#upload", csvFiles());
    await page.locator("#summary-heading").waitFor();
    expect(await page.locator(".summary dd").allInnerTexts()).toEqual(expect.arrayContaining(["14", "8"]));

    const files = csvFiles().map((f) => (f.name === "trainees.csv" ? { ...f, buffer: Buffer.from(f.buffer.toString("utf8").replace(",water,", ",vann,")) } : f));
    await page.setInputFiles("#upload", files);
    await page.locator("#problems-heading").waitFor();
    expect(await page.locator("#problem-list li").allInnerTexts()).toEqual([
      "Traineer, rad 2, kolonne Spesialisering: 'vann' er ikke en spesialisering noe medlem tilbyr",
    ]);
    expect(await page.locator("#problem-list li strong").innerText()).toBe("Traineer, rad 2, kolonne Spesialisering");
    await page.getByLabel("spesialisering", { exact: true }).fill("water");
    await page.getByRole("button", { name: "Sjekk på nytt" }).click();
    await page.locator("#problems").waitFor({ state: "detached" });
    await page.locator("#solve-button").click();
    expect(await page.locator("#plan-status").innerText()).toContain("bevist optimal");
    // The browser logs every 4xx answer; the 422 of the broken files was the point.
    await close(page, [/status of 422/]);
  });

  it("offers the example workbook as a template", async () => {
    const page = await open();
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /example workbook/ }).click()]);
    expect(file.suggestedFilename()).toBe("romerike-2013.xlsx");
    expect(readFileSync(await file.path())).toEqual(readFileSync(workbookPath));
    await close(page);
  });

  it("speaks Norwegian to a Norwegian browser, switches language, and remembers the choice", async () => {
    const page = await open("nb-NO");
    expect(await page.locator("html").getAttribute("lang")).toBe("nb");
    expect(await page.locator("h2").first().innerText()).toBe("1. Kullet");
    await loadExampleAndSolve(page);
    expect(await page.locator("#plan-status").innerText()).toMatch(/^✓ Best mulige plan \(bevist optimal\)\. Samlet kostnad 42,\d+ poeng\.$/);
    expect(await page.locator("#points-note").innerText()).toMatch(/^Kostnadene er poeng, ikke kroner: .* per km mellom vert og bortested, /);
    expect(await page.locator("#plan-by-trainee thead th").nth(5).innerText()).toContain("19. aug. 2013 – 18. feb. 2014");

    const toEnglish = page.getByRole("button", { name: "In English" });
    expect(await toEnglish.getAttribute("lang")).toBe("en");
    await toEnglish.click();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await focusedId(page)).toBe("lang-switch");
    expect(await page.locator("#plan-heading").innerText()).toBe("3. The plan");
    expect(await page.locator("#plan-status").innerText()).toMatch(/Total cost 42\.\d+ points\.$/);
    await page.reload();
    expect(await page.locator("h2").first().innerText()).toBe("1. The cohort");
    await page.getByRole("button", { name: "På norsk" }).click();
    expect(await page.locator("h2").first().innerText()).toBe("1. Kullet");
    await close(page);
  });

  it("lists a JSON file's problems by place, in plain words, and fixes them on the page", async () => {
    const page = await open();
    const broken = romerike();
    (broken.members[1] as { hostCapacity: number }).hostCapacity = -1;
    (broken.people?.[0] as { capacity: number }).capacity = 1.5;
    await page.setInputFiles("#upload", jsonFile("broken.json", broken));
    await page.locator("#problems-heading").waitFor();
    expect(await focusedId(page)).toBe("problems-heading");
    expect(await page.locator("#problems-heading").innerText()).toBe("Problems to fix (2)");
    expect(await page.locator("#problem-list li").allInnerTexts()).toEqual([
      "Member Fet kommune, trainees it can host: must not be negative",
      "Person Per Arne Fossum (Skedsmo kommune), capacity: must be a whole number",
    ]);
    expect(await page.locator("#solve-button").isDisabled()).toBe(true);

    await page.getByLabel("trainees it can host").fill("1");
    await page.getByLabel("capacity", { exact: true }).fill("1");
    await page.getByRole("button", { name: "Check again" }).click();
    await page.locator("#problems").waitFor({ state: "detached" });
    expect(await focusedId(page)).toBe("solve-heading");
    await expect.poll(() => page.locator("#announcer").innerText()).toBe("Every problem is fixed. You can make a plan now.");
    await page.locator("#solve-button").click();
    expect(await page.locator("#plan-status").innerText()).toContain("proven optimal");

    // A reference to nothing, in Norwegian: the value, the words, and the service's English.
    await page.getByRole("button", { name: "På norsk" }).click();
    const unknown = romerike();
    (unknown.trainees[2] as { host?: string }).host = "nowhere";
    await page.setInputFiles("#upload", jsonFile("ukjent.json", unknown));
    await page.locator("#problems-heading").waitFor();
    expect(await page.locator("#problem-list li").allInnerTexts()).toEqual([
      'Trainee Nora Amundsen (t3), vert: «nowhere» viser til noe som ikke finnes i kullet. (no member has the id "nowhere")',
    ]);
    await page.getByLabel("vert").selectOption("roaf");
    await page.getByRole("button", { name: "Sjekk på nytt" }).click();
    await page.locator("#problems").waitFor({ state: "detached" });

    // Not JSON at all: the line and column.
    await page.setInputFiles("#upload", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{\n  "members": [,]\n}') });
    await expect.poll(() => page.locator("#load-notice").innerText()).toMatch(/^⚠ Filen kunne ikke leses: .*line 2, column 15/);
    // The browser logs every 4xx answer; this one was the point.
    await close(page, [/status of 400 \(Bad Request\)/]);
  });

  it("explains in plain words why there is no plan, and applies a suggested change", async () => {
    const page = await open();
    const short = romerike();
    short.people = (short.people ?? []).filter((p) => p.id !== "gjerdrum-mentor-1" && p.id !== "nannestad-mentor-1");
    for (const p of short.people) if (p.role === "mentor") p.capacity = 1;
    await page.setInputFiles("#upload", jsonFile("short.json", short));
    await page.locator("#summary-heading").waitFor();
    await page.locator("#solve-button").click();
    await page.locator("#diagnosis-heading").waitFor();
    expect(await page.locator("#plan-status").innerText()).toBe("✗ No plan satisfies every rule. Below is why, and what would help.");
    const items = await page.locator("#diagnosis-list > li").allInnerTexts();
    expect(items.some((text) => text.includes("Raise the capacity of mentor Svein Olav Berg (Lørenskog kommune) by 2 (from 1 to 3)"))).toBe(true);
    // Each suggested change is one button that says what it does.
    await page.getByRole("button", { name: "Change Person Svein Olav Berg (Lørenskog kommune), capacity from 1 to 3 and solve again" }).click();
    await expect.poll(() => page.locator("#plan-status").innerText()).toContain("proven optimal");
    expect(await focusedId(page)).toBe("plan-heading");
    await close(page);
  });

  it("adds a pin and a forbid, solves again, and removes them", async () => {
    const page = await open();
    await loadExampleAndSolve(page);
    await page.getByLabel("Trainee", { exact: true }).selectOption("t1");
    await page.getByLabel("Change", { exact: true }).selectOption("pin-placement");
    await page.getByLabel("Period", { exact: true }).selectOption("part-2");
    await page.getByLabel("Member", { exact: true }).selectOption("lorenskog");
    await page.getByRole("button", { name: "Add and solve again" }).click();
    await expect.poll(() => page.locator("#pin-list li").count()).toBe(2);
    await page.locator("#plan-status").waitFor();
    expect((await rowsOf(page, "plan-by-trainee"))[0]?.[6]).toContain("Lørenskog kommune");

    await page.getByLabel("Change", { exact: true }).selectOption("forbid-mentor");
    expect(await page.getByLabel("Period", { exact: true }).isVisible()).toBe(false);
    const mentorOfT1 = (await rowsOf(page, "plan-by-trainee"))[0]?.[4] ?? "";
    // People are named by name and employer, not by their internal ids: the option reads as the cell does.
    await page.getByLabel("Mentor", { exact: true }).selectOption({ label: mentorOfT1 });
    await page.getByRole("button", { name: "Add and solve again" }).click();
    await expect.poll(() => page.locator("#forbid-list li").count()).toBe(2);
    await page.locator("#plan-status").waitFor();
    expect((await rowsOf(page, "plan-by-trainee"))[0]?.[4]).not.toBe(mentorOfT1);

    await page.getByRole("button", { name: "Remove: Emilie Grønli (t1) is at Lørenskog kommune in part-2" }).click();
    await expect.poll(() => page.locator("#pin-list li").count()).toBe(1);
    await page.locator("#plan-status").waitFor();
    expect(await page.locator("#change-notice").innerText()).toBe("Removed: Emilie Grønli (t1) is at Lørenskog kommune in part-2.");
    await close(page);
  });

  it("works with the keyboard alone, with the focus always visible", async () => {
    const page = await open();
    await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe("skip-link");
    /** Presses Tab until the element with this id has the focus (at most 80 times: the page has a control per trainee row). */
    const tabTo = async (id: string) => {
      for (let i = 0; i < 80 && (await focusedId(page)) !== id; i++) await page.keyboard.press("Tab");
      expect(await focusedId(page)).toBe(id);
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
      expect(outline, `focus of #${id} is visible`).not.toBe("none");
    };
    await tabTo("load-example");
    await page.keyboard.press("Enter");
    await page.locator("#summary-heading").waitFor();
    expect(await focusedId(page)).toBe("summary-heading");
    await tabTo("solve-button");
    await page.keyboard.press("Enter");
    await page.locator("#plan-status").waitFor();
    expect(await focusedId(page)).toBe("plan-heading");
    await tabTo("view-member");
    await page.keyboard.press("Space");
    expect(await page.locator("#view-member").getAttribute("aria-pressed")).toBe("true");
    expect(await focusedId(page)).toBe("view-member");
    expect(await page.locator("#plan-by-member tbody tr").count()).toBe(14);
    await tabTo("lang-switch");
    await page.keyboard.press("Enter");
    expect(await page.locator("#view-heading").innerText()).toBe("Per medlem");
    await close(page);
  });

  it("names every control and region for screen readers, with headings in order", async () => {
    const page = await open();
    await loadExampleAndSolve(page);
    const report = await page.evaluate(() => {
      const unnamed = [...document.querySelectorAll("input, select, textarea")]
        .filter((el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
        .map((el) => el.id);
      const emptyButtons = [...document.querySelectorAll("button, a[href]")].filter((el) => (el.textContent ?? "").trim() === "" && !el.getAttribute("aria-label")).length;
      const regions = [...document.querySelectorAll("section")].map((s) => document.getElementById(s.getAttribute("aria-labelledby") ?? "")?.textContent ?? "");
      const levels = [...document.querySelectorAll("h1, h2, h3")].map((h) => Number(h.tagName[1]));
      const skips = levels.filter((level, i) => i > 0 && level > (levels[i - 1] ?? 1) + 1).length;
      const landmarks = ["header", "main", "footer"].filter((tag) => document.querySelector(tag) !== null);
      return { unnamed, emptyButtons, regions, firstLevel: levels[0], skips, landmarks, live: document.querySelectorAll("[aria-live]").length };
    });
    expect(report).toEqual({
      unnamed: [],
      emptyButtons: 0,
      regions: ["1. The cohort", "2. Make a plan", "3. The plan", "4. Pins and forbids", "5. Download", "6. Something changed"],
      firstLevel: 1,
      skips: 0,
      landmarks: ["header", "main", "footer"],
      live: 2,
    });
    await close(page);
  });

  it("solves a big cohort as a job, with progress, and stops it keeping the best plan", async () => {
    const page = await open();
    const big = generateCohort({ trainees: 600, members: 150, hosts: "chosen", seed: 7 });
    await page.setInputFiles("#upload", jsonFile("big.json", big));
    await page.locator("#summary-heading").waitFor();
    expect(await page.locator("#solve p").first().innerText()).toContain("600 trainees: a big cohort is solved as a job");
    await page.locator("#solve-button").click();
    expect(await focusedId(page)).toBe("cancel-button");
    await expect.poll(() => page.locator("#solve-progress").innerText(), { timeout: 60_000 }).toMatch(/^Best plan so far costs [\d,.]+; no plan can cost less than [\d,.]+ \(gap [\d.]+%\)\.$/);
    expect(await page.locator("#solve-elapsed").innerText()).toMatch(/^Running for [\d.]+ s\.$/);
    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => page.locator("#solve-progress").innerText()).toBe("Stopped. The best plan found before stopping is shown.");
    expect(await focusedId(page)).toBe("solve-button");
    expect(await page.locator("#plan-by-trainee tbody tr").count()).toBe(600);
    expect(await page.locator("#plan-status").innerText()).toContain("A valid plan, not proven to be the best.");
    await close(page);
  });
});

