/**
 * What the `supervisor` and `mentor` families share: why a person cannot take a trainee (not
 * at the host, a missing specialization, the organisation rules, a forbid, no place left),
 * those reasons as clauses, and the fixes that free a person (remove a forbid, raise a
 * capacity). Each family decides which blockers apply to its role.
 */
import type { Person } from "../../domain/schema.js";
import { suggestChange, type FixesByKind } from "../suggested-change.js";
import type { Context, TraineeOptions } from "./facts.js";
import type { TraineeFacts } from "./pins.js";
import {
  describeHostReference,
  describeTakers,
  describeTaken,
  memberName,
  notListing,
  personName,
  personPath,
  verb,
  type Reason,
} from "./wording.js";

/** Why a supervisor or mentor cannot take a trainee. */
export type PersonBlocker =
  | { readonly kind: "not-at-host" }
  | { readonly kind: "specialization" }
  | { readonly kind: "host-organisation" }
  | { readonly kind: "pinned-away-organisation"; readonly member: string; readonly period: string; readonly pin: number }
  | { readonly kind: "away-organisation"; readonly period: string }
  | { readonly kind: "forbid"; readonly forbid: number }
  | { readonly kind: "full"; readonly capacity: number; readonly takenBy: readonly string[] };

/** A supervisor or mentor considered for a trainee, with what rules them out. */
export interface ConsideredPerson {
  readonly person: Person;
  readonly blockers: readonly PersonBlocker[];
}

/** Adds the "full" blocker when pins by other trainees take every place of the person. */
export function pushIfFull(ctx: Context, facts: TraineeFacts, person: Person, out: PersonBlocker[]): void {
  // The trainee's own pins never reach here: a pinned role is not chosen among candidates.
  const takenBy = (ctx.personTakenBy.get(person.id) ?? []).filter((t) => t !== facts.trainee.id);
  if (person.capacity - takenBy.length <= 0) out.push({ kind: "full", capacity: person.capacity, takenBy });
}

/** A supervisor or mentor blocker as a clause of the message. */
export function describePersonBlocker(ctx: Context, o: TraineeOptions, person: Person, blocker: PersonBlocker): Reason {
  const subject = personName(ctx, person.id);
  switch (blocker.kind) {
    case "not-at-host":
      return { subject, group: "not-at-host", clause: (s, many) => `${s} ${verb(many, "is")} not employed by the host` };
    case "specialization":
      return notListing(subject);
    case "host-organisation":
      return {
        subject,
        group: "host-organisation",
        clause: (s, many) => `${s} ${verb(many, "works")} in the same organisation as ${describeHostReference(ctx, o)}`,
      };
    case "pinned-away-organisation":
      return {
        subject,
        group: `pinned:${blocker.pin}`,
        clause: (s, many) =>
          `${s} ${verb(many, "works")} in the same organisation as ${memberName(ctx, blocker.member)}, ` +
          `where pins[${blocker.pin}] places the trainee away in ${blocker.period} (rules.mentorOutside is "host-and-away")`,
      };
    case "away-organisation":
      return {
        subject,
        group: `away:${blocker.period}`,
        clause: (s, many) =>
          `${s} ${verb(many, "works")} in the same organisation as every member that could take the trainee ` +
          `in ${blocker.period} (rules.mentorOutside is "host-and-away")`,
      };
    case "forbid":
      return { subject, group: null, clause: (s) => `${s} is ruled out for this trainee by forbid[${blocker.forbid}]` };
    case "full":
      if (blocker.capacity === 0) {
        const clause = (s: string, many: boolean) => `${s} ${verb(many, "takes")} no trainees (capacity 0)`;
        return { subject, group: "no-capacity", clause };
      }
      return {
        subject,
        group: null,
        clause: (s) =>
          `${s} has no place left (${describeTaken(blocker.capacity, "place")} by ` +
          `${describeTakers(ctx, blocker.takenBy)} pinned to this ${person.role})`,
      };
  }
}

/** The fixes that free a supervisor or mentor: remove a forbid, or raise a full capacity. */
export function personFixes(ctx: Context): FixesByKind<ConsideredPerson, PersonBlocker> {
  return {
    forbid: ({ person }, { forbid: k }) => ({
      change: suggestChange("remove-forbid", { path: `forbid[${k}]`, person: person.id, role: person.role }),
      sentence:
        `Suggested change: remove forbid[${k}], so that ${personName(ctx, person.id)} ` +
        `can be the trainee's ${person.role}.`,
    }),
    full: ({ person }) => {
      const path = personPath(ctx, person.id);
      return {
        change: suggestChange("raise-capacity", { path, person: person.id, member: person.member, role: person.role, by: 1 }),
        sentence: `Suggested change: raise the capacity of ${personName(ctx, person.id)} (${path}) by 1.`,
      };
    },
  };
}
