/**
 * Perturbations of a cohort for scenario sweeps: capacities scaled, mentors or supervisors
 * removed. Pure functions: the input cohort is never changed, and the same cohort, settings
 * and seed always give the same perturbed cohort.
 *
 * A perturbed cohort is still a valid cohort, with one exception that is a real answer rather
 * than a broken file: lowered capacities can fall below what the given hosts or the pins
 * already need, which the validator reports (host_over_capacity, pins_over_capacity). The
 * sweep counts such a run as infeasible.
 */
import type { Cohort, Person } from "@rotamatch/core";
import { sampleWithoutReplacement, seededRandom, type Random } from "./random.js";

/** The largest capacity the format accepts (a "count" in docs/format.md). */
const MAX_CAPACITY = 100_000;

/** What to change in each run; every part is optional. */
export interface Perturbation {
  /** Every capacity is multiplied by one factor per run, drawn uniformly from [min, max]. */
  readonly capacityScale?: { readonly min: number; readonly max: number } | undefined;
  /** Mentors removed per run, chosen at random (all of them when there are fewer). */
  readonly removeMentors?: number | undefined;
  /** Supervisors removed per run, chosen at random (all of them when there are fewer). */
  readonly removeSupervisors?: number | undefined;
}

/** What a run's perturbation did. */
export interface AppliedPerturbation {
  /** The capacity factor drawn (rounded to 3 decimals), or null when capacities were kept. */
  readonly capacityFactor: number | null;
  readonly removedMentors: readonly string[];
  readonly removedSupervisors: readonly string[];
}

export interface PerturbedCohort {
  readonly cohort: Cohort;
  readonly applied: AppliedPerturbation;
}

/** Whether the perturbation changes anything at all. */
export function isNoPerturbation(perturbation: Perturbation): boolean {
  return (
    perturbation.capacityScale === undefined &&
    (perturbation.removeMentors ?? 0) === 0 &&
    (perturbation.removeSupervisors ?? 0) === 0
  );
}

/**
 * Applies the perturbation with the run's seed: first the capacity factor is drawn, then the
 * mentors, then the supervisors to remove, always in that order.
 */
export function perturbCohort(cohort: Cohort, perturbation: Perturbation, seed: number): PerturbedCohort {
  const random = seededRandom(seed);
  const scale = perturbation.capacityScale;
  const capacityFactor = scale === undefined ? null : drawFactor(random, scale.min, scale.max);
  const removedMentors = choosePeople(cohort, "mentor", perturbation.removeMentors ?? 0, random);
  const removedSupervisors = choosePeople(cohort, "supervisor", perturbation.removeSupervisors ?? 0, random);

  let perturbed = cohort;
  if (capacityFactor !== null) perturbed = scaleCapacities(perturbed, capacityFactor);
  if (removedMentors.length + removedSupervisors.length > 0) {
    perturbed = removePeople(perturbed, new Set([...removedMentors, ...removedSupervisors]));
  }
  return { cohort: perturbed, applied: { capacityFactor, removedMentors, removedSupervisors } };
}

/** A factor drawn uniformly from [min, max], rounded to 3 decimals so that it reads well in reports. */
export function drawFactor(random: Random, min: number, max: number): number {
  return Math.round((min + random() * (max - min)) * 1000) / 1000;
}

/**
 * Every member's hostCapacity and awayCapacity and every person's capacity multiplied by
 * `factor` and rounded to the nearest whole number (halves up), never below 0 nor above the
 * format's largest count.
 */
export function scaleCapacities(cohort: Cohort, factor: number): Cohort {
  const scale = (capacity: number): number => Math.min(MAX_CAPACITY, Math.max(0, Math.round(capacity * factor)));
  return {
    ...cohort,
    members: cohort.members.map((m) => ({ ...m, hostCapacity: scale(m.hostCapacity), awayCapacity: scale(m.awayCapacity) })),
    people: cohort.people.map((p) => ({ ...p, capacity: scale(p.capacity) })),
  };
}

/** The ids of `count` people with `role`, chosen at random (all of them when there are fewer). */
export function choosePeople(cohort: Cohort, role: Person["role"], count: number, random: Random): string[] {
  if (count <= 0) return [];
  const ids = cohort.people.filter((p) => p.role === role).map((p) => p.id);
  return sampleWithoutReplacement(random, ids, count);
}

/** The cohort without the people in `ids`, and without the pins and forbids that name them. */
export function removePeople(cohort: Cohort, ids: ReadonlySet<string>): Cohort {
  const names = (entry: { mentor?: string | undefined; supervisor?: string | undefined }): boolean =>
    (entry.mentor !== undefined && ids.has(entry.mentor)) || (entry.supervisor !== undefined && ids.has(entry.supervisor));
  return {
    ...cohort,
    people: cohort.people.filter((p) => !ids.has(p.id)),
    pins: cohort.pins.filter((pin) => !names(pin)),
    forbid: cohort.forbid.filter((forbid) => !names(forbid)),
  };
}
