/**
 * Family `host`: every trainee has a host, a member that employs them; the host the cohort
 * gives is a fact, and a host the solver chooses must list the trainee's specialization (under
 * "required"), have a host place left, not be forbidden, and be of another organisation than
 * the trainee's pinned away members. Here: which members could host each trainee, and the
 * `no_host_candidate` item when none can, with what rules each one out.
 */
import type { DiagnosisItem, Member } from "../../domain/schema.js";
import { suggestChange, suggestFirstFix, type Fix } from "../suggested-change.js";
import type { Context, TraineeOptions } from "./facts.js";
import { distinctValues, type TraineeFacts } from "./pins.js";
import {
  describeSpecializationRelax,
  describeTakers,
  describeTaken,
  describeTrainee,
  firstOf,
  item,
  memberName,
  memberPath,
  notListing,
  relaxSpecialization,
  verb,
  writeReasons,
  type Reason,
} from "./wording.js";

/** Why a member cannot host a trainee. */
type HostBlocker =
  | { readonly kind: "specialization" }
  | { readonly kind: "forbid"; readonly forbid: number }
  | { readonly kind: "full"; readonly capacity: number; readonly takenBy: readonly string[] }
  | { readonly kind: "pinned-away-organisation"; readonly member: string; readonly period: string; readonly pin: number };

/** A member considered as a trainee's host, with what rules it out. */
interface ConsideredMember {
  readonly member: Member;
  readonly blockers: readonly HostBlocker[];
}

/** Possible hosts: the given host, else the pinned ones, else every member nothing rules out. */
export function findPossibleHosts(ctx: Context, facts: TraineeFacts): string[] {
  if (facts.trainee.host !== undefined) return [facts.trainee.host];
  const pinned = distinctValues(facts.hostPins);
  if (pinned.length > 0) return pinned;
  return ctx.members.filter((m) => findHostBlockers(ctx, facts, m).length === 0).map((m) => m.id);
}

/** Why a member cannot be the chosen host of a trainee whose host is neither given nor pinned. */
function findHostBlockers(ctx: Context, facts: TraineeFacts, member: Member): HostBlocker[] {
  const out: HostBlocker[] = [];
  if (ctx.required && !ctx.index.offers(member.id, facts.trainee.specialization)) out.push({ kind: "specialization" });
  const forbid = facts.forbiddenMembers.get(member.id);
  if (forbid !== undefined) out.push({ kind: "forbid", forbid });
  const takenBy = ctx.hostTakenBy.get(member.id) ?? [];
  if (member.hostCapacity - takenBy.length <= 0) out.push({ kind: "full", capacity: member.hostCapacity, takenBy });
  const organisation = ctx.index.organisationOf(member.id);
  pins: for (const [period, pins] of facts.awayPins) {
    for (const pin of pins) {
      if (ctx.index.organisationOf(pin.value) !== organisation) continue;
      out.push({ kind: "pinned-away-organisation", member: pin.value, period, pin: pin.pin });
      break pins;
    }
  }
  return out;
}

/** Check `no_host_candidate`: trainees no member can host. */
export function findTraineesWithoutHost(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  return options.filter((o) => o.hosts.length === 0).map((o) => explainNoHost(ctx, o.facts));
}

function explainNoHost(ctx: Context, facts: TraineeFacts): DiagnosisItem {
  const { trainee } = facts;
  const spec = trainee.specialization;
  const all = ctx.members.map((member) => ({ member, blockers: findHostBlockers(ctx, facts, member) }));
  const considered = all.filter((c) => !c.blockers.some((b) => b.kind === "specialization"));
  const head = `No member can host ${describeTrainee(trainee)}`;
  if (considered.length === 0) {
    const reason = ctx.members.length === 0 ? "the cohort has no members" : `no member lists ${spec}`;
    const change =
      ctx.members.length > 0 && ctx.required
        ? suggestChange("relax-rule", { path: "rules.specializationFit", specialization: spec })
        : null;
    const fix = change === null ? "" : ` ${describeSpecializationRelax(spec, "a host")}`;
    return item("no_host_candidate", `${head}: ${reason}.${fix}`, [trainee.id], [], [], change);
  }
  const reasons = considered.map(({ member, blockers }) => describeHostBlocker(ctx, member, firstOf(blockers)));
  const among = ctx.required ? `Among the members that list ${spec}: ` : "";
  const fix = suggestHostFix(ctx, all, spec);
  const message = `${head}. ${among}${writeReasons(reasons)}.${fix === null ? "" : ` ${fix.sentence}`}`;
  return item(
    "no_host_candidate",
    message,
    [trainee.id],
    considered.map((c) => c.member.id),
    [],
    fix?.change ?? null,
  );
}

/** A host blocker as a clause of the message. */
function describeHostBlocker(ctx: Context, member: Member, blocker: HostBlocker): Reason {
  const subject = memberName(ctx, member.id);
  switch (blocker.kind) {
    case "specialization":
      return notListing(subject);
    case "forbid":
      return { subject, group: null, clause: (s) => `${s} is ruled out for this trainee by forbid[${blocker.forbid}]` };
    case "full":
      if (blocker.capacity === 0) {
        const clause = (s: string, many: boolean) => `${s} ${verb(many, "hosts")} no trainees (hostCapacity 0)`;
        return { subject, group: "no-capacity", clause };
      }
      return {
        subject,
        group: null,
        clause: (s) =>
          `${s} has no host place left (${describeTaken(blocker.capacity, "host place")} by ` +
          `${describeTakers(ctx, blocker.takenBy)} with a given or pinned host)`,
      };
    case "pinned-away-organisation": {
      const where =
        `pins[${blocker.pin}] places the trainee away in ${blocker.period} ` +
        `(the host must be of another organisation than the away members)`;
      if (blocker.member === member.id) {
        return { subject, group: `pinned-self:${blocker.pin}`, clause: (s) => `${s} is where ${where}` };
      }
      return {
        subject,
        group: `pinned:${blocker.pin}`,
        clause: (s, many) =>
          `${s} ${verb(many, "is")} in the same organisation as ${memberName(ctx, blocker.member)}, where ${where}`,
      };
    }
  }
}

/** The least disruptive change that would let one member host the trainee. */
function suggestHostFix(ctx: Context, considered: readonly ConsideredMember[], spec: string): Fix | null {
  return suggestFirstFix<ConsideredMember, HostBlocker>(considered, {
    forbid: ({ member }, { forbid: k }) => ({
      change: suggestChange("remove-forbid", { path: `forbid[${k}]`, member: member.id }),
      sentence: `Suggested change: remove forbid[${k}], so that ${memberName(ctx, member.id)} can host the trainee.`,
    }),
    full: ({ member }) => {
      const path = memberPath(ctx, member.id, "hostCapacity");
      return {
        change: suggestChange("raise-capacity", { path, member: member.id, by: 1 }),
        sentence: `Suggested change: raise the hostCapacity of ${memberName(ctx, member.id)} (${path}) by 1.`,
      };
    },
    "pinned-away-organisation": ({ member }, blocker) => ({
      change: suggestChange("remove-pin", { path: `pins[${blocker.pin}]`, member: blocker.member, period: blocker.period }),
      sentence: `Suggested change: remove pins[${blocker.pin}], so that ${memberName(ctx, member.id)} can host the trainee.`,
    }),
    specialization: () => relaxSpecialization(spec, "a host"),
  });
}
