import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortSchema, type Cohort } from "../src/domain/schema.js";
import {
  SPECIALIZATIONS,
  generateCohort,
  generateCohortWithWitness,
  type GenerateOptions,
  type WitnessAssignment,
} from "../src/generate/generate-cohort.js";
import { distanceKm } from "../src/domain/geo.js";
import { validateCohort } from "../src/domain/validate.js";
import { indexCohort } from "../src/domain/cohort-index.js";
import { costOfChoice, totalCost } from "../src/domain/cost.js";
import { solveCohort } from "../src/plan.js";
import { historyFacts, historyWarnings } from "../src/domain/history.js";
import { verifyPlan } from "../src/result/verify/index.js";

/** Options that the generator accepts: enough members for the organisations each trainee needs. */
const optionsArbitrary: fc.Arbitrary<GenerateOptions> = fc
  .record({
    trainees: fc.integer({ min: 0, max: 40 }),
    extraMembers: fc.integer({ min: 0, max: 25 }),
    mentorsPerMember: fc.integer({ min: 1, max: 3 }),
    supervisorsPerMember: fc.integer({ min: 1, max: 3 }),
    awayPeriods: fc.integer({ min: 1, max: 3 }),
    hosts: fc.constantFrom("given" as const, "chosen" as const),
    tightness: fc.double({ min: 0.1, max: 1, noNaN: true }),
    seed: fc.integer(),
    mentorOutside: fc.constantFrom("host" as const, "host-and-away" as const),
    specializationFit: fc.constantFrom("required" as const, "preferred" as const),
  })
  .map(({ extraMembers, ...o }) => ({
    ...o,
    members: o.awayPeriods + 1 + (o.mentorOutside === "host-and-away" ? 1 : 0) + extraMembers,
  }));

/**
 * An oracle written from the contract, independent of the generator: the problems that stop
 * `witness` from being a valid plan of `cohort` (empty when it is one).
 */
function witnessProblems(cohort: Cohort, witness: readonly WitnessAssignment[]): string[] {
  const problems: string[] = [];
  const members = new Map(cohort.members.map((m) => [m.id, m]));
  const people = new Map(cohort.people.map((p) => [p.id, p]));
  const organisation = (id: string) => members.get(id)?.organisation ?? id;
  const required = cohort.rules.specializationFit === "required";
  const awayPeriods = cohort.programme.periods.filter((p) => p.at === "away").length;
  const hosted = new Map<string, number>();
  const visiting = new Map<string, number>(); // key: period index + member
  const taken = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  if (witness.length !== cohort.trainees.length) problems.push("witness does not cover every trainee");
  cohort.trainees.forEach((trainee, i) => {
    const w = witness[i];
    if (w === undefined || w.trainee !== trainee.id) return void problems.push(`no witness for ${trainee.id}`);
    const host = members.get(w.host);
    if (host === undefined) return void problems.push(`${trainee.id}: unknown host ${w.host}`);
    if (trainee.host !== undefined && trainee.host !== w.host) problems.push(`${trainee.id}: witness moves a given host`);
    if (trainee.host === undefined && required && !host.specializations.includes(trainee.specialization)) {
      problems.push(`${trainee.id}: chosen host ${host.id} does not offer ${trainee.specialization}`);
    }
    bump(hosted, w.host);

    if (w.away.length !== awayPeriods) problems.push(`${trainee.id}: ${w.away.length} away members for ${awayPeriods} periods`);
    if (new Set(w.away).size !== w.away.length) problems.push(`${trainee.id}: the same away member twice`);
    w.away.forEach((a, p) => {
      const member = members.get(a);
      if (member === undefined) return void problems.push(`${trainee.id}: unknown away member ${a}`);
      if (organisation(a) === organisation(w.host)) problems.push(`${trainee.id}: away at ${a}, the host's organisation`);
      if (required && !member.specializations.includes(trainee.specialization)) {
        problems.push(`${trainee.id}: away member ${a} does not offer ${trainee.specialization}`);
      }
      bump(visiting, `${p}|${a}`);
    });

    const supervisor = people.get(w.supervisor);
    if (supervisor?.role !== "supervisor") problems.push(`${trainee.id}: ${w.supervisor} is not a supervisor`);
    else {
      if (supervisor.member !== w.host) problems.push(`${trainee.id}: supervisor ${supervisor.id} not employed by the host`);
      if (required && !supervisor.specializations.includes(trainee.specialization)) {
        problems.push(`${trainee.id}: supervisor ${supervisor.id} does not list ${trainee.specialization}`);
      }
    }
    bump(taken, w.supervisor);

    const mentor = people.get(w.mentor);
    if (mentor?.role !== "mentor") problems.push(`${trainee.id}: ${w.mentor} is not a mentor`);
    else {
      const outside = [w.host, ...(cohort.rules.mentorOutside === "host-and-away" ? w.away : [])].map(organisation);
      if (outside.includes(organisation(mentor.member))) {
        problems.push(`${trainee.id}: mentor ${mentor.id} is inside an organisation the trainee works in`);
      }
    }
    bump(taken, w.mentor);
  });

  for (const [member, count] of hosted) {
    const capacity = members.get(member)?.hostCapacity ?? 0;
    if (count > capacity) problems.push(`${member} hosts ${count} > hostCapacity ${capacity}`);
  }
  for (const [key, count] of visiting) {
    const member = key.split("|")[1] as string;
    const capacity = members.get(member)?.awayCapacity ?? 0;
    if (count > capacity) problems.push(`${member} takes ${count} visitors in away period ${key} > awayCapacity ${capacity}`);
  }
  for (const [person, count] of taken) {
    const capacity = people.get(person)?.capacity ?? 0;
    if (count > capacity) problems.push(`${person} takes ${count} trainees > capacity ${capacity}`);
  }
  return problems;
}

