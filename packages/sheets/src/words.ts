/**
 * Every word of the files rotamatch writes, in English (`en`) and Norwegian bokmål (`nb`): the
 * plan workbook's sheet names, headers, summary keys and values, the cohort template's values,
 * and the calendar's titles. The writers take a `lang` and look their words up here, so a file
 * is in one language throughout; the readers look here too, so that a file written in either
 * language reads back.
 *
 * Columns and summary rows are named by stable keys (`traineeName`, `objective`) and the words
 * are looked up by key, so a reader can find a column whatever language its header is in. The
 * English words are those the files always had: a file written in English is byte for byte
 * what it was before Norwegian came. CSV file names are identifiers (the service's `file`
 * option, the page's file list, scripts) and stay English in both languages.
 */
import type { CostTerm } from "@rotamatch/core/format";

/** The languages of the files. */
export type Lang = "en" | "nb";

/** Every language, the default first. */
export const LANGS: readonly Lang[] = ["en", "nb"];

/** Whether a value is one of LANGS (for options read from a command line or a query). */
export function isLang(value: unknown): value is Lang {
  return value === "en" || value === "nb";
}

// ---------------------------------------------------------------------------------------
// The plan workbook: sheets
// ---------------------------------------------------------------------------------------

/** The plan's sheets, in workbook order; `changes` only for a re-planned plan, right after `summary`. */
export const PLAN_SHEET_KEYS = ["summary", "changes", "plan", "costs", "byMember", "balance", "byMentor", "bySupervisor", "unassigned", "diagnosis"] as const;
export type PlanSheetKey = (typeof PLAN_SHEET_KEYS)[number];

/** Each plan sheet's CSV file, the same in both languages. */
export const PLAN_SHEET_FILES: Readonly<Record<PlanSheetKey, string>> = {
  summary: "plan-summary.csv",
  changes: "plan-changes.csv",
  plan: "plan.csv",
  costs: "plan-costs.csv",
  byMember: "plan-by-member.csv",
  balance: "plan-balance.csv",
  byMentor: "plan-by-mentor.csv",
  bySupervisor: "plan-by-supervisor.csv",
  unassigned: "plan-unassigned.csv",
  diagnosis: "plan-diagnosis.csv",
};

/** Each plan sheet's name per language. */
export const PLAN_SHEET_NAMES: Readonly<Record<Lang, Readonly<Record<PlanSheetKey, string>>>> = {
  en: {
    summary: "Summary",
    changes: "Changes",
    plan: "Plan",
    costs: "Costs",
    byMember: "By member",
    balance: "Balance by member",
    byMentor: "By mentor",
    bySupervisor: "By supervisor",
    unassigned: "Unassigned",
    diagnosis: "Diagnosis",
  },
  nb: {
    summary: "Sammendrag",
    changes: "Endringer",
    plan: "Plan",
    costs: "Kostnader",
    byMember: "Per medlem",
    balance: "Balanse per medlem",
    byMentor: "Per mentor",
    bySupervisor: "Per veileder",
    unassigned: "Ufordelt",
    diagnosis: "Diagnose",
  },
};

// ---------------------------------------------------------------------------------------
// The plan workbook: columns
// ---------------------------------------------------------------------------------------

/** The Summary sheet's two columns (a settings sheet: key, value). */
export const SUMMARY_COLUMNS = ["setting", "value"] as const;
/** The Plan sheet's columns, one row per trainee and period. */
export const PLAN_COLUMNS = ["trainee", "traineeName", "period", "at", "from", "to", "member", "memberName", "host", "supervisor", "supervisorName", "mentor", "mentorName"] as const;
/**
 * The Costs sheet's columns: the total, each term of COST_TERMS in its order, then the travel in
 * km. The fairness terms (FAIRNESS_COST_COLUMNS) are written only when a trainee's cost has them
 * (their weight is not 0), so that a plan without them keeps its sheet.
 */
