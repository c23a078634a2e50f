/**
 * The pack (writePlanPack): unzipped, each member's folder holds a workbook with exactly its
 * hosted trainees, visitors and its people's trainees, read back with the package's own XLSX
 * reader, and a calendar whose events are the trainees' own (same UIDs, same bytes); each
 * supervisor and mentor with trainees has a calendar; names are safe and unique; the bytes
 * are the same every time and in every time zone; both languages; a re-planned plan.
 */
import { readFileSync } from "node:fs";
import { planByMember, replanCohort, solveCohort, type CohortInput, type Plan, type ReplanPlan, type SolvedPlan } from "@rotamatch/core";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { DEFAULT_SHEET_LIMITS, PLAN_SHEET_NAMES, PlanCohortMismatchError, safeFileName, writePlanIcs, writePlanPack, type Lang } from "../src/index.js";
import { readXlsx } from "../src/xlsx/read-xlsx.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
const plan = solved.plan as SolvedPlan;

/** The pack's files by path. */
function unpack(zip: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(zip);
}

/** A file's text, a byte order mark kept. */
const text = (bytes: Uint8Array | undefined): string => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);

/** Each entry's DOS date and time from the ZIP's central directory, as [date, time] words. */
function zipTimes(zip: Uint8Array): [number, number][] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22; // no archive comment
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const out: [number, number][] = [];
  let at = view.getUint32(end + 16, true);
  for (let n = view.getUint16(end + 10, true); n > 0; n -= 1) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    out.push([view.getUint16(at + 14, true), view.getUint16(at + 12, true)]);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

/** The rows of one sheet, as text cells, header first. */
function sheetRows(workbook: Uint8Array, name: string): string[][] {
  const table = readXlsx(workbook, DEFAULT_SHEET_LIMITS, (n) => n === name).tables[0];
  return (table?.rows ?? []).map((r) => r.cells.map((c) => (c === null ? "" : typeof c === "object" ? c.date : String(c))));
}

/** Each event of a calendar as its unfolded lines, by UID. */
function events(ics: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of ics.replace(/\r\n /g, "").split("BEGIN:VEVENT\r\n").slice(1)) {
    const body = block.slice(0, block.indexOf("END:VEVENT"));
    out.set(/^UID:(.*)$/m.exec(body)?.[1]?.trim() ?? "", body);
  }
  return out;
}

/** What a member's part must be, worked out from the plan directly: the test's own oracle. */
function expectedPart(cohort: CohortInput, p: Plan, member: string): { all: Set<string>; stays: Map<string, string[]> } {
  const people = new Set((cohort.people ?? []).filter((x) => x.member === member).map((x) => x.id));
  const all = new Set<string>();
  const stays = new Map<string, string[]>();
  for (const a of p.assignments) {
    if (a.host === member || people.has(a.supervisor ?? "") || people.has(a.mentor ?? "")) all.add(a.trainee);
    else {
      const periods = a.placements.filter((x) => x.member === member).map((x) => x.period);
      if (periods.length > 0) stays.set(a.trainee, periods);
    }
  }
  return { all, stays };
}

const memberName = (id: string): string => romerike.members.find((m) => m.id === id)?.name ?? id;

