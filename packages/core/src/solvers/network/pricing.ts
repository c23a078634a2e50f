/**
 * The Lagrangian subproblem: with every capacity priced by a multiplier instead of enforced,
 * each trainee independently takes its cheapest configuration (host, supervisor at the host,
 * distinct away members outside the host's organisation, a mentor outside the host's and, under
 * "host-and-away", the away members' organisations). The sum of those minima minus the
 * multipliers times the capacities is a lower bound on the optimum, provided each minimum is
 * EXACT; everything here is built to be exact and fast.
 *
 * What is shared between trainees is computed once per multiplier update and reused:
 * - per (host, specialization): the cheapest supervisor class at the host;
 * - per (host, specialization, away period): the TOP_K cheapest away members by travel + miss +
 *   multiplier, scanned from neighbours.ts's static order and stopped as soon as the static part
 *   alone passes the K-th best (multipliers are >= 0);
 * - per specialization: mentor classes sorted by cost + multiplier;
 * - per (host, specialization): a "key", the cheapest host-dependent part of any configuration
 *   for a trainee with no preferences, and per specialization the hosts sorted by it.
 *
 * A trainee then adds only what is its own: preference ranks, pins, forbids. Why the shortcuts
 * are exact:
 * - Away members of the free periods: an optimal choice of distinct members uses, in each
 *   period, one of that period's |free periods| cheapest allowed members (otherwise swap in one
 *   of them that no other period uses). An unlisted member costs awayRank × (list length) plus
 *   its shared part, a listed one less, so those cheapest are among the listed ones and the
 *   first unlisted entries of the shared top list; when filters exhaust a truncated top list,
 *   the full list is used.
 * - "host-and-away" mentors: with P away periods only the best class of each of the P + 1
 *   cheapest organisations (outside the host's) can be needed, since the away members take at
 *   most P organisations. Take the best away choice A0: the first candidate outside A0's
 *   organisations pairs with A0; candidates before it each need the best away choice that
 *   avoids their organisation.
 * - Hosts: for an unlisted host, the trainee's cost is at least key + hostRank × (host list
 *   length) + awayRank × P × (away list length) − the most its listed away members can save, so
 *   scanning hosts by key stops as soon as that bound reaches the best found.
 *
 * The fairness terms: repeatExchange is in the pair cost (problem.pairCost), so in the shared
 * lists like travel. repeatMentorHost makes a few classes dearer at a few hosts: the shared
 * mentor order (by cost + multiplier, without it) is a lower bound, and the scans below add it
 * where it applies, going on until no later class can be better. reciprocity is relaxed with a
 * multiplier μ_m in [−w, w] per member (w |b| >= μ b for every such μ, b = the balance after
 * the plan): a trainee hosted at h then pays μ_a for each visit at a and −μ_h for each of its
 * P visits, and the bound gains Σ μ_m × (balance before). Written as (μ_a + w) on each visit,
 * which is >= 0 and joins the away multipliers (`awayPrice`), and −P (μ_h + w) at the host
 * (`hostShift`), so the scans that rely on multipliers >= 0 stay exact.
 */
import { hostCost, mentorAllowed, mentorRepeatCost, supervisorAllowed, supervisorCost } from "./costs.js";
import type { Neighbours } from "./neighbours.js";
import type { NetworkProblem, TraineeData } from "./problem.js";

/** Away members kept per (host, specialization, period) top list. */
const TOP_K = 10;

/** Each trainee's best few hosts from a pricing pass, offered to the host flow. */
export interface HostOffers {
  readonly perTrainee: number;
  /** hosts[t * perTrainee + k], -1 when fewer. */
  readonly hosts: Int32Array;
  /** Cost at that host under the multipliers, host multiplier excluded. */
  readonly costs: Float64Array;
}

/** A trainee's configuration in numbers (classes for people); -1 for "none". */
export interface Configuration {
  host: number;
  readonly away: Int32Array;
  supervisor: number;
  mentor: number;
}

export function emptyConfiguration(periods: number): Configuration {
  return { host: -1, away: new Int32Array(periods).fill(-1), supervisor: -1, mentor: -1 };
}

/**
 * One multiplier per capacity, in one vector with a view per kind: host places by member,
 * supervisor classes, away places by period and member, mentor classes. The away and mentor
 * multipliers come last (`priced`): those are the ones the dual steps move; host and supervisor
 * ones come from the host flow.
 */
