/**
 * Rule family "pins" (pins and forbids): a pin fixes a placement (a pin on a host period
 * fixes the host), a mentor or a supervisor; a forbid rules a pair out. Codes: `pin_broken`,
 * `forbidden`.
 *
 * The verifier reads pins and forbids itself, here, rather than through any shared helper:
 * a plan is trusted because an independent reading of the cohort accepts it.
 */
import type { PathSegment } from "../../domain/issues.js";
import type { Cohort, Period, Person } from "../../domain/schema.js";
import { quote, type ForbidsOfTrainee, type PinsOfTrainee, type TraineeCheck } from "./context.js";

/** Each trainee's pins; the first pin of a kind wins (validation refuses conflicting pins). */
export function collectPins(cohort: Cohort): Map<string, PinsOfTrainee> {
  const out = new Map<string, PinsOfTrainee>();
  const of = (trainee: string): PinsOfTrainee => {
    let entry = out.get(trainee);
    if (entry === undefined) {
      entry = { periods: new Map(), mentor: null, supervisor: null };
      out.set(trainee, entry);
    }
    return entry;
  };
  cohort.pins.forEach((pin, at) => {
    const entry = of(pin.trainee);
    if (pin.period !== undefined && pin.member !== undefined && !entry.periods.has(pin.period)) {
      entry.periods.set(pin.period, { at, member: pin.member });
    }
    if (pin.mentor !== undefined) entry.mentor ??= { at, person: pin.mentor };
    if (pin.supervisor !== undefined) entry.supervisor ??= { at, person: pin.supervisor };
  });
  return out;
}

/** Each trainee's forbids, by what they rule out; the first forbid of a pair is the one named. */
export function collectForbids(cohort: Cohort): Map<string, ForbidsOfTrainee> {
  const out = new Map<string, ForbidsOfTrainee>();
  cohort.forbid.forEach((forbid, at) => {
    let entry = out.get(forbid.trainee);
    if (entry === undefined) {
      entry = { members: new Map(), mentors: new Map(), supervisors: new Map() };
      out.set(forbid.trainee, entry);
    }
    if (forbid.member !== undefined && !entry.members.has(forbid.member)) entry.members.set(forbid.member, at);
    if (forbid.mentor !== undefined && !entry.mentors.has(forbid.mentor)) entry.mentors.set(forbid.mentor, at);
    if (forbid.supervisor !== undefined && !entry.supervisors.has(forbid.supervisor)) entry.supervisors.set(forbid.supervisor, at);
  });
  return out;
}

/** A pin on a host period fixes the host. */
export function checkHostPins(c: TraineeCheck): void {
  const host = c.assignment.host;
  for (const period of c.run.index.hostPeriods) {
    const pin = c.pins?.periods.get(period.id);
    if (pin !== undefined && pin.member !== host) {
      c.run.report(
        "pin_broken",
        [...c.base, "host"],
        `pins[${pin.at}] fixes the host of trainee ${c.t} at ${quote(pin.member)} (period ${quote(period.id)}), but the plan gives ${host === null ? "no host" : quote(host)}.`,
      );
    }
  }
}

/** A pin on an away period fixes the member there. */
export function checkAwayPin(c: TraineeCheck, period: Period, member: string, path: readonly PathSegment[]): void {
  const pin = c.pins?.periods.get(period.id);
  if (pin !== undefined && pin.member !== member) {
    c.run.report(
      "pin_broken",
      [...path, "member"],
      `pins[${pin.at}] places trainee ${c.t} at ${quote(pin.member)} in period ${quote(period.id)}, but the plan says ${quote(member)}.`,
    );
  }
}

/** A pinned away period the plan leaves empty. */
export function checkEmptyAwayPin(c: TraineeCheck, period: Period, path: readonly PathSegment[]): void {
  const pin = c.pins?.periods.get(period.id);
  if (pin !== undefined) {
    c.run.report(
      "pin_broken",
      path,
      `pins[${pin.at}] places trainee ${c.t} at ${quote(pin.member)} in period ${quote(period.id)}, but the plan leaves that period empty.`,
    );
  }
}

/** A pin on the supervisor or the mentor fixes that person. */
export function checkPersonPin(c: TraineeCheck, role: "supervisor" | "mentor"): void {
  const pin = c.pins?.[role] ?? null;
  const given = c.assignment[role];
  if (pin !== null && given !== pin.person) {
    c.run.report(
      "pin_broken",
      [...c.base, role],
      `pins[${pin.at}] gives trainee ${c.t} the ${role} ${quote(pin.person)}, but the plan gives ${given === null ? "none" : quote(given)}.`,
    );
  }
}

/** A forbidden member, as host or away; `how` ends the sentence: "makes it the host". */
export function checkForbiddenMember(c: TraineeCheck, member: string, path: readonly PathSegment[], how: string): void {
  const forbid = c.forbids?.members.get(member);
  if (forbid !== undefined) {
    c.run.report("forbidden", path, `Trainee ${c.t} may not be at ${quote(member)} (forbid[${forbid}]), but the plan ${how}.`);
  }
}

/** A forbidden supervisor or mentor. */
export function checkForbiddenPerson(c: TraineeCheck, person: Person, role: "supervisor" | "mentor", path: readonly PathSegment[]): void {
  const forbid = (role === "supervisor" ? c.forbids?.supervisors : c.forbids?.mentors)?.get(person.id);
  if (forbid !== undefined) {
    c.run.report("forbidden", path, `Trainee ${c.t} may not have ${quote(person.id)} as ${role} (forbid[${forbid}]), but the plan gives them.`);
  }
}
