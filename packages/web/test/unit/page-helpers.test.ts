/** Language choice, formatting, file kinds, edits by path and download names. */
import { describe, expect, it } from "vitest";
import { fileNameOf } from "../../src/api.js";
import { classifyFiles, removeAt, setAt } from "../../src/cohort-edit.js";
import { chooseLanguage, formatDate, formatNumber, formatPercent } from "../../src/i18n.js";

describe("chooseLanguage", () => {
  it("takes ?lang=, then the stored choice, then the browser's first Norwegian or English tag", () => {
    expect(chooseLanguage("nb", "en", ["en-GB"])).toBe("nb");
    expect(chooseLanguage(null, "nb", ["en-GB"])).toBe("nb");
    expect(chooseLanguage("xx", null, ["de-DE", "nn-NO", "en"])).toBe("nb");
    expect(chooseLanguage(null, null, ["no"])).toBe("nb");
    expect(chooseLanguage(null, null, ["en-US", "nb-NO"])).toBe("en");
    expect(chooseLanguage(null, null, ["de-DE"])).toBe("en");
  });
});

describe("formatting", () => {
  it("writes numbers, percentages and dates the way each language does", () => {
    expect(formatNumber(42.4912, "en")).toBe("42.49");
    expect(formatNumber(42.4912, "nb")).toBe("42,49");
    expect(formatPercent(0.0036, "en")).toBe("0.36%");
    expect(formatDate("2013-08-19", "en")).toBe("19 Aug 2013");
    expect(formatDate("2013-08-19", "nb")).toBe("19. aug. 2013");
    expect(formatDate("not a date", "nb")).toBe("not a date");
  });
});

describe("classifyFiles", () => {
  const file = (name: string) => new File(["x"], name);
  it("tells one workbook, one JSON file and CSV files apart, and refuses the rest", () => {
    expect(classifyFiles([file("cohort.XLSX")]).kind).toBe("xlsx");
    expect(classifyFiles([file("cohort.ods")])).toMatchObject({ kind: "xlsx" }); // LibreOffice's workbook goes the same way
    expect(classifyFiles([file("cohort.json")]).kind).toBe("json");
    expect(classifyFiles([file("members.csv"), file("trainees.csv")]).kind).toBe("csv");
    expect(classifyFiles([file("members.csv"), file("cohort.json")]).kind).toBe("mixed");
    expect(classifyFiles([file("a.json"), file("b.json")]).kind).toBe("mixed");
    expect(classifyFiles([file("notes.txt")])).toEqual({ kind: "unknown", name: "notes.txt" });
  });
});

describe("edits by path", () => {
  it("set, delete and remove entries", () => {
    const cohort = { members: [{ id: "a", hostCapacity: 1 }], trainees: [{ id: "t1", host: "a" }], pins: [{ trainee: "t1" }, { trainee: "t2" }] };
    expect(setAt(cohort, "members[0].hostCapacity", 3)).toBe(true);
    expect(cohort.members[0]?.hostCapacity).toBe(3);
    expect(setAt(cohort, "trainees[0].host", undefined)).toBe(true);
    expect(cohort.trainees[0]).toEqual({ id: "t1" });
    expect(setAt(cohort, "members[5].hostCapacity", 1)).toBe(false);
    expect(removeAt(cohort, "pins[0]")).toBe(true);
    expect(cohort.pins).toEqual([{ trainee: "t2" }]);
    expect(removeAt(cohort, "pins[4]")).toBe(false);
  });
});

describe("fileNameOf", () => {
  it("reads Content-Disposition, the UTF-8 name first", () => {
    expect(fileNameOf('attachment; filename="plan.xlsx"')).toBe("plan.xlsx");
    expect(fileNameOf("attachment; filename=plan.csv")).toBe("plan.csv");
    expect(fileNameOf(`attachment; filename="Romerike.ics"; filename*=UTF-8''R%C3%B8mer.ics`)).toBe("Rømer.ics");
    expect(fileNameOf(null)).toBeNull();
  });
});

describe("the plan's CSV files", () => {
  it("are the ones @rotamatch/sheets writes, the plan itself first", async () => {
    const { PLAN_SHEETS } = await import("@rotamatch/sheets");
    const { PLAN_CSV_FILES } = await import("../../src/views/downloads.js");
    expect([...PLAN_CSV_FILES].sort()).toEqual(PLAN_SHEETS.map((s) => s.file).sort());
    expect(PLAN_CSV_FILES[0]).toBe("plan.csv");
  });
});
