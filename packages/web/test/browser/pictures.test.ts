/**
 * The pictures in a real browser (issue 15): the timeline (rows by trainee and by member,
 * gatherings, the filter, the sticky month header and name column, changes marked), the
 * capacity bars and summary figures, and the map (a member's load on keyboard focus and on
 * hover, names on focus, the table beside it), at Romerike 2013 and at a generated cohort of
 * 300 trainees, in English and Norwegian, with no part of the page wider than the window.
 *
 * The 300-trainee plan is solved here in Node (and checked by the core's verifier) and given
 * to the page as the published plan (section 6), so the test does not wait for a job.
 * Skipped, with the reason, where /usr/bin/chromium is missing; with CI=true that fails instead.
 */
import { existsSync } from "node:fs";
import { generateCohort, solveCohort, verifyPlan, type CohortInput, type Plan } from "@rotamatch/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { matchesFilter, timelineLayout } from "../../src/timeline-layout.js";
import { browserAvailability, launchBrowser, startTestServer, watchPage, type Browser, type Page, type RunningServer } from "./harness.js";

const { available, reason } = browserAvailability();
const inCi = process.env.CI === "true";
if (!available && !inCi) console.warn(`browser tests skipped: ${reason}`);

const jsonFile = (name: string, value: unknown) => ({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(value)) });

describe.runIf(!available && inCi)("the picture tests in CI", () => {
  it("have Chromium", () => {
    throw new Error(`CI=true but ${reason}`);
  });
});

