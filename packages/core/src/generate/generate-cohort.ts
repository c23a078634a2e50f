/**
 * A seeded, deterministic generator of realistic member networks and cohorts in the contract
 * format, for tests, benchmarks and demonstrations.
 *
 * How a cohort is built (so that it is feasible by construction):
 * 1. Members are spread over a region around 60°N 11°E whose size grows with the member
 *    count: municipalities (3-6 specializations), a few municipal companies (KF) that share
 *    their owner's organisation, and inter-municipal companies (IKS: water, or waste).
 * 2. Every member appoints `supervisorsPerMember` supervisors and `mentorsPerMember` mentors.
 * 3. A hidden assignment (the witness) is drawn first: for each trainee a host, an away member
 *    per away period, a supervisor and a mentor that satisfy every hard rule of the contract,
 *    including the specialization fit (a member or supervisor is taught a specialization when
 *    no candidate offers it).
 * 4. Capacities are then set to at least the witness's load, with slack so that demand is about
 *    `tightness` times capacity. The witness is therefore a valid plan of the cohort.
 * 5. With `history: N`, N earlier cohorts' plans on the same network are drawn last (see
 *    generate-history.ts), so the cohort is otherwise the same as without them.
 *
 * The same options always give the same cohort: all randomness comes from a small PRNG
 * (mulberry32, util/random.ts, shared with the sweep of the command line) seeded with `seed`.
 */
import { addMonthsClamped } from "../domain/dates.js";
import { distanceKm, type LatLon } from "../domain/geo.js";
import { DEFAULT_WEIGHTS } from "../domain/defaults.js";
import { COHORT_FORMAT, MAX_COUNT, type CohortInput, type MemberKind } from "../domain/schema.js";
import { seededRandom, type Random } from "../util/random.js";
import { pickOne, pickWeighted, pickWeightedWithTotal, randomInt, sampleWeighted, shuffle } from "./draw.js";
import { generateHistory, type GeneratedHistory } from "./generate-history.js";
import { FIRST_NAMES, PLACE_HEADS, PLACE_QUALIFIERS, PLACE_TAILS, SURNAMES, slugifyName } from "./names.js";

/** The specialization vocabulary used by generated cohorts and the Romerike examples. */
export const SPECIALIZATIONS = [
  "water",
  "roads",
  "waste",
  "planning",
  "surveying",
  "property",
  "environment",
  "parks",
  "project-management",
] as const;

export interface GenerateOptions {
  /** How many trainees to place. */
  readonly trainees: number;
  /** How many members the network has. */
  readonly members: number;
  /** Mentors appointed by each member (default 2). */
  readonly mentorsPerMember?: number;
  /** Supervisors appointed by each member (default 2). */
  readonly supervisorsPerMember?: number;
  /** Away periods in the programme, each between two host periods (default 1). */
  readonly awayPeriods?: number;
  /** `given`: every trainee is already hired by a host; `chosen`: the solver chooses (default `given`). */
  readonly hosts?: "given" | "chosen";
  /**
   * Ratio of demand to capacity, above 0 and at most 1 (default 0.7). 1 leaves no slack beyond
   * the hidden assignment; lower values add spare places. People always take at least one
   * trainee, so with many people their ratio can be lower than asked.
   */
  readonly tightness?: number;
  /** Seed of the pseudo-random generator (default 1). */
  readonly seed?: number;
  /** The cohort's `rules.mentorOutside` (default `host`). */
  readonly mentorOutside?: "host" | "host-and-away";
  /** The cohort's `rules.specializationFit` (default `required`). */
  readonly specializationFit?: "required" | "preferred";
  /**
   * Earlier cohorts to add as the cohort's `history`, oldest first (default 0: no `history`
   * field). They are drawn after everything else, so the rest of the cohort is the same for
   * every count. See generate-history.ts for what they look like.
   */
  readonly history?: number;
  /** The cohort's `weights`, as given (default: none, so the contract's defaults apply). */
  readonly weights?: GeneratedWeights;
}

