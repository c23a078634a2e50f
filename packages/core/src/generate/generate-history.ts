/**
 * Earlier cohorts for a generated cohort (the contract's "History"): plausible plans of the
 * same network in earlier years, in the plan's shape, for the fairness terms and the history
 * report.
 *
 * Each earlier cohort has about as many trainees as this one. Hosts are drawn among the members
 * with hosting places left, in proportion to those places (so the same members host year after
 * year); each trainee's specialization is one its host offers; away members are outside the
 * host's organisation, nearby ones more often, among those with away places left in the period
 * (and offering the specialization when one can); the supervisor is one of the host's; the
 * mentor is outside the host's organisation (and the away members' under "host-and-away"), and
 * often one who mentored a trainee of the same host in an earlier cohort.
 *
 * A few ids this cohort does not know, so that the answer carries warnings as real histories
 * do: a member that has left the network hosted the oldest cohort's first trainee (with a
 * supervisor of its own) and took the second one away; in every cohort but the newest, about
 * one mentor in a hundred has retired since (their trainees name an id the cohort has not).
 *
 * Every draw comes from the stream the caller passes, after the cohort itself is drawn, so a
 * cohort with history equals the same cohort without it apart from the `history` field.
 */
import { distanceKm, type LatLon } from "../domain/geo.js";
import type { CohortInput } from "../domain/schema.js";
import type { Random } from "../util/random.js";
import { pickOne, pickWeighted } from "./draw.js";
import { PLACE_HEADS, PLACE_TAILS, slugifyName } from "./names.js";

export type GeneratedHistory = NonNullable<CohortInput["history"]>;
type GeneratedAssignment = GeneratedHistory[number]["assignments"][number];

/** A member as the history needs it. */
export interface HistoryMember {
  readonly id: string;
  readonly organisation: string;
  readonly location: LatLon;
  readonly specializations: ReadonlySet<string>;
  readonly hostCapacity: number;
  readonly awayCapacity: number;
}

/** A person as the history needs it: `member` is an index into the members. */
export interface HistoryPerson {
  readonly id: string;
  readonly member: number;
  readonly specializations: ReadonlySet<string>;
}

export interface HistorySource {
  readonly members: readonly HistoryMember[];
  readonly people: readonly HistoryPerson[];
  /** Indices into `people` of each member's supervisors. */
  readonly supervisorsOf: readonly (readonly number[])[];
  /** Indices into `people` of the mentors. */
  readonly mentors: readonly number[];
  /** How many mentors each member appoints (a retired mentor gets a number past them). */
  readonly mentorsPerMember: number;
  /** The programme's periods: the earlier cohorts followed the same programme. */
  readonly periods: readonly { readonly id: string; readonly at: "host" | "away" }[];
  /** This cohort's trainees: earlier cohorts have about as many. */
  readonly trainees: number;
  /** The year this cohort starts; earlier cohorts started every second year before it. */
  readonly year: number;
  readonly mentorOutside: "host" | "host-and-away";
  /** How often trainees are hired in a specialization (relative). */
  readonly specializationWeight: (specialization: string) => number;
}

/** The share of an earlier cohort's mentors that have retired since (at least one a cohort). */
const RETIRED_SHARE = 0.01;
/** How often a trainee's mentor is one who mentored a trainee of the same host before. */
const REPEAT_MENTOR = 0.3;
/** A mentor's weight in a fresh draw is at most this (listing the specialization, no trainee yet). */
const MAX_MENTOR_WEIGHT = 3;
/** Rejection draws of a mentor before the draw weighs every mentor instead. */
const MENTOR_TRIES = 200;

/** `count` earlier cohorts of the network, oldest first. */
export function generateHistory(random: Random, source: HistorySource, count: number): GeneratedHistory {
  const former = formerMember(random, source);
  const builder = new HistoryBuilder(random, source, former);
  const history: GeneratedHistory = [];
  for (let e = 0; e < count; e++) {
    const year = source.year - 2 * (count - e);
    history.push(builder.cohort(year, e === 0, e === count - 1));
  }
  return history;
}

/** The id of a member that has left the network: a place name no member of the cohort has. */
function formerMember(random: Random, source: HistorySource): string {
  const taken = new Set(source.members.map((m) => m.id));
  for (let attempt = 0; attempt < 50; attempt++) {
    const id = slugifyName(`${pickOne(random, PLACE_HEADS)}${pickOne(random, PLACE_TAILS)}`);
    if (!taken.has(id)) return id;
  }
  let id = "tidligere-medlem";
  for (let n = 2; taken.has(id); n++) id = `tidligere-medlem-${n}`;
  return id;
}

