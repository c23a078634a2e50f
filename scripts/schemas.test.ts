/**
 * The published JSON Schema files: committed copies are current, the example cohorts follow
 * them, and they accept and reject what rotamatch's own parser accepts and rejects.
 */
import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortJsonSchema, planJsonSchema } from "../packages/core/src/domain/json-schema.js";
import { COHORT_FORMAT, cohortSchema, planSchema } from "../packages/core/src/domain/schema.js";
import { findStaleFiles, readCommitted, renderSchemaFiles } from "./write-schemas.js";

const repoRoot = new URL("../", import.meta.url);

function compile(schema: object) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  return ajv.compile(schema);
}

const validateCohortJson = compile(cohortJsonSchema());
const validatePlanJson = compile(planJsonSchema());

/** A small cohort that uses every field of the format. */
const fullCohort = {
  format: "rotamatch.cohort/v1",
  programme: {
    name: "Romerike 2013",
    start: "2013-08-19",
    periods: [
      { id: "part-1", months: 6, at: "host" },
      { id: "part-2", months: 6, at: "away" },
      { id: "part-3", months: 6, at: "host" },
    ],
    gatherings: [{ name: "Kick-off", date: "2013-08-19" }],
  },
  members: [
    {
      id: "skedsmo",
      name: "Skedsmo kommune",
      kind: "municipality",
      organisation: "skedsmo",
      location: { lat: 59.956, lon: 11.05 },
      specializations: ["water", "roads"],
      hostCapacity: 2,
      awayCapacity: 1,
    },
    { id: "nrv-nra", kind: "inter-municipal-company", specializations: ["water"], hostCapacity: 1, awayCapacity: 2 },
  ],
  people: [
    { id: "mentor-1", name: "Anne", member: "nrv-nra", role: "mentor", capacity: 2, specializations: ["water"] },
    { id: "supervisor-1", member: "skedsmo", role: "supervisor" },
  ],
  trainees: [
    { id: "t1", name: "Kari", specialization: "water", host: "skedsmo", hostPreferences: [], awayPreferences: ["nrv-nra"] },
  ],
  rules: { mentorOutside: "host", specializationFit: "required", allowUnassigned: false },
  weights: { awayRank: 10, hostRank: 10, travelPerKm: 0.1, mentorSpecialization: 5, supervisorSpecialization: 5, specializationMiss: 50 },
  pins: [{ trainee: "t1", period: "part-2", member: "nrv-nra" }, { trainee: "t1", mentor: "mentor-1" }],
  forbid: [{ trainee: "t1", supervisor: "supervisor-1" }],
};

const minimalCohort = {
  format: "rotamatch.cohort/v1",
  programme: { name: "P", start: "2020-01-01", periods: [{ id: "a", months: 1, at: "away" }] },
  members: [],
  trainees: [],
};

