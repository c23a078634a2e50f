/**
 * The fairness terms that couple choices (issue 13; the contract's "Fairness terms";
 * domain/history.ts). The per-choice parts are variable costs (variables.ts: repeatExchange in
 * the pair cost, repeatMentorHost on the mentor variable of a given host); here:
 *
 * - repeatMentorHost with a chosen host: for each candidate host h and mentor class c whose
 *   history count n(c,h) is above 0, a continuous link z[t,h,c] >= 0 with cost weight × n(c,h)
 *   and the row z − H(t,h) − mentor[t,c] >= −1, where H(t,h) is the sum of the trainee's
 *   variables at host h (host, or combos). Minimising puts z at max(0, H + mentor − 1), which is
 *   1 exactly when both are chosen. No link for a class of the host's organisation (never both).
 * - reciprocity: for each member m, continuous pos[m], neg[m] >= 0, cost weight each, and
 *   pos − neg − Σ(away variables at m) + sent(m) = received(m) − sent(m) over the history, where
 *   sent(m), the away placements of the trainees m hosts, is written the sparsest exact way:
 *   - when every role must be filled (no allowUnassigned), each hosted trainee is sent once per
 *     away period: P × (the trainee's variables at host m) for a chosen host, the constant P for
 *     a given one (moved to the right-hand side);
 *   - under allowUnassigned an away period may stay empty, so each away variable counts for its
 *     host: the trainee's given host, the host it is paired (or combined) with, or the only
 *     candidate host (addVariables pairs every trainee with two or more candidate hosts then).
 *   At the optimum pos + neg = |received − sent| over the history and the plan. A member that no
 *   variable can change adds its constant weight × |balance| to the objective offset instead.
 *
 * Every variable here fills no role and comes after the role variables; every row comes after
 * the other rows. `completeFairness` sets them optimally for given role values (the greedy plan).
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import { historyFacts } from "../../domain/history.js";
import type { ModelBuilder } from "../builder.js";
import type { LinearTerm } from "../linear-model.js";
import { mentorHostCost, type TraineeVars, type VariableMeta } from "../variables.js";

/** A link z[t,h,c]: its variable and the role variables whose sum it must reach (minus 1). */
export interface FairnessLink {
  readonly variable: number;
  readonly terms: readonly number[];
}

/** A member's balance row: pos − neg + Σ terms = rhs. */
export interface FairnessBalance {
  readonly member: string;
  readonly pos: number;
  readonly neg: number;
  readonly terms: readonly LinearTerm[];
  readonly rhs: number;
}

export interface FairnessTerms {
  readonly links: readonly FairnessLink[];
  readonly balances: readonly FairnessBalance[];
  /** weight × |balance| summed over the members no variable can change. */
  readonly offset: number;
}

/** Whether the model needs the variables below (a weight that couples choices is not 0). */
export function fairnessCouples(index: CohortIndex): boolean {
  const { weights } = index.cohort;
  return weights.reciprocity !== 0 || weights.repeatMentorHost !== 0;
}

export function addFairnessTerms(builder: ModelBuilder<VariableMeta>, index: CohortIndex, vars: readonly TraineeVars[]): FairnessTerms {
  const { weights } = index.cohort;
  const links: FairnessLink[] = [];
  const balances: FairnessBalance[] = [];
  let offset = 0;

  if (weights.repeatMentorHost !== 0) {
    vars.forEach((tv, t) => {
      const id = tv.candidates.trainee.id;
      for (const [h, hostVars] of tv.host) {
        const hostOrg = index.organisationOf(h);
        for (const m of tv.mentor) {
          if (m.personClass.organisation === hostOrg) continue;
          const cost = mentorHostCost(index, m.personClass, h);
          if (cost === 0) continue;
          const variable = builder.addVariable(
            { name: `link[${id},${h},${m.personClass.key}]`, cost, upper: Number.POSITIVE_INFINITY, integer: false },
            { kind: "fairness", term: "link", trainee: t, member: h },
          );
          const terms = [...hostVars, m.variable];
          builder.addRow(
            `link[${id},${h},${m.personClass.key}]`,
            [{ variable, coefficient: 1 }, ...terms.map((v) => ({ variable: v, coefficient: -1 }))],
            -1,
            Number.POSITIVE_INFINITY,
          );
          links.push({ variable, terms });
        }
      }
    });
  }

  if (weights.reciprocity !== 0) {
    const facts = historyFacts(index);
    // Per member, the coefficient of each variable in "sent − received" by this plan.
    const net = new Map<string, Map<number, number>>();
    for (const id of index.memberById.keys()) net.set(id, new Map());
    const add = (member: string, variable: number, by: number): void => {
      const row = net.get(member);
      if (row !== undefined) row.set(variable, (row.get(variable) ?? 0) + by);
    };
    // Sends fixed by the input: P per trainee with a given host, when every role must be filled.
    const fixedSent = new Map<string, number>();
    const required = !index.cohort.rules.allowUnassigned;
    const periods = index.awayPeriods.length;
    for (const tv of vars) {
      const tc = tv.candidates;
      const only = tc.givenHost === null && tc.hosts.length === 1 ? (tc.hosts[0] as string) : null;
      for (const period of tv.away) {
        for (const a of period) {
          add(a.member, a.variable, -1);
          if (required) continue;
          const host = tc.givenHost ?? a.host ?? only;
          // Without a known host (no candidate host at all), the variable is 0 in every plan.
          if (host !== null) add(host, a.variable, 1);
        }
      }
      if (!required || periods === 0) continue;
      if (tc.givenHost !== null) fixedSent.set(tc.givenHost, (fixedSent.get(tc.givenHost) ?? 0) + periods);
      else for (const [h, hostVars] of tv.host) for (const v of hostVars) add(h, v, periods);
    }
    for (const [member, row] of net) {
      const rhs = (facts.received.get(member) ?? 0) - (facts.sent.get(member) ?? 0) - (fixedSent.get(member) ?? 0);
      const terms = [...row].filter(([, c]) => c !== 0).map(([variable, coefficient]) => ({ variable, coefficient }));
      if (terms.length === 0) {
        offset += weights.reciprocity * Math.abs(rhs);
        continue;
      }
      const part = (term: "pos" | "neg"): number =>
        builder.addVariable(
          { name: `balance-${term}[${member}]`, cost: weights.reciprocity, upper: Number.POSITIVE_INFINITY, integer: false },
          { kind: "fairness", term, trainee: -1, member },
        );
      const pos = part("pos");
      const neg = part("neg");
      builder.addRow(`balance[${member}]`, [{ variable: pos, coefficient: 1 }, { variable: neg, coefficient: -1 }, ...terms], rhs, rhs);
      balances.push({ member, pos, neg, terms, rhs });
    }
  }
  return { links, balances, offset };
}

/**
 * Sets the fairness variables of `values` (whose role variables are set) to their least-cost
 * values: each link to max(0, Σ terms − 1), each balance's pos and neg to the positive and
 * negative parts of rhs − Σ terms. Changes `values` in place and returns it.
 */
export function completeFairness(terms: FairnessTerms, values: Float64Array): Float64Array {
  for (const link of terms.links) {
    let sum = 0;
    for (const v of link.terms) sum += values[v] ?? 0;
    values[link.variable] = Math.max(0, sum - 1);
  }
  for (const b of terms.balances) {
    let activity = 0;
    for (const t of b.terms) activity += t.coefficient * (values[t.variable] ?? 0);
    const x = b.rhs - activity;
    values[b.pos] = Math.max(0, x);
    values[b.neg] = Math.max(0, -x);
  }
  return values;
}