class HistoryBuilder {
  /** Per member index: the mentors (indices into people) who mentored its trainees in earlier cohorts. */
  private readonly mentorsOfHost = new Map<number, number[]>();
  /** Per host member index: each member's closeness to it, 0 for members of the host's organisation. */
  private readonly nearHost = new Map<number, Float64Array>();

  constructor(
    private readonly random: Random,
    private readonly source: HistorySource,
    /** The id of the member that has left (see addFormerMember). */
    private readonly former: string,
  ) {}

  cohort(year: number, oldest: boolean, newest: boolean): GeneratedHistory[number] {
    const { random, source } = this;
    const { members } = source;
    const places = members.reduce((sum, m) => sum + m.hostCapacity, 0);
    const wanted = source.trainees === 0 ? 0 : Math.max(1, Math.round(source.trainees * (0.85 + 0.3 * random())));
    const size = Math.min(wanted, places);
    const awayPeriods = source.periods.filter((p) => p.at === "away").length;
    const hostLoad = new Array<number>(members.length).fill(0);
    const awayLoad = Array.from({ length: awayPeriods }, () => new Array<number>(members.length).fill(0));
    const personLoad = new Array<number>(source.people.length).fill(0);
    const mentorsNow = new Map<number, number[]>();
    const assignments: GeneratedAssignment[] = [];
    /** Per assignment: the mentor's index into people (to retire some afterwards). */
    const mentorOf: number[] = [];

    for (let t = 0; t < size; t++) {
      const trainee = `t-${year}-${t + 1}`;
      const host = pickWeighted(random, members.map((m, i) => Math.max(0, m.hostCapacity - (hostLoad[i] ?? 0))));
      if (host === -1) break;
      hostLoad[host] = (hostLoad[host] ?? 0) + 1;
      const hostMember = members[host] as HistoryMember;
      const specs = [...hostMember.specializations];
      const specialization = specs[pickWeighted(random, specs.map(source.specializationWeight))] ?? "";

      const away: number[] = [];
      for (let p = 0; p < awayPeriods; p++) {
        const load = awayLoad[p] as number[];
        const chosen = this.drawAway(host, specialization, away, load);
        load[chosen] = (load[chosen] ?? 0) + 1;
        away.push(chosen);
      }

      const supervisors = source.supervisorsOf[host] ?? [];
      const fitting = supervisors.map((s) => (source.people[s]?.specializations.has(specialization) ? 1 : 0.1) / (1 + (personLoad[s] ?? 0)) ** 2);
      const supervisor = supervisors[pickWeighted(random, fitting)];
      if (supervisor !== undefined) personLoad[supervisor] = (personLoad[supervisor] ?? 0) + 1;

      const excluded = [hostMember.organisation];
      if (source.mentorOutside === "host-and-away") for (const a of away) excluded.push((members[a] as HistoryMember).organisation);
      const mentor = this.drawMentor(host, specialization, excluded, personLoad);
      if (mentor !== undefined) {
        personLoad[mentor] = (personLoad[mentor] ?? 0) + 1;
        const list = mentorsNow.get(host) ?? [];
        list.push(mentor);
        mentorsNow.set(host, list);
      }
      mentorOf.push(mentor ?? -1);

      let k = 0;
      assignments.push({
        trainee,
        host: hostMember.id,
        supervisor: supervisor === undefined ? null : (source.people[supervisor] as HistoryPerson).id,
        mentor: mentor === undefined ? null : (source.people[mentor] as HistoryPerson).id,
        placements: source.periods.map((period) => ({
          period: period.id,
          member: period.at === "host" ? hostMember.id : (members[away[k++] as number] as HistoryMember).id,
        })),
      });
    }

    for (const [host, mentors] of mentorsNow) this.mentorsOfHost.set(host, [...(this.mentorsOfHost.get(host) ?? []), ...mentors]);
    if (!newest) this.retireMentors(assignments, mentorOf, year);
    if (oldest) this.addFormerMember(assignments);
    return { name: `Cohort ${year}`, assignments };
  }

  /**
   * An away member (index) outside the host's organisation and `taken`, nearby ones more likely:
   * among those with places left that offer the specialization, else those with places left,
   * else any.
   */
  private drawAway(host: number, specialization: string, taken: readonly number[], load: readonly number[]): number {
    const { members } = this.source;
    const near = this.closenessTo(host);
    const left = (i: number) => Math.max(0, (members[i] as HistoryMember).awayCapacity - (load[i] ?? 0));
    const tiers: ((i: number) => number)[] = [
      (i) => ((members[i] as HistoryMember).specializations.has(specialization) ? left(i) : 0),
      left,
      () => 1,
    ];
    const weights = new Float64Array(members.length);
    for (const tier of tiers) {
      for (let i = 0; i < members.length; i++) {
        const closeness = near[i] as number;
        weights[i] = closeness === 0 || taken.includes(i) ? 0 : closeness * tier(i);
      }
      const chosen = pickWeighted(this.random, weights);
      if (chosen !== -1) return chosen;
    }
    throw new Error("generateCohort: no away member outside the host's organisation in the history");
  }

