/** "Something changed": the date, the cohort edits, the change list in words, the highlights, the pins of an option, a plan file's outline. */
import type { ExplanationOption, ReplanChange } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { planOnly, warningsOf } from "../../src/api.js";
import {
  addTrainee,
  changeHighlights,
  changeWords,
  defaultAsOf,
  newTraineeId,
  optionPins,
  pinSets,
  plainNames,
  planChanges,
  programmeSpan,
  readPlanShape,
  removeMember,
  removePerson,
  removeTrainee,
  todayIso,
} from "../../src/replan-words.js";
import { describeRequestPlace } from "../../src/words.js";
import { planOf, romerike } from "./support.js";

const cohort = romerike();
const plan = planOf(cohort);

describe("the date a re-plan starts from", () => {
  it("is dated from the programme: 19 Aug 2013 to 18 Feb 2015", () => {
    expect(programmeSpan(cohort)).toEqual({ start: "2013-08-19", end: "2015-02-18" });
    expect(programmeSpan({ ...cohort, programme: { ...cohort.programme, periods: [] } })).toBeNull();
  });

  it.each([
    ["2026-12-02", "2015-02-18"],
    ["2010-01-01", "2013-08-19"],
    ["2014-03-01", "2014-03-01"],
    ["2013-08-19", "2013-08-19"],
  ])("is today (%s) moved into the programme: %s", (today, asOf) => {
    expect(defaultAsOf(cohort, today)).toBe(asOf);
  });

  it("is today as the user's own calendar has it", () => {
    expect(todayIso(new Date(2014, 2, 1, 23, 30))).toBe("2014-03-01");
  });
});

describe("the change list in words", () => {
  const published = romerike();
  const now = romerike();
  removePerson(now, "oras-mentor-1");
  removeTrainee(now, "t6");
  const names = plainNames(now, published);

  it.each<[string, ReplanChange, string, string]>([
    [
      "a mentor who left, by name and member",
      { trainee: "t3", role: "mentor", from: "oras-mentor-1", to: "aurskog-holand-mentor-1", reason: "forced" },
      "Nora Amundsen: mentor Rolf Hovde, ØRAS IKS → Egil Tangen, Aurskog-Høland kommune (the old choice is no longer possible)",
      "Nora Amundsen: mentor Rolf Hovde, ØRAS IKS → Egil Tangen, Aurskog-Høland kommune (det gamle valget er ikke lenger mulig)",
    ],
    [
      "a trainee who left",
      { trainee: "t6", role: "host", from: "fet", to: null, reason: "left" },
      "Jørgen Løken: host Fet kommune → none (left the programme)",
      "Jørgen Løken: vert Fet kommune → ingen (har sluttet i programmet)",
    ],
    [
      "an away placement moved to make room",
      { trainee: "t1", role: "away", period: "part-2", from: "lorenskog", to: "nrv-nra", reason: "knock-on" },
      "Emilie Grønli: away placement in part-2 Lørenskog kommune → NRV/NRA IKS (moved to make room for another change)",
      "Emilie Grønli: utplassering i part-2 Lørenskog kommune → NRV/NRA IKS (flyttet for å gi plass til en annen endring)",
    ],
    [
      "a new trainee's supervisor",
      { trainee: "t9", role: "supervisor", from: null, to: "fet-supervisor-1", reason: "joined" },
      "t9: supervisor none → Tone Myhre, Fet kommune (new in the programme)",
      "t9: fagveileder ingen → Tone Myhre, Fet kommune (ny i programmet)",
    ],
  ])("words %s in English and Norwegian", (_, change, en, nb) => {
    expect(changeWords(change, names, "en").text).toBe(en);
    expect(changeWords(change, names, "nb").text).toBe(nb);
  });

  it("gives a what-if's change, which has no reason, without one", () => {
    const words = changeWords({ trainee: "t7", role: "away", period: "part-2", from: "skedsmo", to: "lorenskog" }, names, "en");
    expect(words).toMatchObject({ trainee: "Thea Bergersen", from: "Skedsmo kommune", to: "Lørenskog kommune", reason: null });
    expect(words.text).toBe("Thea Bergersen: away placement in part-2 Skedsmo kommune → Lørenskog kommune");
  });

  it("names only by id what neither cohort knows", () => {
    expect(plainNames(now).person("oras-mentor-1")).toBe("oras-mentor-1");
    expect(names.person("oras-mentor-1")).toBe("Rolf Hovde, ØRAS IKS");
    expect(names.member("nowhere")).toBe("nowhere");
  });
});