export const COSTS_COLUMNS = [
  "trainee",
  "traineeName",
  "cost",
  "awayRank",
  "hostRank",
  "travelPerKm",
  "mentorSpecialization",
  "supervisorSpecialization",
  "specializationMiss",
  "repeatExchange",
  "repeatMentorHost",
  "travelKm",
] as const satisfies readonly ("trainee" | "traineeName" | "cost" | CostTerm | "travelKm")[];
/** The Costs sheet's columns written only when a trainee's cost has the term. */
export const FAIRNESS_COST_COLUMNS = ["repeatExchange", "repeatMentorHost"] as const satisfies readonly CostTerm[];
/**
 * The Balance by member sheet's columns, one row per member (the plan's `balance`): this plan's
 * counts, the history's, and received − sent before and after this plan.
 */
export const BALANCE_COLUMNS = [
  "member",
  "memberName",
  "hosted",
  "sent",
  "received",
  "historyHosted",
  "historySent",
  "historyReceived",
  "balanceBefore",
  "change",
  "balanceAfter",
] as const;
/** The By member sheet's columns, one row per member and period. */
export const BY_MEMBER_COLUMNS = ["member", "memberName", "period", "at", "from", "to", "trainees", "traineeNames", "count", "capacity"] as const;
/** The By mentor and By supervisor sheets' columns (`person` is headed Mentor or Supervisor). */
export const BY_PERSON_COLUMNS = ["person", "personName", "member", "memberName", "trainees", "traineeNames", "count", "capacity"] as const;
/** The Changes sheet's columns (a re-planned plan). */
export const CHANGES_COLUMNS = ["trainee", "traineeName", "role", "period", "from", "fromName", "to", "toName", "reason", "why"] as const;
/** The Unassigned sheet's columns. */
export const UNASSIGNED_COLUMNS = ["trainee", "traineeName", "role", "period", "reason"] as const;
/** The Diagnosis sheet's columns: the finding, then its suggested change spread over the columns from `action` on. */
export const DIAGNOSIS_COLUMNS = [
  "code",
  "message",
  "trainees",
  "members",
  "people",
  "action",
  "path",
  "changeMember",
  "changePerson",
  "changePeriod",
  "changeRole",
  "changeSpecialization",
  "outsideOrganisation",
  "by",
] as const;

export type SummaryColumn = (typeof SUMMARY_COLUMNS)[number];
export type PlanColumn = (typeof PLAN_COLUMNS)[number];
export type CostsColumn = (typeof COSTS_COLUMNS)[number];
export type BalanceColumn = (typeof BALANCE_COLUMNS)[number];
export type ByMemberColumn = (typeof BY_MEMBER_COLUMNS)[number];
export type ByPersonColumn = (typeof BY_PERSON_COLUMNS)[number];
export type ChangesColumn = (typeof CHANGES_COLUMNS)[number];
export type UnassignedColumn = (typeof UNASSIGNED_COLUMNS)[number];
export type DiagnosisColumn = (typeof DIAGNOSIS_COLUMNS)[number];

/** The headers of the plan's sheets per language, by column key. */
export interface PlanHeaders {
  readonly summary: Readonly<Record<SummaryColumn, string>>;
  readonly plan: Readonly<Record<PlanColumn, string>>;
  readonly costs: Readonly<Record<CostsColumn, string>>;
  readonly byMember: Readonly<Record<ByMemberColumn, string>>;
  readonly balance: Readonly<Record<BalanceColumn, string>>;
  readonly byMentor: Readonly<Record<ByPersonColumn, string>>;
  readonly bySupervisor: Readonly<Record<ByPersonColumn, string>>;
  readonly changes: Readonly<Record<ChangesColumn, string>>;
  readonly unassigned: Readonly<Record<UnassignedColumn, string>>;
  readonly diagnosis: Readonly<Record<DiagnosisColumn, string>>;
}

