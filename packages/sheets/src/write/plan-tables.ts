/**
 * A plan as tables, for people: a summary, one row per trainee and period, each trainee's
 * cost, the plan by member (who it hosts and who visits, against its capacities), each
 * member's balance of away trainees sent and received (with the history's), by mentor
 * and by supervisor, the roles left empty and, without a plan, the diagnosis. Together they
 * hold everything the plan file holds (costs to 2 decimals), with the names from the cohort beside the ids. Who is
 * where by member and by person is the core's planByMember and planByPerson, shared with the
 * page; this adds the names and the layout.
 *
 * Every word is looked up in words.ts by the writer's language (English by default, as the
 * files always were). Costs are rounded to 2 decimals (the plan's JSON keeps them exact), the
 * Costs sheet gives the travel behind the Travel points in km, and the Summary ends with what
 * the points mean and the figures a working group reports (planFigures).
 */
import {
  COST_TERMS,
  DEFAULT_WEIGHTS,
  assignmentCost,
  distanceKm,
  periodDates,
  planByMember,
  planByPerson,
  type CohortInput,
  type MemberBalance,
  type Plan,
  type ReplanChange,
} from "@rotamatch/core/format";
import { planBalance, reciprocityTerm } from "./balance.js";
import type { CellValue, OutputTable } from "../table.js";
import { formatList } from "../values.js";
import {
  BALANCE_COLUMNS,
  BY_MEMBER_COLUMNS,
  BY_PERSON_COLUMNS,
  CHANGES_COLUMNS,
  COSTS_COLUMNS,
  DIAGNOSIS_COLUMNS,
  FAIRNESS_COST_COLUMNS,
  PLAN_COLUMNS,
  PLAN_HEADERS,
  PLAN_SHEET_FILES,
  PLAN_SHEET_KEYS,
  PLAN_SHEET_NAMES,
  SUMMARY_COLUMNS,
  SUMMARY_KEYS,
  SUMMARY_KEY_WORDS,
  UNASSIGNED_COLUMNS,
  VALUE_WORDS,
  numberWords,
  roundCost,
  type Lang,
  type SummaryKey,
} from "../words.js";

/** The plan's tables with their CSV file names, in workbook order (the English names; PLAN_SHEET_NAMES has both languages). */
export const PLAN_SHEETS = [
  { name: "Summary", file: "plan-summary.csv" },
  { name: "Plan", file: "plan.csv" },
  { name: "Costs", file: "plan-costs.csv" },
  { name: "By member", file: "plan-by-member.csv" },
  { name: "Balance by member", file: "plan-balance.csv" },
  { name: "By mentor", file: "plan-by-mentor.csv" },
  { name: "By supervisor", file: "plan-by-supervisor.csv" },
  { name: "Unassigned", file: "plan-unassigned.csv" },
  { name: "Diagnosis", file: "plan-diagnosis.csv" },
] as const;

/**
 * The sheet a re-planned plan adds after the Summary (and its CSV file): one row per change.
 * Not in PLAN_SHEETS, which every plan has; a plan without `changes` has no such sheet.
 */
export const CHANGES_SHEET = { name: "Changes", file: "plan-changes.csv" } as const;

/** The reasons of a re-plan's changes in words, for the Changes sheet (docs/replanning.md). */
export const CHANGE_REASON_WORDS: Readonly<Record<ReplanChange["reason"], string>> = VALUE_WORDS.en.why;

/** The English headers of the Costs sheet for each cost term. */
export const COST_HEADERS: Readonly<Record<(typeof COST_TERMS)[number], string>> = Object.fromEntries(
  COST_TERMS.map((term) => [term, PLAN_HEADERS.en.costs[term]]),
) as Record<(typeof COST_TERMS)[number], string>;

/**
 * The plan's sheets in workbook order, in a language, with their CSV files: PLAN_SHEETS (and
 * CHANGES_SHEET after the Summary when `withChanges`) with the language's names.
 */
