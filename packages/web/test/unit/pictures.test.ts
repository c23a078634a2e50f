/**
 * The pictures' pure layout (issue 15): the timeline's month axis and block positions, lanes
 * and filter; the map's projection, lines and loads; the capacity bars; and the summary
 * figures, which must be the plan workbook's (sheets' planFigures) to the last digit.
 */
import { generateCohort, verifyPlan } from "@rotamatch/core";
import { planFigures as sheetsFigures } from "@rotamatch/sheets";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineWidth, mapLayout, placeLabels, pointRadius, project } from "../../src/map-layout.js";
import { barPercent, planFigures } from "../../src/plan-figures.js";
import { dayNumber, matchesFilter, monthAxis, packLanes, place, programmeSpan, timelineLayout } from "../../src/timeline-layout.js";
import { planOf, romerike } from "./support.js";

const cohort = romerike();
const plan = planOf(cohort);

describe("the timeline's layout", () => {
  it.each([
    ["1970-01-01", 0],
    ["1970-01-02", 1],
    ["2013-08-19", 15936],
    ["2016-02-29", 16860],
  ])("counts %s as day %i", (iso, day) => {
    expect(dayNumber(iso)).toBe(day);
  });

  it("spans Romerike 2013 from its start to the end of its last period", () => {
    expect(programmeSpan(cohort, plan)).toEqual({ from: "2013-08-19", to: "2015-02-18" });
  });

  it("has one tick per calendar month touched, clipped at both ends, covering the span exactly once", () => {
    const ticks = monthAxis({ from: "2013-08-19", to: "2015-02-18" });
    expect(ticks).toHaveLength(19);
    expect(ticks[0]).toMatchObject({ month: 8, year: 2013, left: 0, firstOfYear: true });
    expect(ticks[1]).toMatchObject({ month: 9, year: 2013, firstOfYear: false });
    expect(ticks[5]).toMatchObject({ month: 1, year: 2014, firstOfYear: true });
    expect(ticks[18]).toMatchObject({ month: 2, year: 2015 });
    // August 2013 has 13 days in the span, February 2015 has 18, of 549 days.
    expect(ticks[0]?.width).toBeCloseTo((13 / 549) * 100, 10);
    expect(ticks[18]?.width).toBeCloseTo((18 / 549) * 100, 10);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]?.left).toBeCloseTo((ticks[i - 1]?.left ?? 0) + (ticks[i - 1]?.width ?? 0), 10);
    expect(ticks.reduce((sum, t) => sum + t.width, 0)).toBeCloseTo(100, 10);
  });

  it.each([
    // from, to (inclusive), left %, width %: a 10-day span, so each day is 10 %.
    ["2020-01-01", "2020-01-10", 0, 100],
    ["2020-01-01", "2020-01-01", 0, 10],
    ["2020-01-06", "2020-01-10", 50, 50],
    ["2019-12-25", "2020-01-02", 0, 20],
    ["2020-01-09", "2020-02-01", 80, 20],
    ["2020-02-01", "2020-02-05", 100, 0],
  ])("places %s – %s at %d percent, %d percent wide", (from, to, left, width) => {
    const where = place({ from: "2020-01-01", to: "2020-01-10" }, from, to);
    expect(where.left).toBeCloseTo(left, 10);
    expect(where.width).toBeCloseTo(width, 10);
  });

  it("puts every block of every trainee inside the span, in its period, the periods side by side", () => {
    const layout = timelineLayout(cohort, plan);
    expect(layout.trainees.map((t) => t.id)).toEqual(plan.assignments.map((a) => a.trainee));
    for (const line of layout.trainees) {
      expect(line.blocks.map((b) => b.period)).toEqual(["part-1", "part-2", "part-3"]);
      for (const b of line.blocks) {
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.left + b.width).toBeLessThanOrEqual(100 + 1e-9);
      }
      const [a, b, c] = line.blocks;
      expect(b?.left).toBeCloseTo((a?.left ?? 0) + (a?.width ?? 0), 10);
      expect(c?.left).toBeCloseTo((b?.left ?? 0) + (b?.width ?? 0), 10);
      expect(b?.at).toBe("away");
    }
    expect(layout.trainees[0]?.blocks[0]).toMatchObject({ memberName: "Skedsmo kommune", traineeName: "Emilie Grønli (t1)", from: "2013-08-19", to: "2014-02-18", changed: false });
    expect(layout.gatherings.map((g) => g.left)[0]).toBe(0);
    expect(layout.gatherings.every((g) => g.left >= 0 && g.left <= 100)).toBe(true);
  });

  it("marks the placements the highlight set names as changed", () => {
    const layout = timelineLayout(cohort, plan, (trainee, period) => trainee === "t3" && period === "part-2");
    const changed = layout.trainees.flatMap((t) => t.blocks).filter((b) => b.changed);
    expect(changed.map((b) => `${b.trainee}|${b.period}`)).toEqual(["t3|part-2"]);
  });

  it("gives each member lanes in which blocks never overlap, and every placement once", () => {
    const layout = timelineLayout(cohort, plan);
    expect(layout.members.map((m) => m.id)).toEqual(cohort.members.map((m) => m.id));
    const placed = layout.members.flatMap((m) => m.lanes.flat());
    expect(placed).toHaveLength(plan.assignments.reduce((n, a) => n + a.placements.length, 0));
    for (const member of layout.members) {
      for (const lane of member.lanes) for (let i = 1; i < lane.length; i++) expect((lane[i - 1]?.to ?? "") < (lane[i]?.from ?? "")).toBe(true);
      for (const block of member.lanes.flat()) expect(block.member).toBe(member.id);
    }
    // Ullensaker hosts two trainees at once: two lanes.
    expect(layout.members.find((m) => m.id === "ullensaker")?.lanes).toHaveLength(2);
  });

  it("packs any set of intervals into lanes without overlap (first fit)", () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 200 })).map(([start, length]) => ({
      from: new Date((16000 + start) * 86_400_000).toISOString().slice(0, 10),
      to: new Date((16000 + start + length) * 86_400_000).toISOString().slice(0, 10),
    }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), (blocks) => {
        const lanes = packLanes(blocks);
        expect(lanes.flat()).toHaveLength(blocks.length);
        for (const lane of lanes) for (let i = 1; i < lane.length; i++) expect((lane[i - 1]?.to ?? "") < (lane[i]?.from ?? "")).toBe(true);
        // First fit by start never needs more lanes than the most intervals sharing a day.
        const days = blocks.flatMap((b) => [b.from, b.to]);
        const most = Math.max(0, ...days.map((d) => blocks.filter((b) => b.from <= d && d <= b.to).length));
        expect(lanes.length).toBe(Math.max(1, most));
      }),
    );
  });

  it.each([
    ["emilie", ["t1"]],
    ["EMILIE grønli", ["t1"]],
    ["skedsmo", ["t1", "t7"]],
    ["project-management", ["t7"]],
    ["t4", ["t4"]],
    ["ullensaker nannestad", ["t2"]],
    ["nobody", []],
    ["", ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"]],
  ])("filters by %j", (query, ids) => {
    const layout = timelineLayout(cohort, plan);
    expect(layout.trainees.filter((t) => matchesFilter(t.search, query)).map((t) => t.id)).toEqual(ids);
  });
});

