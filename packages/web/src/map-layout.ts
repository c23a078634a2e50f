/**
 * The map's geometry and content, as plain data the view turns into SVG and a table: the
 * members at their locations, projected equirectangularly (longitude scaled by the cosine of
 * the middle latitude, so that at 60° N a degree east is drawn half as long as a degree north,
 * as it is on the ground) and fitted to a box; each member's load; and the away moves, host to
 * away member, weighted by how many trainees make them. No tiles: the page must work offline,
 * and the cohort's coordinates are all it needs. Pure functions, tested without a browser.
 */
import { planByMember } from "@rotamatch/core/format";
import { cohortNames } from "./words.js";
import type { CohortInput, Plan } from "./types.js";

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The drawing's size and the margin kept free on each side (for the points and their names). */
export interface Box {
  readonly width: number;
  readonly height: number;
  readonly margin: number;
}

/**
 * Each location's point in the box: equirectangular, x = lon × cos(middle latitude), y = −lat,
 * scaled alike on both axes (so shapes keep their proportions) to fit inside the margins, and
 * centred. A single place, or places all at one point, go to the middle.
 */
export function project(locations: readonly LatLon[], box: Box): Point[] {
  if (locations.length === 0) return [];
  const lats = locations.map((l) => l.lat);
  const middle = ((Math.min(...lats) + Math.max(...lats)) / 2) * (Math.PI / 180);
  const k = Math.cos(middle);
  const raw = locations.map((l) => ({ x: l.lon * k, y: -l.lat }));
  const xs = raw.map((p) => p.x);
  const ys = raw.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const innerW = Math.max(0, box.width - 2 * box.margin);
  const innerH = Math.max(0, box.height - 2 * box.margin);
  const spanX = x1 - x0;
  const spanY = y1 - y0;
  const scale = spanX === 0 && spanY === 0 ? 0 : Math.min(spanX === 0 ? Infinity : innerW / spanX, spanY === 0 ? Infinity : innerH / spanY);
  const offsetX = box.margin + (innerW - spanX * scale) / 2;
  const offsetY = box.margin + (innerH - spanY * scale) / 2;
  return raw.map((p) => ({ x: offsetX + (p.x - x0) * scale, y: offsetY + (p.y - y0) * scale }));
}

/** Places used against a capacity. */
export interface Load {
  readonly used: number;
  readonly capacity: number;
}

export interface MapMember {
  readonly id: string;
  readonly name: string;
  /** Null for a member without a location: listed in the table, not drawn. */
  readonly point: Point | null;
  readonly hosts: Load;
  /** One per away period, in programme order. */
  readonly visiting: readonly (Load & { readonly period: string })[];
  /** Trainees it sends away and receives, counted over the away periods. */
  readonly sends: number;
  readonly receives: number;
}

/** Trainees hosted by `from` who spend an away period at `to`, over all away periods. */
export interface Move {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  /** Both ends are drawn (both have a location). */
  readonly a: Point | null;
  readonly b: Point | null;
}

export interface MapLayout {
  readonly box: Box;
  readonly members: readonly MapMember[];
  /** Heaviest first, then by the hosts' and away members' order in the cohort. */
  readonly moves: readonly Move[];
  readonly maxCount: number;
}