/** References and identity rules the cohort validator will check. */
function referenceProblems(cohort: Cohort): string[] {
  const problems: string[] = [];
  const duplicates = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);
  for (const id of duplicates(cohort.members.map((m) => m.id))) problems.push(`duplicate member ${id}`);
  for (const id of duplicates(cohort.people.map((p) => p.id))) problems.push(`duplicate person ${id}`);
  for (const id of duplicates(cohort.trainees.map((t) => t.id))) problems.push(`duplicate trainee ${id}`);
  for (const id of duplicates(cohort.programme.periods.map((p) => p.id))) problems.push(`duplicate period ${id}`);
  const members = new Map(cohort.members.map((m) => [m.id, m]));
  const organisations = new Set(cohort.members.map((m) => m.organisation ?? m.id));
  for (const m of cohort.members) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.id)) problems.push(`member id ${m.id} is not ASCII kebab-case`);
    if (m.organisation !== undefined && !organisations.has(m.organisation)) problems.push(`odd organisation ${m.organisation}`);
  }
  for (const p of cohort.people) if (!members.has(p.member)) problems.push(`${p.id}: unknown member ${p.member}`);
  for (const t of cohort.trainees) {
    for (const list of [t.hostPreferences, t.awayPreferences]) {
      if (duplicates(list).length > 0) problems.push(`${t.id}: duplicate preference`);
      for (const id of list) if (!members.has(id)) problems.push(`${t.id}: preference for unknown member ${id}`);
    }
    if (t.hostPreferences.length > 3 || t.awayPreferences.length > 3) problems.push(`${t.id}: more than 3 preferences`);
    if (t.host !== undefined) {
      const hostOrganisation = members.get(t.host)?.organisation;
      if (hostOrganisation === undefined) problems.push(`${t.id}: unknown host ${t.host}`);
      for (const id of t.awayPreferences) {
        if (members.get(id)?.organisation === hostOrganisation) problems.push(`${t.id}: prefers to go away to its own organisation`);
      }
    }
  }
  return problems;
}