describe("highlights", () => {
  const changes: ReplanChange[] = [
    { trainee: "t3", role: "mentor", from: "oras-mentor-1", to: "aurskog-holand-mentor-1", reason: "forced" },
    { trainee: "t1", role: "away", period: "part-2", from: "lorenskog", to: "nrv-nra", reason: "knock-on" },
    { trainee: "t9", role: "host", from: null, to: "sorum-kt", reason: "joined" },
    { trainee: "t9", role: "supervisor", from: null, to: "sorum-kt-supervisor-1", reason: "joined" },
  ];
  const now = romerike();
  removePerson(now, "oras-mentor-1");
  const lit = changeHighlights(changes, now, cohort);

  it.each<[keyof typeof lit, string[], string[]]>([
    ["trainee", ["t3|mentor", "t1|period:part-2", "t9|host", "t9|period:part-1", "t9|period:part-3", "t9|supervisor"], ["t3|host", "t1|period:part-1", "t1|mentor"]],
    ["member", ["oras|mentors", "aurskog-holand|mentors", "lorenskog|away:part-2", "nrv-nra|away:part-2", "sorum-kt|hosts", "sorum-kt|supervisors"], ["lorenskog|hosts", "oras|supervisors"]],
    ["mentor", ["oras-mentor-1", "aurskog-holand-mentor-1"], ["lorenskog-mentor-1"]],
    ["timeline", ["part-2", "part-2|t1", "part-1", "part-3"], ["part-2|t3", "part-1|t9"]],
  ])("marks in the %s view what changed and nothing else", (view, marked, unmarked) => {
    for (const key of marked) expect(lit[view].has(key), key).toBe(true);
    for (const key of unmarked) expect(lit[view].has(key), key).toBe(false);
    expect(lit[view].size).toBe(marked.length);
  });

  it("marks nothing for a plan without changes", () => {
    expect(changeHighlights([], cohort).trainee.size).toBe(0);
  });
});

describe("a kept what-if's changes", () => {
  it("are the roles that differ, the pinned one forced and the rest knock-on", () => {
    const after = structuredClone(plan);
    const t4 = after.assignments.find((a) => a.trainee === "t4");
    const t1 = after.assignments.find((a) => a.trainee === "t1");
    if (t4 === undefined || t1 === undefined) throw new Error("no t1 or t4");
    const t4Away = t4.placements.find((p) => p.period === "part-2");
    const t1Away = t1.placements.find((p) => p.period === "part-2");
    if (t4Away === undefined || t1Away === undefined) throw new Error("no part-2");
    const [was4, was1] = [t4Away.member, t1Away.member];
    t4Away.member = "skedsmo";
    t1Away.member = "nrv-nra";
    const pin = { trainee: "t4", period: "part-2", member: "skedsmo" };
    const changes = planChanges(plan, after, cohort, (c) => (pinSets(pin, c, cohort) ? "forced" : "knock-on"));
    expect(changes).toEqual([
      { trainee: "t1", role: "away", period: "part-2", from: was1, to: "nrv-nra", reason: "knock-on" },
      { trainee: "t4", role: "away", period: "part-2", from: was4, to: "skedsmo", reason: "forced" },
    ]);
    expect(planChanges(plan, plan, cohort, () => "forced")).toEqual([]);
  });

  it.each<[string, Parameters<typeof pinSets>[0], Parameters<typeof pinSets>[1], boolean]>([
    ["a host-period pin sets the host", { trainee: "t1", period: "part-1", member: "fet" }, { trainee: "t1", role: "host", from: "skedsmo", to: "fet" }, true],
    ["an away pin sets its period", { trainee: "t1", period: "part-2", member: "fet" }, { trainee: "t1", role: "away", period: "part-2", from: "a", to: "fet" }, true],
    ["not another trainee's", { trainee: "t2", period: "part-2", member: "fet" }, { trainee: "t1", role: "away", period: "part-2", from: "a", to: "fet" }, false],
    ["a mentor pin sets the mentor", { trainee: "t1", mentor: "m" }, { trainee: "t1", role: "mentor", from: "x", to: "m" }, true],
    ["not the supervisor", { trainee: "t1", mentor: "m" }, { trainee: "t1", role: "supervisor", from: "x", to: "m" }, false],
  ])("%s", (_, pin, change, sets) => {
    expect(pinSets(pin, change, cohort)).toBe(sets);
  });
});

describe("the pins that try an option", () => {
  const option = (o: Partial<ExplanationOption>): ExplanationOption => ({ role: "away", possible: true, rule: null, delta: 0, deltaBound: null, changes: [], text: "", ...o });
  it.each<[string, ExplanationOption, unknown]>([
    ["a host: its first host period", option({ role: "host", member: "fet" }), [{ trainee: "t4", period: "part-1", member: "fet" }]],
    ["an away member: its period", option({ role: "away", period: "part-2", member: "skedsmo" }), [{ trainee: "t4", period: "part-2", member: "skedsmo" }]],
    ["a mentor", option({ role: "mentor", person: "nrv-nra-mentor-1" }), [{ trainee: "t4", mentor: "nrv-nra-mentor-1" }]],
    ["a supervisor", option({ role: "supervisor", person: "fet-supervisor-1" }), [{ trainee: "t4", supervisor: "fet-supervisor-1" }]],
    ["nothing to pin", option({ role: "away" }), null],
  ])("%s", (_, given, pins) => {
    expect(optionPins("t4", given, cohort)).toEqual(pins);
  });
});

