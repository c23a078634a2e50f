import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ISSUE_CODES } from "../src/domain/issues.js";
import { cohortSchema, type Cohort } from "../src/domain/schema.js";
import { parseCohort, type ParseResult } from "../src/domain/validate.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonContainer = Json[] | { [key: string]: Json };
type Segment = string | number;

const FIXTURE = JSON.parse(
  readFileSync(new URL("./fixtures/small-cohort.json", import.meta.url), "utf8"),
) as Json;

const MEMBER_IDS = ["skedsmo", "lorenskog", "sorum", "sorum-kf", "nrv-nra", "roaf"];
const PERIOD_IDS = ["part-1", "part-2", "part-3"];
const TRAINEE_IDS = ["t1", "t2", "t3", "t4"];
const MENTOR_IDS = ["mentor-nrv", "mentor-sorum", "mentor-roaf"];
const SUPERVISOR_IDS = ["supervisor-skedsmo", "supervisor-lorenskog", "supervisor-sorum-kf", "supervisor-roaf"];
/** Every id the fixture uses, so that mutations often hit a real but wrong reference. */
const FIXTURE_IDS = [...MEMBER_IDS, ...PERIOD_IDS, ...TRAINEE_IDS, ...MENTOR_IDS, ...SUPERVISOR_IDS];
/** Fields whose value names something else in the cohort. */
const REFERENCE_FIELDS = new Set(["host", "member", "trainee", "period", "mentor", "supervisor", "organisation"]);
const PREFERENCE_LISTS = new Set(["hostPreferences", "awayPreferences"]);

const SEMANTIC_CODES = new Set<string>([
  "duplicate_id",
  "unknown_reference",
  "wrong_role",
  "duplicate_preference",
  "no_away_period",
  "invalid_pin",
  "invalid_forbid",
  "conflicting_pins",
  "pin_forbidden",
  "pin_breaks_rule",
  "pins_over_capacity",
  "host_over_capacity",
  "forbidden_host",
]);

// ---------------------------------------------------------------------------------------
// Mutations of a valid cohort
// ---------------------------------------------------------------------------------------

type Mutation =
  | { readonly kind: "delete"; readonly pick: number }
  | { readonly kind: "set"; readonly pick: number; readonly value: Json }
  | { readonly kind: "duplicate"; readonly pick: number; readonly at: number }
  | { readonly kind: "reference"; readonly pick: number; readonly value: string }
  | { readonly kind: "number"; readonly pick: number; readonly value: number }
  | { readonly kind: "addKey"; readonly pick: number; readonly key: string; readonly value: Json }
  | { readonly kind: "host"; readonly pick: number; readonly member: string }
  | { readonly kind: "pin" | "forbid"; readonly entry: Json };

const oddNumber = fc.oneof(
  fc.constantFrom(-1, 0, 0.5, 2.5, -0.0001, 100_001, 1e9, 1e15, Number.MAX_SAFE_INTEGER, Number.NaN, Infinity),
  fc.double(),
  fc.integer({ min: -3, max: 5 }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("set" as const), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> }),
  fc.record({ kind: fc.constant("duplicate" as const), pick: fc.nat(), at: fc.nat() }),
  fc.record({
    kind: fc.constant("reference" as const),
    pick: fc.nat(),
    value: fc.oneof(fc.constantFrom(...FIXTURE_IDS), fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant("number" as const), pick: fc.nat(), value: oddNumber }),
  fc.record({
    kind: fc.constant("addKey" as const),
    pick: fc.nat(),
    key: fc.oneof(fc.constantFrom("hostCapacty", "id", "member", "period", "mentor", "host", "__proto__"), fc.string()),
    value: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>,
  }),
  fc.record({ kind: fc.constant("host" as const), pick: fc.nat(), member: fc.constantFrom(...MEMBER_IDS) }),
  fc.record({
    kind: fc.constantFrom("pin" as const, "forbid" as const),
    entry: fc.oneof(
      fc.record({
        trainee: fc.constantFrom(...TRAINEE_IDS),
        period: fc.constantFrom(...PERIOD_IDS),
        member: fc.constantFrom(...MEMBER_IDS),
      }),
      fc.record({ trainee: fc.constantFrom(...TRAINEE_IDS), member: fc.constantFrom(...MEMBER_IDS) }),
      fc.record({ trainee: fc.constantFrom(...TRAINEE_IDS), mentor: fc.constantFrom(...MENTOR_IDS, ...SUPERVISOR_IDS) }),
      fc.record({ trainee: fc.constantFrom(...TRAINEE_IDS), supervisor: fc.constantFrom(...SUPERVISOR_IDS, ...MENTOR_IDS) }),
    ) as fc.Arbitrary<Json>,
  }),
);