export function planSheets(lang: Lang, withChanges: boolean): { readonly name: string; readonly file: string }[] {
  const keys = PLAN_SHEET_KEYS.filter((key) => withChanges || key !== "changes");
  return keys.map((key) => ({ name: PLAN_SHEET_NAMES[lang][key], file: PLAN_SHEET_FILES[key] }));
}

/** Names by id, for the columns beside the ids. */
class Names {
  readonly member: ReadonlyMap<string, string>;
  readonly person: ReadonlyMap<string, string>;
  readonly trainee: ReadonlyMap<string, string>;

  constructor(cohort: CohortInput) {
    const byId = (entries: readonly { readonly id: string; readonly name?: string | undefined }[] = []) =>
      new Map(entries.filter((e) => e.name !== undefined && e.name !== "").map((e) => [e.id, e.name as string]));
    this.member = byId(cohort.members);
    this.person = byId(cohort.people);
    this.trainee = byId(cohort.trainees);
  }
}

/**
 * The plan's tables, in the order of PLAN_SHEETS; a re-planned plan's `changes` (not null) add
 * the Changes sheet (CHANGES_SHEET) after the Summary. `lang` gives the sheet names, headers
 * and fixed values (words.ts); ids, names and the diagnosis's messages are written as they are.
 */
export function planTables(cohort: CohortInput, plan: Plan, changes: readonly ReplanChange[] | null = null, lang: Lang = "en"): OutputTable[] {
  const names = new Names(cohort);
  const balance = planBalance(cohort, plan);
  return [
    summaryTable(cohort, plan, names, lang, balance),
    ...(changes === null ? [] : [changesTable(changes, names, lang)]),
    placementsTable(cohort, plan, names, lang),
    costsTable(cohort, plan, names, lang),
    byMemberTable(cohort, plan, names, lang),
    balanceTable(balance, names, lang),
    byPersonTable(cohort, plan, names, "mentor", lang),
    byPersonTable(cohort, plan, names, "supervisor", lang),
    unassignedTable(plan, names, lang),
    diagnosisTable(plan, lang),
  ];
}

/** A sheet's header row: its columns' words, in column order. */
function headerOf<K extends string>(columns: readonly K[], words: Readonly<Record<K, string>>): string[] {
  return columns.map((column) => words[column]);
}

/** A cost for a file: rounded to 2 decimals (the plan's JSON keeps the exact figure); null stays null. */
function costCell(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : roundCost(value);
}

function summaryTable(cohort: CohortInput, plan: Plan, names: Names, lang: Lang, balance: readonly MemberBalance[]): OutputTable {
  const key = SUMMARY_KEY_WORDS[lang];
  const rows: CellValue[][] = [
    [key.programme, cohort.programme.name],
    [key.start, { date: cohort.programme.start }],
    [key.status, VALUE_WORDS[lang].status[plan.status]],
    [key.objective, costCell(plan.objective)],
    [key.bound, costCell(plan.bound)],
  ];
  // The part of the objective that is no trainee's cost, when it is weighted (a plan has assignments).
  const reciprocity = plan.assignments.length === 0 ? null : reciprocityTerm(cohort, balance);
  if (reciprocity !== null) rows.push([key.reciprocity, costCell(reciprocity)]);
  // What the plan warns about (ids of the history this cohort does not know), one row each, in the core's words.
  for (const warning of plan.warnings ?? []) rows.push([key.warning, warning.message]);
  if (plan.stats !== undefined) {
    for (const [stat, value] of Object.entries(plan.stats)) rows.push([isSummaryKey(stat) ? key[stat] : stat, value]);
  }
  rows.push([key.points, pointsInWords(cohort, lang)]);
  const figures = planFigures(cohort, plan);
  const share = (counted: ChoiceCount, rank: number): string => shareInWords(counted.atRank[rank] ?? 0, counted.total, lang);
  rows.push(
    [key.hostChoice1, share(figures.host, 0)],
    [key.hostChoice2, share(figures.host, 1)],
    [key.hostChoice3, share(figures.host, 2)],
    [key.awayChoice1, share(figures.away, 0)],
    [key.awayChoice2, share(figures.away, 1)],
    [key.awayChoice3, share(figures.away, 2)],
    [key.averageTravelKm, figures.averageTravelKm === null ? null : roundCost(figures.averageTravelKm)],
    [key.longestTravelKm, figures.longestTravel === null ? null : roundCost(figures.longestTravel.km)],
    [key.longestTravelTrainee, figures.longestTravel === null ? null : (names.trainee.get(figures.longestTravel.trainee) ?? figures.longestTravel.trainee)],
  );
  const periods = cohort.programme.periods;
  for (const member of planByMember(cohort, plan)) {
    const used = member.periods.map((place, i) => {
      const at = VALUE_WORDS[lang].at[place.at];
      const period = periods[i]?.id ?? place.period;
      return lang === "nb"
        ? `${period} (${at}) ${place.trainees.length} av ${place.capacity}`
        : `${period} (${at}) ${place.trainees.length} of ${place.capacity}`;
    });
    rows.push([`${key.capacityUsed}: ${names.member.get(member.member) ?? member.member}`, used.join("; ")]);
  }
  return { name: PLAN_SHEET_NAMES[lang].summary, header: headerOf(SUMMARY_COLUMNS, PLAN_HEADERS[lang].summary), rows };
}

