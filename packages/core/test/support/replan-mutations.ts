/**
 * Changes made to a small cohort after its plan was published, and the dates that split its
 * programme: what the re-planning properties (replan.test.ts, replan-network.test.ts) draw.
 */
import fc from "fast-check";
import { periodDates } from "../../src/domain/dates.js";
import type { Cohort, Plan } from "../../src/domain/schema.js";

/** Each period's first day, and the day after, for dates that split the programme. */
export function datesOf(cohort: Cohort): string[] {
  const out = [cohort.programme.start];
  for (const d of periodDates(cohort.programme.start, cohort.programme.periods)) out.push(d.from, d.to);
  return [...new Set(out)].sort();
}

/** A change to a cohort after its plan was published. */
export type Mutation =
  | { readonly kind: "none" }
  | { readonly kind: "remove-person"; readonly which: number }
  | { readonly kind: "person-capacity"; readonly which: number }
  | { readonly kind: "remove-trainee"; readonly which: number }
  | { readonly kind: "add-trainee"; readonly which: number }
  | { readonly kind: "forbid-mentor"; readonly which: number }
  | { readonly kind: "away-capacity"; readonly which: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: "none" } as const),
  ...(["remove-person", "person-capacity", "remove-trainee", "add-trainee", "forbid-mentor", "away-capacity"] as const).map((kind) =>
    fc.nat(20).map((which) => ({ kind, which }) as Mutation),
  ),
);

export function mutate(cohort: Cohort, plan: Plan, m: Mutation): Cohort {
  const pick = <T>(list: readonly T[]): T | undefined => (list.length === 0 ? undefined : list[("which" in m ? m.which : 0) % list.length]);
  switch (m.kind) {
    case "none":
      return cohort;
    case "remove-person": {
      const used = pick(plan.assignments.flatMap((a) => [a.supervisor, a.mentor]).filter((x): x is string => x !== null));
      return { ...cohort, people: cohort.people.filter((p) => p.id !== used), pins: cohort.pins.filter((p) => p.mentor !== used && p.supervisor !== used), forbid: cohort.forbid.filter((f) => f.mentor !== used && f.supervisor !== used) };
    }
    case "person-capacity": {
      const person = pick(cohort.people);
      return { ...cohort, people: cohort.people.map((p) => (p === person ? { ...p, capacity: Math.max(0, p.capacity - 1) } : p)) };
    }
    case "remove-trainee": {
      if (cohort.trainees.length < 2) return cohort;
      const gone = pick(cohort.trainees)?.id;
      return { ...cohort, trainees: cohort.trainees.filter((t) => t.id !== gone), pins: cohort.pins.filter((p) => p.trainee !== gone), forbid: cohort.forbid.filter((f) => f.trainee !== gone) };
    }
    case "add-trainee": {
      if (cohort.trainees.length >= 3) return cohort;
      const model = pick(cohort.trainees);
      if (model === undefined) return cohort;
      const { host: _host, ...rest } = model; // a joiner with a given host might overfill it: an input error, not a re-plan
      return { ...cohort, trainees: [...cohort.trainees, { ...rest, id: "joiner", name: "Joiner" }] };
    }
    case "forbid-mentor": {
      const a = pick(plan.assignments);
      if (a?.mentor === null || a === undefined) return cohort;
      if (cohort.pins.some((p) => p.trainee === a.trainee && p.mentor === a.mentor)) return cohort;
      return { ...cohort, forbid: [...cohort.forbid, { trainee: a.trainee, mentor: a.mentor }] };
    }
    case "away-capacity": {
      const member = pick(cohort.members);
      return { ...cohort, members: cohort.members.map((x) => (x === member ? { ...x, awayCapacity: Math.max(0, x.awayCapacity - 1) } : x)) };
    }
  }
}