/** Paths to every node below the root, with the node. */
function nodes(root: Json): { path: Segment[]; value: Json }[] {
  const out: { path: Segment[]; value: Json }[] = [];
  const walk = (value: Json, path: Segment[]): void => {
    if (Array.isArray(value)) {
      value.forEach((child, i) => {
        out.push({ path: [...path, i], value: child });
        walk(child, [...path, i]);
      });
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        out.push({ path: [...path, key], value: child });
        walk(child, [...path, key]);
      }
    }
  };
  walk(root, []);
  return out;
}

function containerAt(root: Json, path: readonly Segment[]): JsonContainer | undefined {
  let node: Json | undefined = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === "number") node = node[segment];
    else if (typeof node === "object" && node !== null && !Array.isArray(node) && typeof segment === "string")
      node = node[segment];
    else return undefined;
  }
  return typeof node === "object" && node !== null ? node : undefined;
}

function assign(root: Json, path: readonly Segment[], value: Json | undefined): void {
  const parent = containerAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent === undefined || last === undefined) return;
  if (Array.isArray(parent) && typeof last === "number") {
    if (value === undefined) parent.splice(last, 1);
    else parent[last] = value;
  } else if (!Array.isArray(parent) && typeof last === "string") {
    if (value === undefined) delete parent[last];
    else Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  }
}

function pickFrom<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

function applyMutation(root: Json, m: Mutation): void {
  const all = nodes(root);
  switch (m.kind) {
    case "delete":
      assign(root, pickFrom(all, m.pick)?.path ?? [], undefined);
      return;
    case "set":
      assign(root, pickFrom(all, m.pick)?.path ?? [], m.value);
      return;
    case "duplicate": {
      const target = pickFrom(
        all.filter((n) => Array.isArray(n.value) && n.value.length > 0),
        m.pick,
      );
      if (target === undefined || !Array.isArray(target.value)) return;
      const element = target.value[m.at % target.value.length];
      if (element !== undefined) target.value.push(structuredClone(element));
      return;
    }
    case "reference": {
      const target = pickFrom(
        all.filter((n) => {
          if (typeof n.value !== "string") return false;
          const key = n.path[n.path.length - 1];
          const parent = n.path[n.path.length - 2];
          return (typeof key === "string" && REFERENCE_FIELDS.has(key)) || (typeof parent === "string" && PREFERENCE_LISTS.has(parent));
        }),
        m.pick,
      );
      if (target !== undefined) assign(root, target.path, m.value);
      return;
    }
    case "number": {
      const target = pickFrom(
        all.filter((n) => typeof n.value === "number"),
        m.pick,
      );
      if (target !== undefined) assign(root, target.path, m.value);
      return;
    }
    case "addKey": {
      const objects = [{ path: [] as Segment[], value: root }, ...all].filter(
        (n) => typeof n.value === "object" && n.value !== null && !Array.isArray(n.value),
      );
      const target = pickFrom(objects, m.pick);
      if (target !== undefined) assign(root, [...target.path, m.key], m.value);
      return;
    }
    case "host": {
      const trainees = containerAt(root, ["trainees"]);
      if (!Array.isArray(trainees) || trainees.length === 0) return;
      const trainee = trainees[m.pick % trainees.length];
      if (typeof trainee === "object" && trainee !== null && !Array.isArray(trainee)) trainee.host = m.member;
      return;
    }
    case "pin":
    case "forbid": {
      const list = containerAt(root, [m.kind === "pin" ? "pins" : "forbid"]);
      if (Array.isArray(list)) list.push(structuredClone(m.entry));
    }
  }
}

const mutatedCohort: fc.Arbitrary<Json> = fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => {
  const root = structuredClone(FIXTURE);
  for (const m of mutations) applyMutation(root, m);
  return root;
});

// ---------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------