describe("generateCohort", () => {
  it("gives the same cohort for the same options", () => {
    fc.assert(
      fc.property(optionsArbitrary, (options) => {
        expect(generateCohortWithWitness(options)).toEqual(generateCohortWithWitness({ ...options }));
      }),
      { numRuns: 40 },
    );
  });

  it("is pinned: a fixed seed keeps its output across versions of the generator", () => {
    const cohort = cohortSchema.parse(generateCohort({ trainees: 6, members: 8, seed: 42 }));
    // The ids, hosts and capacities of a small cohort; if this changes, benchmarks are no longer comparable.
    expect({
      members: cohort.members.map((m) => `${m.id}:${m.hostCapacity}/${m.awayCapacity}`),
      trainees: cohort.trainees.map((t) => `${t.id}:${t.specialization}@${t.host ?? "?"}`),
    }).toMatchInlineSnapshot(`
      {
        "members": [
          "sorasen:1/2",
          "vikland:1/0",
          "soldal:1/1",
          "gulasen:2/1",
          "holensund:1/1",
          "holensund-kt:1/3",
          "lundehus:1/0",
          "stromberg-avfall:1/1",
        ],
        "trainees": [
          "t1:planning@soldal",
          "t2:roads@gulasen",
          "t3:roads@sorasen",
          "t4:roads@holensund",
          "t5:roads@gulasen",
          "t6:water@lundehus",
        ],
      }
    `);
  });

  it("keeps every draw of a larger network across versions (mentors excluded in several organisations)", () => {
    // A fingerprint of the whole output, cohort and witness: the fast mentor draw must make
    // exactly the draws of the straightforward one it replaced, so benchmarks stay comparable.
    const generated = generateCohortWithWitness({
      trainees: 400,
      members: 80,
      mentorsPerMember: 6,
      awayPeriods: 2,
      mentorOutside: "host-and-away",
      hosts: "chosen",
      seed: 11,
    });
    const fingerprint = createHash("sha256").update(JSON.stringify(generated)).digest("hex");
    expect(fingerprint).toBe("f1cefb696ffc15301ac513c729a5b9ac4ba1167d2ba22a0871cd8f20b4ae1de2");
  });

  it("writes cohorts that pass the contract's schema and validation, with sizes as asked", () => {
    fc.assert(
      fc.property(optionsArbitrary, (options) => {
        const input = generateCohort(options);
        const parsed = cohortSchema.safeParse(input);
        expect(parsed.error?.issues).toBeUndefined();
        const cohort = parsed.data as Cohort;
        const away = options.awayPeriods ?? 1;
        expect(cohort.members).toHaveLength(options.members);
        expect(cohort.trainees).toHaveLength(options.trainees);
        expect(cohort.people).toHaveLength(
          options.members * ((options.mentorsPerMember ?? 2) + (options.supervisorsPerMember ?? 2)),
        );
        expect(cohort.programme.periods.map((p) => p.at)).toEqual(
          Array.from({ length: 2 * away + 1 }, (_, i) => (i % 2 === 0 ? "host" : "away")),
        );
        expect(cohort.rules).toEqual({
          mentorOutside: options.mentorOutside ?? "host",
          specializationFit: options.specializationFit ?? "required",
          allowUnassigned: false,
        });
        const hostsGiven = cohort.trainees.filter((t) => t.host !== undefined).length;
        expect(hostsGiven).toBe(options.hosts === "chosen" ? 0 : options.trainees);
        for (const m of cohort.members) {
          expect(m.specializations.every((s) => (SPECIALIZATIONS as readonly string[]).includes(s))).toBe(true);
        }
        expect(referenceProblems(cohort)).toEqual([]);
        // The library's own whole-cohort validation (references, duplicates, capacities of given hosts);
        // a cohort without trainees is generated when asked for, and validation says nothing can be planned.
        const expected = options.trainees === 0 ? [expect.objectContaining({ code: "too_small", path: "trainees" })] : [];
        expect(validateCohort(input)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("builds a hidden assignment that satisfies every hard rule and capacity of the cohort", () => {
    fc.assert(
      fc.property(optionsArbitrary, (options) => {
        const { cohort, witness } = generateCohortWithWitness(options);
        expect(witnessProblems(cohortSchema.parse(cohort), witness)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("the oracle catches a broken witness (so the test above can fail)", () => {
    const { cohort: input, witness } = generateCohortWithWitness({ trainees: 10, members: 10, seed: 5 });
    const cohort = cohortSchema.parse(input);
    const first = witness[0] as WitnessAssignment;
    const hostOrgMember = cohort.members.find((m) => m.id === first.host) as Cohort["members"][number];
    const broken: WitnessAssignment[] = [{ ...first, away: [hostOrgMember.id] }, ...witness.slice(1)];
    expect(witnessProblems(cohort, broken).join("\n")).toMatch(/host's organisation/);
    const overfull = cohortSchema.parse({
      ...input,
      members: input.members.map((m) => (m.id === first.host ? { ...m, hostCapacity: 0 } : m)),
    });
    expect(witnessProblems(overfull, witness).join("\n")).toMatch(/hostCapacity 0/);
  });

  it("sizes capacities from tightness: hosting places sum to trainees / tightness", () => {
    fc.assert(
      fc.property(optionsArbitrary, (options) => {
        const cohort = cohortSchema.parse(generateCohort(options));
        const tightness = options.tightness ?? 0.7;
        const places = cohort.members.reduce((sum, m) => sum + m.hostCapacity, 0);
        expect(places).toBe(Math.ceil(options.trainees / tightness));
        const awayPlaces = cohort.members.reduce((sum, m) => sum + m.awayCapacity, 0);
        expect(awayPlaces).toBeGreaterThanOrEqual(Math.ceil(options.trainees / tightness));
      }),
      { numRuns: 100 },
    );
  });

  it("leaves no slack at tightness 1: every hosting place of the witness is used", () => {
    const { cohort, witness } = generateCohortWithWitness({ trainees: 30, members: 20, tightness: 1, hosts: "chosen" });
    const hosted = new Map<string, number>();
    for (const w of witness) hosted.set(w.host, (hosted.get(w.host) ?? 0) + 1);
    for (const m of cohort.members) expect(m.hostCapacity).toBe(hosted.get(m.id) ?? 0);
  });

  it.each([
    { trainees: 8, members: 8, seed: 1 },
    { trainees: 8, members: 8, seed: 2, hosts: "chosen" as const },
    { trainees: 10, members: 9, seed: 3, awayPeriods: 2, mentorOutside: "host-and-away" as const },
    { trainees: 6, members: 6, seed: 4, hosts: "chosen" as const, specializationFit: "preferred" as const, tightness: 1 },
  ])("solves end to end, no worse than the hidden assignment: %o", (options) => {
    const { cohort: input, witness } = generateCohortWithWitness(options);
    const result = solveCohort(input, { timeLimitMs: 30_000 });
    expect(result.issues).toEqual([]);
    expect(result.plan?.status).toBe("optimal");
    const index = indexCohort(cohortSchema.parse(input));
    const witnessCost = witness.reduce((sum, w) => {
      const trainee = index.traineeById.get(w.trainee);
      if (trainee === undefined) throw new Error(`unknown trainee ${w.trainee}`);
      return sum + totalCost(costOfChoice(index, trainee, w));
    }, 0);
    expect(result.plan?.objective).toBeLessThanOrEqual(witnessCost + 1e-6);
  });

  it("gives different cohorts for different seeds", () => {
    const a = generateCohort({ trainees: 10, members: 12, seed: 1 });
    const b = generateCohort({ trainees: 10, members: 12, seed: 2 });
    expect(a).not.toEqual(b);
    expect(a.members.map((m) => m.id)).not.toEqual(b.members.map((m) => m.id));
  });

  it("builds a realistic network: towns tens of km apart, KFs in their owner's organisation, IKS of 1-2 fields", () => {
    const cohort = cohortSchema.parse(generateCohort({ trainees: 50, members: 30, seed: 7 }));
    const byKind = (kind: string) => cohort.members.filter((m) => m.kind === kind);
    const municipalities = byKind("municipality");
    expect(municipalities.length).toBeGreaterThan(cohort.members.length / 2);
    for (const m of municipalities) expect(m.specializations.length).toBeGreaterThanOrEqual(3);
    const kfs = byKind("municipal-company");
    expect(kfs.length).toBeGreaterThan(0);
    for (const kf of kfs) {
      expect(kf.organisation).not.toBe(kf.id);
      expect(municipalities.some((m) => m.id === kf.organisation)).toBe(true);
    }
    const companies = byKind("inter-municipal-company");
    expect(companies.length).toBeGreaterThan(0);
    for (const c of companies) expect(c.organisation).toBe(c.id);
    const distances = municipalities.flatMap((a, i) =>
      municipalities.slice(i + 1).map((b) => distanceKm(a.location as never, b.location as never)),
    );
    expect(Math.max(...distances)).toBeGreaterThan(50);
    expect(Math.max(...distances)).toBeLessThan(400);
    for (const m of cohort.members) {
      expect(Math.abs((m.location?.lat ?? 0) - 60)).toBeLessThan(2);
      expect(Math.abs((m.location?.lon ?? 0) - 11)).toBeLessThan(4);
    }
  });

  it("rejects options it cannot honour with a message naming the option", () => {
    expect(() => generateCohort({ trainees: 5, members: 1 })).toThrow(/members must be a whole number from 2/);
    expect(() => generateCohort({ trainees: 5, members: 10, tightness: 0 })).toThrow(/tightness must be a number above 0/);
    expect(() => generateCohort({ trainees: 5, members: 10, tightness: 1.5 })).toThrow(RangeError);
    expect(() => generateCohort({ trainees: 2.5, members: 10 })).toThrow(/trainees must be a whole number/);
    expect(() => generateCohort({ trainees: 5, members: 10, mentorsPerMember: 0 })).toThrow(/mentorsPerMember/);
    expect(() => generateCohort({ trainees: 5, members: 3, awayPeriods: 3 })).toThrow(/members must be at least 4/);
    expect(() => generateCohort({ trainees: 5, members: 3, awayPeriods: 2, mentorOutside: "host-and-away" })).toThrow(
      /members must be at least 4 .* mentor/,
    );
    expect(() => generateCohort({ trainees: 5, members: 10, hosts: "some" as never })).toThrow(/hosts must be one of/);
  });
});

/**
 * Problems of a generated history, from the contract and the generator's promises, independent
 * of the generator's code: every assignment is a plausible plan of the network (hosts within
 * their hosting places, away members outside the host's organisation, the host's supervisors,
 * mentors outside the host's organisation), except for the few ids the cohort does not know.
 */
function historyProblems(cohort: Cohort): string[] {
  const problems: string[] = [];
  const members = new Map(cohort.members.map((m) => [m.id, m]));
  const people = new Map(cohort.people.map((p) => [p.id, p]));
  const organisation = (id: string) => members.get(id)?.organisation ?? id;
  const periods = cohort.programme.periods.map((p) => p.id);
  for (const [e, entry] of (cohort.history ?? []).entries()) {
    const hosted = new Map<string, number>();
    const away = periods.map(() => new Map<string, number>());
    const trainees = new Set<string>();
    for (const [i, a] of entry.assignments.entries()) {
      const at = `history[${e}].assignments[${i}]`;
      if (trainees.has(a.trainee)) problems.push(`${at}: trainee ${a.trainee} twice`);
      trainees.add(a.trainee);
      if (a.host === null || a.supervisor === null || a.mentor === null) problems.push(`${at}: an empty role`);
      if (a.host === null) continue;
      hosted.set(a.host, (hosted.get(a.host) ?? 0) + 1);
      if (a.placements.map((p) => p.period).join() !== periods.join()) problems.push(`${at}: placements not one per period`);
      const awayMembers: string[] = [];
      a.placements.forEach((p, k) => {
        const atHost = cohort.programme.periods[k]?.at === "host";
        if (atHost !== (p.member === a.host)) problems.push(`${at}.placements[${k}]: ${p.member} in ${atHost ? "a host" : "an away"} period`);
        if (atHost) return;
        awayMembers.push(p.member);
        away[k]?.set(p.member, (away[k]?.get(p.member) ?? 0) + 1);
        if (organisation(p.member) === organisation(a.host as string)) problems.push(`${at}.placements[${k}]: away in the host's organisation`);
      });
      if (new Set(awayMembers).size !== awayMembers.length) problems.push(`${at}: the same away member twice`);
      const supervisor = a.supervisor === null ? undefined : people.get(a.supervisor);
      if (supervisor !== undefined && (supervisor.role !== "supervisor" || supervisor.member !== a.host)) {
        problems.push(`${at}: supervisor ${supervisor.id} is not one of the host's`);
      }
      const mentor = a.mentor === null ? undefined : people.get(a.mentor);
      if (mentor !== undefined) {
        const outside = [a.host, ...(cohort.rules.mentorOutside === "host-and-away" ? awayMembers : [])].map(organisation);
        if (mentor.role !== "mentor") problems.push(`${at}: ${mentor.id} is not a mentor`);
        if (outside.includes(organisation(mentor.member))) problems.push(`${at}: mentor ${mentor.id} inside the trainee's organisations`);
      }
    }
    for (const [member, count] of hosted) {
      const capacity = members.get(member)?.hostCapacity;
      if (capacity !== undefined && count > capacity) problems.push(`history[${e}]: ${member} hosts ${count} > ${capacity}`);
    }
  }
  return problems;
}

describe("generateCohort with history", () => {
  const historyOptions: fc.Arbitrary<GenerateOptions> = fc
    .tuple(optionsArbitrary, fc.integer({ min: 1, max: 4 }))
    .map(([options, history]) => ({ ...options, history }));

  it("leaves a cohort without history as it was: no history or weights field, history: 0 the same bytes", () => {
    fc.assert(
      fc.property(optionsArbitrary, (options) => {
        const plain = generateCohortWithWitness(options);
        expect(JSON.stringify(generateCohortWithWitness({ ...options, history: 0 }))).toBe(JSON.stringify(plain));
        expect(Object.keys(plain.cohort)).toEqual(["format", "programme", "members", "people", "trainees", "rules"]);
      }),
      { numRuns: 40 },
    );
  });

  it("adds the history last: the rest of the cohort and the witness are those without it", () => {
    fc.assert(
      fc.property(historyOptions, (options) => {
        const { cohort, witness } = generateCohortWithWitness(options);
        const plain = generateCohortWithWitness({ ...options, history: 0 });
        const { history, ...rest } = cohort;
        expect(history).toHaveLength(options.history as number);
        expect(rest).toEqual(plain.cohort);
        expect(witness).toEqual(plain.witness);
      }),
      { numRuns: 40 },
    );
  });

  it("is deterministic: the same options give the same history", () => {
    fc.assert(
      fc.property(historyOptions, (options) => {
        expect(JSON.stringify(generateCohort(options))).toBe(JSON.stringify(generateCohort({ ...options })));
      }),
      { numRuns: 30 },
    );
    const a = generateCohort({ trainees: 30, members: 20, history: 2, seed: 1 });
    const b = generateCohort({ trainees: 30, members: 20, history: 2, seed: 2 });
    expect(a.history).not.toEqual(b.history);
  });

  it("writes valid, plausible earlier plans, oldest first, about as large as the cohort", () => {
    fc.assert(
      fc.property(historyOptions, (options) => {
        const input = generateCohort(options);
        expect(validateCohort(input)).toEqual(
          options.trainees === 0 ? [expect.objectContaining({ code: "too_small", path: "trainees" })] : [],
        );
        const cohort = cohortSchema.parse(input);
        const history = cohort.history ?? [];
        const years = history.map((h) => Number(/^Cohort (\d{4})$/.exec(h.name)?.[1]));
        expect(years.every((y, i) => y < 2026 && (i === 0 || y > (years[i - 1] as number)))).toBe(true);
        for (const entry of history) {
          const places = cohort.members.reduce((sum, m) => sum + m.hostCapacity, 0);
          if (options.trainees === 0) expect(entry.assignments).toEqual([]);
          else expect(entry.assignments.length).toBeLessThanOrEqual(Math.min(places, Math.ceil(options.trainees * 1.15)));
        }
        expect(historyProblems(cohort)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("the history oracle catches a broken history (so the test above can fail)", () => {
    const cohort = cohortSchema.parse(generateCohort({ trainees: 20, members: 12, history: 1, seed: 3 }));
    const entry = cohort.history?.[0] as NonNullable<Cohort["history"]>[number];
    const a = entry.assignments[5] as (typeof entry.assignments)[number];
    const withOnly = (assignment: typeof a): Cohort => ({ ...cohort, history: [{ ...entry, assignments: [assignment] }] });
    const hostMentor = cohort.people.find((p) => p.member === a.host && p.role === "mentor")?.id ?? null;
    expect(historyProblems(withOnly(a))).toEqual([]);
    const broken = withOnly({ ...a, mentor: hostMentor });
    expect(historyProblems(broken).join("\n")).toMatch(/inside the trainee's organisations/);
    const atHome = withOnly({ ...a, placements: a.placements.map((p) => ({ ...p, member: a.host as string })) });
    expect(historyProblems(atHome).join("\n")).toMatch(/in an away period/);
  });

  it("names a member that left and mentors who retired, so that the answer warns (never an error)", () => {
    const input = generateCohort({ trainees: 60, members: 25, history: 3, seed: 4 });
    const cohort = cohortSchema.parse(input);
    const index = indexCohort(cohort);
    const { unknown } = historyFacts(index);
    const members = unknown.filter((u) => u.kind === "member");
    expect(members).toHaveLength(1);
    expect(members[0]?.path).toBe("history[0].assignments[0].host");
    expect(members[0]?.count).toBe(2); // the first trainee's host, the second one's away member
    const people = unknown.filter((u) => u.kind === "person").map((u) => u.id);
    expect(people).toContain(`${members[0]?.id}-supervisor-1`);
    const retired = people.filter((id) => /-mentor-\d+$/.test(id));
    expect(retired.length).toBeGreaterThanOrEqual(2); // in both of the older cohorts
    // The newest cohort's mentors are all still there.
    const newest = cohort.history?.[2]?.name as string;
    expect(unknown.filter((u) => /-mentor-\d+$/.test(u.id)).flatMap((u) => u.entries)).not.toContain(newest);
    const warnings = historyWarnings(index);
    expect(new Set(warnings.map((w) => w.code))).toEqual(new Set(["history_unknown_member", "history_unknown_person"]));
  });

  it("repeats exchanges and mentor-host pairs across cohorts, as working groups see", () => {
    const cohort = cohortSchema.parse(generateCohort({ trainees: 200, members: 60, history: 3, seed: 1 }));
    const index = indexCohort(cohort);
    const facts = historyFacts(index);
    const pairs = cohort.members.flatMap((h) => cohort.members.map((a) => facts.exchanges(h.id, a.id)));
    expect(pairs.filter((n) => n >= 2).length).toBeGreaterThan(10);
    const mentorPairs = [...facts.mentorsWithHistory].flatMap((m) => cohort.members.map((h) => facts.mentorHosts(m, h.id)));
    expect(mentorPairs.filter((n) => n >= 2).length).toBeGreaterThan(5);
    // Some members send more than they receive, and others the other way round.
    const balance = cohort.members.map((m) => (facts.received.get(m.id) ?? 0) - (facts.sent.get(m.id) ?? 0));
    expect(Math.min(...balance)).toBeLessThan(0);
    expect(Math.max(...balance)).toBeGreaterThan(0);
  });

  it("carries the weights asked for, and the plan of a generated cohort with history verifies", () => {
    const weights = { reciprocity: 1, repeatExchange: 2, repeatMentorHost: 2 };
    const input = generateCohort({ trainees: 12, members: 10, history: 3, weights, seed: 6 });
    expect(input.weights).toEqual(weights);
    const result = solveCohort(input, { timeLimitMs: 30_000 });
    expect(result.issues).toEqual([]);
    expect(result.plan?.status).toBe("optimal");
    const plan = result.plan as NonNullable<typeof result.plan>;
    expect(verifyPlan(input, plan).violations).toEqual([]);
    expect(plan.warnings?.map((w) => w.code)).toContain("history_unknown_member");
    expect(plan.balance).toHaveLength(input.members.length);
  });

  it("rejects a history count or weights it cannot honour, naming the option", () => {
    expect(() => generateCohort({ trainees: 5, members: 10, history: -1 })).toThrow(/history must be a whole number from 0 to 50/);
    expect(() => generateCohort({ trainees: 5, members: 10, history: 1.5 })).toThrow(/history must be a whole number/);
    expect(() => generateCohort({ trainees: 5, members: 10, weights: { reciprocity: -1 } })).toThrow(/weights.reciprocity must be a number from 0/);
    expect(() => generateCohort({ trainees: 5, members: 10, weights: { fairness: 1 } as never })).toThrow(/weights has no term "fairness"/);
  });
});
