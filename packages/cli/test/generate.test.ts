/**
 * rotamatch generate, in process through `run(argv, io)`: the flags reach the generator, the
 * output is a valid cohort and the same flags give the same bytes, and every bad flag is a
 * usage error (exit 1) that names the flag.
 */
import { generateCohort, parseCohort } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/run.js";
import { HELP } from "../src/usage.js";
import { cli } from "./fixtures/fake-io.js";

describe("rotamatch generate", () => {
  it("prints the generator's cohort as 2-space JSON: valid, and the same bytes for the same flags", async () => {
    const argv = ["generate", "--trainees", "12", "--members", "9", "--seed", "5"];
    const first = await cli(argv);
    expect(first.code).toBe(EXIT.ok);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe(`${JSON.stringify(generateCohort({ trainees: 12, members: 9, seed: 5 }), null, 2)}\n`);
    const parsed = parseCohort(JSON.parse(first.stdout));
    expect(parsed.issues).toEqual([]);
    expect((await cli(argv)).stdout).toBe(first.stdout);
    expect((await cli([...argv.slice(0, 5), "--seed", "6"])).stdout).not.toBe(first.stdout);
  });

  it("passes every flag to the generator", async () => {
    const r = await cli([
      "generate",
      "--trainees=20",
      "--members=10",
      "--mentors-per-member=3",
      "--supervisors-per-member=1",
      "--away-periods=2",
      "--hosts=chosen",
      "--tightness=0.5",
      "--mentor-outside=host-and-away",
      "--specialization-fit=preferred",
      "--seed=-7",
    ]);
    expect(r.code).toBe(EXIT.ok);
    const expected = generateCohort({
      trainees: 20,
      members: 10,
      mentorsPerMember: 3,
      supervisorsPerMember: 1,
      awayPeriods: 2,
      hosts: "chosen",
      tightness: 0.5,
      mentorOutside: "host-and-away",
      specializationFit: "preferred",
      seed: -7,
    });
    expect(JSON.parse(r.stdout)).toEqual(expected);
    const cohort = parseCohort(expected);
    if (!cohort.ok) throw new Error("the generated cohort is not valid");
    expect(cohort.cohort.people).toHaveLength(10 * 4);
    expect(cohort.cohort.trainees.every((t) => t.host === undefined)).toBe(true);
    expect(cohort.cohort.rules).toEqual({ mentorOutside: "host-and-away", specializationFit: "preferred", allowUnassigned: false });
  });

  it("--history-cohorts adds the generator's earlier cohorts as history; a bad count is a usage error", async () => {
    const r = await cli(["generate", "--trainees", "15", "--members", "8", "--history-cohorts", "3"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(`${JSON.stringify(generateCohort({ trainees: 15, members: 8, history: 3 }), null, 2)}\n`);
    expect((JSON.parse(r.stdout) as { history: unknown[] }).history).toHaveLength(3);
    const bad = await cli(["generate", "--trainees", "15", "--members", "8", "--history-cohorts", "-1"]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain("--history-cohorts");
  });

  it("uses the generator's defaults (seed 1) when the flags are left out", async () => {
    const r = await cli(["generate", "--trainees", "5", "--members", "6"]);
    expect(JSON.parse(r.stdout)).toEqual(generateCohort({ trainees: 5, members: 6, seed: 1 }));
  });

  it("--out writes the file and says what it wrote on stderr", async () => {
    const r = await cli(["generate", "--trainees", "4", "--members", "5", "--out", "cohort.json"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe("");
    expect(r.written.get("cohort.json")).toBe(`${JSON.stringify(generateCohort({ trainees: 4, members: 5 }), null, 2)}\n`);
    expect(r.stderr).toBe("rotamatch: wrote a cohort of 5 members, 20 people and 4 trainees to cohort.json\n");
  });

  it("a file that cannot be written is exit 1", async () => {
    const r = await cli(["generate", "--trainees", "4", "--members", "5", "--out", "/missing/cohort.json"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe("rotamatch: cannot write /missing/cohort.json: the folder does not exist.\n");
  });

  it("--help prints the help", async () => {
    const r = await cli(["generate", "--help"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(HELP);
    for (const flag of ["--trainees", "--mentors-per-member", "--away-periods", "--hosts", "--tightness", "--mentor-outside"]) {
      expect(HELP).toContain(flag);
    }
  });

  it.each([
    [[], "--trainees N and --members M are both needed"],
    [["--trainees", "5"], "--trainees N and --members M are both needed"],
    [["--members", "5"], "--trainees N and --members M are both needed"],
    [["--trainees", "5", "--members", "6", "cohort.json"], "generate takes no file (cohort.json)"],
    [["--trainees", "many", "--members", "6"], '--trainees must be a whole number from 0 to 100000, not "many"'],
    [["--trainees", "2.5", "--members", "6"], "--trainees must be a whole number"],
    [["--trainees", "100001", "--members", "6"], "--trainees must be a whole number from 0 to 100000"],
    [["--trainees", "5", "--members", "1"], "--members must be a whole number from 2"],
    [["--trainees", "5", "--members=-3"], "--members must be a whole number from 2"],
    [["--trainees", "5", "--members", "six"], '--members must be a whole number, not "six"'],
    [["--trainees", "5", "--members", "6", "--mentors-per-member", "0"], "--mentors-per-member must be a whole number from 1 to 100"],
    [["--trainees", "5", "--members", "6", "--supervisors-per-member", "101"], "--supervisors-per-member must be a whole number"],
    [["--trainees", "5", "--members", "3", "--away-periods", "3"], "--members must be at least 4 so that each trainee"],
    [["--trainees", "5", "--members", "6", "--hosts", "some"], '--hosts must be one of "given", "chosen"'],
    [["--trainees", "5", "--members", "6", "--tightness", "0"], "--tightness must be a number above 0 and at most 1"],
    [["--trainees", "5", "--members", "6", "--tightness", "1.5"], "--tightness must be a number above 0 and at most 1"],
    [["--trainees", "5", "--members", "6", "--tightness=-1"], '--tightness must be a number above 0 and at most 1, not "-1"'],
    [["--trainees", "5", "--members", "6", "--mentor-outside", "away"], '--mentor-outside must be one of "host", "host-and-away"'],
    [["--trainees", "5", "--members", "6", "--specialization-fit", "loose"], "--specialization-fit must be one of"],
    [["--trainees", "5", "--members", "6", "--seed", "1e3"], '--seed must be a whole number, not "1e3"'],
    [["--trainees", "5", "--members", "6", "--runs", "3"], "unknown option --runs"],
    [["--trainees", "5", "--members", "6", "--out"], "--out needs a value"],
  ])("%j is a usage error: exit 1 with the reason and the usage of generate", async (flags, reason) => {
    const r = await cli(["generate", ...flags]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^rotamatch generate: /);
    expect(r.stderr).toContain(reason);
    expect(r.stderr).toContain("Usage: rotamatch generate --trainees N --members M");
    expect(r.written.size).toBe(0);
  });
});
