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
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { rankCost, travelKm } from "../domain/cost.js";
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
  | { readonly kind: "slack"; readonly resource: Resource };

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

export interface TraineeVars {
  readonly candidates: TraineeCandidates;
  /** host variables by member (empty when the host is given). */
  readonly host: ReadonlyMap<string, number>;
  /** Whether away variables are (host, member) pairs. */
  readonly paired: boolean;
  /** Away variables for each away period. */
  readonly away: readonly (readonly AwayVar[])[];
  readonly supervisor: readonly { readonly variable: number; readonly personClass: PersonClass }[];
  readonly mentor: readonly { readonly variable: number; readonly personClass: PersonClass }[];
}

export function addVariables(
  builder: ModelBuilder<VariableMeta>,
  index: CohortIndex,
  candidates: Candidates,
): TraineeVars[] {
  const { weights, rules } = index.cohort;
  const preferred = rules.specializationFit === "preferred";
  const hostPeriodCount = index.hostPeriods.length;

  return candidates.trainees.map((tc, t): TraineeVars => {
    const trainee = tc.trainee;
    const spec = trainee.specialization;
    const host = new Map<string, number>();
    for (const h of tc.hosts) {
      let cost = weights.hostRank * rankCost(trainee.hostPreferences, h);
      if (preferred && !index.offers(h, spec)) cost += weights.specializationMiss * hostPeriodCount;
      host.set(h, builder.addBinary(`host[${trainee.id},${h}]`, cost, { kind: "host", trainee: t, member: h }));
    }

    const awayCost = (m: string): number =>
      weights.awayRank * rankCost(trainee.awayPreferences, m) +
      (preferred && !index.offers(m, spec) ? weights.specializationMiss : 0);
    const paired = tc.givenHost === null && travelDiffers(index, tc);

    const away = tc.away.map((ap, p) => {
      const vars: AwayVar[] = [];
      if (tc.givenHost !== null) {
        const h = tc.givenHost;
        for (const m of ap.members) {
          const cost = awayCost(m) + weights.travelPerKm * travelKm(index, h, m);
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
            const cost = awayCost(m) + weights.travelPerKm * travelKm(index, h, m);
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
        // Separate choice: travel does not depend on which candidate host is chosen.
        const anyHost = tc.hosts[0];
        for (const m of ap.members) {
          const travel = anyHost === undefined ? 0 : weights.travelPerKm * travelKm(index, anyHost, m);
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
      variable: builder.addBinary(
        `supervisor[${trainee.id},${personClass.key}]`,
        preferred && !personClass.lists(spec) ? weights.supervisorSpecialization : 0,
        { kind: "supervisor", trainee: t, personClass },
      ),
    }));
    const mentor = tc.mentors.map((personClass) => ({
      personClass,
      variable: builder.addBinary(
        `mentor[${trainee.id},${personClass.key}]`,
        personClass.lists(spec) ? 0 : weights.mentorSpecialization,
        { kind: "mentor", trainee: t, personClass },
      ),
    }));
    return { candidates: tc, host, paired, away, supervisor, mentor };
  });
}

/** Whether the travel cost of some away member depends on which candidate host is chosen. */
function travelDiffers(index: CohortIndex, tc: TraineeCandidates): boolean {
  if (index.cohort.weights.travelPerKm === 0 || tc.hosts.length < 2) return false;
  for (const ap of tc.away) {
    for (const m of ap.members) {
      const first = travelKm(index, tc.hosts[0] as string, m);
      if (tc.hosts.some((h) => travelKm(index, h, m) !== first)) return true;
    }
  }
  return false;
}
