/**
 * The default weights of the objective (the contract's), in a module of their own with no zod,
 * so that a browser bundle can show them (the page's note on what points are) without carrying
 * the schemas (see format-plain.ts). schema.ts applies them as the schema's defaults.
 */
export const DEFAULT_WEIGHTS = {
  awayRank: 10,
  hostRank: 10,
  travelPerKm: 0.1,
  mentorSpecialization: 5,
  supervisorSpecialization: 5,
  specializationMiss: 50,
  // The fairness terms (the contract's "Fairness terms"): 0, so that a cohort keeps its optimum.
  repeatExchange: 0,
  repeatMentorHost: 0,
  reciprocity: 0,
} as const;
