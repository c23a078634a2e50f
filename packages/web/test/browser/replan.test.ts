/**
 * "Something changed" in a real browser, against the real service (see harness.ts): load the
 * cohort and the published plan, say what changed, set the date, re-plan, read the change list
 * and the highlights, ask "Why?", try an option, keep it, and download the workbook with its
 * Changes sheet. Each test opens a fresh context and fails on any script error, console error
 * or failed request, but for the 4xx answers it provokes on purpose.
 */
import { readFileSync } from "node:fs";
import { solveCohort, type CohortInput, type Plan } from "@rotamatch/core";
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { browserAvailability, launchBrowser, startTestServer, watchPage, type Browser, type Page, type RunningServer } from "./harness.js";

const { available } = browserAvailability();

const exampleText = readFileSync(new URL("../../../../examples/romerike-2013.json", import.meta.url), "utf8");
const romerike = (): CohortInput => JSON.parse(exampleText) as CohortInput;
const jsonFile = (name: string, value: unknown) => ({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(value)) });

/** The published plan: Romerike 2013 solved in process, as `rotamatch solve --format json` writes it. */
function publishedPlan(): Plan {
  const solved = solveCohort(romerike(), { timeLimitMs: 20_000 });
  if (!solved.ok) throw new Error("Romerike 2013 does not solve");
  return solved.plan;
}

/** The sheet names of an XLSX file, from its workbook part. */
function sheetNames(bytes: Uint8Array): string[] {
  const workbook = strFromU8(unzipSync(bytes)["xl/workbook.xml"] ?? new Uint8Array());
  return [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1] ?? "");
}

