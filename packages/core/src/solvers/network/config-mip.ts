/**
 * Closing the gap exactly by reduced-cost fixing: with multipliers λ, the Lagrangian bound
 * L = Σ_t m_t − λ × capacity (m_t: trainee t's cheapest configuration under λ) and a plan of
 * cost UB, any plan of cost at most UB satisfies
 *
 *     UB >= cost = L + Σ_t rc_t + Σ λ (capacity − use) >= L + Σ_t rc_t,
 *
 * where rc_t = (trainee t's configuration's cost + multipliers) − m_t >= 0. So every trainee uses
 * a configuration within Δ = UB − L of its cheapest. When the gap is small, each trainee has few
 * such configurations: enumerate them all, and the MIP over them has the cohort's optimum. It is
 * small enough for the jslp backend.
 *
 * Mentors are kept apart: many mentor classes cost the same (they list the specialization, at
 * multiplier 0), and a configuration per (rest, mentor) pair multiplied the columns by tens. So
 * the MIP has a variable per "rest" (host, supervisor, away members) and one per (trainee,
 * mentor class), and per trainee and organisation the clique row "a mentor of this organisation
 * or a rest that excludes it, not both" (the model's organisation rows). A rest is kept when it
 * and its cheapest allowed mentor fit in the gap; a mentor class when it and its cheapest allowed
 * rest do.
 *
 * The enumeration is exact: hosts whose cheapest configuration (pricing.ts) is already too dear
 * are skipped, and within a host the away members are searched per period in order of cost
 * (listed members at their rank), each cut as soon as the budget is spent.
 *
 * The fairness terms: repeatExchange is in each visit's cost (pairCost). The MIP has no
 * reciprocity rows, and its mentor columns do not know the host, so it is not tried when
 * reciprocity is weighted, nor when repeatMentorHost makes a mentor's cost depend on the host
 * of a trainee whose host is to be chosen (the search and the other finish go on).
 */
import { configurationCost, hostCost, mentorAllowed, mentorCost, rankOf, supervisorAllowed, supervisorCost } from "./costs.js";
import type { LinearConstraint, LinearModel, LinearVariable } from "../../model/linear-model.js";
import { jslpSolver } from "../jslp/jslp-solver.js";
import { mustStop, type StopSignal } from "../stop.js";
import type { Neighbours } from "./neighbours.js";
import { emptyPlan, type PlanArrays } from "./plan-arrays.js";
import { Multipliers, Pricer } from "./pricing.js";
import type { NetworkProblem, TraineeData } from "./problem.js";

/** Most variables; beyond this the MIP is too large for jslp's dense tableau. */
const MAX_VARIABLES = 6_000;

/** A trainee's host, supervisor and away members, with its cost and multipliers. */
interface Rest {
  readonly trainee: number;
  readonly host: number;
  readonly supervisor: number;
  readonly away: Int32Array;
  /** Organisations its mentor must avoid. */
  readonly excluded: readonly number[];
  readonly cost: number;
  /** Cost plus multipliers. */
  readonly value: number;
}

interface MentorChoice {
  readonly trainee: number;
  readonly mentor: number;
  readonly cost: number;
}

export interface ConfigFinish {
  readonly status: "optimal" | "feasible" | "timedout";
  /** The better of the MIP's plan and the given one. */
  readonly plan: PlanArrays;
  readonly objective: number;
  /** A proven lower bound (the optimum when optimal). */
  readonly bound: number;
}

/**
 * null when the configurations within the gap are too many (or the deadline passed while
 * enumerating). `upper`: the best plan known and its cost.
 */
