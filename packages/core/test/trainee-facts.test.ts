import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import { cohortSchema, type CohortInput, type Forbid, type Pin } from "../src/domain/schema.js";
import { forbidForm, pinForm, readCohortFacts } from "../src/domain/trainee-facts.js";

const SMALL = JSON.parse(readFileSync(new URL("./fixtures/small-cohort.json", import.meta.url), "utf8")) as CohortInput;

/** The facts of the small fixture with `pins` and `forbid` replaced; the schema alone reads it, so invalid entries stay. */
function factsOf(pins: Pin[], forbid: Forbid[] = []) {
  return readCohortFacts(indexCohort(cohortSchema.parse({ ...structuredClone(SMALL), pins, forbid })));
}

describe("pin and forbid forms", () => {
  it.each([
    [{ trainee: "t1", period: "part-2", member: "nrv-nra" }, "placement"],
    [{ trainee: "t1", mentor: "mentor-nrv" }, "mentor"],
    [{ trainee: "t1", supervisor: "supervisor-skedsmo" }, "supervisor"],
    [{ trainee: "t1", member: "nrv-nra" }, null],
    [{ trainee: "t1", period: "part-2" }, null],
    [{ trainee: "t1", period: "part-2", mentor: "mentor-nrv" }, null],
    [{ trainee: "t1", mentor: "mentor-nrv", supervisor: "supervisor-skedsmo" }, null],
  ] as const)("%j is %s", (pin, form) => {
    expect(pinForm(pin)).toBe(form);
  });

  it.each([
    [{ trainee: "t1", member: "nrv-nra" }, "member"],
    [{ trainee: "t1", mentor: "mentor-nrv" }, "mentor"],
    [{ trainee: "t1", supervisor: "supervisor-skedsmo" }, "supervisor"],
    [{ trainee: "t1" }, null],
    [{ trainee: "t1", member: "nrv-nra", mentor: "mentor-nrv" }, null],
  ] as const)("forbid %j is %s", (forbid, form) => {
    expect(forbidForm(forbid)).toBe(form);
  });
});

describe("readCohortFacts", () => {
  it("reads the fixture's pins and forbids per trainee", () => {
    const index = indexCohort(cohortSchema.parse(SMALL));
    const facts = readCohortFacts(index);
    expect(readCohortFacts(index)).toBe(facts); // once per index
    expect([...facts.byTrainee.keys()]).toEqual(["t1", "t2", "t3", "t4"]);
    const t1 = facts.byTrainee.get("t1");
    expect(t1?.pinnedAway).toEqual(new Map([["part-2", "nrv-nra"]]));
    expect([t1?.pinnedHost, t1?.pinnedMentor, t1?.pinnedSupervisor, t1?.hostFromPins]).toEqual([null, "mentor-sorum", null, null]);
    const t2 = facts.byTrainee.get("t2");
    expect([t2?.pinnedHost, t2?.pinnedSupervisor, t2?.hostFromPins]).toEqual(["sorum-kf", "supervisor-sorum-kf", "sorum-kf"]);
    expect(t2?.forbiddenMembers).toEqual(new Set(["sorum"]));
    expect(facts.byTrainee.get("t3")?.forbiddenMentors).toEqual(new Set(["mentor-roaf"]));
    expect(facts.byTrainee.get("t4")?.forbiddenSupervisors).toEqual(new Set(["supervisor-lorenskog"]));
    expect(facts.namedPeople).toEqual(new Set(["mentor-sorum", "supervisor-sorum-kf", "mentor-roaf", "supervisor-lorenskog"]));
  });

  it("gives a trainee without pins or forbids empty facts", () => {
    const facts = factsOf([]);
    const trainee = cohortSchema.parse(SMALL).trainees[0]!;
    expect(facts.of(trainee)).toMatchObject({ pins: [], forbids: [], pinnedHost: null, hostFromPins: null });
    expect(facts.of(trainee).forbiddenMembers.size).toBe(0);
  });

  it("a pinned supervisor fixes the host when no host period is pinned", () => {
    expect(factsOf([{ trainee: "t3", supervisor: "supervisor-roaf" }]).byTrainee.get("t3")?.hostFromPins).toBe("roaf");
  });

  it("leaves out pins and forbids of no valid form or with references that do not resolve, keeping positions", () => {
    const facts = factsOf(
      [
        { trainee: "t1", mentor: "supervisor-skedsmo" }, // wrong role
        { trainee: "t9", mentor: "mentor-nrv" }, // unknown trainee
        { trainee: "t1", period: "part-9", member: "nrv-nra" }, // unknown period
        { trainee: "t1", member: "nrv-nra" }, // no valid form
        { trainee: "t1", period: "part-2", member: "lorenskog" },
        { trainee: "t1", period: "part-2", member: "roaf" }, // a conflict: the first pin of a kind wins
      ],
      [{ trainee: "t1", member: "nowhere" }, { trainee: "t1" }, { trainee: "t1", mentor: "mentor-nrv" }],
    );
    expect(facts.pins.map((p) => p.k)).toEqual([4, 5]);
    expect(facts.byTrainee.get("t1")?.pinnedAway).toEqual(new Map([["part-2", "lorenskog"]]));
    expect(facts.forbids.map((f) => [f.k, f.kind, f.target])).toEqual([[2, "mentor", "mentor-nrv"]]);
  });
});