export const PLAN_HEADERS: Readonly<Record<Lang, PlanHeaders>> = {
  en: {
    summary: { setting: "Setting", value: "Value" },
    plan: {
      trainee: "Trainee",
      traineeName: "Trainee name",
      period: "Period",
      at: "At",
      from: "From",
      to: "To",
      member: "Member",
      memberName: "Member name",
      host: "Host",
      supervisor: "Supervisor",
      supervisorName: "Supervisor name",
      mentor: "Mentor",
      mentorName: "Mentor name",
    },
    costs: {
      trainee: "Trainee",
      traineeName: "Trainee name",
      cost: "Cost",
      awayRank: "Away rank",
      hostRank: "Host rank",
      travelPerKm: "Travel",
      mentorSpecialization: "Mentor specialization",
      supervisorSpecialization: "Supervisor specialization",
      specializationMiss: "Specialization miss",
      repeatExchange: "Repeat exchange",
      repeatMentorHost: "Repeat mentor at host",
      travelKm: "Travel km",
    },
    balance: {
      member: "Member",
      memberName: "Member name",
      hosted: "Hosted",
      sent: "Sent",
      received: "Received",
      historyHosted: "History hosted",
      historySent: "History sent",
      historyReceived: "History received",
      balanceBefore: "Balance before",
      change: "Change",
      balanceAfter: "Balance after",
    },
    byMember: {
      member: "Member",
      memberName: "Member name",
      period: "Period",
      at: "At",
      from: "From",
      to: "To",
      trainees: "Trainees",
      traineeNames: "Trainee names",
      count: "Count",
      capacity: "Capacity",
    },
    byMentor: {
      person: "Mentor",
      personName: "Mentor name",
      member: "Member",
      memberName: "Member name",
      trainees: "Trainees",
      traineeNames: "Trainee names",
      count: "Count",
      capacity: "Capacity",
    },
    bySupervisor: {
      person: "Supervisor",
      personName: "Supervisor name",
      member: "Member",
      memberName: "Member name",
      trainees: "Trainees",
      traineeNames: "Trainee names",
      count: "Count",
      capacity: "Capacity",
    },
    changes: {
      trainee: "Trainee",
      traineeName: "Trainee name",
      role: "Role",
      period: "Period",
      from: "From",
      fromName: "From name",
      to: "To",
      toName: "To name",
      reason: "Reason",
      why: "Why",
    },
    unassigned: { trainee: "Trainee", traineeName: "Trainee name", role: "Role", period: "Period", reason: "Reason" },
    diagnosis: {
      code: "Code",
      message: "Message",
      trainees: "Trainees",
      members: "Members",
      people: "People",
      action: "Action",
      path: "Path",
      changeMember: "Change member",
      changePerson: "Change person",
      changePeriod: "Change period",
      changeRole: "Change role",
      changeSpecialization: "Change specialization",
      outsideOrganisation: "Outside organisation",
      by: "By",
    },
  },
  nb: {
    summary: { setting: "Innstilling", value: "Verdi" },
    plan: {
      trainee: "Trainee",
      traineeName: "Traineens navn",
      period: "Periode",
      at: "Sted",
      from: "Fra",
      to: "Til",
      member: "Medlem",
      memberName: "Medlemmets navn",
      host: "Vert",
      supervisor: "Veileder",
      supervisorName: "Veileders navn",
      mentor: "Mentor",
      mentorName: "Mentors navn",
    },
    costs: {
      trainee: "Trainee",
      traineeName: "Traineens navn",
      cost: "Kostnad (poeng)",
      awayRank: "Rang i borteønsker",
      hostRank: "Rang i vertsønsker",
      travelPerKm: "Reise",
      mentorSpecialization: "Mentor uten spesialiseringen",
      supervisorSpecialization: "Veileder uten spesialiseringen",
      specializationMiss: "Spesialisering mangler",
      repeatExchange: "Gjentatt utveksling",
      repeatMentorHost: "Gjentatt mentor hos verten",
      travelKm: "Reise km",
    },
    balance: {
      member: "Medlem",
      memberName: "Medlemmets navn",
      hosted: "Vert for",
      sent: "Sendt ut",
      received: "Mottatt",
      historyHosted: "Tidligere vert for",
      historySent: "Tidligere sendt ut",
      historyReceived: "Tidligere mottatt",
      balanceBefore: "Balanse før",
      change: "Endring",
      balanceAfter: "Balanse etter",
    },
    byMember: {
      member: "Medlem",
      memberName: "Medlemmets navn",
      period: "Periode",
      at: "Sted",
      from: "Fra",
      to: "Til",
      trainees: "Traineer",
      traineeNames: "Traineenes navn",
      count: "Antall",
      capacity: "Kapasitet",
    },
    byMentor: {
      person: "Mentor",
      personName: "Mentors navn",
      member: "Medlem",
      memberName: "Medlemmets navn",
      trainees: "Traineer",
      traineeNames: "Traineenes navn",
      count: "Antall",
      capacity: "Kapasitet",
    },
    bySupervisor: {
      person: "Veileder",
      personName: "Veileders navn",
      member: "Medlem",
      memberName: "Medlemmets navn",
      trainees: "Traineer",
      traineeNames: "Traineenes navn",
      count: "Antall",
      capacity: "Kapasitet",
    },
    changes: {
      trainee: "Trainee",
      traineeName: "Traineens navn",
      role: "Rolle",
      period: "Periode",
      from: "Fra",
      fromName: "Fra navn",
      to: "Til",
      toName: "Til navn",
      reason: "Årsak",
      why: "Hvorfor",
    },
    unassigned: { trainee: "Trainee", traineeName: "Traineens navn", role: "Rolle", period: "Periode", reason: "Årsak" },
    diagnosis: {
      code: "Kode",
      message: "Melding",
      trainees: "Traineer",
      members: "Medlemmer",
      people: "Personer",
      action: "Tiltak",
      path: "Sti",
      changeMember: "Endre medlem",
      changePerson: "Endre person",
      changePeriod: "Endre periode",
      changeRole: "Endre rolle",
      changeSpecialization: "Endre spesialisering",
      outsideOrganisation: "Utenfor organisasjonen",
      by: "Med",
    },
  },
};

