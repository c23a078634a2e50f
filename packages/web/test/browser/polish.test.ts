/**
 * Every problem at once, and the page's polish, in a real browser: a workbook with eight
 * problems lists them all in one round by sheet, row and column in Norwegian; "Bruk «…»"
 * fixes a name where an id belongs in one click; every other field is fixed on the page, and
 * "Sjekk på nytt" keeps the places, the language and the corrected fields; the corrected
 * workbook downloads in Norwegian. A phone's 375 px never scrolls sideways; the focus box
 * shows after keyboard use only; the sections keep their numbers; the diagnosis gives its
 * figures and one button per change. Same setup as page.test.ts.
 *
 * Skipped, with the reason, where /usr/bin/chromium is missing; with CI=true that fails instead.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import type { CohortInput } from "@rotamatch/core";
import { readCohortWorkbook } from "@rotamatch/sheets";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../../sheets/src/csv/csv.js";
import { COHORT_SHEETS } from "../../../sheets/src/layout.js";
import { cellText, type CellValue } from "../../../sheets/src/table.js";
import { writeXlsx } from "../../../sheets/src/xlsx/write-xlsx.js";
import { browserAvailability, launchBrowser, startTestServer, watchPage, type Browser, type Page, type RunningServer } from "./harness.js";

const { available, reason } = browserAvailability();
const inCi = process.env.CI === "true";
if (!available && !inCi) console.warn(`browser tests skipped: ${reason}`);

const examples = new URL("../../../../examples/", import.meta.url);
const csvFolder = new URL("romerike-2013-csv/", examples);
const template: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync(csvFolder)
    .filter((name) => name.endsWith(".csv"))
    .map((name) => [name, readFileSync(new URL(name, csvFolder), "utf8").replace(/^\uFEFF/, "")]),
);
const romerike = (): CohortInput => JSON.parse(readFileSync(new URL("romerike-2013.json", examples), "utf8")) as CohortInput;

/** Eight problems of seven kinds in five sheets (as in the sheets package's at-once test). */
const EIGHT_PROBLEMS = [
  ["members.csv", 'parks",0,1', 'parks",-1,1'],
  ["members.csv", "fet,59.929", "fet,abc"],
  ["periods.csv", "part-3,6,host", "part-3,6,hjemme"],
  ["people.csv", "Per Arne Fossum,skedsmo,", "Per Arne Fossum,skedsmoo,"],
  ["trainees.csv", "t1,Emilie Grønli,water,skedsmo,", "t1,Emilie Grønli,water,Skedsmo kommune,"],
  ["trainees.csv", "t2,Sander Bjerke,roads,ullensaker,", "t2,Sander Bjerke,roads,Ullensaker,"],
  ["trainees.csv", "t3,Nora Amundsen,waste,", "t3,Nora Amundsen,avfall,"],
  ["pins.csv", "t3,part-2,oras", "t33,part-2,oras"],
] as const;

const FIRST_ROUND_NB = [
  'Perioder, rad 4, kolonne Sted: må være en av "host" (vert), "away" (borte), ikke teksten "hjemme"',
  "Medlemmer, rad 2, kolonne Vertskapasitet: kan ikke være negativ",
  "Medlemmer, rad 3, kolonne Breddegrad: 'abc' er ikke et tall",
  'Personer, rad 2, kolonne Medlem: ingen medlem har id-en "skedsmoo" (mente du "skedsmo"?)Bruk «skedsmo»',
  'Traineer, rad 2, kolonne Vert: ingen medlem har id-en "Skedsmo kommune" (mente du "skedsmo"?)Bruk «skedsmo»',
  'Traineer, rad 3, kolonne Vert: ingen medlem har id-en "Ullensaker" (mente du "ullensaker"?)Bruk «ullensaker»',
  "Traineer, rad 4, kolonne Spesialisering: 'avfall' er ikke en spesialisering noe medlem tilbyr",
  'Låsinger, rad 2, kolonne Trainee: ingen trainee har id-en "t33"',
];

