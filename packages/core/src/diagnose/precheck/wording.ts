/**
 * Wording shared by every family of the pre-solve checks: names, lists ("A, B and C", "and 3
 * more"), counts, the clauses that say why a candidate is ruled out (written once for all the
 * candidates that share a reason), and the item itself. Nothing here decides anything: the
 * family modules find the facts, this module only puts them into sentences.
 */
import type { PrecheckCode } from "../../domain/diagnosis-codes.js";
import type { DiagnosisItem, SuggestedChange, Trainee } from "../../domain/schema.js";
import { suggestChange, type Fix } from "../suggested-change.js";
import type { Context, TraineeOptions } from "./facts.js";
import { listWords } from "../../util/words.js";

const MAX_LISTED = 6;

/** A diagnosis item with copies of its id lists. */
export function item(
  code: PrecheckCode,
  message: string,
  trainees: readonly string[],
  members: readonly string[],
  people: readonly string[],
  change: SuggestedChange | null,
): DiagnosisItem {
  return { code, message, trainees: [...trainees], members: [...members], people: [...people], change };
}

/** The fix when only the specialization rule keeps candidates out: list it somewhere, or make it "preferred". */
export function relaxSpecialization(spec: string, what: string): Fix {
  return {
    change: suggestChange("relax-rule", { path: "rules.specializationFit", specialization: spec }),
    sentence: describeSpecializationRelax(spec, what),
  };
}

export function describeSpecializationRelax(spec: string, what: string): string {
  return (
    `Suggested change: add ${spec} to the specializations of a member that can take it, or set ` +
    `rules.specializationFit to "preferred" (then ${what} that does not list ${spec} is allowed, at a cost).`
  );
}

/** "Kari Nordmann (trainee t3, water)", or "trainee t3 (water)" without a name ("Trainee" to open a sentence). */
export function describeTrainee(trainee: Trainee, opensSentence = false): string {
  if (trainee.name !== undefined && trainee.name.trim() !== "") {
    return `${trainee.name} (trainee ${trainee.id}, ${trainee.specialization})`;
  }
  return `${opensSentence ? "Trainee" : "trainee"} ${trainee.id} (${trainee.specialization})`;
}

function traineeName(ctx: Context, id: string): string {
  const name = ctx.index.traineeById.get(id)?.name;
  return name !== undefined && name.trim() !== "" ? name : id;
}

export function memberName(ctx: Context, id: string): string {
  return ctx.index.memberName(id);
}

export function personName(ctx: Context, id: string): string {
  const name = ctx.index.personById.get(id)?.name;
  return name !== undefined && name.trim() !== "" ? `${name} (${id})` : id;
}

export function memberPath(ctx: Context, id: string, field: "hostCapacity" | "awayCapacity"): string | null {
  const position = ctx.index.memberPosition.get(id);
  return position === undefined ? null : `members[${position}].${field}`;
}

export function personPath(ctx: Context, id: string): string | null {
  const position = ctx.index.personPosition.get(id);
  return position === undefined ? null : `people[${position}].capacity`;
}

/** An organisation by its members: "Skedsmo kommune", or "organisation skedsmo (A and B)". */
export function describeOrganisation(ctx: Context, organisation: string): string {
  const members = ctx.members.filter((m) => ctx.index.organisationOf(m.id) === organisation);
  const only = members.length === 1 ? members[0] : undefined;
  if (only !== undefined) return memberName(ctx, only.id);
  if (members.length === 0) return `organisation ${organisation}`;
  return `organisation ${organisation} (${listMembers(ctx, members.map((m) => m.id))})`;
}

/** Who the organisation rule is measured against: "the host, Skedsmo kommune", or every possible host. */
export function describeHostReference(ctx: Context, o: TraineeOptions): string {
  const only = o.hosts.length === 1 ? o.hosts[0] : undefined;
  if (only === undefined) return "every member that could host the trainee";
  const known = o.facts.trainee.host !== undefined || o.facts.hostPins.length > 0;
  const name = memberName(ctx, only);
  return known ? `the host, ${name}` : `${name}, the only member that can host the trainee`;
}