/** Weights a generated cohort may carry: any of the contract's, each from 0 to 1e9. */
export type GeneratedWeights = { readonly [term in keyof typeof DEFAULT_WEIGHTS]?: number };

/** The defaults that complete a GenerateOptions. */
export const DEFAULT_GENERATE_OPTIONS = {
  mentorsPerMember: 2,
  supervisorsPerMember: 2,
  awayPeriods: 1,
  hosts: "given",
  tightness: 0.7,
  seed: 1,
  mentorOutside: "host",
  specializationFit: "required",
  history: 0,
  weights: {},
} as const satisfies Omit<Required<GenerateOptions>, "trainees" | "members">;

/** One trainee's place in the hidden assignment. */
export interface WitnessAssignment {
  readonly trainee: string;
  readonly host: string;
  /** One member per away period, in programme order. */
  readonly away: readonly string[];
  readonly supervisor: string;
  readonly mentor: string;
}

export interface GeneratedCohort {
  readonly cohort: CohortInput;
  /** A valid plan of `cohort` (every hard rule and capacity holds), one entry per trainee. */
  readonly witness: readonly WitnessAssignment[];
}

/** Generates a cohort: same options, same cohort. Throws a RangeError on invalid options. */
export function generateCohort(options: GenerateOptions): CohortInput {
  return generateCohortWithWitness(options).cohort;
}

/** Generates a cohort together with the hidden assignment that proves it feasible. */
export function generateCohortWithWitness(options: GenerateOptions): GeneratedCohort {
  const full = completeGenerateOptions(options);
  return new CohortBuilder(full).build();
}

// ---------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------

type FullOptions = Required<GenerateOptions>;

const MAX_PEOPLE_PER_MEMBER = 100;
const MAX_AWAY_PERIODS = 20;
const MAX_HISTORY = 50;
/** The schema's largest weight. */
const MAX_WEIGHT = 1e9;

/** Completes the options with their defaults and checks them; throws a RangeError naming the bad option. */
export function completeGenerateOptions(options: GenerateOptions): FullOptions {
  const full: FullOptions = { ...DEFAULT_GENERATE_OPTIONS, ...withoutUndefined(options) };
  checkWhole("trainees", full.trainees, 0, MAX_COUNT);
  checkWhole("members", full.members, 2, MAX_COUNT);
  checkWhole("mentorsPerMember", full.mentorsPerMember, 1, MAX_PEOPLE_PER_MEMBER);
  checkWhole("supervisorsPerMember", full.supervisorsPerMember, 1, MAX_PEOPLE_PER_MEMBER);
  checkWhole("awayPeriods", full.awayPeriods, 1, MAX_AWAY_PERIODS);
  checkWhole("seed", full.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (!(typeof full.tightness === "number" && full.tightness > 0 && full.tightness <= 1)) {
    throw new RangeError(`tightness must be a number above 0 and at most 1, got ${String(full.tightness)}`);
  }
  checkChoice("hosts", full.hosts, ["given", "chosen"]);
  checkChoice("mentorOutside", full.mentorOutside, ["host", "host-and-away"]);
  checkChoice("specializationFit", full.specializationFit, ["required", "preferred"]);
  checkWhole("history", full.history, 0, MAX_HISTORY);
  checkWeights(full.weights);
  const needed = organisationsNeeded(full);
  if (full.members < needed) {
    throw new RangeError(
      `members must be at least ${needed} so that each trainee can spend ${full.awayPeriods} away ` +
        `period(s) at different members outside the host's organisation` +
        (full.mentorOutside === "host-and-away" ? " and still find a mentor in yet another organisation" : "") +
        `, got ${full.members}`,
    );
  }
  return full;
}

function withoutUndefined(options: GenerateOptions): GenerateOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as unknown as GenerateOptions;
}

function checkWhole(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
}