describe("editing the cohort as it is now", () => {
  it("a trainee leaves with their pins and forbids", () => {
    const c = romerike();
    expect(removeTrainee(c, "t3")).toBe(true);
    expect(c.trainees.map((t) => t.id)).not.toContain("t3");
    expect(c.pins).toEqual([]);
    expect(removeTrainee(c, "t3")).toBe(false);
  });

  it("a person leaves with the forbids that name them", () => {
    const c = romerike();
    expect(removePerson(c, "skedsmo-mentor-1")).toBe(true);
    expect(c.forbid).toEqual([]);
    expect(c.people?.some((p) => p.id === "skedsmo-mentor-1")).toBe(false);
  });

  it("a member leaves with its people, out of preferences and given hosts", () => {
    const c = romerike();
    expect(removeMember(c, "skedsmo")).toBe(true);
    expect(c.members.some((m) => m.id === "skedsmo")).toBe(false);
    expect(c.people?.some((p) => p.member === "skedsmo")).toBe(false);
    expect(c.trainees.find((t) => t.id === "t1")?.host).toBeUndefined();
    expect(c.trainees.some((t) => [...(t.hostPreferences ?? []), ...(t.awayPreferences ?? [])].includes("skedsmo"))).toBe(false);
    expect(c.forbid).toEqual([]);
  });

  it("a trainee joins with the next free id", () => {
    const c = romerike();
    expect(newTraineeId(c)).toBe("t9");
    expect(addTrainee(c, { name: " Nina Dahl ", specialization: "water", host: "" })).toBe("t9");
    expect(c.trainees.at(-1)).toEqual({ id: "t9", name: "Nina Dahl", specialization: "water" });
    expect(addTrainee(c, { name: "Ola", specialization: "roads", host: "fet" })).toBe("t10");
    expect(c.trainees.at(-1)).toEqual({ id: "t10", name: "Ola", specialization: "roads", host: "fet" });
  });
});

describe("reading a plan file and the service's answers", () => {
  it.each<[string, unknown, boolean]>([
    ["a solved plan", plan, true],
    ["a re-planned plan", { ...plan, changes: [] }, true],
    ["not an object", [plan], false],
    ["another format", { ...plan, format: "rotamatch.cohort/v1" }, false],
    ["no assignments", { ...plan, assignments: undefined }, false],
    ["an assignment without placements", { ...plan, assignments: [{ trainee: "t1" }] }, false],
    ["an unknown status", { ...plan, status: "great" }, false],
  ])("takes %s: %s", (_, value, taken) => {
    expect(readPlanShape(value) !== null).toBe(taken);
  });

  it("sends the what-if and explanation the plan without its changes", () => {
    const replanned = { ...plan, changes: [{ trainee: "t1", role: "mentor" as const, from: null, to: "x", reason: "joined" as const }] };
    expect(planOnly(replanned)).toEqual(plan);
  });

  it("reads the Rotamatch-Warnings header, and nothing from a broken one", () => {
    const warning = { code: "started_member_left", path: "cohort.members", message: "M\u00f8 left" };
    expect(warningsOf(JSON.stringify([warning]))).toEqual([warning]);
    expect(warningsOf(null)).toEqual([]);
    expect(warningsOf("not json")).toEqual([]);
    expect(warningsOf('[{"code":1}]')).toEqual([]);
  });
});

describe("where a request's problem is, in words", () => {
  it.each<[string, string, string]>([
    ["plan.assignments[3].mentor", "Published plan, Trainee Kristian Helle (t4), mentor", "Publisert plan, Trainee Kristian Helle (t4), mentor"],
    ["plan.assignments[3].placements[1].period", "Published plan, Trainee Kristian Helle (t4), placements, period", "Publisert plan, Trainee Kristian Helle (t4), plasseringer, periode"],
    ["asOf", "The date changes start from", "Datoen endringene gjelder fra"],
    ["cohort.trainees[0].host", "Trainee Emilie Grønli (t1), host", "Trainee Emilie Grønli (t1), vert"],
    ["pins[0].member", "The option tried, member", "Valget som ble prøvd, medlem"],
    ["plan", "Published plan", "Publisert plan"],
  ])("%s", (path, en, nb) => {
    expect(describeRequestPlace(path, cohort, plan, "en")).toBe(en);
    expect(describeRequestPlace(path, cohort, plan, "nb")).toBe(nb);
  });
});
