/**
 * A sheet issue as one line for a person, in English or Norwegian (bokmål):
 * "Trainees, row 12, column Specialization: 'vann' is not a specialization any member offers".
 * In Norwegian the place is always translated, and the message when it is one of the sheets'
 * own messages or a common message of the core; other core messages stay in English.
 */
import { COHORT_SHEETS, SETTING_COLUMNS, type SheetSpec } from "./layout.js";
import { PLAN_WORKBOOK_TRANSLATIONS, planHeaderNb, planSheetNb } from "./read/plan-workbook-words.js";
import type { SheetIssue } from "./types.js";

export function formatSheetIssue(issue: SheetIssue, lang: "en" | "nb" = "en"): string {
  const spec = COHORT_SHEETS.find((s) => s.name === issue.sheet);
  const nb = lang === "nb";
  const place = [
    issue.sheet === "" ? null : nb ? (spec?.nb ?? planSheetNb(issue.sheet) ?? issue.sheet) : issue.sheet,
    issue.row === null ? null : `${nb ? "rad" : "row"} ${issue.row}`,
    issue.column === null ? null : `${nb ? "kolonne" : "column"} ${nb ? (planHeaderNb(issue.sheet, issue.column) ?? norwegianHeader(spec, issue.column)) : issue.column}`,
  ].filter((part): part is string => part !== null);
  const message = nb ? toNorwegian(issue.message) : issue.message;
  return place.length === 0 ? message : `${place.join(", ")}: ${message}`;
}

/** The Norwegian header of a column given by its English header; any other header as it is. */
function norwegianHeader(spec: SheetSpec | undefined, header: string): string {
  if (spec === undefined) return header;
  const columns = spec.kind === "list" ? spec.columns : [SETTING_COLUMNS.key, SETTING_COLUMNS.value];
  return columns.find((c) => c.header === header)?.nb ?? header;
}

/** An English sheet name or header in a message, in Norwegian. */
function nbName(name: string): string {
  for (const spec of COHORT_SHEETS) {
    if (spec.name === name) return spec.nb;
    const columns = spec.kind === "list" ? spec.columns : [];
    const column = columns.find((c) => c.header === name);
    if (column !== undefined) return column.nb;
  }
  return planSheetNb(name) ?? name;
}

type Translation = readonly [RegExp, (...groups: string[]) => string];

