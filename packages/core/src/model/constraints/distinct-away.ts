/**
 * With two or more away periods, a trainee spends each at a different member id:
 * for each (trainee, member), the away variables at that member over all periods sum to <= 1.
 * (Two members of one organisation may both be used.)
 *
 * When the host is chosen, that row is weak: the LP can visit a member "half" in each period
 * under a half host. The lifted forms below are valid for every plan and close that gap; they
 * go to the cut pool, so a solver adds only those its relaxation violates:
 * - paired variables: for each (trainee, host h, member m): sum over periods of pair[t,p,h,m] <= host[t,h];
 * - separate variables: for each (trainee, member m): sum over periods of away[t,p,m] + H(t, org(m)) <= 1,
 *   where H(t, o) sums the trainee's host variables in organisation o.
 * Measured on generated cohorts of 20 trainees, 10 members and two away periods with hosts
 * chosen, the paired cuts made the LP relaxation integral (docs/model.md).
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { ModelBuilder } from "../builder.js";
import { ones } from "../builder.js";
import type { TraineeVars, VariableMeta } from "../variables.js";
import { listAt } from "../../util/multimap.js";

export function addDistinctAwayRows(builder: ModelBuilder<VariableMeta>, index: CohortIndex, vars: readonly TraineeVars[]): void {
  for (const tv of vars) {
    if (tv.away.length < 2) continue;
    const byMember = new Map<string, { periods: Set<number>; variables: number[] }>();
    tv.away.forEach((awayVars, p) => {
      for (const a of awayVars) {
        let entry = byMember.get(a.member);
        if (entry === undefined) byMember.set(a.member, (entry = { periods: new Set(), variables: [] }));
        entry.periods.add(p);
        entry.variables.push(a.variable);
      }
    });
    const id = tv.candidates.trainee.id;
    for (const [member, { periods, variables }] of byMember) {
      if (periods.size < 2) continue;
      builder.addRow(`distinct-away[${id},${member}]`, ones(variables), Number.NEGATIVE_INFINITY, 1);
      if (tv.structure === "separate") {
        const org = index.organisationOf(member);
        const hostInOrg = [...tv.host].filter(([h]) => index.organisationOf(h) === org).flatMap(([, v]) => v);
        if (hostInOrg.length > 0) builder.addCut(`lifted-distinct-away[${id},${member}]`, ones([...variables, ...hostInOrg]), Number.NEGATIVE_INFINITY, 1);
      }
    }
    if (tv.structure === "paired") addPairedCuts(builder, tv);
  }
}

function addPairedCuts(builder: ModelBuilder<VariableMeta>, tv: TraineeVars): void {
  const id = tv.candidates.trainee.id;
  for (const [host, hostVars] of tv.host) {
    const byMember = new Map<string, number[]>();
    for (const awayVars of tv.away) {
      for (const a of awayVars) {
        if (a.host !== host) continue;
        listAt(byMember, a.member).push(a.variable);
      }
    }
    for (const [member, variables] of byMember) {
      if (variables.length < 2) continue;
      builder.addCut(`lifted-distinct-away[${id},${host},${member}]`, [...ones(variables), ...ones(hostVars, -1)], Number.NEGATIVE_INFINITY, 0);
    }
  }
}
