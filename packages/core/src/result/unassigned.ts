/**
 * With `allowUnassigned`, the roles a plan leaves empty and why, in the cohort's terms.
 * The plan already fills as many roles as possible, so an empty role either has no eligible
 * candidate at all, or every eligible candidate is taken by other trainees.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { TraineeChoice } from "../domain/cost.js";
import type { Unassigned } from "../domain/schema.js";
import type { Candidates } from "../model/candidates.js";

export function listUnassigned(index: CohortIndex, candidates: Candidates, choices: readonly TraineeChoice[]): Unassigned[] {
  const out: Unassigned[] = [];
  const required = index.cohort.rules.specializationFit === "required";
  const memberName = index.memberName;

  candidates.trainees.forEach((tc, t) => {
    const choice = choices[t] as TraineeChoice;
    const trainee = tc.trainee.id;
    const spec = tc.trainee.specialization;
    const fit = required ? ` that offers ${spec}` : "";
    if (choice.host === null) {
      const reason =
        tc.hosts.length === 0
          ? `no member${fit} has a host place left that the cohort allows for this trainee`
          : `every member${fit} that could host this trainee is full or needed for other trainees`;
      out.push({ trainee, role: "host", reason });
      const noHost = "the trainee has no host, and a trainee without a host gets no other role";
      for (const period of index.awayPeriods) out.push({ trainee, role: "away", period: period.id, reason: noHost });
      out.push({ trainee, role: "supervisor", reason: noHost });
      out.push({ trainee, role: "mentor", reason: noHost });
      return;
    }
    const host = choice.host;
    const hostOrg = index.organisationOf(host);
    index.awayPeriods.forEach((period, p) => {
      if (choice.away[p] !== null) return;
      const eligible = (tc.away[p]?.members ?? []).filter((m) => index.organisationOf(m) !== hostOrg);
      const reason =
        eligible.length === 0
          ? `no member outside ${memberName(host)}'s organisation${fit} takes visitors in ${period.id}`
          : `every member outside ${memberName(host)}'s organisation${fit} is full in ${period.id} or already used by this trainee`;
      out.push({ trainee, role: "away", period: period.id, reason });
    });
    if (choice.supervisor === null) {
      const eligible = tc.supervisors.filter((c) => c.member === host);
      const who = required ? `supervisor at ${memberName(host)} who lists ${spec}` : `supervisor at ${memberName(host)}`;
      out.push({
        trainee,
        role: "supervisor",
        reason: eligible.length === 0 ? `there is no ${who} available to this trainee` : `every ${who} is at capacity`,
      });
    }
    if (choice.mentor === null) {
      const eligible = tc.mentors.filter((c) => c.organisation !== hostOrg);
      out.push({
        trainee,
        role: "mentor",
        reason:
          eligible.length === 0
            ? `there is no mentor outside ${memberName(host)}'s organisation available to this trainee`
            : `every mentor this trainee may have is at capacity`,
      });
    }
  });
  return out;
}
