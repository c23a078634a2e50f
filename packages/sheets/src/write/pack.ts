/**
 * The pack: one ZIP with every member's and every supervisor's and mentor's part of a plan,
 * for the working group to send on instead of cutting the plan up by hand for each of them.
 *
 *     README.txt                                     (LES-MEG.txt in Norwegian) what is where
 *     Members/Skedsmo kommune/Plan Skedsmo kommune.xlsx
 *     Members/Skedsmo kommune/Calendar Skedsmo kommune.ics
 *     Supervisors/Kari Nordmann (Skedsmo kommune).ics
 *     Mentors/Ola Hansen (Lørenskog kommune).ics
 *
 * In Norwegian the folders are Medlemmer, Veiledere and Mentorer and the files "Plan X.xlsx"
 * and "Kalender X.ics". A member's part is its trainees (those it hosts), its visitors (the
 * trainees of other members placed at it in an away period) and the trainees of its
 * supervisors and mentors. Its workbook is the plan workbook's own tables (plan-tables.ts) for
 * a plan cut down to those trainees, with the sheets a member's HR person reads (who is where
 * and when, who supervises and mentors them, its capacities, the re-plan's changes that concern
 * it), not the cost sheets the working group weighs plans with. Its calendar and each person's
 * are the trainees' own calendars' events (ics.ts), with the same UIDs and SEQUENCE, so that a
 * calendar that imports a member's and a trainee's file holds each event once, and a re-planned
 * plan's pack updates the events already imported.
 *
 * File names come from the cohort's names, made safe for every file system (safeFileName) and
 * unique in their folder. The bytes depend on the plan, the cohort and the language only: the
 * ZIP's timestamps are fixed, and every file inside is written deterministically.
 */
import type { CohortInput, Plan, ReplanChange } from "@rotamatch/core/format";
import { zipSync, strToU8, type Zippable } from "fflate";
import type { CellValue, OutputTable } from "../table.js";
import { formatList } from "../values.js";
import { BY_MEMBER_COLUMNS, BY_PERSON_COLUMNS, PLAN_HEADERS, PLAN_SHEET_KEYS, PLAN_SHEET_NAMES, SUMMARY_KEY_WORDS, VALUE_WORDS, type Lang, type PlanSheetKey } from "../words.js";
import { writeXlsx } from "../xlsx/write-xlsx.js";
import { checkPlanAndChanges, type PlanToWrite } from "./check-pair.js";
import type { LangOption } from "./export.js";
import { writePlanIcs } from "./ics.js";
import { planBalance } from "./balance.js";
import { planTables } from "./plan-tables.js";

/** 1980-01-01 00:00 local time: the earliest ZIP timestamp, the same in every time zone (fflate writes local time). */
const FIXED_MTIME = new Date(1980, 0, 1);

/** The pack's words: its folders, files and README, per language. */
interface PackWords {
  readonly readme: string;
  readonly members: string;
  readonly supervisors: string;
  readonly mentors: string;
  workbook(member: string): string;
  calendar(member: string): string;
  /** The member's Summary sheet's keys, after the plan workbook's programme, start and status. */
  readonly summary: { readonly member: string; readonly hosts: string; readonly visitors: string; readonly followed: string };
  /** The README's text; `members` and `people` list the folders and files written. */
  readmeText(facts: ReadmeFacts): string[];
}

/** What the README says about one pack. */
interface ReadmeFacts {
  readonly programme: string;
  readonly status: string;
  readonly replanned: boolean;
  readonly members: readonly { readonly name: string; readonly folder: string }[];
  readonly supervisors: readonly { readonly name: string; readonly file: string }[];
  readonly mentors: readonly { readonly name: string; readonly file: string }[];
}

/** "  Name: path" lines, or one line saying there are none. */
function listing(entries: readonly { readonly name: string; readonly path: string }[], none: string): string[] {
  return entries.length === 0 ? [`  (${none})`] : entries.map((e) => `  ${e.name}: ${e.path}`);
}

