/** The human table: alignment, rounding, labels and sections. */
import { cohortSchema, type Plan, type PlanJson } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { displayWidth, formatAmount, renderColumns, renderHeader, renderPlanTable, sumCost } from "../src/table.js";
import { validCohort } from "./fixtures/cohorts.js";

const cohort = cohortSchema.parse(validCohort);

function plan(overrides: Partial<PlanJson>): Plan {
  return <Plan>{ format: "rotamatch.plan/v1", status: "optimal", objective: 0, bound: 0, assignments: [], unassigned: [], diagnosis: [], ...overrides };
}

describe("renderColumns", () => {
  it("pads every cell to its column's widest entry, two spaces apart, without trailing spaces", () => {
    const text = renderColumns(["A", "Bee", "N"], [["Øystein", "x", "1.00"], ["Bo", "longer", "12.50"]], new Set([2]));
    expect(text.split("\n")).toEqual(["A        Bee         N", "Øystein  x        1.00", "Bo       longer  12.50"]);
  });

  it("counts accented letters once, however they are encoded", () => {
    expect(displayWidth("Ø")).toBe(1);
    expect(displayWidth("A\u030A")).toBe(1); // A + combining ring = Å
    expect(displayWidth("Ullensaker – Nes")).toBe(16);
  });
});

describe("amounts", () => {
  it("rounds to 2 decimals and never shows -0.00", () => {
    expect(formatAmount(412.7)).toBe("412.70");
    expect(formatAmount(0.125)).toBe("0.13");
    expect(formatAmount(-0.001)).toBe("0.00");
    expect(formatAmount(0)).toBe("0.00");
  });

  it("sums a trainee's cost terms, missing terms counting 0", () => {
    expect(sumCost({ awayRank: 10, travelPerKm: 1.5 })).toBe(11.5);
    expect(sumCost({})).toBe(0);
  });
});

describe("renderHeader", () => {
  it("shows the gap as an amount and a share of the objective", () => {
    expect(renderHeader(plan({ status: "feasible", objective: 200, bound: 150 }), cohort)).toBe(
      "Test programme 2013 — feasible — objective 200.00, bound 150.00 (gap 50.00, 25.00%)",
    );
    expect(renderHeader(plan({ status: "feasible", objective: 0, bound: 0 }), cohort)).toBe(
      "Test programme 2013 — feasible — objective 0.00, bound 0.00 (gap 0%)",
    );
    expect(renderHeader(plan({ status: "feasible", objective: 1e6, bound: 1e6 - 1 }), cohort)).toBe(
      "Test programme 2013 — feasible — objective 1000000.00, bound 999999.00 (gap 1.00, <0.01%)",
    );
  });

  it("counts the unassigned roles", () => {
    const unassigned = [{ trainee: "t1", role: "mentor" as const, reason: "No mentor is free." }];
    expect(renderHeader(plan({ unassigned }), cohort)).toBe("Test programme 2013 — optimal — objective 0.00, bound 0.00 (gap 0%) — 1 role unassigned");
  });
});

describe("renderPlanTable", () => {
  it("shows a placement-less role as — and an empty cohort as such", () => {
    const text = renderPlanTable(
      plan({
        assignments: [{ trainee: "t1", host: null, supervisor: null, mentor: null, placements: [], cost: {} }],
        unassigned: [{ trainee: "t1", role: "host", reason: "No member can host a water trainee." }],
      }),
      cohort,
    );
    expect(text).toContain("Kari Nordmann  —     —     —           —       0.00\n");
    expect(text).toContain("Roles left unassigned (1):\n  Kari Nordmann, host: No member can host a water trainee.\n");
    expect(renderPlanTable(plan({}), cohortSchema.parse({ ...validCohort, trainees: [] }))).toBe(
      "Test programme 2013 — optimal — objective 0.00, bound 0.00 (gap 0%)\n\nThe cohort has no trainees.\n",
    );
  });

  it("tells apart trainees who share a name", () => {
    const twins = cohortSchema.parse({
      ...validCohort,
      trainees: [
        { id: "t1", name: "Kari", specialization: "water", host: "skedsmo" },
        { id: "t2", name: "Kari", specialization: "water", host: "nrv-nra" },
      ],
    });
    const row = (trainee: string) => ({ trainee, host: "skedsmo", supervisor: null, mentor: null, placements: [], cost: {} });
    const text = renderPlanTable(plan({ assignments: [row("t1"), row("t2")] }), twins);
    expect(text).toContain("\nKari (t1)  ");
    expect(text).toContain("\nKari (t2)  ");
  });

  it("lists every away placement of a trainee in programme order", () => {
    const twoAway = cohortSchema.parse({
      ...validCohort,
      programme: {
        ...validCohort.programme,
        periods: [
          { id: "p1", months: 4, at: "host" },
          { id: "p2", months: 4, at: "away" },
          { id: "p3", months: 4, at: "away" },
        ],
      },
    });
    const text = renderPlanTable(
      plan({
        assignments: [
          {
            trainee: "t2",
            host: "nrv-nra",
            supervisor: "sup-nrv",
            mentor: "mentor-skedsmo",
            placements: [
              { period: "p1", member: "nrv-nra", from: "2013-08-19", to: "2013-12-18" },
              { period: "p2", member: "skedsmo", from: "2013-12-19", to: "2014-04-18" },
              { period: "p3", member: "other", from: "2014-04-19", to: "2014-08-18" },
            ],
            cost: { awayRank: 2.5 },
          },
        ],
      }),
      twoAway,
    );
    expect(text).toContain("t2       nrv-nra  skedsmo (2013-12-19 – 2014-04-18), other (2014-04-19 – 2014-08-18)  sup-nrv     mentor-skedsmo  2.50");
  });
});
