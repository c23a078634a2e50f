/**
 * The changes between two plans of one cohort, role by role, and for a re-plan why each one
 * happened: `left` (the trainee left), `joined` (the trainee is new), `forced` (the old value
 * is no longer allowed: removed, forbidden, no longer fitting, its capacity lowered below
 * those who had it, a pin) or `knock-on` (changed to make room for a forced change).
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { TraineeChoice } from "../domain/cost.js";
import type { PlanJson } from "../domain/parse-plan.js";
import type { Change, ChangeReason, ReplanChange } from "../domain/replan-schema.js";
import { readCohortFacts } from "../domain/trainee-facts.js";
import type { RoleKey } from "./lexicographic.js";

/** The roles that differ, trainee by trainee (input order), host, away periods, supervisor, mentor. */
export function diffChoices(
  index: CohortIndex,
  before: readonly (TraineeChoice | null)[],
  after: readonly TraineeChoice[],
  options: { readonly laterAway?: readonly boolean[]; readonly excluded?: ReadonlyMap<number, ReadonlySet<RoleKey>> } = {},
): Change[] {
  const out: Change[] = [];
  index.cohort.trainees.forEach((trainee, t) => {
    const was = before[t];
    const now = after[t];
    if (was === null || was === undefined || now === undefined) return;
    const skip = options.excluded?.get(t);
    if (was.host !== now.host && skip?.has("host") !== true) out.push({ trainee: trainee.id, role: "host", from: was.host, to: now.host });
    index.awayPeriods.forEach((period, p) => {
      if (options.laterAway?.[p] === false || skip?.has(`away:${p}`) === true) return;
      const from = was.away[p] ?? null;
      const to = now.away[p] ?? null;
      if (from !== to) out.push({ trainee: trainee.id, role: "away", period: period.id, from, to });
    });
    if (was.supervisor !== now.supervisor && skip?.has("supervisor") !== true) out.push({ trainee: trainee.id, role: "supervisor", from: was.supervisor, to: now.supervisor });
    if (was.mentor !== now.mentor && skip?.has("mentor") !== true) out.push({ trainee: trainee.id, role: "mentor", from: was.mentor, to: now.mentor });
  });
  return out;
}

/**
 * A re-plan's changes with their reasons: the continuing trainees' changed roles, every role
 * of a trainee who joined, and every role of a trainee who left that had not happened yet.
 */
export function replanChanges(
  index: CohortIndex,
  previous: readonly (TraineeChoice | null)[],
  after: readonly TraineeChoice[],
  laterAway: readonly boolean[],
  leavers: readonly PlanJson["assignments"][number][],
): ReplanChange[] {
  const reasons = new ReasonFinder(index, previous);
  const out: ReplanChange[] = [];
  const changed = diffChoices(index, previous, after, { laterAway });
  const byTrainee = new Map<string, Change[]>();
  for (const change of changed) {
    const list = byTrainee.get(change.trainee);
    if (list === undefined) byTrainee.set(change.trainee, [change]);
    else list.push(change);
  }
  index.cohort.trainees.forEach((trainee, t) => {
    const now = after[t];
    if (now === undefined) return;
    if (previous[t] === null) {
      for (const change of rolesOf(index, trainee.id, now, laterAway.map(() => true), "to")) out.push({ ...change, reason: "joined" });
      return;
    }
    const changes = byTrainee.get(trainee.id) ?? [];
    // The host first: a supervisor or mentor the new host rules out shares its reason.
    const hostChange = changes.find((c) => c.role === "host");
    const hostReason = hostChange === undefined ? null : reasons.of(t, hostChange, now, null);
    for (const change of changes) {
      out.push({ ...change, reason: change === hostChange && hostReason !== null ? hostReason : reasons.of(t, change, now, hostReason) });
    }
  });
  for (const assignment of leavers) {
    const away = new Map(assignment.placements.map((p) => [p.period, p.member]));
    const choice: TraineeChoice = {
      host: assignment.host,
      away: index.awayPeriods.map((p) => away.get(p.id) ?? null),
      supervisor: assignment.supervisor,
      mentor: assignment.mentor,
    };
    for (const change of rolesOf(index, assignment.trainee, choice, laterAway, "from")) out.push({ ...change, reason: "left" });
  }
  return out;
}