describe.runIf(available)("the pictures in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  const problems: string[] = [];
  const seenOn = new Map<Page, string[]>();
  /** A generated network of 300 trainees and 100 members, and a plan for it that the verifier accepts. */
  let big: { cohort: CohortInput; plan: Plan };

  beforeAll(async () => {
    if (!existsSync(new URL("../../dist/index.html", import.meta.url))) throw new Error("the page is not built: run `npm run build` first");
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const cohort = generateCohort({ trainees: 300, members: 100, hosts: "chosen", seed: 15 });
    const solved = solveCohort(cohort, { timeLimitMs: 5_000 });
    if (!solved.ok) throw new Error(`the generated cohort is invalid: ${JSON.stringify(solved.issues)}`);
    expect(["optimal", "feasible"]).toContain(solved.plan.status);
    expect(verifyPlan(cohort, solved.plan).ok).toBe(true);
    big = { cohort, plan: solved.plan };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  async function open(locale = "en-GB", viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await (await browser.newContext({ locale, viewport })).newPage();
    seenOn.set(page, watchPage(page));
    await page.goto(`${server.url}/`);
    return page;
  }

  async function close(page: Page): Promise<void> {
    await page.context().close();
    problems.push(...(seenOn.get(page) ?? []));
  }

  async function solveExample(page: Page): Promise<void> {
    await page.locator("#load-example").click();
    await page.locator("#summary-heading").waitFor();
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
  }

  /** The big cohort, then its plan as the published plan: shown in section 3 as it is. */
  async function loadBig(page: Page): Promise<void> {
    await page.setInputFiles("#upload", jsonFile("big.json", big.cohort));
    await page.locator("#summary-heading").waitFor();
    await page.setInputFiles("#plan-upload", jsonFile("plan.json", big.plan));
    await page.locator("#plan-status").waitFor();
  }

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");
  /** How far the page itself scrolls sideways: 0 when nothing is wider than the window. */
  const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const visibleRows = (page: Page) => page.locator("#timeline tbody tr:not([hidden])").count();

  it("draws Romerike 2013 as a timeline by trainee and by member, with gatherings, and filters it", async () => {
    const page = await open();
    await solveExample(page);
    await page.locator("#view-timeline").click();
    expect(await focusedId(page)).toBe("view-timeline");
    const rows = page.locator("#timeline tbody tr");
    expect(await rows.count()).toBe(8);
    // Emilie Grønli: Skedsmo, away at Lørenskog (or wherever the plan sends her), Skedsmo; blocks side by side, the away one striped.
    const emilie = rows.first();
    expect(await emilie.locator("th").innerText()).toBe("Emilie Grønli (t1)\nwater");
    const blocks = emilie.locator(".tl-block");
    expect(await blocks.count()).toBe(3);
    // The name is shown; screen readers get the period and dates as well.
    expect(await blocks.nth(0).locator('span[aria-hidden="true"]').innerText()).toBe("Skedsmo kommune");
    expect(await blocks.nth(0).locator(".visually-hidden").innerText()).toBe("Skedsmo kommune, part-1 at the host, 19 Aug 2013 – 18 Feb 2014");
    expect(await blocks.nth(0).getAttribute("title")).toBe("Skedsmo kommune, part-1 at the host, 19 Aug 2013 – 18 Feb 2014");
    expect(await blocks.nth(1).getAttribute("class")).toBe("tl-block tl-away");
    const boxes = await blocks.evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, width: r.width })));
    expect(boxes[1]?.left).toBeGreaterThanOrEqual((boxes[0]?.right ?? 0) - 1);
    expect(boxes[2]?.left).toBeGreaterThanOrEqual((boxes[1]?.right ?? 0) - 1);
    // Six months each: the three blocks are (nearly) equally long.
    expect(Math.abs((boxes[0]?.width ?? 0) - (boxes[2]?.width ?? 0))).toBeLessThan(4);
    // The axis: 19 months from August 2013 to February 2015, and the six gatherings, named for screen readers.
    expect(await page.locator("#timeline .tl-month").count()).toBe(19);
    expect(await page.locator("#timeline .tl-year").allInnerTexts()).toEqual(["2013", "2014", "2015"]);
    const gatherings = await page.locator("#timeline .tl-gathering .visually-hidden").allInnerTexts();
    expect(gatherings).toHaveLength(6);
    expect(gatherings[0]).toBe("Gathering: Kick-off, 19 Aug 2013");
    // The periods and gatherings table stays below the picture.
    expect(await page.locator("#plan-timeline tbody tr").count()).toBe(9);
    // Nothing changed, so the key has no ◆.
    expect(await page.locator(".timeline-legend li").allInnerTexts()).toEqual(["At the host", "Away", "Gathering"]);
    expect(await sideways(page)).toBe(0);

    // The filter hides rows as one types, keeps the focus, and says how many are shown.
    await page.getByLabel("Filter by name, member or specialization").fill("skedsmo");
    expect(await focusedId(page)).toBe("timeline-filter");
    expect(await visibleRows(page)).toBe(2);
    expect(await page.locator("#timeline-shown").innerText()).toBe("Showing 2 of 8 trainees.");
    await page.getByLabel("Filter by name, member or specialization").fill("project-management");
    expect(await page.locator("#timeline tbody tr:not([hidden]) th").innerText()).toBe("Thea Bergersen (t7)\nproject-management");
    await page.getByLabel("Filter by name, member or specialization").fill("");
    expect(await visibleRows(page)).toBe(8);

    // By member: who is where, when; Ullensaker hosts two at once, so two lanes.
    await page.locator("#timeline-rows-member").click();
    expect(await focusedId(page)).toBe("timeline-rows-member");
    expect(await page.locator("#timeline-rows-member").getAttribute("aria-pressed")).toBe("true");
    expect(await rows.count()).toBe(14);
    const ullensaker = page.locator("#timeline tbody tr", { has: page.locator("th", { hasText: "Ullensaker kommune" }) });
    expect(await ullensaker.locator(".tl-lane").count()).toBe(2);
    expect(await ullensaker.locator('.tl-block span[aria-hidden="true"]').first().innerText()).toMatch(/\(t\d\)$/);
    // A member no one is placed with says so.
    expect(await page.locator("#timeline tbody tr", { has: page.locator("th", { hasText: "Nittedal kommune" }) }).locator(".tl-none").innerText()).toBe("No one placed here");
    await page.getByLabel("Filter by name, member or specialization").fill("Emilie");
    // Her host and her away member.
    expect(await visibleRows(page)).toBe(2);
    expect(await page.locator("#timeline-shown").innerText()).toBe("Showing 2 of 14 members.");
    await close(page);
  });

  it("shows capacity as bars, a full member in green, and the summary figures", async () => {
    const page = await open();
    await solveExample(page);
    await page.locator("#view-member").click();
    const ullensaker = page.locator("#plan-by-member tbody tr", { has: page.locator("th", { hasText: "Ullensaker kommune" }) });
    expect(await ullensaker.locator("td").first().innerText()).toMatch(/^2 of 2 \(full\) ✓\n/);
    const full = ullensaker.locator("td").first();
    expect(await full.locator(".load").evaluate((el) => getComputedStyle(el).color)).toBe("rgb(17, 99, 41)");
    // The bar is as wide as its box when full, and empty at 0 of 1.
    const fill = (cell: ReturnType<Page["locator"]>) =>
      cell.locator(".bar").evaluate((bar) => (bar.firstElementChild as HTMLElement).getBoundingClientRect().width / bar.getBoundingClientRect().width);
    expect(await fill(full)).toBeGreaterThan(0.95);
    const nittedal = page.locator("#plan-by-member tbody tr", { has: page.locator("th", { hasText: "Nittedal kommune" }) });
    expect(await nittedal.locator("td").first().innerText()).toMatch(/^0 of 1\n/);
    expect(await fill(nittedal.locator("td").first())).toBe(0);
    expect(await page.locator("#plan-by-member .bar").count()).toBe(14 * 2);
    const terms = await page.locator("#plan-figures dt").allInnerTexts();
    const values = await page.locator("#plan-figures dd").allInnerTexts();
    expect(terms[0]).toBe("Host at first choice");
    expect(values[terms.indexOf("Away placements at first choice")]).toMatch(/^\d of 8 \([\d.]+%\)$/);
    expect(values[terms.indexOf("Average travel, host to away")]).toMatch(/^[\d.]+ km$/);
    expect(values[terms.indexOf("Longest travel")]).toMatch(/^[\d.]+ km \(.+ \(t\d\)\)$/);
    await close(page);
  });

  it("draws the map: a member's load on keyboard focus and on hover, names on focus, and the table", async () => {
    const page = await open();
    await solveExample(page);
    await page.locator("#view-map").click();
    const map = page.getByRole("group", { name: "Map of the members and the away moves" });
    expect(await map.locator(".map-member").count()).toBe(14);
    // One line per pair of host and away member, eight trainees in all.
    const titles = await page.locator("#map .map-move title").allTextContents();
    expect(titles.map((t) => Number(/: (\d+) trainees?$/.exec(t)?.[1])).reduce((a, b) => a + b, 0)).toBe(8);
    expect(await page.locator("#map-detail").innerText()).toBe("Point at a member or move to it with Tab to see its load.");

    // Keyboard: from the view button, Tab goes to the first member.
    await page.locator("#view-map").focus();
    await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe("map-member-aurskog-holand");
    expect(await page.locator("#map-detail").innerText()).toBe("Aurskog-Høland kommune: hosts 0 of 0; visitors part-2 0 of 1; sends 0 away, receives 0.");
    expect(await page.locator("#map .map-label").textContent()).toBe("Aurskog-Høland kommune");
    for (let i = 0; i < 10; i++) await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe("map-member-ullensaker");
    expect(await page.locator("#map-detail").innerText()).toMatch(/^Ullensaker kommune: hosts 2 of 2 \(full\); visitors part-2 [01] of 1.*; sends 2 away, receives [01]\.$/);
    expect(await page.locator("#map-member-ullensaker").getAttribute("aria-label")).toBe(await page.locator("#map-detail").innerText());
    // Its lines stand out.
    expect(await page.locator("#map .map-move.active").count()).toBeGreaterThanOrEqual(2);
    await page.keyboard.press("Shift+Tab");
    expect(await focusedId(page)).toBe("map-member-sorum-kt");

    // Hover shows the same.
    await page.locator("#map-member-skedsmo .map-point").hover();
    expect(await page.locator("#map-detail").innerText()).toMatch(/^Skedsmo kommune: hosts /);

    // Every point inside the drawing, and the drawing inside the window.
    const inside = await page.evaluate(() => {
      const svg = document.getElementById("map") as unknown as SVGSVGElement;
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll(".map-point")].every((c) => {
        const r = c.getBoundingClientRect();
        return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
      }) && box.right <= window.innerWidth;
    });
    expect(inside).toBe(true);

    // The table alternative.
    const table = await page.locator("#map-table tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText.trim())));
    expect(table).toHaveLength(14);
    expect(table.find((cells) => cells[0] === "Ullensaker kommune")?.[1]).toMatch(/^2 of 2 \(full\)/);
    expect(table.find((cells) => cells[0] === "Ullensaker kommune")?.[3]).toMatch(/: 1 trainee\n.+: 1 trainee$/);
    expect(await sideways(page)).toBe(0);
    await close(page);
  });

  it("marks in the timeline the placement a kept what-if changed", async () => {
    const page = await open();
    await solveExample(page);
    await page.getByRole("button", { name: "Why? Kristian Helle (t4)" }).click();
    await page.locator("#why-text").waitFor();
    await page.getByRole("button", { name: /^Try this: option \d+$/ }).first().click();
    await page.locator("#whatif-delta").waitFor();
    await page.getByRole("button", { name: "Keep this plan" }).click();
    await page.locator("#change-list-heading").waitFor();
    await page.locator("#view-timeline").click();
    const kristian = page.locator("#timeline tbody tr", { has: page.locator("th", { hasText: "Kristian Helle (t4)" }) });
    expect(await kristian.locator(".tl-changed").count()).toBeGreaterThanOrEqual(1);
    expect(await kristian.locator(".tl-changed .visually-hidden").first().innerText()).toMatch(/ \(changed\)$/);
    expect(await kristian.locator(".tl-changed .changed-sign").first().innerText()).toMatch(/^◆\s*$/);
    expect(await page.locator(".timeline-legend li").allInnerTexts()).toEqual(["At the host", "Away", "Gathering", "Changed (◆)"]);
    await close(page);
  });

  it("speaks Norwegian in the pictures", async () => {
    const page = await open("nb-NO");
    await solveExample(page);
    await page.locator("#view-timeline").click();
    expect(await page.locator("#timeline-rows-trainee").innerText()).toContain("En rad per trainee");
    expect(await page.locator("#timeline-shown").innerText()).toBe("Viser 8 av 8 traineer.");
    expect(await page.locator("#timeline tbody tr .tl-block").first().getAttribute("title")).toBe("Skedsmo kommune, part-1 hos verten, 19. aug. 2013 – 18. feb. 2014");
    await page.locator("#view-map").click();
    expect(await page.locator("#view-map").innerText()).toContain("Kart");
    await page.locator("#map-member-ullensaker").focus();
    expect(await page.locator("#map-detail").innerText()).toMatch(/^Ullensaker kommune: vert for 2 av 2 \(fullt\); besøkende part-2 [01] av 1/);
    await page.locator("#view-member").click();
    expect(await page.locator("#plan-figures h4").innerText()).toBe("Nøkkeltall");
    expect(await page.locator("#plan-figures dt").first().innerText()).toBe("Vert etter førstevalg");
    await close(page);
  });

  it("stays readable at 300 trainees: sticky header and names, the filter, the map's focus, nothing wider than the window", async () => {
    const page = await open();
    await loadBig(page);
    await page.locator("#view-timeline").click();
    expect(await page.locator("#timeline tbody tr").count()).toBe(300);
    expect(await page.locator("#timeline-shown").innerText()).toBe("Showing 300 of 300 trainees.");
    expect(await sideways(page)).toBe(0);

    // The scroll box is at most 70 % of the window high; scrolled down, the month header stays at its top.
    const scroll = page.locator(".timeline-scroll");
    const height = await scroll.evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeLessThanOrEqual(900 * 0.7 + 1);
    await scroll.evaluate((el) => el.scrollTo(0, 4000));
    const [boxTop, headTop, firstRowTop] = await page.evaluate(() => [
      document.querySelector(".timeline-scroll")?.getBoundingClientRect().top ?? NaN,
      document.querySelector("#timeline thead th")?.getBoundingClientRect().top ?? NaN,
      document.querySelector("#timeline tbody tr")?.getBoundingClientRect().top ?? NaN,
    ]);
    expect(Math.abs((headTop ?? 0) - (boxTop ?? 0))).toBeLessThanOrEqual(2);
    expect(firstRowTop).toBeLessThan((boxTop ?? 0) - 1000);

    // The filter: a member's name finds the trainees it hosts or receives, as the layout says.
    const layout = timelineLayout(big.cohort, big.plan);
    const member = big.cohort.members[3]?.name ?? "";
    const expected = layout.trainees.filter((t) => matchesFilter(t.search, member)).length;
    expect(expected).toBeGreaterThan(0);
    await page.getByLabel("Filter by name, member or specialization").fill(member);
    expect(await visibleRows(page)).toBe(expected);
    expect(await page.locator("#timeline-shown").innerText()).toBe(`Showing ${expected} of 300 trainees.`);

    // The map: 100 members, names only on focus; focus shows the load.
    await page.locator("#view-map").click();
    expect(await page.locator("#map .map-member").count()).toBe(big.cohort.members.filter((m) => m.location !== undefined).length);
    expect(await page.locator("#map .map-member.named").count()).toBe(0);
    await page.locator("#view-map").focus();
    await page.keyboard.press("Tab");
    const first = await focusedId(page);
    expect(first).toMatch(/^map-member-/);
    const name = big.cohort.members.find((m) => `map-member-${m.id}` === first)?.name ?? "?";
    expect(await page.locator("#map-detail").innerText()).toMatch(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: hosts \\d+ of \\d+`));
    expect(await page.locator("#map .map-label").textContent()).toBe(name);
    expect(await page.locator("#map-table tbody tr").count()).toBe(100);
    expect(await sideways(page)).toBe(0);
    await close(page);
  });

  it("keeps the timeline inside a phone's width, the names sticky when it scrolls sideways", async () => {
    const page = await open("en-GB", { width: 390, height: 800 });
    await solveExample(page);
    await page.locator("#view-timeline").click();
    const scroll = page.locator(".timeline-scroll");
    expect(await scroll.evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    // The table is wider than the phone: it scrolls inside its box, and the name column stays.
    expect(await scroll.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await scroll.evaluate((el) => el.scrollTo(300, 0));
    const [boxLeft, nameLeft] = await page.evaluate(() => [
      document.querySelector(".timeline-scroll")?.getBoundingClientRect().left ?? NaN,
      document.querySelector("#timeline tbody th")?.getBoundingClientRect().left ?? NaN,
    ]);
    expect(Math.abs((nameLeft ?? 0) - (boxLeft ?? 0))).toBeLessThanOrEqual(2);
    await page.locator("#view-map").click();
    expect(await page.locator("#map").evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    await close(page);
  });
});
