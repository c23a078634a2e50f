/**
 * Family `pins` (pins and forbids): a pin fixes a placement, a supervisor or a mentor; a forbid
 * rules a pair out. The domain reads them once (domain/trainee-facts.ts, shared with
 * validation, candidates and the network backend); here they become the checks' per-trainee
 * view (what each trainee is pinned to in each role and what is forbidden to it, each with
 * its position in `pins` or `forbid` so that a message can point at it), which every other
 * family reads.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { Trainee } from "../../domain/schema.js";
import { readCohortFacts, type ForbidFact, type TraineeFacts as DomainTraineeFacts } from "../../domain/trainee-facts.js";
import { listAt } from "../../util/multimap.js";

/** A member or person fixed by a pin, with the pin's position in `pins`. */
export interface PinRef {
  readonly value: string;
  readonly pin: number;
}

export interface TraineeFacts {
  readonly trainee: Trainee;
  /** Members the host must be: host-period pins and the employers of pinned supervisors. */
  readonly hostPins: readonly PinRef[];
  /** Members each away period must be at, by period id. */
  readonly awayPins: ReadonlyMap<string, readonly PinRef[]>;
  readonly supervisorPins: readonly PinRef[];
  readonly mentorPins: readonly PinRef[];
  /** Forbidden member, supervisor and mentor ids, each with the position of its first forbid. */
  readonly forbiddenMembers: ReadonlyMap<string, number>;
  readonly forbiddenSupervisors: ReadonlyMap<string, number>;
  readonly forbiddenMentors: ReadonlyMap<string, number>;
}

/**
 * Each trainee's pins and forbids as the checks read them: trainees in input order (the first
 * of any duplicate id), from the cohort's pins and forbids read once in the domain
 * (domain/trainee-facts.ts), which leaves out those whose form or references are wrong.
 */
export function collectTraineeFacts(index: CohortIndex): TraineeFacts[] {
  const cohortFacts = readCohortFacts(index);
  return index.cohort.trainees
    .filter((trainee) => index.traineeById.get(trainee.id) === trainee)
    .map((trainee) => viewFacts(index, cohortFacts.of(trainee)));
}

/** One trainee's facts by role, each pin with its position, in input order. */
function viewFacts(index: CohortIndex, facts: DomainTraineeFacts): TraineeFacts {
  const hostPins: PinRef[] = [];
  const awayPins = new Map<string, PinRef[]>();
  const supervisorPins: PinRef[] = [];
  const mentorPins: PinRef[] = [];
  for (const pin of facts.pins) {
    if (pin.kind === "placement") {
      const ref = { value: pin.member.id, pin: pin.k };
      if (pin.period.at === "host") hostPins.push(ref);
      else listAt(awayPins, pin.period.id).push(ref);
    } else if (pin.kind === "mentor") {
      mentorPins.push({ value: pin.person.id, pin: pin.k });
    } else if (index.memberById.has(pin.person.member)) {
      supervisorPins.push({ value: pin.person.id, pin: pin.k });
      // A supervisor is employed by the host member itself: the pin fixes the host too.
      hostPins.push({ value: pin.person.member, pin: pin.k });
    }
  }
  const forbidden = (kind: ForbidFact["kind"]): Map<string, number> => {
    const first = new Map<string, number>();
    for (const forbid of facts.forbids) if (forbid.kind === kind && !first.has(forbid.target)) first.set(forbid.target, forbid.k);
    return first;
  };
  return {
    trainee: facts.trainee,
    hostPins,
    awayPins,
    supervisorPins,
    mentorPins,
    forbiddenMembers: forbidden("member"),
    forbiddenSupervisors: forbidden("supervisor"),
    forbiddenMentors: forbidden("mentor"),
  };
}

/** The host every plan must give the trainee, when the input fixes it (given, or one pinned member). */
export function fixedHost(facts: TraineeFacts): string | null {
  if (facts.trainee.host !== undefined) return facts.trainee.host;
  const pinned = distinctValues(facts.hostPins);
  return pinned.length === 1 ? (pinned[0] ?? null) : null;
}

/** The members or people the pins name, each once, in pin order. */
export function distinctValues(pins: readonly PinRef[]): string[] {
  return [...new Set(pins.map((p) => p.value))];
}
