/**
 * The workbook layout: which sheet holds which part of the cohort, and which column or setting
 * holds which field. The single source of truth for the readers, the writers, the issue
 * locations and the documentation (docs/sheets.md is checked against it).
 *
 * Headers and sheet names are written in English or Norwegian (bokmål), as the writer's `lang`
 * says (English by default), and read in either, in any case and spacing, or as the cohort's
 * own field name (`hostCapacity`). The Norwegian words of fixed values are in words.ts
 * (COHORT_VALUE_WORDS_NB); each is one of the `valueAliases` here, so it reads back.
 */

/** How a cell's text becomes a cohort value. */
export type ValueType = "text" | "count" | "number" | "date" | "list" | "enum" | "boolean";

export interface ColumnSpec {
  /** The English header, written on export. */
  readonly header: string;
  /** The Norwegian header, accepted on import. */
  readonly nb: string;
  /** Other accepted headers (besides the field name, which is always accepted). */
  readonly aliases?: readonly string[];
  /** The field within one entry, dotted for nested fields (`location.lat`). */
  readonly field: string;
  readonly type: ValueType;
  /** A column the sheet cannot do without. */
  readonly required?: boolean;
  /** Accepted values of an enum, with Norwegian words for them (`vert` for `host`). */
  readonly values?: readonly string[];
  readonly valueAliases?: Readonly<Record<string, string>>;
}

/** A sheet with one entry of a cohort list per row. */
export interface ListSheetSpec {
  readonly kind: "list";
  readonly name: string;
  readonly nb: string;
  /** The CSV file name. */
  readonly file: string;
  /** The cohort list it holds, as the core writes its path (`programme.periods`, `forbid`). */
  readonly list: string;
  readonly required: boolean;
  readonly columns: readonly ColumnSpec[];
}

/** One row of a settings sheet: a key in the first column, its value in the second. */
export interface SettingSpec {
  /** The key as written on export (the cohort's field name). */
  readonly key: string;
  /** The Norwegian key, accepted on import. */
  readonly nb?: string;
  /** The field's path in the cohort (`programme.name`, `rules.allowUnassigned`). */
  readonly path: string;
  readonly type: ValueType;
  readonly required?: boolean;
  readonly values?: readonly string[];
  readonly valueAliases?: Readonly<Record<string, string>>;
}

/** A sheet of key/value rows (`name`, `start`; the rules; the weights). */
export interface SettingsSheetSpec {
  readonly kind: "settings";
  readonly name: string;
  readonly nb: string;
  readonly file: string;
  readonly required: boolean;
  readonly settings: readonly SettingSpec[];
}

export type SheetSpec = ListSheetSpec | SettingsSheetSpec;

/** The two columns of every settings sheet. */
export const SETTING_COLUMNS = {
  key: { header: "Setting", nb: "Innstilling" },
  value: { header: "Value", nb: "Verdi" },
} as const;

const MEMBER_KINDS = ["municipality", "municipal-company", "inter-municipal-company", "other"];
const KIND_ALIASES = {
  kommune: "municipality",
  "kommunalt foretak": "municipal-company",
  kf: "municipal-company",
  "interkommunalt selskap": "inter-municipal-company",
  iks: "inter-municipal-company",
  annet: "other",
};
const ROLE_ALIASES = { veileder: "supervisor", fagveileder: "supervisor" };
const AT_ALIASES = { vert: "host", borte: "away" };

const specializations = (header: string, nb: string): ColumnSpec => ({
  header,
  nb,
  aliases: ["Specialisations", "Spesialiseringer"],
  field: "specializations",
  type: "list",
});

export const PROGRAMME_SHEET: SettingsSheetSpec = {
  kind: "settings",
  name: "Programme",
  nb: "Program",
  file: "programme.csv",
  required: true,
  settings: [
    { key: "name", nb: "navn", path: "programme.name", type: "text", required: true },
    { key: "start", nb: "oppstart", path: "programme.start", type: "date", required: true },
  ],
};

export const PERIODS_SHEET: ListSheetSpec = {
  kind: "list",
  name: "Periods",
  nb: "Perioder",
  file: "periods.csv",
  list: "programme.periods",
  required: true,
  columns: [
    { header: "Id", nb: "Id", field: "id", type: "text", required: true },
    { header: "Months", nb: "Måneder", field: "months", type: "count", required: true },
    { header: "At", nb: "Sted", field: "at", type: "enum", required: true, values: ["host", "away"], valueAliases: AT_ALIASES },
  ],
};

