/**
 * Decision variables, one per (trainee, candidate). All are 0/1.
 *
 * - host[t,h]: trainee t is hosted by member h (only when the host is not given).
 * - away[t,p,m] or pair[t,p,h,m]: trainee t spends away period p at member m. When the host
 *   is chosen by the solver and the travel term can differ between hosts, the away choice is
 *   made jointly with the host, one variable per (host, away member) pair. This is the convex
 *   hull of the product of the two choices: the LP relaxation prices travel exactly, where the
 *   usual linearisation (w >= x + y - 1) lets fractional hosts escape the travel cost.
 * - supervisor[t,c], mentor[t,c]: trainee t is supervised / mentored by a person of class c.
 * - combo[t,h,c,m]: with one away period, a chosen host, travel that depends on the host and
 *   every role required, host h, supervisor class c at h and away member m are one variable.
 *   The per-host linking rows then disappear: one row per trainee chooses everything but the
 *   mentor. Same convex hull, far fewer rows for the simplex.
 *
 * The fairness terms that are costs of a single choice ride on these variables (issue 13,
 * domain/history.ts): `repeatExchange` is part of the (host, away member) pair cost, next to
 * travel (pairCost), so pairs are used whenever that pair cost depends on the host; with a given
 * host, `repeatMentorHost` is part of the mentor variable's cost. The terms that couple choices
 * (repeatMentorHost with a chosen host, reciprocity) have variables of their own
 * (constraints/fairness.ts); with `reciprocity` weighted there, the away variables of every
 * trainee with two or more candidate hosts are paired, so that each knows the member that sends.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { rankCost, travelKm } from "../domain/cost.js";
import { historyFacts } from "../domain/history.js";
import { ModelBuilder } from "./builder.js";
import type { Candidates, PersonClass, TraineeCandidates } from "./candidates.js";

export type VariableMeta =
  | { readonly kind: "host"; readonly trainee: number; readonly member: string }
  | {
      readonly kind: "away";
      readonly trainee: number;
      readonly period: number;
      readonly member: string;
      /** The host this variable is paired with, or null when the away choice is separate. */
      readonly host: string | null;
    }
  | { readonly kind: "supervisor"; readonly trainee: number; readonly personClass: PersonClass }
  | { readonly kind: "mentor"; readonly trainee: number; readonly personClass: PersonClass }
  | {
      readonly kind: "combo";
      readonly trainee: number;
      readonly host: string;
      readonly personClass: PersonClass;
      /** The away member (the programme has one away period). */
      readonly member: string;
    }
  | { readonly kind: "slack"; readonly resource: Resource }
  /**
   * A variable of the fairness terms that couple choices (constraints/fairness.ts); it fills no
   * role. `link`: z[t,h,c] for repeatMentorHost with a chosen host; `pos`/`neg`: the parts of a
   * member's balance for reciprocity.
   */
  | {
      readonly kind: "fairness";
      readonly term: "link" | "pos" | "neg";
      /** The trainee of a link, -1 for a balance part. */
      readonly trainee: number;
      /** The host of a link, the member of a balance part. */
      readonly member: string;
    };

/** A capacity that a diagnosis may raise. */
export type Resource =
  | { readonly type: "host"; readonly member: string }
  | { readonly type: "away"; readonly member: string; readonly period: string }
  | { readonly type: "people"; readonly personClass: PersonClass };

export interface AwayVar {
  readonly variable: number;
  readonly member: string;
  readonly host: string | null;
}

/**
 * How a trainee's host, away and supervisor choices are represented:
 * - "given": the host is given; away and supervisor variables stand alone.
 * - "separate": host variables, and away variables that do not depend on the host.
 * - "paired": host variables, and (host, away member) pair variables.
 * - "combined": combo variables only (see above).
 */
export type Structure = "given" | "separate" | "paired" | "combined";

export interface TraineeVars {
  readonly candidates: TraineeCandidates;
  readonly structure: Structure;
  /** For each candidate host, the variables that put the trainee there (empty when the host is given). */
  readonly host: ReadonlyMap<string, readonly number[]>;
  /** For each away period, the variables that place the trainee at a member. */
  readonly away: readonly (readonly AwayVar[])[];
  readonly supervisor: readonly { readonly variable: number; readonly personClass: PersonClass }[];
  readonly mentor: readonly { readonly variable: number; readonly personClass: PersonClass }[];
}