function isSummaryKey(key: string): key is SummaryKey {
  return (SUMMARY_KEYS as readonly string[]).includes(key);
}

/** "7 of 9 (77.8 %)": a count against its total, with the share to one decimal. */
function shareInWords(count: number, total: number, lang: Lang): string {
  const percent = total === 0 ? 0 : Math.round((count / total) * 1000) / 10;
  const shown = lang === "nb" ? String(percent).replace(".", ",") : String(percent);
  return lang === "nb" ? `${count} av ${total} (${shown} %)` : `${count} of ${total} (${shown} %)`;
}

/**
 * What the costs mean, once, in words, with the cohort's own weights: the costs are points the
 * plan keeps as low as it can, not money ("Samlet kostnad 42,5" was read as kroner).
 */
export function pointsInWords(cohort: CohortInput, lang: Lang): string {
  const w = { ...DEFAULT_WEIGHTS, ...cohort.weights };
  const preferred = cohort.rules?.specializationFit === "preferred";
  const n = (value: number): string => numberWords(value, lang);
  if (lang === "nb") {
    const parts = [
      `${n(w.awayRank)} per plass ned i borteønskene`,
      `${n(w.hostRank)} per plass ned i vertsønskene`,
      `${n(w.travelPerKm)} per km mellom vert og bortested`,
      `${n(w.mentorSpecialization)} for en mentor uten traineens spesialisering`,
      ...(preferred
        ? [`${n(w.supervisorSpecialization)} for en veileder uten den`, `${n(w.specializationMiss)} per periode hos et medlem uten den`]
        : []),
      ...(w.repeatExchange === 0 ? [] : [`${n(w.repeatExchange)} per bortested for hvert tidligere kull med samme utveksling mellom verten og bortestedet`]),
      ...(w.repeatMentorHost === 0 ? [] : [`${n(w.repeatMentorHost)} for hvert tidligere kull der mentoren hadde en trainee hos samme vert`]),
    ];
    const reciprocity =
      w.reciprocity === 0
        ? ""
        : ` Planen får i tillegg ${n(w.reciprocity)} per bortetrainee et medlem har mottatt mer eller sendt ut mer enn det andre, over tidligere kull og denne planen (arket Balanse per medlem).`;
    return `Kostnadene er poeng, ikke kroner: planen holder summen så lav som mulig. En trainee får ${parts.join(", ")}. Førstevalget gir 0.${reciprocity} Vektene står i arket Vekter.`;
  }
  const parts = [
    `${n(w.awayRank)} per step down the away preferences`,
    `${n(w.hostRank)} per step down the host preferences`,
    `${n(w.travelPerKm)} per km between host and away member`,
    `${n(w.mentorSpecialization)} for a mentor without the trainee's specialization`,
    ...(preferred
      ? [`${n(w.supervisorSpecialization)} for a supervisor without it`, `${n(w.specializationMiss)} per period at a member without it`]
      : []),
    ...(w.repeatExchange === 0 ? [] : [`${n(w.repeatExchange)} per away placement for each earlier cohort with the same exchange between the host and the away member`]),
    ...(w.repeatMentorHost === 0 ? [] : [`${n(w.repeatMentorHost)} for each earlier cohort in which the mentor had a trainee of the same host`]),
  ];
  const reciprocity =
    w.reciprocity === 0
      ? ""
      : ` The plan also gets ${n(w.reciprocity)} per away trainee by which a member received more than it sent, or sent more than it received, over the earlier cohorts and this plan (the Balance by member sheet).`;
  return `Costs are points, not money: the plan keeps their sum as low as it can. A trainee gets ${parts.join(", ")}. A first choice gives 0.${reciprocity} The weights are in the Weights sheet.`;
}

