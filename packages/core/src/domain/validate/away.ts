/**
 * Away periods: where the trainee spends each `away` period.
 *
 * Rule family: away. Statement: each away period is spent at a member of another
 * organisation than the host's; with two or more away periods, each at a different member;
 * and under `specializationFit: "required"` at a member that lists the trainee's
 * specialization. As input issues: two members pinned for one away period
 * (`conflicting_pins`) and an away pin that breaks one of the rules (`pin_breaks_rule`), each
 * reported at the pin's member (`pins[0].member`).
 */
import type { PlacementPin, TraineeFacts } from "../trainee-facts.js";
import type { ValidationContext } from "./context.js";
import { quoteShort } from "../../util/words.js";
import { describeKnownHost, type KnownHost } from "./host.js";

/** `conflicting_pins`: one member per away period. */
export function checkAwayConflicts(ctx: ValidationContext, facts: TraineeFacts): void {
  const t = quoteShort(facts.trainee.id);
  const firstAwayInPeriod = new Map<string, PlacementPin>();
  for (const pin of facts.awayPins) {
    const first = firstAwayInPeriod.get(pin.period.id);
    if (first === undefined) {
      firstAwayInPeriod.set(pin.period.id, pin);
    } else if (first.member.id !== pin.member.id) {
      ctx.add(
        "conflicting_pins",
        ["pins", pin.k, "member"],
        `pins trainee ${t} to ${quoteShort(pin.member.id)} in period ${quoteShort(pin.period.id)}, but pins[${first.k}] ` +
          `pins the trainee to ${quoteShort(first.member.id)} in the same period`,
      );
    }
  }
}

/** `pin_breaks_rule`: away pins outside the host's organisation, each at a different member, fit. */
export function checkAwayPins(ctx: ValidationContext, facts: TraineeFacts, known: KnownHost | undefined): void {
  const { trainee } = facts;
  const t = quoteShort(trainee.id);
  const spec = trainee.specialization;
  const required = ctx.cohort.rules.specializationFit === "required";
  const hostOrg = known === undefined ? undefined : ctx.index.organisationOf(known.member.id);
  const hostPhrase = known === undefined ? "" : describeKnownHost(known);
  const breaks = (pin: PlacementPin, message: string): void =>
    ctx.add("pin_breaks_rule", ["pins", pin.k, "member"], message);

  const firstAwayAtMember = new Map<string, PlacementPin>();
  for (const pin of facts.awayPins) {
    const memberId = pin.member.id;
    if (known !== undefined && hostOrg !== undefined && ctx.index.organisationOf(memberId) === hostOrg) {
      const where =
        memberId === known.member.id
          ? `${quoteShort(memberId)}, which is ${hostPhrase}`
          : `${quoteShort(memberId)}, which belongs to the same organisation (${quoteShort(hostOrg)}) as ` +
            `${hostPhrase} ${quoteShort(known.member.id)}`;
      breaks(pin, `places trainee ${t} away at ${where}; an away period must be spent at a member of another organisation`);
    }
    const first = firstAwayAtMember.get(memberId);
    if (first === undefined) {
      firstAwayAtMember.set(memberId, pin);
    } else if (first.period.id !== pin.period.id) {
      breaks(
        pin,
        `places trainee ${t} at ${quoteShort(memberId)} in period ${quoteShort(pin.period.id)}, but pins[${first.k}] already ` +
          `places the trainee there in period ${quoteShort(first.period.id)}; each away period must be at a different member`,
      );
    }
    if (required && !ctx.index.offers(memberId, spec)) {
      breaks(
        pin,
        `places trainee ${t} at ${quoteShort(memberId)}, which does not list the trainee's specialization ` +
          `${quoteShort(spec)}; rules.specializationFit is "required"`,
      );
    }
  }
}
