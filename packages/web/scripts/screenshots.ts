/**
 * `npm run screenshots`: pictures of the page for docs/web.md and the README, made with the
 * same headless Chromium and real service as the browser tests (see test/browser/harness.ts).
 * Needs the built page (`npm run build`) and /usr/bin/chromium. Writes docs/screenshots/*.png;
 * `npm run screenshots -- timeline map` writes only the files whose names contain one of the
 * words (every step still runs, as later pictures build on earlier ones).
 */
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { generateCohort, solveCohort } from "@rotamatch/core";
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

/** The Romerike 2011 plan, solved here, as a plan file to add as history. */
function romerike2011Plan(): Buffer {
  const cohort = JSON.parse(readFileSync(new URL("romerike-2011.json", examples), "utf8")) as Parameters<typeof solveCohort>[0];
  const solved = solveCohort(cohort, { timeLimitMs: 20_000 });
  if (!solved.ok) throw new Error("Romerike 2011 does not solve");
  return Buffer.from(JSON.stringify(solved.plan));
}

/** A generated network of 300 trainees and 100 members with a plan, solved here (as pictures.test.ts does). */
function bigCohortAndPlan(): { cohort: Buffer; plan: Buffer } {
  const cohort = generateCohort({ trainees: 300, members: 100, hosts: "chosen", seed: 15 });
  const solved = solveCohort(cohort, { timeLimitMs: 5_000 });
  if (!solved.ok) throw new Error("the generated cohort is invalid");
  return { cohort: Buffer.from(JSON.stringify(cohort)), plan: Buffer.from(JSON.stringify(solved.plan)) };
}

/** The words given on the command line: only files whose names contain one are written. */
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));

async function main(): Promise<void> {
  const { available, reason } = browserAvailability();
  if (!available) throw new Error(reason);
  mkdirSync(out, { recursive: true });
  const [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const shoot = async (page: Page, name: string, selector?: string, keepFocus = false) => {
    if (only.length > 0 && !only.some((word) => name.includes(word))) return;
    const path = new URL(name, out).pathname;
    // No focus ring or hover in the pictures, unless the focus is the point (the map's member).
    if (!keepFocus) {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.mouse.move(0, 0);
    }
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
    // The pictures: the timeline by trainee and by member, and the map with a member focused.
    await en.locator("#view-timeline").click();
    await shoot(en, "timeline-en.png", ".timeline-picture");
    await en.locator("#timeline-rows-member").click();
    await shoot(en, "timeline-by-member-en.png", ".timeline-picture");
    await en.locator("#view-map").click();
    await en.locator("#map-member-ullensaker").focus();
    await shoot(en, "map-en.png", ".map-wrap", true);

    const nb = await open("nb-NO");
    await solveExample(nb);
    await shoot(nb, "plan-nb.png", "#plan");
    await nb.locator("#view-timeline").click();
    await shoot(nb, "timeline-nb.png", "#plan");
    await nb.setInputFiles("#upload", brokenCsvFiles());
    await nb.locator("#problems-heading").waitFor();
    await shoot(nb, "problems-nb.png", "#problems");

    // Fair over the years: the 2011 plan as history, reciprocity weighed, the chart in Norwegian.
    const fair = await open("nb-NO");
    await fair.locator("#load-example").click();
    await fair.locator("#summary-heading").waitFor();
    while ((await fair.locator("#history-remove-0").count()) > 0) await fair.locator("#history-remove-0").click();
    await fair.setInputFiles("#history-upload", { name: "romerike-2011.json", mimeType: "application/json", buffer: romerike2011Plan() });
    await fair.locator("#history-add").click();
    await fair.locator("#history-list").waitFor();
    await fair.locator("#weight-reciprocity").fill("2");
    await fair.locator("#weight-reciprocity").press("Tab");
    await shoot(fair, "history-nb.png", "#history");
    await fair.locator("#solve-button").click();
    await fair.locator("#plan-status").waitFor();
    await fair.locator("#view-fairness").click();
    await shoot(fair, "fairness-nb.png", ".fairness-view");

    // 300 trainees: the timeline scrolled down, its month header and name column sticky; the map.
    const big = bigCohortAndPlan();
    const many = await open("en-GB");
    await many.setInputFiles("#upload", { name: "network-300.json", mimeType: "application/json", buffer: big.cohort });
    await many.locator("#summary-heading").waitFor();
    await many.setInputFiles("#plan-upload", { name: "plan.json", mimeType: "application/json", buffer: big.plan });
    await many.locator("#plan-status").waitFor();
    await many.locator("#view-timeline").click();
    await many.locator(".timeline-scroll").evaluate((el) => el.scrollTo(0, 3000));
    await shoot(many, "timeline-300-en.png", ".timeline-picture");
    await many.locator("#view-map").click();
    await many.locator(".map-member").nth(40).focus();
    await shoot(many, "map-300-en.png", ".map-wrap", true);

    const diagnosis = await open("en-GB");
    await diagnosis.setInputFiles("#upload", { name: "short-of-mentors.json", mimeType: "application/json", buffer: shortOfMentors() });
    await diagnosis.locator("#summary-heading").waitFor();
    await diagnosis.locator("#solve-button").click();
    await diagnosis.locator("#diagnosis-heading").waitFor();
    await shoot(diagnosis, "diagnosis-en.png", "#plan");

    // Something changed: the plan made is published, a trainee quits and a mentor leaves in
    // part 2, the re-plan as of 1 March 2014 lists its changes and marks them; then "Why?".
    const replan = await open("en-GB");
    await solveExample(replan);
    await replan.locator("#use-as-published").click();
    await replan.locator("#leaver").selectOption("t6");
    await replan.locator("#leaver-button").click();
    await replan.locator("#person-gone").selectOption("oras-mentor-1");
    await replan.locator("#person-gone-button").click();
    await replan.locator("#as-of").fill("2014-03-01");
    await shoot(replan, "something-changed-en.png", "#replan");
    await replan.locator("#replan-button").click();
    await replan.locator("#change-list-heading").waitFor();
    await replan.locator("#why-t4").click();
    await replan.locator("#why-text").waitFor();
    await replan.locator("#why-options button").first().click();
    await replan.locator("#whatif-delta").waitFor();
    await shoot(replan, "replan-en.png", "#plan");

    const nbReplan = await open("nb-NO");
    await solveExample(nbReplan);
    await nbReplan.locator("#use-as-published").click();
    await nbReplan.locator("#person-gone").selectOption("oras-mentor-1");
    await nbReplan.locator("#person-gone-button").click();
    await nbReplan.locator("#as-of").fill("2014-03-01");
    await nbReplan.locator("#replan-button").click();
    await nbReplan.locator("#change-list-heading").waitFor();
    await shoot(nbReplan, "replan-nb.png", "#plan");
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
