/** Plain words for places, issues and diagnoses, in English and Norwegian. */
import { validateCohort, type Issue } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "../../src/i18n.js";
import { suggestionEdit } from "../../src/fixes.js";
import { describeDiagnosis, describeIssue, describePlace, parsePath, valueAt } from "../../src/words.js";
import { planOf, romerike } from "./support.js";

describe("paths", () => {
  it("are split into names and indexes", () => {
    expect(parsePath("trainees[3].specialization")).toEqual(["trainees", 3, "specialization"]);
    expect(parsePath('weights["odd key"]')).toEqual(["weights", "odd key"]);
    expect(parsePath("")).toEqual([]);
  });

  it("point at values in the cohort", () => {
    const cohort = romerike();
    expect(valueAt(cohort, "members[1].hostCapacity")).toBe(cohort.members[1]?.hostCapacity);
    expect(valueAt(cohort, "members[99].hostCapacity")).toBeUndefined();
  });
});

describe("describePlace", () => {
  const cohort = romerike();
  it("names the entry and the field, in both languages", () => {
    expect(describePlace("trainees[3].specialization", cohort, "en")).toBe("Trainee Kristian Helle (t4), specialization");
    expect(describePlace("trainees[3].specialization", cohort, "nb")).toBe("Trainee Kristian Helle (t4), spesialisering");
    expect(describePlace("members[1].hostCapacity", cohort, "en")).toBe("Member Fet kommune, trainees it can host");
    expect(describePlace("members[1].awayCapacity", cohort, "nb")).toBe("Medlem Fet kommune, besøkende trainees per borteperiode");
    expect(describePlace("pins[0].member", cohort, "nb")).toBe("Låsing 1, medlem");
    expect(describePlace("programme.periods[1].months", cohort, "en")).toBe("Programme, Period part-2, months");
    expect(describePlace("rules.allowUnassigned", cohort, "en")).toBe("Rules, allowUnassigned");
    expect(describePlace("", cohort, "nb")).toBe("Hele kullet");
  });

  it("falls back to the position when the entry is missing", () => {
    expect(describePlace("trainees[40].host", cohort, "en")).toBe("Trainee 41, host");
    expect(describePlace("members[0].id", null, "en")).toBe("Member 1, id");
  });
});

describe("describeIssue", () => {
  it("keeps the service's sentence in English, and words the code with the value in Norwegian", () => {
    const cohort = romerike();
    (cohort.trainees[2] as { host?: string }).host = "nowhere";
    const issues = validateCohort(cohort);
    const issue = issues.find((i) => i.path === "trainees[2].host") as Issue;
    expect(describeIssue(issue, cohort, "en")).toEqual({ text: issue.message, english: null });
    const nb = describeIssue(issue, cohort, "nb");
    expect(nb.text).toBe("«nowhere» viser til noe som ikke finnes i kullet.");
    expect(nb.english).toBe(issue.message);
  });

  it("has a Norwegian sentence for every issue code of the core", async () => {
    const { ISSUE_CODES } = await import("@rotamatch/core");
    for (const code of ISSUE_CODES) expect(MESSAGES.nb.issueCodes[code], code).toBeDefined();
  });
});

describe("describeDiagnosis", () => {
  /** Romerike with no away places but one: every away period is short. */
  function tooFewAwayPlaces() {
    const cohort = romerike();
    cohort.pins = [];
    cohort.forbid = [];
    for (const m of cohort.members) m.awayCapacity = 0;
    (cohort.members[0] as { awayCapacity: number }).awayCapacity = 2;
    return cohort;
  }

  it("words every item in Norwegian, with its suggested change, and keeps the English", () => {
    const cohort = tooFewAwayPlaces();
    const plan = planOf(cohort);
    expect(plan.status).toBe("infeasible");
    for (const item of plan.diagnosis) {
      const nb = describeDiagnosis(item, cohort, "nb");
      expect(nb.text, item.code).not.toBe(item.message);
      expect(nb.english).toBe(item.message);
      expect(describeDiagnosis(item, cohort, "en")).toEqual({ text: item.message, change: null, english: null });
    }
    const raise = plan.diagnosis.find((i) => i.code === "raise_away_capacity");
    expect(describeDiagnosis(raise!, cohort, "nb").text).toBe(
      "Øk antall besøkende trainees Aurskog-Høland kommune kan ta per borteperiode, med 3 (fra 2 til 5). " +
        "Det gir plass til Emilie Grønli (t1), Sander Bjerke (t2), Kristian Helle (t4), Marie Holmen (t5) og Vegard Stensrud (t8).",
    );
    // As complete as the English, which names the same trainees.
    for (const name of ["Emilie Grønli", "Vegard Stensrud"]) expect(raise!.message).toContain(name);
  });

  it("gives the value a raise-capacity change sets (fixes.ts)", () => {
    const cohort = tooFewAwayPlaces();
    const raise = planOf(cohort).diagnosis.find((i) => i.code === "raise_away_capacity");
    expect(suggestionEdit(raise?.change ?? null, cohort, MESSAGES.en.newPersonName)).toEqual({ kind: "set", path: "members[0].awayCapacity", from: 2, value: 5 });
    expect(suggestionEdit(null, cohort, MESSAGES.en.newPersonName)).toBeNull();
  });
});