/**
 * The trainee's host ("Skedsmo kommune, the host,") when there is one possible host, else the
 * members that could host the trainee.
 */
export function describeHosts(ctx: Context, o: TraineeOptions): string {
  const only = o.hosts.length === 1 ? o.hosts[0] : undefined;
  if (only === undefined) return `the members that could host the trainee (${listMembers(ctx, o.hosts)})`;
  const known = o.facts.trainee.host !== undefined || o.facts.hostPins.length > 0;
  return `${memberName(ctx, only)}, ${known ? "the host" : "the only member that can host the trainee"},`;
}

export function describeTakers(ctx: Context, trainees: readonly string[]): string {
  return trainees.length === 1 ? `trainee ${listTrainees(ctx, trainees)}` : `trainees ${listTrainees(ctx, trainees)}`;
}

/** "its only place is taken", "all 3 places are taken". */
export function describeTaken(capacity: number, noun: string): string {
  return capacity === 1 ? `its only ${noun} is taken` : `all ${capacity} ${noun}s are taken`;
}

export function describeCount(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export function listTrainees(ctx: Context, ids: readonly string[]): string {
  return listWords(ids.map((id) => traineeName(ctx, id)));
}

export function listMembers(ctx: Context, ids: readonly string[]): string {
  return listWords(ids.map((id) => memberName(ctx, id)));
}

export function listPeople(ctx: Context, ids: readonly string[]): string {
  return listWords(ids.map((id) => personName(ctx, id)));
}


/**
 * One reason a member or person is ruled out. Reasons in the same group read the same for
 * every subject and are written as one clause naming them all.
 */
export interface Reason {
  readonly subject: string;
  readonly group: string | null;
  readonly clause: (subjects: string, many: boolean) => string;
}

/** Reasons as clauses joined by semicolons: shared reasons once, repeated clauses once. */
export function writeReasons(reasons: readonly Reason[]): string {
  const groups = new Map<string, { readonly first: Reason; readonly subjects: string[] }>();
  const order: (string | Reason)[] = [];
  for (const reason of reasons) {
    if (reason.group === null) {
      order.push(reason);
      continue;
    }
    const found = groups.get(reason.group);
    if (found === undefined) {
      groups.set(reason.group, { first: reason, subjects: [reason.subject] });
      order.push(reason.group);
    } else if (!found.subjects.includes(reason.subject)) {
      found.subjects.push(reason.subject);
    }
  }
  const clauses = order.map((entry) => {
    if (typeof entry !== "string") return entry.clause(entry.subject, false);
    const group = groups.get(entry);
    if (group === undefined) return "";
    return group.first.clause(listWords(group.subjects), group.subjects.length > 1);
  });
  return joinClauses(uniqueStrings(clauses));
}

/** Clauses joined by semicolons, the first few and how many more. */
function joinClauses(clauses: readonly string[]): string {
  if (clauses.length > MAX_LISTED) {
    const rest = clauses.length - (MAX_LISTED - 1);
    return `${clauses.slice(0, MAX_LISTED - 1).join("; ")}; and ${rest} more are ruled out likewise`;
  }
  return clauses.join("; ");
}

/** A verb in the third person, singular or plural: verb(true, "is") is "are", verb(true, "takes") is "take". */
export function verb(many: boolean, singular: "is" | "hosts" | "takes" | "works"): string {
  if (!many) return singular;
  return singular === "is" ? "are" : singular.slice(0, -1);
}

/** The reason every member or person that does not list the trainee's specialization shares. */
export function notListing(subject: string): Reason {
  const clause = (s: string, many: boolean) => `${s} ${many ? "do" : "does"} not list the specialization`;
  return { subject, group: "specialization", clause };
}

/** The first blocker of a candidate the caller knows is ruled out. */
export function firstOf<T>(list: readonly T[]): T {
  const first = list[0];
  if (first === undefined) throw new Error("precheck: expected at least one reason");
  return first;
}

export function uniqueStrings(values: readonly string[]): string[] {
  return [...new Set(values)];
}