export function configFinish(
  problem: NetworkProblem,
  neighbours: Neighbours,
  multipliers: Float64Array,
  upper: { readonly plan: PlanArrays; readonly objective: number },
  deadline: number,
  signal?: StopSignal,
): ConfigFinish | null {
  if (!configurable(problem)) return null;
  const pricer = new Pricer(problem, neighbours);
  pricer.lambda.all.set(multipliers);
  pricer.invalidate();
  const capacity = Multipliers.capacities(problem);
  const T = problem.trainees.length;
  const least = new Float64Array(T);
  let bound = 0;
  for (let t = 0; t < T; t++) {
    least[t] = pricer.best(t, null, null);
    bound += least[t] as number;
  }
  for (let i = 0; i < capacity.length; i++) bound -= (multipliers[i] as number) * (capacity[i] as number);
  const tolerance = 1e-7 * Math.max(1, Math.abs(upper.objective));
  const gap = Math.max(0, upper.objective - bound) + tolerance;

  const rests: Rest[] = [];
  const mentors: MentorChoice[] = [];
  for (let t = 0; t < T; t++) {
    if (mustStop(deadline, signal)) return null;
    if (!new Enumeration(problem, pricer, t, (least[t] as number) + gap, rests, mentors).run()) return null;
  }
  const model = restModel(problem, rests, mentors);
  const result = jslpSolver.solve(model, { deadline, signal });
  let plan = upper.plan;
  let objective = upper.objective;
  if (result.values !== null && (result.objective as number) < objective) {
    plan = emptyPlan(problem);
    rests.forEach((r, k) => {
      if ((result.values?.[k] as number) < 0.5) return;
      plan.host[r.trainee] = r.host;
      plan.supervisor[r.trainee] = r.supervisor;
      plan.away.set(r.away, r.trainee * problem.periods);
    });
    mentors.forEach((m, k) => {
      if ((result.values?.[rests.length + k] as number) >= 0.5) plan.mentor[m.trainee] = m.mentor;
    });
    objective = result.objective as number;
  }
  // Infeasible: no plan cheaper than `upper` uses only these configurations, so none exists.
  const proven = result.status === "optimal" || result.status === "infeasible";
  return {
    status: proven ? "optimal" : result.status === "feasible" ? "feasible" : "timedout",
    plan,
    objective,
    bound: proven ? objective : Math.max(bound, result.bound ?? Number.NEGATIVE_INFINITY),
  };
}

/**
 * One trainee's rests and mentor classes within the budget (its cheapest configuration's cost +
 * multipliers, plus the gap). Returns false from run() when there are too many.
 */
class Enumeration {
  private readonly td: TraineeData;
  private readonly away: Int32Array;
  private readonly lists: { members: Int32Array; values: Float64Array }[] = [];
  private readonly listMin: Float64Array;
  private readonly first: number;
  private host = -1;
  private supervisor = -1;
  private hostPart = 0;
  private supervisorPart = 0;
  private mentorFloor = 0;

  constructor(
    private readonly problem: NetworkProblem,
    private readonly pricer: Pricer,
    private readonly t: number,
    private readonly budget: number,
    private readonly rests: Rest[],
    private readonly mentors: MentorChoice[],
  ) {
    this.td = problem.trainees[t] as TraineeData;
    this.away = new Int32Array(problem.periods).fill(-1);
    this.listMin = new Float64Array(problem.periods);
    this.first = rests.length;
  }

  run(): boolean {
    const { problem, pricer, td } = this;
    const λ = pricer.lambda;
    for (const h of td.hosts) {
      const least = pricer.costAt(this.t, h);
      if (!(least <= this.budget)) continue;
      this.host = h;
      this.hostPart = hostCost(problem, td, h) + (td.hostGiven ? 0 : (λ.host[h] as number));
      const leastRest = least - this.hostPart - pricer.supervisorPartFor(this.t, h); // away and mentor at their cheapest
      this.prepareAway(h);
      this.mentorFloor = this.cheapestMentor(h, null);
      for (const c of problem.supervisorsAt[h] ?? []) {
        if (!supervisorAllowed(problem, td, h, c)) continue;
        this.supervisorPart = supervisorCost(problem, c, td.spec) + (λ.supervisor[c] as number);
        const left = this.budget - this.hostPart - this.supervisorPart;
        if (leastRest > left) continue;
        this.supervisor = c;
        if (!this.searchAway(0, left)) return false;
      }
    }
    return this.chooseMentors();
  }

