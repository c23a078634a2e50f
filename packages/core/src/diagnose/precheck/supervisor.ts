/**
 * Family `supervisor`: every trainee has a supervisor employed by the host member itself, who
 * lists the trainee's specialization (under "required"), has a place left and is not
 * forbidden. Here: whether each trainee could have one, and the `no_supervisor_candidate` item
 * when no supervisor at any possible host can take the trainee.
 */
import type { DiagnosisItem, Person } from "../../domain/schema.js";
import { suggestChange, suggestFirstFix, type Fix } from "../suggested-change.js";
import type { Context, TraineeOptions } from "./facts.js";
import { describePersonBlocker, personFixes, pushIfFull, type ConsideredPerson, type PersonBlocker } from "./people.js";
import type { TraineeFacts } from "./pins.js";
import { describeHosts, describeTrainee, firstOf, item, memberName, writeReasons } from "./wording.js";

/** Whether some supervisor at a possible host could take the trainee (always, with a pinned one). */
export function hasPossibleSupervisor(ctx: Context, facts: TraineeFacts, hosts: ReadonlySet<string>): boolean {
  if (facts.supervisorPins.length > 0) return true;
  for (const host of hosts) {
    for (const person of ctx.supervisorsAt.get(host) ?? []) {
      if (findSupervisorBlockers(ctx, facts, hosts, person).length === 0) return true;
    }
  }
  return false;
}

/** Why a supervisor cannot take the trainee. */
function findSupervisorBlockers(
  ctx: Context,
  facts: TraineeFacts,
  hosts: ReadonlySet<string>,
  person: Person,
): PersonBlocker[] {
  const out: PersonBlocker[] = [];
  if (!hosts.has(person.member)) out.push({ kind: "not-at-host" });
  if (ctx.required && !ctx.index.personLists(person.id, facts.trainee.specialization)) {
    out.push({ kind: "specialization" });
  }
  const forbid = facts.forbiddenSupervisors.get(person.id);
  if (forbid !== undefined) out.push({ kind: "forbid", forbid });
  pushIfFull(ctx, facts, person, out);
  return out;
}

/** Check `no_supervisor_candidate`: trainees no supervisor can take. */
export function findTraineesWithoutSupervisor(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  return options.filter((o) => o.hasSupervisor === false).map((o) => explainNoSupervisor(ctx, o));
}

function explainNoSupervisor(ctx: Context, o: TraineeOptions): DiagnosisItem {
  const { trainee } = o.facts;
  const spec = trainee.specialization;
  const head = `${describeTrainee(trainee, true)} has no possible supervisor`;
  const hostSet = new Set(o.hosts);
  const atHosts = ctx.supervisors
    .map((person) => ({ person, blockers: findSupervisorBlockers(ctx, o.facts, hostSet, person) }))
    .filter((c) => !c.blockers.some((b) => b.kind === "not-at-host"));
  const listing = atHosts.filter((c) => !c.blockers.some((b) => b.kind === "specialization"));
  const hostMember = o.hosts.length === 1 ? (o.hosts[0] ?? null) : null;
  const addSupervisor: Fix = {
    change: suggestChange("add-person", {
      role: "supervisor",
      member: hostMember,
      specialization: ctx.required ? spec : null,
      by: 1,
    }),
    sentence:
      `Suggested change: add a supervisor${ctx.required ? ` who lists ${spec}` : ""} at ` +
      `${hostMember === null ? "one of these members" : memberName(ctx, hostMember)}.`,
  };
  const hosts = describeHosts(ctx, o);
  const lacking = (what: string): string =>
    hostMember === null ? `none of ${hosts} has ${what}` : `${hosts} has no ${what.replace(/^an? /, "")}`;
  let message: string;
  let fix: Fix;
  if (atHosts.length === 0) {
    message = `${head}: ${lacking("a supervisor")}.`;
    fix = addSupervisor;
  } else if (listing.length === 0) {
    message = `${head}: ${lacking(`a supervisor who lists ${spec}`)}.`;
    fix = addSupervisor;
  } else {
    const reasons = listing.map(({ person, blockers }) => describePersonBlocker(ctx, o, person, firstOf(blockers)));
    const who = ctx.required ? `supervisors who list ${spec}` : "supervisors";
    const has = hostMember === null ? "have" : "has";
    message = `${head}: ${hosts} ${has} ${who}, but none is available: ${writeReasons(reasons)}.`;
    fix = suggestFirstFix<ConsideredPerson, PersonBlocker>(listing, personFixes(ctx)) ?? addSupervisor;
  }
  const people = (listing.length > 0 ? listing : atHosts).map((c) => c.person.id);
  return item("no_supervisor_candidate", `${message} ${fix.sentence}`, [trainee.id], [...o.hosts], people, fix.change);
}