function checkWeights(weights: unknown): void {
  if (typeof weights !== "object" || weights === null || Array.isArray(weights)) {
    throw new RangeError(`weights must be an object of weights, got ${String(weights)}`);
  }
  for (const [term, value] of Object.entries(weights)) {
    if (!Object.hasOwn(DEFAULT_WEIGHTS, term)) {
      throw new RangeError(`weights has no term "${term}"; the terms are ${Object.keys(DEFAULT_WEIGHTS).join(", ")}`);
    }
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_WEIGHT) {
      throw new RangeError(`weights.${term} must be a number from 0 to ${MAX_WEIGHT}, got ${String(value)}`);
    }
  }
}

function checkChoice(name: string, value: unknown, choices: readonly string[]): void {
  if (typeof value !== "string" || !choices.includes(value)) {
    throw new RangeError(`${name} must be one of ${choices.map((c) => `"${c}"`).join(", ")}, got ${String(value)}`);
  }
}

/** Organisations a trainee needs: the host's, one per away period, and the mentor's for "host-and-away". */
function organisationsNeeded(options: FullOptions): number {
  return options.awayPeriods + 1 + (options.mentorOutside === "host-and-away" ? 1 : 0);
}

// ---------------------------------------------------------------------------------------
// The network and the witness
// ---------------------------------------------------------------------------------------

/** How common each specialization is among municipalities (waste usually sits with an IKS). */
const MUNICIPAL_SPECIALIZATION_WEIGHT: Record<string, number> = {
  water: 6,
  roads: 6,
  planning: 5,
  surveying: 2,
  property: 2,
  environment: 2,
  parks: 2,
  "project-management": 2,
  waste: 0.5,
};
const COMPANY_SPECIALIZATION_WEIGHT: Record<string, number> = { water: 3, roads: 3, parks: 2, property: 1 };
/** How often trainees are hired in each specialization. */
const TRAINEE_SPECIALIZATION_WEIGHT: Record<string, number> = {
  water: 3,
  roads: 3,
  planning: 2,
  waste: 2,
  environment: 1,
  surveying: 1,
  property: 1,
  parks: 1,
  "project-management": 1,
};
const HOST_WEIGHT: Record<MemberKind, number> = {
  municipality: 3,
  "municipal-company": 1.5,
  "inter-municipal-company": 1,
  other: 1,
};

const CENTRE: LatLon = { lat: 60, lon: 11 };
const KM_PER_DEGREE = 111.2;
const MAX_REGION_RADIUS_KM = 1200;

interface DraftMember {
  readonly id: string;
  readonly name: string;
  readonly kind: MemberKind;
  readonly organisation: string;
  readonly location: LatLon;
  readonly specializations: Set<string>;
}

interface DraftPerson {
  readonly id: string;
  readonly name: string;
  readonly member: number;
  readonly role: "mentor" | "supervisor";
  readonly specializations: Set<string>;
}

class CohortBuilder {
  private readonly random: Random;
  private readonly members: DraftMember[] = [];
  private readonly people: DraftPerson[] = [];
  /** People of each member, by role. */
  private readonly supervisorsOf: number[][] = [];
  private readonly mentors: number[] = [];

  constructor(private readonly options: FullOptions) {
    this.random = seededRandom(options.seed);
  }

