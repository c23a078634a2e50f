import { readdirSync, readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cohortSchema, solveCohort, verifyPlan, type Cohort, type CohortInput, type Plan } from "@rotamatch/core";
import { run, type CliIo } from "../packages/cli/src/run.js";
import { main } from "./library-usage.js";

const here = new URL("./", import.meta.url);
const files = readdirSync(here)
  .filter((f) => /^romerike-\d{4}\.json$/.test(f))
  .sort();

/** What the programme's results slide and domain notes say about each cohort. */
const HISTORY: Record<string, { members: number; trainees: number; months: number[]; gatherings: number }> = {
  "romerike-2008.json": { members: 10, trainees: 10, months: [5, 4, 5], gatherings: 5 },
  "romerike-2009.json": { members: 10, trainees: 5, months: [5, 4, 5], gatherings: 5 },
  "romerike-2011.json": { members: 13, trainees: 10, months: [6, 6, 6], gatherings: 6 },
  "romerike-2013.json": { members: 14, trainees: 8, months: [6, 6, 6], gatherings: 6 },
};

function readCohort(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, here), "utf8"));
}

/**
 * The hard rules of the contract, checked from the plan and the cohort alone, so that this
 * test does not trust the solver's own verification.
 */
function ruleBreaks(cohort: Cohort, plan: Plan): string[] {
  const out: string[] = [];
  const member = new Map(cohort.members.map((m) => [m.id, m]));
  const person = new Map(cohort.people.map((p) => [p.id, p]));
  const organisation = (id: string) => member.get(id)?.organisation ?? id;
  const offers = (id: string, spec: string) => member.get(id)?.specializations.includes(spec) ?? false;
  const load = new Map<string, number>();
  const bump = (key: string) => load.set(key, (load.get(key) ?? 0) + 1);
  for (const trainee of cohort.trainees) {
    const a = plan.assignments.find((x) => x.trainee === trainee.id);
    if (a?.host == null || a.supervisor == null || a.mentor == null) {
      out.push(`${trainee.id} is not fully assigned`);
      continue;
    }
    if (trainee.host !== undefined && a.host !== trainee.host) out.push(`${trainee.id} moved from its given host`);
    if (trainee.host === undefined && !offers(a.host, trainee.specialization)) out.push(`${trainee.id}: host lacks the field`);
    bump(`host|${a.host}`);
    const away: string[] = [];
    for (const period of cohort.programme.periods) {
      const placement = a.placements.find((p) => p.period === period.id);
      if (placement === undefined) {
        out.push(`${trainee.id} has no placement in ${period.id}`);
        continue;
      }
      if (period.at === "host" && placement.member !== a.host) out.push(`${trainee.id} is not at the host in ${period.id}`);
      if (period.at === "away") {
        away.push(placement.member);
        if (organisation(placement.member) === organisation(a.host)) out.push(`${trainee.id} stays in its organisation`);
        if (!offers(placement.member, trainee.specialization)) out.push(`${trainee.id}: away member lacks the field`);
        bump(`away|${period.id}|${placement.member}`);
      }
    }
    if (new Set(away).size !== away.length) out.push(`${trainee.id} visits a member twice`);
    const supervisor = person.get(a.supervisor);
    if (supervisor?.role !== "supervisor" || supervisor.member !== a.host) out.push(`${trainee.id}: supervisor not at the host`);
    if (!supervisor?.specializations.includes(trainee.specialization)) out.push(`${trainee.id}: supervisor lacks the field`);
    const mentor = person.get(a.mentor);
    if (mentor?.role !== "mentor" || organisation(mentor.member) === organisation(a.host)) {
      out.push(`${trainee.id}: mentor not outside the trainee's organisation`);
    }
    bump(`person|${a.supervisor}`);
    bump(`person|${a.mentor}`);
  }
  for (const [key, count] of load) {
    const [kind, id, maybeMember] = key.split("|") as [string, string, string | undefined];
    const capacity =
      kind === "host"
        ? member.get(id)?.hostCapacity
        : kind === "away"
          ? member.get(maybeMember ?? "")?.awayCapacity
          : person.get(id)?.capacity;
    if (count > (capacity ?? 0)) out.push(`${key} over capacity (${count} > ${capacity})`);
  }
  for (const pin of cohort.pins) {
    const a = plan.assignments.find((x) => x.trainee === pin.trainee);
    if (pin.period !== undefined && a?.placements.find((p) => p.period === pin.period)?.member !== pin.member) {
      out.push(`pin of ${pin.trainee} in ${pin.period} not kept`);
    }
  }
  for (const forbid of cohort.forbid) {
    const a = plan.assignments.find((x) => x.trainee === forbid.trainee);
    if (forbid.mentor !== undefined && a?.mentor === forbid.mentor) out.push(`forbidden mentor given to ${forbid.trainee}`);
  }
  return out;
}

