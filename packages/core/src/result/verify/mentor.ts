/**
 * Rule family "mentor": the mentor comes from outside the host's organisation
 * (`mentorOutside: "host"`) or from outside the host's and every away member's
 * (`"host-and-away"`). Code: `mentor_inside`.
 */
import type { PathSegment } from "../../domain/issues.js";
import type { Person } from "../../domain/schema.js";
import { quote, type TraineeCheck } from "./context.js";

/** The rules of a mentor who is a person of the cohort, for a trainee hosted by `host`. */
export function checkMentor(c: TraineeCheck, person: Person, host: string, path: readonly PathSegment[]): void {
  const { index, report } = c.run;
  const p = quote(person.id);
  const organisation = index.organisationOf(person.member);
  if (organisation === index.organisationOf(host)) {
    report(
      "mentor_inside",
      path,
      `Mentor ${p} works for ${quote(person.member)}, in the same organisation (${quote(organisation)}) as trainee ${c.t}'s host ${quote(host)}; a mentor must come from outside.`,
    );
    return;
  }
  if (index.cohort.rules.mentorOutside !== "host-and-away") return;
  const inside = awayMembersOf(c).find((member) => index.organisationOf(member) === organisation);
  if (inside !== undefined) {
    report(
      "mentor_inside",
      path,
      `Mentor ${p} works for ${quote(person.member)}, in the same organisation (${quote(organisation)}) as ${quote(inside)}, where trainee ${c.t} is away; the rule mentorOutside "host-and-away" asks for a mentor from outside both.`,
    );
  }
}

/** The members of the trainee's away placements, in programme order. */
function awayMembersOf(c: TraineeCheck): string[] {
  return c.run.index.awayPeriods.flatMap((period) => {
    const placement = c.placed.get(period.id);
    return placement === undefined ? [] : [placement.member];
  });
}
