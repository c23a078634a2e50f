/**
 * With two or more away periods, a trainee spends each at a different member id:
 * for each (trainee, member), the away variables at that member over all periods sum to <= 1.
 * (Two members of one organisation may both be used.)
 */
import type { ModelBuilder } from "../builder.js";
import { ones } from "../builder.js";
import type { TraineeVars, VariableMeta } from "../variables.js";

export function addDistinctAwayRows(builder: ModelBuilder<VariableMeta>, vars: readonly TraineeVars[]): void {
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
    for (const [member, { periods, variables }] of byMember) {
      if (periods.size >= 2) builder.addRow(`distinct-away[${tv.candidates.trainee.id},${member}]`, ones(variables), Number.NEGATIVE_INFINITY, 1);
    }
  }
}