  build(): GeneratedCohort {
    this.buildMembers();
    this.buildPeople();
    const o = this.options;
    const random = this.random;
    const m = this.members.length;
    const k = o.awayPeriods;

    // The witness.
    const hostLoad = new Array<number>(m).fill(0);
    const awayLoad = Array.from({ length: k }, () => new Array<number>(m).fill(0));
    const personLoad = new Array<number>(this.people.length).fill(0);
    const drafts: { id: string; name: string; specialization: string; host: number; away: number[]; supervisor: number; mentor: number }[] = [];
    const width = String(o.trainees).length;
    const mentorDraw = new MentorDraw(this.mentors, this.people, this.members.map((member) => member.organisation));
    for (let t = 0; t < o.trainees; t++) {
      const host = pickWeighted(
        random,
        this.members.map((member, i) => HOST_WEIGHT[member.kind] / (1 + (hostLoad[i] ?? 0)) ** 2),
      );
      const hostMember = this.memberAt(host);
      const hostSpecs = [...hostMember.specializations];
      const specialization = hostSpecs[
        pickWeighted(random, hostSpecs.map((s) => TRAINEE_SPECIALIZATION_WEIGHT[s] ?? 1))
      ] as string;
      hostLoad[host] = (hostLoad[host] ?? 0) + 1;

      const away: number[] = [];
      for (let p = 0; p < k; p++) {
        const load = awayLoad[p] as number[];
        const candidate = (i: number): boolean =>
          this.memberAt(i).organisation !== hostMember.organisation && !away.includes(i);
        const closeness = (i: number): number => 1 / (1 + distanceKm(hostMember.location, this.memberAt(i).location) / 30);
        let chosen = pickWeighted(
          random,
          this.members.map((member, i) =>
            candidate(i) && member.specializations.has(specialization) ? closeness(i) / (1 + (load[i] ?? 0)) ** 2 : 0,
          ),
        );
        if (chosen === -1) {
          // Nobody else offers the specialization: a nearby municipality takes it up.
          chosen = pickWeighted(
            random,
            this.members.map((member, i) =>
              candidate(i) ? ((member.kind === "municipality" ? 1 : 0.05) * closeness(i)) / (1 + (load[i] ?? 0)) ** 2 : 0,
            ),
          );
          this.memberAt(chosen).specializations.add(specialization);
        }
        load[chosen] = (load[chosen] ?? 0) + 1;
        away.push(chosen);
      }

      const supervisors = this.supervisorsOf[host] as number[];
      const fitting = pickWeighted(
        random,
        supervisors.map((p) =>
          this.personAt(p).specializations.has(specialization) ? 1 / (1 + (personLoad[p] ?? 0)) ** 2 : 0,
        ),
      );
      let supervisor = fitting === -1 ? undefined : supervisors[fitting];
      if (supervisor === undefined) {
        // No supervisor at the host lists it: the least busy one takes it up.
        supervisor = leastLoaded(supervisors, personLoad);
        this.personAt(supervisor).specializations.add(specialization);
      }
      personLoad[supervisor] = (personLoad[supervisor] ?? 0) + 1;

      const excluded = [hostMember.organisation];
      if (o.mentorOutside === "host-and-away") for (const a of away) excluded.push(this.memberAt(a).organisation);
      const mentor = mentorDraw.draw(random, specialization, excluded, personLoad);
      if (mentor === undefined) throw new Error("generateCohort: no mentor outside the trainee's organisations");
      personLoad[mentor] = (personLoad[mentor] ?? 0) + 1;

      drafts.push({
        id: `t${String(t + 1).padStart(width, "0")}`,
        name: `${pickOne(random, FIRST_NAMES)} ${pickOne(random, SURNAMES)}`,
        specialization,
        host,
        away,
        supervisor,
        mentor,
      });
    }

    // Capacities: at least the witness's load, with slack from tightness.
    const target = Math.ceil(o.trainees / o.tightness);
    const hostCapacity = [...hostLoad];
    addSlack(random, hostCapacity, target, this.members.map((member) => HOST_WEIGHT[member.kind]));
    const awayCapacity = this.members.map((_, i) => Math.max(...awayLoad.map((load) => load[i] ?? 0)));
    addSlack(random, awayCapacity, target, this.members.map(() => 1));
    const personCapacity = personLoad.map((load) => Math.max(1, load));
    const roleWeights = (role: DraftPerson["role"]): number[] => this.people.map((p) => (p.role === role ? 1 : 0));
    addSlack(random, personCapacity, target, roleWeights("supervisor"));
    addSlack(random, personCapacity, target, roleWeights("mentor"));

    // Preferences, once every member's specializations are final.
    const trainees: CohortInput["trainees"] = drafts.map((d) => {
      const hostMember = this.memberAt(d.host);
      const near = (from: DraftMember, scaleKm: number) => (member: DraftMember) =>
        1 / (1 + distanceKm(from.location, member.location) / scaleKm);
      const awayChoices = this.members.filter(
        (member) => member.organisation !== hostMember.organisation && member.specializations.has(d.specialization),
      );
      const awayPreferences = sampleWeighted(random, awayChoices, near(hostMember, 20), preferenceCount(random)).map(
        (member) => member.id,
      );
      if (o.hosts === "given") {
        return { id: d.id, name: d.name, specialization: d.specialization, host: hostMember.id, awayPreferences };
      }
      const hostChoices = this.members.filter(
        (member, i) => member.specializations.has(d.specialization) && (hostCapacity[i] ?? 0) > 0,
      );
      const hostPreferences = sampleWeighted(random, hostChoices, near(hostMember, 20), preferenceCount(random)).map(
        (member) => member.id,
      );
      return { id: d.id, name: d.name, specialization: d.specialization, hostPreferences, awayPreferences };
    });

    const programme = this.buildProgramme();
    const cohort: CohortInput = {
      format: COHORT_FORMAT,
      programme,
      members: this.members.map((member, i) => ({
        id: member.id,
        name: member.name,
        kind: member.kind,
        organisation: member.organisation,
        location: member.location,
        specializations: inVocabularyOrder(member.specializations),
        hostCapacity: hostCapacity[i] ?? 0,
        awayCapacity: awayCapacity[i] ?? 0,
      })),
      people: this.people.map((person, i) => ({
        id: person.id,
        name: person.name,
        member: this.memberAt(person.member).id,
        role: person.role,
        capacity: personCapacity[i] ?? 1,
        specializations: inVocabularyOrder(person.specializations),
      })),
      trainees,
      rules: { mentorOutside: o.mentorOutside, specializationFit: o.specializationFit, allowUnassigned: false },
      ...(Object.keys(o.weights).length > 0 ? { weights: { ...o.weights } } : {}),
      ...(o.history > 0 ? { history: this.buildHistory(programme, hostCapacity, awayCapacity) } : {}),
    };
    const witness = drafts.map((d) => ({
      trainee: d.id,
      host: this.memberAt(d.host).id,
      away: d.away.map((a) => this.memberAt(a).id),
      supervisor: this.personAt(d.supervisor).id,
      mentor: this.personAt(d.mentor).id,
    }));
    return { cohort, witness };
  }