/** The sheets' own messages and the core's most common ones, English pattern to Norwegian. */
const TRANSLATIONS: readonly Translation[] = [
  [/^'(.*)' is not a specialization any member offers(?: \(did you mean '(.*)'\?\))?$/s, (v, g) =>
    `'${v}' er ikke en spesialisering noe medlem tilbyr${g === undefined ? "" : ` (mente du '${g}'?)`}`],
  [/^'(.*)' is not a number$/s, (v) => `'${v}' er ikke et tall`],
  [/^'(.*)' is not a date; write it as .*$/s, (v) =>
    `'${v}' er ikke en dato; skriv den som ÅÅÅÅ-MM-DD (2013-08-19) eller DD.MM.ÅÅÅÅ (19.08.2013)`],
  [/^the (.+) sheet is missing$/, (s) => `arket ${nbName(s)} mangler`],
  [/^the (.+) column is missing$/, (c) => `kolonnen ${nbName(c)} mangler`],
  [/^there is no sheet (.+), but a sheet '(.*)': rename it to (.+)$/, (s, w) =>
    `det finnes ikke noe ark ${nbName(s)}, men et ark '${w}': gi det navnet ${nbName(s)}`],
  [/^both '(.*)' and '(.*)' are the (.+) sheet; keep one of them$/, (a, b, s) =>
    `både '${a}' og '${b}' er arket ${nbName(s)}; behold ett av dem`],
  [/^'(.*)' and '(.*)' are both the (.+) column$/, (a, b, c) => `'${a}' og '${b}' er begge kolonnen ${nbName(c)}`],
  [/^'(.*)' is not a column of the (.+) sheet \(did you mean (.+)\?\); start .*$/, (w, s, g) =>
    `'${w}' er ikke en kolonne i arket ${nbName(s)} (mente du ${nbName(g)}?); start overskriften med # for å beholde en egen kolonne`],
  [/^'(.*)' is not a column of the (.+) sheet \(the columns are .*\); start .*$/, (w, s) =>
    `'${w}' er ikke en kolonne i arket ${nbName(s)}; start overskriften med # for å beholde en egen kolonne`],
  [/^'(.*)' is not a setting of the (.+) sheet \((.*)\)$/, (w, s) => `'${w}' er ikke en innstilling i arket ${nbName(s)}`],
  [/^(.+) is set twice \(also in row (\d+)\); keep one$/, (k, r) => `${k} er satt to ganger (også i rad ${r}); behold én`],
  [/^a location needs both (.+) and (.+); fill in both or neither$/, (a, b) =>
    `en plassering trenger både ${nbName(a)} og ${nbName(b)}; fyll ut begge eller ingen`],
  [/^the setting (.+) is missing; add a row for it$/, (k) => `innstillingen ${k} mangler; legg til en rad for den`],
  [/^the cell has (\d+) characters; the most accepted is (\d+)$/, (n, m) => `cellen har ${n} tegn; høyst ${m} godtas`],
  [/^is required$/, () => "mangler; en verdi er påkrevd"],
  [/^must not be empty$/, () => "kan ikke være tom"],
  [/^must not be negative$/, () => "kan ikke være negativ"],
  [/^must be a whole number$/, () => "må være et helt tall"],
  [/^is not a real calendar date$/, () => "er ikke en virkelig dato"],
  [/^no member has the id "(.*)"(?: \(did you mean "(.*)"\?\))?$/, (id, g) =>
    `ingen medlem har id-en "${id}"${g === undefined ? "" : ` (mente du "${g}"?)`}`],
  [/^no person \(mentor or supervisor\) has the id "(.*)"(?: \(did you mean "(.*)"\?\))?$/, (id, g) =>
    `ingen person (mentor eller veileder) har id-en "${id}"${g === undefined ? "" : ` (mente du "${g}"?)`}`],
  [/^no trainee has the id "(.*)"(?: \(did you mean "(.*)"\?\))?$/, (id, g) =>
    `ingen trainee har id-en "${id}"${g === undefined ? "" : ` (mente du "${g}"?)`}`],
  [/^(.+) cannot be read safely: (.+); save it as "CSV UTF-8" .*$/s, (file, reason) =>
    `${file} kan ikke leses sikkert: ${encodingReason(reason)}; lagre den som «CSV UTF-8» (i Excel: Lagre som, «CSV UTF-8 (kommadelt) (*.csv)»)`],
  // An earlier cohort's plan as a history entry (history-entry.ts).
  [/^the plan names no cohort: .*$/s, () =>
    'planen sier ikke hvilket kull den er fra: oppgi navnet på det tidligere kullet (for eksempel «Romerike 2011»), eller legg til et "name" i planfilen'],
  [/^this is not a plan: it has no list of assignments$/, () => "dette er ikke en plan: den har ingen liste over tildelinger (assignments)"],
  ...PLAN_WORKBOOK_TRANSLATIONS,
  // The file and its limits (xlsx/, ods/, csv/, read/import.ts).
  [/^the file is not an XLSX workbook( \(it has no workbook part\)| \(it cannot be unpacked\))?$/, (why) =>
    `filen er ikke en XLSX-arbeidsbok${why === undefined ? "" : why.includes("unpacked") ? " (den kan ikke pakkes ut)" : " (den har ingen arbeidsbok-del)"}`],
  [/^the file is an old Excel 97-2003 workbook \(\.xls\); save it as an Excel workbook \(\.xlsx\)$/, () =>
    "filen er en gammel Excel 97–2003-arbeidsbok (.xls); lagre den som Excel-arbeidsbok (.xlsx)"],
  [/^the file is an OpenDocument file but (.+), not a spreadsheet \(\.ods\)$/, (kind) =>
    `filen er en OpenDocument-fil, men ${OPEN_DOCUMENT_KINDS[kind] ?? kind}, ikke et regneark (.ods)`],
  [/^the file is not an OpenDocument spreadsheet \(it has no content\.xml\)$/, () => "filen er ikke et OpenDocument-regneark (den har ingen content.xml)"],
  [/^the spreadsheet is protected by a password; save a copy without one$/, () => "regnearket er beskyttet med passord; lagre en kopi uten passord"],
  [/^the file is (.+); the most accepted is (.+)$/, (size, most) => `filen er ${size}; høyst ${most} godtas`],
  [/^the workbook has (more than )?(\d+) sheets; the most accepted is (\d+)$/, (more, n, m) =>
    `arbeidsboka har ${more === undefined ? "" : "mer enn "}${n} ark; høyst ${m} godtas`],
  [/^the workbook has more than (\d+) parts$/, (n) => `arbeidsboka har mer enn ${n} deler`],
  [/^the workbook unpacks to more data than a workbook of its size may hold$/, () =>
    "arbeidsboka pakkes ut til mer data enn en arbeidsbok av den størrelsen kan inneholde"],
  [/^a part of the workbook is not well-formed XML (\(.*\))$/s, (detail) => `en del av arbeidsboka er ikke gyldig XML ${detail}`],
  [/^the workbook declares a document type, which a workbook never needs$/, () =>
    "arbeidsboka erklærer en dokumenttype (DTD), noe en arbeidsbok aldri trenger"],
  [/^the sheet has more than (\d+) rows$/, (n) => `arket har mer enn ${n} rader`],
  [/^the sheet has cells beyond column ([A-Z]+), which were not read$/, (c) => `arket har celler etter kolonne ${c}, og de ble ikke lest`],
  [/^(.+) a quoted field is never closed \(a " is missing\)$/, (file) => `${file}: et felt i anførselstegn blir aldri avsluttet (et " mangler)`],
  [/^(.+) has more than (\d+) rows$/, (file, n) => `${file} har mer enn ${n} rader`],
  [/^there are (\d+) CSV files; the most accepted is (\d+)$/, (n, m) => `det er ${n} CSV-filer; høyst ${m} godtas`],
  [/^the CSV files hold (\d+) (bytes|characters); the most accepted is (\d+)$/, (n, unit, m) =>
    `CSV-filene har ${n} ${unit === "bytes" ? "byte" : "tegn"}; høyst ${m} godtas`],
  [/^there are no CSV files$/, () => "det er ingen CSV-filer"],
  [/^must be one of (.+), not (.+)$/, (values, value) => `må være en av ${withNorwegianValues(values)}, ikke ${value.replace(/^the text /, "teksten ")}`],
  [/^is required and must be one of (.+)$/, (values) => `mangler; må være en av ${withNorwegianValues(values)}`],
  // The core's other common messages: ids, ranges, roles, the programme.
  [/^the id "(.*)" is already used by (.+) row (\d+); ids must be unique among .+$/, (id, sheet, row) =>
    `id-en "${id}" er allerede brukt i ${nbName(sheet)} rad ${row}; id-er må være unike`],
  [/^must be at least (\S+) characters long$/, (n) => `må ha minst ${n} tegn`],
  [/^must be at most (\S+) characters long$/, (n) => `kan ha høyst ${n} tegn`],
  [/^must be at least (\S+)$/, (n) => `må være minst ${n}`],
  [/^must be at most (\S+)$/, (n) => `kan være høyst ${n}`],
  [/^must be a date written YYYY-MM-DD$/, () => "må være en dato skrevet ÅÅÅÅ-MM-DD"],
  [/^"(.*)" is a (mentor|supervisor), not a (mentor|supervisor); name a person whose role is "(.*)" here$/, (id, is, not) =>
    `"${id}" er ${ROLE_NB[is] ?? is}, ikke ${ROLE_NB[not] ?? not}; velg en person med rollen ${ROLE_NB[not] ?? not} her`],
  [/^no (member|person \(mentor or supervisor\)|trainee) has the id "(.*)" \(it is (.+)\)$/, (kind, id, other) =>
    `${NO_ONE_NB[kind] ?? kind} har id-en "${id}" (${OTHER_ID_NB[other] ?? other})`],
  [/^no programme period has the id "(.*)"; the periods are (.*)$/, (id, periods) => `ingen periode i programmet har id-en "${id}"; periodene er ${periods}`],
  [/^no programme period has the id "(.*)"(?: \(did you mean "(.*)"\?\))?$/, (id, g) =>
    `ingen periode i programmet har id-en "${id}"${g === undefined ? "" : ` (mente du "${g}"?)`}`],
  [/^the programme has no away period: .*$/, () => "programmet har ingen borteperiode: minst én periode må ha Sted borte (away)"],
  [/^must list at least one trainee: .*$/, () => "det må være minst én trainee: ellers er det ingen å planlegge for"],
  [/^places trainee "(.*)" at "(.*)", which does not list the trainee's specialization "(.*)"; rules\.specializationFit is "required"$/, (t, m, sp) =>
    `plasserer trainee "${t}" hos "${m}", som ikke har traineens spesialisering "${sp}"; ${FIT_REQUIRED_NB}`],
  [/^makes "(.*)" the host of trainee "(.*)", but it does not list the trainee's specialization "(.*)"; rules\.specializationFit is "required"$/, (m, t, sp) =>
    `gjør "${m}" til vert for trainee "${t}", men medlemmet har ikke traineens spesialisering "${sp}"; ${FIT_REQUIRED_NB}`],
  [/^pins supervisor "(.*)", who does not list the trainee's specialization "(.*)"; rules\.specializationFit is "required"$/, (p, sp) =>
    `låser veileder "${p}", som ikke har traineens spesialisering "${sp}"; ${FIT_REQUIRED_NB}`],
  [/^places trainee "(.*)" away at (.+); an away period must be spent at a member of another organisation$/, (t, where) =>
    `plasserer trainee "${t}" borte hos ${where}; en borteperiode må være hos et medlem i en annen organisasjon`],
  [/^(\d+) trainees? already ha(?:s|ve) "(.*)" as their host \((.*)\), but its hostCapacity is (\d+)$/, (n, m, list, c) =>
    `${n} ${n === "1" ? "trainee" : "traineer"} har allerede "${m}" som vert (${list}), men vertskapasiteten er ${c}`],
  [/^entry (\d+) of the list (.+)$/s, (n, rest) => `element ${n} i listen: ${toNorwegian(rest)}`],
];

/** The values of the fixed columns (At, Kind, Role) with the Norwegian word a workbook may use instead: `"host" (vert)`. */
function withNorwegianValues(values: string): string {
  return values.replace(/"([a-z-]+)"/g, (quoted, value: string) => (VALUE_NB[value] === undefined ? quoted : `${quoted} (${VALUE_NB[value]})`));
}

const VALUE_NB: Readonly<Record<string, string>> = {
  host: "vert",
  away: "borte",
  municipality: "kommune",
  "municipal-company": "kommunalt foretak",
  "inter-municipal-company": "interkommunalt selskap",
  other: "annet",
  supervisor: "veileder",
};

const FIT_REQUIRED_NB = 'regelen specializationFit er "required" (spesialiseringen må passe)';

const ROLE_NB: Readonly<Record<string, string>> = { mentor: "mentor", supervisor: "veileder" };

const NO_ONE_NB: Readonly<Record<string, string>> = {
  member: "ingen medlem",
  "person (mentor or supervisor)": "ingen person (mentor eller veileder)",
  trainee: "ingen trainee",
};

const OTHER_ID_NB: Readonly<Record<string, string>> = {
  "a member's id": "det er id-en til et medlem",
  "a person's id": "det er id-en til en person",
  "a trainee's id": "det er id-en til en trainee",
  "a period's id": "det er id-en til en periode",
};

/** The other OpenDocument kinds (ods/read-ods.ts), in Norwegian. */
const OPEN_DOCUMENT_KINDS: Readonly<Record<string, string>> = {
  "a text document (.odt)": "et tekstdokument (.odt)",
  "a presentation (.odp)": "en presentasjon (.odp)",
  "a drawing (.odg)": "en tegning (.odg)",
  "another kind of document": "en annen type dokument",
};

/** Why a CSV file's encoding was refused (csv/decode.ts), in Norwegian. */
function encodingReason(reason: string): string {
  const character = (what: string): string =>
    what.replace(/^the control character /, "kontrolltegnet ").replace(/^the character /, "tegnet ");
  const patterns: readonly Translation[] = [
    [/^it holds the character (.) where a letter could not be read, .*$/s, (ch) =>
      `den har tegnet ${ch} der en bokstav ikke kunne leses, et tegn på at den er lagret eller lest med feil tegnkoding`],
    [/^it holds (.+), which no text in a spreadsheet has$/s, (what) => `den har ${character(what)}, som ingen tekst i et regneark har`],
    [/^it is not UTF-8, and as Windows-1252 it would hold (.+), so its encoding is not known$/s, (what) =>
      `den er ikke UTF-8, og som Windows-1252 ville den ha ${character(what)}, så tegnkodingen er ukjent`],
    [/^it starts as (\S+) text but has bytes that are not \S+$/, (encoding) =>
      `den begynner som ${encoding}-tekst, men har byte som ikke er ${encoding}`],
    [/^it is neither UTF-8 nor Windows-1252 text$/, () => "den er verken UTF-8- eller Windows-1252-tekst"],
  ];
  for (const [pattern, translate] of patterns) {
    const match = pattern.exec(reason);
    if (match !== null) return translate(...match.slice(1).map((g) => g as string));
  }
  return reason;
}

function toNorwegian(message: string): string {
  for (const [pattern, translate] of TRANSLATIONS) {
    const match = pattern.exec(message);
    if (match !== null) return translate(...match.slice(1).map((g) => g as string));
  }
  return message;
}
