/**
 * The generator's draws from a seeded stream (util/random.ts): whole numbers, one item, an index
 * by weight, a weighted sample, a shuffle. Shared by the cohort and its history, so that both
 * draw in the same way.
 */
import type { Random } from "../util/random.js";

export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pickOne<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pickOne: empty list");
  return item;
}

/** Index drawn with probability proportional to its weight; -1 when every weight is 0. */
export function pickWeighted(random: Random, weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i] ?? 0;
  return pickWeightedWithTotal(random, weights, total);
}

/** pickWeighted, for a caller that has already summed the weights, in index order. */
export function pickWeightedWithTotal(random: Random, weights: ArrayLike<number>, total: number): number {
  if (!(total > 0)) return -1;
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    if (w <= 0) continue;
    r -= w;
    if (r < 0) return i;
  }
  for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return i;
  return -1;
}

/** Up to `count` distinct items, each draw proportional to its weight among those left. */
export function sampleWeighted<T>(random: Random, items: readonly T[], weightOf: (item: T) => number, count: number): T[] {
  const weights = items.map(weightOf);
  const out: T[] = [];
  while (out.length < count) {
    const i = pickWeighted(random, weights);
    if (i === -1) break;
    out.push(items[i] as T);
    weights[i] = 0;
  }
  return out;
}

export function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