  /** The earlier cohorts (see generate-history.ts), drawn after the rest of the cohort. */
  private buildHistory(programme: CohortInput["programme"], hostCapacity: readonly number[], awayCapacity: readonly number[]): GeneratedHistory {
    const o = this.options;
    return generateHistory(
      this.random,
      {
        members: this.members.map((member, i) => ({
          ...member,
          hostCapacity: hostCapacity[i] ?? 0,
          awayCapacity: awayCapacity[i] ?? 0,
        })),
        people: this.people,
        supervisorsOf: this.supervisorsOf,
        mentors: this.mentors,
        mentorsPerMember: o.mentorsPerMember,
        periods: programme.periods,
        trainees: o.trainees,
        year: Number(programme.start.slice(0, 4)),
        mentorOutside: o.mentorOutside,
        specializationWeight: (s) => TRAINEE_SPECIALIZATION_WEIGHT[s] ?? 1,
      },
      o.history,
    );
  }

  private memberAt(i: number): DraftMember {
    const member = this.members[i];
    if (member === undefined) throw new Error(`generateCohort: no member at ${i}`);
    return member;
  }

  private personAt(i: number): DraftPerson {
    const person = this.people[i];
    if (person === undefined) throw new Error(`generateCohort: no person at ${i}`);
    return person;
  }