/** Every filled role of a choice as a change from nothing (`to`) or to nothing (`from`). */
function rolesOf(index: CohortIndex, trainee: string, choice: TraineeChoice, laterAway: readonly boolean[], side: "from" | "to"): Change[] {
  const out: Change[] = [];
  const add = (role: Change["role"], value: string | null, period?: string) => {
    if (value === null) return;
    const change: Change = side === "to" ? { trainee, role, from: null, to: value } : { trainee, role, from: value, to: null };
    out.push(period === undefined ? change : { trainee, role, period, from: change.from, to: change.to });
  };
  add("host", choice.host);
  index.awayPeriods.forEach((period, p) => {
    if (laterAway[p] === true) add("away", choice.away[p] ?? null, period.id);
  });
  add("supervisor", choice.supervisor);
  add("mentor", choice.mentor);
  return out;
}

/** Whether a continuing trainee's old value is still allowed: if not, its change is forced. */
class ReasonFinder {
  private readonly facts;
  /** How many continuing trainees had each host, away place (`member|period`) and person. */
  private readonly hadHost = new Map<string, number>();
  private readonly hadAway = new Map<string, number>();
  private readonly hadPerson = new Map<string, number>();

  constructor(
    private readonly index: CohortIndex,
    previous: readonly (TraineeChoice | null)[],
  ) {
    this.facts = readCohortFacts(index);
    const bump = (map: Map<string, number>, key: string | null) => {
      if (key !== null) map.set(key, (map.get(key) ?? 0) + 1);
    };
    index.cohort.trainees.forEach((trainee, t) => {
      const before = previous[t];
      if (before === null || before === undefined) {
        // A joiner's given host takes a place as surely as a continuing trainee's.
        bump(this.hadHost, trainee.host ?? null);
        return;
      }
      bump(this.hadHost, before.host);
      before.away.forEach((m, p) => bump(this.hadAway, m === null ? null : `${m}|${index.awayPeriods[p]?.id ?? ""}`));
      bump(this.hadPerson, before.supervisor);
      bump(this.hadPerson, before.mentor);
    });
  }

  of(t: number, change: Change, now: TraineeChoice, hostReason: ChangeReason | null): ChangeReason {
    const old = change.from;
    if (old === null) return "knock-on";
    const { index } = this;
    const trainee = index.cohort.trainees[t];
    if (trainee === undefined) return "knock-on";
    const own = this.facts.of(trainee);
    const spec = trainee.specialization;
    const required = index.cohort.rules.specializationFit === "required";
    if (change.role === "host") {
      const member = index.memberById.get(old);
      if (member === undefined || own.forbiddenMembers.has(old)) return "forced";
      if (trainee.host !== undefined && trainee.host !== old) return "forced";
      if (own.hostFromPins !== null && own.hostFromPins !== old) return "forced";
      if (required && trainee.host === undefined && !index.offers(old, spec)) return "forced";
      return (this.hadHost.get(old) ?? 0) > member.hostCapacity ? "forced" : "knock-on";
    }
    if (change.role === "away") {
      const member = index.memberById.get(old);
      const period = change.period ?? "";
      if (member === undefined || own.forbiddenMembers.has(old)) return "forced";
      const pinned = own.pinnedAway.get(period);
      if (pinned !== undefined && pinned !== old) return "forced";
      if (required && !index.offers(old, spec)) return "forced";
      if (now.host !== null && index.organisationOf(now.host) === index.organisationOf(old)) return hostReason ?? "forced";
      return (this.hadAway.get(`${old}|${period}`) ?? 0) > member.awayCapacity ? "forced" : "knock-on";
    }
    const person = index.personById.get(old);
    if (person === undefined || person.role !== change.role || !index.memberById.has(person.member)) return "forced";
    if (change.role === "supervisor") {
      if (own.forbiddenSupervisors.has(old) || (own.pinnedSupervisor !== null && own.pinnedSupervisor !== old)) return "forced";
      if (required && !index.personLists(old, spec)) return "forced";
      if (now.host !== person.member) return hostReason ?? "forced";
    } else {
      if (own.forbiddenMentors.has(old) || (own.pinnedMentor !== null && own.pinnedMentor !== old)) return "forced";
      const organisation = index.organisationOf(person.member);
      if (now.host !== null && index.organisationOf(now.host) === organisation) return hostReason ?? "forced";
      if (index.cohort.rules.mentorOutside === "host-and-away" && now.away.some((m) => m !== null && index.organisationOf(m) === organisation)) {
        return "knock-on";
      }
    }
    return (this.hadPerson.get(old) ?? 0) > person.capacity ? "forced" : "knock-on";
  }
}