// ---------------------------------------------------------------------------------------
// The plan workbook: the Summary sheet's rows
// ---------------------------------------------------------------------------------------

/**
 * The Summary sheet's keys: the plan's facts, how it was computed (the plan's `stats`, when it
 * says), what its costs mean, and the figures a working group reports (docs/sheets.md says how
 * each is counted).
 */
export const SUMMARY_KEYS = [
  "programme",
  "start",
  "status",
  "objective",
  "bound",
  "reciprocity",
  "warning",
  "backend",
  "solveMs",
  "totalMs",
  "variables",
  "constraints",
  "points",
  "hostChoice1",
  "hostChoice2",
  "hostChoice3",
  "awayChoice1",
  "awayChoice2",
  "awayChoice3",
  "averageTravelKm",
  "longestTravelKm",
  "longestTravelTrainee",
  "capacityUsed",
] as const;
export type SummaryKey = (typeof SUMMARY_KEYS)[number];

/**
 * The Summary sheet's keys per language. The English keys of the plan's own facts are the
 * plan file's field names (`objective`, `solveMs`), as they always were; `capacityUsed` is
 * followed by the member's name ("capacity used: Skedsmo kommune").
 */
export const SUMMARY_KEY_WORDS: Readonly<Record<Lang, Readonly<Record<SummaryKey, string>>>> = {
  en: {
    programme: "programme",
    start: "start",
    status: "status",
    objective: "objective",
    bound: "bound",
    reciprocity: "reciprocity",
    warning: "warning",
    backend: "backend",
    solveMs: "solveMs",
    totalMs: "totalMs",
    variables: "variables",
    constraints: "constraints",
    points: "points",
    hostChoice1: "host: first choice",
    hostChoice2: "host: second choice",
    hostChoice3: "host: third choice",
    awayChoice1: "away: first choice",
    awayChoice2: "away: second choice",
    awayChoice3: "away: third choice",
    averageTravelKm: "average travel km",
    longestTravelKm: "longest travel km",
    longestTravelTrainee: "longest travel, trainee",
    capacityUsed: "capacity used",
  },
  nb: {
    programme: "program",
    start: "oppstart",
    status: "status",
    objective: "kostnad (poeng)",
    bound: "nedre grense (poeng)",
    reciprocity: "gjensidighet (poeng)",
    warning: "advarsel",
    backend: "metode",
    solveMs: "løsetid ms",
    totalMs: "total tid ms",
    variables: "variabler",
    constraints: "betingelser",
    points: "poeng",
    hostChoice1: "vert: førstevalg",
    hostChoice2: "vert: andrevalg",
    hostChoice3: "vert: tredjevalg",
    awayChoice1: "borte: førstevalg",
    awayChoice2: "borte: andrevalg",
    awayChoice3: "borte: tredjevalg",
    averageTravelKm: "gjennomsnittlig reise km",
    longestTravelKm: "lengste reise km",
    longestTravelTrainee: "lengste reise, trainee",
    capacityUsed: "kapasitet brukt",
  },
};

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