  private buildMembers(): void {
    const o = this.options;
    const random = this.random;
    const n = o.members;
    // About one member in seven is an IKS and one in eight a KF (from 6 members on). A KF shares
    // its owner's organisation, so KFs are left out when trainees would run short of organisations.
    // With these shares there are always more municipalities than KFs to own them.
    const companies = n >= 4 ? Math.max(1, Math.round(n / 7)) : 0;
    const kfs = Math.max(0, Math.min(n >= 6 ? Math.floor(n / 8) : 0, n - organisationsNeeded(o)));
    const municipalities = n - companies - kfs;

    const places = drawPlaceNames(random, municipalities + companies);
    const radiusKm = Math.min(MAX_REGION_RADIUS_KM, 10 + 12 * Math.sqrt(n));
    const towns: DraftMember[] = [];
    for (let i = 0; i < municipalities; i++) {
      const place = places[i] as string;
      const id = slugifyName(place);
      towns.push({
        id,
        name: `${place} kommune`,
        kind: "municipality",
        organisation: id,
        location: pointInDisc(random, CENTRE, radiusKm),
        specializations: new Set(
          sampleWeighted(random, SPECIALIZATIONS, (s) => MUNICIPAL_SPECIALIZATION_WEIGHT[s] ?? 1, randomInt(random, 3, 6)),
        ),
      });
    }
    const owners = new Set(shuffle(random, towns.map((_, i) => i)).slice(0, kfs));
    towns.forEach((town, i) => {
      this.members.push(town);
      if (!owners.has(i)) return;
      const place = town.name.replace(/ kommune$/, "");
      this.members.push({
        id: `${town.id}-kt`,
        name: `${place} Kommunalteknikk KF`,
        kind: "municipal-company",
        organisation: town.organisation,
        location: pointInDisc(random, town.location, 2),
        specializations: new Set(
          sampleWeighted(
            random,
            Object.keys(COMPANY_SPECIALIZATION_WEIGHT),
            (s) => COMPANY_SPECIALIZATION_WEIGHT[s] ?? 1,
            randomInt(random, 1, 2),
          ),
        ),
      });
    });
    const firstIsWater = random() < 0.5;
    for (let c = 0; c < companies; c++) {
      const place = places[municipalities + c] as string;
      const water = (c % 2 === 0) === firstIsWater;
      const id = `${slugifyName(place)}-${water ? "va" : "avfall"}`;
      const near = towns.length > 0 ? pickOne(random, towns).location : CENTRE;
      this.members.push({
        id,
        name: water ? `${place} Vann og Avløp IKS` : `${place} Avfallsselskap IKS`,
        kind: "inter-municipal-company",
        organisation: id,
        location: pointInDisc(random, near, 6),
        specializations: new Set(water ? ["water"] : random() < 0.6 ? ["waste", "environment"] : ["waste"]),
      });
    }
  }

  private buildPeople(): void {
    const o = this.options;
    const random = this.random;
    this.members.forEach((member, m) => {
      const specs = inVocabularyOrder(member.specializations);
      const supervisors: number[] = [];
      for (const [role, count] of [
        ["supervisor", o.supervisorsPerMember],
        ["mentor", o.mentorsPerMember],
      ] as const) {
        for (let s = 1; s <= count; s++) {
          const index = this.people.length;
          this.people.push({
            id: `${member.id}-${role}-${s}`,
            name: `${pickOne(random, FIRST_NAMES)} ${pickOne(random, SURNAMES)}`,
            member: m,
            role,
            specializations: new Set(shuffle(random, [...specs]).slice(0, randomInt(random, 1, Math.min(2, specs.length)))),
          });
          if (role === "supervisor") supervisors.push(index);
          else this.mentors.push(index);
        }
      }
      this.supervisorsOf.push(supervisors);
    });
  }