const PACK_WORDS: Readonly<Record<Lang, PackWords>> = {
  en: {
    readme: "README.txt",
    members: "Members",
    supervisors: "Supervisors",
    mentors: "Mentors",
    workbook: (member) => `Plan ${member}.xlsx`,
    calendar: (member) => `Calendar ${member}.ics`,
    summary: { member: "member", hosts: "hosts", visitors: "visitors", followed: "trainees of its supervisors and mentors" },
    readmeText: (f) => [
      `${f.programme}: the plan (${f.status}), a part for every member, supervisor and mentor`,
      "",
      "Send each member its folder, and each supervisor and mentor their calendar.",
      "",
      "Members/",
      "  One folder per member, with two files:",
      "  - Plan MEMBER.xlsx, a workbook: Summary; Plan (every period of the member's trainees, its",
      "    visitors and its supervisors' and mentors' trainees, with their supervisor and mentor);",
      "    By member (who it hosts and who visits it, period by period, against its capacity);",
      "    By mentor and By supervisor (its people, their trainees and their capacity)" +
        (f.replanned ? ";\n    Changes (the changes of the re-planned plan that concern the member)." : "."),
      "    A trainee left without a role that concerns the member is on an Unassigned sheet.",
      "  - Calendar MEMBER.ics, a calendar for Outlook, Google Calendar or another calendar program:",
      "    every period of its trainees and of its supervisors' and mentors' trainees, its",
      "    visitors' away periods at it, and the gatherings.",
      "Supervisors/ and Mentors/",
      "  One calendar per supervisor and mentor who has trainees: their trainees' periods and",
      "  the gatherings.",
      "",
      "Every event has the same identity (UID) as in the cohort's and the trainees' calendars:",
      "importing the calendar of a later plan updates the events already imported instead of",
      "adding copies. An event that a later plan no longer has is not removed by the import.",
      "",
      "Members:",
      ...listing(f.members.map((m) => ({ name: m.name, path: `${m.folder}/` })), "none"),
      "Supervisors:",
      ...listing(f.supervisors.map((p) => ({ name: p.name, path: p.file })), "none with trainees"),
      "Mentors:",
      ...listing(f.mentors.map((p) => ({ name: p.name, path: p.file })), "none with trainees"),
    ],
  },
  nb: {
    readme: "LES-MEG.txt",
    members: "Medlemmer",
    supervisors: "Veiledere",
    mentors: "Mentorer",
    workbook: (member) => `Plan ${member}.xlsx`,
    calendar: (member) => `Kalender ${member}.ics`,
    summary: { member: "medlem", hosts: "vert for", visitors: "besøkende", followed: "traineer hos veilederne og mentorene" },
    readmeText: (f) => [
      `${f.programme}: planen (${f.status}), en del for hvert medlem, hver veileder og hver mentor`,
      "",
      "Send hvert medlem mappen sin, og hver veileder og mentor kalenderen sin.",
      "",
      "Medlemmer/",
      "  Én mappe per medlem, med to filer:",
      "  - Plan MEDLEM.xlsx, en arbeidsbok: Sammendrag; Plan (hver periode for medlemmets",
      "    traineer, besøkende og veiledernes og mentorenes traineer, med veileder og mentor);",
      "    Per medlem (hvem det er vert for og hvem som besøker det, periode for periode, mot",
      "    kapasiteten); Per mentor og Per veileder (personene, traineene deres og kapasiteten)" +
        (f.replanned ? ";\n    Endringer (endringene i den nye planen som gjelder medlemmet)." : "."),
      "    En trainee uten en rolle som gjelder medlemmet, står i arket Ufordelt.",
      "  - Kalender MEDLEM.ics, en kalender for Outlook, Google Kalender eller et annet",
      "    kalenderprogram: hver periode for traineene og for veiledernes og mentorenes",
      "    traineer, de besøkendes borteperioder hos medlemmet, og samlingene.",
      "Veiledere/ og Mentorer/",
      "  Én kalender per veileder og mentor som har traineer: traineenes perioder og samlingene.",
      "",
      "Hver hendelse har samme identitet (UID) som i kullets og traineenes kalendere: når",
      "kalenderen til en senere plan importeres, oppdateres hendelsene som allerede er importert,",
      "i stedet for å legges inn på nytt. En hendelse som en senere plan ikke har, fjernes ikke",
      "ved importen.",
      "",
      "Medlemmer:",
      ...listing(f.members.map((m) => ({ name: m.name, path: `${m.folder}/` })), "ingen"),
      "Veiledere:",
      ...listing(f.supervisors.map((p) => ({ name: p.name, path: p.file })), "ingen med traineer"),
      "Mentorer:",
      ...listing(f.mentors.map((p) => ({ name: p.name, path: p.file })), "ingen med traineer"),
    ],
  },
};

