/**
 * Rule family "away": each away period is at a member of another organisation than the
 * host's, each at a different member, and (specializationFit "required") at a member that
 * lists the trainee's specialization. Codes: `same_organisation`, `repeated_away_member`,
 * `specialization_mismatch` (for an away member).
 */
import type { PathSegment } from "../../domain/issues.js";
import type { Period } from "../../domain/schema.js";
import { quote, type TraineeCheck } from "./context.js";

/**
 * The rules of one away placement at a member of the cohort. `host` is the plan's host when
 * it is a member of the cohort (the organisation rule needs one), else null.
 */
export function checkAwayMember(c: TraineeCheck, period: Period, member: string, k: number, host: string | null, path: readonly PathSegment[]): void {
  const { index, report } = c.run;
  const field = [...path, "member"];
  const repeated = c.awayMembers.get(member);
  if (repeated !== undefined) {
    report(
      "repeated_away_member",
      field,
      `Trainee ${c.t} is away at ${quote(member)} twice (also placements[${repeated}]); each away period must be at a different member.`,
    );
  } else {
    c.awayMembers.set(member, k);
  }
  if (host !== null && index.organisationOf(member) === index.organisationOf(host)) {
    report(
      "same_organisation",
      field,
      member === host
        ? `Trainee ${c.t} is away at its own host ${quote(host)} in period ${quote(period.id)}; an away period must be at another organisation.`
        : `Trainee ${c.t} is away at ${quote(member)} in period ${quote(period.id)}, which belongs to the same organisation (${quote(index.organisationOf(member))}) as its host ${quote(host)}.`,
    );
  }
  const spec = c.trainee.specialization;
  if (index.cohort.rules.specializationFit === "required" && !index.offers(member, spec)) {
    report(
      "specialization_mismatch",
      field,
      `${quote(member)} does not list ${quote(spec)}, the specialization of trainee ${c.t}; the rule specializationFit "required" asks that it does.`,
    );
  }
}
