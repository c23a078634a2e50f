/**
 * The sweep's seeded pseudo-random numbers (splitmix32): the same seed always gives the same
 * sequence, so a run's perturbation depends only on its seed. Any safe integer is a seed.
 */
export type Random = () => number;

/** Floats in [0, 1) from `seed`. */
export function seededRandom(seed: number): Random {
  // Both halves of the seed count, so that seeds 2^32 apart differ.
  let state = (seed ^ Math.floor(seed / 2 ** 32) ^ 0x5f3759df) >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return ((z ^ (z >>> 15)) >>> 0) / 4294967296;
  };
}

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
