/**
 * The figures a working group reports about a plan, for the page: the share of trainees at
 * their first, second and third choice, the average and longest travel in km, and each
 * member's capacity used as bar lengths. The same figures as the plan workbook's Summary
 * sheet (`planFigures` of @rotamatch/sheets, which a unit test compares with this); computed
 * here from @rotamatch/core/format because importing the sheets package into the page would
 * bundle its workbook reader and zod (about 150 kB) for a few lines of arithmetic.
 */
import { distanceKm } from "@rotamatch/core/format";
import type { CohortInput, Plan } from "./types.js";

/** How many placements were at each rank of a preference list (0 = first choice), of how many counted. */
export interface ChoiceCount {
  readonly total: number;
  /** Counts at the first, second and third choice; a member further down or not listed counts in `total` only. */
  readonly atRank: readonly number[];
}

export interface PlanFigures {
  /** Trainees whose host the plan chose (none given) and who listed host preferences, by the rank of their host. */
  readonly host: ChoiceCount;
  /** Away placements (trainee and away period) of trainees who listed away preferences, by the rank of the member. */
  readonly away: ChoiceCount;
  /** The mean of each travelling trainee's km (null when no one travels a known distance). */
  readonly averageTravelKm: number | null;
  /** The trainee who travels furthest, and how far (the first of equals, in plan order). */
  readonly longestTravel: { readonly trainee: string; readonly km: number } | null;
}

/**
 * A trainee's travel is the cost's: the great-circle km from the host to each away member,
 * summed over the away periods where both have a location; a trainee travels when at least
 * one away placement has a known distance.
 */
export function planFigures(cohort: CohortInput, plan: Plan): PlanFigures {
  const trainees = new Map(cohort.trainees.map((t) => [t.id, t]));
  const locations = new Map(cohort.members.flatMap((m) => (m.location === undefined ? [] : [[m.id, m.location] as const])));
  const awayPeriods = new Set(cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id));
  const host = { total: 0, atRank: [0, 0, 0] };
  const away = { total: 0, atRank: [0, 0, 0] };
  const count = (counted: { total: number; atRank: number[] }, preferences: readonly string[], member: string): void => {
    counted.total += 1;
    const rank = preferences.indexOf(member);
    if (rank >= 0 && rank < counted.atRank.length) counted.atRank[rank] = (counted.atRank[rank] ?? 0) + 1;
  };
  const travels: { trainee: string; km: number }[] = [];
  for (const a of plan.assignments) {
    const trainee = trainees.get(a.trainee);
    if (trainee === undefined) continue;
    const hostPreferences = trainee.hostPreferences ?? [];
    if (trainee.host === undefined && hostPreferences.length > 0 && a.host !== null) count(host, hostPreferences, a.host);
    const aways = a.placements.filter((p) => awayPeriods.has(p.period));
    const awayPreferences = trainee.awayPreferences ?? [];
    if (awayPreferences.length > 0) for (const p of aways) count(away, awayPreferences, p.member);
    const from = a.host === null ? undefined : locations.get(a.host);
    if (from === undefined) continue;
    let km: number | null = null;
    for (const p of aways) {
      const to = locations.get(p.member);
      if (to !== undefined) km = (km ?? 0) + distanceKm(from, to);
    }
    if (km !== null) travels.push({ trainee: a.trainee, km });
  }
  let longest: { trainee: string; km: number } | null = null;
  for (const t of travels) if (longest === null || t.km > longest.km) longest = t;
  const averageTravelKm = travels.length === 0 ? null : travels.reduce((sum, t) => sum + t.km, 0) / travels.length;
  return { host, away, averageTravelKm, longestTravel: longest };
}

/**
 * How long a capacity bar is filled, in percent: used against capacity, at most 100 (a plan
 * the verifier accepts never goes over, but a bar must not leave its box if one did). A member
 * with no capacity and no one placed has an empty bar.
 */
export function barPercent(used: number, capacity: number): number {
  if (used <= 0) return 0;
  if (capacity <= 0) return 100;
  return Math.min(100, (used / capacity) * 100);
}
