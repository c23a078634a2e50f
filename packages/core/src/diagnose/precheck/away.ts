/**
 * Family `away`: each away period of a trainee is spent at a member of another organisation
 * than the host's, a different member in each period, one that lists the trainee's
 * specialization (under "required"), has a visiting place left and is not forbidden. Here:
 * which members could take each trainee in each away period, how many distinct ones any host
 * leaves, and the `no_away_candidate` and `too_few_away_candidates` items.
 */
import type { DiagnosisItem, Member } from "../../domain/schema.js";
import { suggestChange, suggestFirstFix, type Fix } from "../suggested-change.js";
import type { Context, TraineeOptions } from "./facts.js";
import { distinctValues, type TraineeFacts } from "./pins.js";
import {
  describeCount,
  describeHostReference,
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
  uniqueStrings,
  verb,
  writeReasons,
  type Reason,
} from "./wording.js";
import { listWords } from "../../util/words.js";

/** Why a member cannot take a trainee in an away period. */
type AwayBlocker =
  | { readonly kind: "specialization" }
  | { readonly kind: "forbid"; readonly forbid: number }
  | { readonly kind: "host-organisation" }
  | { readonly kind: "pinned-elsewhere"; readonly period: string; readonly pin: number }
  | { readonly kind: "full"; readonly capacity: number; readonly takenBy: readonly string[] };

/** A member considered for one away period of a trainee, with what rules it out. */
interface ConsideredAwayMember {
  readonly member: Member;
  readonly period: string;
  readonly blockers: readonly AwayBlocker[];
}

/** Possible away members in a period: the pinned ones, else every member nothing rules out. */
export function findPossibleAwayMembers(
  ctx: Context,
  facts: TraineeFacts,
  hostOrganisations: ReadonlySet<string>,
  period: string,
): string[] {
  const pinned = distinctValues(facts.awayPins.get(period) ?? []);
  if (pinned.length > 0) return pinned;
  return ctx.members
    .filter((m) => findAwayBlockers(ctx, facts, hostOrganisations, period, m).length === 0)
    .map((m) => m.id);
}

/** Why a member cannot take the trainee in an away period the trainee is not pinned for. */
function findAwayBlockers(
  ctx: Context,
  facts: TraineeFacts,
  hostOrganisations: ReadonlySet<string>,
  period: string,
  member: Member,
): AwayBlocker[] {
  const out: AwayBlocker[] = [];
  if (ctx.required && !ctx.index.offers(member.id, facts.trainee.specialization)) out.push({ kind: "specialization" });
  const forbid = facts.forbiddenMembers.get(member.id);
  if (forbid !== undefined) out.push({ kind: "forbid", forbid });
  // The member must be of another organisation than the host; with hosts of two or more
  // organisations possible, some possible host is always of another organisation.
  if (hostOrganisations.size === 1 && hostOrganisations.has(ctx.index.organisationOf(member.id))) {
    out.push({ kind: "host-organisation" });
  }
  for (const [other, pins] of facts.awayPins) {
    if (other === period) continue;
    const pin = pins.find((p) => p.value === member.id);
    if (pin !== undefined) {
      out.push({ kind: "pinned-elsewhere", period: other, pin: pin.pin });
      break;
    }
  }
  const takenBy = ctx.awayTakenBy.get(period)?.get(member.id) ?? [];
  if (member.awayCapacity - takenBy.length <= 0) out.push({ kind: "full", capacity: member.awayCapacity, takenBy });
  return out;
}

/**
 * The most distinct away members the trainee could use with a host of any one of the possible
 * host organisations (each away period is at a different member, all outside the host's).
 */
export function countDistinctAwayMembers(
  ctx: Context,
  hostOrganisations: ReadonlySet<string>,
  away: ReadonlyMap<string, readonly string[]>,
): number {
  const union = new Set<string>();
  for (const members of away.values()) for (const m of members) union.add(m);
  const inOrganisation = new Map<string, number>();
  for (const m of union) {
    const organisation = ctx.index.organisationOf(m);
    inOrganisation.set(organisation, (inOrganisation.get(organisation) ?? 0) + 1);
  }
  let fewestInHostOrganisation = Infinity;
  for (const organisation of hostOrganisations) {
    fewestInHostOrganisation = Math.min(fewestInHostOrganisation, inOrganisation.get(organisation) ?? 0);
  }
  return hostOrganisations.size === 0 ? 0 : union.size - fewestInHostOrganisation;
}

