/**
 * Fixing a cohort on the page: the one-click value of a problem, the problems of a workbook
 * that a new check cannot see, the edit each suggested change makes (checked by solving the
 * changed cohort and verifying the plan), the diagnosis without repeats, its figures, and
 * names in Norwegian order.
 */
import { solveCohort, validateCohort, verifyPlan, type CohortInput, type DiagnosisItem } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { applyEdit, carriedIssues, inFileRows, learnRows, mergeIssues, shortageFigures, sortByName, suggestedValue, suggestionEdit, uniqueDiagnosis } from "../../src/fixes.js";
import { MESSAGES } from "../../src/i18n.js";
import type { ShownIssue } from "../../src/types.js";
import { planOf, romerike } from "./support.js";

const placeholder = MESSAGES.en.newPersonName;

/** Romerike 2013 with two mentors gone and the others at capacity 1: no plan, and a diagnosis. */
function shortOfMentors(): CohortInput {
  const cohort = romerike();
  cohort.people = (cohort.people ?? []).filter((p) => p.id !== "gjerdrum-mentor-1" && p.id !== "nannestad-mentor-1");
  for (const p of cohort.people) if (p.role === "mentor") p.capacity = 1;
  return cohort;
}

describe("suggestedValue", () => {
  const cohort = romerike();
  const host = (value: string) => {
    const c = romerike();
    (c.trainees[1] as { host?: string }).host = value;
    return c;
  };
  it.each([
    ["the sheets' hint", { code: "unknown_reference", path: "trainees[0].host", message: 'no member has the id "Skedsmo kommune" (did you mean "skedsmo"?)' }, cohort, "skedsmo"],
    ["a Norwegian hint", { code: "unknown_reference", path: "people[0].member", message: 'ingen medlem har id-en "skedsmoo" (mente du "skedsmo"?)' }, cohort, "skedsmo"],
    ["a member's name for its id", { code: "unknown_reference", path: "trainees[1].host", message: 'no member has the id "Ullensaker kommune"' }, host("Ullensaker kommune"), "ullensaker"],
    ["an id in another case", { code: "unknown_reference", path: "trainees[1].host", message: 'no member has the id "Ullensaker"' }, host("Ullensaker"), "ullensaker"],
    ["a person's name", { code: "unknown_reference", path: "trainees[1].host", message: 'no member has the id "nowhere"' }, host("nowhere"), null],
    ["another code", { code: "too_small", path: "members[0].hostCapacity", message: "must not be negative" }, cohort, null],
    ["no place", { code: "unknown_reference", path: "", message: 'no member has the id "x"' }, cohort, null],
  ])("%s", (_, issue, c, expected) => {
    expect(suggestedValue(issue, c)).toBe(expected);
  });
});

describe("carriedIssues", () => {
  const sheet = (code: string, path: string, row: number | null = 3): ShownIssue => ({ source: "sheet", issue: { code, sheet: "Members", row, column: "Latitude", message: "", path } });
  it("keeps a whole file's problems and a cell that did not read while it is still empty", () => {
    const cohort = romerike();
    const unread = sheet("invalid_number", "members[1].location.lat");
    const file = sheet("unknown_column", "", null);
    const cohortProblem = sheet("too_small", "members[0].hostCapacity", 2);
    const filled = sheet("invalid_number", "members[0].hostCapacity", 2);
    delete (cohort.members[1] as { location?: unknown }).location;
    expect(carriedIssues([unread, file, cohortProblem, filled, { source: "cohort", issue: { code: "unknown_reference", path: "", message: "" } }], cohort)).toEqual([unread, file]);
  });
});

