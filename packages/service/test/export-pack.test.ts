/**
 * `POST /v1/export?format=pack`: the sheets package's pack per member as a ZIP attachment, in
 * either language, for a plan or a re-planned plan; its query and its checks as the other formats'.
 */
import { replanCohort, solveCohort, type CohortInput } from "@rotamatch/core";
import { writePlanPack } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { ZIP_TYPE } from "../src/sheets.js";
import { inProcessApp, romerike } from "./support.js";

const cohort = romerike as CohortInput;
const plan = (() => {
  const result = solveCohort(cohort);
  if (!result.ok) throw new Error("the example is not valid");
  return result.plan;
})();

const { app } = inProcessApp();
const postExport = (query: string, body: unknown = { cohort, plan }) =>
  app.request(`/v1/export?${query}`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });

describe("POST /v1/export?format=pack", () => {
  it.each([
    ["format=pack", "en"],
    ["format=pack&lang=nb", "nb"],
  ] as const)("%s answers the pack as a ZIP attachment, the sheets package's bytes", async (query, lang) => {
    const res = await postExport(query);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(ZIP_TYPE);
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="tekniske-tjenester-romerike-traineeprogram-2013-2015-pack.zip"');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(await writePlanPack(cohort, plan, { lang }));
  });

  it("packs a re-planned plan with its changes", async () => {
    const now: CohortInput = { ...cohort, people: (cohort.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
    const replanned = replanCohort(now, plan, { asOf: "2014-03-01" });
    if (!replanned.ok) throw new Error("the re-plan failed");
    const res = await postExport("format=pack&lang=nb", { cohort: now, plan: replanned.plan });
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(await writePlanPack(now, replanned.plan, { lang: "nb" }));
  });

  it.each(["format=pack&trainee=t1", "format=pack&delimiter=%3B", "format=pack&lang=sv"])("refuses %s with a 400", async (query) => {
    const res = await postExport(query);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { type: string }).type).toBe("https://rotamatch.dev/problems/invalid-request");
  });

  it("refuses a plan of another cohort with a 422 and paths into the plan", async () => {
    const other = { ...cohort, trainees: cohort.trainees.slice(1), pins: [], forbid: [] };
    const res = await postExport("format=pack", { cohort: other, plan });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { type: string; issues: { path: string }[] };
    expect(problem.type).toBe("https://rotamatch.dev/problems/invalid-plan");
    expect(problem.issues[0]?.path).toMatch(/^plan\./);
  });
});