export const GATHERINGS_SHEET: ListSheetSpec = {
  kind: "list",
  name: "Gatherings",
  nb: "Samlinger",
  file: "gatherings.csv",
  list: "programme.gatherings",
  required: false,
  columns: [
    { header: "Name", nb: "Navn", field: "name", type: "text", required: true },
    { header: "Date", nb: "Dato", field: "date", type: "date", required: true },
  ],
};

export const MEMBERS_SHEET: ListSheetSpec = {
  kind: "list",
  name: "Members",
  nb: "Medlemmer",
  file: "members.csv",
  list: "members",
  required: true,
  columns: [
    { header: "Id", nb: "Id", field: "id", type: "text", required: true },
    { header: "Name", nb: "Navn", field: "name", type: "text" },
    { header: "Kind", nb: "Type", field: "kind", type: "enum", values: MEMBER_KINDS, valueAliases: KIND_ALIASES },
    { header: "Organisation", nb: "Organisasjon", aliases: ["Organization"], field: "organisation", type: "text" },
    { header: "Latitude", nb: "Breddegrad", aliases: ["lat"], field: "location.lat", type: "number" },
    { header: "Longitude", nb: "Lengdegrad", aliases: ["lon"], field: "location.lon", type: "number" },
    specializations("Specializations", "Spesialiseringer"),
    { header: "Host capacity", nb: "Vertskapasitet", field: "hostCapacity", type: "count", required: true },
    { header: "Away capacity", nb: "Bortekapasitet", field: "awayCapacity", type: "count", required: true },
  ],
};

export const PEOPLE_SHEET: ListSheetSpec = {
  kind: "list",
  name: "People",
  nb: "Personer",
  file: "people.csv",
  list: "people",
  required: false,
  columns: [
    { header: "Id", nb: "Id", field: "id", type: "text", required: true },
    { header: "Name", nb: "Navn", field: "name", type: "text" },
    { header: "Member", nb: "Medlem", field: "member", type: "text", required: true },
    {
      header: "Role",
      nb: "Rolle",
      field: "role",
      type: "enum",
      required: true,
      values: ["supervisor", "mentor"],
      valueAliases: ROLE_ALIASES,
    },
    { header: "Capacity", nb: "Kapasitet", field: "capacity", type: "count" },
    specializations("Specializations", "Spesialiseringer"),
  ],
};

export const TRAINEES_SHEET: ListSheetSpec = {
  kind: "list",
  name: "Trainees",
  nb: "Traineer",
  file: "trainees.csv",
  list: "trainees",
  required: true,
  columns: [
    { header: "Id", nb: "Id", field: "id", type: "text", required: true },
    { header: "Name", nb: "Navn", field: "name", type: "text" },
    {
      header: "Specialization",
      nb: "Spesialisering",
      aliases: ["Specialisation"],
      field: "specialization",
      type: "text",
      required: true,
    },
    { header: "Host", nb: "Vert", field: "host", type: "text" },
    { header: "Host preferences", nb: "Vertsønsker", field: "hostPreferences", type: "list" },
    { header: "Away preferences", nb: "Borteønsker", field: "awayPreferences", type: "list" },
  ],
};

export const RULES_SHEET: SettingsSheetSpec = {
  kind: "settings",
  name: "Rules",
  nb: "Regler",
  file: "rules.csv",
  required: false,
  settings: [
    {
      key: "mentorOutside",
      nb: "mentor utenfra",
      path: "rules.mentorOutside",
      type: "enum",
      values: ["host", "host-and-away"],
      valueAliases: { vert: "host", "vert og borte": "host-and-away", "vert-og-borte": "host-and-away" },
    },
    {
      key: "specializationFit",
      nb: "spesialiseringskrav",
      path: "rules.specializationFit",
      type: "enum",
      values: ["required", "preferred"],
      valueAliases: { påkrevd: "required", foretrukket: "preferred" },
    },
    { key: "allowUnassigned", nb: "tillat tomme roller", path: "rules.allowUnassigned", type: "boolean" },
  ],
};

export const WEIGHTS_SHEET: SettingsSheetSpec = {
  kind: "settings",
  name: "Weights",
  nb: "Vekter",
  file: "weights.csv",
  required: false,
  settings: (
    [
      ["awayRank", "rang i borteønsker"],
      ["hostRank", "rang i vertsønsker"],
      ["travelPerKm", "reise per km"],
      ["mentorSpecialization", "mentor uten spesialiseringen"],
      ["supervisorSpecialization", "veileder uten spesialiseringen"],
      ["specializationMiss", "spesialisering mangler"],
      ["repeatExchange", "gjentatt utveksling"],
      ["repeatMentorHost", "gjentatt mentor hos verten"],
      ["reciprocity", "gjensidighet"],
    ] as const
  ).map(([key, nb]) => ({ key, nb, path: `weights.${key}`, type: "number" as const })),
};

