/** The calendar: RFC 5545 lines, folding and escaping, one event per placement and gathering, stable UIDs. */
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

  it("has one all-day event per placement period and per gathering, ending the day after", () => {
    const all = events(ics);
    const placements = plan.assignments.flatMap((a) => a.placements);
    expect(all).toHaveLength(placements.length + (romerike.programme.gatherings?.length ?? 0));
    const first = all[0] as Event;
    expect(first.get("DTSTART;VALUE=DATE")).toBe("20130819");
    expect(first.get("DTEND;VALUE=DATE")).toBe("20140219");
    expect(first.get("SUMMARY")).toBe("Emilie Grønli: part-1 at Skedsmo kommune");
    expect(all[1]?.get("SUMMARY")).toBe("Emilie Grønli: part-2 away at Lørenskog kommune");
    const kickOff = all.find((e) => e.get("SUMMARY") === "Kick-off") as Event;
    expect([kickOff.get("DTSTART;VALUE=DATE"), kickOff.get("DTEND;VALUE=DATE")]).toEqual(["20130819", "20130820"]);
    expect(new Set(all.map((e) => e.get("UID"))).size).toBe(all.length);
    expect(new Set(all.map((e) => e.get("DTSTAMP")))).toEqual(new Set(["20130819T000000Z"]));
  });

  it("is the same every time", () => {
    expect(writePlanIcs(romerike, plan)).toBe(ics);
  });
});

describe("one trainee's calendar", () => {
  it("has the trainee's periods and the gatherings, with the same UIDs as the whole calendar", () => {
    const whole = new Map(events(writePlanIcs(romerike, plan)).map((e) => [e.get("UID"), e]));
    const mine = events(writePlanIcs(romerike, plan, { trainee: "t2" }));
    expect(mine).toHaveLength(3 + 6);
    for (const event of mine) expect(whole.get(event.get("UID"))).toEqual(event);
    expect(mine.slice(0, 3).every((e) => e.get("SUMMARY")?.startsWith("Sander Bjerke: "))).toBe(true);
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
    // A plan without assignments (none found in time), so that the first event is the gathering.
    const none: PlanJson = { ...plan, status: "timedout", objective: null, bound: null, assignments: [], unassigned: [] };
    const gathering = events(writePlanIcs(cohort, none))[0] as Event;
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
