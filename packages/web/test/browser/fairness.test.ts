/**
 * Fair over the years (issue 13) in a real browser, against the real service (harness.ts): load
 * Romerike 2013, add the 2011 plan as history (a plan file read in the page, named from its
 * file; and the plan workbook through `POST /v1/import/plan`), set the reciprocity weight,
 * solve, read the warnings about ids the 2013 cohort does not know, and the "Fordeling over år"
 * chart: two stacked bars per member drawn as SVG from the plan's balance, its title and
 * description, and the same numbers in the table. Fails on any script error, console error or
 * failed request.
 */
import { readFileSync } from "node:fs";
import { solveCohort, type CohortInput, type Plan } from "@rotamatch/core";
import { writePlanWorkbook } from "@rotamatch/sheets";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { browserAvailability, launchBrowser, startTestServer, watchPage, type Browser, type Page, type RunningServer } from "./harness.js";

const { available } = browserAvailability();

const read = (name: string): CohortInput => JSON.parse(readFileSync(new URL(`../../../../examples/${name}`, import.meta.url), "utf8")) as CohortInput;
const jsonFile = (name: string, value: unknown) => ({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(value)) });

function solved(cohort: CohortInput): Plan {
  const result = solveCohort(cohort, { timeLimitMs: 20_000 });
  if (!result.ok) throw new Error("the example does not solve");
  return result.plan;
}