it("ships the four Romerike cohorts", () => {
  expect(files).toEqual(Object.keys(HISTORY));
});

describe.each(files)("%s", (file) => {
  const input = readCohort(file);

  it("is a valid cohort of the contract's format that matches the programme's history", () => {
    const parsed = cohortSchema.safeParse(input);
    expect(parsed.error?.issues).toBeUndefined();
    const cohort = parsed.data as Cohort;
    const history = HISTORY[file];
    expect(cohort.members).toHaveLength(history?.members ?? -1);
    expect(cohort.trainees).toHaveLength(history?.trainees ?? -1);
    expect(cohort.programme.periods.map((p) => p.months)).toEqual(history?.months);
    expect(cohort.programme.periods.map((p) => p.at)).toEqual(["host", "away", "host"]);
    expect(cohort.programme.gatherings).toHaveLength(history?.gatherings ?? -1);
    for (const m of cohort.members) {
      expect(m.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(m.location).toBeDefined();
    }
    // Most trainees are hired by their host; one or two let the plan choose.
    const chosen = cohort.trainees.filter((t) => t.host === undefined).length;
    expect(chosen).toBeGreaterThanOrEqual(1);
    expect(chosen).toBeLessThanOrEqual(2);
  });

  it("solves to optimal with every trainee assigned, within every hard rule", () => {
    const result = solveCohort(input);
    expect(result.issues).toEqual([]);
    const plan = result.plan as Plan;
    expect(plan.status).toBe("optimal");
    expect(plan.unassigned).toEqual([]);
    const cohort = cohortSchema.parse(input);
    expect(plan.assignments.map((a) => a.trainee).sort()).toEqual(cohort.trainees.map((t) => t.id).sort());
    expect(ruleBreaks(cohort, plan)).toEqual([]);
    const sumOfCosts = plan.assignments
      .flatMap((a) => Object.values(a.cost))
      .reduce((sum: number, c) => sum + (c ?? 0), 0);
    expect(plan.objective).toBeCloseTo(sumOfCosts, 6);
  });
});

it("the rule check above catches a plan that breaks a rule (so those tests can fail)", () => {
  const input = readCohort("romerike-2013.json");
  const cohort = cohortSchema.parse(input);
  const plan = solveCohort(input).plan as Plan;
  const [first, ...rest] = plan.assignments;
  if (first === undefined) throw new Error("no assignment");
  const stayHome = { ...first, placements: first.placements.map((p) => ({ ...p, member: first.host ?? "" })) };
  expect(ruleBreaks(cohort, { ...plan, assignments: [stayHome, ...rest] })).toContain("t1 stays in its organisation");
  const ownMentor = { ...first, mentor: "skedsmo-mentor-1" }; // t1 is hired by Skedsmo
  expect(ruleBreaks(cohort, { ...plan, assignments: [ownMentor, ...rest] })).toContain(
    "t1: mentor not outside the trainee's organisation",
  );
  const crowded = plan.assignments.map((a) => ({ ...a, supervisor: "skedsmo-supervisor-1" }));
  expect(ruleBreaks(cohort, { ...plan, assignments: crowded }).join("\n")).toMatch(/person\|skedsmo-supervisor-1 over capacity/);
});

it("the 2013 cohort has the 14 members of domain.md, with their kinds and organisations", () => {
  const cohort = cohortSchema.parse(readCohort("romerike-2013.json"));
  const byName = new Map(cohort.members.map((m) => [m.name, m]));
  const municipalities = ["Aurskog-Høland", "Fet", "Enebakk", "Gjerdrum", "Lørenskog", "Nittedal", "Nannestad", "Rælingen", "Skedsmo", "Ullensaker"];
  for (const name of municipalities) {
    const m = byName.get(`${name} kommune`);
    expect(m?.kind, name).toBe("municipality");
    expect(m?.organisation).toBe(m?.id);
  }
  const kf = byName.get("Sørum Kommunalteknikk KF");
  expect(kf).toMatchObject({ id: "sorum-kt", kind: "municipal-company", organisation: "sorum" });
  for (const id of ["nrv-nra", "roaf", "oras"]) {
    expect(cohort.members.find((m) => m.id === id)).toMatchObject({ kind: "inter-municipal-company", organisation: id });
  }
});

it("library-usage.ts plans the 2013 cohort and prints a line per trainee", () => {
  const lines: string[] = [];
  const result = main((line) => lines.push(line));
  expect(result.ok).toBe(true);
  expect(result.plan?.status).toBe("optimal");
  expect(lines[0]).toMatch(/^Best plan found \(objective \d+\.\d\d\)\.$/);
  const cohort = cohortSchema.parse(readCohort("romerike-2013.json"));
  for (const t of cohort.trainees) {
    expect(lines.some((l) => l.startsWith(`  ${t.name}: host `) && l.includes("; mentor "))).toBe(true);
  }
});

describe("the Romerike chain: romerike-2013-history.json", () => {
  const EARLIER = [2008, 2009, 2011] as const;
  const planFile = (year: number) => `romerike-${year}.plan.json`;
  const chain = readCohort("romerike-2013-history.json") as CohortInput & { history: { name: string }[] };
  const cohort2013 = readCohort("romerike-2013.json") as CohortInput;

  it("ships the chain and the three earlier plans, and nothing else as JSON", () => {
    const json = readdirSync(here).filter((f) => f.endsWith(".json")).sort();
    expect(json).toEqual([...files, ...EARLIER.map(planFile), "romerike-2013-history.json"].sort());
  });

  /** Runs the command line in process from the repository root; its exit code and standard output. */
  async function rotamatch(...args: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = "";
    const root = new URL("../", here);
    const io: CliIo = {
      stdout: (text) => {
        stdout += text;
      },
      stderr: () => {},
      readFile: async (path) => readFileSync(new URL(path, root), "utf8"),
      writeFile: async () => {
        throw new Error("no writes here");
      },
      readBytes: async (path) => new Uint8Array(readFileSync(new URL(path, root))),
      writeBytes: async () => {
        throw new Error("no writes here");
      },
      inspectPath: async (path) => ({ kind: "file", size: statSync(new URL(path, root)).size }),
      makeFolder: async () => {},
    };
    const code = await run(args, io);
    return { code, stdout };
  }

  it.each(EARLIER)("romerike-%i.plan.json is `rotamatch solve --format json` of its cohort, without stats", async (year) => {
    const { code, stdout } = await rotamatch("solve", `examples/romerike-${year}.json`, "--format", "json");
    expect(code).toBe(0);
    const { stats, ...plan } = JSON.parse(stdout) as Plan;
    expect(stats?.backend).toBe("jslp");
    expect(readCohort(planFile(year))).toEqual(plan);
    expect(plan.status).toBe("optimal");
  });

  it("is the 2013 cohort with the three plan files as history, oldest first, each named", () => {
    const history = EARLIER.map((year) => ({ name: `Romerike ${year}`, ...(readCohort(planFile(year)) as object) }));
    expect(chain).toEqual({ ...cohort2013, history });
  });

  it("solves to the 2013 plan with weight 0, with warnings for the earlier people 2013 does not have", () => {
    const alone = solveCohort(cohort2013);
    const result = solveCohort(chain);
    if (!alone.ok || !result.ok) throw new Error("not valid");
    const plan = result.plan;
    expect(plan.status).toBe("optimal");
    expect(plan.objective).toBe(alone.plan.objective);
    expect(plan.assignments).toEqual(alone.plan.assignments);
    expect(verifyPlan(chain, plan).violations).toEqual([]);

    // The unknown ids, found from the files alone: every member of 2008-2011 is still a member
    // in 2013, but some supervisors and mentors are not among its people.
    const members = new Set((cohort2013.members ?? []).map((m) => m.id));
    const people = new Set((cohort2013.people ?? []).map((p) => p.id));
    const earlier = EARLIER.flatMap((year) => (readCohort(planFile(year)) as Plan).assignments);
    const unknownMembers = new Set(earlier.flatMap((a) => [a.host, ...a.placements.map((p) => p.member)]).filter((id) => id !== null && !members.has(id)));
    const unknownPeople = new Set(earlier.flatMap((a) => [a.supervisor, a.mentor]).filter((id): id is string => id !== null && !people.has(id)));
    expect(unknownMembers.size).toBe(0);
    expect(unknownPeople.size).toBeGreaterThan(0);
    const warnings = plan.warnings ?? [];
    expect(new Set(warnings.map((w) => w.code))).toEqual(new Set(["history_unknown_person"]));
    expect(new Set(warnings.map((w) => /"([^"]+)"/.exec(w.message)?.[1]))).toEqual(unknownPeople);
    expect(warnings).toHaveLength(unknownPeople.size);
    for (const w of warnings) {
      // The path names the id's place in the chain.
      const at = /^history\[(\d+)\]\.assignments\[(\d+)\]\.(supervisor|mentor)$/.exec(w.path);
      expect(at, w.path).not.toBeNull();
      const assignment = (chain.history[Number(at?.[1])] as unknown as Plan).assignments[Number(at?.[2])];
      expect(w.message).toContain(`"${assignment?.[at?.[3] as "supervisor" | "mentor"]}"`);
    }

    // Each member's balance over the history, counted here from the plan files.
    const sent = new Map<string, number>();
    const received = new Map<string, number>();
    const bump = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);
    for (const a of earlier) {
      for (const p of a.placements) {
        if (a.host === null || p.member === a.host) continue;
        bump(sent, a.host);
        bump(received, p.member);
      }
    }
    expect(plan.balance?.map((r) => r.member)).toEqual((cohort2013.members ?? []).map((m) => m.id));
    for (const row of plan.balance ?? []) {
      expect(row.history.sent, row.member).toBe(sent.get(row.member) ?? 0);
      expect(row.history.received, row.member).toBe(received.get(row.member) ?? 0);
      expect(row.balanceBefore).toBe(row.history.received - row.history.sent);
    }
  });

  it("is what `rotamatch solve romerike-2013.json --history \"NAME=PLAN\" ...` solves", async () => {
    const history = EARLIER.flatMap((year) => ["--history", `Romerike ${year}=examples/${planFile(year)}`]);
    const { code, stdout } = await rotamatch("solve", "examples/romerike-2013.json", ...history, "--format", "json");
    expect(code).toBe(0);
    const { stats: _stats, ...plan } = JSON.parse(stdout) as Plan;
    const result = solveCohort(chain);
    if (!result.ok) throw new Error("not valid");
    const { stats: _chainStats, ...fromChain } = result.plan;
    expect(plan).toEqual(fromChain);
  });

  it("with every fairness weight 0 written out, keeps the 2013 plan's objective", () => {
    const zero = { ...chain, weights: { ...chain.weights, repeatExchange: 0, repeatMentorHost: 0, reciprocity: 0 } };
    const alone = solveCohort(cohort2013);
    const result = solveCohort(zero);
    if (!alone.ok || !result.ok) throw new Error("not valid");
    expect(result.plan.objective).toBe(alone.plan.objective);
  });
});