/** Fixed values as written in the files, per language: the English ones are the plan format's own. */
export interface ValueWords {
  /** A period's kind (Plan, By member: At). */
  readonly at: Readonly<Record<"host" | "away", string>>;
  /** A role (Unassigned, Changes: Role). */
  readonly role: Readonly<Record<"host" | "away" | "supervisor" | "mentor", string>>;
  /** A plan's status (Summary). */
  readonly status: Readonly<Record<"optimal" | "feasible" | "infeasible" | "timedout", string>>;
  /** A re-plan change's reason (Changes: Reason). */
  readonly reason: Readonly<Record<"left" | "joined" | "forced" | "knock-on", string>>;
  /** The same reason in words (Changes: Why). */
  readonly why: Readonly<Record<"left" | "joined" | "forced" | "knock-on", string>>;
  /** A yes/no setting. */
  readonly yes: string;
  readonly no: string;
}

export const VALUE_WORDS: Readonly<Record<Lang, ValueWords>> = {
  en: {
    at: { host: "host", away: "away" },
    role: { host: "host", away: "away", supervisor: "supervisor", mentor: "mentor" },
    status: { optimal: "optimal", feasible: "feasible", infeasible: "infeasible", timedout: "timedout" },
    reason: { left: "left", joined: "joined", forced: "forced", "knock-on": "knock-on" },
    why: {
      left: "the trainee left the programme",
      joined: "the trainee joined the programme",
      forced: "the old value is no longer allowed",
      "knock-on": "moved to make room for another change",
    },
    yes: "yes",
    no: "no",
  },
  nb: {
    at: { host: "vert", away: "borte" },
    role: { host: "vert", away: "borte", supervisor: "veileder", mentor: "mentor" },
    status: { optimal: "optimal", feasible: "gjennomførbar", infeasible: "umulig", timedout: "tidsavbrudd" },
    reason: { left: "sluttet", joined: "begynte", forced: "tvunget", "knock-on": "følgeendring" },
    why: {
      left: "traineen har sluttet i programmet",
      joined: "traineen har begynt i programmet",
      forced: "den gamle verdien er ikke lenger tillatt",
      "knock-on": "flyttet for å gi plass til en annen endring",
    },
    yes: "ja",
    no: "nei",
  },
};

/**
 * The Norwegian words of the cohort's fixed values, by the English value, for the template
 * written in Norwegian. The layout (layout.ts) reads each of them back as its English value,
 * so a Norwegian template imports as the cohort it was written from.
 */
export const COHORT_VALUE_WORDS_NB: Readonly<Record<string, string>> = {
  host: "vert",
  away: "borte",
  municipality: "kommune",
  "municipal-company": "kommunalt foretak",
  "inter-municipal-company": "interkommunalt selskap",
  other: "annet",
  supervisor: "veileder",
  mentor: "mentor",
  "host-and-away": "vert og borte",
  required: "påkrevd",
  preferred: "foretrukket",
};

// ---------------------------------------------------------------------------------------
// Numbers and dates in words
// ---------------------------------------------------------------------------------------

