/**
 * JSON Schema (draft 2020-12) of the cohort and plan formats, generated from the zod schemas
 * in schema.ts so that the two can never drift apart. docs/schema/*.json holds the committed
 * copies (scripts/write-schemas.ts writes them; a test checks they are current).
 *
 * The JSON Schema checks shape, types and ranges, as the zod schemas do. It cannot express
 * two checks that rotamatch makes on strings: identifiers and specializations are trimmed
 * before their length is checked (so "  " is rejected by rotamatch, not by the JSON Schema,
 * and text that fits its length only once trimmed is the other way round), and dates must be
 * real calendar dates (so "2013-02-30" is rejected by rotamatch only). Rules that need the
 * whole cohort (references, duplicates, pins) are in validate.ts and not in any schema.
 */
import * as z from "zod";
import { cohortSchema, planSchema } from "./schema.js";

export const COHORT_SCHEMA_ID = "https://rotamatch.dev/schema/cohort-v1.json";
export const PLAN_SCHEMA_ID = "https://rotamatch.dev/schema/plan-v1.json";

/** A JSON Schema document, as plain JSON data. */
export type JsonSchema = { readonly [key: string]: unknown };

/** The JSON Schema of a cohort as it may be written: optional fields may be left out. */
export function cohortJsonSchema(): JsonSchema {
  return withIdentity(z.toJSONSchema(cohortSchema, { io: "input" }), {
    $id: COHORT_SCHEMA_ID,
    title: "rotamatch cohort, format v1 (rotamatch.cohort/v1)",
  });
}

/** The JSON Schema of a plan as rotamatch writes it: every field is present. */
export function planJsonSchema(): JsonSchema {
  return withIdentity(z.toJSONSchema(planSchema, { io: "output" }), {
    $id: PLAN_SCHEMA_ID,
    title: "rotamatch plan, format v1 (rotamatch.plan/v1)",
  });
}

/** Puts `$schema`, `$id`, `title` and `description` first, then the rest in zod's order. */
function withIdentity(generated: object, identity: { $id: string; title: string }): JsonSchema {
  const { $schema, description, ...rest } = generated as { $schema?: unknown; description?: unknown };
  return {
    $schema,
    $id: identity.$id,
    title: identity.title,
    ...(description === undefined ? {} : { description }),
    ...rest,
  };
}
