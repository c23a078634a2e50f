/**
 * Cohorts of issue 11's blind spot: `allowUnassigned: true`, hosts chosen for some or all
 * trainees, one or two away periods, and often too few places, so that the best plan leaves
 * roles empty. Shared by the jslp and network tests, the conformance properties and the
 * measurement scripts, so that every backend is held to the same cases.
 *
 * A generated network (feasible by construction: generateCohort's witness fills every role) is
 * turned into one of these: the rules allow empty roles, a share of the trainees lose their
 * given host (or all of them, for "all"), and a share of the capacities is cut, so that the
 * witness no longer fits and roles must stay empty. Given hosts always keep their place
 * (the contract: a given host is within its member's hostCapacity).
 */
import fc from "fast-check";
import type { CohortInput } from "../../src/domain/schema.js";
import { generateCohort } from "../../src/generate/generate-cohort.js";
import { seededRandom } from "../../src/util/random.js";

export interface AllowUnassignedOptions {
  readonly trainees: number;
  readonly members: number;
  /** Away periods: 1 or 2. */
  readonly awayPeriods: number;
  /** "all": every trainee's host is chosen; "some": about half keep the host they were hired by. */
  readonly chosen: "all" | "some";
  /**
   * Share of capacities (host places, away places, people) cut, each by one to all of its
   * places: 0 keeps the generated network (every role can be filled), 0.5 leaves many empty.
   */
  readonly shortage: number;
  /** Mentors and supervisors appointed by each member (default 1). */
  readonly peoplePerMember?: number;
  readonly seed: number;
}

/** A valid cohort of the kind above: the same options always give the same bytes. */
export function allowUnassignedCohort(options: AllowUnassignedOptions): CohortInput {
  const people = options.peoplePerMember ?? 1;
  const base = generateCohort({
    trainees: options.trainees,
    members: Math.max(options.members, options.awayPeriods + 2),
    awayPeriods: options.awayPeriods,
    hosts: "given",
    tightness: 1,
    seed: options.seed,
    mentorsPerMember: people,
    supervisorsPerMember: people,
  });
  const random = seededRandom(options.seed * 7919 + 17);
  const cut = (capacity: number, floor: number): number =>
    random() < options.shortage ? Math.max(floor, capacity - 1 - Math.floor(random() * capacity)) : capacity;

  const trainees = base.trainees.map((t): CohortInput["trainees"][number] => {
    if (options.chosen === "some" && random() < 0.5) return t;
    const { host: _host, ...rest } = t;
    return rest;
  });
  const givenAt = new Map<string, number>();
  for (const t of trainees) if (t.host !== undefined) givenAt.set(t.host, (givenAt.get(t.host) ?? 0) + 1);
  const members = base.members.map((m) => ({
    ...m,
    hostCapacity: cut(m.hostCapacity, givenAt.get(m.id) ?? 0),
    awayCapacity: cut(m.awayCapacity, 0),
  }));
  const persons = (base.people ?? []).map((p) => ({ ...p, capacity: cut(p.capacity ?? 1, 0) }));
  return {
    ...base,
    members,
    people: persons,
    trainees,
    rules: { ...base.rules, allowUnassigned: true },
  };
}

/**
 * Small cohorts of this kind, within reach of the brute-force oracle (support/brute-force.ts):
 * up to `max.trainees` trainees and `max.members` members, one person of each role per member.
 */
export function allowUnassignedArbitrary(max: { readonly trainees: number; readonly members: number } = { trainees: 4, members: 4 }) {
  return fc
    .record({
      trainees: fc.integer({ min: 1, max: max.trainees }),
      members: fc.integer({ min: 3, max: max.members }),
      awayPeriods: fc.integer({ min: 1, max: 2 }),
      chosen: fc.constantFrom("all" as const, "some" as const),
      shortage: fc.constantFrom(0, 0.3, 0.6),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    })
    .map((options) => allowUnassignedCohort(options));
}

/**
 * Random cohorts at the issue's scale: 14 to 40 trainees, 7 to 30 members, one or two away
 * periods, hosts chosen for some or all trainees. Seeded: `issueScaleCohort(seed)` is the same
 * cohort on every run.
 */
export function issueScaleCohort(seed: number): CohortInput {
  const random = seededRandom(seed);
  const trainees = 14 + Math.floor(random() * 27);
  const members = 7 + Math.floor(random() * 24);
  const awayPeriods = random() < 0.5 ? 1 : 2;
  const chosen = random() < 0.5 ? "all" : "some";
  const shortage = [0, 0.2, 0.4][Math.floor(random() * 3)] ?? 0;
  return allowUnassignedCohort({ trainees, members, awayPeriods, chosen, shortage, peoplePerMember: 2, seed });
}