/** JSON input is always read; the catch-all of parseCohort is only for values JSON cannot hold. */
function expectRead(result: ParseResult): void {
  for (const issue of result.issues) expect(issue.message).not.toMatch(/could not be read/);
}

function expectWellFormed(result: ParseResult): void {
  if (result.ok) {
    expect(result.issues).toEqual([]);
    expect(result.index.cohort).toBe(result.cohort);
    return;
  }
  expect(result.cohort).toBeNull();
  expect(result.index).toBeNull();
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(ISSUE_CODES).toContain(issue.code);
    expect(typeof issue.path).toBe("string");
    expect(typeof issue.message).toBe("string");
    expect(issue.message.length).toBeGreaterThan(0);
  }
}

/**
 * An independent re-check of the simple whole-cohort rules on an accepted cohort: ids
 * unique, references resolve to the right kind, pins and forbids well formed, an away
 * period exists, given hosts fit.
 */
function expectConsistent(cohort: Cohort): void {
  const unique = (ids: string[]): void => expect(new Set(ids).size).toBe(ids.length);
  unique(cohort.members.map((m) => m.id));
  unique(cohort.people.map((p) => p.id));
  unique(cohort.trainees.map((t) => t.id));
  unique(cohort.programme.periods.map((p) => p.id));
  const members = new Map(cohort.members.map((m) => [m.id, m]));
  const people = new Map(cohort.people.map((p) => [p.id, p]));
  const trainees = new Set(cohort.trainees.map((t) => t.id));
  const periods = new Set(cohort.programme.periods.map((p) => p.id));
  expect(cohort.programme.periods.some((p) => p.at === "away")).toBe(true);
  for (const person of cohort.people) expect(members.has(person.member)).toBe(true);
  for (const trainee of cohort.trainees) {
    if (trainee.host !== undefined) expect(members.has(trainee.host)).toBe(true);
    for (const id of [...trainee.hostPreferences, ...trainee.awayPreferences]) expect(members.has(id)).toBe(true);
    unique(trainee.hostPreferences);
    unique(trainee.awayPreferences);
  }
  for (const member of cohort.members) {
    const given = cohort.trainees.filter((t) => t.host === member.id).length;
    expect(given).toBeLessThanOrEqual(member.hostCapacity);
  }
  for (const pin of cohort.pins) {
    expect(trainees.has(pin.trainee)).toBe(true);
    const forms = [pin.period !== undefined && pin.member !== undefined, pin.mentor !== undefined, pin.supervisor !== undefined];
    expect(forms.filter(Boolean).length).toBe(1);
    expect(pin.period === undefined).toBe(pin.member === undefined);
    if (pin.period !== undefined) expect(periods.has(pin.period)).toBe(true);
    if (pin.member !== undefined) expect(members.has(pin.member)).toBe(true);
    if (pin.mentor !== undefined) expect(people.get(pin.mentor)?.role).toBe("mentor");
    if (pin.supervisor !== undefined) expect(people.get(pin.supervisor)?.role).toBe("supervisor");
  }
  // pins agree with one another, with the forbids and with the capacities
  const organisationOf = (id: string): string => members.get(id)?.organisation ?? id;
  const traineeById = new Map(cohort.trainees.map((t) => [t.id, t]));
  const placed = new Map<string, string>();
  const personOf = new Map<string, string>();
  const awayLoad = new Map<string, Set<string>>();
  const personLoad = new Map<string, Set<string>>();
  for (const pin of cohort.pins) {
    const trainee = traineeById.get(pin.trainee);
    if (pin.period !== undefined && pin.member !== undefined) {
      const key = `${pin.trainee} ${pin.period}`;
      expect(placed.get(key) ?? pin.member).toBe(pin.member);
      placed.set(key, pin.member);
      const period = cohort.programme.periods.find((p) => p.id === pin.period);
      if (trainee?.host !== undefined && period?.at === "host") expect(pin.member).toBe(trainee.host);
      if (trainee?.host !== undefined && period?.at === "away") {
        expect(organisationOf(pin.member)).not.toBe(organisationOf(trainee.host));
      }
      if (period?.at === "away") {
        const load = awayLoad.get(`${pin.member} ${pin.period}`) ?? new Set<string>();
        awayLoad.set(`${pin.member} ${pin.period}`, load.add(pin.trainee));
        expect(load.size).toBeLessThanOrEqual(members.get(pin.member)?.awayCapacity ?? 0);
      }
    }
    for (const role of ["mentor", "supervisor"] as const) {
      const personId = pin[role];
      if (personId === undefined) continue;
      const key = `${pin.trainee} ${role}`;
      expect(personOf.get(key) ?? personId).toBe(personId);
      personOf.set(key, personId);
      const load = personLoad.get(personId) ?? new Set<string>();
      personLoad.set(personId, load.add(pin.trainee));
      expect(load.size).toBeLessThanOrEqual(people.get(personId)?.capacity ?? 0);
      if (role === "supervisor" && trainee?.host !== undefined) expect(people.get(personId)?.member).toBe(trainee.host);
    }
    for (const forbid of cohort.forbid) {
      if (forbid.trainee !== pin.trainee) continue;
      if (forbid.member !== undefined) expect(forbid.member).not.toBe(pin.member);
      if (forbid.mentor !== undefined) expect(forbid.mentor).not.toBe(pin.mentor);
      if (forbid.supervisor !== undefined) expect(forbid.supervisor).not.toBe(pin.supervisor);
    }
  }
  for (const forbid of cohort.forbid) {
    expect(trainees.has(forbid.trainee)).toBe(true);
    if (forbid.member !== undefined) expect(traineeById.get(forbid.trainee)?.host).not.toBe(forbid.member);
    const targets = [forbid.member, forbid.mentor, forbid.supervisor].filter((v) => v !== undefined);
    expect(targets.length).toBe(1);
    if (forbid.member !== undefined) expect(members.has(forbid.member)).toBe(true);
    if (forbid.mentor !== undefined) expect(people.get(forbid.mentor)?.role).toBe("mentor");
    if (forbid.supervisor !== undefined) expect(people.get(forbid.supervisor)?.role).toBe("supervisor");
  }
}

