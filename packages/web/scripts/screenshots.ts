/**
 * `npm run screenshots`: pictures of the page for docs/web.md and the README, made with the
 * same headless Chromium and real service as the browser tests (see test/browser/harness.ts).
 * Needs the built page (`npm run build`) and /usr/bin/chromium. Writes docs/screenshots/*.png.
 */
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { browserAvailability, launchBrowser, startTestServer, type Page } from "../test/browser/harness.js";

const root = new URL("../../../", import.meta.url);
const out = new URL("docs/screenshots/", root);
const examples = new URL("examples/", root);

/** The CSV template with one mistake: a specialization no member offers. */
function brokenCsvFiles() {
  const folder = new URL("romerike-2013-csv/", examples);
  return readdirSync(folder)
    .filter((name) => name.endsWith(".csv"))
    .map((name) => {
      const text = readFileSync(new URL(name, folder), "utf8");
      return { name, mimeType: "text/csv", buffer: Buffer.from(name === "trainees.csv" ? text.replace(",water,", ",vann,") : text) };
    });
}

/** Romerike 2013 with too few mentor places: no plan, and a diagnosis. */
function shortOfMentors(): Buffer {
  const cohort = JSON.parse(readFileSync(new URL("romerike-2013.json", examples), "utf8")) as { people: { id: string; role: string; capacity: number }[] };
  cohort.people = cohort.people.filter((p) => p.id !== "gjerdrum-mentor-1" && p.id !== "nannestad-mentor-1");
  for (const p of cohort.people) if (p.role === "mentor") p.capacity = 1;
  return Buffer.from(JSON.stringify(cohort));
}

async function main(): Promise<void> {
  const { available, reason } = browserAvailability();
  if (!available) throw new Error(reason);
  mkdirSync(out, { recursive: true });
  const [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const shoot = async (page: Page, name: string, selector?: string) => {
    const path = new URL(name, out).pathname;
    // No focus ring or hover in the pictures.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.mouse.move(0, 0);
    if (selector === undefined) await page.screenshot({ path });
    else await page.locator(selector).screenshot({ path });
    process.stdout.write(`wrote docs/screenshots/${name}\n`);
  };
  const open = async (locale: string) => {
    const page = await (await browser.newContext({ locale, viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 })).newPage();
    await page.goto(`${server.url}/`);
    return page;
  };
  const solveExample = async (page: Page) => {
    await page.locator("#load-example").click();
    await page.locator("#summary-heading").waitFor();
    await page.locator("#solve-button").click();
    await page.locator("#plan-status").waitFor();
  };
  try {
    const en = await open("en-GB");
    await solveExample(en);
    await en.evaluate(() => window.scrollTo(0, 0));
    await shoot(en, "page-en.png");
    await en.locator("#view-member").click();
    await shoot(en, "plan-by-member-en.png", "#plan");

    const nb = await open("nb-NO");
    await solveExample(nb);
    await shoot(nb, "plan-nb.png", "#plan");
    await nb.locator("#view-timeline").click();
    await shoot(nb, "timeline-nb.png", "#plan");
    await nb.setInputFiles("#upload", brokenCsvFiles());
    await nb.locator("#problems-heading").waitFor();
    await shoot(nb, "problems-nb.png", "#problems");

    const diagnosis = await open("en-GB");
    await diagnosis.setInputFiles("#upload", { name: "short-of-mentors.json", mimeType: "application/json", buffer: shortOfMentors() });
    await diagnosis.locator("#summary-heading").waitFor();
    await diagnosis.locator("#solve-button").click();
    await diagnosis.locator("#diagnosis-heading").waitFor();
    await shoot(diagnosis, "diagnosis-en.png", "#plan");
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
