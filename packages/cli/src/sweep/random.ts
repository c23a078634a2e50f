/**
 * The sweep's random draws. The numbers come from the core's seededRandom (mulberry32), the
 * generator's own: one generator in rotamatch. The same seed always gives the same sequence, so
 * a run's perturbation depends only on its seed; any safe integer is a seed.
 */
import type { Random } from "@rotamatch/core";

export { seededRandom, type Random } from "@rotamatch/core";

/** `count` distinct items of `items` (all of them when there are fewer), in the order drawn. */
export function sampleWithoutReplacement<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const taken = Math.min(count, pool.length);
  for (let i = 0; i < taken; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, taken);
}
