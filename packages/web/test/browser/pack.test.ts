/**
 * "Pack per member" in a real browser, against the real service (see harness.ts): solve the
 * example, download the pack (by mouse in Norwegian, by keyboard in English), unzip it, and
 * find every member's folder with its workbook and calendar, the README and the people's
 * calendars, in the page's language. Each test opens a fresh context and fails on any script
 * error, console error or failed request.
 */
import { readFileSync } from "node:fs";
import type { CohortInput } from "@rotamatch/core";
import { safeFileName } from "@rotamatch/sheets";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { browserAvailability, launchBrowser, startTestServer, watchPage, type Browser, type Page, type RunningServer } from "./harness.js";

const { available } = browserAvailability();

const romerike = JSON.parse(readFileSync(new URL("../../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;

/** The sheet names of an XLSX file, from its workbook part. */
function sheetNames(bytes: Uint8Array): string[] {
  const workbook = strFromU8(unzipSync(bytes)["xl/workbook.xml"] ?? new Uint8Array());
  return [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1] ?? "");
}

describe.runIf(available)("the pack per member, in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  const problems: string[] = [];
  const seenOn = new Map<Page, string[]>();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  async function open(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    seenOn.set(page, watchPage(page));
    await page.goto(`${server.url}/`);
    await page.locator("#load-example").click();
    await page.locator("#summary-heading").waitFor();
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
    return page;
  }

  async function close(page: Page): Promise<void> {
    await page.context().close();
    problems.push(...(seenOn.get(page) ?? []));
  }

  it.each([
    {
      locale: "nb-NO",
      by: "mouse",
      button: "Pakke per medlem (ZIP)",
      readme: "LES-MEG.txt",
      folders: ["Medlemmer", "Veiledere", "Mentorer"],
      files: ["Plan", "Kalender"],
      sheets: ["Sammendrag", "Plan", "Per medlem", "Per mentor", "Per veileder"],
      notice: "Lastet ned",
    },
    {
      locale: "en-GB",
      by: "keyboard",
      button: "Pack per member (ZIP)",
      readme: "README.txt",
      folders: ["Members", "Supervisors", "Mentors"],
      files: ["Plan", "Calendar"],
      sheets: ["Summary", "Plan", "By member", "By mentor", "By supervisor"],
      notice: "Downloaded",
    },
  ])("$locale: downloads the pack by $by, a folder per member with its workbook and calendar", async (c) => {
    const page = await open(c.locale);
    const button = page.locator("#download-pack");
    expect(await button.innerText()).toBe(c.button);
    // The hint says what is in it, to a screen reader too.
    expect(await button.getAttribute("aria-describedby")).toBe("download-pack-hint");
    expect(await page.locator("#download-pack-hint").innerText()).not.toBe("");
    const downloaded = page.waitForEvent("download");
    if (c.by === "keyboard") {
      await button.focus();
      await page.keyboard.press("Enter");
    } else await button.click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toBe("tekniske-tjenester-romerike-traineeprogram-2013-2015-pack.zip");
    await expect.poll(() => page.locator("#download-notice").innerText(), { timeout: 60_000 }).toBe(`${c.notice} ${file.suggestedFilename()}.`);

    const files = unzipSync(new Uint8Array(readFileSync(await file.path())));
    const paths = Object.keys(files);
    expect(paths[0]).toBe(c.readme);
    const readme = strFromU8(files[c.readme] ?? new Uint8Array());
    const [members, supervisors, mentors] = c.folders as [string, string, string];
    for (const member of romerike.members) {
      const name = safeFileName(member.name ?? member.id, member.id);
      const workbook = files[`${members}/${name}/${c.files[0]} ${name}.xlsx`];
      expect(workbook, member.id).toBeDefined();
      expect(sheetNames(workbook as Uint8Array)).toEqual(c.sheets);
      const calendar = strFromU8(files[`${members}/${name}/${c.files[1]} ${name}.ics`] ?? new Uint8Array());
      expect(calendar.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
      expect(readme).toContain(`${member.name}: ${members}/${name}/`);
    }
    // Eight trainees, each with a supervisor and a mentor: at least one calendar in each folder.
    expect(paths.some((p) => p.startsWith(`${supervisors}/`) && p.endsWith(".ics"))).toBe(true);
    expect(paths.some((p) => p.startsWith(`${mentors}/`) && p.endsWith(".ics"))).toBe(true);
    await close(page);
  });
});