  /** Each period's allowed members by cost + multiplier (listed ones at their rank), ascending. */
  private prepareAway(h: number): void {
    const { problem, pricer, td } = this;
    const P = problem.periods;
    const aR = problem.w.awayRank;
    this.lists.length = 0;
    for (let q = 0; q < P; q++) {
      const pin = td.awayPins?.[q] ?? -1;
      const full = pricer.fullList(h, td.spec, q);
      const members: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < full.members.length; i++) {
        const m = full.members[i] as number;
        if ((pin !== -1 && m !== pin) || (td.forbiddenMembers?.has(m) ?? false)) continue;
        members.push(m);
        values.push(aR * rankOf(td.awayPrefs, m) + (full.values[i] as number));
      }
      const order = members.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
      this.lists.push({ members: Int32Array.from(order, (i) => members[i] as number), values: Float64Array.from(order, (i) => values[i] as number) });
      this.listMin[q] = order.length === 0 ? Number.POSITIVE_INFINITY : (values[order[0] as number] as number);
    }
  }

  /** The cheapest mentor (cost + multiplier) allowed with host h and organisations `excluded` (null: the host's only). */
  private cheapestMentor(h: number, excluded: readonly number[] | null): number {
    const { order, value } = this.pricer.mentorsByValue(this.td.spec);
    for (const r of order) if (this.mentorOk(h, r, excluded)) return value[r] as number;
    return Number.POSITIVE_INFINITY;
  }

  private mentorOk(h: number, r: number, excluded: readonly number[] | null): boolean {
    const p = this.problem;
    const org = p.mentors.org[r] as number;
    return mentorAllowed(p, this.td, r) && org !== p.memberOrg[h] && (excluded === null || !excluded.includes(org));
  }

  /** Periods q.. left to choose with `left` to spend; false when there are too many. */
  private searchAway(q: number, left: number): boolean {
    const p = this.problem;
    const P = p.periods;
    if (q === P) {
      const excluded = [...new Set([p.memberOrg[this.host] as number, ...(p.hostAndAway ? Array.from(this.away, (m) => p.memberOrg[m] as number) : [])])];
      if (this.cheapestMentor(this.host, excluded) > left) return true;
      if (this.rests.length + this.mentors.length >= MAX_VARIABLES) return false;
      this.rests.push({
        trainee: this.t,
        host: this.host,
        supervisor: this.supervisor,
        away: this.away.slice(),
        excluded,
        cost: configurationCost(p, this.td, this.host, this.away, this.supervisor, -1),
        value: this.budget - left,
      });
      return true;
    }
    let rest = this.mentorFloor;
    for (let j = q + 1; j < P; j++) rest += this.listMin[j] as number;
    const list = this.lists[q] as { members: Int32Array; values: Float64Array };
    for (let i = 0; i < list.members.length; i++) {
      const v = list.values[i] as number;
      if (v + rest > left) break;
      const m = list.members[i] as number;
      if (this.away.subarray(0, q).includes(m)) continue;
      this.away[q] = m;
      if (!this.searchAway(q + 1, left - v)) return false;
    }
    this.away[q] = -1;
    return true;
  }

  /** Mentor classes that fit the budget with the cheapest of this trainee's rests that allows them. */
  private chooseMentors(): boolean {
    const p = this.problem;
    const mine = this.rests.slice(this.first);
    if (mine.length === 0) return true;
    const cheapest = Math.min(...mine.map((r) => r.value));
    const { order, value } = this.pricer.mentorsByValue(this.td.spec);
    for (const r of order) {
      const v = value[r] as number;
      if (v + cheapest > this.budget) break;
      if (!mentorAllowed(p, this.td, r)) continue;
      const org = p.mentors.org[r] as number;
      if (!mine.some((rest) => !rest.excluded.includes(org) && rest.value + v <= this.budget)) continue;
      if (this.rests.length + this.mentors.length >= MAX_VARIABLES) return false;
      // configurable(): with host-dependent mentor costs, the trainee's host is fixed.
      this.mentors.push({ trainee: this.t, mentor: r, cost: mentorCost(p, r, this.td.spec, p.mentorHostDependent ? (this.td.hosts[0] as number) : -1) });
    }
    return true;
  }
}