export class Multipliers {
  readonly all: Float64Array;
  readonly host: Float64Array;
  readonly supervisor: Float64Array;
  /** away[p * members + m] */
  readonly away: Float64Array;
  readonly mentor: Float64Array;
  /**
   * reciprocity (only when weighted and there are away periods, else empty): μ_m in [−w, w] per
   * member, for the row "visits received − visits sent <= −(balance before)": its "use" is
   * received − sent, its "capacity" minus the history's balance, so that −μ × capacity is the
   * bound's Σ μ × (balance before) and use − capacity the balance after (the subgradient).
   */
  readonly balance: Float64Array;
  /** Where the away and mentor multipliers start in `all`. */
  readonly pricedStart: number;
  /** Where the balance multipliers start in `all`. */
  readonly balanceStart: number;
  constructor(problem: NetworkProblem) {
    const M = problem.memberCount;
    const supervisorEnd = M + problem.supervisors.count;
    const awayEnd = supervisorEnd + problem.periods * M;
    const mentorEnd = awayEnd + problem.mentors.count;
    this.all = new Float64Array(mentorEnd + (balanceRelaxed(problem) ? M : 0));
    this.host = this.all.subarray(0, M);
    this.supervisor = this.all.subarray(M, supervisorEnd);
    this.away = this.all.subarray(supervisorEnd, awayEnd);
    this.mentor = this.all.subarray(awayEnd, mentorEnd);
    this.balance = this.all.subarray(mentorEnd);
    this.pricedStart = supervisorEnd;
    this.balanceStart = mentorEnd;
  }

  /** The capacity behind each multiplier, in the same order. */
  static capacities(problem: NetworkProblem): Float64Array {
    const out = new Float64Array(new Multipliers(problem).all.length);
    let i = 0;
    for (const cap of problem.hostCap) out[i++] = Math.max(0, cap);
    for (const cap of problem.supervisors.capacity) out[i++] = cap;
    for (let p = 0; p < problem.periods; p++) for (const cap of problem.awayCap) out[i++] = cap;
    for (const cap of problem.mentors.capacity) out[i++] = cap;
    if (balanceRelaxed(problem)) for (const before of problem.balanceBefore) out[i++] = -before;
    return out;
  }

  /** Per multiplier its least and greatest value: [0, ∞) for capacities, [−w, w] for the balance ones. */
  static limits(problem: NetworkProblem): { lower: Float64Array; upper: Float64Array } {
    const n = new Multipliers(problem).all.length;
    const lower = new Float64Array(n);
    const upper = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    if (balanceRelaxed(problem)) {
      const start = n - problem.memberCount;
      lower.fill(-problem.reciprocity, start);
      upper.fill(problem.reciprocity, start);
    }
    return { lower, upper };
  }
}

/** Whether the search relaxes reciprocity with balance multipliers (weighted, with away periods). */
export function balanceRelaxed(problem: NetworkProblem): boolean {
  return problem.reciprocity > 0 && problem.periods > 0;
}

export class Pricer {
  readonly lambda: Multipliers;
  /** Subproblem evaluations (trainee × host), for statistics. */
  evaluations = 0;

  private stamp = 1;
  private readonly M: number;
  private readonly S: number;
  private readonly P: number;
  // per (h, s)
  private readonly supValue: Float64Array;
  private readonly supClass: Int32Array;
  private readonly supStamp: Int32Array;
  // per (h, s, p): top lists
  private readonly topMember: Int32Array;
  private readonly topValue: Float64Array;
  private readonly topCount: Int32Array;
  private readonly topTruncated: Uint8Array;
  private readonly topStamp: Int32Array;
  private readonly fullLists = new Map<number, { members: Int32Array; values: Float64Array }>();
  // per s
  private readonly mentorOrder: (Int32Array | null)[];
  private readonly mentorValue: (Float64Array | null)[];
  private readonly mentorStamp: Int32Array;
  private readonly hostOrder: (Int32Array | null)[];
  private readonly hostKey: (Float64Array | null)[]; // by member
  private readonly hostStamp: Int32Array;
  /** A trainee of each specialization with no preferences, pins or forbids. */
  private readonly plain: TraineeData[];

  // scratch
  /** rankOf[m]: position of m in the current trainee's away list, or -1. */
  private readonly rankOf: Int32Array;
  private readonly candMember: Int32Array;
  private readonly candValue: Float64Array;
  private readonly candCount: Int32Array;
  private readonly pinnedUsed: Int32Array;
  private readonly choice: Int32Array;
  private readonly freePeriods: Int32Array;
  private readonly suffixMin: Float64Array;
  private readonly bestChoice: Int32Array;
  private readonly firstChoice: Int32Array;
  private readonly mentorCands: Int32Array;
  private readonly mentorCandValues: Float64Array;

  constructor(
    private readonly problem: NetworkProblem,
    private readonly neighbours: Neighbours,
  ) {
    const M = problem.memberCount;
    const S = problem.specCount;
    const P = problem.periods;
    this.M = M;
    this.S = S;
    this.P = P;
    this.lambda = new Multipliers(problem);
    const relaxed = balanceRelaxed(problem);
    this.awayPrice = relaxed ? new Float64Array(this.lambda.away.length) : this.lambda.away;
    this.shift = relaxed ? new Float64Array(M) : null;
    this.supValue = new Float64Array(M * S);
    this.supClass = new Int32Array(M * S);
    this.supStamp = new Int32Array(M * S);
    this.topMember = new Int32Array(M * S * P * TOP_K);
    this.topValue = new Float64Array(M * S * P * TOP_K);
    this.topCount = new Int32Array(M * S * P);
    this.topTruncated = new Uint8Array(M * S * P);
    this.topStamp = new Int32Array(M * S * P);
    this.mentorOrder = new Array<Int32Array | null>(S).fill(null);
    this.mentorValue = new Array<Float64Array | null>(S).fill(null);
    this.mentorStamp = new Int32Array(S);
    this.hostOrder = new Array<Int32Array | null>(S).fill(null);
    this.hostKey = new Array<Float64Array | null>(S).fill(null);
    this.hostStamp = new Int32Array(S);
    this.plain = problem.specNames.map((_, s) => plainTrainee(problem, s));
    this.rankOf = new Int32Array(M).fill(-1);
    this.candMember = new Int32Array(P * Math.max(1, P));
    this.candValue = new Float64Array(P * Math.max(1, P));
    this.candCount = new Int32Array(P);
    this.pinnedUsed = new Int32Array(P);
    this.choice = new Int32Array(P);
    this.freePeriods = new Int32Array(P);
    this.suffixMin = new Float64Array(P + 1);
    this.bestChoice = new Int32Array(P);
    this.firstChoice = new Int32Array(P);
    this.mentorCands = new Int32Array(P + 1);
    this.mentorCandValues = new Float64Array(P + 1);
  }