/**
 * The plan as a pack (ZIP bytes): per member a folder with its workbook and calendar, per
 * supervisor and mentor with trainees a calendar, and a README at the top, in the language
 * (`lang`, English by default). Throws PlanCohortMismatchError when the plan does not fit
 * the cohort, as the other plan writers do.
 */
export async function writePlanPack(cohort: CohortInput, plan: PlanToWrite, options: LangOption = {}): Promise<Uint8Array> {
  const { plan: checked, changes } = checkPlanAndChanges(cohort, plan);
  // Counted once for the whole plan (a member's part would count only its own trainees); the
  // member workbooks leave the sheet out, but the table builders it shares with the plan workbook make it.
  const withBalance: Plan = checked.balance === undefined ? { ...checked, balance: [...planBalance(cohort, checked)] } : checked;
  const lang = options.lang ?? "en";
  const words = PACK_WORDS[lang];
  const names = namesOf(cohort);
  const files: Zippable = {};
  // Workbooks are ZIPs already: stored as they are, the text files deflated.
  const addText = (path: string, text: string): void => {
    files[path] = [strToU8(text), { level: 9 }];
  };

  const memberFolders = new UniqueNames();
  const members: { name: string; folder: string }[] = [];
  for (const member of cohort.members) {
    const name = names.member(member.id);
    // The folder's unique name names its files too: two members of one name get distinct attachments.
    const stem = memberFolders.take(name, member.id);
    const folder = `${words.members}/${stem}`;
    const part = memberPart(cohort, withBalance, changes, member.id);
    files[`${folder}/${words.workbook(stem)}`] = [writeXlsx(memberTables(cohort, part, names, lang)), { level: 0 }];
    addText(`${folder}/${words.calendar(stem)}`, writePlanIcs(cohort, plan, { trainees: part.calendar, name: `${cohort.programme.name}: ${name}`, lang }));
    members.push({ name, folder });
  }

  const people = { supervisor: [] as { name: string; file: string }[], mentor: [] as { name: string; file: string }[] };
  for (const role of ["supervisor", "mentor"] as const) {
    const folder = role === "supervisor" ? words.supervisors : words.mentors;
    const used = new UniqueNames();
    for (const person of (cohort.people ?? []).filter((p) => p.role === role)) {
      const trainees = checked.assignments.filter((a) => a[role] === person.id).map((a) => ({ trainee: a.trainee }));
      if (trainees.length === 0) continue;
      const name = `${names.person(person.id)} (${names.member(person.member)})`;
      const file = `${folder}/${used.take(name, person.id)}.ics`;
      addText(file, writePlanIcs(cohort, plan, { trainees, name: `${cohort.programme.name}: ${names.person(person.id)}`, lang }));
      people[role].push({ name, file });
    }
  }

  const facts: ReadmeFacts = {
    programme: cohort.programme.name,
    status: VALUE_WORDS[lang].status[checked.status],
    replanned: changes !== null,
    members,
    supervisors: people.supervisor,
    mentors: people.mentor,
  };
  // A byte order mark and CRLF, so that Notepad on any Windows shows æ, ø and å and the lines.
  const readme = { [words.readme]: [strToU8(`\uFEFF${words.readmeText(facts).join("\n").replace(/\n/g, "\r\n")}\r\n`), { level: 9 }] } as Zippable;
  // The README first, so that it is the first entry a ZIP program lists.
  return zipSync({ ...readme, ...files }, { mtime: FIXED_MTIME });
}