describe.runIf(available)("fair over the years, in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  const earlier = read("romerike-2011.json");
  const now = read("romerike-2013.json");
  let earlierPlan: Plan;
  const problems: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    earlierPlan = solved(earlier);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  async function open(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const seen = watchPage(page);
    page.on("close", () => problems.push(...seen));
    await page.goto(`${server.url}/`);
    await page.locator("#load-example").click();
    await page.locator("#summary-heading").waitFor();
    return page;
  }

  /** The ids the 2011 plan names that the 2013 cohort does not know: what the warnings must name. */
  function unknownIds(): string[] {
    const members = new Set(now.members.map((m) => m.id));
    const people = new Set((now.people ?? []).map((p) => p.id));
    const ids = new Set<string>();
    for (const a of earlierPlan.assignments) {
      for (const id of [a.host, ...a.placements.map((p) => p.member)]) if (id !== null && !members.has(id)) ids.add(id);
      for (const id of [a.supervisor, a.mentor]) if (id !== null && !people.has(id)) ids.add(id);
    }
    return [...ids];
  }

  it("adds the 2011 plan as history, weighs reciprocity, and draws received against sent per member, in Norwegian", async () => {
    const page = await open("nb-NO");
    // Whatever history the example carries goes first, so that the chart's history is 2011's alone.
    while ((await page.locator("#history-remove-0").count()) > 0) await page.locator("#history-remove-0").click();
    expect(await page.locator("#history-none").innerText()).toBe("Ingen tidligere kull ennå.");
    const before = 0;

    await page.locator("#history-upload").setInputFiles(jsonFile("romerike-2011.json", earlierPlan));
    // The name is asked for, offered from the file's name, and the field has the focus.
    const name = page.locator("#history-name");
    await expect.poll(() => name.inputValue()).toBe("Romerike 2011");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("history-name");
    expect(await page.locator("#history-notice").innerText()).toContain(`${earlierPlan.assignments.length} traineer`);
    expect(await page.locator("label[for=history-name]").innerText()).toBe("Navn på det tidligere kullet");
    await page.locator("#history-add").click();
    await expect.poll(() => page.locator("#history-list > li").count()).toBe(before + 1);
    expect(await page.locator("#history-list > li").last().innerText()).toMatch(new RegExp(`^Romerike 2011: ${earlierPlan.assignments.length} traineer, \\d+ utplasseringer`));
    expect(await page.locator("#history-notice").innerText()).toContain("La til «Romerike 2011» i historikken");
    expect(await page.locator(`#history-remove-${before}`).getAttribute("aria-label")).toBe("Fjern «Romerike 2011» fra historikken");

    // The three weights, each explained, 0 until set.
    for (const [id, label] of [
      ["repeatExchange", "Samme utveksling igjen"],
      ["repeatMentorHost", "Samme mentor for traineer fra samme medlem igjen"],
      ["reciprocity", "Like mye gi og ta mellom medlemmene"],
    ] as const) {
      const field = page.getByLabel(label, { exact: true });
      expect(await field.getAttribute("id")).toBe(`weight-${id}`);
      expect(await field.inputValue()).toBe("0");
      expect(await page.locator(`#weight-${id}-help`).innerText()).toMatch(/^Poeng /);
    }
    await page.locator("#weight-reciprocity").fill("-1");
    await page.locator("#weight-reciprocity").press("Tab");
    expect(await page.locator("#weights-notice").innerText()).toContain("skriv et tall som er 0 eller mer");
    await page.locator("#weight-reciprocity").fill("2");
    await page.locator("#weight-reciprocity").press("Tab");
    expect(await page.locator("#weights-notice").innerText()).toContain("Like mye gi og ta mellom medlemmene: 2.");

    // The cohort sent to the service carries the history and the weight.
    const [request, response] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith("/v1/solve")),
      page.waitForResponse((r) => r.url().endsWith("/v1/solve")),
      page.locator("#solve-button").click(),
    ]);
    const sent = request.postDataJSON() as CohortInput;
    expect(sent.history?.at(-1)?.name).toBe("Romerike 2011");
    expect(sent.history?.at(-1)?.assignments).toHaveLength(earlierPlan.assignments.length);
    expect(sent.weights?.reciprocity).toBe(2);
    const plan = (await response.json()) as Plan;
    await page.locator("#plan-status").waitFor();
    expect(await page.locator("#plan-status").innerText()).toContain("poeng");
    const balance = plan.balance ?? [];
    expect(balance).toHaveLength(now.members.length);

    // Ids of 2011 that 2013 does not know: warnings in Norwegian, each id kept.
    const warnings = await page.locator("#plan-warnings > li").allInnerTexts();
    const ids = unknownIds();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids.slice(0, 5)) expect(warnings.some((w) => w.includes(`«${id}»`) && w.includes("«Romerike 2011»"))).toBe(true);
    expect(warnings.every((w) => /Historikken nevner (medlemmet|personen|\d+ id)/.test(w))).toBe(true);
    expect(await page.locator("#plan-warnings-heading").innerText()).toBe("Advarsler om historikken");

    // The fairness view.
    const view = page.locator("#view-fairness");
    expect(await view.innerText()).toContain("Fordeling over år");
    await view.click();
    expect(await view.getAttribute("aria-pressed")).toBe("true");
    const chart = page.locator("svg#fairness-chart");
    await chart.waitFor();
    expect(await chart.getAttribute("role")).toBe("img");
    expect(await page.locator("#fairness-chart-title").textContent()).toBe("Tatt imot og sendt bort per medlem, over årene");
    expect(await page.locator("#fairness-chart-desc").textContent()).toContain(`${now.members.length} medlemmer, to søyler hver`);
    expect(await chart.locator("g.fair-member").count()).toBe(now.members.length);
    expect(await chart.locator("rect.fair-history").count()).toBe(2 * now.members.length);
    expect(await chart.locator("rect.fair-plan").count()).toBe(2 * now.members.length);

    // Each bar as long as the balance says: the history part and this plan's part to one scale.
    const drawn = await chart.evaluate((svg) =>
      [...svg.querySelectorAll("g.fair-member")].map((g) => ({
        member: g.getAttribute("data-member") ?? "",
        bars: [...g.querySelectorAll("g.fair-bar")].map((b) => {
          const width = (cls: string) => Number(b.querySelector(`rect.${cls}`)?.getAttribute("width"));
          const box = (b.querySelector("rect.fair-plan") as SVGRectElement).getBoundingClientRect();
          return { kind: b.getAttribute("data-kind"), history: width("fair-history"), plan: width("fair-plan"), text: b.querySelector("text")?.textContent ?? "", title: b.querySelector("title")?.textContent ?? "", right: box.right };
        }),
      })),
    );
    const chartBox = await chart.boundingBox();
    let unit: number | null = null;
    for (const m of balance) {
      const group = drawn.find((g) => g.member === m.member);
      expect(group, m.member).toBeDefined();
      const [received, sent] = group?.bars ?? [];
      expect(received?.kind).toBe("received");
      expect(sent?.kind).toBe("sent");
      for (const [bar, history, part] of [
        [received, m.history.received, m.received],
        [sent, m.history.sent, m.sent],
      ] as const) {
        expect(bar?.text).toBe(`${history + part} ${bar?.kind === "received" ? "tatt imot" : "sendt bort"}`);
        expect(bar?.title).toContain(`${history} i tidligere kull + ${part} i denne planen = ${history + part}`);
        if (history > 0) unit ??= (bar?.history ?? 0) / history;
        if (unit !== null) {
          expect(bar?.history).toBeCloseTo(history * unit, 0);
          expect(bar?.plan).toBeCloseTo(part * unit, 0);
        }
        expect(bar?.right ?? Infinity).toBeLessThanOrEqual((chartBox?.x ?? 0) + (chartBox?.width ?? 0));
      }
    }
    expect(unit).not.toBeNull();
    expect(drawn.some((g) => g.bars.some((b) => b.history > 0))).toBe(true);
    expect(drawn.some((g) => g.bars.some((b) => b.plan > 0))).toBe(true);

    // The same numbers in the table, a row per member.
    const rows = page.locator("#fairness-table tbody tr");
    expect(await rows.count()).toBe(now.members.length);
    const first = balance.find((m) => m.history.received > 0 && m.received > 0) ?? balance[0];
    const memberName = now.members.find((m) => m.id === first?.member)?.name ?? "";
    const row = page.locator("#fairness-table tbody tr", { has: page.locator("th", { hasText: memberName }) });
    expect(await row.locator("td").first().innerText()).toBe(`${first?.history.received} + ${first?.received} = ${(first?.history.received ?? 0) + (first?.received ?? 0)}`);
    expect(await page.locator("#fairness-imbalance").innerText()).toMatch(/^Summen av medlemmenes skjevhet .*: \d+ i de tidligere kullene, \d+ med denne planen\.$/);
    expect(await page.locator(".fairness-legend").innerText()).toContain("Tidligere kull");

    // Removing the entry takes the plan made with it away, and the list is as before.
    await page.locator(`#history-remove-${before}`).click();
    await page.locator("#history-none").waitFor();
    expect(await page.locator("#plan-status").count()).toBe(0);
    expect(await page.locator("#history-notice").innerText()).toContain("Fjernet «Romerike 2011» fra historikken");
    await page.close();
  });

  it("reads the plan workbook as history through the service, in English, and refuses a file that is no plan", async () => {
    const page = await open("en-GB");
    await page.locator("#history-upload").setInputFiles(jsonFile("romerike-2011-cohort.json", earlier));
    // The file is read in the page, after the upload returns: the notice is waited for.
    await expect.poll(() => page.locator("#history-notice").innerText()).toContain("romerike-2011-cohort.json is not a plan");
    expect(await page.locator("#history-name").count()).toBe(0);

    const workbook = await writePlanWorkbook(earlier, earlierPlan);
    const before = await page.locator("#history-list > li").count();
    await page.locator("#history-upload").setInputFiles({ name: "Romerike_2011.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(workbook) });
    const name = page.locator("#history-name");
    await page.locator("#history-name, #history-notice.notice-error").first().waitFor();
    expect(await page.locator("#history-notice").innerText()).toContain(`Read Romerike_2011.xlsx: ${earlierPlan.assignments.length} trainees.`);
    expect(await name.inputValue()).toBe("Romerike 2011");
    // An empty name is refused; a name typed is taken with Enter.
    await name.fill("");
    await page.locator("#history-add").click();
    expect(await page.locator("#history-notice").innerText()).toContain("Give the earlier cohort a name.");
    await name.fill("Romerike 2011 (workbook)");
    await name.press("Enter");
    await expect.poll(() => page.locator("#history-list > li").count()).toBe(before + 1);
    expect(await page.locator("#history-list > li").last().innerText()).toContain(`Romerike 2011 (workbook): ${earlierPlan.assignments.length} trainees`);

    await page.getByLabel("Even give and take between members", { exact: true }).fill("1.5");
    await page.locator("#weight-reciprocity").press("Tab");
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
    await page.locator("#view-fairness").click();
    expect(await page.locator("#view-fairness").innerText()).toContain("Fairness over the years");
    expect(await page.locator("#fairness-chart-title").textContent()).toBe("Received and sent away per member, over the years");
    expect(await page.locator("svg#fairness-chart g.fair-member").count()).toBe(now.members.length);
    expect(await page.locator("#plan-warnings > li").first().innerText()).toMatch(/^⚠ ?The history names (the member|the person|\d+ more)/);
    await page.close();
  });
});
