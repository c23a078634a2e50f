/**
 * Organisation rows, aggregated: one row per (trainee, organisation[, away period]) instead
 * of one per pair of conflicting variables.
 *
 *   mentorOutside "host":           M(t,o) + H(t,o) <= 1,   and H(t,o) + A(t,p,o) <= 1
 *   mentorOutside "host-and-away":  M(t,o) + H(t,o) + A(t,p,o) <= 1 for each away period p
 *
 * where H(t,o) sums t's host variables at members of organisation o, A(t,p,o) its away
 * variables there in period p, and M(t,o) its mentor variables of classes in o. Each row is a
 * clique of mutually exclusive choices, the tightest linear form of the rule. Rows that only
 * hold one group are implied by the assignment rows and left out; so are the away rows when
 * away variables are paired or combined with the host (they never join one organisation).
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { ModelBuilder } from "../builder.js";
import { ones } from "../builder.js";
import type { TraineeVars, VariableMeta } from "../variables.js";
import { listAt } from "../../util/multimap.js";

export function addOrganisationRows(builder: ModelBuilder<VariableMeta>, index: CohortIndex, vars: readonly TraineeVars[]): void {
  const hostAndAway = index.cohort.rules.mentorOutside === "host-and-away";
  for (const tv of vars) {
    const id = tv.candidates.trainee.id;
    const hostByOrg = groupBy([...tv.host].flatMap(([member, variables]) => variables.map((variable) => ({ org: index.organisationOf(member), variable }))));
    const mentorByOrg = groupBy(tv.mentor.map((m) => ({ org: m.personClass.organisation, variable: m.variable })));
    const awayByOrg = tv.away.map((awayVars) =>
      groupBy(awayVars.map((a) => ({ org: index.organisationOf(a.member), variable: a.variable }))),
    );
    const orgs = new Set([...hostByOrg.keys(), ...mentorByOrg.keys(), ...awayByOrg.flatMap((m) => [...m.keys()])]);

    for (const org of orgs) {
      const host = hostByOrg.get(org) ?? [];
      const mentor = mentorByOrg.get(org) ?? [];
      if (hostAndAway) {
        awayByOrg.forEach((byOrg, p) => {
          const away = byOrg.get(org) ?? [];
          const groups = [host, mentor, away].filter((g) => g.length > 0).length;
          if (groups >= 2) builder.addRow(`org[${id},${org},p${p}]`, ones([...mentor, ...host, ...away]), Number.NEGATIVE_INFINITY, 1);
        });
        const anyAway = awayByOrg.some((byOrg) => (byOrg.get(org) ?? []).length > 0);
        if (!anyAway && host.length > 0 && mentor.length > 0) {
          builder.addRow(`org[${id},${org}]`, ones([...mentor, ...host]), Number.NEGATIVE_INFINITY, 1);
        }
      } else {
        if (host.length > 0 && mentor.length > 0) {
          builder.addRow(`org[${id},${org}]`, ones([...mentor, ...host]), Number.NEGATIVE_INFINITY, 1);
        }
        if (tv.structure === "separate" && host.length > 0) {
          awayByOrg.forEach((byOrg, p) => {
            const away = byOrg.get(org) ?? [];
            if (away.length > 0) builder.addRow(`away-org[${id},${org},p${p}]`, ones([...host, ...away]), Number.NEGATIVE_INFINITY, 1);
          });
        }
      }
    }
  }
}

function groupBy(items: readonly { org: string; variable: number }[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const { org, variable } of items) listAt(map, org).push(variable);
  return map;
}
