/**
 * The volume algorithm (Barahona and Anbil, 2000) for one block of Lagrange multipliers,
 * maximising L(λ) for capacity rows "use <= capacity". It keeps the best multipliers found (the
 * centre) and steps from there, along the capacity excess of an exponential average of the
 * relaxed choices' use rather than of the last one alone; the step factor f grows after steps
 * that improve and go on improving ("green"), and shrinks after RED_LIMIT steps that do not.
 *
 * Measured on generated networks, the plain Polyak subgradient (stepping from the last point
 * along the last choice's excess) zig-zagged between overloaded and idle places and stalled
 * near a 0.7 % gap on 20 trainees, where this closes the gap.
 *
 * Multipliers stay within their limits: [0, ∞) for a capacity row (the default), or a box such
 * as the reciprocity multipliers' [−w, w] (pricing.ts), given to the constructor.
 */
const F_START = 0.1;
const F_MIN = 1e-4;
const F_MAX = 2;
/**
 * Steps without a better L before f shrinks. Barahona and Anbil use 20, for runs of thousands of
 * iterations; at 1,000 and 5,000 trainees an iteration costs 50 ms to 1 s and a run gets tens to
 * a few hundred, too few to shrink f often enough. Measured at 1,000 trainees (hosts chosen, one
 * and two away periods, seeds 1-3, 5 s each, side by side): 7 gave a better bound than 20 in
 * 5 of 6, 4 better than 7 in 5 of 6, 2 a better bound than 4 in 5 of 6 but no better gap.
 */
const RED_LIMIT = 4;
const ALPHA_MAX = 0.1;

export class VolumeMethod {
  /** The best L(λ) seen, and the multipliers that gave it (`centre`). */
  best = Number.NEGATIVE_INFINITY;
  readonly centre: Float64Array;
  private readonly average: Float64Array;
  private readonly direction: Float64Array;
  private f = F_START;
  private reds = 0;
  private started = false;

  private readonly lower: Float64Array | null;
  private readonly upper: Float64Array | null;

  /** The block is λ[first, capacity.length); `limits` per multiplier (default [0, ∞)). */
  constructor(
    private readonly capacity: Float64Array,
    private readonly first: number,
    limits?: { readonly lower: Float64Array; readonly upper: Float64Array },
  ) {
    this.lower = limits?.lower ?? null;
    this.upper = limits?.upper ?? null;
    this.centre = new Float64Array(capacity.length);
    this.average = new Float64Array(capacity.length);
    this.direction = new Float64Array(capacity.length);
  }

  /**
   * Takes in L at the multipliers λ and the relaxed choices' use of each capacity. `fresh`: λ
   * did not come from this method's last step (it was set from outside), so a better L there
   * restarts the average and the step factor. Returns whether L is the best so far.
   */
  observe(value: number, λ: Float64Array, use: Float64Array, fresh: boolean): boolean {
    const { first, capacity, average, direction } = this;
    const n = capacity.length;
    const better = value > this.best;
    if (!this.started) {
      average.set(use);
      this.started = true;
    } else {
      let dot = 0;
      for (let i = first; i < n; i++) dot += (direction[i] as number) * ((use[i] as number) - (capacity[i] as number));
      if (better) {
        if (dot >= 0) this.f = Math.min(F_MAX, 1.1 * this.f);
        this.reds = 0;
      } else if (++this.reds >= RED_LIMIT) {
        this.f = Math.max(F_MIN, 0.66 * this.f);
        this.reds = 0;
      }
      // α minimising the capacity excess of the new average, within [α_max / 10, α_max].
      let ab = 0;
      let bb = 0;
      for (let i = first; i < n; i++) {
        const a = (average[i] as number) - (capacity[i] as number);
        const b = (use[i] as number) - (average[i] as number);
        ab += a * b;
        bb += b * b;
      }
      const alpha = bb === 0 ? ALPHA_MAX : Math.min(ALPHA_MAX, Math.max(ALPHA_MAX / 10, -ab / bb));
      for (let i = first; i < n; i++) average[i] = alpha * (use[i] as number) + (1 - alpha) * (average[i] as number);
    }
    if (better) {
      this.best = value;
      this.centre.set(λ);
      if (fresh) {
        for (let i = first; i < n; i++) average[i] = use[i] as number;
        this.f = F_START;
      }
    }
    return better;
  }

  /**
   * The next multipliers of the block, written to λ: the centre plus a step towards `target`
   * (the best known objective) along the average's excess, kept >= 0. False when there is no
   * direction left (the average keeps every capacity of the block).
   */
  step(λ: Float64Array, target: number): boolean {
    const { first, capacity, average, centre, direction } = this;
    const n = capacity.length;
    let norm = 0;
    const { lower, upper } = this;
    for (let i = first; i < n; i++) {
      let d = (average[i] as number) - (capacity[i] as number);
      if ((centre[i] as number) <= (lower === null ? 0 : (lower[i] as number)) && d < 0) d = 0;
      if (upper !== null && (centre[i] as number) >= (upper[i] as number) && d > 0) d = 0;
      direction[i] = d;
      norm += d * d;
    }
    if (norm === 0) return false;
    const size = (this.f * (target - this.best)) / norm;
    for (let i = first; i < n; i++) {
      const next = (centre[i] as number) + size * (direction[i] as number);
      if (lower === null) λ[i] = next > 0 ? next : 0;
      else λ[i] = Math.min(upper![i] as number, Math.max(lower[i] as number, next));
    }
    return true;
  }
}
