/**
 * The plan's downloads in Norwegian, in a real browser against the real service (harness.ts):
 * a Norwegian page solves the example and downloads the workbook, a CSV file and a trainee's
 * calendar; each comes in Norwegian (sheet names, headers, calendar titles), and the workbook
 * reads back as the same plan. Fails on any script error, console error or failed request.
 */
import { readFileSync } from "node:fs";
import { readPlanWorkbook } from "@rotamatch/sheets";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailability, launchBrowser, startTestServer, watchPage, type Browser, type RunningServer } from "./harness.js";

const { available } = browserAvailability();

/** The sheet names of an XLSX file, from its workbook part. */
function sheetNames(bytes: Uint8Array): string[] {
  const workbook = strFromU8(unzipSync(bytes)["xl/workbook.xml"] ?? new Uint8Array());
  return [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1] ?? "");
}

describe.runIf(available)("the plan's downloads in Norwegian, in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("downloads the workbook, a CSV file and a calendar in Norwegian", async () => {
    const context = await browser.newContext({ locale: "nb-NO", acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/`);
    await page.locator("#load-example").click();
    await page.locator("#summary-heading").waitFor();
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
    expect(await page.locator("#plan-status").innerText()).toContain("poeng");

    const download = async (button: string): Promise<{ name: string; bytes: Buffer }> => {
      const [file] = await Promise.all([page.waitForEvent("download"), page.locator(`#${button}`).click()]);
      return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
    };

    const xlsx = await download("download-xlsx");
    const names = sheetNames(new Uint8Array(xlsx.bytes));
    expect(names.slice(0, 4)).toEqual(["Sammendrag", "Plan", "Kostnader", "Per medlem"]);
    expect(names).not.toContain("Summary");
    const read = await readPlanWorkbook(new Uint8Array(xlsx.bytes));
    expect(read.ok ? read.warnings : read.issues).toEqual([]);
    expect(read.plan?.status).toBe("optimal");

    await page.getByLabel("Fil", { exact: true }).selectOption("plan.csv");
    const csv = await download("download-csv");
    const header = csv.bytes.toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
    expect(header).toContain("Traineens navn");
    expect(header).toContain("Medlemmets navn");

    await page.getByLabel("Kalender for").selectOption("t1");
    const ics = (await download("download-ics")).bytes.toString("utf8").replace(/\r\n /g, "");
    expect(ics).toMatch(/SUMMARY:Emilie Grønli: del 2 hos [^\r\n]+\r\n/);
    expect(ics).not.toMatch(/SUMMARY:[^\r\n]* away at /);

    await context.close();
    expect(problems).toEqual([]);
  });
});
