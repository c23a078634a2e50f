/**
 * The fuzz bodies of the abuse suite, from fast-check with a fixed seed (so a failure names a
 * request that can be sent again): random JSON, the Romerike cohort and its plan mutated,
 * random bytes, deep nesting, long arrays and wrong content types, to every route, with odd
 * methods and paths among them.
 */
import fc from "fast-check";
import type { OutgoingHttpHeaders } from "node:http";

export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer | undefined;
  /** What kind of body it is, for the report (e.g. "mutated cohort"). */
  readonly kind: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const DELETE = Symbol("delete");
type Mutation = readonly [path: readonly (string | number)[], value: Json | typeof DELETE];

/** Every path into a JSON value (objects' keys and arrays' indexes), the root excluded. */
function pathsOf(value: unknown, prefix: readonly (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...prefix, i]);
      pathsOf(item, [...prefix, i], out);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push([...prefix, key]);
      pathsOf(item, [...prefix, key], out);
    }
  }
  return out;
}

/** A deep copy of `value` with the mutations applied (a path no longer there is skipped). */
function mutate(value: unknown, mutations: readonly Mutation[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  for (const [path, next] of mutations) {
    let parent: unknown = copy;
    for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | null)?.[step];
    const last = path.at(-1);
    if (typeof parent !== "object" || parent === null || last === undefined) continue;
    const target = parent as Record<string | number, unknown>;
    if (next !== DELETE) target[last] = next;
    else if (Array.isArray(target) && typeof last === "number") target.splice(last, 1);
    else delete target[last];
  }
  return copy;
}

const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
/** A replacement value: random JSON, a wrong type, an extreme, or a long array of empty objects. */
const replacement: fc.Arbitrary<Json | typeof DELETE> = fc.oneof(
  fc.constant(DELETE),
  jsonValue,
  fc.string({ maxLength: 40 }),
  fc.constantFrom<Json>(null, "", -1, 0, 1e308, -1e308, 2 ** 53, "2013-02-30", "\u0000", "=HYPERLINK(\"x\")", true),
  fc.integer({ min: 0, max: 20_000 }).map((n): Json => new Array<Json>(n).fill({})),
);

function mutated(value: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(value);
  return fc.array(fc.tuple(fc.constantFrom(...paths), replacement), { minLength: 1, maxLength: 5 }).map((m) => mutate(value, m));
}

const deep = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom("[", '{"a":'))
  .map(([depth, open]) => `${open.repeat(depth)}1${(open === "[" ? "]" : "}").repeat(depth)}`);

const CONTENT_TYPES = [
  "text/plain",
  "application/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/json; charset=latin1",
  "application/problem+json",
  "application/jsonx",
  "",
];
const CSV_FILES = ["programme.csv", "periods.csv", "members.csv", "people.csv", "trainees.csv", "rules.csv", "pins.csv", "forbids.csv", "x.csv"];
const ROUTES = ["/v1/solve", "/v1/jobs", "/v1/validate", "/v1/import", "/v1/export"];
export const GET_PATHS = ["/health", "/ready", "/openapi.json", "/v1/schema/cohort", "/v1/schema/plan", "/", "/reference", "/app/app.js", "/app/..%2f..%2fetc%2fpasswd"];

export interface FuzzInputs {
  /** The Romerike cohort and its plan, parsed. */
  readonly cohort: unknown;
  readonly plan: unknown;
}

/** `count` requests from `seed`, the same ones every time for the same inputs. */
export function fuzzRequests(count: number, seed: number, inputs: FuzzInputs): FuzzRequest[] {
  const text = (value: unknown): Buffer => Buffer.from(JSON.stringify(value) ?? "null");
  const body: fc.Arbitrary<{ kind: string; body: Buffer }> = fc.oneof(
    { weight: 3, arbitrary: jsonValue.map((v) => ({ kind: "random JSON", body: text(v) })) },
    { weight: 4, arbitrary: mutated(inputs.cohort).map((v) => ({ kind: "mutated cohort", body: text(v) })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.oneof(fc.constant(inputs.cohort), mutated(inputs.cohort)), mutated(inputs.plan))
        .map(([cohort, plan]) => ({ kind: "mutated export", body: text({ cohort, plan }) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.dictionary(fc.constantFrom(...CSV_FILES), fc.oneof(fc.string({ maxLength: 400 }), fc.constantFrom("Id,Name\nt1,=1+1\n", '"\n"""\n,,,,')), { maxKeys: 4 }),
          fc.boolean(),
        )
        .map(([files, extra]) => ({ kind: "CSV files", body: text(extra ? { files, extra: 1 } : { files }) })),
    },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ kind: "random bytes", body: Buffer.from(bytes) })) },
    { weight: 1, arbitrary: deep.map((t) => ({ kind: "deep nesting", body: Buffer.from(t) })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((t) => ({ kind: "random text", body: Buffer.from(t) })) },
  );
  const contentType = fc.oneof({ weight: 6, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) });
  const extraHeaders: fc.Arbitrary<OutgoingHttpHeaders> = fc.record(
    {
      "Content-Encoding": fc.constantFrom("gzip", "deflate", "br", "identity", "x"),
      "Accept-Language": fc.constantFrom("nb", "en", "*", "nn;q=0.1, en"),
      "X-Request-Id": fc.stringMatching(/^[\x21-\x7e]{0,200}$/),
      Accept: fc.constantFrom("*/*", "text/html", "application/problem+json"),
    },
    { requiredKeys: [] },
  );
  const post = fc
    .tuple(fc.constantFrom(...ROUTES), body, contentType, extraHeaders, fc.constantFrom("", "?format=csv", "?format=xlsx", "?format=ics", "?format=pdf", "?file=plan.csv&format=csv", "?timeLimitMs=1e9"))
    .map(([route, b, type, headers, query]): FuzzRequest => ({
      method: "POST",
      path: route === "/v1/export" ? `${route}${query}` : route,
      headers: { ...headers, ...(type === "" ? {} : { "Content-Type": type }) },
      body: b.body,
      kind: b.kind,
    }));
  const other = fc.oneof(
    fc.tuple(fc.constantFrom("GET", "HEAD", "DELETE"), fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9._~-]{1,300}$/))).map(
      ([method, id]): FuzzRequest => ({ method, path: `/v1/jobs/${id}`, headers: {}, body: undefined, kind: "job id" }),
    ),
    fc.constantFrom(...GET_PATHS).map((path): FuzzRequest => ({ method: "GET", path, headers: {}, body: undefined, kind: "GET" })),
    fc
      .tuple(fc.constantFrom("PUT", "PATCH", "DELETE", "OPTIONS", "GET"), fc.constantFrom(...ROUTES, ...GET_PATHS, "/v2/solve", "/v1/", "/%00"), body)
      .map(([method, path, b]): FuzzRequest => ({
        method,
        path,
        headers: method === "GET" ? {} : { "Content-Type": "application/json" },
        body: method === "GET" ? undefined : b.body,
        kind: `${method} elsewhere`,
      })),
  );
  const request = fc.oneof({ weight: 8, arbitrary: post }, { weight: 2, arbitrary: other });
  return fc.sample(request, { numRuns: count, seed });
}