describe("suggestionEdit", () => {
  const cohort = shortOfMentors();
  const plan = planOf(cohort);

  it("makes a one-button edit of every suggested change of the diagnosis, and the raise gives a verified plan", () => {
    expect(plan.status).toBe("infeasible");
    const changes = plan.diagnosis.filter((item): item is DiagnosisItem & { change: NonNullable<DiagnosisItem["change"]> } => item.change !== null);
    expect(changes.length).toBeGreaterThan(0);
    for (const item of changes) {
      const edit = suggestionEdit(item.change, cohort, placeholder);
      expect(edit, item.code).not.toBeNull();
      const changed = structuredClone(cohort);
      applyEdit(changed, edit!);
      // Whatever the change, the cohort stays valid for the service.
      expect(validateCohort(changed), item.code).toEqual([]);
      const solved = solveCohort(changed, { timeLimitMs: 20_000 });
      if (!solved.ok) throw new Error(item.code);
      if (solved.plan.status === "optimal") expect(verifyPlan(changed, solved.plan).ok, item.code).toBe(true);
      if (item.code === "raise_mentor_capacity") expect(solved.plan.status).toBe("optimal");
    }
  });

  it.each([
    ["raise-capacity", { action: "raise-capacity", path: "members[0].hostCapacity", by: 2 }, { kind: "set", path: "members[0].hostCapacity", from: 0, value: 2 }],
    ["relax-rule", { action: "relax-rule", path: "rules.allowUnassigned" }, { kind: "set", path: "rules.allowUnassigned", from: undefined, value: true }],
    ["remove-pin", { action: "remove-pin", path: "pins[0]" }, { kind: "remove", path: "pins[0]" }],
    ["remove-pin of nothing", { action: "remove-pin", path: "pins[9]" }, null],
    ["raise-capacity without a path", { action: "raise-capacity", path: null, by: 1 }, null],
  ] as const)("%s", (_, partial, expected) => {
    const change = { member: null, person: null, period: null, role: null, specialization: null, outsideOrganisation: null, by: null, ...partial } as const;
    const c = romerike();
    (c.members[0] as { hostCapacity: number }).hostCapacity = 0;
    delete (c as { rules?: unknown }).rules;
    expect(suggestionEdit(change, c, placeholder)).toEqual(expected);
  });

  it("adds a person outside the organisation named, at the first member by name, with a free id", () => {
    const c = romerike();
    const change = { action: "add-person", path: null, member: null, person: null, period: null, role: "mentor", specialization: null, outsideOrganisation: "aurskog-holand", by: 2 } as const;
    const edit = suggestionEdit(change, c, placeholder);
    expect(edit).toEqual({
      kind: "add-person",
      person: { id: "enebakk-new-mentor-1", name: "New mentor 1", member: "enebakk", role: "mentor", capacity: 2, specializations: [] },
    });
    applyEdit(c, edit!);
    expect(suggestionEdit(change, c, placeholder)).toMatchObject({ person: { id: "enebakk-new-mentor-2" } });
  });
});

describe("uniqueDiagnosis", () => {
  it("keeps each suggested change once", () => {
    const [first, , third] = planOf(shortOfMentors()).diagnosis;
    const repeated = [first!, third!, { ...third!, message: "again" }, third!];
    const unique = uniqueDiagnosis(repeated);
    expect(unique.map((i) => i.message)).toEqual([first!.message, third!.message, "again"]);
    expect(unique.filter((i) => i.change !== null)).toHaveLength(2);
  });
});

describe("shortageFigures", () => {
  it("counts the trainees who need a place and the places there are", () => {
    const cohort = shortOfMentors();
    const short = planOf(cohort).diagnosis.find((i) => i.code === "mentors_short");
    expect(shortageFigures(short!, cohort)).toEqual({ needed: 8, places: 6 });
    expect(shortageFigures({ ...short!, code: "no_plan" }, cohort)).toBeNull();
  });
});

describe("sortByName", () => {
  it("sorts in Norwegian order, æ, ø and å last, numbers as numbers", () => {
    expect(sortByName(["Ås kommune", "Ørland", "Bærum", "Aurskog", "Ullensaker 10", "Ullensaker 9"], (s) => s)).toEqual([
      "Aurskog",
      "Bærum",
      "Ullensaker 9",
      "Ullensaker 10",
      "Ørland",
      "Ås kommune",
    ]);
  });
});

describe("rows of the file", () => {
  const at = (sheet: string, row: number | null, path: string, text?: string): ShownIssue => ({
    source: "sheet",
    issue: { code: "x", sheet, row, column: "C", message: "", path, ...(text === undefined ? {} : { text }) },
  });
  // The file had a blank row before Trainees row 5 (trainees[2]): the page's workbook has none.
  const rows = learnRows([at("Trainees", 5, "trainees[2].specialization"), at("Periods", 4, "programme.periods[2].at"), at("Members", null, "")]);

  it.each([
    ["the entry learnt", at("Trainees", 4, "trainees[2].host", "Traineer, rad 4, kolonne Vert: nei"), 5, "Traineer, rad 5, kolonne Vert: nei"],
    ["an entry below it", at("Trainees", 6, "trainees[4].host", "Trainees, row 6, column Host: no"), 7, "Trainees, row 7, column Host: no"],
    ["an entry above every one learnt", at("Trainees", 3, "trainees[1].host", "Trainees, row 3, column Host: no"), 3, "Trainees, row 3, column Host: no"],
    ["a period", at("Periods", 4, "programme.periods[2].months"), 4, undefined],
    ["a sheet with nothing learnt", at("People", 2, "people[0].member"), 2, undefined],
  ])("%s", (_, shown, row, text) => {
    const placed = inFileRows(shown, rows);
    expect(placed.source === "sheet" && [placed.issue.row, placed.issue.text]).toEqual([row, text]);
  });

  it("keeps the service's order when problems are carried into a new round", () => {
    const fresh = [at("Periods", 4, "a"), at("Members", 2, "b"), at("Members", 5, "c"), at("Trainees", 2, "d")];
    const carried = [at("Members", 3, "e"), at("Members", 9, "f"), at("Pins", 2, "g")];
    expect(mergeIssues(carried, fresh).map((s) => s.issue.path)).toEqual(["a", "b", "e", "c", "f", "d", "g"]);
  });
});