/** How many placements were at each rank of a preference list (0 = first choice), of how many counted. */
export interface ChoiceCount {
  readonly total: number;
  /** Counts by 0-based rank; a member not on the list is counted in `total` only. */
  readonly atRank: readonly number[];
}

/** The figures a working group reports about a plan (the Summary sheet's, see docs/sheets.md). */
export interface PlanFigures {
  /** Trainees whose host rotamatch chose (none given) and who listed host preferences, by the rank of their host. */
  readonly host: ChoiceCount;
  /** Away placements (trainee and away period) of trainees who listed away preferences, by the rank of the member. */
  readonly away: ChoiceCount;
  /** The mean of each travelling trainee's km (null when no one travels a known distance). */
  readonly averageTravelKm: number | null;
  /** The trainee who travels furthest, and how far (the first of equals, in plan order). */
  readonly longestTravel: { readonly trainee: string; readonly km: number } | null;
}

/**
 * The plan's figures. A trainee's travel is the cost's: the great-circle km from the host to
 * each away member, summed over the away periods, where both have a location; a trainee
 * travels when at least one away placement has a known distance.
 */
export function planFigures(cohort: CohortInput, plan: Plan): PlanFigures {
  const trainees = new Map(cohort.trainees.map((t) => [t.id, t]));
  const host = { total: 0, atRank: [0, 0, 0] };
  const away = { total: 0, atRank: [0, 0, 0] };
  const count = (counted: { total: number; atRank: number[] }, preferences: readonly string[], member: string): void => {
    counted.total += 1;
    const rank = preferences.indexOf(member);
    if (rank >= 0 && rank < counted.atRank.length) counted.atRank[rank] = (counted.atRank[rank] ?? 0) + 1;
  };
  const awayPeriods = new Set(cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id));
  const travels: { trainee: string; km: number }[] = [];
  const locations = locationsOf(cohort);
  for (const a of plan.assignments) {
    const trainee = trainees.get(a.trainee);
    if (trainee === undefined) continue;
    const hostPreferences = trainee.hostPreferences ?? [];
    if (trainee.host === undefined && hostPreferences.length > 0 && a.host !== null) count(host, hostPreferences, a.host);
    const awayPreferences = trainee.awayPreferences ?? [];
    const aways = a.placements.filter((p) => awayPeriods.has(p.period));
    if (awayPreferences.length > 0) for (const p of aways) count(away, awayPreferences, p.member);
    const km = travelKmOf(locations, a.host, aways.map((p) => p.member));
    if (km !== null) travels.push({ trainee: a.trainee, km });
  }
  let longest: { trainee: string; km: number } | null = null;
  for (const t of travels) if (longest === null || t.km > longest.km) longest = t;
  const averageTravelKm = travels.length === 0 ? null : travels.reduce((sum, t) => sum + t.km, 0) / travels.length;
  return { host, away, averageTravelKm, longestTravel: longest };
}

type Locations = ReadonlyMap<string, { readonly lat: number; readonly lon: number }>;

/** Each member's location, by id (members without one left out). */
function locationsOf(cohort: CohortInput): Locations {
  return new Map(cohort.members.flatMap((m) => (m.location === undefined ? [] : [[m.id, m.location] as const])));
}