/** Check `no_away_candidate`: trainees with an away period no member can take them in. */
export function findTraineesWithoutAwayMember(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  const items: DiagnosisItem[] = [];
  for (const o of options) {
    if (o.away === null) continue;
    const empty = ctx.awayPeriods.filter((p) => (o.away?.get(p.id) ?? []).length === 0).map((p) => p.id);
    if (empty.length > 0) items.push(explainNoAway(ctx, o, empty));
  }
  return items;
}

function explainNoAway(ctx: Context, o: TraineeOptions, periods: readonly string[]): DiagnosisItem {
  const { trainee } = o.facts;
  const spec = trainee.specialization;
  const head = `${describeTrainee(trainee, true)} has no possible away member in ${listWords(periods)}`;
  const all = periods.flatMap((period) =>
    ctx.members.map((member) => ({
      member,
      period,
      blockers: findAwayBlockers(ctx, o.facts, o.hostOrganisations, period, member),
    })),
  );
  const considered = all.filter((c) => !c.blockers.some((b) => b.kind === "specialization"));
  if (considered.length === 0) {
    const reason = ctx.members.length === 0 ? "the cohort has no members" : `no member lists ${spec}`;
    const change =
      ctx.required && ctx.members.length > 0
        ? suggestChange("relax-rule", { path: "rules.specializationFit", specialization: spec })
        : null;
    const fix = change === null ? "" : ` ${describeSpecializationRelax(spec, "an away member")}`;
    return item("no_away_candidate", `${head}: ${reason}.${fix}`, [trainee.id], [], [], change);
  }
  const reasons = considered.map(({ member, period, blockers }) =>
    describeAwayBlocker(ctx, o, member, period, firstOf(blockers)),
  );
  const among = ctx.required ? `Among the members that list ${spec}: ` : "";
  const fix = suggestAwayFix(ctx, all, spec);
  const message = `${head}. ${among}${writeReasons(reasons)}.${fix === null ? "" : ` ${fix.sentence}`}`;
  const members = uniqueStrings(considered.map((c) => c.member.id));
  return item("no_away_candidate", message, [trainee.id], members, [], fix?.change ?? null);
}

/** An away blocker as a clause of the message. */
function describeAwayBlocker(ctx: Context, o: TraineeOptions, member: Member, period: string, blocker: AwayBlocker): Reason {
  const subject = memberName(ctx, member.id);
  switch (blocker.kind) {
    case "specialization":
      return notListing(subject);
    case "forbid":
      return { subject, group: null, clause: (s) => `${s} is ruled out for this trainee by forbid[${blocker.forbid}]` };
    case "host-organisation":
      if (o.hosts.length === 1 && o.hosts[0] === member.id) {
        return { subject, group: "host-self", clause: (s) => `${s} is the host` };
      }
      return {
        subject,
        group: "host-organisation",
        clause: (s, many) =>
          `${s} ${verb(many, "is")} in the same organisation as ${describeHostReference(ctx, o)}, ` +
          `and an away period must be spent at another organisation`,
      };
    case "pinned-elsewhere":
      return {
        subject,
        group: null,
        clause: (s) =>
          `${s} already has the trainee in ${blocker.period} (pins[${blocker.pin}]), ` +
          `and each away period must be at a different member`,
      };
    case "full":
      if (blocker.capacity === 0) {
        return {
          subject,
          group: "no-capacity",
          clause: (s, many) => `${s} ${verb(many, "takes")} no visiting trainees (awayCapacity 0)`,
        };
      }
      return {
        subject,
        group: null,
        clause: (s) =>
          `${s} has no visiting place left in ${period} (${describeTaken(blocker.capacity, "place")} by ` +
          `${describeTakers(ctx, blocker.takenBy)} pinned there)`,
      };
  }
}

