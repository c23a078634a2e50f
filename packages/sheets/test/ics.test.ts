/**
 * The calendar: RFC 5545 lines, folding and escaping; the cohort's calendar with each period's
 * first and last day and the gatherings; a trainee's with its placements; stable UIDs.
 */
import { readFileSync } from "node:fs";
import { solveCohort, type CohortInput, type Plan, type PlanJson } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { writePlanIcs } from "../src/index.js";
import { foldLine } from "../src/write/ics.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
const plan: Plan = solved.plan;

type Event = Map<string, string>;

/** The day after a YYYYMMDD date, as YYYYMMDD. */
function dayAfter(date: string): string {
  const next = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)) + 1));
  return next.toISOString().slice(0, 10).replaceAll("-", "");
}

/** Unfolds the lines and reads the events' properties (name with parameters -> value). */
function events(ics: string): Event[] {
  const lines = ics.replace(/\r\n /g, "").split("\r\n");
  const out: Event[] = [];
  let current: Event | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = new Map();
    else if (line === "END:VEVENT" && current !== null) {
      out.push(current);
      current = null;
    } else if (current !== null) {
      const colon = line.indexOf(":");
      current.set(line.slice(0, colon), line.slice(colon + 1));
    }
  }
  return out;
}

describe("the whole cohort's calendar", () => {
  const ics = writePlanIcs(romerike, plan);

  it("is a calendar of CRLF lines no longer than 75 octets", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of ics.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it("has each period's first and last day and the gatherings, one day each: no six-month bars", () => {
    const all = events(ics);
    expect(all).toHaveLength(2 * romerike.programme.periods.length + (romerike.programme.gatherings?.length ?? 0));
    for (const e of all) expect(dayAfter(e.get("DTSTART;VALUE=DATE") as string)).toBe(e.get("DTEND;VALUE=DATE"));
    expect(all.slice(0, 6).map((e) => [e.get("SUMMARY"), e.get("DTSTART;VALUE=DATE")])).toEqual([
      ["part-1 starts (at the host)", "20130819"],
      ["part-1 ends", "20140218"],
      ["part-2 starts (away period)", "20140219"],
      ["part-2 ends", "20140818"],
      ["part-3 starts (at the host)", "20140819"],
      ["part-3 ends", "20150218"],
    ]);
    const kickOff = all.find((e) => e.get("SUMMARY") === "Kick-off") as Event;
    expect([kickOff.get("DTSTART;VALUE=DATE"), kickOff.get("DTEND;VALUE=DATE")]).toEqual(["20130819", "20130820"]);
    expect(new Set(all.map((e) => e.get("UID"))).size).toBe(all.length);
    expect(new Set(all.map((e) => e.get("DTSTAMP")))).toEqual(new Set(["20130819T000000Z"]));
  });

  it("says on a period's first day where every trainee is", () => {
    const start = events(ics).find((e) => e.get("SUMMARY") === "part-2 starts (away period)") as Event;
    const lines = (start.get("DESCRIPTION") ?? "").split("\\n");
    expect(lines.slice(0, 3)).toEqual([
      "Tekniske Tjenester Romerike\\, traineeprogram 2013-2015\\, period part-2 (2014-02-19 to 2014-08-18)",
      `${plan.assignments.length} trainees\\, where each is:`,
      "Emilie Grønli: Lørenskog kommune",
    ]);
    expect(lines).toHaveLength(2 + plan.assignments.length);
  });

  it("is the same every time", () => {
    expect(writePlanIcs(romerike, plan)).toBe(ics);
  });
});

describe("one trainee's calendar", () => {
  it("has the trainee's whole periods and the gatherings, with the gatherings' UIDs of the cohort's calendar", () => {
    const whole = new Map(events(writePlanIcs(romerike, plan)).map((e) => [e.get("UID"), e]));
    const mine = events(writePlanIcs(romerike, plan, { trainee: "t2" }));
    expect(mine).toHaveLength(3 + 6);
    for (const event of mine.slice(3)) expect(whole.get(event.get("UID"))).toEqual(event);
    expect(mine.slice(0, 3).every((e) => e.get("SUMMARY")?.startsWith("Sander Bjerke: "))).toBe(true);
    expect(mine.slice(0, 3).map((e) => [e.get("DTSTART;VALUE=DATE"), e.get("DTEND;VALUE=DATE")])).toEqual([
      ["20130819", "20140219"],
      ["20140219", "20140819"],
      ["20140819", "20150219"],
    ]);
  });

  it("has one all-day event per placement, ending the day after its last day", () => {
    const first = events(writePlanIcs(romerike, plan, { trainee: "t1" }));
    expect(first[0]?.get("SUMMARY")).toBe("Emilie Grønli: part-1 at Skedsmo kommune");
    expect(first[1]?.get("SUMMARY")).toBe("Emilie Grønli: part-2 away at Lørenskog kommune");
    expect(first[0]?.get("LOCATION")).toBe("Skedsmo kommune");
  });

  it("refuses a trainee the cohort does not have", () => {
    expect(() => writePlanIcs(romerike, plan, { trainee: "nobody" })).toThrow(RangeError);
  });
});

describe("text", () => {
  it("escapes backslashes, semicolons, commas and line breaks", () => {
    const cohort: CohortInput = {
      ...romerike,
      programme: { ...romerike.programme, gatherings: [{ name: "A; B, C\\D\nE", date: "2014-01-02" }] },
    };
    // A plan without assignments (none found in time): the calendar has the periods and the gathering.
    const none: PlanJson = { ...plan, status: "timedout", objective: null, bound: null, assignments: [], unassigned: [] };
    const gathering = events(writePlanIcs(cohort, none)).find((e) => e.get("SUMMARY")?.startsWith("A")) as Event;
    expect(gathering.get("SUMMARY")).toBe("A\\; B\\, C\\\\D\\nE");
  });

  it("folds long lines without splitting a character", () => {
    const line = `SUMMARY:${"ø".repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n").filter((p) => p !== "");
    expect(parts.every((p) => new TextEncoder().encode(p).length <= 75)).toBe(true);
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(folded.replace(/\r\n /g, "")).toBe(`${line}\r\n`);
  });
});
