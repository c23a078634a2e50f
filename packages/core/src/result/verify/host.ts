/**
 * Rule family "host": a host the cohort gives is taken as a fact; a host the plan chooses
 * lists the trainee's specialization (specializationFit "required"); every host period is
 * spent at the host. Codes: `host_mismatch`, `specialization_mismatch` (for the host).
 */
import type { PathSegment } from "../../domain/issues.js";
import type { Period, Placement } from "../../domain/schema.js";
import { quote, type TraineeCheck } from "./context.js";

/** The host the cohort gives (the trainee is already hired there) is the plan's host. */
export function checkGivenHost(c: TraineeCheck): void {
  const given = c.trainee.host;
  const host = c.assignment.host;
  if (given !== undefined && host !== given) {
    c.run.report(
      "host_mismatch",
      [...c.base, "host"],
      `Trainee ${c.t} is already hired by ${quote(given)}, but the plan gives ${host === null ? "no host" : `host ${quote(host)}`}.`,
    );
  }
}

/** A host the plan chooses (not given) lists the trainee's specialization, when the rules require it. */
export function checkChosenHost(c: TraineeCheck, host: string): void {
  const { index, report } = c.run;
  const spec = c.trainee.specialization;
  if (c.trainee.host === undefined && index.cohort.rules.specializationFit === "required" && !index.offers(host, spec)) {
    report(
      "specialization_mismatch",
      [...c.base, "host"],
      `Host ${quote(host)} does not list ${quote(spec)}, the specialization of trainee ${c.t}; the rule specializationFit "required" asks that it does.`,
    );
  }
}

/** A host period is spent at the host. */
export function checkHostPeriod(c: TraineeCheck, period: Period, placement: Placement, host: string, path: readonly PathSegment[]): void {
  if (placement.member !== host) {
    c.run.report(
      "host_mismatch",
      [...path, "member"],
      `Period ${quote(period.id)} is spent at the host (${quote(host)}), but the plan places trainee ${c.t} at ${quote(placement.member)}.`,
    );
  }
}
