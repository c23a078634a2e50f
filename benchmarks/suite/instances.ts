/**
 * The suite's instances: the Romerike 2013 cohort and generated member networks of growing size,
 * with hosts given or chosen and one or two away periods. Each run writes every instance once
 * into a temporary file, so that every solver reads the same bytes.
 *
 * Generated cohorts use seed 1. With hosts chosen, the mentor must also be outside the away
 * member's organisation (`mentorOutside: "host-and-away"`), as in the measurements;
 * with hosts given, the contract's default (`host`) applies.
 *
 * The `unassigned` ladder has too few places on purpose: generated cohorts with hosts chosen,
 * `allowUnassigned: true`, and every away place and every person's capacity cut to 85 %
 * (rounded down), so that some roles must stay empty. Every solver then answers the same
 * lexicographic question: the most roles filled, then the least cost.
 *
 * The `history` ladder (issue 13): 1,000 × 300 and 5,000 × 1,000, hosts given and chosen, one
 * away period, each twice: as in the full ladder (no history, every fairness weight 0), and the
 * same cohort (the same seed, so the same bytes apart from two fields) with three earlier cohorts
 * as `history` and the fairness weights of HISTORY_WEIGHTS.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateCohort, type CohortInput, type GenerateOptions } from "../../packages/core/src/index.js";

export type Ladder = "smoke" | "quick" | "full" | "unassigned" | "history";
export const LADDERS: readonly Ladder[] = ["smoke", "quick", "full", "unassigned", "history"];

export interface InstanceSpec {
  /** Short, unique name: used in tables, in `--only` and in the results file. */
  readonly id: string;
  readonly hosts: "given" | "chosen";
  readonly awayPeriods: number;
  /** Where the cohort comes from: an example file, or the generator's options. */
  readonly source: { readonly file: URL } | { readonly generate: GenerateOptions };
  /** Too few places: `allowUnassigned`, and away and people capacities cut to this share. */
  readonly shortage?: number;
  /** With earlier cohorts as `history` (and fairness weights): how many, and the id of the same instance without them. */
  readonly history?: { readonly cohorts: number; readonly baseline: string };
}

/** An instance written to disk for a run, with its size. */
export interface Instance extends InstanceSpec {
  /** The file every solver of this run reads. */
  readonly path: string;
  readonly trainees: number;
  readonly members: number;
  readonly mentors: number;
  /** Trainees over every history entry (0 without history). */
  readonly historyTrainees: number;
}

const ROMERIKE_2013: InstanceSpec = {
  id: "romerike-2013",
  hosts: "given",
  awayPeriods: 1,
  source: { file: new URL("../../examples/romerike-2013.json", import.meta.url) },
};

/** Sizes of the generated networks: trainees, members and mentors per member. */
interface Size {
  readonly trainees: number;
  readonly members: number;
  readonly mentorsPerMember: number;
}
const TINY: Size = { trainees: 10, members: 8, mentorsPerMember: 2 };
const SMALL: Size = { trainees: 50, members: 30, mentorsPerMember: 2 };
const MEDIUM: Size = { trainees: 200, members: 100, mentorsPerMember: 4 };
const LARGE: Size = { trainees: 1000, members: 300, mentorsPerMember: 7 };
const NATIONAL: Size = { trainees: 5000, members: 1000, mentorsPerMember: 10 };
const UNASSIGNED_SIZES: readonly Size[] = [
  { trainees: 15, members: 8, mentorsPerMember: 2 },
  { trainees: 30, members: 15, mentorsPerMember: 2 },
  SMALL,
];

/** The share of away places and people's capacities the `unassigned` ladder keeps. */
const SHORTAGE = 0.85;

/** A generated instance of one size and kind. */
function generated(size: Size, hosts: "given" | "chosen", awayPeriods: number): InstanceSpec {
  return {
    id: `${size.trainees}x${size.members} ${hosts} ${awayPeriods} away`,
    hosts,
    awayPeriods,
    source: {
      generate: {
        ...size,
        hosts,
        awayPeriods,
        mentorOutside: hosts === "chosen" ? "host-and-away" : "host",
        seed: 1,
      },
    },
  };
}

const KINDS = [
  ["given", 1],
  ["chosen", 1],
  ["given", 2],
  ["chosen", 2],
] as const;

