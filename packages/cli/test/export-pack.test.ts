/** rotamatch export --format pack: the ZIP the sheets package writes, in either language, for a plan file or a re-planned one; its usage errors. */
import { readFileSync } from "node:fs";
import { replanCohort, solveCohort, type CohortInput, type Plan } from "@rotamatch/core";
import { writePlanPack } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/run.js";
import { cli, type FakeFiles } from "./fixtures/fake-io.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
const plan: Plan = solved.plan;
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const files: FakeFiles = { "plan.json": json(plan), "cohort.json": json(romerike) };
const base = ["export", "plan.json", "--cohort", "cohort.json", "--format", "pack"];

describe("rotamatch export --format pack", () => {
  it.each([
    ["en", []],
    ["nb", ["--lang", "nb"]],
  ] as const)("writes the pack in %s to --out, the library's bytes", async (lang, flags) => {
    const r = await cli([...base, ...flags, "--out", "pack.zip"], files);
    expect(r).toMatchObject({ code: EXIT.ok, stdout: "", stderr: "rotamatch: wrote the plan (optimal) as a pack per member to pack.zip\n" });
    const written = r.written.get("pack.zip") as Uint8Array;
    expect(written).toEqual(await writePlanPack(romerike, plan, { lang }));
    expect([...written.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it("writes a re-planned plan's pack with its changes", async () => {
    const cohort: CohortInput = { ...romerike, people: (romerike.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
    const replanned = replanCohort(cohort, plan, { asOf: "2014-03-01" });
    if (!replanned.ok) throw new Error("the re-plan failed");
    const r = await cli(["export", "replanned.json", "--cohort", "now.json", "--format", "pack", "--out", "pack.zip"], {
      "replanned.json": json(replanned.plan),
      "now.json": json(cohort),
    });
    expect(r.code).toBe(EXIT.ok);
    expect(r.written.get("pack.zip")).toEqual(await writePlanPack(cohort, replanned.plan));
  });

  it.each([
    [[...base], "a pack is a ZIP file: give --out FILE.zip"],
    [[...base, "--out", "p.zip", "--trainee", "t1"], "--trainee is for --format ics"],
    [[...base, "--out", "p.zip", "--delimiter", ";"], "--delimiter is for --format csv"],
    [[...base, "--out", "p.zip", "--lang", "de"], '--lang must be en or nb, not "de"'],
  ])("%j: %s", async (argv, message) => {
    const r = await cli([...argv], files);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr.split("\n")[0]).toBe(`rotamatch export: ${message}.`);
    expect(r.written.size).toBe(0);
  });

  it("writes nothing for a plan of another cohort (exit 2)", async () => {
    const other = { ...romerike, trainees: romerike.trainees.slice(1), pins: [], forbid: [] };
    const r = await cli(["export", "plan.json", "--cohort", "other.json", "--format", "pack", "--out", "p.zip"], { ...files, "other.json": json(other) });
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.written.size).toBe(0);
  });
});
