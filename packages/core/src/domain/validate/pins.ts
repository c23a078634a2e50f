/**
 * Pins and forbids: their forms, and the pins that contradict each other or a forbid.
 *
 * Rule family: pins (pins and forbids). Statement: a pin fixes a placement
 * (`{trainee, period, member}`; a pin on a host period fixes the host), a mentor
 * (`{trainee, mentor}`) or a supervisor (`{trainee, supervisor}`); a forbid rules a pair out
 * (`{trainee, member}`: neither host nor away there, `{trainee, mentor}`,
 * `{trainee, supervisor}`). A pin that breaks a hard rule is an input error. As input issues:
 * a pin or forbid of no valid form (`invalid_pin`, `invalid_forbid`, at the entry), a trainee
 * pinned to two mentors or two supervisors (`conflicting_pins`), and a pin on a forbidden pair
 * (`pin_forbidden`), reported at the field that names the pair (`pins[0].member`).
 *
 * `checkPins` then runs, for each trainee with pins, the rules of the families a pin can
 * break, in this order: host.ts, away.ts, supervisor.ts, mentor.ts; and capacity.ts on
 * every pin. The pins come from domain/trainee-facts.ts, read once for every stage.
 */
import type { PathSegment } from "../issues.js";
import { forbidForm, pinForm, type ForbidFact, type PersonPin, type TraineeFacts } from "../trainee-facts.js";
import { checkAwayConflicts, checkAwayPins } from "./away.js";
import { checkPinCapacities } from "./capacity.js";
import { describeKeys, type ValidationContext } from "./context.js";
import { quoteShort } from "../../util/words.js";
import { checkHostConflicts, checkHostPins, knownHostOf, type KnownHost } from "./host.js";
import { checkMentorPins } from "./mentor.js";
import { refMember, refPeriod, refPerson, refTrainee } from "./references.js";
import { checkSupervisorPins } from "./supervisor.js";

/** The references of every forbid, and `invalid_forbid` for a forbid of no valid form. */
export function checkForbidForms(ctx: ValidationContext): void {
  ctx.cohort.forbid.forEach((forbid, k) => {
    const base: PathSegment[] = ["forbid", k];
    refTrainee(ctx, forbid.trainee, [...base, "trainee"]);
    if (forbid.member !== undefined) refMember(ctx, forbid.member, [...base, "member"]);
    if (forbid.mentor !== undefined) refPerson(ctx, forbid.mentor, [...base, "mentor"], "mentor");
    if (forbid.supervisor !== undefined) refPerson(ctx, forbid.supervisor, [...base, "supervisor"], "supervisor");
    if (forbidForm(forbid) !== null) return;
    const targets = (["member", "mentor", "supervisor"] as const).filter((key) => forbid[key] !== undefined);
    const hint =
      targets.length === 0
        ? "name the member, mentor or supervisor to rule out"
        : "split it into separate forbids, one for each";
    ctx.add(
      "invalid_forbid",
      base,
      `a forbid must take one of these forms: {trainee, member}, {trainee, mentor} or {trainee, supervisor}; ` +
        `this one has ${describeKeys(forbid)}: ${hint}`,
    );
  });
}

/** The references of every pin, and `invalid_pin` for a pin of no valid form. */
export function checkPinForms(ctx: ValidationContext): void {
  ctx.cohort.pins.forEach((pin, k) => {
    const base: PathSegment[] = ["pins", k];
    refTrainee(ctx, pin.trainee, [...base, "trainee"]);
    if (pin.period !== undefined) refPeriod(ctx, pin.period, [...base, "period"]);
    if (pin.member !== undefined) refMember(ctx, pin.member, [...base, "member"]);
    if (pin.mentor !== undefined) refPerson(ctx, pin.mentor, [...base, "mentor"], "mentor");
    if (pin.supervisor !== undefined) refPerson(ctx, pin.supervisor, [...base, "supervisor"], "supervisor");
    if (pinForm(pin) !== null) return;
    const targets = [pin.member, pin.mentor, pin.supervisor].filter((v) => v !== undefined).length;
    let hint: string;
    if (targets > 1) hint = "split it into separate pins, one for each";
    else if (targets === 0 && pin.period !== undefined) hint = "add the member where the trainee spends this period";
    else if (targets === 0) hint = "say what it fixes: a period and a member, a mentor or a supervisor";
    else if (pin.member !== undefined) hint = "add the period the trainee spends at this member";
    else hint = "a mentor or supervisor is for the whole programme, so remove the period";
    ctx.add(
      "invalid_pin",
      base,
      `a pin must take one of these forms: {trainee, period, member} (where the trainee spends a period), ` +
        `{trainee, mentor} or {trainee, supervisor}; this one has ${describeKeys(pin)}: ${hint}`,
    );
  });
}

