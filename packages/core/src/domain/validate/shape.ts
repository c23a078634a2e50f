/**
 * Shape: the zod schema's issues in plain words, and the order of the fields in the input.
 *
 * Rule family: shape. Statement: a cohort has the fields, types and formats of the contract
 * and no others (readers reject fields they do not know, except `$schema`). Every issue
 * names the field as a spreadsheet user writes it, and an unknown field gets a "did you
 * mean" hint. `sortByInputOrder` puts every finding (shape or whole-cohort) in the order its
 * field appears in the input, so a reader can walk down the file.
 */
import * as z from "zod";
import { closestMatch } from "../did-you-mean.js";
import { formatPath, type IssueCode, type PathSegment } from "../issues.js";
import { cohortSchema } from "../schema.js";
import type { Finding } from "./context.js";
import { quoteShort } from "../../util/words.js";

type ZodIssue = z.core.$ZodIssue;
type ZodRawIssue = z.core.$ZodRawIssue;

/**
 * The message for a zod issue the schema does not word itself (zod prefers the schema's
 * own messages, such as "must not be negative", over this map).
 */
export function describeZodIssue(issue: ZodRawIssue): string | undefined {
  const atRoot = (issue.path ?? []).length === 0;
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return "is required";
      const expected = describeExpectedType(issue.expected);
      if (atRoot) {
        const hint = typeof issue.input === "string" ? "; if this is the file's text, read it as JSON first" : "";
        return `the cohort must be ${expected}, not ${describeValue(issue.input)}${hint}`;
      }
      return `must be ${expected}, not ${describeValue(issue.input)}`;
    }
    case "invalid_value": {
      const allowed = issue.values.map((v) => quoteShort(String(v)));
      const what = allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(", ")}`;
      return issue.input === undefined ? `is required and ${what}` : `${what}, not ${describeValue(issue.input)}`;
    }
    case "too_small":
      return describeBound(issue.origin, issue.minimum, issue.inclusive !== false, "small");
    case "too_big":
      return describeBound(issue.origin, issue.maximum, issue.inclusive !== false, "big");
    case "invalid_format":
      return "is not written in the expected format";
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    case "unrecognized_keys":
      return `has unknown fields ${issue.keys.map((k) => quoteShort(k)).join(", ")}`;
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
    case "custom":
      return "is not valid here";
    default:
      return undefined;
  }
}

function describeExpectedType(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "int":
      return "a whole number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list ([ ... ])";
    case "object":
      return "an object ({ ... })";
    case "null":
      return "null";
    default:
      return expected;
  }
}

function describeBound(origin: string, bound: number | bigint, inclusive: boolean, side: "small" | "big"): string {
  const n = Number(bound);
  switch (origin) {
    case "string":
      if (side === "small" && n === 1) return "must not be empty";
      return side === "small" ? `must be at least ${n} characters long` : `must be at most ${n} characters long`;
    case "array":
    case "set":
      if (side === "small" && n === 1) return "must list at least one entry";
      return side === "small" ? `must list at least ${n} entries` : `must list at most ${n} entries`;
    default:
      if (side === "small") return inclusive ? `must be at least ${n}` : `must be more than ${n}`;
      return inclusive ? `must be at most ${n}` : `must be less than ${n}`;
  }
}

/** Names a JSON value for a person: `the text "abc"`, `the number 5`, `a list`. */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return value === "" ? "empty text" : `the text ${quoteShort(value)}`;
    case "number":
      if (Number.isNaN(value)) return "NaN (not a number)";
      return Number.isFinite(value) ? `the number ${value}` : `${value} (not a finite number)`;
    case "bigint":
      return `the number ${value.toString()}`;
    case "boolean":
      return String(value);
    case "object":
      return "an object";
    case "undefined":
      return "nothing";
    default:
      return `a ${typeof value}`;
  }
}

export function mapZodIssues(zodIssues: readonly ZodIssue[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const pathsWithIssues = new Set<string>();
  const push = (finding: Finding): void => {
    const path = formatPath(finding.path);
    const key = `${finding.code}\u0000${path}\u0000${finding.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    pathsWithIssues.add(path);
    out.push(finding);
  };
  for (const issue of zodIssues) {
    const path = issue.path.map(toSegment);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        push({ code: "unrecognized_key", path: [...path, key], message: describeUnknownField(path, key) });
      }
      continue;
    }
    // A refinement (such as "is not a real calendar date") only adds noise when the
    // field already failed a plainer check, such as its format.
    if (issue.code === "custom" && pathsWithIssues.has(formatPath(path))) continue;
    push({ code: codeOfZodIssue(issue), path, message: issue.message });
  }
  return out;
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === "symbol" ? String(key) : key;
}

function codeOfZodIssue(issue: ZodIssue): IssueCode {
  switch (issue.code) {
    case "invalid_type":
      return "invalid_type";
    case "invalid_format":
      return "invalid_format";
    case "too_small":
      return "too_small";
    case "too_big":
      return "too_big";
    case "unrecognized_keys":
      return "unrecognized_key";
    default:
      // invalid_value (literals, enums), invalid_union, custom refinements, ...
      return "invalid_value";
  }
}

