/** The plan by trainee, member, mentor and as a timeline, from the core's plan for Romerike 2013. */
import { describe, expect, it } from "vitest";
import { memberRows, mentorRows, timeline, traineeRows } from "../../src/plan-tables.js";
import { planOf, romerike } from "./support.js";

const cohort = romerike();
const plan = planOf(cohort);

describe("the plan tables", () => {
  it("name who has left the cohort by the cohort the plan was made for", () => {
    const now = romerike();
    now.trainees = now.trainees.filter((t) => t.id !== "t1");
    expect(traineeRows(now, plan)[0]?.label).toBe("t1");
    expect(traineeRows(now, plan, cohort)[0]?.label).toBe("Emilie Grønli (t1)");
  });

  it("has one row per trainee, with a placement in every period and the trainee's cost", () => {
    const rows = traineeRows(cohort, plan);
    expect(rows.map((r) => r.id)).toEqual(cohort.trainees.map((t) => t.id));
    for (const row of rows) {
      expect(row.placements).toHaveLength(cohort.programme.periods.length);
      expect(row.placements.every((p) => p !== null)).toBe(true);
    }
    const total = rows.reduce((sum, r) => sum + r.cost, 0);
    expect(total).toBeCloseTo(plan.objective ?? NaN, 6);
    expect(rows[0]?.label).toBe("Emilie Grønli (t1)");
  });

  it("counts each member's hosted and visiting trainees against its capacities", () => {
    const rows = memberRows(cohort, plan);
    expect(rows).toHaveLength(cohort.members.length);
    const hosted = rows.reduce((sum, r) => sum + r.hosts.used, 0);
    expect(hosted).toBe(cohort.trainees.length);
    for (const row of rows) {
      expect(row.hosts.used).toBeLessThanOrEqual(row.hosts.capacity);
      for (const v of row.visiting) expect(v.use.used).toBeLessThanOrEqual(v.use.capacity);
    }
    const visits = rows.flatMap((r) => r.visiting).reduce((sum, v) => sum + v.use.used, 0);
    expect(visits).toBe(cohort.trainees.length);
    const supervisors = rows.flatMap((r) => r.supervisors);
    expect(supervisors).toHaveLength(plan.assignments.length);
  });

  it("lists every mentor with the trainees they coach", () => {
    const rows = mentorRows(cohort, plan);
    expect(rows).toHaveLength((cohort.people ?? []).filter((p) => p.role === "mentor").length);
    expect(rows.reduce((sum, r) => sum + r.use.used, 0)).toBe(plan.assignments.length);
    for (const row of rows) expect(row.use.used).toBeLessThanOrEqual(row.use.capacity);
  });

  it("puts periods and gatherings in date order", () => {
    const entries = timeline(cohort, plan);
    expect(entries).toHaveLength(cohort.programme.periods.length + (cohort.programme.gatherings ?? []).length);
    const dates = entries.map((e) => e.from ?? "");
    expect([...dates].sort()).toEqual(dates);
    expect(entries[0]).toMatchObject({ kind: "period", from: "2013-08-19", to: "2014-02-18" });
    expect(entries[1]).toMatchObject({ kind: "gathering", name: "Kick-off" });
    const away = entries.find((e) => e.kind === "period" && e.period.at === "away");
    expect(away?.kind === "period" ? away.placements : []).toHaveLength(cohort.trainees.length);
    expect(away?.kind === "period" ? away.trainees : []).toEqual(plan.assignments.map((a) => a.trainee));
  });
});
