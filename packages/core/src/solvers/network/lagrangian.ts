/**
 * The general case: Lagrangian relaxation of the capacities, a dual method for the
 * multipliers, and a repair to a valid plan every few iterations.
 *
 * For multipliers λ >= 0, L(λ) = Σ_t min_t(λ) − Σ λ × capacity is a lower bound on the optimum
 * (each min_t is exact, see pricing.ts); the bound reported is the best L seen.
 *
 * The multipliers come in two blocks:
 * - host places and supervisor classes: for given away and mentor multipliers, the best of
 *   these are the host flow's prices (host-flow.ts: with those two capacities kept, the
 *   subproblem is a network). Measured on generated networks, they carry most of the
 *   multiplier mass (supervisors are few per member), and a subgradient method moved them
 *   slowly; the flow sets them in one go.
 * - away places and mentor classes: the volume algorithm (volume.ts). For its first steps it
 *   also tries the prices of the repair's away and mentor flows, which start it close.
 *
 * Every few iterations the host flow's hosts and supervisors are completed into a plan by the
 * away and mentor flows (repair.ts); when the relaxed choices happen to keep every capacity
 * they are a plan too. Every decision depends on iteration counts, never on the clock, so the
 * same cohort gives the same answer whenever the gap closes before the deadline.
 *
 * reciprocity (when weighted) is relaxed as well, with a multiplier in [−w, w] per member moved
 * by the volume method with the away and mentor ones (pricing.ts): the bound stays valid for any
 * such multipliers, and the plans' cost (planCost) counts the term in full.
 */
import { mustStop, type StopSignal } from "../stop.js";
import { HostFlow } from "./host-flow.js";
import type { Neighbours } from "./neighbours.js";
import { copyPlan, emptyPlan, keepsCapacities, planCost, type PlanArrays } from "./plan-arrays.js";
import { balanceRelaxed, emptyConfiguration, Multipliers, Pricer, type HostOffers } from "./pricing.js";
import type { NetworkProblem } from "./problem.js";
import { completePlan } from "./repair.js";
import { VolumeMethod } from "./volume.js";

/** Most tied mentor classes a trainee's mentor use is spread over (see price()). */
const MENTOR_TIES = 1024;
/** Hosts each trainee offers the host flow per pricing pass. */
const OFFERS_PER_TRAINEE = 4;
/** Plans are completed from the host flow on the first two iterations and then every third. */
const REPAIR_EVERY = 3;
/** How many repairs' away and mentor prices are tried as multipliers. */
const FLOW_PRICE_TRIES = 3;

export interface SearchProgress {
  readonly bound: number | null;
  readonly incumbent?: PlanArrays;
  readonly objective?: number;
}

export interface SearchResult {
  /** False when it is proven that no plan exists. */
  readonly feasible: boolean;
  readonly incumbent: PlanArrays | null;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly iterations: number;
  readonly repairs: number;
  readonly evaluations: number;
  /** Whether the gap closed (bound = objective). */
  readonly closed: boolean;
}

export interface SearchOptions {
  readonly deadline: number;
  /** Checked with the deadline, once per iteration. */
  readonly signal?: StopSignal;
  /** The search stops after this many iterations that improve neither the bound nor the plan. */
  readonly stallIterations: number;
  readonly onProgress?: (progress: SearchProgress) => void;
  /**
   * Called when the search has not improved for a while (after 50 iterations, then twice as
   * long after each call), with its plan and the multipliers of its bound: an exact finish may
   * close the gap from there. Returning true ends the search.
   */
  readonly onStall?: (incumbent: PlanArrays, objective: number, multipliers: Float64Array) => boolean;
}

/** Iterations without progress before the first onStall call. */
const FIRST_STALL_CALL = 50;