// ---------------------------------------------------------------------------------------
// A member's part
// ---------------------------------------------------------------------------------------

/** The trainees that concern a member, and the plan cut down to them. */
interface MemberPart {
  readonly member: string;
  /** The trainees it hosts, in plan order. */
  readonly hosts: readonly string[];
  /** Trainees of other members placed at it in an away period, in plan order. */
  readonly visitors: readonly string[];
  /** Trainees its supervisors or mentors take, neither hosted nor visiting, in plan order. */
  readonly followed: readonly string[];
  /** The plan with only those trainees' assignments and empty roles, and no diagnosis. */
  readonly plan: Plan;
  /** The re-plan's changes that concern the member (null for a plan without `changes`). */
  readonly changes: readonly ReplanChange[] | null;
  /** The calendar's events: every period of its hosted and followed trainees, a visitor's stay at it. */
  readonly calendar: readonly { readonly trainee: string; readonly periods?: readonly string[] }[];
}

function memberPart(cohort: CohortInput, plan: Plan, changes: readonly ReplanChange[] | null, member: string): MemberPart {
  const people = new Set((cohort.people ?? []).filter((p) => p.member === member).map((p) => p.id));
  const hosts: string[] = [];
  const visitors: string[] = [];
  const followed: string[] = [];
  const calendar: { trainee: string; periods?: string[] }[] = [];
  for (const a of plan.assignments) {
    const stays = a.placements.filter((p) => p.member === member && a.host !== member).map((p) => p.period);
    if (a.host === member) hosts.push(a.trainee);
    else if (stays.length > 0) visitors.push(a.trainee);
    const follows = (a.supervisor !== null && people.has(a.supervisor)) || (a.mentor !== null && people.has(a.mentor));
    if (follows && a.host !== member && stays.length === 0) followed.push(a.trainee);
    if (a.host === member || follows) calendar.push({ trainee: a.trainee });
    else if (stays.length > 0) calendar.push({ trainee: a.trainee, periods: stays });
  }
  const concerned = new Set([...hosts, ...visitors, ...followed]);
  // A change concerns the member when its trainee does, or when it moves a trainee to or from
  // the member or one of its people (a visitor who no longer comes is news to the member).
  const touches = (c: ReplanChange): boolean => {
    const ours = c.role === "host" || c.role === "away" ? (id: string | null) => id === member : (id: string | null) => id !== null && people.has(id);
    return concerned.has(c.trainee) || ours(c.from) || ours(c.to);
  };
  return {
    member,
    hosts,
    visitors,
    followed,
    plan: {
      ...plan,
      assignments: plan.assignments.filter((a) => concerned.has(a.trainee)),
      unassigned: plan.unassigned.filter((u) => concerned.has(u.trainee)),
      diagnosis: [],
    } as Plan,
    changes: changes === null ? null : changes.filter(touches),
    calendar,
  };
}

/** The plan workbook's sheets a member's workbook keeps, after its own Summary. */
const MEMBER_SHEETS: ReadonlySet<PlanSheetKey> = new Set(["changes", "plan", "byMember", "byMentor", "bySupervisor", "unassigned"]);

/**
 * The member's workbook: its Summary (the programme, the plan's status, who it hosts, who
 * visits and whom its people follow), then the plan workbook's tables for the member's part of
 * the plan: Changes (a re-planned plan), Plan, By member (its own rows), By mentor and By
 * supervisor (its own people), and Unassigned when one of its trainees has an empty role. The
 * part holds every trainee placed at the member or taken by its people, so the counts against
 * capacity in those rows are the whole plan's.
 */
