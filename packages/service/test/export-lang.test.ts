/**
 * `POST /v1/export?lang=`: the file in Norwegian or English. The language is the query's, never
 * Accept-Language, so a request gives the same file from a browser and from a script.
 */
import { solveCohort, type CohortInput } from "@rotamatch/core";
import { writePlanCsv, writePlanIcs, writePlanWorkbook } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { inProcessApp, romerike } from "./support.js";

const cohort = romerike as CohortInput;
const plan = (() => {
  const result = solveCohort(cohort);
  if (!result.ok) throw new Error("the example is not valid");
  return result.plan;
})();

const { app } = inProcessApp();
const postExport = (query: string, headers: Record<string, string> = {}) =>
  app.request(`/v1/export?${query}`, { method: "POST", body: JSON.stringify({ cohort, plan }), headers: { "Content-Type": "application/json", ...headers } });

describe("POST /v1/export with lang", () => {
  it.each([
    ["format=csv&lang=nb", async () => writePlanCsv(cohort, plan, { lang: "nb" })["plan.csv"] as string],
    ["format=csv&file=plan-summary.csv&delimiter=%3B&lang=nb", async () => writePlanCsv(cohort, plan, { lang: "nb", delimiter: ";" })["plan-summary.csv"] as string],
    ["format=ics&lang=nb", async () => writePlanIcs(cohort, plan, { lang: "nb" })],
    ["format=ics&trainee=t3&lang=nb", async () => writePlanIcs(cohort, plan, { trainee: "t3", lang: "nb" })],
    ["format=xlsx&lang=nb", async () => writePlanWorkbook(cohort, plan, { lang: "nb" })],
    ["format=csv&lang=en", async () => writePlanCsv(cohort, plan)["plan.csv"] as string],
  ])("%s answers the sheets package's file", async (query, expected) => {
    const res = await postExport(query);
    expect(res.status).toBe(200);
    const want = await expected();
    // Bytes, not text(): text() would drop the CSV's byte order mark.
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(typeof want === "string" ? new TextEncoder().encode(want) : want);
  });

  it("stays English without lang, whatever Accept-Language says", async () => {
    const res = await postExport("format=csv", { "Accept-Language": "nb-NO,nb;q=0.9" });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new TextEncoder().encode(writePlanCsv(cohort, plan)["plan.csv"]));
  });

  it("refuses a language it does not have with a 400", async () => {
    const res = await postExport("format=xlsx&lang=sv");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toBe('lang must be "en" or "nb".');
  });
});