  /**
   * The price of a visit at member m in period q on top of its cost (awayPrice[q * M + m]): the
   * away multiplier, plus μ_m + w when reciprocity is relaxed (see the module comment). The same
   * array as lambda.away when it is not.
   */
  readonly awayPrice: Float64Array;
  /** −P (μ_h + w) per host member when reciprocity is relaxed, else null. */
  private readonly shift: Float64Array | null;

  /** Call after changing the multipliers: every shared table is recomputed on next use. */
  invalidate(): void {
    this.stamp++;
    this.fullLists.clear();
    const shift = this.shift;
    if (shift === null) return;
    const w = this.problem.reciprocity;
    const { away, balance } = this.lambda;
    for (let m = 0; m < this.M; m++) {
      const mu = (balance[m] as number) + w;
      shift[m] = -this.P * mu;
      for (let q = 0; q < this.P; q++) this.awayPrice[q * this.M + m] = (away[q * this.M + m] as number) + mu;
    }
  }

  /** What hosting a trainee at h adds under the relaxed reciprocity (0 when it is not). */
  hostShift(h: number): number {
    return this.shift === null ? 0 : (this.shift[h] as number);
  }

  /**
   * The cheapest configuration of trainee t under the multipliers (host multiplier included
   * for hosts that are not given), written to `out`; Infinity when it has none. Every host
   * evaluated is offered to `offers` (its few best are kept, host multiplier excluded).
   * `hint`: a host to try first (the last best), or -1; it must be a candidate host.
   */
  best(t: number, out: Configuration | null, offers: HostOffers | null, hint = -1): number {
    const td = this.problem.trainees[t] as TraineeData;
    const hosts = td.hosts;
    if (hosts.length === 0) return Number.POSITIVE_INFINITY;
    const several = !(hosts.length === 1 || td.hostGiven || td.hostPinned);
    // The shared host order is computed before this trainee's preferences are marked.
    const order = several ? this.hostsByKey(td.spec) : null;
    this.markListed(td, true);
    this.bestValue = Number.POSITIVE_INFINITY;
    this.bestHost = -1;
    if (order === null) {
      this.visit(td, t, hosts[0] as number, offers);
    } else {
      const p = this.problem;
      const prefs = td.hostPrefs;
      // The host that was best last time usually still is: a good first bound for the scan.
      if (hint >= 0 && !prefs.includes(hint)) this.visit(td, t, hint, offers);
      for (let i = 0; i < prefs.length; i++) {
        const h = prefs[i] as number;
        if (h < 0 || prefs.indexOf(h) !== i || (p.hostCap[h] as number) <= 0) continue;
        if ((p.required && p.offers[td.spec * p.memberCount + h] === 0) || (td.forbiddenMembers?.has(h) ?? false)) continue;
        this.visit(td, t, h, offers);
      }
      const key = this.hostKey[td.spec] as Float64Array;
      const floor = p.w.hostRank * prefs.length + p.w.awayRank * this.P * td.awayPrefs.length - this.mostSaved(td);
      for (let i = 0; i < order.length; i++) {
        const h = order[i] as number;
        if ((key[h] as number) + floor >= this.bestValue) break;
        if (h === hint || prefs.includes(h) || (td.forbiddenMembers?.has(h) ?? false)) continue;
        if (this.quickBound(td, h) >= this.bestValue) continue;
        this.visit(td, t, h, offers);
      }
    }
    if (out !== null && this.bestHost !== -1) this.evaluate(td, this.bestHost, out);
    this.markListed(td, false);
    return this.bestValue;
  }

  private bestValue = Number.POSITIVE_INFINITY;
  private bestHost = -1;

  private visit(td: TraineeData, t: number, h: number, offers: HostOffers | null): void {
    const value = this.evaluate(td, h, null);
    if (value < this.bestValue) {
      this.bestValue = value;
      this.bestHost = h;
    }
    if (offers === null || value === Number.POSITIVE_INFINITY) return;
    const R = offers.perTrainee;
    const cost = value - (td.hostGiven ? 0 : (this.lambda.host[h] as number));
    let k = R - 1;
    if (!(cost < (offers.costs[t * R + k] as number))) return;
    while (k > 0 && (offers.costs[t * R + k - 1] as number) > cost) {
      offers.costs[t * R + k] = offers.costs[t * R + k - 1] as number;
      offers.hosts[t * R + k] = offers.hosts[t * R + k - 1] as number;
      k--;
    }
    offers.costs[t * R + k] = cost;
    offers.hosts[t * R + k] = h;
  }