const PERSON_COLUMNS = {
  mentor: { header: "Mentor", nb: "Mentor", field: "mentor", type: "text" },
  supervisor: { header: "Supervisor", nb: "Veileder", aliases: ["Fagveileder"], field: "supervisor", type: "text" },
} as const satisfies Record<string, ColumnSpec>;

export const PINS_SHEET: ListSheetSpec = {
  kind: "list",
  name: "Pins",
  nb: "Låsinger",
  file: "pins.csv",
  list: "pins",
  required: false,
  columns: [
    { header: "Trainee", nb: "Trainee", field: "trainee", type: "text", required: true },
    { header: "Period", nb: "Periode", field: "period", type: "text" },
    { header: "Member", nb: "Medlem", field: "member", type: "text" },
    PERSON_COLUMNS.mentor,
    PERSON_COLUMNS.supervisor,
  ],
};

export const FORBIDS_SHEET: ListSheetSpec = {
  kind: "list",
  name: "Forbids",
  nb: "Forbud",
  file: "forbids.csv",
  list: "forbid",
  required: false,
  columns: [
    { header: "Trainee", nb: "Trainee", field: "trainee", type: "text", required: true },
    { header: "Member", nb: "Medlem", field: "member", type: "text" },
    PERSON_COLUMNS.mentor,
    PERSON_COLUMNS.supervisor,
  ],
};

/**
 * The cohort's history (the cohort field `history`): one row per trainee of an earlier cohort,
 * not one row per entry of a cohort list, so the readers and writers group and ungroup its
 * rows (history.ts): rows with the same Cohort are one history entry, in order of first
 * appearance. `field` names the row's value, not a path into the cohort: Cohort is the entry's
 * `name`, Away the members of the assignment's away placements.
 */
export const HISTORY_SHEET: ListSheetSpec = {
  kind: "list",
  name: "History",
  nb: "Historikk",
  file: "history.csv",
  list: "history",
  required: false,
  columns: [
    { header: "Cohort", nb: "Kull", field: "cohort", type: "text", required: true },
    { header: "Trainee", nb: "Trainee", field: "trainee", type: "text", required: true },
    { header: "Host", nb: "Vert", field: "host", type: "text", required: true },
    { header: "Away", nb: "Borte", aliases: ["Away members", "Bortemedlemmer"], field: "away", type: "list" },
    PERSON_COLUMNS.supervisor,
    PERSON_COLUMNS.mentor,
  ],
};

/** Every sheet of a cohort workbook, in the order they are written. */
export const COHORT_SHEETS: readonly SheetSpec[] = [
  PROGRAMME_SHEET,
  PERIODS_SHEET,
  GATHERINGS_SHEET,
  MEMBERS_SHEET,
  PEOPLE_SHEET,
  TRAINEES_SHEET,
  RULES_SHEET,
  WEIGHTS_SHEET,
  PINS_SHEET,
  FORBIDS_SHEET,
  HISTORY_SHEET,
];

/** Every list sheet, by the cohort list it holds. */
export const LIST_SHEETS: ReadonlyMap<string, ListSheetSpec> = new Map(
  COHORT_SHEETS.filter((s): s is ListSheetSpec => s.kind === "list").map((s) => [s.list, s]),
);

/**
 * A name or header as compared on import: lower case, without spaces, hyphens, underscores and
 * a `.csv` ending, so that "Host capacity", "host_capacity" and "hostCapacity" are one header.
 */
export function normalizeName(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\.csv$/, "")
    .replace(/[\s_-]+/g, "");
}

/** The names a sheet is recognised by (normalized). */
export function sheetNames(spec: SheetSpec): readonly string[] {
  return [spec.name, spec.nb, spec.file].map(normalizeName);
}

/** The headers a column is recognised by (normalized). */
export function columnNames(column: ColumnSpec): readonly string[] {
  return [column.header, column.nb, column.field, ...(column.aliases ?? [])].map(normalizeName);
}

/** The keys a setting is recognised by (normalized). */
export function settingNames(setting: SettingSpec): readonly string[] {
  return [setting.key, ...(setting.nb === undefined ? [] : [setting.nb])].map(normalizeName);
}