/** Every rule a trainee's pins can break, trainee by trainee, then the capacities pins use up. */
export function checkPins(ctx: ValidationContext, given: ReadonlyMap<string, readonly string[]>): void {
  const knownHosts = new Map<string, KnownHost>();
  for (const [traineeId, facts] of ctx.facts.byTrainee) {
    if (facts.pins.length === 0) continue;
    const known = checkTraineePins(ctx, facts);
    if (known !== undefined && known.via !== "given") knownHosts.set(traineeId, known);
  }
  checkPinCapacities(ctx, ctx.facts.pins, given, knownHosts);
}

/** All rules about one trainee's pins; returns the trainee's host when it is known. */
function checkTraineePins(ctx: ValidationContext, facts: TraineeFacts): KnownHost | undefined {
  const known = knownHostOf(ctx, facts);
  checkHostConflicts(ctx, facts);
  checkAwayConflicts(ctx, facts);
  checkOnePerson(ctx, facts.trainee.id, facts.mentorPins, "mentor");
  checkOnePerson(ctx, facts.trainee.id, facts.supervisorPins, "supervisor");
  checkPinsForbidden(ctx, facts);
  checkAwayPins(ctx, facts, known);
  checkHostPins(ctx, facts, known);
  checkSupervisorPins(ctx, facts, known);
  checkMentorPins(ctx, facts, known);
  return known;
}

/** `conflicting_pins`: a trainee has one mentor and one supervisor. */
function checkOnePerson(
  ctx: ValidationContext,
  traineeId: string,
  rolePins: readonly PersonPin[],
  role: "mentor" | "supervisor",
): void {
  const first = rolePins[0];
  if (first === undefined) return;
  for (const pin of rolePins.slice(1)) {
    if (pin.person.id === first.person.id) continue;
    ctx.add(
      "conflicting_pins",
      ["pins", pin.k, role],
      `pins ${quoteShort(pin.person.id)} as the ${role} of trainee ${quoteShort(traineeId)}, but pins[${first.k}] already pins ` +
        `${quoteShort(first.person.id)}; a trainee has one ${role}`,
    );
  }
}

/** `pin_forbidden`: a pin on a pair a forbid rules out, or a pinned supervisor whose employer is ruled out as the host. */
function checkPinsForbidden(ctx: ValidationContext, facts: TraineeFacts): void {
  const { trainee, forbids } = facts;
  const t = quoteShort(trainee.id);
  const forbidOf = (kind: ForbidFact["kind"], target: string): ForbidFact | undefined =>
    forbids.find((f) => f.kind === kind && f.target === target);
  for (const pin of facts.pins) {
    const field = pin.kind === "placement" ? "member" : pin.kind;
    const target = pin.kind === "placement" ? pin.member.id : pin.person.id;
    const forbid = forbidOf(field, target);
    if (forbid === undefined) continue;
    const what =
      pin.kind === "placement"
        ? `places trainee ${t} at ${quoteShort(target)} in period ${quoteShort(pin.period.id)}`
        : `pins ${quoteShort(target)} as the ${pin.kind} of trainee ${t}`;
    ctx.add("pin_forbidden", ["pins", pin.k, field], `${what}, but forbid[${forbid.k}] rules that pair out`);
  }
  // With no given host and no host-period pin, a pinned supervisor fixes the host.
  if (trainee.host !== undefined || facts.hostPins.length > 0) return;
  for (const pin of facts.supervisorPins) {
    const forbid = forbidOf("member", pin.person.member);
    if (forbid === undefined) continue;
    ctx.add(
      "pin_forbidden",
      ["pins", pin.k, "supervisor"],
      `pins supervisor ${quoteShort(pin.person.id)}, which makes their employer ${quoteShort(pin.person.member)} the host ` +
        `of trainee ${t}, but forbid[${forbid.k}] rules that member out for the trainee`,
    );
  }
}
