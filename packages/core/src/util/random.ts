/**
 * Seeded pseudo-random numbers, the one generator for everything in rotamatch that draws at
 * random: the cohort generator (generateCohort) and the command line's sweep. mulberry32: small,
 * fast, and the same seed always gives the same sequence, on every platform.
 */

/** Floats in [0, 1). */
export type Random = () => number;

/**
 * The sequence of `seed`, any safe integer. The low 32 bits of |seed| set the state and a
 * negative seed flips some of them: the generator's seeding since its first version, so that a
 * seed's generated cohort keeps its bytes. The bits above the low 32 are mixed in as well, so that
 * seeds 2^32 apart differ; they are zero below 2^32, where nothing changes.
 */
export function seededRandom(seed: number): Random {
  const magnitude = Math.abs(seed);
  let state = (magnitude % 2 ** 32) >>> 0;
  if (seed < 0) state = (state ^ 0x9e3779b9) >>> 0;
  const high = Math.floor(magnitude / 2 ** 32);
  // An odd multiplier maps distinct high parts to distinct words.
  if (high !== 0) state = (state ^ Math.imul(high, 0x85ebca6b)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