/** The least disruptive change that would free one member for an away period of the trainee. */
function suggestAwayFix(ctx: Context, considered: readonly ConsideredAwayMember[], spec: string): Fix | null {
  return suggestFirstFix<ConsideredAwayMember, AwayBlocker>(considered, {
    forbid: ({ member }, { forbid: k }) => ({
      change: suggestChange("remove-forbid", { path: `forbid[${k}]`, member: member.id }),
      sentence: `Suggested change: remove forbid[${k}], so that ${memberName(ctx, member.id)} can take the trainee.`,
    }),
    full: ({ member, period }) => {
      const path = memberPath(ctx, member.id, "awayCapacity");
      return {
        change: suggestChange("raise-capacity", { path, member: member.id, period, by: 1 }),
        sentence: `Suggested change: raise the awayCapacity of ${memberName(ctx, member.id)} (${path}) by 1.`,
      };
    },
    "pinned-elsewhere": ({ member }, { pin, period }) => ({
      change: suggestChange("remove-pin", { path: `pins[${pin}]`, member: member.id, period }),
      sentence:
        `Suggested change: remove pins[${pin}], so that ${memberName(ctx, member.id)} ` +
        `is free for another away period.`,
    }),
    specialization: () => relaxSpecialization(spec, "an away member"),
  });
}

/** Check `too_few_away_candidates`: trainees with fewer possible away members than away periods. */
export function findTraineesWithTooFewAwayMembers(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  const needed = ctx.awayPeriods.length;
  const items: DiagnosisItem[] = [];
  for (const o of options) {
    if (o.away === null || o.distinctAway === null || o.distinctAway >= needed) continue;
    items.push(explainTooFewAway(ctx, o, o.away, o.distinctAway));
  }
  return items;
}

function explainTooFewAway(
  ctx: Context,
  o: TraineeOptions,
  away: ReadonlyMap<string, readonly string[]>,
  best: number,
): DiagnosisItem {
  const { trainee } = o.facts;
  const periods = ctx.awayPeriods.map((p) => p.id);
  const union = ctx.members.filter((m) => [...away.values()].some((list) => list.includes(m.id))).map((m) => m.id);
  const names = listWords(union.map((m) => memberName(ctx, m)));
  const needs =
    `${describeTrainee(trainee, true)} needs ${periods.length} different members ` +
    `for the away periods ${listWords(periods)}`;
  const which =
    o.hostOrganisations.size === 1
      ? `only ${describeCount(best, "member")} outside the host's organisation can take the trainee`
      : `whichever member hosts the trainee, at most ${describeCount(best, "member")} outside the host's organisation ` +
        `can take the trainee`;
  const candidates = union.length === 0 ? "" : ` (possible: ${names})`;

  // What keeps the other members out, in the first period the trainee is free to be placed.
  const free = periods.find((p) => !o.facts.awayPins.has(p));
  let reasons = "";
  let fix: Fix | null = null;
  if (free !== undefined) {
    const others = ctx.members
      .filter((m) => !union.includes(m.id))
      .map((member) => ({
        member,
        period: free,
        blockers: findAwayBlockers(ctx, o.facts, o.hostOrganisations, free, member),
      }))
      .filter((c) => c.blockers.length > 0);
    const listing = others.filter((c) => !c.blockers.some((b) => b.kind === "specialization"));
    if (listing.length > 0) {
      const written = writeReasons(listing.map((c) => describeAwayBlocker(ctx, o, c.member, c.period, firstOf(c.blockers))));
      reasons = ` Of the other members${ctx.required ? ` that list ${trainee.specialization}` : ""}: ${written}.`;
    }
    fix = suggestAwayFix(ctx, others, trainee.specialization);
  } else {
    const pins = [...o.facts.awayPins.values()].flat();
    const repeated = pins.find((p, i) => pins.findIndex((q) => q.value === p.value) !== i);
    if (repeated !== undefined) {
      fix = {
        change: suggestChange("remove-pin", { path: `pins[${repeated.pin}]`, member: repeated.value }),
        sentence:
          `Suggested change: remove pins[${repeated.pin}], which places the trainee at ` +
          `${memberName(ctx, repeated.value)} a second time.`,
      };
    }
  }
  const message = `${needs}, but ${which}${candidates}.${reasons}${fix === null ? "" : ` ${fix.sentence}`}`;
  return item("too_few_away_candidates", message, [trainee.id], union, [], fix?.change ?? null);
}
