/**
 * Capacity rows: host places left after the given hosts, visiting places per member and away
 * period, and each class of people's summed capacity over the whole programme. A row that the
 * trainees who could use the resource cannot fill is left out.
 *
 * For diagnosis (`relax`), each row gets an integer slack "extra capacity" with cost 1 per unit
 * (2 for a person who does not exist yet), so the cheapest plan names the smallest additions.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { ModelBuilder } from "../builder.js";
import type { Candidates, PersonClass } from "../candidates.js";
import type { LinearTerm } from "../linear-model.js";
import type { Resource, TraineeVars, VariableMeta } from "../variables.js";

export function addCapacityRows(
  builder: ModelBuilder<VariableMeta>,
  index: CohortIndex,
  candidates: Candidates,
  vars: readonly TraineeVars[],
  relax: boolean,
): void {
  const addCapacityRow = (name: string, terms: LinearTerm[], capacity: number, resource: Resource) => {
    if (relax) {
      const extraCost = resource.type === "people" && resource.personClass.virtual ? 2 : 1;
      // No capacity ever needs more extra places than there are trainees using it.
      const users = new Set(terms.map((t) => builder.meta[t.variable]).map((m) => (m !== undefined && m.kind !== "slack" ? m.trainee : -1)));
      const slack = builder.addVariable(
        { name: `extra ${name}`, cost: extraCost, upper: users.size, integer: true },
        { kind: "slack", resource },
      );
      terms = [...terms, { variable: slack, coefficient: -1 }];
    }
    builder.addRow(name, terms, Number.NEGATIVE_INFINITY, capacity);
  };
  const hostUse = new Accumulator<string>();
  const awayUse = index.awayPeriods.map(() => new Accumulator<string>());
  const supervisorUse = new Accumulator<PersonClass>();
  const mentorUse = new Accumulator<PersonClass>();
  vars.forEach((tv, t) => {
    for (const [member, variables] of tv.host) for (const variable of variables) hostUse.add(member, t, variable);
    tv.away.forEach((awayVars, p) => {
      for (const a of awayVars) awayUse[p]?.add(a.member, t, a.variable);
    });
    for (const s of tv.supervisor) supervisorUse.add(s.personClass, t, s.variable);
    for (const m of tv.mentor) mentorUse.add(m.personClass, t, m.variable);
  });

  for (const [member, use] of hostUse) {
    const left = candidates.hostPlacesLeft.get(member) ?? 0;
    if (use.trainees.size > left) addCapacityRow(`host-capacity[${member}]`, use.terms, left, { type: "host", member });
  }
  awayUse.forEach((acc, p) => {
    const period = index.awayPeriods[p]?.id;
    for (const [member, use] of acc) {
      const capacity = index.memberById.get(member)?.awayCapacity ?? 0;
      if (use.trainees.size > capacity) {
        addCapacityRow(`away-capacity[${member},${period}]`, use.terms, capacity, { type: "away", member, period: period ?? "" });
      }
    }
  });
  for (const acc of [supervisorUse, mentorUse]) {
    for (const [personClass, use] of acc) {
      if (use.trainees.size > personClass.capacity) {
        addCapacityRow(`capacity[${personClass.key}]`, use.terms, personClass.capacity, { type: "people", personClass });
      }
    }
  }
}

/** Collects, per resource, the variables that use it and the trainees they belong to. */
class Accumulator<K> implements Iterable<[K, { terms: LinearTerm[]; trainees: Set<number> }]> {
  private readonly map = new Map<K, { terms: LinearTerm[]; trainees: Set<number> }>();
  add(key: K, trainee: number, variable: number): void {
    let entry = this.map.get(key);
    if (entry === undefined) this.map.set(key, (entry = { terms: [], trainees: new Set() }));
    entry.terms.push({ variable, coefficient: 1 });
    entry.trainees.add(trainee);
  }
  [Symbol.iterator]() {
    return this.map[Symbol.iterator]();
  }
}