describe.runIf(available)("something changed, in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let plan: Plan;
  const problems: string[] = [];
  const seenOn = new Map<Page, string[]>();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    plan = publishedPlan();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  async function open(locale = "en-GB"): Promise<Page> {
    const context = await browser.newContext({ locale, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    seenOn.set(page, watchPage(page));
    await page.goto(`${server.url}/`);
    return page;
  }

  async function close(page: Page, expected: readonly RegExp[] = []): Promise<void> {
    await page.context().close();
    problems.push(...(seenOn.get(page) ?? []).filter((p) => !expected.some((e) => e.test(p))));
  }

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");
  const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();

  /** Loads the example cohort and then the published plan as a JSON file. */
  async function loadCohortAndPlan(page: Page, published: unknown = plan): Promise<void> {
    await page.locator("#load-example").click();
    await page.locator("#summary-heading").waitFor();
    await page.setInputFiles("#plan-upload", jsonFile("plan.json", published));
    await page.locator("#leaver").waitFor();
  }

  it("re-plans after a trainee leaves and a mentor goes, shows the changes and marks them, explains, tries, keeps, and downloads", async () => {
    const page = await open();
    await loadCohortAndPlan(page);
    expect(await focusedId(page)).toBe("published-heading");
    expect(await page.locator("#published-summary").innerText()).toMatch(/^Published plan: plan\.json, 8 trainees, total cost 42\.\d+\.$/);
    // The published plan is shown as it is, with no changes yet.
    expect(await page.locator("#plan-by-trainee tbody tr").count()).toBe(8);
    expect(await page.locator("#change-list-heading").count()).toBe(0);

    // Jørgen Løken (t6) quits; Nora Amundsen's (t3) mentor leaves too.
    const noraMentor = plan.assignments.find((a) => a.trainee === "t3")?.mentor ?? "";
    const people = new Map((romerike().people ?? []).map((p) => [p.id, p]));
    await page.locator("#leaver").selectOption("t6");
    await page.locator("#leaver-button").click();
    await page.locator("#person-gone").selectOption(noraMentor);
    await page.locator("#person-gone-button").click();
    expect(await texts(page, "#cohort-edits li")).toEqual([
      "Jørgen Løken has left the programme.",
      `${people.get(noraMentor)?.name}, ${romerike().members.find((m) => m.id === people.get(noraMentor)?.member)?.name} is no longer in the cohort.`,
    ]);
    // A capacity changed too: edited in place, listed, no re-render needed.
    await page.locator("#edit-entry").selectOption({ label: "Member Fet kommune" });
    await page.getByLabel("trainees it can host", { exact: true }).fill("2");
    await page.getByLabel("trainees it can host", { exact: true }).dispatchEvent("change");
    expect(await page.locator("#replan-notice").innerText()).toBe("Member Fet kommune, trainees it can host: 1 → 2");

    // The date: today is outside 2013-2015, so it starts clamped to the programme's last day; set 1 March 2014.
    expect(await page.locator("#as-of").inputValue()).toBe("2015-02-18");
    await page.locator("#as-of").fill("2014-03-01");
    await page.getByRole("button", { name: "Re-plan" }).click();
    await page.locator("#change-list-heading").waitFor();
    expect(await focusedId(page)).toBe("change-list-heading");
    await expect.poll(() => page.locator("#announcer").innerText()).toMatch(/^Re-planned: \d+ changes\.$/);

    const changes = await texts(page, "#change-list li");
    const fet = plan.assignments.find((a) => a.trainee === "t6");
    const named = (id: string | null | undefined) => {
      const person = people.get(id ?? "");
      return `${person?.name}, ${romerike().members.find((m) => m.id === person?.member)?.name}`;
    };
    expect(changes).toEqual(
      expect.arrayContaining([
        "Jørgen Løken: host Fet kommune → none (left the programme)",
        `Jørgen Løken: supervisor ${named(fet?.supervisor)} → none (left the programme)`,
        `Jørgen Løken: mentor ${named(fet?.mentor)} → none (left the programme)`,
      ]),
    );
    const nora = changes.find((line) => line.startsWith("Nora Amundsen: mentor "));
    expect(nora).toMatch(new RegExp(`^Nora Amundsen: mentor ${named(noraMentor)} → .+ \\(the old choice is no longer possible\\)$`));
    expect(changes.every((line) => !/ → .*\b(t\d|[a-z]+-mentor-\d)\b/.test(line))).toBe(true);

    // Highlights: Nora's mentor cell by trainee, her new mentor's row by mentor, its member by member.
    const rows = await page.locator("#plan-by-trainee tbody tr").evaluateAll((trs) => trs.map((tr) => (tr.querySelector("th") as HTMLElement).innerText));
    expect(rows).not.toContain("Jørgen Løken (t6)");
    const noraRow = page.locator("#plan-by-trainee tbody tr", { hasText: "Nora Amundsen (t3)" });
    expect(await noraRow.locator("td:nth-child(5) .changed").innerText()).toMatch(/^◆ .+\s\(changed\)$/);
    expect(await noraRow.locator("td:nth-child(3) .changed").count()).toBe(0);
    await page.getByRole("button", { name: "By mentor" }).click();
    expect(await page.locator("#plan-by-mentor .changed").count()).toBeGreaterThanOrEqual(1);
    await page.getByRole("button", { name: "By member" }).click();
    expect(await page.locator("#plan-by-member .changed").count()).toBeGreaterThanOrEqual(2);
    await page.getByRole("button", { name: "Timeline" }).click();
    expect(await page.locator("#plan-timeline .changed").count()).toBeGreaterThanOrEqual(1);
    await page.getByRole("button", { name: "By trainee" }).click();

    // Why? for Kristian Helle (t4), who wished Skedsmo for part 2.
    await page.getByRole("button", { name: "Why? Kristian Helle (t4)" }).click();
    await page.locator("#why-text").waitFor();
    expect(await focusedId(page)).toBe("why-heading");
    expect(await page.locator("#why-heading").innerText()).toBe("Why: Kristian Helle (t4)");
    const options = await texts(page, "#why-options > li");
    expect(options.length).toBeGreaterThan(0);
    expect(options.some((text) => text.includes("Skedsmo kommune"))).toBe(true);
    await expect.poll(() => page.locator("#announcer").innerText()).toMatch(/^Explanation for Kristian Helle \(t4\): \d+ options?\.$/);

    // Try the first possible option, then keep it.
    const tryButton = page.getByRole("button", { name: /^Try this: option \d+$/ }).first();
    await tryButton.click();
    await page.locator("#whatif-delta").waitFor();
    expect(await focusedId(page)).toBe("whatif-heading");
    expect(await page.locator("#whatif-delta").innerText()).toMatch(/^The total cost would (rise by [\d.]+|fall by [\d.]+|stay the same)\.$/);
    const others = await page.locator("#whatif-changes li").count();
    await page.getByRole("button", { name: "Keep this plan" }).click();
    await page.locator("#change-list-heading").waitFor();
    expect(await focusedId(page)).toBe("change-list-heading");
    const kept = await texts(page, "#change-list li");
    expect(kept).toHaveLength(others + 1);
    expect(kept.filter((line) => line.endsWith("(the old choice is no longer possible)"))).toEqual([expect.stringMatching(/^Kristian Helle: /)]);
    expect(await page.locator("#why").count()).toBe(0);

    // The workbook of the kept plan has its Changes sheet, and reads back as the cohort as now.
    const downloaded = page.waitForEvent("download");
    await page.locator("#download-xlsx").click();
    await expect.poll(() => page.locator("#download-notice").innerText(), { timeout: 60_000 }).toMatch(/^Downloaded .+-plan\.xlsx\.$/);
    const bytes = new Uint8Array(readFileSync(await (await downloaded).path()));
    expect(sheetNames(bytes)).toContain("Changes");
    // Its calendar: the events of Kristian Helle's moved placement carry a SEQUENCE above 0.
    const calendar = page.waitForEvent("download");
    await page.locator("#download-ics").click();
    const ics = readFileSync(await (await calendar).path(), "utf8");
    expect(ics).toMatch(/\r\nSEQUENCE:[1-9]\d*\r\n/);
    await close(page);
  });

  it("in Norwegian: uses the plan just made as the published one, a mentor leaves, and a date outside the programme is a problem in words", async () => {
    const page = await open("nb-NO");
    await page.locator("#load-example").click();
    await page.locator("#summary-heading").waitFor();
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
    await page.getByRole("button", { name: "Bruk denne planen som den publiserte" }).click();
    expect(await focusedId(page)).toBe("replan-heading");
    expect(await page.locator("#published-summary").innerText()).toMatch(/^Publisert plan: planen som ble laget på denne siden, 8 trainees, totalkostnad 42,\d+\.$/);
    expect(await page.locator("#use-as-published").count()).toBe(0);

    await page.getByLabel("Fagveileder eller mentor").selectOption("oras-mentor-1");
    await page.getByRole("button", { name: "Fjern personen" }).click();
    await page.getByLabel("Endringer fra").fill("2020-01-01");
    await page.getByRole("button", { name: "Planlegg på nytt" }).click();
    await page.locator("#replan-issues").waitFor();
    expect(await focusedId(page)).toBe("replan-issues-heading");
    expect(await texts(page, "#replan-issues li")).toEqual([
      expect.stringMatching(/^Datoen endringene gjelder fra: «2020-01-01» datoen ligger utenfor programmets perioder\. \(2020-01-01 is outside the programme/),
    ]);

    await page.getByLabel("Endringer fra").fill("2014-03-01");
    await page.getByRole("button", { name: "Planlegg på nytt" }).click();
    await page.locator("#change-list-heading").waitFor();
    expect(await page.locator("#change-list-heading").innerText()).toBe("Endringer (1)");
    expect(await texts(page, "#change-list li")).toEqual([
      expect.stringMatching(/^Nora Amundsen: mentor [^,]+, ØRAS IKS → [^,]+, .+ \(det gamle valget er ikke lenger mulig\)$/),
    ]);
    expect(await page.locator("#plan-status").innerText()).toMatch(/bevist optimal/);
    expect(await page.locator("#replan-issues").count()).toBe(0);
    // The re-planned plan can in turn be published.
    expect(await page.getByRole("button", { name: "Bruk denne planen som den publiserte" }).count()).toBe(1);

    // "Hvorfor?" in Norwegian; switching the language asks the service again, in English.
    await page.getByRole("button", { name: "Hvorfor? Kristian Helle (t4)" }).click();
    await page.locator("#why-text").waitFor();
    expect(await page.locator("#why-heading").innerText()).toBe("Hvorfor: Kristian Helle (t4)");
    expect((await texts(page, "#why-options > li")).some((text) => text.includes("Å gi Kristian Helle"))).toBe(true);
    expect(await page.locator("#why").getAttribute("lang")).toBe("nb");
    await page.locator("#lang-switch").click();
    await expect.poll(() => page.locator("#why").getAttribute("lang")).toBe("en");
    expect((await texts(page, "#why-options > li")).some((text) => text.includes("Giving Kristian Helle"))).toBe(true);
    expect(await focusedId(page)).toBe("lang-switch");
    await close(page, [/status of 422/]);
  });

  it("names the problem of a published plan that does not fit the cohort by its place, and refuses a file that is no plan", async () => {
    const page = await open();
    await page.locator("#load-example").click();
    await page.locator("#summary-heading").waitFor();
    await page.setInputFiles("#plan-upload", jsonFile("notes.json", { hello: "world" }));
    await expect.poll(() => page.locator("#replan-notice").innerText()).toBe("⚠ notes.json is not a rotamatch plan: it has no list of assignments.");
    expect(await page.locator("#leaver").count()).toBe(0);

    const broken = structuredClone(plan);
    const kristian = broken.assignments.findIndex((a) => a.trainee === "t4");
    // A placement in a period the programme does not have: the plan is not this cohort's.
    (broken.assignments[kristian]?.placements[1] as { period: string }).period = "part-9";
    await page.setInputFiles("#plan-upload", jsonFile("plan.json", broken));
    await page.getByRole("button", { name: "Re-plan" }).click();
    await page.locator("#replan-issues").waitFor();
    const issues = await texts(page, "#replan-issues li");
    expect(issues).toEqual([expect.stringMatching(/^Published plan, Trainee Kristian Helle \(t4\), placements, period: The programme has no period "part-9"/)]);
    expect(await page.locator("#replan-notice").innerText()).toBe("⚠ The re-plan cannot be made: 1 problem, listed below.");
    await close(page, [/status of 422/]);
  });

  it("adds a trainee who joins late, planned in full by the re-plan", async () => {
    const page = await open();
    await loadCohortAndPlan(page);
    await page.getByLabel("Name", { exact: true }).fill("Nina Dahl");
    await page.getByLabel("Specialization", { exact: true }).selectOption("water");
    await page.getByRole("button", { name: "Add the trainee" }).click();
    expect(await texts(page, "#cohort-edits li")).toEqual(["Nina Dahl (t9) joins the programme."]);
    await page.locator("#as-of").fill("2013-08-19");
    await page.getByRole("button", { name: "Re-plan" }).click();
    await page.locator("#change-list-heading").waitFor();
    const changes = await texts(page, "#change-list li");
    expect(changes.filter((line) => line.startsWith("Nina Dahl: "))).toHaveLength(4);
    expect(changes.filter((line) => line.startsWith("Nina Dahl: ")).every((line) => line.endsWith("(new in the programme)"))).toBe(true);
    const nina = page.locator("#plan-by-trainee tbody tr", { hasText: "Nina Dahl (t9)" });
    expect(await nina.locator(".changed").count()).toBe(3 + 3);
    await close(page);
  });

  // Needs POST /v1/import/plan (the plan workbook's import, added to the service in parallel
  // with this page): without the route the page says so, and this test fails on that message.
  it("loads the published plan from its workbook", async () => {
    const page = await open();
    await page.locator("#load-example").click();
    await page.locator("#summary-heading").waitFor();
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
    const [file] = await Promise.all([page.waitForEvent("download"), page.locator("#download-xlsx").click()]);
    await page.setInputFiles("#plan-upload", { name: "published.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: readFileSync(await file.path()) });
    await page.locator("#published-heading").waitFor();
    await expect.poll(() => page.locator("#replan-notice").innerText()).toBe("Loaded the published plan published.xlsx.");
    expect(await page.locator("#published-summary").innerText()).toMatch(/^Published plan: published\.xlsx, 8 trainees, total cost 42\.\d+\.$/);
    await close(page);
  });
});