/** Whether the MIP here has the cohort's objective (see the module comment). */
export function configurable(problem: NetworkProblem): boolean {
  if (problem.reciprocity > 0) return false;
  return !problem.mentorHostDependent || problem.trainees.every((td) => td.hosts.length <= 1);
}

/**
 * The MIP: a rest and a mentor per trainee, every capacity the candidates could overfill, and
 * per trainee and organisation at most one of "a mentor there" and "a rest that excludes it".
 */
function restModel(problem: NetworkProblem, rests: readonly Rest[], mentors: readonly MentorChoice[]): LinearModel {
  const variables: LinearVariable[] = [
    ...rests.map((r, k) => ({ name: `rest${k}`, cost: r.cost, upper: 1, integer: true })),
    ...mentors.map((m, k) => ({ name: `mentor${k}`, cost: m.cost, upper: 1, integer: true })),
  ];
  const constraints: LinearConstraint[] = [];
  const T = problem.trainees.length;
  const restsOf: number[][] = Array.from({ length: T }, () => []);
  const mentorsOf: number[][] = Array.from({ length: T }, () => []);
  /** Per capacity used: its capacity, the variables using it, and the trainees they belong to. */
  const uses = new Map<string, { capacity: number; list: number[]; trainees: Set<number> }>();
  const use = (key: string, capacity: number, variable: number, trainee: number) => {
    let entry = uses.get(key);
    if (entry === undefined) uses.set(key, (entry = { capacity, list: [], trainees: new Set() }));
    entry.list.push(variable);
    entry.trainees.add(trainee);
  };
  rests.forEach((r, k) => {
    restsOf[r.trainee]?.push(k);
    if (!problem.trainees[r.trainee]?.hostGiven) use(`host ${r.host}`, problem.hostCap[r.host] as number, k, r.trainee);
    use(`supervisor ${r.supervisor}`, problem.supervisors.capacity[r.supervisor] as number, k, r.trainee);
    r.away.forEach((m, p) => m >= 0 && use(`away ${p} ${m}`, problem.awayCap[m] as number, k, r.trainee));
  });
  mentors.forEach((m, k) => {
    const variable = rests.length + k;
    mentorsOf[m.trainee]?.push(variable);
    use(`mentor ${m.mentor}`, problem.mentors.capacity[m.mentor] as number, variable, m.trainee);
  });
  const row = (name: string, list: readonly number[], lower: number, upper: number): LinearConstraint => ({
    name,
    terms: list.map((variable) => ({ variable, coefficient: 1 })),
    lower,
    upper,
  });
  for (let t = 0; t < T; t++) {
    constraints.push(row(`rest ${t}`, restsOf[t] ?? [], 1, 1));
    constraints.push(row(`mentor ${t}`, mentorsOf[t] ?? [], 1, 1));
    const byOrg = new Map<number, number[]>();
    for (const variable of mentorsOf[t] ?? []) {
      const org = problem.mentors.org[mentors[variable - rests.length]?.mentor as number] as number;
      const list = byOrg.get(org);
      if (list === undefined) byOrg.set(org, [variable]);
      else list.push(variable);
    }
    for (const [org, list] of byOrg) {
      const excluding = (restsOf[t] ?? []).filter((k) => rests[k]?.excluded.includes(org));
      if (excluding.length > 0) constraints.push(row(`trainee ${t} organisation ${org}`, [...list, ...excluding], Number.NEGATIVE_INFINITY, 1));
    }
  }
  for (const [key, { capacity, list, trainees }] of uses) {
    if (trainees.size > capacity) constraints.push(row(key, list, Number.NEGATIVE_INFINITY, capacity));
  }
  return { variables, constraints, objectiveOffset: 0 };
}
