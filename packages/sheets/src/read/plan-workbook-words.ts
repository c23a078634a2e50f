/**
 * readPlanWorkbook's issues and warnings in Norwegian, for formatSheetIssue: the plan sheets'
 * names and headers (from words.ts) and the reader's own messages, English pattern to
 * Norwegian. The core's violation messages that come through stay in English, as the core's
 * less common messages do for the cohort.
 */
import { PLAN_HEADERS, PLAN_SHEET_NAMES, type PlanHeaders, type PlanSheetKey } from "../words.js";

/** The Norwegian name of a plan sheet given by its English name; undefined for any other name. */
export function planSheetNb(name: string): string | undefined {
  const key = (Object.keys(PLAN_SHEET_NAMES.en) as PlanSheetKey[]).find((k) => PLAN_SHEET_NAMES.en[k] === name);
  return key === undefined ? undefined : PLAN_SHEET_NAMES.nb[key];
}

/** The Norwegian header of a plan sheet's column given by its English header; undefined when it is none. */
export function planHeaderNb(sheet: string, header: string): string | undefined {
  const key = (Object.keys(PLAN_SHEET_NAMES.en) as PlanSheetKey[]).find((k) => PLAN_SHEET_NAMES.en[k] === sheet);
  if (key === undefined) return undefined;
  const en = PLAN_HEADERS.en[key as keyof PlanHeaders] as Readonly<Record<string, string>>;
  const nb = PLAN_HEADERS.nb[key as keyof PlanHeaders] as Readonly<Record<string, string>>;
  const column = Object.keys(en).find((c) => en[c] === header);
  return column === undefined ? undefined : nb[column];
}

const ROLE_NB: Readonly<Record<string, string>> = { host: "vert", supervisor: "veileder", mentor: "mentor", empty: "tom" };
const role = (word: string): string => ROLE_NB[word] ?? word;

type Translation = readonly [RegExp, (...groups: string[]) => string];

/** Where the Plan sheet and the copy differ (plan-workbook.ts, firstDifference). */
const DIFFERENCES: readonly Translation[] = [
  [/^the (host|supervisor|mentor) of (.+)$/s, (r, t) => `${role(r)} for ${t}`],
  [/^the member of (.+) in (.+)$/s, (t, p) => `medlemmet for ${t} i ${p}`],
  [/^the row of (.+) for (.+)$/s, (t, p) => `raden for ${t} i ${p}`],
  [/^trainee (.+) has no rows$/s, (t) => `traineen ${t}, som ikke har noen rader,`],
  [/^trainee (.+), who is new,$/s, (t) => `traineen ${t}, som er ny,`],
];

/** Why the copy was not used. */
const REASONS: readonly Translation[] = [
  [/^it was written before workbooks carried one$/, () => "den ble skrevet før arbeidsbøkene hadde en"],
  [/^its hidden (\S+) sheet cannot be read: row (\d+) is not piece (\d+)$/, (s, r, n) => `det skjulte arket ${s} kan ikke leses: rad ${r} er ikke del ${n}`],
  [/^its hidden (\S+) sheet cannot be read: it is empty$/, (s) => `det skjulte arket ${s} er tomt`],
  [/^its hidden (\S+) sheet cannot be read: its text is not the JSON of a plan$/, (s) => `det skjulte arket ${s} holder ikke en plan i JSON`],
  [/^the changes in its hidden (\S+) sheet are not a re-plan's$/, (s) => `endringene i det skjulte arket ${s} er ikke en omplanleggings`],
  [/^its hidden (\S+) sheet does not hold a plan$/, (s) => `det skjulte arket ${s} holder ikke en plan`],
];

function translateWith(table: readonly Translation[], text: string): string {
  for (const [pattern, translate] of table) {
    const match = pattern.exec(text);
    if (match !== null) return translate(...match.slice(1).map((g) => g as string));
  }
  return text;
}

const REBUILT_NB = "planen ble bygget på nytt fra arket Plan, med kostnadene regnet ut på nytt fra kullet";

/** The reader's messages, English pattern to Norwegian (formatSheetIssue's TRANSLATIONS take them in). */
export const PLAN_WORKBOOK_TRANSLATIONS: readonly Translation[] = [
  [/^this is a cohort workbook, not a plan workbook: .*$/s, () =>
    "dette er en arbeidsbok med et kull, ikke en plan: den har ikke noe Plan-ark; lag en plan av den først, eller gi arbeidsboken planen ble publisert som"],
  [/^this is not a plan workbook: .*$/s, () => "dette er ikke en arbeidsbok med en plan: den har verken arket Plan eller arket Sammendrag"],
  [/^the row has no (trainee|period); .*$/, (what) =>
    `raden har ingen ${what === "trainee" ? "trainee" : "periode"}; hver rad i arket Plan er én trainee i én periode`],
  [/^'(.*)' is not a period of the programme \(the periods are (.*)\)$/s, (p, all) => `'${p}' er ikke en periode i programmet (periodene er ${all})`],
  [/^(.+)'s (host|supervisor|mentor) is (.+) here but (.+) in row (\d+); make the rows of a trainee agree$/s, (t, r, a, b, n) =>
    `${role(r)} for ${t} er ${a === "empty" ? "tom" : a} her, men ${b === "empty" ? "tom" : b} i rad ${n}; la radene til en trainee stemme overens`],
  [/^(.+) has a second row for period (.+) \(also row (\d+)\); keep one$/s, (t, p, n) => `${t} har en rad til for periode ${p} (også rad ${n}); behold én`],
  [/^there is no status row; .*$/, () => "det er ingen rad for status; status er en av optimal, gjennomførbar, umulig, tidsavbrudd"],
  [/^'(.*)' is not a plan status; .*$/s, (s) => `'${s}' er ikke en status for en plan; status er en av optimal, gjennomførbar, umulig, tidsavbrudd`],
  [/^the Changes sheet does not list a re-plan's changes .*$/s, () =>
    "arket Endringer lister ikke endringene i en omplanlegging (en rolle eller en årsak er ikke en rotamatch skriver)"],
  [/^the workbook has no readable copy of the plan \((.*)\); the plan was rebuilt .*$/s, (reason) =>
    `arbeidsboken har ingen lesbar kopi av planen (${translateWith(REASONS, reason)}); ${REBUILT_NB}`],
  [/^the Plan sheet was edited after the plan was published \((.*) differs\); the plan was rebuilt .*$/s, (what) =>
    `arket Plan ble endret etter at planen ble publisert (${translateWith(DIFFERENCES, what)} er endret); ${REBUILT_NB}`],
];
