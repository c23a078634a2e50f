/**
 * Rule family "filling" (filled and unfilled roles): with `allowUnassigned` false every
 * trainee gets every role; with it true, a trainee without a host gets no other role, and
 * `unassigned` lists exactly the roles left empty, each with its reason. Codes:
 * `role_missing`, `role_without_host`, `unassigned_mismatch`.
 */
import type { PathSegment } from "../../domain/issues.js";
import type { Period, Placement, PlanJson, Unassigned } from "../../domain/schema.js";
import { SEP, quote, type PlanCheck, type TraineeCheck } from "./context.js";

type Role = Unassigned["role"];

/** The key of an empty role: trainee, role and, for an away role, the period. */
export function unfilledKey(trainee: string, role: string, period: string | undefined): string {
  return `${trainee}${SEP}${role}${SEP}${period ?? ""}`;
}

/**
 * An empty role: remembered for the `unassigned` list with allowUnassigned, a violation
 * without it. `what` names the role in the message.
 */
export function reportMissing(c: TraineeCheck, field: readonly PathSegment[], role: Role, what: string, period?: string): void {
  if (c.run.index.cohort.rules.allowUnassigned) c.run.unfilled.set(unfilledKey(c.trainee.id, role, period), field);
  else c.run.report("role_missing", field, `Trainee ${c.t} has no ${what}; with allowUnassigned false every trainee must get every role.`);
}

/** A placement of a trainee without a host. */
export function reportPlacementWithoutHost(c: TraineeCheck, period: Period, placement: Placement, path: readonly PathSegment[]): void {
  c.run.report(
    "role_without_host",
    [...path, "member"],
    `Trainee ${c.t} has no host, so it must have no placements; the plan places it at ${quote(placement.member)} in period ${quote(period.id)}.`,
  );
}

/** A supervisor or mentor of a trainee without a host. */
export function reportPersonWithoutHost(c: TraineeCheck, role: "supervisor" | "mentor", person: string): void {
  c.run.report("role_without_host", [...c.base, role], `Trainee ${c.t} has no host, so it must have no ${role}; the plan gives ${quote(person)}.`);
}

/** A host period without a placement, when there is a host (without one, the missing host says it all). */
export function checkEmptyHostPeriod(c: TraineeCheck, period: Period, field: readonly PathSegment[]): void {
  if (c.assignment.host !== null) {
    c.run.report("role_missing", field, `Trainee ${c.t} has a host but no placement for period ${quote(period.id)}, which is spent at the host.`);
  }
}

/** With allowUnassigned, `unassigned` lists exactly the roles left empty; without it, nothing. */
export function checkUnassigned(run: PlanCheck, plan: PlanJson, seen: ReadonlyMap<string, number>): void {
  const listed = new Map<string, number>();
  plan.unassigned.forEach((entry, j) => {
    const key = checkUnassignedEntry(run, entry, j);
    if (key === null) return;
    const before = listed.get(key);
    if (before !== undefined) {
      run.report("unassigned_mismatch", ["unassigned", j], `The same unfilled role is listed twice (also unassigned[${before}]).`);
      return;
    }
    listed.set(key, j);
    if (!run.unfilled.has(key) && seen.has(entry.trainee)) {
      const what = entry.role === "away" ? `away period ${quote(entry.period)}` : entry.role;
      run.report("unassigned_mismatch", ["unassigned", j], `The plan lists the ${what} of trainee ${quote(entry.trainee)} as unfilled, but the assignment fills it.`);
    }
  });
  if (!run.index.cohort.rules.allowUnassigned) return;
  for (const [key, path] of run.unfilled) {
    if (listed.has(key)) continue;
    const [trainee = "", role = "", period = ""] = key.split(SEP);
    const what = role === "away" ? `away period ${quote(period)}` : role;
    run.report("unassigned_mismatch", path, `The ${what} of trainee ${quote(trainee)} is empty, but the plan's unassigned list does not say so and why.`);
  }
}

/** One entry of `unassigned` on its own; returns its key when it is well formed, else null. */
function checkUnassignedEntry({ index, report }: PlanCheck, entry: Unassigned, j: number): string | null {
  const path: PathSegment[] = ["unassigned", j];
  const t = quote(entry.trainee);
  if (!index.traineeById.has(entry.trainee)) {
    report("unknown_trainee", [...path, "trainee"], `The unfilled role names ${t}, which is not a trainee of the cohort.`);
    return null;
  }
  if (!index.cohort.rules.allowUnassigned) {
    report("unassigned_mismatch", path, `The plan leaves the ${entry.role} of trainee ${t} empty, but with allowUnassigned false every role must be filled.`);
    return null;
  }
  if (entry.role === "away") {
    if (entry.period === undefined) {
      report("unassigned_mismatch", [...path, "period"], `An unfilled away role must say which period; the one for trainee ${t} does not.`);
      return null;
    }
    if (!index.awayPeriods.some((p) => p.id === entry.period)) {
      report("unknown_period", [...path, "period"], `Period ${quote(entry.period)} is not an away period of the programme.`);
      return null;
    }
  } else if (entry.period !== undefined) {
    report("unassigned_mismatch", [...path, "period"], `Only an unfilled away role names a period; the ${entry.role} role of trainee ${t} names ${quote(entry.period)}.`);
    return null;
  }
  if (entry.reason.trim() === "") {
    report("unassigned_mismatch", [...path, "reason"], `The unfilled ${entry.role} role of trainee ${t} must give a reason.`);
  }
  return unfilledKey(entry.trainee, entry.role, entry.role === "away" ? entry.period : undefined);
}