  /** The cost of trainee t's cheapest configuration at host h (multipliers included), or Infinity. */
  costAt(t: number, h: number, out: Configuration | null = null): number {
    const td = this.problem.trainees[t] as TraineeData;
    this.markListed(td, true);
    const value = this.evaluate(td, h, out);
    this.markListed(td, false);
    return value;
  }

  /**
   * The mentor classes as good for trainee t as the one in its configuration `config` (same
   * cost + multiplier, allowed with its host and away members), at most out.length of them,
   * written to `out`; returns how many. Every configuration that swaps in one of them is just as
   * cheap, so the dual step may spread the trainee's mentor use over them (see lagrangian.ts).
   */
  mentorTies(t: number, config: Configuration, out: Int32Array): number {
    const p = this.problem;
    const td = p.trainees[t] as TraineeData;
    const table = p.mentors;
    if (td.mentorPin !== -1 || config.mentor < 0) {
      out[0] = config.mentor;
      return config.mentor < 0 ? 0 : 1;
    }
    const { order, value } = this.mentorsByValue(td.spec);
    const h = config.host;
    const target = (value[config.mentor] as number) + mentorRepeatCost(p, config.mentor, h) + 1e-9;
    const hostOrg = p.memberOrg[h] as number;
    let found = 0;
    for (let i = 0; i < order.length && found < out.length; i++) {
      const r = order[i] as number;
      if ((value[r] as number) > target) break;
      const org = table.org[r] as number;
      if (org === hostOrg || (td.forbiddenMentors?.has(r) ?? false)) continue;
      if (p.mentorHostDependent && (value[r] as number) + mentorRepeatCost(p, r, h) > target) continue;
      if (p.hostAndAway) {
        let clash = false;
        for (let q = 0; q < this.P; q++) {
          const m = config.away[q] as number;
          if (m >= 0 && p.memberOrg[m] === org) clash = true;
        }
        if (clash) continue;
      }
      out[found++] = r;
    }
    return found;
  }

  /** The supervisor part (cost + multiplier) of t's cheapest configuration at h. */
  supervisorPartFor(t: number, h: number): number {
    const td = this.problem.trainees[t] as TraineeData;
    if (td.supervisorPin === -1 && td.forbiddenSupervisors === null) return this.supervisorBest(h, td.spec);
    return this.restrictedSupervisor(td, h).value;
  }

  // ---------------------------------------------------------------------------------------

  /**
   * A lower bound on td's cost at h, for skipping hosts: each away period priced on its own at
   * its cheapest member (listed ones at their rank), the cheapest mentor outside h's
   * organisation; distinct members, the mentor's other exclusions, pins and forbids left out,
   * which can only make the true cost higher. The trainee's listed members must be marked.
   */
  private quickBound(td: TraineeData, h: number): number {
    const p = this.problem;
    const s = td.spec;
    const M = this.M;
    let value = hostCost(p, td, h) + (this.lambda.host[h] as number) + this.hostShift(h) + this.supervisorBest(h, s);
    if (value === Number.POSITIVE_INFINITY) return value;
    const { order, value: mentorValue } = this.mentorsByValue(s);
    const hostOrg = p.memberOrg[h] as number;
    let mentor = Number.POSITIVE_INFINITY;
    for (let i = 0; i < order.length; i++) {
      const r = order[i] as number;
      if (p.mentors.org[r] !== hostOrg) {
        mentor = mentorValue[r] as number;
        break;
      }
    }
    value += mentor;
    const travel = p.pairCost(h);
    const unlisted = p.w.awayRank * td.awayPrefs.length;
    const prefs = td.awayPrefs;
    for (let q = 0; q < this.P; q++) {
      this.topList(h, s, q);
      const k = (h * this.S + s) * this.P + q;
      let best = (this.topCount[k] as number) > 0 ? unlisted + (this.topValue[k * TOP_K] as number) : Number.POSITIVE_INFINITY;
      for (let i = 0; i < prefs.length; i++) {
        const m = prefs[i] as number;
        if (m < 0 || this.rankOf[m] !== i || !this.neighbours.eligible(h, s, m)) continue;
        const v = p.w.awayRank * i + (travel[m] as number) + this.neighbours.missCost(m, s) + (this.awayPrice[q * M + m] as number);
        if (v < best) best = v;
      }
      value += best;
    }
    return value;
  }


  private markListed(td: TraineeData, on: boolean): void {
    const prefs = td.awayPrefs;
    for (let i = prefs.length - 1; i >= 0; i--) {
      const m = prefs[i] as number;
      if (m >= 0) this.rankOf[m] = on ? i : -1;
    }
  }

  /** The most a trainee's listed away members can save against the unlisted price, over P periods. */
  private mostSaved(td: TraineeData): number {
    const L = td.awayPrefs.length;
    let saved = 0;
    for (let i = 0; i < Math.min(this.P, L); i++) saved += L - i;
    return this.problem.w.awayRank * saved;
  }