/**
 * A cost as the files write it: rounded to 2 decimals (half away from zero, on the decimal
 * value people see: 0.125 becomes 0.13), so that 42.49999999 is not shown as such. The plan's
 * JSON keeps the exact figure.
 */
export function roundCost(value: number): number {
  const rounded = Math.round((Math.abs(value) + Number.EPSILON) * 100) / 100;
  return Math.sign(value) * rounded || 0;
}

/** A number for a sentence: up to 2 decimals, a decimal comma in Norwegian. */
export function numberWords(value: number, lang: Lang): string {
  const text = String(roundCost(value));
  return lang === "nb" ? text.replace(".", ",") : text;
}

/** A YYYY-MM-DD date for a sentence: as it is in English, DD.MM.YYYY in Norwegian. */
export function dateWords(date: string, lang: Lang): string {
  if (lang === "en") return date;
  const [y, m, d] = date.split("-");
  return `${d}.${m}.${y}`;
}

// ---------------------------------------------------------------------------------------
// Calendars
// ---------------------------------------------------------------------------------------

/** The calendar's words: event titles and descriptions. */
export interface CalendarWords {
  /** A trainee's placement event: "Emilie Grønli: part-2 away at Lørenskog kommune". */
  placement(trainee: string, period: { readonly id: string; readonly number: number; readonly at: "host" | "away" }, member: string): string;
  /** A placement's description, first line. */
  placementLine(programme: string, period: { readonly id: string; readonly number: number; readonly at: "host" | "away" }, from: string, to: string): string;
  supervisor(name: string): string;
  mentor(name: string): string;
  /** The cohort calendar's event on a period's first day. */
  periodStarts(period: { readonly id: string; readonly number: number; readonly at: "host" | "away" }): string;
  /** The cohort calendar's event on a period's last day. */
  periodEnds(period: { readonly id: string; readonly number: number; readonly at: "host" | "away" }): string;
  /** The description of a period's events, first line. */
  periodLine(programme: string, period: { readonly id: string; readonly number: number; readonly at: "host" | "away" }, from: string, to: string): string;
  /** "3 trainees, where each is" above the list of who is where. */
  whoIsWhere(count: number): string;
  /** A trainee left without a member in a period. */
  noMember: string;
}

export const CALENDAR_WORDS: Readonly<Record<Lang, CalendarWords>> = {
  en: {
    placement: (trainee, period, member) => `${trainee}: ${period.id} ${period.at === "away" ? "away at" : "at"} ${member}`,
    placementLine: (programme, period, from, to) => `${programme}, period ${period.id} (${from} to ${to})`,
    supervisor: (name) => `Supervisor: ${name}`,
    mentor: (name) => `Mentor: ${name}`,
    periodStarts: (period) => `${period.id} starts (${period.at === "away" ? "away period" : "at the host"})`,
    periodEnds: (period) => `${period.id} ends`,
    periodLine: (programme, period, from, to) => `${programme}, period ${period.id} (${from} to ${to})`,
    whoIsWhere: (count) => `${count} ${count === 1 ? "trainee" : "trainees"}, where each is:`,
    noMember: "no member",
  },
  nb: {
    placement: (trainee, period, member) => `${trainee}: del ${period.number} hos ${member}`,
    placementLine: (programme, period, from, to) =>
      `${programme}, del ${period.number} (${period.id}, ${period.at === "away" ? "borte" : "hos verten"}) ${dateWords(from, "nb")}–${dateWords(to, "nb")}`,
    supervisor: (name) => `Veileder: ${name}`,
    mentor: (name) => `Mentor: ${name}`,
    periodStarts: (period) => `Del ${period.number} starter (${period.at === "away" ? "borteperiode" : "hos verten"})`,
    periodEnds: (period) => `Del ${period.number} slutter`,
    periodLine: (programme, period, from, to) => `${programme}, del ${period.number} (${period.id}) ${dateWords(from, "nb")}–${dateWords(to, "nb")}`,
    whoIsWhere: (count) => `${count} ${count === 1 ? "trainee" : "traineer"}, og hvor hver er:`,
    noMember: "uten medlem",
  },
};
