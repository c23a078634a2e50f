/**
 * A first plan for `allowUnassigned`, in a few milliseconds and without any LP: under that rule
 * a plan exists whenever the pins fit (every other role may stay empty), so the exact search
 * should never start from nothing, nor end with nothing when its time runs out.
 *
 * It works on the built MIP model itself (model/build-model.ts), so that its answer is a point
 * of that model, checked against every row (checkSolution) like any solver answer, and can be
 * handed to the branch-and-bound as its first incumbent. Trainees are taken one at a time
 * (those with pins first, then those with the fewest host options); for each host option it
 * fills the away periods, the supervisor and the mentor with the cheapest variable that keeps
 * every row within its upper bound, and keeps the host that fills the most roles, then costs
 * least. Rows with a lower bound (pinned roles, roles that must be filled) are checked at the
 * end: when a pin could not be honoured, there is no greedy plan (null) and the exact search
 * decides.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { TraineeChoice } from "../../domain/cost.js";
import { buildModel, type BuiltModel } from "../../model/build-model.js";
import { decodeChoices } from "../../model/decode.js";
import type { LinearModel } from "../../model/linear-model.js";
import type { TraineeVars } from "../../model/variables.js";
import { checkSolution } from "../check-solution.js";

/**
 * The greedy plan of an `allowUnassigned` cohort as each trainee's choice, or null (see
 * greedyFill): the facade's answer when a backend ran out of time without a plan.
 */
export function greedyChoices(index: CohortIndex): TraineeChoice[] | null {
  const built = buildModel(index);
  const values = greedyFill(built);
  return values === null ? null : decodeChoices(built, values);
}

/** The greedy plan as model values (0/1 per variable), or null when the pins could not all be honoured. */
export function greedyFill(built: BuiltModel): Float64Array | null {
  const { model } = built;
  const rows = new RowState(model);
  const values = new Float64Array(model.variables.length);
  const cost = (v: number): number => model.variables[v]?.cost ?? 0;
  const order = built.traineeVars
    .map((tv, t) => ({ tv, t, pinned: isPinned(tv), options: tv.host.size }))
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.options - b.options || a.t - b.t);

  for (const { tv } of order) {
    const hostOptions: (readonly number[] | null)[] = tv.candidates.givenHost === null ? [...tv.host.values()] : [null];
    let best: { filled: number; cost: number; chosen: number[] } | null = null;
    for (const hostVars of hostOptions) {
      // A host option is one variable (separate and paired structures build one per host).
      const hostVar = hostVars?.[0];
      const chosen: number[] = [];
      if (hostVar !== undefined) {
        if (!rows.fits(hostVar)) continue;
        rows.apply(hostVar, 1);
        chosen.push(hostVar);
      }
      const host = hostVar === undefined ? tv.candidates.givenHost : hostMember(tv, hostVar);
      const groups: number[][] = [
        ...tv.away.map((awayVars) => awayVars.filter((a) => a.host === null || a.host === host).map((a) => a.variable)),
        tv.supervisor.filter((s) => tv.candidates.givenHost !== null || s.personClass.member === host).map((s) => s.variable),
        tv.mentor.map((m) => m.variable),
      ];
      for (const group of groups) {
        const pick = [...group].sort((a, b) => cost(a) - cost(b) || a - b).find((v) => rows.fits(v));
        if (pick === undefined) continue;
        rows.apply(pick, 1);
        chosen.push(pick);
      }
      const total = chosen.reduce((sum, v) => sum + cost(v), 0);
      if (best === null || chosen.length > best.filled || (chosen.length === best.filled && total < best.cost)) {
        best = { filled: chosen.length, cost: total, chosen: [...chosen] };
      }
      for (const v of chosen) rows.apply(v, -1);
    }
    for (const v of best?.chosen ?? []) {
      rows.apply(v, 1);
      values[v] = 1;
    }
  }
  return checkSolution(model, values) ? values : null;
}

function isPinned(tv: TraineeVars): boolean {
  const c = tv.candidates;
  return c.hostPinned || c.supervisorPinned || c.mentorPinned || c.away.some((a) => a.pinned);
}

function hostMember(tv: TraineeVars, hostVar: number): string | null {
  for (const [member, variables] of tv.host) if (variables.includes(hostVar)) return member;
  return null;
}

/** Each row's activity, and which rows each variable is in: enough to keep every upper bound. */
class RowState {
  private readonly activity: Float64Array;
  private readonly upper: Float64Array;
  private readonly byVariable: { row: number; coefficient: number }[][];

  constructor(model: LinearModel) {
    this.activity = new Float64Array(model.constraints.length);
    this.upper = Float64Array.from(model.constraints, (r) => r.upper);
    this.byVariable = model.variables.map(() => []);
    model.constraints.forEach((row, r) => {
      for (const term of row.terms) this.byVariable[term.variable]?.push({ row: r, coefficient: term.coefficient });
    });
  }

  /** Whether setting the variable to 1 keeps every row within its upper bound. */
  fits(variable: number): boolean {
    for (const { row, coefficient } of this.byVariable[variable] ?? []) {
      if ((this.activity[row] ?? 0) + coefficient > (this.upper[row] ?? 0) + 1e-9) return false;
    }
    return true;
  }

  apply(variable: number, sign: 1 | -1): void {
    for (const { row, coefficient } of this.byVariable[variable] ?? []) {
      this.activity[row] = (this.activity[row] ?? 0) + sign * coefficient;
    }
  }
}