/**
 * The cost of sending a trainee hosted by `host` to `away` for one away period: travel, plus
 * repeatExchange × the history entries with that exchange. The travel alone, to the bit, when
 * repeatExchange is 0.
 */
export function pairCost(index: CohortIndex, host: string, away: string): number {
  const { weights } = index.cohort;
  const travel = weights.travelPerKm * travelKm(index, host, away);
  return weights.repeatExchange === 0 ? travel : travel + weights.repeatExchange * historyFacts(index).exchanges(host, away);
}

/**
 * The repeatMentorHost cost of a mentor class with a host: weight × the history entries in which
 * the class's person mentored a trainee of that host. Mentors with history have classes of their
 * own when the weight is not 0 (candidates.ts), so a class of several people costs 0.
 */
export function mentorHostCost(index: CohortIndex, personClass: PersonClass, host: string): number {
  const weight = index.cohort.weights.repeatMentorHost;
  const only = personClass.people.length === 1 ? personClass.people[0] : undefined;
  if (weight === 0 || only === undefined) return 0;
  return weight * historyFacts(index).mentorHosts(only.id, host);
}

export interface VariableOptions {
  /**
   * Pair the away variables of every trainee with two or more candidate hosts (reciprocity
   * needs the sending member of each away variable).
   */
  readonly pairAll?: boolean;
}

export function addVariables(
  builder: ModelBuilder<VariableMeta>,
  index: CohortIndex,
  candidates: Candidates,
  options: VariableOptions = {},
): TraineeVars[] {
  const { weights, rules } = index.cohort;
  const preferred = rules.specializationFit === "preferred";
  const hostPeriodCount = index.hostPeriods.length;

  const allowUnassigned = rules.allowUnassigned;
  return candidates.trainees.map((tc, t): TraineeVars => {
    const trainee = tc.trainee;
    const spec = trainee.specialization;
    const hostCost = (h: string): number =>
      weights.hostRank * rankCost(trainee.hostPreferences, h) +
      (preferred && !index.offers(h, spec) ? weights.specializationMiss * hostPeriodCount : 0);
    const awayCost = (m: string): number =>
      weights.awayRank * rankCost(trainee.awayPreferences, m) +
      (preferred && !index.offers(m, spec) ? weights.specializationMiss : 0);
    const supervisorCost = (c: PersonClass): number => (preferred && !c.lists(spec) ? weights.supervisorSpecialization : 0);

    const paired = tc.givenHost === null && (travelDiffers(index, tc) || (options.pairAll === true && tc.hosts.length >= 2));
    if (paired && tc.away.length === 1 && !allowUnassigned) {
      return { ...addCombos(builder, index, tc, t, { hostCost, awayCost, supervisorCost }), mentor: addMentors(builder, index, tc, t) };
    }

    const host = new Map<string, number[]>();
    for (const h of tc.hosts) {
      host.set(h, [builder.addBinary(`host[${trainee.id},${h}]`, hostCost(h), { kind: "host", trainee: t, member: h })]);
    }

    const away = tc.away.map((ap, p) => {
      const vars: AwayVar[] = [];
      if (tc.givenHost !== null) {
        const h = tc.givenHost;
        for (const m of ap.members) {
          const cost = awayCost(m) + pairCost(index, h, m);
          const variable = builder.addBinary(`away[${trainee.id},${ap.period},${m}]`, cost, {
            kind: "away",
            trainee: t,
            period: p,
            member: m,
            host: null,
          });
          vars.push({ variable, member: m, host: null });
        }
      } else if (paired) {
        for (const h of tc.hosts) {
          const hostOrg = index.organisationOf(h);
          for (const m of ap.members) {
            if (index.organisationOf(m) === hostOrg) continue;
            const cost = awayCost(m) + pairCost(index, h, m);
            const variable = builder.addBinary(`pair[${trainee.id},${ap.period},${h},${m}]`, cost, {
              kind: "away",
              trainee: t,
              period: p,
              member: m,
              host: h,
            });
            vars.push({ variable, member: m, host: h });
          }
        }
      } else {
        // Separate choice: the pair cost does not depend on which candidate host is chosen.
        const anyHost = tc.hosts[0];
        for (const m of ap.members) {
          const travel = anyHost === undefined ? 0 : pairCost(index, anyHost, m);
          const variable = builder.addBinary(`away[${trainee.id},${ap.period},${m}]`, awayCost(m) + travel, {
            kind: "away",
            trainee: t,
            period: p,
            member: m,
            host: null,
          });
          vars.push({ variable, member: m, host: null });
        }
      }
      return vars;
    });

    const supervisor = tc.supervisors.map((personClass) => ({
      personClass,
      variable: builder.addBinary(`supervisor[${trainee.id},${personClass.key}]`, supervisorCost(personClass), {
        kind: "supervisor",
        trainee: t,
        personClass,
      }),
    }));
    const structure: Structure = tc.givenHost !== null ? "given" : paired ? "paired" : "separate";
    return { candidates: tc, structure, host, away, supervisor, mentor: addMentors(builder, index, tc, t) };
  });
}