export function lagrangianSearch(problem: NetworkProblem, neighbours: Neighbours, options: SearchOptions): SearchResult {
  const { deadline, signal, stallIterations, onProgress, onStall } = options;
  const T = problem.trainees.length;
  const P = problem.periods;
  const M = problem.memberCount;
  const pricer = new Pricer(problem, neighbours);
  const multipliers = pricer.lambda;
  const λ = multipliers.all;
  const capacity = Multipliers.capacities(problem);
  const relaxBalance = balanceRelaxed(problem);
  const volume = new VolumeMethod(capacity, multipliers.pricedStart, relaxBalance ? Multipliers.limits(problem) : undefined);
  const balanceStart = multipliers.balanceStart;
  const supervisorStart = M;
  const awayStart = M + problem.supervisors.count;
  const mentorStart = awayStart + P * M;

  const use = new Float64Array(λ.length);
  const relaxed = emptyPlan(problem);
  const config = emptyConfiguration(P);
  const tied = new Int32Array(MENTOR_TIES);
  const R = OFFERS_PER_TRAINEE;
  const offers: HostOffers = { perTrainee: R, hosts: new Int32Array(T * R), costs: new Float64Array(T * R) };
  const hostFlow = new HostFlow(problem);

  let incumbent: PlanArrays | null = null;
  let objective = Number.POSITIVE_INFINITY;
  let iterations = 0;
  let repairs = 0;
  let closed = false;
  let improvedAt = 0;
  let stallCall = FIRST_STALL_CALL;
  /** Away and mentor multipliers to try next instead of a volume step (a repair's flow prices). */
  let candidate: { away: Float64Array; mentor: Float64Array } | null = null;

  const bound = (): number | null => (Number.isFinite(volume.best) ? volume.best : null);
  const accept = (plan: PlanArrays): void => {
    const value = planCost(problem, plan);
    if (Number.isFinite(objective) && value >= objective - 1e-9 * Math.max(1, Math.abs(value))) return;
    improvedAt = iterations;
    objective = value;
    incumbent = copyPlan(plan);
    onProgress?.({ bound: bound(), incumbent, objective });
  };
  const result = (feasible: boolean): SearchResult => ({
    feasible,
    incumbent: feasible ? incumbent : null,
    objective: feasible && incumbent !== null ? objective : null,
    bound: feasible ? bound() : null,
    iterations,
    repairs,
    evaluations: pricer.evaluations,
    closed,
  });

  /**
   * Prices every trainee at the current λ: L(λ), with `use`, `relaxed` and `offers` filled;
   * null at the deadline, -Infinity when a trainee has no configuration at all.
   */
  const price = (): number | null => {
    pricer.invalidate();
    use.fill(0);
    offers.hosts.fill(-1);
    offers.costs.fill(Number.POSITIVE_INFINITY);
    let value = 0;
    for (let t = 0; t < T; t++) {
      if ((t & 63) === 0 && performance.now() > deadline) return null;
      const v = pricer.best(t, config, offers, relaxed.host[t]);
      if (v === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
      value += v;
      relaxed.host[t] = config.host;
      relaxed.supervisor[t] = config.supervisor;
      relaxed.mentor[t] = config.mentor;
      relaxed.away.set(config.away, t * P);
      if (!problem.trainees[t]!.hostGiven) use[config.host] = (use[config.host] as number) + 1;
      use[supervisorStart + config.supervisor] = (use[supervisorStart + config.supervisor] as number) + 1;
      for (let p = 0; p < P; p++) {
        const m = config.away[p] as number;
        if (m >= 0) use[awayStart + p * M + m] = (use[awayStart + p * M + m] as number) + 1;
        if (relaxBalance && m >= 0) {
          // Received at m, sent by the host: the balance row's use (pricing.ts Multipliers.balance).
          use[balanceStart + m] = (use[balanceStart + m] as number) + 1;
          use[balanceStart + config.host] = (use[balanceStart + config.host] as number) - 1;
        }
      }
      // Mentors tie often (many classes list the specialization, multipliers mostly 0). Piling
      // every trainee on the first tied class makes a huge false excess that swamps the step;
      // spreading its place over the tied classes by capacity is just as valid a supergradient
      // (any mix of optimal choices is) and the least overloaded one.
      const ties = pricer.mentorTies(t, config, tied);
      let total = 0;
      for (let k = 0; k < ties; k++) total += capacity[mentorStart + (tied[k] as number)] as number;
      for (let k = 0; k < ties; k++) {
        const i = mentorStart + (tied[k] as number);
        use[i] = (use[i] as number) + (capacity[i] as number) / total;
      }
    }
    for (let i = 0; i < λ.length; i++) value -= (λ[i] as number) * (capacity[i] as number);
    return value;
  };

  while (!mustStop(deadline, signal)) {
    iterations++;
    let fresh = false;
    if (iterations > 1) {
      if (candidate !== null) {
        multipliers.away.set(candidate.away);
        multipliers.mentor.set(candidate.mentor);
        candidate = null;
        fresh = true;
      }
      // Host and supervisor multipliers for the current away and mentor ones.
      pricer.invalidate();
      const flow = hostFlow.solve(pricer, deadline);
      if (flow === null) break;
      if (flow === "infeasible") return result(false);
      multipliers.host.set(flow.hostPrice);
      multipliers.supervisor.set(flow.supervisorPrice);
      if (repairs < 2 || iterations % REPAIR_EVERY === 0) {
        const prices = { away: new Float64Array(P * M), mentor: new Float64Array(problem.mentors.count) };
        const plan = completePlan(problem, neighbours, flow, deadline, prices);
        repairs++;
        if (plan !== null) {
          accept(plan);
          if (repairs <= FLOW_PRICE_TRIES) candidate = prices;
        }
      }
    }
    const value = price();
    if (value === null) break;
    if (value === Number.NEGATIVE_INFINITY) return result(false);
    hostFlow.addOffers(offers);
    if (keepsCapacities(problem, relaxed)) accept(relaxed);

    const before = volume.best;
    if (volume.observe(value, λ, use, fresh)) {
      if (value > before + 1e-9 * Math.max(1, Math.abs(before))) improvedAt = iterations;
      onProgress?.({ bound: value });
    }
    if (Number.isFinite(objective) && objective - volume.best <= 1e-9 * Math.max(1, Math.abs(objective))) {
      closed = true;
      break;
    }
    if (iterations - improvedAt > stallIterations) break;
    if (onStall !== undefined && incumbent !== null && iterations - improvedAt >= stallCall) {
      if (onStall(incumbent, objective, volume.centre)) break;
      stallCall = iterations - improvedAt + 2 * stallCall;
    }
    const target = Number.isFinite(objective) ? objective : volume.best + Math.max(1, 0.05 * Math.abs(volume.best));
    // No direction left for the away and mentor multipliers: done, unless the host flow has not
    // yet set the host and supervisor ones (the first iteration), which may still raise the
    // bound and gives the first repair. (Stopping there left tiny cohorts without a plan.)
    if (!volume.step(λ, target) && candidate === null && iterations > 1) break;
  }
  return result(true);
}