  /** Trainee td's cheapest configuration at host h; the trainee's listed members must be marked. */
  private evaluate(td: TraineeData, h: number, out: Configuration | null): number {
    this.evaluations++;
    const p = this.problem;
    let cost = hostCost(p, td, h) + (td.hostGiven ? 0 : (this.lambda.host[h] as number)) + this.hostShift(h);
    let sup: number;
    let supClass: number;
    if (td.supervisorPin === -1 && td.forbiddenSupervisors === null) {
      sup = this.supervisorBest(h, td.spec);
      supClass = this.supClass[h * this.S + td.spec] as number;
    } else {
      ({ value: sup, cls: supClass } = this.restrictedSupervisor(td, h));
    }
    if (sup === Number.POSITIVE_INFINITY) return sup;
    cost += sup;
    const rest = this.awayAndMentor(td, h, out);
    if (out !== null) {
      out.host = h;
      out.supervisor = supClass;
    }
    return cost + rest;
  }

  /** The cheapest supervisor class for a trainee with supervisor pins or forbids. */
  private restrictedSupervisor(td: TraineeData, h: number): { value: number; cls: number } {
    let value = Number.POSITIVE_INFINITY;
    let cls = -1;
    for (const c of this.problem.supervisorsAt[h] ?? []) {
      if (!supervisorAllowed(this.problem, td, h, c)) continue;
      const v = supervisorCost(this.problem, c, td.spec) + (this.lambda.supervisor[c] as number);
      if (v < value) {
        value = v;
        cls = c;
      }
    }
    return { value, cls };
  }

  private supervisorBest(h: number, s: number): number {
    const k = h * this.S + s;
    if (this.supStamp[k] !== this.stamp) {
      this.supStamp[k] = this.stamp;
      let best = Number.POSITIVE_INFINITY;
      let cls = -1;
      const plain = this.plain[s] as TraineeData;
      for (const c of this.problem.supervisorsAt[h] ?? []) {
        if (!supervisorAllowed(this.problem, plain, h, c)) continue;
        const v = supervisorCost(this.problem, c, s) + (this.lambda.supervisor[c] as number);
        if (v < best) {
          best = v;
          cls = c;
        }
      }
      this.supValue[k] = best;
      this.supClass[k] = cls;
    }
    return this.supValue[k] as number;
  }

  /** Mentor classes with capacity, by cost + multiplier for specialization s. */
  mentorsByValue(s: number): { order: Int32Array; value: Float64Array } {
    if (this.mentorStamp[s] !== this.stamp || this.mentorOrder[s] === null) {
      const table = this.problem.mentors;
      const w = this.problem.w.mentorSpecialization;
      const value = new Float64Array(table.count);
      const classes: number[] = [];
      for (let r = 0; r < table.count; r++) {
        if ((table.capacity[r] as number) <= 0) continue;
        value[r] = (table.lists[s * table.count + r] === 1 ? 0 : w) + (table.extra?.[r] ?? 0) + (this.lambda.mentor[r] as number);
        classes.push(r);
      }
      classes.sort((a, b) => (value[a] as number) - (value[b] as number) || a - b);
      this.mentorOrder[s] = Int32Array.from(classes);
      this.mentorValue[s] = value;
      this.mentorStamp[s] = this.stamp;
    }
    return { order: this.mentorOrder[s] as Int32Array, value: this.mentorValue[s] as Float64Array };
  }

  /**
   * The mentor candidates of td at h: the best allowed class of each of the `count` cheapest
   * organisations outside h's. Returns how many were found.
   */
  private mentorCandidates(td: TraineeData, h: number, count: number): number {
    const p = this.problem;
    const table = p.mentors;
    const { order, value } = this.mentorsByValue(td.spec);
    const hostOrg = p.memberOrg[h] as number;
    if (td.mentorPin !== -1) {
      const r = td.mentorPin;
      if (!mentorAllowed(p, td, r) || table.org[r] === hostOrg) return 0;
      this.mentorCands[0] = r;
      this.mentorCandValues[0] = (value[r] as number) + mentorRepeatCost(p, r, h);
      return 1;
    }
    if ((p.repeatedMentorsAt[h]?.length ?? 0) > 0) return this.mentorCandidatesRepeated(td, h, count);
    let found = 0;
    for (let i = 0; i < order.length && found < count; i++) {
      const r = order[i] as number;
      const org = table.org[r] as number;
      if (org === hostOrg) continue;
      let seen = false;
      for (let j = 0; j < found; j++) if (table.org[this.mentorCands[j] as number] === org) seen = true;
      if (seen || (td.forbiddenMentors?.has(r) ?? false)) continue;
      this.mentorCands[found] = r;
      this.mentorCandValues[found] = value[r] as number;
      found++;
    }
    return found;
  }