/**
 * Mentor variables: mentorSpecialization when the class does not list the specialization, and
 * with a given host the repeatMentorHost cost (a chosen host's is on link variables,
 * constraints/fairness.ts).
 */
function addMentors(builder: ModelBuilder<VariableMeta>, index: CohortIndex, tc: TraineeCandidates, t: number): TraineeVars["mentor"] {
  const { mentorSpecialization, repeatMentorHost } = index.cohort.weights;
  const given = tc.givenHost;
  return tc.mentors.map((personClass) => {
    const base = personClass.lists(tc.trainee.specialization) ? 0 : mentorSpecialization;
    const cost = repeatMentorHost === 0 || given === null ? base : base + mentorHostCost(index, personClass, given);
    return {
      personClass,
      variable: builder.addBinary(`mentor[${tc.trainee.id},${personClass.key}]`, cost, { kind: "mentor", trainee: t, personClass }),
    };
  });
}

interface Costs {
  hostCost(h: string): number;
  awayCost(m: string): number;
  supervisorCost(c: PersonClass): number;
}

/** One variable per (host, supervisor class at that host, away member of another organisation). */
function addCombos(
  builder: ModelBuilder<VariableMeta>,
  index: CohortIndex,
  tc: TraineeCandidates,
  t: number,
  costs: Costs,
): Omit<TraineeVars, "mentor"> {
  const id = tc.trainee.id;
  const host = new Map<string, number[]>();
  const away: AwayVar[] = [];
  const supervisor: { variable: number; personClass: PersonClass }[] = [];
  const members = tc.away[0]?.members ?? [];
  for (const h of tc.hosts) {
    const hostOrg = index.organisationOf(h);
    const list: number[] = [];
    for (const personClass of tc.supervisors) {
      if (personClass.member !== h) continue;
      for (const m of members) {
        if (index.organisationOf(m) === hostOrg) continue;
        const cost = costs.hostCost(h) + costs.supervisorCost(personClass) + costs.awayCost(m) + pairCost(index, h, m);
        const variable = builder.addBinary(`combo[${id},${h},${personClass.key},${m}]`, cost, {
          kind: "combo",
          trainee: t,
          host: h,
          personClass,
          member: m,
        });
        list.push(variable);
        away.push({ variable, member: m, host: h });
        supervisor.push({ variable, personClass });
      }
    }
    if (list.length > 0) host.set(h, list);
  }
  return { candidates: tc, structure: "combined", host, away: [away], supervisor };
}

/**
 * Whether the pair cost (travel and repeatExchange) of some away member depends on which
 * candidate host is chosen.
 */
function travelDiffers(index: CohortIndex, tc: TraineeCandidates): boolean {
  const { weights } = index.cohort;
  if ((weights.travelPerKm === 0 && weights.repeatExchange === 0) || tc.hosts.length < 2) return false;
  // Without repeatExchange, the distances themselves are compared (as before issue 13).
  const cost = weights.repeatExchange === 0 ? (h: string, m: string) => travelKm(index, h, m) : (h: string, m: string) => pairCost(index, h, m);
  for (const ap of tc.away) {
    for (const m of ap.members) {
      const first = cost(tc.hosts[0] as string, m);
      if (tc.hosts.some((h) => cost(h, m) !== first)) return true;
    }
  }
  return false;
}