/** The km from a host to each away member, summed where both have a location; null when none has. */
function travelKmOf(locations: Locations, host: string | null, aways: readonly string[]): number | null {
  const from = host === null ? undefined : locations.get(host);
  if (from === undefined) return null;
  let km: number | null = null;
  for (const member of aways) {
    const to = locations.get(member);
    if (to !== undefined) km = (km ?? 0) + distanceKm(from, to);
  }
  return km;
}

function placementsTable(cohort: CohortInput, plan: Plan, names: Names, lang: Lang): OutputTable {
  const periods = cohort.programme.periods;
  const dates = periodDates(cohort.programme.start, periods);
  const rows: CellValue[][] = [];
  for (const a of plan.assignments) {
    periods.forEach((period, i) => {
      const placement = a.placements.find((p) => p.period === period.id);
      const member = placement?.member ?? null;
      rows.push([
        a.trainee,
        names.trainee.get(a.trainee) ?? null,
        period.id,
        VALUE_WORDS[lang].at[period.at],
        { date: placement?.from ?? dates[i]?.from ?? "" },
        { date: placement?.to ?? dates[i]?.to ?? "" },
        member,
        member === null ? null : (names.member.get(member) ?? null),
        a.host,
        a.supervisor,
        a.supervisor === null ? null : (names.person.get(a.supervisor) ?? null),
        a.mentor,
        a.mentor === null ? null : (names.person.get(a.mentor) ?? null),
      ]);
    });
  }
  return { name: PLAN_SHEET_NAMES[lang].plan, header: headerOf(PLAN_COLUMNS, PLAN_HEADERS[lang].plan), rows };
}

/**
 * One row per trainee: the total and each cost term, then the travel in km. The fairness terms
 * have a column only when a trainee's cost lists them (their weight is not 0), so the sheet of a
 * plan without them is as it always was.
 */
function costsTable(cohort: CohortInput, plan: Plan, names: Names, lang: Lang): OutputTable {
  const awayPeriods = new Set(cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id));
  const locations = locationsOf(cohort);
  const unused = new Set<string>(FAIRNESS_COST_COLUMNS.filter((term) => plan.assignments.every((a) => a.cost[term] === undefined)));
  const terms = COST_TERMS.filter((term) => !unused.has(term));
  const rows = plan.assignments.map((a) => {
    const km = travelKmOf(locations, a.host, a.placements.filter((p) => awayPeriods.has(p.period)).map((p) => p.member));
    return [
      a.trainee,
      names.trainee.get(a.trainee) ?? null,
      roundCost(assignmentCost(a.cost)),
      ...terms.map((term) => costCell(a.cost[term])),
      km === null ? null : roundCost(km),
    ];
  });
  const columns = COSTS_COLUMNS.filter((column) => !unused.has(column));
  return { name: PLAN_SHEET_NAMES[lang].costs, header: headerOf(columns, PLAN_HEADERS[lang].costs), rows };
}

/**
 * One row per member of the cohort, in its order: trainees hosted, away placements sent (of
 * trainees it hosts) and received (at it) in this plan and over the history, and received −
 * sent before this plan (the history), the change this plan makes, and after.
 */
function balanceTable(balance: readonly MemberBalance[], names: Names, lang: Lang): OutputTable {
  const rows = balance.map((b) => [
    b.member,
    names.member.get(b.member) ?? null,
    b.hosted,
    b.sent,
    b.received,
    b.history.hosted,
    b.history.sent,
    b.history.received,
    b.balanceBefore,
    b.balanceAfter - b.balanceBefore,
    b.balanceAfter,
  ]);
  return { name: PLAN_SHEET_NAMES[lang].balance, header: headerOf(BALANCE_COLUMNS, PLAN_HEADERS[lang].balance), rows };
}