  /**
   * mentorCandidates at a host where some classes carry a repeatMentorHost cost: the shared
   * order is by a lower bound (value without the repeat), so the scan keeps each organisation's
   * best true value and stops once `count` organisations have one no dearer than the lower
   * bound of the next class (nothing later can then enter or improve the `count` best).
   */
  private mentorCandidatesRepeated(td: TraineeData, h: number, count: number): number {
    const p = this.problem;
    const table = p.mentors;
    const { order, value } = this.mentorsByValue(td.spec);
    const hostOrg = p.memberOrg[h] as number;
    const best = this.repeatedBest;
    best.clear();
    for (let i = 0; i < order.length; i++) {
      const r = order[i] as number;
      const floor = value[r] as number;
      let settled = 0;
      for (const entry of best.values()) if (entry.value <= floor) settled++;
      if (settled >= count) break;
      const org = table.org[r] as number;
      if (org === hostOrg || (td.forbiddenMentors?.has(r) ?? false)) continue;
      const v = floor + mentorRepeatCost(p, r, h);
      const seen = best.get(org);
      if (seen === undefined) best.set(org, { cls: r, value: v });
      else if (v < seen.value) {
        seen.cls = r;
        seen.value = v;
      }
    }
    const chosen = [...best.values()].sort((a, b) => a.value - b.value || a.cls - b.cls).slice(0, count);
    chosen.forEach((entry, j) => {
      this.mentorCands[j] = entry.cls;
      this.mentorCandValues[j] = entry.value;
    });
    return chosen.length;
  }

  private readonly repeatedBest = new Map<number, { cls: number; value: number }>();

  private awayAndMentor(td: TraineeData, h: number, out: Configuration | null): number {
    const P = this.P;
    const table = this.problem.mentors;
    if (!this.problem.hostAndAway || P === 0) {
      if (this.mentorCandidates(td, h, 1) === 0) return Number.POSITIVE_INFINITY;
      const away = this.bestAway(td, h, -1, out);
      if (out !== null) out.mentor = this.mentorCands[0] as number;
      return (this.mentorCandValues[0] as number) + away;
    }
    const found = this.mentorCandidates(td, h, P + 1);
    if (found === 0) return Number.POSITIVE_INFINITY;
    const a0 = this.bestAway(td, h, -1, null);
    if (a0 === Number.POSITIVE_INFINITY) return a0;
    // The organisations A0 uses (bestAway leaves its choice in bestChoice).
    const used = this.firstChoice;
    used.set(this.bestChoice);
    let best = Number.POSITIVE_INFINITY;
    let bestMentor = -1;
    let bestExcluded = -1;
    for (let i = 0; i < found; i++) {
      const r = this.mentorCands[i] as number;
      const org = table.org[r] as number;
      let conflict = false;
      for (let q = 0; q < P; q++) {
        const m = used[q] as number;
        if (m >= 0 && this.problem.memberOrg[m] === org) conflict = true;
      }
      const v = this.mentorCandValues[i] as number;
      if (!conflict) {
        if (v + a0 < best) {
          best = v + a0;
          bestMentor = r;
          bestExcluded = -1;
        }
        break;
      }
      if (v + a0 >= best) continue;
      const a = this.bestAway(td, h, org, null);
      if (v + a < best) {
        best = v + a;
        bestMentor = r;
        bestExcluded = org;
      }
    }
    if (out !== null && bestMentor !== -1) {
      this.bestAway(td, h, bestExcluded, out);
      out.mentor = bestMentor;
    }
    return best;
  }