  /** Host, away, host, ... with `awayPeriods` away periods; six gatherings over the programme. */
  private buildProgramme(): CohortInput["programme"] {
    const o = this.options;
    const months = o.awayPeriods === 1 ? 6 : 4;
    const periods: CohortInput["programme"]["periods"] = [];
    for (let i = 0; i < 2 * o.awayPeriods + 1; i++) {
      periods.push({ id: `part-${i + 1}`, months, at: i % 2 === 0 ? "host" : "away" });
    }
    const start = "2026-08-24";
    const total = months * periods.length;
    const gatheringAt = [0, total / 6, (2 * total) / 6, (3 * total) / 6, (4 * total) / 6, total - 1].map(Math.round);
    const names = ["Kick-off", "Gathering 2", "Gathering 3", "Gathering 4", "Study trip", "Closing and diplomas"];
    return {
      name: `Generated network: ${o.members} members, ${o.trainees} trainees (seed ${o.seed})`,
      start,
      periods,
      gatherings: names.map((name, i) => ({ name, date: addMonthsClamped(start, gatheringAt[i] ?? 0) })),
    };
  }
}

/**
 * Draws each trainee's mentor in the witness: someone outside the trainee's organisations,
 * three times as likely when they list the trainee's specialization, and less likely the more
 * trainees they already have. This is the generator's inner loop (5,000 trainees x 10,000
 * mentors), so the facts about each mentor are looked up once and one weight buffer is
 * reused; the weights, and so the draws, are exactly those of computing them afresh.
 */
class MentorDraw {
  /** Each mentor's organisation, as a small number. */
  private readonly organisation: Int32Array;
  private readonly organisationNumbers = new Map<string, number>();
  /** For each specialization met so far: 1 for the mentors that list it. */
  private readonly listing = new Map<string, Uint8Array>();
  private readonly weights: Float64Array;
  /** 1 for the organisations excluded in the draw under way. */
  private readonly excluded: Uint8Array;

  /** `mentors`: the mentors' indices into `people`; `organisationOf`: each member's organisation. */
  constructor(
    private readonly mentors: readonly number[],
    private readonly people: readonly DraftPerson[],
    organisationOf: readonly string[],
  ) {
    this.organisation = Int32Array.from(mentors, (p) => this.numberOf(organisationOf[this.person(p).member] as string));
    this.weights = new Float64Array(mentors.length);
    this.excluded = new Uint8Array(this.organisationNumbers.size);
  }

  /** The index into `people` of the mentor drawn, or undefined when every mentor is excluded. */
  draw(random: Random, specialization: string, excludedOrganisations: readonly string[], load: readonly number[]): number | undefined {
    // An organisation without mentors excludes nobody.
    const excluded = excludedOrganisations.flatMap((organisation) => this.organisationNumbers.get(organisation) ?? []);
    for (const number of excluded) this.excluded[number] = 1;
    const lists = this.listingOf(specialization);
    const { mentors, organisation, weights } = this;
    let total = 0;
    for (let i = 0; i < mentors.length; i++) {
      if (this.excluded[organisation[i] as number] === 1) {
        weights[i] = 0;
      } else {
        // (1 + load) ** 2, written as a product: the same (exact) number, computed faster.
        const spread = 1 + (load[mentors[i] as number] ?? 0);
        const weight = (lists[i] === 1 ? 3 : 1) / (spread * spread);
        weights[i] = weight;
        total += weight;
      }
    }
    for (const number of excluded) this.excluded[number] = 0;
    const drawn = pickWeightedWithTotal(random, weights, total);
    return drawn === -1 ? undefined : this.mentors[drawn];
  }

  private numberOf(organisation: string): number {
    let number = this.organisationNumbers.get(organisation);
    if (number === undefined) {
      number = this.organisationNumbers.size;
      this.organisationNumbers.set(organisation, number);
    }
    return number;
  }

