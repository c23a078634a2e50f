/**
 * A sheet issue as one line for a person, in English or Norwegian (bokmål):
 * "Trainees, row 12, column Specialization: 'vann' is not a specialization any member offers".
 * In Norwegian the place is always translated, and the message when it is one of the sheets'
 * own messages or a common message of the core; other core messages stay in English.
 */
import { COHORT_SHEETS, SETTING_COLUMNS, type SheetSpec } from "./layout.js";
import type { SheetIssue } from "./types.js";

export function formatSheetIssue(issue: SheetIssue, lang: "en" | "nb" = "en"): string {
  const spec = COHORT_SHEETS.find((s) => s.name === issue.sheet);
  const nb = lang === "nb";
  const place = [
    issue.sheet === "" ? null : nb ? (spec?.nb ?? issue.sheet) : issue.sheet,
    issue.row === null ? null : `${nb ? "rad" : "row"} ${issue.row}`,
    issue.column === null ? null : `${nb ? "kolonne" : "column"} ${nb ? norwegianHeader(spec, issue.column) : issue.column}`,
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
  return name;
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
  [/^must be one of (.+), not (.+)$/, (values, value) => `må være en av ${values}, ikke ${value.replace(/^the text /, "teksten ")}`],
];

function toNorwegian(message: string): string {
  for (const [pattern, translate] of TRANSLATIONS) {
    const match = pattern.exec(message);
    if (match !== null) return translate(...match.slice(1).map((g) => g as string));
  }
  return message;
}