function byMemberTable(cohort: CohortInput, plan: Plan, names: Names, lang: Lang): OutputTable {
  const dates = periodDates(cohort.programme.start, cohort.programme.periods);
  const rows: CellValue[][] = [];
  for (const member of planByMember(cohort, plan)) {
    member.periods.forEach((place, i) => {
      rows.push([
        member.member,
        names.member.get(member.member) ?? null,
        place.period,
        VALUE_WORDS[lang].at[place.at],
        { date: dates[i]?.from ?? "" },
        { date: dates[i]?.to ?? "" },
        listCell(place.trainees),
        listCell(place.trainees.map((t) => names.trainee.get(t) ?? t)),
        place.trainees.length,
        place.capacity,
      ]);
    });
  }
  return { name: PLAN_SHEET_NAMES[lang].byMember, header: headerOf(BY_MEMBER_COLUMNS, PLAN_HEADERS[lang].byMember), rows };
}

function byPersonTable(cohort: CohortInput, plan: Plan, names: Names, role: "mentor" | "supervisor", lang: Lang): OutputTable {
  const sheet = role === "mentor" ? "byMentor" : "bySupervisor";
  const rows = planByPerson(cohort, plan, role).map((load) => [
    load.person,
    names.person.get(load.person) ?? null,
    load.member,
    names.member.get(load.member) ?? null,
    listCell(load.trainees),
    listCell(load.trainees.map((t) => names.trainee.get(t) ?? t)),
    load.trainees.length,
    load.capacity,
  ]);
  return { name: PLAN_SHEET_NAMES[lang][sheet], header: headerOf(BY_PERSON_COLUMNS, PLAN_HEADERS[lang][sheet]), rows };
}

/**
 * One row per change: the trainee (with the name while the cohort has them; a leaver has only
 * the id the plan gave), the role and period, the old and new member or person with their
 * names, the reason as the plan writes it (in Norwegian, its word) and in words. A value gone
 * from the cohort keeps its id.
 */
function changesTable(changes: readonly ReplanChange[], names: Names, lang: Lang): OutputTable {
  const nameOf = (role: ReplanChange["role"], id: string | null): string | null =>
    id === null ? null : ((role === "host" || role === "away" ? names.member : names.person).get(id) ?? null);
  const words = VALUE_WORDS[lang];
  const rows = changes.map((c) => [
    c.trainee,
    names.trainee.get(c.trainee) ?? null,
    words.role[c.role],
    c.period ?? null,
    c.from,
    nameOf(c.role, c.from),
    c.to,
    nameOf(c.role, c.to),
    words.reason[c.reason],
    words.why[c.reason],
  ]);
  return { name: PLAN_SHEET_NAMES[lang].changes, header: headerOf(CHANGES_COLUMNS, PLAN_HEADERS[lang].changes), rows };
}

function unassignedTable(plan: Plan, names: Names, lang: Lang): OutputTable {
  const rows = plan.unassigned.map((u) => [u.trainee, names.trainee.get(u.trainee) ?? null, VALUE_WORDS[lang].role[u.role], u.period ?? null, u.reason]);
  return { name: PLAN_SHEET_NAMES[lang].unassigned, header: headerOf(UNASSIGNED_COLUMNS, PLAN_HEADERS[lang].unassigned), rows };
}

/** The fields of a suggested change, with their (English) headers; DIAGNOSIS_COLUMNS from `action` on. */
export const CHANGE_COLUMNS = [
  ["action", "Action"],
  ["path", "Path"],
  ["member", "Change member"],
  ["person", "Change person"],
  ["period", "Change period"],
  ["role", "Change role"],
  ["specialization", "Change specialization"],
  ["outsideOrganisation", "Outside organisation"],
  ["by", "By"],
] as const;

/**
 * The findings of a plan without one. The code and the suggested change's fields are the plan's
 * own (a program reads them back); the message is the core's, in English.
 */
function diagnosisTable(plan: Plan, lang: Lang): OutputTable {
  const rows = plan.diagnosis.map((d) => [
    d.code,
    d.message,
    listCell(d.trainees),
    listCell(d.members),
    listCell(d.people),
    ...CHANGE_COLUMNS.map(([field]) => d.change?.[field] ?? null),
  ]);
  return { name: PLAN_SHEET_NAMES[lang].diagnosis, header: headerOf(DIAGNOSIS_COLUMNS, PLAN_HEADERS[lang].diagnosis), rows };
}

function listCell(items: readonly string[]): CellValue {
  return items.length === 0 ? null : formatList(items);
}
