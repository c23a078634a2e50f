/**
 * Files in, in a real browser: CSV files as Excel saves them on a Norwegian Windows
 * (Windows-1252, ";"), read with their letters right; a CSV file whose encoding cannot be
 * told, refused with the advice to save it as CSV UTF-8; and LibreOffice's .ods workbook.
 * Same setup as page.test.ts: Debian's headless Chromium against the real service.
 *
 * Skipped, with the reason, where /usr/bin/chromium is missing; with CI=true that fails instead.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeOds } from "../../../sheets/test/fixtures/ods.js";
import { readXlsx } from "../../../sheets/src/xlsx/read-xlsx.js";
import { DEFAULT_SHEET_LIMITS } from "../../../sheets/src/types.js";
import { browserAvailability, launchBrowser, startTestServer, watchPage, type Browser, type Page, type RunningServer } from "./harness.js";

const { available, reason } = browserAvailability();
const inCi = process.env.CI === "true";
if (!available && !inCi) console.warn(`browser tests skipped: ${reason}`);

const examples = new URL("../../../../examples/", import.meta.url);
const csvFolder = new URL("romerike-2013-csv/", examples);
const csvTexts = readdirSync(csvFolder)
  .filter((name) => name.endsWith(".csv"))
  .map((name) => ({ name, text: readFileSync(new URL(name, csvFolder), "utf8").replace(/^\uFEFF/, "") }));

/** Windows-1252's bytes for a text whose letters are all in Latin-1 (the template's are: æ, ø, å, é). */
const windows1252 = (text: string) =>
  Buffer.from(
    Uint8Array.from([...text], (ch) => {
      const code = ch.charCodeAt(0);
      if (code > 0xff || (code >= 0x80 && code < 0xa0)) throw new Error(`${ch} is not a Latin-1 letter`);
      return code;
    }),
  );

/** The template as LibreOffice saves it as .ods. */
function templateAsOds(): Buffer {
  const template = new Uint8Array(readFileSync(new URL("romerike-2013.xlsx", examples)));
  const tables = readXlsx(template, DEFAULT_SHEET_LIMITS, () => true).tables;
  return Buffer.from(writeOds(tables.map((table) => ({ name: table.name, rows: table.rows.map((row) => row.cells) }))));
}

describe.runIf(!available && inCi)("the files-in browser tests in CI", () => {
  it("have Chromium", () => {
    throw new Error(`CI=true but ${reason}`);
  });
});

describe.runIf(available)("files in, in headless Chromium", () => {
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

  async function open(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
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

  it("reads CSV files saved by Excel in Windows-1252 with ';', with the Norwegian letters right", async () => {
    const page = await open("nb-NO");
    // Excel's "CSV (semikolondelt)": the lists keep their commas inside quotes.
    const files = csvTexts.map(({ name, text }) => ({ name, mimeType: "text/csv", buffer: windows1252(text.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, ";")) }));
    await page.setInputFiles("#upload", files);
    await page.locator("#summary-heading").waitFor();
    expect(await page.locator(".summary dd").allInnerTexts()).toEqual(expect.arrayContaining(["14", "8"]));
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
    const firstTrainee = await page.locator("#plan-by-trainee tbody tr").first().locator("> *").first().innerText();
    expect(firstTrainee.trim()).toBe("Emilie Grønli (t1)");
    await close(page);
  });

  it("refuses a CSV file whose encoding cannot be told, saying to save it as CSV UTF-8", async () => {
    const page = await open("nb-NO");
    const files = csvTexts.map(({ name, text }) => {
      // DOS code page 850 writes ø as 0x9B, which is › in Windows-1252: not a letter of a name.
      const bytes = name === "members.csv" ? Buffer.from(windows1252(text).map((b) => (b === 0xf8 ? 0x9b : b))) : Buffer.from(text, "utf8");
      return { name, mimeType: "text/csv", buffer: bytes };
    });
    await page.setInputFiles("#upload", files);
    await page.locator("#problems-heading").waitFor();
    const listed = await page.locator("#problem-list li").allInnerTexts();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatch(/^Medlemmer: members\.csv kan ikke leses sikkert: .*lagre den som «CSV UTF-8»/);
    await close(page, [/status of 422/]);
  });

  it("reads LibreOffice's .ods workbook", async () => {
    const page = await open("en-GB");
    await page.setInputFiles("#upload", { name: "romerike-2013.ods", mimeType: "application/vnd.oasis.opendocument.spreadsheet", buffer: templateAsOds() });
    await page.locator("#summary-heading").waitFor();
    expect(await page.locator("#load-notice").innerText()).toBe("Loaded romerike-2013.ods: 14 members, 8 trainees.");
    await close(page);
  });
});