describe.each<[Lang, { readme: string; members: string; supervisors: string; mentors: string; workbook: string; calendar: string }]>([
  ["en", { readme: "README.txt", members: "Members", supervisors: "Supervisors", mentors: "Mentors", workbook: "Plan", calendar: "Calendar" }],
  ["nb", { readme: "LES-MEG.txt", members: "Medlemmer", supervisors: "Veiledere", mentors: "Mentorer", workbook: "Plan", calendar: "Kalender" }],
])("the pack in %s", (lang, words) => {
  const packed = writePlanPack(romerike, plan, { lang });
  const sheet = PLAN_SHEET_NAMES[lang];

  it("has the README first, then a folder per member with its workbook and calendar, and a calendar per person with trainees", async () => {
    const files = unpack(await packed);
    const paths = Object.keys(files);
    expect(paths[0]).toBe(words.readme);
    const readme = text(files[words.readme]);
    expect(readme.startsWith(`\uFEFF${romerike.programme.name}`)).toBe(true);
    expect(readme).toMatch(/\r\n/);
    for (const m of romerike.members) {
      const folder = `${words.members}/${safeFileName(memberName(m.id), m.id)}`;
      expect(paths).toContain(`${folder}/${words.workbook} ${safeFileName(memberName(m.id), m.id)}.xlsx`);
      expect(paths).toContain(`${folder}/${words.calendar} ${safeFileName(memberName(m.id), m.id)}.ics`);
      expect(readme).toContain(`${memberName(m.id)}: ${folder}/`);
    }
    for (const role of ["supervisor", "mentor"] as const) {
      const folder = role === "supervisor" ? words.supervisors : words.mentors;
      const withTrainees = (romerike.people ?? []).filter((p) => p.role === role && plan.assignments.some((a) => a[role] === p.id));
      expect(paths.filter((p) => p.startsWith(`${folder}/`))).toHaveLength(withTrainees.length);
      for (const person of withTrainees) {
        const file = paths.find((p) => p.startsWith(`${folder}/${person.name ?? person.id} (`));
        expect(file, person.id).toBeDefined();
        // Their calendar: each of their trainees' own events, byte for byte, and the gatherings.
        const got = events(text(files[file as string]));
        const want = new Map<string, string>();
        for (const a of plan.assignments.filter((x) => x[role] === person.id)) {
          for (const [uid, body] of events(writePlanIcs(romerike, plan, { trainee: a.trainee, lang }))) want.set(uid, body);
        }
        expect(got).toEqual(want);
      }
    }
    expect(paths).toHaveLength(1 + 2 * romerike.members.length + paths.filter((p) => p.startsWith(`${words.supervisors}/`) || p.startsWith(`${words.mentors}/`)).length);
  });

  it.each(romerike.members.map((m) => [m.id]))("%s's workbook holds its trainees, visitors and its people's trainees, and its own rows", async (member) => {
    const files = unpack(await packed);
    const stem = safeFileName(memberName(member), member);
    const workbook = files[`${words.members}/${stem}/${words.workbook} ${stem}.xlsx`] as Uint8Array;
    const names = readXlsx(workbook, DEFAULT_SHEET_LIMITS, () => false).sheetNames;
    expect(names).toEqual([sheet.summary, sheet.plan, sheet.byMember, sheet.byMentor, sheet.bySupervisor]);
    const { all, stays } = expectedPart(romerike, plan, member);
    const planRows = sheetRows(workbook, sheet.plan).slice(1);
    expect(new Set(planRows.map((r) => r[0]))).toEqual(new Set([...all, ...stays.keys()]));
    expect(planRows).toHaveLength((all.size + stays.size) * romerike.programme.periods.length);
    // By member: only its own rows, with the whole plan's counts against its capacity.
    const load = planByMember(romerike, plan).find((l) => l.member === member);
    const byMember = sheetRows(workbook, sheet.byMember).slice(1);
    expect(byMember.map((r) => [r[0], r[2], r[8], r[9]])).toEqual(load?.periods.map((p) => [member, p.period, String(p.trainees.length), String(p.capacity)]));
    for (const name of [sheet.byMentor, sheet.bySupervisor]) {
      const rows = sheetRows(workbook, name).slice(1);
      const role = name === sheet.byMentor ? "mentor" : "supervisor";
      expect(rows.map((r) => r[0])).toEqual((romerike.people ?? []).filter((p) => p.member === member && p.role === role).map((p) => p.id));
    }
    // Its calendar: the trainees' own events (every period, or a visitor's stay), byte for byte.
    const got = events(text(files[`${words.members}/${stem}/${words.calendar} ${stem}.ics`]));
    const gatherings = [...events(writePlanIcs(romerike, plan, { lang }))].filter(([uid]) => uid.includes(".gathering-"));
    const want = new Map<string, string>(gatherings);
    for (const a of plan.assignments) {
      const only = stays.get(a.trainee);
      if (!all.has(a.trainee) && only === undefined) continue;
      for (const [uid, body] of events(writePlanIcs(romerike, plan, { trainee: a.trainee, lang }))) {
        const period = a.placements.find((p) => uid.endsWith(`.${encodeURIComponent(a.trainee)}.${encodeURIComponent(p.period)}@rotamatch`))?.period;
        if (only === undefined || period === undefined || only.includes(period)) want.set(uid, body);
      }
    }
    expect(got).toEqual(want);
    expect(got.size).toBeGreaterThanOrEqual(romerike.programme.gatherings?.length ?? 0);
  });

  it("writes the same bytes every time, every entry dated 1980-01-01 00:00 (no clock, no time zone)", async () => {
    const first = await packed;
    expect(await writePlanPack(romerike, plan, { lang })).toEqual(first);
    const times = zipTimes(first);
    expect(times).toHaveLength(Object.keys(unpack(first)).length);
    // DOS date: (1980 - 1980) << 9 | 1 << 5 | 1; time 0.
    for (const t of times) expect(t).toEqual([(1 << 5) | 1, 0]);
  });
});

