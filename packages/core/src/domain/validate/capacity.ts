/**
 * Capacities that the input alone already exceeds.
 *
 * Rule family: capacity. Statement: `hostCapacity` caps the trainees a member hosts (given
 * hosts count), `awayCapacity` caps the trainees visiting a member in each away period, and a
 * person's `capacity` caps the trainees they take over the whole programme. As input issues:
 * more given hosts than a member's hostCapacity (`host_over_capacity`), and given hosts plus
 * pins over a capacity (`pins_over_capacity`), reported at the capacity
 * (`members[3].hostCapacity`, `people[5].capacity`). Shortages that only a plan can show are
 * the pre-solve checks' business (diagnose/).
 */
import type { PinFact } from "../trainee-facts.js";
import { listIds, type ValidationContext } from "./context.js";
import { plural, quoteShort } from "../../util/words.js";
import type { KnownHost } from "./host.js";
import { listAt } from "../../util/multimap.js";

/** Distinct trainees with a given host that is a member, per member id. */
export function givenHostTrainees(ctx: ValidationContext): Map<string, string[]> {
  const byMember = new Map<string, string[]>();
  for (const trainee of ctx.index.traineeById.values()) {
    if (trainee.host === undefined || !ctx.index.memberById.has(trainee.host)) continue;
    listAt(byMember, trainee.host).push(trainee.id);
  }
  return byMember;
}

/** `host_over_capacity`: more given hosts at a member than its hostCapacity. */
export function checkGivenHostCapacity(ctx: ValidationContext, given: ReadonlyMap<string, readonly string[]>): void {
  for (const [memberId, trainees] of given) {
    const member = ctx.index.memberById.get(memberId);
    const position = ctx.index.memberPosition.get(memberId);
    if (member === undefined || position === undefined || trainees.length <= member.hostCapacity) continue;
    ctx.add(
      "host_over_capacity",
      ["members", position, "hostCapacity"],
      `${plural(trainees.length, "trainee")} already have ${quoteShort(memberId)} as their host (${listIds(trainees)}), ` +
        `but its hostCapacity is ${member.hostCapacity}`,
    );
  }
}

/**
 * `pins_over_capacity`: hosts (given plus fixed by pins), away places in each period, and
 * mentors' and supervisors' places, counted from the pins alone.
 */
export function checkPinCapacities(
  ctx: ValidationContext,
  pins: readonly PinFact[],
  given: ReadonlyMap<string, readonly string[]>,
  pinnedHosts: ReadonlyMap<string, KnownHost>,
): void {
  const { index } = ctx;
  // Host capacity: given hosts plus hosts fixed or implied by pins.
  const pinnedByMember = new Map<string, string[]>();
  for (const [traineeId, known] of pinnedHosts) listAt(pinnedByMember, known.member.id).push(traineeId);
  for (const [memberId, pinned] of pinnedByMember) {
    const member = index.memberById.get(memberId);
    const position = index.memberPosition.get(memberId);
    const givenHere = given.get(memberId) ?? [];
    if (member === undefined || position === undefined) continue;
    const total = givenHere.length + pinned.length;
    if (givenHere.length > member.hostCapacity || total <= member.hostCapacity) continue;
    const givenPart = givenHere.length === 0 ? "" : `${plural(givenHere.length, "given host")} and `;
    ctx.add(
      "pins_over_capacity",
      ["members", position, "hostCapacity"],
      `${plural(total, "trainee")} would be hosted by ${quoteShort(memberId)} (${givenPart}` +
        `${pinned.length} fixed by pins: ${listIds(pinned)}), but its hostCapacity is ${member.hostCapacity}`,
    );
  }

  // Away capacity, in each away period.
  const awayByMemberPeriod = new Map<string, Map<string, Set<string>>>();
  for (const pin of pins) {
    if (pin.kind !== "placement" || pin.period.at !== "away") continue;
    let byPeriod = awayByMemberPeriod.get(pin.member.id);
    if (byPeriod === undefined) awayByMemberPeriod.set(pin.member.id, (byPeriod = new Map()));
    let trainees = byPeriod.get(pin.period.id);
    if (trainees === undefined) byPeriod.set(pin.period.id, (trainees = new Set()));
    trainees.add(pin.trainee.id);
  }
  for (const [memberId, byPeriod] of awayByMemberPeriod) {
    const member = index.memberById.get(memberId);
    const position = index.memberPosition.get(memberId);
    if (member === undefined || position === undefined) continue;
    for (const [periodId, trainees] of byPeriod) {
      if (trainees.size <= member.awayCapacity) continue;
      ctx.add(
        "pins_over_capacity",
        ["members", position, "awayCapacity"],
        `${plural(trainees.size, "trainee")} are pinned away at ${quoteShort(memberId)} in period ${quoteShort(periodId)} ` +
          `(${listIds([...trainees])}), but its awayCapacity is ${member.awayCapacity}`,
      );
    }
  }

  // Mentor and supervisor capacity, over the whole programme.
  const byPerson = new Map<string, Set<string>>();
  for (const pin of pins) {
    if (pin.kind === "placement") continue;
    let trainees = byPerson.get(pin.person.id);
    if (trainees === undefined) byPerson.set(pin.person.id, (trainees = new Set()));
    trainees.add(pin.trainee.id);
  }
  for (const [personId, trainees] of byPerson) {
    const person = index.personById.get(personId);
    const position = index.personPosition.get(personId);
    if (person === undefined || position === undefined || trainees.size <= person.capacity) continue;
    ctx.add(
      "pins_over_capacity",
      ["people", position, "capacity"],
      `${plural(trainees.size, "trainee")} have ${quoteShort(personId)} pinned as their ${person.role} ` +
        `(${listIds([...trainees])}), but the ${person.role}'s capacity is ${person.capacity}`,
    );
  }
}
