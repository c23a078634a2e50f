/**
 * The supervisor: who supervises the trainee at the host.
 *
 * Rule family: supervisor. Statement: a trainee has one supervisor, a person with role
 * `supervisor` employed by the host member itself, who under `specializationFit: "required"`
 * lists the trainee's specialization. As input issues: two supervisors pinned for one trainee
 * (`conflicting_pins`, checked in pins.ts for both roles) and a supervisor pin that breaks one
 * of the rules (`pin_breaks_rule`), each reported at the pin's supervisor
 * (`pins[3].supervisor`). A pinned supervisor also fixes the host (see host.ts).
 */
import type { TraineeFacts } from "../trainee-facts.js";
import type { ValidationContext } from "./context.js";
import { quoteShort } from "../../util/words.js";
import { describeKnownHost, type KnownHost } from "./host.js";

/** `pin_breaks_rule`: a pinned supervisor is employed by the host member itself, and fits. */
export function checkSupervisorPins(ctx: ValidationContext, facts: TraineeFacts, known: KnownHost | undefined): void {
  const spec = facts.trainee.specialization;
  const required = ctx.cohort.rules.specializationFit === "required";
  const hostPhrase = known === undefined ? "" : describeKnownHost(known);
  for (const pin of facts.supervisorPins) {
    const person = pin.person;
    const path = ["pins", pin.k, "supervisor"];
    const hostFromElsewhere = known !== undefined && (known.via === "given" || known.via.kind === "host-pin");
    if (known !== undefined && hostFromElsewhere && person.member !== known.member.id) {
      ctx.add(
        "pin_breaks_rule",
        path,
        `pins supervisor ${quoteShort(person.id)}, who is employed by ${quoteShort(person.member)}, but ${hostPhrase} is ` +
          `${quoteShort(known.member.id)}; a supervisor must be employed by the host member itself`,
      );
    }
    if (required && !ctx.index.personLists(person.id, spec)) {
      ctx.add(
        "pin_breaks_rule",
        path,
        `pins supervisor ${quoteShort(person.id)}, who does not list the trainee's specialization ${quoteShort(spec)}; ` +
          `rules.specializationFit is "required"`,
      );
    }
  }
}