describe("parseCohort on arbitrary input", () => {
  it("never throws on any value and reports well-formed issues", () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    fc.assert(
      fc.property(anything, (input) => {
        expectWellFormed(parseCohort(input));
      }),
      { numRuns: 200 },
    );
  });

  it("never throws on any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const result = parseCohort(input);
        expectWellFormed(result);
        expectRead(result);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe("parseCohort on mutated valid cohorts", () => {
  it("either accepts a cohort the schema accepts and the rules hold for, or reports issues", () => {
    const codesSeen = new Set<string>();
    let accepted = 0;
    fc.assert(
      fc.property(mutatedCohort, (input) => {
        const before = structuredClone(input);
        const result = parseCohort(input);
        expectWellFormed(result);
        expectRead(result);
        expect(input).toEqual(before); // the input is not changed
        if (result.ok) {
          accepted += 1;
          expect(cohortSchema.safeParse(input).success).toBe(true);
          expectConsistent(result.cohort);
        } else {
          for (const issue of result.issues) codesSeen.add(issue.code);
        }
        // deterministic
        expect(parseCohort(structuredClone(input)).issues).toEqual(result.issues);
      }),
      { numRuns: 200 },
    );
    // the mutations reach both the shape checks and the whole-cohort rules
    expect([...codesSeen].some((code) => SEMANTIC_CODES.has(code))).toBe(true);
    expect([...codesSeen].some((code) => !SEMANTIC_CODES.has(code))).toBe(true);
    expect(accepted).toBeGreaterThan(0);
  });

  it("reports shape issues only at paths the input has, or at missing fields of objects it has", () => {
    fc.assert(
      fc.property(mutatedCohort, (input) => {
        const result = parseCohort(input);
        if (result.ok) return;
        const paths = new Set(["", ...nodes(input).map((n) => formatSegments(n.path))]);
        for (const issue of result.issues) {
          if (SEMANTIC_CODES.has(issue.code)) {
            // whole-cohort issues only come on well-formed input, so they point at fields
            // that exist, except a person's capacity, which may be a default
            if (!/^people\[\d+\]\.capacity$/.test(issue.path)) expect(paths).toContain(issue.path);
          } else if (!paths.has(issue.path)) {
            // a missing required field: its parent exists
            expect(issue.message).toMatch(/is required/);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** The path of a node as formatPath writes it (kept separate to check formatPath's use). */
function formatSegments(path: readonly Segment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
