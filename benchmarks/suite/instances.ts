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
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateCohort, type CohortInput, type GenerateOptions } from "../../packages/core/src/index.js";

export type Ladder = "smoke" | "quick" | "full" | "unassigned";
export const LADDERS: readonly Ladder[] = ["smoke", "quick", "full", "unassigned"];

export interface InstanceSpec {
  /** Short, unique name: used in tables, in `--only` and in the results file. */
  readonly id: string;
  readonly hosts: "given" | "chosen";
  readonly awayPeriods: number;
  /** Where the cohort comes from: an example file, or the generator's options. */
  readonly source: { readonly file: URL } | { readonly generate: GenerateOptions };
  /** Too few places: `allowUnassigned`, and away and people capacities cut to this share. */
  readonly shortage?: number;
}

/** An instance written to disk for a run, with its size. */
export interface Instance extends InstanceSpec {
  /** The file every solver of this run reads. */
  readonly path: string;
  readonly trainees: number;
  readonly members: number;
  readonly mentors: number;
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
  }
}

/** The kind of an instance (hosts and away periods): a solver that found no plan for one size is skipped on larger ones. */
export const kindOf = (i: Pick<InstanceSpec, "hosts" | "awayPeriods" | "shortage">): string =>
  `${i.hosts}/${i.awayPeriods}${i.shortage === undefined ? "" : "/short"}`;

/** Writes the instance's cohort as JSON into `dir` and measures it. */
export function materialize(spec: InstanceSpec, dir: string): Instance {
  const text =
    "file" in spec.source
      ? readFileSync(spec.source.file, "utf8")
      : JSON.stringify(spec.shortage === undefined ? generateCohort(spec.source.generate) : withShortage(generateCohort(spec.source.generate), spec.shortage));
  const path = join(dir, `${spec.id.replace(/[^a-z0-9]+/gi, "-")}.json`);
  writeFileSync(path, text);
  const cohort = JSON.parse(text) as { trainees: unknown[]; members: unknown[]; people: { role: string }[] };
  return {
    ...spec,
    path,
    trainees: cohort.trainees.length,
    members: cohort.members.length,
    mentors: cohort.people.filter((p) => p.role === "mentor").length,
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