  /** Mentors' specializations do not change while the witness is drawn, so this is cached. */
  private listingOf(specialization: string): Uint8Array {
    let lists = this.listing.get(specialization);
    if (lists === undefined) {
      lists = Uint8Array.from(this.mentors, (p) => (this.person(p).specializations.has(specialization) ? 1 : 0));
      this.listing.set(specialization, lists);
    }
    return lists;
  }

  private person(index: number): DraftPerson {
    const person = this.people[index];
    if (person === undefined) throw new Error(`generateCohort: no person at ${index}`);
    return person;
  }
}

function preferenceCount(random: Random): number {
  return pickWeighted(random, [1, 2, 3, 3]);
}

function leastLoaded(candidates: readonly number[], load: readonly number[]): number {
  let best = candidates[0];
  if (best === undefined) throw new Error("generateCohort: no candidate");
  for (const c of candidates) if ((load[c] ?? 0) < (load[best] ?? 0)) best = c;
  return best;
}

/**
 * Raises capacities until the entries with a positive weight sum to at least `target`, one
 * place at a time, always to an entry with the least capacity per unit of weight (ties in a
 * random order), so that slack spreads evenly in proportion to weight.
 */
function addSlack(random: Random, capacity: number[], target: number, weights: readonly number[]): void {
  const eligible = weights.flatMap((w, i) => (w > 0 ? [i] : []));
  if (eligible.length === 0) return;
  let sum = eligible.reduce((total, i) => total + (capacity[i] ?? 0), 0);
  while (sum < target) {
    const tieBreak = new Map(shuffle(random, [...eligible]).map((i, rank) => [i, rank]));
    const share = (i: number) => (capacity[i] ?? 0) / (weights[i] ?? 1);
    const order = [...eligible].sort((a, b) => share(a) - share(b) || (tieBreak.get(a) ?? 0) - (tieBreak.get(b) ?? 0));
    const level = share(order[0] as number);
    for (const i of order) {
      if (sum >= target || share(i) > level) break;
      capacity[i] = (capacity[i] ?? 0) + 1;
      sum += 1;
    }
  }
}

/** A point drawn uniformly in a disc of the given radius (km), rounded to 4 decimals (about 10 m). */
function pointInDisc(random: Random, centre: LatLon, radiusKm: number): LatLon {
  const r = radiusKm * Math.sqrt(random());
  const angle = 2 * Math.PI * random();
  const lat = centre.lat + (r * Math.sin(angle)) / KM_PER_DEGREE;
  const lon = centre.lon + (r * Math.cos(angle)) / (KM_PER_DEGREE * Math.cos((centre.lat * Math.PI) / 180));
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return { lat: round(Math.max(-89, Math.min(89, lat))), lon: round(((lon + 540) % 360) - 180) };
}

/** `count` distinct place names whose ids differ too, in random order. */
function drawPlaceNames(random: Random, count: number): string[] {
  const plain: string[] = [];
  for (const head of PLACE_HEADS) {
    for (const tail of PLACE_TAILS) {
      if (head.toLowerCase().endsWith(tail)) continue;
      plain.push(head + tail);
    }
  }
  shuffle(random, plain);
  const names: string[] = [];
  const ids = new Set<string>();
  const add = (name: string) => {
    const id = slugifyName(name);
    if (ids.has(id)) return;
    ids.add(id);
    names.push(name);
  };
  for (const name of plain) {
    if (names.length >= count) return names;
    add(name);
  }
  for (const qualifier of PLACE_QUALIFIERS) {
    for (const name of plain) {
      if (names.length >= count) return names;
      add(`${qualifier} ${name}`);
    }
  }
  for (let round = 2; names.length < count; round++) {
    for (const name of plain) {
      if (names.length >= count) break;
      add(`${name} ${round}`);
    }
  }
  return names;
}

function inVocabularyOrder(specializations: ReadonlySet<string>): string[] {
  const order = (s: string) => {
    const i = (SPECIALIZATIONS as readonly string[]).indexOf(s);
    return i === -1 ? SPECIALIZATIONS.length : i;
  };
  return [...specializations].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}