  /** Each member's closeness to the host (1 / (1 + km / 30)), 0 inside the host's organisation; computed once per host. */
  private closenessTo(host: number): Float64Array {
    let near = this.nearHost.get(host);
    if (near === undefined) {
      const { members } = this.source;
      const hostMember = members[host] as HistoryMember;
      near = Float64Array.from(members, (m) =>
        m.organisation === hostMember.organisation ? 0 : 1 / (1 + distanceKm(hostMember.location, m.location) / 30),
      );
      this.nearHost.set(host, near);
    }
    return near;
  }

  /** Often a mentor of the same host in an earlier cohort (when still outside `excluded`), else a fresh draw. */
  private drawMentor(host: number, specialization: string, excluded: readonly string[], load: readonly number[]): number | undefined {
    const { random } = this;
    const before = this.mentorsOfHost.get(host);
    if (before !== undefined && before.length > 0 && random() < REPEAT_MENTOR) {
      const mentor = pickOne(random, before);
      if (!excluded.includes(this.organisationOf(mentor))) return mentor;
    }
    return this.freshMentor(specialization, excluded, load);
  }

  /**
   * A mentor outside `excluded`, drawn in proportion to the cohort's own weights (3 when they list
   * the specialization, else 1, over (1 + trainees so far)²). By rejection: a mentor drawn
   * uniformly is kept with probability weight / 3, which keeps each in proportion to its weight
   * without weighing all 10,000 of a national network for each trainee; after MENTOR_TRIES
   * rejections every mentor is weighed.
   */
  private freshMentor(specialization: string, excluded: readonly string[], load: readonly number[]): number | undefined {
    const { random, source } = this;
    const weight = (mentor: number): number => {
      if (excluded.includes(this.organisationOf(mentor))) return 0;
      const lists = (source.people[mentor] as HistoryPerson).specializations.has(specialization);
      return (lists ? 3 : 1) / (1 + (load[mentor] ?? 0)) ** 2;
    };
    if (source.mentors.length === 0) return undefined;
    for (let tries = 0; tries < MENTOR_TRIES; tries++) {
      const mentor = pickOne(random, source.mentors);
      if (random() * MAX_MENTOR_WEIGHT < weight(mentor)) return mentor;
    }
    const drawn = pickWeighted(random, source.mentors.map(weight));
    return drawn === -1 ? undefined : source.mentors[drawn];
  }

  private organisationOf(person: number): string {
    const { members, people } = this.source;
    return (members[(people[person] as HistoryPerson).member] as HistoryMember).organisation;
  }

  /**
   * Some of the cohort's mentors have retired since: every trainee they mentored names them by an
   * id past the member's current mentors (`<member>-mentor-<n>`), which this cohort does not know.
   */
  private retireMentors(assignments: GeneratedAssignment[], mentorOf: readonly number[], year: number): void {
    const mentors = [...new Set(mentorOf.filter((m) => m >= 0))];
    if (mentors.length === 0) return;
    const count = Math.max(1, Math.round(mentors.length * RETIRED_SHARE));
    const retired = new Set<number>();
    while (retired.size < Math.min(count, mentors.length)) retired.add(pickOne(this.random, mentors));
    const number = this.source.mentorsPerMember + 1 + (this.source.year - year) / 2;
    assignments.forEach((a, i) => {
      const mentor = mentorOf[i] as number;
      if (!retired.has(mentor)) return;
      const member = this.source.members[(this.source.people[mentor] as HistoryPerson).member] as HistoryMember;
      a.mentor = `${member.id}-mentor-${number}`;
    });
    // A retired mentor stays out of later cohorts' repeat draws.
    for (const [host, list] of this.mentorsOfHost) this.mentorsOfHost.set(host, list.filter((m) => !retired.has(m)));
  }

  /** The member that left hosted the oldest cohort's first trainee and took its second one away. */
  private addFormerMember(assignments: GeneratedAssignment[]): void {
    const id = this.former;
    const first = assignments[0];
    if (first !== undefined) {
      const wasHost = first.host;
      first.host = id;
      first.supervisor = `${id}-supervisor-1`;
      first.placements = first.placements.map((p) => (p.member === wasHost ? { ...p, member: id } : p));
    }
    const second = assignments[1];
    if (second !== undefined) {
      const away = second.placements.findIndex((p) => p.member !== second.host);
      const placement = second.placements[away];
      if (placement !== undefined) second.placements[away] = { ...placement, member: id };
    }
  }
}