/** The template's CSV files with the problems, as one XLSX workbook, cell for cell. */
function brokenWorkbook(): Buffer {
  const files: Record<string, string> = { ...template };
  for (const [file, from, to] of EIGHT_PROBLEMS) {
    if (!files[file]?.includes(from)) throw new Error(`${from} is not in ${file}`);
    files[file] = (files[file] ?? "").replace(from, to);
  }
  const tables = COHORT_SHEETS.flatMap((spec) => {
    const text = files[spec.file];
    if (text === undefined) return [];
    const parsed = parseCsv(text, 1000);
    if (!parsed.ok) throw new Error(parsed.message);
    const rows = parsed.rows.map((row) => row.cells.map((cell): CellValue => (typeof cell === "string" && /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell)));
    return [{ name: spec.name, header: (rows[0] ?? []).map((c) => (c === null ? "" : cellText(c))), rows: rows.slice(1) }];
  });
  return Buffer.from(writeXlsx(tables));
}

describe.runIf(!available && inCi)("the polish browser tests in CI", () => {
  it("have Chromium", () => {
    throw new Error(`CI=true but ${reason}`);
  });
});

describe.runIf(available)("every problem at once, and the page's polish, in headless Chromium", () => {
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

  async function open(locale = "en-GB", width = 1280): Promise<Page> {
    const context = await browser.newContext({ locale, acceptDownloads: true, viewport: { width, height: 900 } });
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

  const listed = (page: Page) => page.locator("#problem-list li").allInnerTexts();
  const headings = (page: Page) => page.locator("main h2").allInnerTexts();

  /** Presses "Sjekk på nytt" and waits until the list has `count` problems (0: the section goes). */
  async function recheck(page: Page, count: number): Promise<void> {
    await page.getByRole("button", { name: "Sjekk på nytt" }).click();
    if (count === 0) await page.locator("#problems").waitFor({ state: "detached" });
    else await expect.poll(() => page.locator("#problem-list li").count()).toBe(count);
  }

  it("lists a workbook's eight problems in one round by sheet, row and column in Norwegian, fixes them on the page, keeps them after each check, and downloads the corrected workbook", async () => {
    const page = await open("nb-NO");
    await page.setInputFiles("#upload", { name: "kull.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: brokenWorkbook() });
    await page.locator("#problems-heading").waitFor();
    expect(await page.locator("#problems-heading").innerText()).toBe("Feil som må rettes (8)");
    expect(await listed(page)).toEqual(FIRST_ROUND_NB);

    // "Mente du": one click puts the id in the cell and checks again; the rest keep their places, in Norwegian.
    await page.getByRole("button", { name: "Traineer, rad 3, kolonne Vert: bruk «ullensaker»" }).click();
    await expect.poll(() => page.locator("#problem-list li").count()).toBe(7);
    expect(await listed(page)).toEqual(FIRST_ROUND_NB.filter((line) => !line.startsWith("Traineer, rad 3")));
    // In one language, the page's: switching it words the problems again, at the same places.
    await page.getByRole("button", { name: "In English" }).click();
    await expect.poll(async () => (await listed(page))[0]).toBe('Periods, row 4, column At: must be one of "host", "away", not the text "hjemme"');
    expect(await page.locator("#problem-list li").count()).toBe(7);
    await page.getByRole("button", { name: "På norsk" }).click();
    await expect.poll(() => listed(page)).toEqual(FIRST_ROUND_NB.filter((line) => !line.startsWith("Traineer, rad 3")));

    // Every other field is on the page: a capacity, an allowed value, references, a specialization, a number that did not read.
    await page.locator("#fix-members-0-hostCapacity").fill("0");
    await page.locator("#fix-programme-periods-2-at").selectOption("host");
    await page.locator("#fix-people-0-member").selectOption("skedsmo");
    await page.locator("#fix-trainees-2-specialization").fill("waste");
    await page.locator("#fix-pins-0-trainee").selectOption("t3");
    await page.locator("#fix-members-1-location-lat").fill("59.929");
    await recheck(page, 2);
    // What is left keeps its sheet, row and column; the fields fixed stay, marked as fixed.
    const left = await listed(page);
    expect(left[0]).toMatch(/^Medlemmer, rad 3, kolonne Lengdegrad: /);
    expect(left[1]).toBe('Traineer, rad 2, kolonne Vert: ingen medlem har id-en "Skedsmo kommune" (mente du "skedsmo"?)Bruk «skedsmo»');
    expect(await page.locator('label[for="fix-members-0-hostCapacity"]').innerText()).toBe("trainees den kan være vert for (✓ rettet)");
    expect(await page.locator("#fix-members-0-hostCapacity").inputValue()).toBe("0");
    expect(await page.locator("#fix-trainees-2-specialization").inputValue()).toBe("waste");

    await page.locator("#fix-members-1-location-lon").fill("11.166");
    await page.locator("#fix-trainees-0-host").selectOption("skedsmo");
    await recheck(page, 0);
    await expect.poll(() => page.locator("#announcer").innerText()).toBe("Alle feil er rettet. Nå kan du lage en plan.");

    // What changed, to carry into the workbook; and the corrected workbook, in Norwegian.
    const corrections = await page.locator("#correction-list li").allInnerTexts();
    // One line per field corrected, from the value the file had.
    expect(corrections).toHaveLength(9);
    expect(corrections).toContain("Trainee Sander Bjerke (t2), vert: Ullensaker → ullensaker");
    expect(await page.locator("#corrections").innerText()).toContain("Gjør de samme endringene i arbeidsboken deres");
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Last ned den rettede arbeidsboken" }).click()]);
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = new Uint8Array(readFileSync(await file.path()));
    expect(strFromU8(unzipSync(bytes)["xl/workbook.xml"] ?? new Uint8Array())).toContain('name="Medlemmer"');
    const read = await readCohortWorkbook(bytes);
    expect(read.issues).toEqual([]);
    expect(read.ok && read.cohort.trainees[1]?.host).toBe("ullensaker");

    await page.locator("#solve-button").click();
    expect(await page.locator("#plan-status").innerText()).toContain("bevist optimal");
    // The browser logs every 4xx answer; the 422s of the workbook's rounds were the point.
    await close(page, [/status of 422/]);
  });

  it("never scrolls sideways on a 375 px phone, in any section or view", async () => {
    const page = await open("nb-NO", 375);
    const wide = async (where: string) => {
      const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
      expect(width, where).toBeLessThanOrEqual(375);
    };
    await wide("empty page");
    await page.setInputFiles("#upload", { name: "kull.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: brokenWorkbook() });
    await page.locator("#problems-heading").waitFor();
    await wide("problems");
    await page.getByRole("button", { name: /Romerike 2013/ }).click();
    await page.locator("#summary-heading").waitFor();
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
    for (const id of await page.locator("main section").evaluateAll((sections) => sections.map((s) => s.id))) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await wide(`section ${id}`);
    }
    for (const view of await page.locator(".view-switch button").evaluateAll((buttons) => buttons.map((b) => b.id))) {
      await page.locator(`#${view}`).click();
      await wide(view);
    }
    // The CSV file chooser (its longest option was 716 px wide) fits, and wide tables keep the name column in view.
    expect(await page.locator("#csv-file").evaluate((e) => e.getBoundingClientRect().right)).toBeLessThanOrEqual(375);
    await page.locator("#view-trainee").click();
    expect(await page.locator("#plan-by-trainee tbody th").first().evaluate((e) => getComputedStyle(e).position)).toBe("sticky");
    await close(page, [/status of 422/]);
  });

  it("shows the focus box after keyboard use only", async () => {
    const page = await open();
    const outline = () => page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
    await page.getByRole("button", { name: /Romerike 2013/ }).click();
    await page.locator("#summary-heading").waitFor();
    expect(await focused()).toBe("summary-heading");
    expect(await outline()).toBe("none");
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
    await expect.poll(focused).toBe("plan-heading");
    expect(await outline()).toBe("none");
    await page.keyboard.press("Tab");
    expect(await outline()).not.toBe("none");
    // After keyboard use, the heading an action moves the focus to shows it too.
    for (let i = 0; i < 20 && (await focused()) !== "load-example"; i++) await page.keyboard.press("Shift+Tab");
    expect(await focused()).toBe("load-example");
    await page.keyboard.press("Enter");
    await expect.poll(focused).toBe("summary-heading");
    expect(await outline()).not.toBe("none");
    await close(page);
  });

  it("numbers the sections the same before and after a plan exists", async () => {
    const page = await open();
    await page.getByRole("button", { name: /Romerike 2013/ }).click();
    await page.locator("#summary-heading").waitFor();
    const before = await headings(page);
    expect(before).toEqual(["1. The cohort", "2. Make a plan", "3. The plan", "4. Pins and forbids", "5. Download", "6. Something changed"]);
    expect(await page.locator("#plan").innerText()).toContain("No plan yet: make one in section 2.");
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
    expect(await headings(page)).toEqual(before);
    await close(page);
  });

  it("gives the diagnosis once, with its figures, one button per change, in both languages, and downloads the corrected workbook in Norwegian", async () => {
    const page = await open("nb-NO");
    const short = romerike();
    short.people = (short.people ?? []).filter((p) => p.id !== "gjerdrum-mentor-1" && p.id !== "nannestad-mentor-1");
    for (const p of short.people) if (p.role === "mentor") p.capacity = 1;
    await page.setInputFiles("#upload", { name: "kort.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(short)) });
    await page.locator("#summary-heading").waitFor();
    await page.locator("#solve-button").click();
    await page.locator("#diagnosis-heading").waitFor();
    const items = await page.locator("#diagnosis-list > li").allInnerTexts();
    expect(items[0]?.split("\n").filter((line) => line !== "").slice(0, 3)).toEqual([
      "8 traineer trenger en mentor, og det finnes 6 plasser.",
      "Hvem: Emilie Grønli (t1), Sander Bjerke (t2), Nora Amundsen (t3), Kristian Helle (t4), Marie Holmen (t5), Jørgen Løken (t6), Thea Bergersen (t7) og Vegard Stensrud (t8).",
      "Forslag: Legg til en mentor, med kapasitet 2.",
    ]);
    expect(items.some((text) => text.includes("Det gir plass til Marie Holmen (t5), Jørgen Løken (t6) og Thea Bergersen (t7)."))).toBe(true);
    // One button per suggested change, each saying what it does, none twice.
    const buttons = await page.locator("#diagnosis-list button").allInnerTexts();
    expect(buttons).toEqual([
      "Legg til en mentor med kapasitet 2 hos Aurskog-Høland kommune og lag plan på nytt",
      "Endre Person Svein Olav Berg (Lørenskog kommune), kapasitet fra 1 til 3 og lag plan på nytt",
    ]);
    await page.getByRole("button", { name: "In English" }).click();
    expect((await page.locator("#diagnosis-list > li").allInnerTexts())[0]?.split("\n").filter((line) => line !== "").slice(0, 3)).toEqual([
      "8 trainees need a mentor, and 6 places exist.",
      "Who: Emilie Grønli (t1), Sander Bjerke (t2), Nora Amundsen (t3), Kristian Helle (t4), Marie Holmen (t5), Jørgen Løken (t6), Thea Bergersen (t7) and Vegard Stensrud (t8).",
      "Suggested change: Add mentors for 2 more trainees, or raise the capacity of existing ones.",
    ]);
    await page.getByRole("button", { name: "På norsk" }).click();

    await page.getByRole("button", { name: /kapasitet fra 1 til 3 og lag plan på nytt/ }).click();
    await expect.poll(() => page.locator("#plan-status").innerText()).toContain("bevist optimal");
    expect(await page.locator("#correction-list li").allInnerTexts()).toEqual(["Person Svein Olav Berg (Lørenskog kommune), kapasitet: 1 → 3"]);
    expect(await page.locator("#corrections").innerText()).toContain("Gjør de samme endringene i arbeidsboken deres");
    const [file] = await Promise.all([page.waitForEvent("download"), page.locator("#download-corrected").click()]);
    const bytes = new Uint8Array(readFileSync(await file.path()));
    expect(strFromU8(unzipSync(bytes)["xl/workbook.xml"] ?? new Uint8Array())).toContain('name="Personer"');
    const read = await readCohortWorkbook(bytes);
    expect(read.ok && read.cohort.people?.find((p) => p.id === "lorenskog-mentor-1")?.capacity).toBe(3);
    await close(page);
  });
});