  /**
   * The cheapest distinct away members for td at h, avoiding organisation `excludedOrg` (or
   * none when -1). Leaves the choice per period in bestChoice (and in out when given).
   */
  private bestAway(td: TraineeData, h: number, excludedOrg: number, out: Configuration | null): number {
    const p = this.problem;
    const P = this.P;
    const M = this.M;
    const s = td.spec;
    const travel = p.pairCost(h);
    const lambdaAway = this.awayPrice;
    let cost = 0;
    let pinnedCount = 0;
    this.bestChoice.fill(-1);
    // Pinned periods first.
    if (td.awayPins !== null) {
      for (let q = 0; q < P; q++) {
        const m = td.awayPins[q] as number;
        if (m < 0) continue;
        if (!this.neighbours.eligible(h, s, m) || (td.forbiddenMembers?.has(m) ?? false) || p.memberOrg[m] === excludedOrg) {
          return Number.POSITIVE_INFINITY;
        }
        for (let j = 0; j < pinnedCount; j++) if (this.pinnedUsed[j] === m) return Number.POSITIVE_INFINITY;
        this.pinnedUsed[pinnedCount++] = m;
        this.bestChoice[q] = m;
        cost += p.w.awayRank * markedRank(this.rankOf, td, m) + (travel[m] as number) + this.neighbours.missCost(m, s) + (lambdaAway[q * M + m] as number);
      }
    }
    const free = P - pinnedCount;
    if (free === 0) {
      if (out !== null) out.away.set(this.bestChoice);
      return cost;
    }
    const unlisted = p.w.awayRank * td.awayPrefs.length;
    // Candidates of each free period: its `free` cheapest allowed members.
    for (let q = 0; q < P; q++) {
      this.candCount[q] = 0;
      if (this.bestChoice[q] !== -1) continue;
      const prefs = td.awayPrefs;
      for (let i = 0; i < prefs.length; i++) {
        const m = prefs[i] as number;
        if (m < 0 || this.rankOf[m] !== i || !this.neighbours.eligible(h, s, m) || !this.allowedAway(td, m, excludedOrg, pinnedCount)) continue;
        this.insertCandidate(q, free, m, p.w.awayRank * i + (travel[m] as number) + this.neighbours.missCost(m, s) + (lambdaAway[q * M + m] as number));
      }
      const k = (h * this.S + s) * P + q;
      this.topList(h, s, q);
      let members: Int32Array = this.topMember;
      let values: Float64Array = this.topValue;
      let start = k * TOP_K;
      let end = start + (this.topCount[k] as number);
      for (let pass = 0; pass < 2; pass++) {
        let exhausted = true;
        for (let i = start; i < end; i++) {
          const m = members[i] as number;
          const v = unlisted + (values[i] as number);
          if (this.candCount[q] === free && v >= (this.candValue[q * P + free - 1] as number)) {
            exhausted = false;
            break;
          }
          if (this.rankOf[m] !== -1 || !this.allowedAway(td, m, excludedOrg, pinnedCount)) continue;
          this.insertCandidate(q, free, m, v);
        }
        if (pass === 1 || !exhausted || this.topTruncated[k] === 0) break;
        // Filters used up a truncated list: the full list decides.
        if (this.candCount[q] === free && (this.candValue[q * P + free - 1] as number) <= unlisted + (values[end - 1] as number)) break;
        const full = this.fullList(h, s, q);
        this.candCount[q] = 0;
        for (let i = 0; i < prefs.length; i++) {
          const m = prefs[i] as number;
          if (m < 0 || this.rankOf[m] !== i || !this.neighbours.eligible(h, s, m) || !this.allowedAway(td, m, excludedOrg, pinnedCount)) continue;
          this.insertCandidate(q, free, m, p.w.awayRank * i + (travel[m] as number) + this.neighbours.missCost(m, s) + (lambdaAway[q * M + m] as number));
        }
        members = full.members;
        values = full.values;
        start = 0;
        end = full.members.length;
      }
      if (this.candCount[q] === 0) return Number.POSITIVE_INFINITY;
    }
    const rest = this.assignFree(free);
    if (rest === Number.POSITIVE_INFINITY) return rest;
    if (out !== null) out.away.set(this.bestChoice);
    return cost + rest;
  }

  /** Whether td may visit m given the excluded organisation and the members its pins use. */
  private allowedAway(td: TraineeData, m: number, excludedOrg: number, pinnedCount: number): boolean {
    if (this.problem.memberOrg[m] === excludedOrg) return false;
    if (td.forbiddenMembers !== null && td.forbiddenMembers.has(m)) return false;
    for (let j = 0; j < pinnedCount; j++) if (this.pinnedUsed[j] === m) return false;
    return true;
  }

  /** Keeps the `size` cheapest candidates of period q, sorted. */
  private insertCandidate(q: number, size: number, m: number, v: number): void {
    const base = q * this.P;
    let n = this.candCount[q] as number;
    if (n === size && v >= (this.candValue[base + n - 1] as number)) return;
    if (n < size) n++;
    let i = n - 1;
    while (i > 0 && (this.candValue[base + i - 1] as number) > v) {
      this.candValue[base + i] = this.candValue[base + i - 1] as number;
      this.candMember[base + i] = this.candMember[base + i - 1] as number;
      i--;
    }
    this.candValue[base + i] = v;
    this.candMember[base + i] = m;
    this.candCount[q] = n;
  }

