/**
 * The mentor: who coaches the trainee, from outside the trainee's organisation.
 *
 * Rule family: mentor. Statement: a trainee has one mentor, a person with role `mentor` whose
 * member's organisation differs from the host's (`mentorOutside: "host"`, the default) or from
 * the host's and every away member's (`"host-and-away"`). As input issues: two mentors pinned
 * for one trainee (`conflicting_pins`, checked in pins.ts for both roles) and a mentor pin that
 * breaks the rule (`pin_breaks_rule`), each reported at the pin's mentor (`pins[1].mentor`).
 */
import type { TraineeFacts } from "../trainee-facts.js";
import type { ValidationContext } from "./context.js";
import { quoteShort } from "../../util/words.js";
import { describeKnownHost, type KnownHost } from "./host.js";

/**
 * `pin_breaks_rule`: a pinned mentor comes from outside the host's organisation (and, with
 * "host-and-away", from outside every away member's).
 */
export function checkMentorPins(ctx: ValidationContext, facts: TraineeFacts, known: KnownHost | undefined): void {
  const hostOrg = known === undefined ? undefined : ctx.index.organisationOf(known.member.id);
  const hostPhrase = known === undefined ? "" : describeKnownHost(known);
  for (const pin of facts.mentorPins) {
    const person = pin.person;
    const path = ["pins", pin.k, "mentor"];
    const mentorOrg = ctx.index.organisationOf(person.member);
    if (known !== undefined && mentorOrg === hostOrg) {
      ctx.add(
        "pin_breaks_rule",
        path,
        `pins mentor ${quoteShort(person.id)}, who is employed by ` +
          `${describeEmployer(ctx, person.member, known.member.id, hostPhrase)}; ` +
          `a mentor must come from outside the trainee's organisation`,
      );
    }
    if (ctx.cohort.rules.mentorOutside !== "host-and-away") continue;
    const reported = new Set<string>(hostOrg === undefined ? [] : [hostOrg]);
    for (const away of facts.awayPins) {
      const awayOrg = ctx.index.organisationOf(away.member.id);
      if (awayOrg !== mentorOrg || reported.has(awayOrg)) continue;
      reported.add(awayOrg);
      ctx.add(
        "pin_breaks_rule",
        path,
        `pins mentor ${quoteShort(person.id)}, who is employed by ` +
          `${describeEmployer(ctx, person.member, away.member.id, undefined)}, where pins[${away.k}] ` +
          `places the trainee away; with rules.mentorOutside "host-and-away" a mentor must come from outside ` +
          `the organisation of the host and of every away member`,
      );
    }
  }
}

/**
 * Who employs a mentor, next to the member whose organisation they share:
 * `"skedsmo", the trainee's given host` when it is that member itself, else
 * `"sorum", which is in the same organisation ("sorum") as the trainee's host "sorum-kf"`.
 */
function describeEmployer(ctx: ValidationContext, employer: string, member: string, memberRole: string | undefined): string {
  if (employer === member) return memberRole === undefined ? quoteShort(employer) : `${quoteShort(employer)}, ${memberRole}`;
  const organisation = quoteShort(ctx.index.organisationOf(member));
  const role = memberRole === undefined ? "" : `${memberRole} `;
  return `${quoteShort(employer)}, which is in the same organisation (${organisation}) as ${role}${quoteShort(member)}`;
}