/** Earlier cohorts of the `history` ladder's instances. */
export const HISTORY_COHORTS = 3;
/**
 * The fairness weights of the `history` ladder's instances: a unit of imbalance (an away
 * placement received but not matched by one sent, or the other way round) costs about as much as
 * 10 km of travel; an exchange or a mentor-host pair already made in an earlier cohort costs 2 per
 * earlier cohort, a fifth of a step down the away preferences.
 */
export const HISTORY_WEIGHTS = { reciprocity: 1, repeatExchange: 2, repeatMentorHost: 2 } as const;

/** The same generated instance with HISTORY_COHORTS earlier cohorts and HISTORY_WEIGHTS. */
function withHistory(spec: InstanceSpec): InstanceSpec {
  if (!("generate" in spec.source)) throw new Error(`${spec.id}: only generated instances get a history`);
  return {
    ...spec,
    id: `${spec.id} history`,
    history: { cohorts: HISTORY_COHORTS, baseline: spec.id },
    source: { generate: { ...spec.source.generate, history: HISTORY_COHORTS, weights: { ...HISTORY_WEIGHTS } } },
  };
}

/** A generated instance with hosts chosen and too few places (see the module's comment). */
function short(size: Size, awayPeriods: number): InstanceSpec {
  const spec = generated(size, "chosen", awayPeriods);
  return { ...spec, id: `${spec.id} short`, shortage: SHORTAGE };
}

/** The instances of each ladder, smallest first within each kind. */
export function ladder(name: Ladder): InstanceSpec[] {
  switch (name) {
    case "smoke":
      return [ROMERIKE_2013, generated(TINY, "chosen", 1), short(TINY, 1)];
    case "quick":
      return [ROMERIKE_2013, ...KINDS.map(([hosts, away]) => generated(SMALL, hosts, away)), generated(MEDIUM, "given", 1), generated(MEDIUM, "chosen", 1)];
    case "full":
      return [ROMERIKE_2013, ...[SMALL, MEDIUM, LARGE, NATIONAL].flatMap((size) => KINDS.map(([hosts, away]) => generated(size, hosts, away)))];
    case "unassigned":
      return [...[1, 2].flatMap((away) => UNASSIGNED_SIZES.map((size) => short(size, away))), short(LARGE, 1)];
    case "history":
      return [LARGE, NATIONAL].flatMap((size) =>
        (["given", "chosen"] as const).flatMap((hosts) => {
          const plain = generated(size, hosts, 1);
          return [plain, withHistory(plain)];
        }),
      );
  }
}

/** The kind of an instance (hosts and away periods): a solver that found no plan for one size is skipped on larger ones. */
export const kindOf = (i: Pick<InstanceSpec, "hosts" | "awayPeriods" | "shortage" | "history">): string =>
  `${i.hosts}/${i.awayPeriods}${i.shortage === undefined ? "" : "/short"}${i.history === undefined ? "" : "/history"}`;

/** Writes the instance's cohort as JSON into `dir` and measures it. */
export function materialize(spec: InstanceSpec, dir: string): Instance {
  const text =
    "file" in spec.source
      ? readFileSync(spec.source.file, "utf8")
      : JSON.stringify(spec.shortage === undefined ? generateCohort(spec.source.generate) : withShortage(generateCohort(spec.source.generate), spec.shortage));
  const path = join(dir, `${spec.id.replace(/[^a-z0-9]+/gi, "-")}.json`);
  writeFileSync(path, text);
  const cohort = JSON.parse(text) as {
    trainees: unknown[];
    members: unknown[];
    people: { role: string }[];
    history?: { assignments: unknown[] }[];
  };
  return {
    ...spec,
    path,
    trainees: cohort.trainees.length,
    members: cohort.members.length,
    mentors: cohort.people.filter((p) => p.role === "mentor").length,
    historyTrainees: (cohort.history ?? []).reduce((sum, entry) => sum + entry.assignments.length, 0),
  };
}

/** The cohort with `allowUnassigned` and its away places and people's capacities cut to `share`. */
export function withShortage(cohort: CohortInput, share: number): CohortInput {
  const cut = (n: number) => Math.floor(n * share);
  return {
    ...cohort,
    rules: { ...cohort.rules, allowUnassigned: true },
    members: cohort.members.map((m) => ({ ...m, awayCapacity: cut(m.awayCapacity) })),
    people: (cohort.people ?? []).map((p) => ({ ...p, capacity: cut(p.capacity ?? 1) })),
  };
}
