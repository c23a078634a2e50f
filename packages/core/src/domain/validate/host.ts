/**
 * The host: where the trainee spends every host period.
 *
 * Rule family: host. Statement: a trainee spends every `host` period at one host member; a
 * host the cohort gives is a fact (the trainee is already hired there), and a host the solver
 * chooses (or a pin fixes) must list the trainee's specialization under
 * `specializationFit: "required"`. As input issues: a host-period pin away from the given
 * host or from another host-period pin (`conflicting_pins`), a pinned host that does not fit
 * (`pin_breaks_rule`), and a forbid on the given host (`forbidden_host`). Each is reported at
 * the field that breaks the rule (`pins[2].member`, `forbid[0].member`).
 */
import type { Member } from "../schema.js";
import type { TraineeFacts } from "../trainee-facts.js";
import type { ValidationContext } from "./context.js";
import { quoteShort } from "../../util/words.js";

/** Where the trainee's host is known from, when it is. */
export interface KnownHost {
  readonly member: Member;
  /** "given" (the trainee's `host`), or the pin that fixes or implies it. */
  readonly via: "given" | { readonly kind: "host-pin" | "supervisor-pin"; readonly k: number };
}

/**
 * The trainee's host when the input fixes it: the given host, else a host-period pin, else
 * the employer of a pinned supervisor (a supervisor is employed by the host member itself).
 */
export function knownHostOf(ctx: ValidationContext, facts: TraineeFacts): KnownHost | undefined {
  const { trainee, hostPins, supervisorPins } = facts;
  if (trainee.host !== undefined) {
    const member = ctx.index.memberById.get(trainee.host);
    return member === undefined ? undefined : { member, via: "given" };
  }
  if (hostPins[0] !== undefined) return { member: hostPins[0].member, via: { kind: "host-pin", k: hostPins[0].k } };
  if (supervisorPins[0] !== undefined) {
    const member = ctx.index.memberById.get(supervisorPins[0].person.member);
    return member === undefined ? undefined : { member, via: { kind: "supervisor-pin", k: supervisorPins[0].k } };
  }
  return undefined;
}

/** How messages name the known host: "the trainee's given host", "the trainee's host (fixed by pins[2])". */
export function describeKnownHost(known: KnownHost): string {
  if (known.via === "given") return "the trainee's given host";
  return known.via.kind === "host-pin"
    ? `the trainee's host (fixed by pins[${known.via.k}])`
    : `the trainee's host (implied by the supervisor pinned in pins[${known.via.k}])`;
}

/** `conflicting_pins`: every host period is spent at the one host, the given one if there is one. */
export function checkHostConflicts(ctx: ValidationContext, facts: TraineeFacts): void {
  const { trainee, hostPins } = facts;
  const t = quoteShort(trainee.id);
  if (trainee.host !== undefined) {
    for (const pin of hostPins) {
      if (pin.member.id === trainee.host) continue;
      ctx.add(
        "conflicting_pins",
        ["pins", pin.k, "member"],
        `pins trainee ${t} to ${quoteShort(pin.member.id)} in host period ${quoteShort(pin.period.id)}, but the trainee's ` +
          `given host is ${quoteShort(trainee.host)}; every host period is spent at the host`,
      );
    }
  } else if (hostPins[0] !== undefined) {
    const first = hostPins[0];
    for (const pin of hostPins.slice(1)) {
      if (pin.member.id === first.member.id) continue;
      const why =
        pin.period.id === first.period.id
          ? `but pins[${first.k}] pins the trainee to ${quoteShort(first.member.id)} in the same period`
          : `but pins[${first.k}] pins the trainee to ${quoteShort(first.member.id)} in host period ` +
            `${quoteShort(first.period.id)}; every host period is spent at the one host`;
      ctx.add(
        "conflicting_pins",
        ["pins", pin.k, "member"],
        `pins trainee ${t} to ${quoteShort(pin.member.id)} in host period ${quoteShort(pin.period.id)}, ${why}`,
      );
    }
  }
}

/** `pin_breaks_rule`: a chosen host must fit the specialization (a given host is a fact and need not). */
export function checkHostPins(ctx: ValidationContext, facts: TraineeFacts, known: KnownHost | undefined): void {
  const { trainee } = facts;
  const spec = trainee.specialization;
  if (ctx.cohort.rules.specializationFit !== "required" || trainee.host !== undefined) return;
  const t = quoteShort(trainee.id);
  for (const pin of facts.hostPins) {
    if (ctx.index.offers(pin.member.id, spec)) continue;
    ctx.add(
      "pin_breaks_rule",
      ["pins", pin.k, "member"],
      `makes ${quoteShort(pin.member.id)} the host of trainee ${t}, but it does not list the trainee's specialization ` +
        `${quoteShort(spec)}; rules.specializationFit is "required"`,
    );
  }
  if (known !== undefined && typeof known.via === "object" && known.via.kind === "supervisor-pin") {
    if (!ctx.index.offers(known.member.id, spec)) {
      ctx.add(
        "pin_breaks_rule",
        ["pins", known.via.k, "supervisor"],
        `pins a supervisor employed by ${quoteShort(known.member.id)}, which makes it the host of trainee ${t}, but it ` +
          `does not list the trainee's specialization ${quoteShort(spec)}; rules.specializationFit is "required"`,
      );
    }
  }
}

/** `forbidden_host`: a forbid may not rule out the trainee's given host (the trainee is already hired there). */
export function checkForbiddenHosts(ctx: ValidationContext): void {
  for (const forbid of ctx.facts.forbids) {
    if (forbid.kind !== "member" || forbid.trainee.host !== forbid.target) continue;
    ctx.add(
      "forbidden_host",
      ["forbid", forbid.k, "member"],
      `rules out ${quoteShort(forbid.target)} for trainee ${quoteShort(forbid.trainee.id)}, but it is the trainee's given host ` +
        `(the trainee is already hired there); remove the forbid or the trainee's host`,
    );
  }
}