export function mapLayout(cohort: CohortInput, plan: Plan, box: Box, earlier: CohortInput | null = null): MapLayout {
  const names = cohortNames(cohort, earlier);
  const located = cohort.members.filter((m) => m.location !== undefined);
  const points = project(
    located.map((m) => m.location as LatLon),
    box,
  );
  const pointOf = new Map(located.map((m, i) => [m.id, points[i] ?? null]));
  const awayPeriods = new Set(cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id));
  const counts = new Map<string, number>();
  for (const a of plan.assignments) {
    if (a.host === null) continue;
    for (const p of a.placements) {
      if (!awayPeriods.has(p.period) || p.member === a.host) continue;
      const key = `${a.host}\u0000${p.member}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const order = new Map(cohort.members.map((m, i) => [m.id, i]));
  const moves = [...counts.entries()]
    .map(([key, count]): Move => {
      const [from = "", to = ""] = key.split("\u0000");
      return { from, to, count, a: pointOf.get(from) ?? null, b: pointOf.get(to) ?? null };
    })
    .sort((x, y) => y.count - x.count || (order.get(x.from) ?? 0) - (order.get(y.from) ?? 0) || (order.get(x.to) ?? 0) - (order.get(y.to) ?? 0));
  const sends = new Map<string, number>();
  const receives = new Map<string, number>();
  for (const m of moves) {
    sends.set(m.from, (sends.get(m.from) ?? 0) + m.count);
    receives.set(m.to, (receives.get(m.to) ?? 0) + m.count);
  }
  const members = planByMember(cohort, plan).map(
    (load): MapMember => ({
      id: load.member,
      name: names.member(load.member),
      point: pointOf.get(load.member) ?? null,
      hosts: { used: load.hosted.length, capacity: load.hostCapacity },
      visiting: load.periods.filter((p) => p.at === "away").map((p) => ({ period: p.period, used: p.trainees.length, capacity: p.capacity })),
      sends: sends.get(load.member) ?? 0,
      receives: receives.get(load.member) ?? 0,
    }),
  );
  return { box, members, moves, maxCount: moves.reduce((max, m) => Math.max(max, m.count), 0) };
}

/** A move's line width: 1.5 px for one trainee, growing with the square root of the count to 8 px for the heaviest. */
export function lineWidth(count: number, maxCount: number): number {
  if (count <= 0 || maxCount <= 0) return 0;
  if (maxCount === 1) return 1.5;
  return 1.5 + 6.5 * Math.sqrt((count - 1) / (maxCount - 1));
}

/** A member's point radius: 4 px, and up to 10 px with the trainees it hosts (as area, so by square root). */
export function pointRadius(hosted: number, maxHosted: number): number {
  if (hosted <= 0 || maxHosted <= 0) return 4;
  return 4 + 6 * Math.sqrt(hosted / maxHosted);
}

/** Where a point's name is written: its anchor point and side, or null when every place would cover another name. */
export interface LabelPlace {
  readonly x: number;
  readonly y: number;
  readonly anchor: "start" | "end";
}

/**
 * Names beside their points without covering each other: each name, in order, takes the first
 * free place of right, left, above right, below right, above left, below left of its point
 * (its size estimated from its length at `charWidth` per character and `height`), inside the
 * box; a name with no free place is left out (it still shows on hover and focus, and in the
 * table).
 */
export function placeLabels(
  points: readonly { readonly point: Point; readonly radius: number; readonly name: string }[],
  box: Box,
  charWidth = 7,
  height = 14,
): (LabelPlace | null)[] {
  const taken: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const dots = points.map(({ point, radius }) => ({ x0: point.x - radius, x1: point.x + radius, y0: point.y - radius, y1: point.y + radius }));
  const overlaps = (a: { x0: number; x1: number; y0: number; y1: number }, b: typeof a) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  return points.map(({ point, radius, name }, i) => {
    const width = name.length * charWidth;
    const gap = radius + 4;
    const tries: LabelPlace[] = [
      { x: point.x + gap, y: point.y + 4, anchor: "start" },
      { x: point.x - gap, y: point.y + 4, anchor: "end" },
      { x: point.x + gap, y: point.y - height + 2, anchor: "start" },
      { x: point.x + gap, y: point.y + height + 4, anchor: "start" },
      { x: point.x - gap, y: point.y - height + 2, anchor: "end" },
      { x: point.x - gap, y: point.y + height + 4, anchor: "end" },
    ];
    for (const place of tries) {
      const x0 = place.anchor === "start" ? place.x : place.x - width;
      const rect = { x0, x1: x0 + width, y0: place.y - height + 3, y1: place.y + 3 };
      if (rect.x0 < 0 || rect.x1 > box.width || rect.y0 < 0 || rect.y1 > box.height) continue;
      if (taken.some((r) => overlaps(r, rect)) || dots.some((d, j) => j !== i && overlaps(d, rect))) continue;
      taken.push(rect);
      return place;
    }
    return null;
  });
}
