/**
 * References: ids, duplicates, roles and preferences.
 *
 * Rule family: references. Statement: ids are unique within each list (periods, members,
 * people, trainees); every id a field names exists and is of the right kind (a member, a
 * period, a trainee, a person with the role the field asks for); a trainee lists each member
 * once in each preference list. An unknown id gets a "did you mean" hint, or says what the id
 * is when it names something of another kind.
 */
import { closestMatch } from "../did-you-mean.js";
import { formatPath, type PathSegment } from "../issues.js";
import type { Member, Period, Person, Trainee } from "../schema.js";
import type { ValidationContext } from "./context.js";
import { quoteShort } from "../../util/words.js";

export function checkDuplicateIds(ctx: ValidationContext): void {
  const lists: readonly (readonly [readonly PathSegment[], readonly { readonly id: string }[], string])[] = [
    [["programme", "periods"], ctx.cohort.programme.periods, "programme periods"],
    [["members"], ctx.cohort.members, "members"],
    [["people"], ctx.cohort.people, "people"],
    [["trainees"], ctx.cohort.trainees, "trainees"],
  ];
  for (const [listPath, items, plural] of lists) {
    const first = new Map<string, number>();
    items.forEach((item, i) => {
      const earlier = first.get(item.id);
      if (earlier === undefined) {
        first.set(item.id, i);
        return;
      }
      ctx.add(
        "duplicate_id",
        [...listPath, i, "id"],
        `the id ${quoteShort(item.id)} is already used by ${formatPath([...listPath, earlier])}; ids must be unique among ${plural}`,
      );
    });
  }
}

/** Checks that `id` names a member; reports `unknown_reference` at `path` if not. */
export function refMember(ctx: ValidationContext, id: string, path: readonly PathSegment[]): Member | undefined {
  const member = ctx.index.memberById.get(id);
  if (member === undefined) ctx.add("unknown_reference", path, unknownMessage(ctx, "member", id));
  return member;
}

/** Checks that `id` names a person with `role`; reports `unknown_reference` or `wrong_role` at `path` if not. */
export function refPerson(
  ctx: ValidationContext,
  id: string,
  path: readonly PathSegment[],
  role: "mentor" | "supervisor",
): Person | undefined {
  const person = ctx.index.personById.get(id);
  if (person === undefined) {
    ctx.add("unknown_reference", path, unknownMessage(ctx, "person", id));
    return undefined;
  }
  if (person.role !== role) {
    ctx.add("wrong_role", path, `${quoteShort(id)} is a ${person.role}, not a ${role}; name a person whose role is "${role}" here`);
    return undefined;
  }
  return person;
}

export function refTrainee(ctx: ValidationContext, id: string, path: readonly PathSegment[]): Trainee | undefined {
  const trainee = ctx.index.traineeById.get(id);
  if (trainee === undefined) ctx.add("unknown_reference", path, unknownMessage(ctx, "trainee", id));
  return trainee;
}

export function refPeriod(ctx: ValidationContext, id: string, path: readonly PathSegment[]): Period | undefined {
  const period = ctx.periodById.get(id);
  if (period === undefined) ctx.add("unknown_reference", path, unknownMessage(ctx, "period", id));
  return period;
}

function unknownMessage(ctx: ValidationContext, kind: "member" | "person" | "trainee" | "period", id: string): string {
  const lists = {
    member: {
      ids: ctx.memberIds,
      known: ctx.index.memberById,
      phrase: "no member has the id",
      other: "a member's id",
    },
    person: {
      ids: ctx.personIds,
      known: ctx.index.personById,
      phrase: "no person (mentor or supervisor) has the id",
      other: "a person's id",
    },
    trainee: {
      ids: ctx.traineeIds,
      known: ctx.index.traineeById,
      phrase: "no trainee has the id",
      other: "a trainee's id",
    },
    period: {
      ids: ctx.periodIds,
      known: ctx.periodById,
      phrase: "no programme period has the id",
      other: "a period's id",
    },
  } as const;
  const base = `${lists[kind].phrase} ${quoteShort(id)}`;
  if (kind === "period" && ctx.periodIds.length <= 12) {
    return `${base}; the periods are ${ctx.periodIds.map((p) => quoteShort(p)).join(", ")}`;
  }
  const candidates = lists[kind].ids;
  if (candidates.length <= ctx.suggestionBudget) {
    ctx.suggestionBudget -= candidates.length;
    const guess = closestMatch(id, candidates);
    if (guess !== undefined) return `${base} (did you mean ${quoteShort(guess)}?)`;
  }
  for (const otherKind of ["member", "person", "trainee", "period"] as const) {
    if (otherKind !== kind && lists[otherKind].known.has(id)) return `${base} (it is ${lists[otherKind].other})`;
  }
  return base;
}

/** Every person's employer is a member. */
export function checkPeople(ctx: ValidationContext): void {
  ctx.cohort.people.forEach((person, i) => {
    refMember(ctx, person.member, ["people", i, "member"]);
  });
}

/** A trainee's given host and preferences name members, each preference once. */
export function checkTrainees(ctx: ValidationContext): void {
  ctx.cohort.trainees.forEach((trainee, i) => {
    if (trainee.host !== undefined) refMember(ctx, trainee.host, ["trainees", i, "host"]);
    for (const list of ["hostPreferences", "awayPreferences"] as const) {
      const firstAt = new Map<string, number>();
      trainee[list].forEach((memberId, j) => {
        const path = ["trainees", i, list, j];
        const earlier = firstAt.get(memberId);
        if (earlier !== undefined) {
          ctx.add(
            "duplicate_preference",
            path,
            `${quoteShort(memberId)} is listed twice (as choice ${earlier + 1} and choice ${j + 1}); list each member once`,
          );
          return;
        }
        firstAt.set(memberId, j);
        refMember(ctx, memberId, path);
      });
    }
  });
}