describe("names in the pack", () => {
  it.each([
    ["NRV/NRA IKS", "x", "NRV_NRA IKS"],
    ["..", "nrv", "nrv"],
    ["../../etc/passwd", "x", "___.._etc_passwd"],
    ["CON", "x", "_CON"],
    ["nul.txt", "x", "_nul.txt"],
    ['a<b>c:d"e|f?g*h\\i', "x", "a_b_c_d_e_f_g_h_i"],
    ["Skedsmo kommune. ", "x", "Skedsmo kommune"],
    ["Ra\u0308lingen", "x", "R\u00e4lingen"],
    ["  \t ", "../id", "___id"],
    ["", "", "_"],
  ])("%j (id %j) is %j", (name, id, safe) => {
    expect(safeFileName(name, id)).toBe(safe);
  });

  it("a cohort whose names would escape the folder, clash or break Windows gives only safe, unique paths", async () => {
    const hostile = ["../../evil", "Skedsmo", "skedsmo", "CON", "a\\b", "..", "Sko\u0308gen: *nytt*", "x".repeat(150)];
    const cohort: CohortInput = {
      ...romerike,
      members: romerike.members.map((m, i) => ({ ...m, name: hostile[i] ?? m.name })),
      people: (romerike.people ?? []).map((p) => ({ ...p, name: "Kari/Nordmann" })),
    };
    const paths = Object.keys(unpack(await writePlanPack(cohort, plan)));
    const seen = new Set<string>();
    for (const path of paths) {
      expect(path).toBe(path.normalize("NFC"));
      for (const part of path.split("/")) {
        expect(part).not.toMatch(/^\.|[\\:*?"<>|\u0000-\u001f]|[. ]$/);
        expect(Array.from(part).length).toBeLessThanOrEqual(100);
        expect(part).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
      }
      expect(seen.has(path.toLowerCase()), path).toBe(false);
      seen.add(path.toLowerCase());
    }
    const folders = new Set(paths.filter((p) => p.startsWith("Members/")).map((p) => p.split("/")[1]));
    expect(folders.size).toBe(romerike.members.length);
    expect(folders).toContain("Skedsmo");
    expect(folders).toContain("skedsmo (2)");
    expect(paths.filter((p) => p.startsWith("Mentors/Kari_Nordmann (")).length).toBeGreaterThan(1);
  });
});

describe("a re-planned plan's pack", () => {
  /** docs/replanning.md: on 1 March 2014 the mentor of Nora Amundsen (t3) leaves. */
  const mentorLeaves: CohortInput = { ...romerike, people: (romerike.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
  const result = replanCohort(mentorLeaves, plan, { asOf: "2014-03-01" });
  if (!result.ok) throw new Error("the re-plan failed");
  const replanned: ReplanPlan = result.plan;
  const t3 = replanned.assignments.find((a) => a.trainee === "t3");

  it("gives each member the changes that concern it, and the trainees' calendars' events with their SEQUENCE", async () => {
    const files = unpack(await writePlanPack(mentorLeaves, replanned, { lang: "nb" }));
    const concerned = new Set([t3?.host, ...(t3?.placements.map((p) => p.member) ?? []), "aurskog-holand"]);
    for (const m of mentorLeaves.members) {
      const stem = safeFileName(m.name ?? m.id, m.id);
      const workbook = files[`Medlemmer/${stem}/Plan ${stem}.xlsx`] as Uint8Array;
      expect(readXlsx(workbook, DEFAULT_SHEET_LIMITS, () => false).sheetNames.slice(0, 3)).toEqual(["Sammendrag", "Endringer", "Plan"]);
      const changes = sheetRows(workbook, "Endringer").slice(1);
      expect(changes.map((r) => r[0]), m.id).toEqual(concerned.has(m.id) ? ["t3"] : []);
      const calendar = text(files[`Medlemmer/${stem}/Kalender ${stem}.ics`]);
      expect(calendar).toContain("SEQUENCE:");
    }
    // The new mentor's calendar: t3's own events, SEQUENCE and all.
    const mentor = Object.keys(files).find((p) => p.startsWith("Mentorer/") && p.includes("Egil Tangen")) as string;
    const own = events(writePlanIcs(mentorLeaves, replanned, { trainee: "t3", lang: "nb" }));
    const got = events(text(files[mentor]));
    for (const [uid, body] of own) expect(got.get(uid)).toBe(body);
    expect([...own.values()].some((body) => /SEQUENCE:[1-9]/.test(body))).toBe(true);
  });
});

describe("roles left empty", () => {
  // One mentor for eight trainees: seven are left without one (allowUnassigned).
  const mentor = (romerike.people ?? []).find((p) => p.role === "mentor" && p.member === "skedsmo");
  const short: CohortInput = {
    ...romerike,
    people: (romerike.people ?? []).filter((p) => p.role !== "mentor" || p === mentor),
    pins: (romerike.pins ?? []).filter((p) => !("mentor" in p)),
    forbid: (romerike.forbid ?? []).filter((f) => !("mentor" in f)),
    rules: { ...romerike.rules, allowUnassigned: true },
  };
  const result = solveCohort(short);
  if (!result.ok) throw new Error("the short cohort is not valid");
  const shortPlan = result.plan;

  it("give a member an Unassigned sheet with its own trainees' empty roles, and no sheet when it has none", async () => {
    expect(shortPlan.unassigned.length).toBeGreaterThan(0);
    const files = unpack(await writePlanPack(short, shortPlan));
    const withSheet: string[] = [];
    for (const m of short.members) {
      const stem = safeFileName(m.name ?? m.id, m.id);
      const workbook = files[`Members/${stem}/Plan ${stem}.xlsx`] as Uint8Array;
      const { all, stays } = expectedPart(short, shortPlan, m.id);
      const own = shortPlan.unassigned.filter((u) => all.has(u.trainee) || stays.has(u.trainee)).map((u) => [u.trainee, u.role]);
      const names = readXlsx(workbook, DEFAULT_SHEET_LIMITS, () => false).sheetNames;
      if (own.length === 0) expect(names, m.id).not.toContain("Unassigned");
      else {
        expect(sheetRows(workbook, "Unassigned").slice(1).map((r) => [r[0], r[2]]), m.id).toEqual(own);
        withSheet.push(m.id);
      }
    }
    // Both cases happen: some members have such trainees, some have none.
    expect(withSheet.length).toBeGreaterThan(0);
    expect(withSheet.length).toBeLessThan(short.members.length);
  });
});

it("refuses a plan of another cohort, as the other writers do", async () => {
  const other: CohortInput = { ...romerike, trainees: romerike.trainees.slice(1) };
  await expect(writePlanPack(other, plan)).rejects.toBeInstanceOf(PlanCohortMismatchError);
});