function describeUnknownField(objectPath: readonly PathSegment[], key: string): string {
  const known = fieldsOfSchemaAt(objectPath);
  // The same typo tends to repeat on every row of a list: word it once.
  const memoKey = `${known.join(",")}\u0000${key}`;
  let message = unknownFieldMessages.get(memoKey);
  if (message === undefined) {
    message = wordUnknownField(known, key);
    if (unknownFieldMessages.size < 10_000) unknownFieldMessages.set(memoKey, message);
  }
  return message;
}

const unknownFieldMessages = new Map<string, string>();

function wordUnknownField(known: readonly string[], key: string): string {
  const base = `unknown field ${quoteShort(key)}`;
  if (known.length === 0) return base;
  const guess = closestMatch(key, known);
  if (guess !== undefined) return `${base} (did you mean ${quoteShort(guess)}?)`;
  return `${base}; the fields allowed here are ${known.map((k) => quoteShort(k)).join(", ")}`;
}

// ---------------------------------------------------------------------------------------
// Walking the schema alongside a path (field names for suggestions and ordering)
// ---------------------------------------------------------------------------------------

function unwrapSchema(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let depth = 0; depth < 16; depth += 1) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap();
    } else {
      break;
    }
  }
  return current;
}

/** Child schemas by parent and field (`#` for any array position), filled on first use. */
const childSchemas = new WeakMap<z.core.$ZodType, Map<string, z.core.$ZodType | undefined>>();

function childSchema(schema: z.core.$ZodType | undefined, segment: PathSegment): z.core.$ZodType | undefined {
  if (schema === undefined) return undefined;
  let children = childSchemas.get(schema);
  if (children === undefined) childSchemas.set(schema, (children = new Map()));
  const key = typeof segment === "number" ? "#" : `.${segment}`;
  if (children.has(key)) return children.get(key);
  const child = findChildSchema(schema, segment);
  if (children.size < 1_000) children.set(key, child);
  return child;
}

function findChildSchema(schema: z.core.$ZodType, segment: PathSegment): z.core.$ZodType | undefined {
  const inner = unwrapSchema(schema);
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.core.$ZodType>;
    return typeof segment === "string" && Object.hasOwn(shape, segment) ? shape[segment] : undefined;
  }
  if (inner instanceof z.ZodArray) return typeof segment === "number" ? inner.element : undefined;
  return undefined;
}

function fieldsOfSchema(schema: z.core.$ZodType | undefined): readonly string[] {
  if (schema === undefined) return [];
  const inner = unwrapSchema(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

function fieldsOfSchemaAt(path: readonly PathSegment[]): readonly string[] {
  let schema: z.core.$ZodType | undefined = cohortSchema;
  for (const segment of path) schema = childSchema(schema, segment);
  return fieldsOfSchema(schema);
}

// ---------------------------------------------------------------------------------------
// Ordering: the order in which the fields appear in the input
// ---------------------------------------------------------------------------------------

/**
 * Sorts findings by where their path sits in the input: array positions, then each
 * object's keys in the order the input writes them; a missing field comes after the
 * fields present, in schema order. Ties keep the order the checks found them in.
 */
export function sortByInputOrder(input: unknown, findings: readonly Finding[]): Finding[] {
  const keyPositions = new WeakMap<object, Map<string, number>>();
  const positionsOfKeys = (node: object): Map<string, number> => {
    let positions = keyPositions.get(node);
    if (positions === undefined) {
      positions = new Map(Object.keys(node).map((k, i) => [k, i]));
      keyPositions.set(node, positions);
    }
    return positions;
  };
  const rankOf = (path: readonly PathSegment[]): number[] => {
    const rank: number[] = [];
    let node: unknown = input;
    let schema: z.core.$ZodType | undefined = cohortSchema;
    for (const segment of path) {
      if (typeof segment === "number") {
        rank.push(segment);
        node = Array.isArray(node) ? (node as unknown[])[segment] : undefined;
      } else if (typeof node === "object" && node !== null && !Array.isArray(node)) {
        const object = node as Record<string, unknown>;
        const positions = positionsOfKeys(object);
        const position = positions.get(segment);
        if (position !== undefined) {
          rank.push(position);
          node = object[segment];
        } else {
          const fields = fieldsOfSchema(schema);
          const inSchema = fields.indexOf(segment);
          rank.push(positions.size + (inSchema === -1 ? fields.length : inSchema));
          node = undefined;
        }
      } else {
        rank.push(0);
        node = undefined;
      }
      schema = childSchema(schema, segment);
    }
    return rank;
  };
  const ranked = findings.map((finding, order) => ({ finding, order, rank: rankOf(finding.path) }));
  ranked.sort((a, b) => compareRanks(a.rank, b.rank) || a.order - b.order);
  return ranked.map((r) => r.finding);
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

