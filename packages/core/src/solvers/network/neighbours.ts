/**
 * For a host h and a specialization s, the members a trainee of s hosted at h may visit
 * (visiting places, outside h's organisation, the fit rule), sorted by what any trainee pays
 * there apart from its preference rank: travel from h plus the specialization miss. A trainee
 * who does not list a member pays awayRank × (list length) on top, the same for every unlisted
 * member, so this order is the exact order of its unlisted options; multipliers only add
 * non-negative amounts, so a scan in this order can stop as soon as the static part alone is
 * too dear. Computed on first use and kept (a few MB at 1,000 members).
 */
import type { NetworkProblem } from "./problem.js";

export interface NeighbourList {
  readonly members: Int32Array;
  /** travel(h, m) + miss(m, s), ascending. */
  readonly keys: Float64Array;
}

export class Neighbours {
  private readonly lists = new Map<number, NeighbourList>();

  constructor(private readonly problem: NetworkProblem) {}

  of(h: number, s: number): NeighbourList {
    const key = h * this.problem.specCount + s;
    let list = this.lists.get(key);
    if (list === undefined) {
      list = this.build(h, s);
      this.lists.set(key, list);
    }
    return list;
  }

  /**
   * The sum of the `count` least keys of of(h, s) (fewer when the list is shorter), added in
   * ascending order as a prefix of the list would be: the same number, without building and
   * sorting the list when it is not built yet. The host flow of allowUnassigned
   * (unassigned.ts) reads it for every member and specialization, where building every list
   * took seconds at 1,000 members.
   */
  leastKeysSum(h: number, s: number, count: number): number {
    const built = this.lists.get(h * this.problem.specCount + s);
    const least: number[] = [];
    if (built !== undefined) {
      for (let k = 0; k < count && k < built.keys.length; k++) least.push(built.keys[k] as number);
    } else if (count > 0) {
      const p = this.problem;
      const travel = p.pairCost(h);
      for (let m = 0; m < p.memberCount; m++) {
        if (!this.eligible(h, s, m)) continue;
        const key = (travel[m] as number) + this.missCost(m, s);
        if (least.length < count) least.push(key);
        else if (key < (least[least.length - 1] as number)) least[least.length - 1] = key;
        else continue;
        least.sort((a, b) => a - b);
      }
    }
    let sum = 0;
    for (const key of least) sum += key;
    return sum;
  }

  /** The miss cost of member m for specialization s (0 under the required fit: misses are not candidates). */
  missCost(m: number, s: number): number {
    const p = this.problem;
    return !p.required && p.offers[s * p.memberCount + m] === 0 ? p.w.specializationMiss : 0;
  }

  /** Whether a trainee of s hosted at h may visit m, forbids and pins aside. */
  eligible(h: number, s: number, m: number): boolean {
    const p = this.problem;
    return (
      (p.awayCap[m] as number) > 0 &&
      p.memberOrg[m] !== p.memberOrg[h] &&
      (!p.required || p.offers[s * p.memberCount + m] === 1)
    );
  }

  private build(h: number, s: number): NeighbourList {
    const p = this.problem;
    const travel = p.pairCost(h);
    const members: number[] = [];
    for (let m = 0; m < p.memberCount; m++) if (this.eligible(h, s, m)) members.push(m);
    const key = (m: number) => (travel[m] as number) + this.missCost(m, s);
    members.sort((a, b) => key(a) - key(b) || a - b);
    return { members: Int32Array.from(members), keys: Float64Array.from(members, key) };
  }
}
