/**
 * `POST /v1/export/cohort?lang=`: the cohort as a workbook in the language asked, problems
 * included, so that it reads back through `/v1/import` with each problem at its sheet, row and
 * column; a body that is no cohort is refused with issues, never a crash.
 */
import type { CohortInput } from "@rotamatch/core";
import { readCohortWorkbook, writeCohortWorkbook } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { inProcessApp, romerike } from "./support.js";

const cohort = romerike as CohortInput;
const { app } = inProcessApp();
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const post = (query: string, body: string) => app.request(`/v1/export/cohort${query}`, { method: "POST", body, headers: { "Content-Type": "application/json" } });

describe("POST /v1/export/cohort", () => {
  it.each([
    ["?lang=nb", { lang: "nb" } as const],
    ["?lang=en", { lang: "en" } as const],
    ["", {}],
  ])("%s answers the sheets package's workbook", async (query, options) => {
    const res = await post(query, JSON.stringify(cohort));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[a-z0-9-]+\.xlsx"$/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(await writeCohortWorkbook(cohort, options));
  });

  it("writes a cohort with problems as it is, and it reads back with them by sheet, row and column", async () => {
    const broken = structuredClone(cohort) as { members: { hostCapacity: number }[]; trainees: { host?: string }[] };
    (broken.members[0] as { hostCapacity: number }).hostCapacity = -1;
    (broken.trainees[1] as { host?: string }).host = "Ullensaker";
    const res = await post("?lang=nb", JSON.stringify(broken));
    expect(res.status).toBe(200);
    const read = await readCohortWorkbook(new Uint8Array(await res.arrayBuffer()));
    expect(read.ok).toBe(false);
    expect(read.issues.map((i) => [i.sheet, i.row, i.column, i.code])).toEqual([
      ["Members", 2, "Vertskapasitet", "too_small"],
      ["Trainees", 3, "Vert", "unknown_reference"],
    ]);
  });

  it.each([
    ["no cohort", "[1,2]", 422, "invalid-cohort"],
    ["no members", JSON.stringify({ programme: {}, trainees: [] }), 422, "invalid-cohort"],
    ["not JSON", "{", 400, "invalid-json"],
  ])("refuses %s with a problem", async (_, body, status, type) => {
    const res = await post("?lang=nb", body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { type: string }).type).toMatch(new RegExp(`${type}$`));
  });

  it.each([
    ["entries that are no objects", { programme: { periods: "x" }, members: [null, 1, "x", [2]], trainees: [[], true] }],
    ["values of every kind", { programme: { name: 5, start: {}, periods: [{ id: [], months: "six" }] }, members: [{ id: {}, hostCapacity: { a: 1 }, specializations: "water", location: 7 }], trainees: [{ hostPreferences: [null, {}] }], rules: 3, weights: [] }],
  ])("writes %s without failing, and the workbook reads back with its problems", async (_, body) => {
    const res = await post("?lang=nb", JSON.stringify(body));
    expect(res.status).toBe(200);
    const read = await readCohortWorkbook(new Uint8Array(await res.arrayBuffer()));
    expect(read.ok).toBe(false);
  });

  it.each(["?lang=de", "?format=csv"])("refuses the query %s", async (query) => {
    const res = await post(query, JSON.stringify(cohort));
    expect(res.status).toBe(400);
  });
});

describe("POST /v1/export/cohort with a body that is no cohort", () => {
  // Whatever the page (or anyone) sends, the answer is a workbook or a problem, never a 500.
  it.each([
    ["members of the wrong kinds", { programme: { name: "x" }, members: [1, null, "m", []], trainees: [{}], people: "no" }],
    ["a programme of the wrong kind", { programme: [], members: [], trainees: [] }],
    ["numbers for every list", { programme: { name: 7, periods: 3 }, members: [{ id: 5, capacity: "x" }], trainees: [{ id: {}, preferences: 1 }] }],
    ["deep nesting", { programme: { name: "x" }, members: [[[[[[[[[[{}]]]]]]]]]], trainees: [] }],
  ])("%s: a workbook or a 4xx problem", async (_, body) => {
    const res = await app.request("/v1/export/cohort?lang=nb", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    expect(res.status === 200 || (res.status >= 400 && res.status < 500)).toBe(true);
    if (res.status !== 200) expect(((await res.json()) as { type: string }).type).toMatch(/^https?:|^about:|^urn:|^\//);
  });
});