describe("docs/schema files", () => {
  it("are exactly what the zod schemas produce (run `npm run schema` after changing schema.ts)", async () => {
    for (const file of renderSchemaFiles()) {
      expect(await readCommitted(file.path), file.path).toBe(file.text);
    }
    expect(await findStaleFiles()).toEqual([]);
  });

  it("are 2-space JSON with a final newline, identified and titled", () => {
    const [cohort, plan] = renderSchemaFiles();
    expect(cohort?.path).toBe("docs/schema/cohort.schema.json");
    expect(plan?.path).toBe("docs/schema/plan.schema.json");
    for (const file of [cohort!, plan!]) {
      expect(file.text.endsWith("}\n")).toBe(true);
      expect(file.text).toMatch(/^\{\n {2}"\$schema": "https:\/\/json-schema\.org\/draft\/2020-12\/schema",\n {2}"\$id": /);
      const parsed = JSON.parse(file.text) as Record<string, unknown>;
      expect(typeof parsed.title).toBe("string");
      expect(typeof parsed.description).toBe("string");
    }
    expect(JSON.parse(cohort!.text).$id).toBe("https://rotamatch.dev/schema/cohort-v1.json");
    expect(JSON.parse(plan!.text).$id).toBe("https://rotamatch.dev/schema/plan-v1.json");
  });

  it("are generated deterministically", () => {
    expect(JSON.stringify(cohortJsonSchema())).toBe(JSON.stringify(cohortJsonSchema()));
    expect(JSON.stringify(planJsonSchema())).toBe(JSON.stringify(planJsonSchema()));
  });

  it("describe the cohort as written: defaulted fields are optional", () => {
    const schema = cohortJsonSchema() as { required: string[]; properties: Record<string, { default?: unknown }> };
    expect(schema.required).toEqual(["format", "programme", "members", "trainees"]);
    expect(schema.properties.people?.default).toEqual([]);
    expect(validateCohortJson(minimalCohort)).toBe(true);
  });

  it("describe the plan as written: every field but stats is required", () => {
    const schema = planJsonSchema() as { required: string[] };
    expect(schema.required).toEqual(["format", "status", "objective", "bound", "assignments", "unassigned", "diagnosis"]);
  });
});

describe("the cohort JSON Schema", () => {
  const exampleFiles = readdirSync(new URL("examples/", repoRoot)).filter((name) => name.endsWith(".json"));
  const cohortExamples = exampleFiles.filter((name) => {
    const value = JSON.parse(readFileSync(new URL(`examples/${name}`, repoRoot), "utf8")) as { format?: unknown };
    return value.format === COHORT_FORMAT;
  });

  it("has example cohorts to check in examples/", () => {
    expect(cohortExamples.length).toBeGreaterThan(0);
  });

  it.each(cohortExamples)("accepts examples/%s", (name) => {
    const value: unknown = JSON.parse(readFileSync(new URL(`examples/${name}`, repoRoot), "utf8"));
    const ok = validateCohortJson(value);
    expect(validateCohortJson.errors ?? [], name).toEqual([]);
    expect(ok).toBe(true);
  });

  it("accepts a cohort that uses every field", () => {
    expect(cohortSchema.safeParse(fullCohort).success).toBe(true);
    expect(validateCohortJson(fullCohort), JSON.stringify(validateCohortJson.errors)).toBe(true);
  });

  const broken: [string, unknown][] = [
    ["not an object", [fullCohort]],
    ["another format version", { ...fullCohort, format: "rotamatch.cohort/v2" }],
    ["no format", { ...fullCohort, format: undefined }],
    ["no members", { ...fullCohort, members: undefined }],
    ["an unknown top-level field", { ...fullCohort, extra: true }],
    ["a misspelt member field", { ...fullCohort, members: [{ ...fullCohort.members[0], hostcapacity: 2 }] }],
    ["a negative capacity", { ...fullCohort, members: [{ ...fullCohort.members[0], hostCapacity: -1 }] }],
    ["a fractional capacity", { ...fullCohort, members: [{ ...fullCohort.members[0], awayCapacity: 1.5 }] }],
    ["a capacity given as text", { ...fullCohort, members: [{ ...fullCohort.members[0], awayCapacity: "1" }] }],
    ["an unknown member kind", { ...fullCohort, members: [{ ...fullCohort.members[0], kind: "county" }] }],
    ["a latitude beyond the pole", { ...fullCohort, members: [{ ...fullCohort.members[0], location: { lat: 91, lon: 0 } }] }],
    ["a period of 0 months", { ...fullCohort, programme: { ...fullCohort.programme, periods: [{ id: "p", months: 0, at: "host" }] } }],
    ["a period neither host nor away", { ...fullCohort, programme: { ...fullCohort.programme, periods: [{ id: "p", months: 6, at: "home" }] } }],
    ["no periods", { ...fullCohort, programme: { ...fullCohort.programme, periods: [] } }],
    ["a date written 19.08.2013", { ...fullCohort, programme: { ...fullCohort.programme, start: "19.08.2013" } }],
    ["an empty id", { ...fullCohort, trainees: [{ id: "", specialization: "water" }] }],
    ["a trainee without a specialization", { ...fullCohort, trainees: [{ id: "t1" }] }],
    ["an unknown person role", { ...fullCohort, people: [{ id: "p", member: "skedsmo", role: "coach" }] }],
    ["an unknown rule value", { ...fullCohort, rules: { mentorOutside: "anywhere" } }],
    ["a negative weight", { ...fullCohort, weights: { travelPerKm: -0.1 } }],
    ["an unknown weight", { ...fullCohort, weights: { distance: 1 } }],
    ["a pin with an unknown field", { ...fullCohort, pins: [{ trainee: "t1", host: "skedsmo" }] }],
    ["allowUnassigned given as text", { ...fullCohort, rules: { allowUnassigned: "yes" } }],
  ];

  it.each(broken)("rejects a cohort with %s, as rotamatch does", (_what, value) => {
    const input = JSON.parse(JSON.stringify(value)) as unknown; // as read from a file: undefined fields vanish
    expect(validateCohortJson(input)).toBe(false);
    expect(cohortSchema.safeParse(input).success).toBe(false);
  });

  it("is no stricter than rotamatch, and only laxer on trimmed ids and calendar dates", () => {
    fc.assert(
      fc.property(mutatedCohort(fullCohort), (input) => {
        const byZod = cohortSchema.safeParse(input).success;
        const bySchema = validateCohortJson(input);
        if (byZod) expect(bySchema, JSON.stringify(input)).toBe(true);
        else if (bySchema) expect(failsOnlyOnWhatJsonSchemaCannotSay(input), JSON.stringify(input)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("is laxer than rotamatch on exactly the two documented points", () => {
    const blankId = { ...fullCohort, trainees: [{ id: "   ", specialization: "water" }] };
    const impossibleDate = { ...fullCohort, programme: { ...fullCohort.programme, start: "2013-02-30" } };
    for (const input of [blankId, impossibleDate]) {
      expect(validateCohortJson(input)).toBe(true);
      expect(cohortSchema.safeParse(input).success).toBe(false);
    }
  });
});

describe("the plan JSON Schema", () => {
  const plan = {
    format: "rotamatch.plan/v1",
    status: "optimal",
    objective: 0.7,
    bound: 0.7,
    assignments: [
      {
        trainee: "t1",
        host: "skedsmo",
        supervisor: "supervisor-1",
        mentor: "mentor-1",
        placements: [{ period: "part-1", member: "skedsmo", from: "2013-08-19", to: "2014-02-18" }],
        cost: { awayRank: 0, travelPerKm: 0.7 },
      },
    ],
    unassigned: [],
    diagnosis: [],
  };

  it("accepts what planSchema accepts and rejects what it rejects", () => {
    const cases: unknown[] = [
      plan,
      { ...plan, status: "timedout", objective: null, bound: null, assignments: [] },
      { ...plan, stats: { backend: "jslp", solveMs: 1.5, totalMs: 2, variables: 10, constraints: 4 } },
      { ...plan, status: "done" },
      { ...plan, objective: "0.7" },
      { ...plan, unassigned: [{ trainee: "t1", role: "coach", reason: "x" }] },
      { ...plan, assignments: [{ ...plan.assignments[0], extra: 1 }] },
      { ...plan, diagnosis: undefined },
    ].map((value) => JSON.parse(JSON.stringify(value)) as unknown);
    const verdicts = cases.map((value) => [validatePlanJson(value), planSchema.safeParse(value).success]);
    expect(verdicts).toEqual([
      [true, true],
      [true, true],
      [true, true],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// Random damage to a valid cohort
// ---------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function pathsOf(value: Json, path: Path = []): Path[] {
  const here = [path];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => pathsOf(v, [...path, i])));
  if (value !== null && typeof value === "object") return here.concat(...Object.entries(value).map(([k, v]) => pathsOf(v, [...path, k])));
  return here;
}

function trimStrings(value: Json): Json {
  if (typeof value === "string") return value.trim();
  if (Array.isArray(value)) return value.map(trimStrings);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimStrings(v)]));
  return value;
}

/**
 * A valid cohort with one node replaced by random JSON, deleted, or given an extra key. Random
 * strings are trimmed so that both validators see the same text (trimming is a known difference).
 */
function mutatedCohort(base: object): fc.Arbitrary<Json> {
  const paths = pathsOf(base as Json);
  const value = fc.jsonValue({ maxDepth: 2 }).map((v) => trimStrings(v as Json));
  return fc
    .tuple(fc.constantFrom(...paths), fc.constantFrom("replace", "delete", "add-key"), value, fc.constantFrom("extra", "id", "name", "months"))
    .map(([path, edit, replacement, key]) => {
      const copy = structuredClone(base) as Json;
      if (path.length === 0) return edit === "replace" ? replacement : copy;
      let parent: Json = copy;
      for (const segment of path.slice(0, -1)) parent = (parent as Record<string, Json>)[segment as string] as Json;
      const last = path[path.length - 1] as string | number;
      const target = parent as Record<string | number, Json>;
      if (edit === "replace") target[last] = replacement;
      else if (edit === "delete") {
        if (Array.isArray(parent)) parent.splice(last as number, 1);
        else delete target[last];
      } else {
        const node = target[last];
        if (node !== null && typeof node === "object" && !Array.isArray(node)) node[key] = replacement;
        else target[last] = replacement;
      }
      return copy;
    });
}

/** Whether every zod issue is one a JSON Schema cannot state: a blank after trimming, or no such date. */
function failsOnlyOnWhatJsonSchemaCannotSay(input: unknown): boolean {
  const result = cohortSchema.safeParse(input);
  if (result.success) return true;
  return result.error.issues.every((issue) => issue.message === "is not a real calendar date" || issue.message === "must not be empty");
}
