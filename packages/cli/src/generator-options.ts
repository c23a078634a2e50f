/**
 * The flags that describe a generated cohort, shared by `rotamatch generate` and
 * `rotamatch sweep`: read from parseArgs values into the core's GenerateOptions. The flags are
 * checked for their form here (a whole number, a known word); the ranges are the generator's,
 * whose messages are shown with the flag's name.
 */
import { generateCohort, type GenerateOptions } from "@rotamatch/core";
import { parseDecimal, parseWhole } from "./parse-values.js";

/** parseArgs options of the generator's flags (`--seed` is each command's own). */
export const GENERATOR_FLAGS = {
  trainees: { type: "string" },
  members: { type: "string" },
  "mentors-per-member": { type: "string" },
  "supervisors-per-member": { type: "string" },
  "away-periods": { type: "string" },
  hosts: { type: "string" },
  tightness: { type: "string" },
  "mentor-outside": { type: "string" },
  "specialization-fit": { type: "string" },
  "history-cohorts": { type: "string" },
} as const;

type GeneratorFlag = keyof typeof GENERATOR_FLAGS;
export type GeneratorValues = { readonly [flag in GeneratorFlag]?: string | undefined };

/** Most trainees the generator makes (the contract's largest count). */
const MAX_GENERATED_TRAINEES = 100_000;

/** The flag of each GenerateOptions field, for the generator's messages. */
const FLAG_OF_OPTION: Record<keyof GenerateOptions, string> = {
  trainees: "--trainees",
  members: "--members",
  mentorsPerMember: "--mentors-per-member",
  supervisorsPerMember: "--supervisors-per-member",
  awayPeriods: "--away-periods",
  hosts: "--hosts",
  tightness: "--tightness",
  seed: "--seed",
  mentorOutside: "--mentor-outside",
  specializationFit: "--specialization-fit",
  history: "--history-cohorts",
  // No flag: a generated cohort keeps the default weights (the benchmarks set them in code).
  weights: "weights",
};

export type GeneratorOptionsOutcome =
  | { readonly ok: true; readonly options: GenerateOptions }
  | { readonly ok: false; readonly message: string };

/** The `--seed` flag: undefined when absent (the generator's default), null when not a whole number. */
export function readSeed(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  return parseWhole(text, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? null;
}

/** Whether any generator flag was given (sweep: generated cohorts rather than a file). */
export function hasGeneratorFlags(values: GeneratorValues): boolean {
  return Object.keys(GENERATOR_FLAGS).some((flag) => values[flag as GeneratorFlag] !== undefined);
}

/** Reads the generator's flags; `--trainees` and `--members` are required. No seed: the generator's default. */
export function readGeneratorOptions(values: GeneratorValues, seed: number | undefined): GeneratorOptionsOutcome {
  if (values.trainees === undefined || values.members === undefined) {
    return { ok: false, message: "--trainees N and --members M are both needed to generate a cohort" };
  }
  const trainees = parseWhole(values.trainees, 0, MAX_GENERATED_TRAINEES);
  if (trainees === undefined) {
    const given = JSON.stringify(values.trainees);
    return { ok: false, message: `--trainees must be a whole number from 0 to ${MAX_GENERATED_TRAINEES}, not ${given}` };
  }
  const wholes: Partial<Record<GeneratorFlag, number>> = {};
  for (const flag of ["members", "mentors-per-member", "supervisors-per-member", "away-periods", "history-cohorts"] as const) {
    const text = values[flag];
    if (text === undefined) continue;
    const value = parseWhole(text, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    if (value === undefined) return { ok: false, message: `--${flag} must be a whole number, not ${JSON.stringify(text)}` };
    wholes[flag] = value;
  }
  let tightness: number | undefined;
  if (values.tightness !== undefined) {
    tightness = parseDecimal(values.tightness);
    if (tightness === undefined) {
      const given = JSON.stringify(values.tightness);
      return { ok: false, message: `--tightness must be a number above 0 and at most 1, not ${given}` };
    }
  }
  return {
    ok: true,
    options: {
      trainees,
      members: wholes.members as number,
      mentorsPerMember: wholes["mentors-per-member"],
      supervisorsPerMember: wholes["supervisors-per-member"],
      awayPeriods: wholes["away-periods"],
      // The words are checked by the generator, which names the allowed ones.
      hosts: values.hosts as GenerateOptions["hosts"],
      tightness,
      seed,
      mentorOutside: values["mentor-outside"] as GenerateOptions["mentorOutside"],
      specializationFit: values["specialization-fit"] as GenerateOptions["specializationFit"],
      history: wholes["history-cohorts"],
    },
  };
}

/**
 * Checks the options as the generator does, without generating the trainees (a cohort
 * without trainees is quick to make). Returns the generator's message with flag names, or
 * undefined when the options are accepted.
 */
export function checkGeneratorOptions(options: GenerateOptions): string | undefined {
  try {
    generateCohort({ ...options, trainees: 0 });
    return undefined;
  } catch (error) {
    return describeGeneratorError(error);
  }
}

/** The generator's RangeError with the flag in place of the option's name; rethrows anything else. */
export function describeGeneratorError(error: unknown): string {
  if (!(error instanceof RangeError)) throw error;
  return error.message.replace(/^(\w+)(?= must)/, (name) => FLAG_OF_OPTION[name as keyof GenerateOptions] ?? name);
}