describe("the map's layout", () => {
  const box = { width: 800, height: 560, margin: 70 };

  it("scales longitude by the cosine of the middle latitude and fits the bounds, centred", () => {
    // 1° of longitude at 60° N is half a degree of latitude on the ground.
    const points = project([{ lat: 59, lon: 10 }, { lat: 61, lon: 14 }], { width: 400, height: 400, margin: 0 });
    const [a, b] = points;
    const dx = (b?.x ?? 0) - (a?.x ?? 0);
    const dy = (a?.y ?? 0) - (b?.y ?? 0);
    expect(dx / dy).toBeCloseTo((4 * Math.cos((60 * Math.PI) / 180)) / 2, 10);
    // Square extent (2 × 2 on the ground): it fills the box both ways, north at the top.
    expect(a?.x).toBeCloseTo(0, 10);
    expect(a?.y).toBeCloseTo(400, 10);
    expect(b?.x).toBeCloseTo(400, 10);
    expect(b?.y).toBeCloseTo(0, 10);
  });

  it.each([
    ["one place", [{ lat: 60, lon: 11 }]],
    ["two at one place", [{ lat: 60, lon: 11 }, { lat: 60, lon: 11 }]],
  ])("puts %s in the middle", (_, locations) => {
    for (const p of project(locations, box)) expect(p).toEqual({ x: 400, y: 280 });
    expect(project([], box)).toEqual([]);
  });

  it("keeps every point inside the margins, whatever the places", () => {
    const location = fc.record({ lat: fc.double({ min: -80, max: 80, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(location, { minLength: 1, maxLength: 20 }), (locations) => {
        for (const p of project(locations, box)) {
          expect(p.x).toBeGreaterThanOrEqual(box.margin - 1e-6);
          expect(p.x).toBeLessThanOrEqual(box.width - box.margin + 1e-6);
          expect(p.y).toBeGreaterThanOrEqual(box.margin - 1e-6);
          expect(p.y).toBeLessThanOrEqual(box.height - box.margin + 1e-6);
        }
      }),
    );
  });

  it("counts the away moves, host to away member, and each member's load", () => {
    const layout = mapLayout(cohort, plan, box);
    expect(layout.members).toHaveLength(cohort.members.length);
    expect(layout.members.every((m) => m.point !== null)).toBe(true);
    expect(layout.moves.reduce((n, m) => n + m.count, 0)).toBe(plan.assignments.length);
    for (const move of layout.moves) expect(move.from).not.toBe(move.to);
    const ullensaker = layout.members.find((m) => m.id === "ullensaker");
    expect(ullensaker?.hosts).toEqual({ used: 2, capacity: 2 });
    expect(ullensaker?.sends).toBe(2);
    expect(layout.members.reduce((n, m) => n + m.hosts.used, 0)).toBe(plan.assignments.length);
  });

  it("leaves a member without a location off the drawing, and its moves undrawn", () => {
    const without = romerike();
    delete (without.members.find((m) => m.id === "ullensaker") as { location?: unknown }).location;
    const layout = mapLayout(without, plan, box);
    expect(layout.members.find((m) => m.id === "ullensaker")?.point).toBeNull();
    for (const move of layout.moves.filter((m) => m.from === "ullensaker")) expect(move.a).toBeNull();
  });

  it("writes names where they cover no other name, no point and nothing outside the box", () => {
    const point = fc.record({ x: fc.double({ min: 0, max: 800, noNaN: true }), y: fc.double({ min: 0, max: 560, noNaN: true }) });
    const item = fc.record({ point, radius: fc.double({ min: 4, max: 10, noNaN: true }), name: fc.string({ minLength: 1, maxLength: 30 }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 25 }), (items) => {
        const places = placeLabels(items, box);
        const rects = places.flatMap((p, i) => {
          if (p === null) return [];
          const width = (items[i]?.name.length ?? 0) * 7;
          const x0 = p.anchor === "start" ? p.x : p.x - width;
          return [{ x0, x1: x0 + width, y0: p.y - 11, y1: p.y + 3, i }];
        });
        for (const r of rects) {
          expect(r.x0).toBeGreaterThanOrEqual(0);
          expect(r.x1).toBeLessThanOrEqual(box.width);
          for (const o of rects) if (o !== r) expect(r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1).toBe(false);
          items.forEach((other, j) => {
            if (j === r.i) return;
            const d = { x0: other.point.x - other.radius, x1: other.point.x + other.radius, y0: other.point.y - other.radius, y1: other.point.y + other.radius };
            expect(r.x0 < d.x1 && d.x0 < r.x1 && r.y0 < d.y1 && d.y0 < r.y1).toBe(false);
          });
        }
      }),
    );
    // Romerike 2013: most of the 14 names find a place; the first always does.
    const layout = mapLayout(cohort, plan, box);
    const places = placeLabels(layout.members.map((m) => ({ point: m.point ?? { x: 0, y: 0 }, radius: 6, name: m.name })), box);
    expect(places[0]).not.toBeNull();
    expect(places.filter((p) => p !== null).length).toBeGreaterThanOrEqual(10);
  });

  it.each([
    [1, 1, 1.5],
    [1, 5, 1.5],
    [5, 5, 8],
    [0, 5, 0],
  ])("draws %i of at most %i trainees %d px wide", (count, max, width) => {
    expect(lineWidth(count, max)).toBeCloseTo(width, 10);
  });

  it("grows lines and points with their counts", () => {
    for (let i = 1; i < 10; i++) expect(lineWidth(i + 1, 10)).toBeGreaterThan(lineWidth(i, 10));
    expect(pointRadius(0, 4)).toBe(4);
    expect(pointRadius(4, 4)).toBe(10);
    expect(pointRadius(1, 4)).toBe(7);
  });
});

describe("capacity bars", () => {
  it.each([
    [0, 0, 0],
    [0, 3, 0],
    [1, 2, 50],
    [2, 2, 100],
    [3, 2, 100],
    [1, 0, 100],
    [1, 3, 100 / 3],
  ])("fills %i of %i to %d percent", (used, capacity, percent) => {
    expect(barPercent(used, capacity)).toBeCloseTo(percent, 10);
  });
});

describe("the summary figures", () => {
  it("are those of the plan workbook for Romerike 2013", () => {
    expect(planFigures(cohort, plan)).toEqual(sheetsFigures(cohort, plan));
    const figures = planFigures(cohort, plan);
    expect(figures.away.total).toBe(8);
    expect(figures.longestTravel?.km).toBeGreaterThan(figures.averageTravelKm ?? Infinity);
  });

  it("are those of the plan workbook for a generated network, whose plan the verifier accepts", () => {
    const big = generateCohort({ trainees: 60, members: 25, hosts: "chosen", seed: 15 });
    const bigPlan = planOf(big);
    expect(verifyPlan(big, bigPlan).ok).toBe(true);
    expect(planFigures(big, bigPlan)).toEqual(sheetsFigures(big, bigPlan));
    const layout = timelineLayout(big, bigPlan);
    expect(layout.trainees).toHaveLength(60);
    expect(mapLayout(big, bigPlan, { width: 800, height: 560, margin: 70 }).moves.reduce((n, m) => n + m.count, 0)).toBeGreaterThan(0);
  });
});