  /** Cheapest distinct members for the free periods (bestChoice -1) from their candidates. */
  private assignFree(free: number): number {
    const P = this.P;
    const periods = this.freePeriods;
    let n = 0;
    for (let q = 0; q < P; q++) if (this.bestChoice[q] === -1) periods[n++] = q;
    if (free === 1) {
      const q = periods[0] as number;
      this.bestChoice[q] = this.candMember[q * P] as number;
      return this.candValue[q * P] as number;
    }
    if (free === 2) {
      // The two cheapest, unless they are the same member: then the better of the two swaps.
      const a = (periods[0] as number) * P;
      const b = (periods[1] as number) * P;
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < (this.candCount[periods[0] as number] as number); i++) {
        for (let j = 0; j < (this.candCount[periods[1] as number] as number); j++) {
          if (this.candMember[a + i] === this.candMember[b + j]) continue;
          const v = (this.candValue[a + i] as number) + (this.candValue[b + j] as number);
          if (v < best) {
            best = v;
            this.bestChoice[periods[0] as number] = this.candMember[a + i] as number;
            this.bestChoice[periods[1] as number] = this.candMember[b + j] as number;
          }
          break; // later j only cost more for this i
        }
      }
      return best;
    }
    // Depth-first over periods, candidates in ascending order, cut by the cheapest completion.
    const suffix = this.suffixMin;
    suffix[n] = 0;
    for (let i = n - 1; i >= 0; i--) suffix[i] = (suffix[i + 1] as number) + (this.candValue[(periods[i] as number) * P] as number);
    this.dfsBest = Number.POSITIVE_INFINITY;
    this.dfs(0, 0, n);
    if (this.dfsBest === Number.POSITIVE_INFINITY) for (let i = 0; i < n; i++) this.bestChoice[periods[i] as number] = -1;
    return this.dfsBest;
  }

  private dfsBest = Number.POSITIVE_INFINITY;

  private dfs(i: number, sum: number, n: number): void {
    if (sum + (this.suffixMin[i] as number) >= this.dfsBest) return;
    const P = this.P;
    const periods = this.freePeriods;
    const pick = this.choice;
    if (i === n) {
      this.dfsBest = sum;
      for (let j = 0; j < n; j++) this.bestChoice[periods[j] as number] = pick[periods[j] as number] as number;
      return;
    }
    const q = periods[i] as number;
    for (let c = 0; c < (this.candCount[q] as number); c++) {
      const m = this.candMember[q * P + c] as number;
      let taken = false;
      for (let j = 0; j < i; j++) if (pick[periods[j] as number] === m) taken = true;
      if (taken) continue;
      pick[q] = m;
      this.dfs(i + 1, sum + (this.candValue[q * P + c] as number), n);
    }
  }

  /** Fills the top list of (h, s, q) for the current multipliers. */
  private topList(h: number, s: number, q: number): void {
    const k = (h * this.S + s) * this.P + q;
    if (this.topStamp[k] === this.stamp) return;
    this.topStamp[k] = this.stamp;
    const list = this.neighbours.of(h, s);
    const lambdaAway = this.awayPrice;
    const offset = q * this.M;
    const base = k * TOP_K;
    let n = 0;
    let truncated = 0;
    for (let i = 0; i < list.members.length; i++) {
      const key = list.keys[i] as number;
      if (n === TOP_K && key >= (this.topValue[base + n - 1] as number)) {
        truncated = 1;
        break;
      }
      const m = list.members[i] as number;
      const v = key + (lambdaAway[offset + m] as number);
      if (n === TOP_K) {
        truncated = 1;
        if (v >= (this.topValue[base + n - 1] as number)) continue;
      } else {
        n++;
      }
      let j = n - 1;
      while (j > 0 && (this.topValue[base + j - 1] as number) > v) {
        this.topValue[base + j] = this.topValue[base + j - 1] as number;
        this.topMember[base + j] = this.topMember[base + j - 1] as number;
        j--;
      }
      this.topValue[base + j] = v;
      this.topMember[base + j] = m;
    }
    this.topCount[k] = n;
    this.topTruncated[k] = truncated;
  }

  /** Every member a trainee of s hosted at h may visit in period q, by travel + miss + multiplier. */
  fullList(h: number, s: number, q: number): { members: Int32Array; values: Float64Array } {
    const k = (h * this.S + s) * this.P + q;
    let full = this.fullLists.get(k);
    if (full === undefined) {
      const list = this.neighbours.of(h, s);
      const offset = q * this.M;
      const order = Array.from(list.members.keys());
      const value = (i: number) => (list.keys[i] as number) + (this.awayPrice[offset + (list.members[i] as number)] as number);
      order.sort((a, b) => value(a) - value(b) || a - b);
      full = { members: Int32Array.from(order, (i) => list.members[i] as number), values: Float64Array.from(order, value) };
      this.fullLists.set(k, full);
    }
    return full;
  }

  /** Hosts of specialization s sorted by their key (see the module comment). */
  private hostsByKey(s: number): Int32Array {
    if (this.hostStamp[s] !== this.stamp || this.hostOrder[s] === null) {
      const p = this.problem;
      const hosts = p.hostsBySpec[s] as Int32Array;
      const key = this.hostKey[s] ?? new Float64Array(this.M);
      const plain = this.plain[s] as TraineeData;
      for (const h of hosts) {
        const miss = !p.required && p.offers[s * this.M + h] === 0 ? p.w.hostMiss : 0;
        key[h] = (this.lambda.host[h] as number) + this.hostShift(h) + miss + this.supervisorBest(h, s) + this.awayAndMentor(plain, h, null);
      }
      this.hostOrder[s] = Int32Array.from(hosts).sort((a, b) => (key[a] as number) - (key[b] as number) || a - b);
      this.hostKey[s] = key;
      this.hostStamp[s] = this.stamp;
    }
    return this.hostOrder[s] as Int32Array;
  }
}

/** The rank of m for td, from the marks of td's listed members. */
function markedRank(ranks: Int32Array, td: TraineeData, m: number): number {
  const r = ranks[m] as number;
  return r === -1 ? td.awayPrefs.length : r;
}

function plainTrainee(problem: NetworkProblem, s: number): TraineeData {
  return {
    trainee: { id: "", specialization: problem.specNames[s] as string, hostPreferences: [], awayPreferences: [] },
    spec: s,
    hostGiven: false,
    hostPinned: false,
    hosts: problem.hostsBySpec[s] as Int32Array,
    hostPrefs: new Int32Array(0),
    awayPrefs: new Int32Array(0),
    awayPins: null,
    forbiddenMembers: null,
    supervisorPin: -1,
    mentorPin: -1,
    forbiddenSupervisors: null,
    forbiddenMentors: null,
  };
}