function memberTables(cohort: CohortInput, part: MemberPart, names: PackNames, lang: Lang): OutputTable[] {
  const tables = planTables(cohort, part.plan, part.changes, lang);
  const keys = PLAN_SHEET_KEYS.filter((key) => part.changes !== null || key !== "changes");
  const memberColumn = BY_MEMBER_COLUMNS.indexOf("member");
  const personMemberColumn = BY_PERSON_COLUMNS.indexOf("member");
  const kept: OutputTable[] = [memberSummary(cohort, part, names, lang)];
  keys.forEach((key, i) => {
    const table = tables[i];
    if (table === undefined || !MEMBER_SHEETS.has(key)) return;
    const column = key === "byMember" ? memberColumn : key === "byMentor" || key === "bySupervisor" ? personMemberColumn : null;
    const rows = column === null ? table.rows : table.rows.filter((row) => row[column] === part.member);
    if (key === "unassigned" && rows.length === 0) return;
    kept.push({ ...table, rows });
  });
  return kept;
}

function memberSummary(cohort: CohortInput, part: MemberPart, names: PackNames, lang: Lang): OutputTable {
  const key = SUMMARY_KEY_WORDS[lang];
  const words = PACK_WORDS[lang].summary;
  const list = (trainees: readonly string[]): CellValue => (trainees.length === 0 ? null : formatList(trainees.map((t) => names.trainee(t))));
  const rows: CellValue[][] = [
    [key.programme, cohort.programme.name],
    [key.start, { date: cohort.programme.start }],
    [key.status, VALUE_WORDS[lang].status[part.plan.status]],
    [words.member, names.member(part.member)],
    [words.hosts, list(part.hosts)],
    [words.visitors, list(part.visitors)],
    [words.followed, list(part.followed)],
  ];
  const header = PLAN_HEADERS[lang].summary;
  return { name: PLAN_SHEET_NAMES[lang].summary, header: [header.setting, header.value], rows };
}

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

interface PackNames {
  member(id: string): string;
  person(id: string): string;
  trainee(id: string): string;
}

/** Names by id, the id where the cohort gives none. */
function namesOf(cohort: CohortInput): PackNames {
  const byId = (entries: readonly { readonly id: string; readonly name?: string | undefined }[] = []) =>
    new Map(entries.filter((e) => e.name !== undefined && e.name.trim() !== "").map((e) => [e.id, e.name as string]));
  const member = byId(cohort.members);
  const person = byId(cohort.people);
  const trainee = byId(cohort.trainees);
  return {
    member: (id) => member.get(id) ?? id,
    person: (id) => person.get(id) ?? id,
    trainee: (id) => trainee.get(id) ?? id,
  };
}

/** Characters no file name may hold on Windows, macOS or Linux (and controls): replaced by `_`. */
const FORBIDDEN = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;
/** Windows' reserved device names, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
/** Longest name part, in characters: room for the folder, the prefix and the extension under Windows' 260. */
const MAX_NAME = 80;

/**
 * A name as one safe file or folder name: NFC (as macOS and Windows expect), no path
 * separators or characters Windows forbids, no leading dot (hidden, or `..`) and no trailing
 * dot or space (Windows drops them), no reserved device name, at most MAX_NAME characters;
 * `fallback` (an id, made safe the same way) when nothing is left.
 */
export function safeFileName(name: string, fallback: string): string {
  const clean = (text: string): string => {
    let out = text.normalize("NFC").replace(/\s+/g, " ").replace(FORBIDDEN, "_").trim();
    if (/^[. ]*$/.test(out)) return "";
    out = Array.from(out).slice(0, MAX_NAME).join("");
    out = out.replace(/^\.+/, (dots) => "_".repeat(dots.length)).replace(/[. ]+$/, "");
    return RESERVED.test(out) ? `_${out}` : out;
  };
  const safe = clean(name);
  if (safe !== "") return safe;
  const id = clean(fallback);
  return id === "" ? "_" : id;
}

/** Safe names made unique in one folder: a second "Skedsmo kommune" becomes "Skedsmo kommune (2)", case ignored as Windows and macOS do. */
class UniqueNames {
  readonly #used = new Set<string>();

  take(name: string, fallback: string): string {
    const base = safeFileName(name, fallback);
    let candidate = base;
    for (let n = 2; this.#used.has(candidate.toLowerCase()); n += 1) candidate = `${base} (${n})`;
    this.#used.add(candidate.toLowerCase());
    return candidate;
  }
}
