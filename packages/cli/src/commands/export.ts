/**
 * rotamatch export PLAN --cohort COHORT --format csv|xlsx|ics|pack [--out FILE|DIR] [--delimiter ,|;]
 * [--trainee ID] [--lang en|nb]: a plan as a workbook, CSV files, calendars or a pack per member
 * (a ZIP), in English or Norwegian. The plan file has only ids; the cohort (JSON, a workbook or a folder of CSV files)
 * gives the names, dates and gatherings.
 */
import { formatPath, parsePlan, plural, replanPlanSchema, verifyPlan, type CohortInput, type PlanJson, type PlanViolation } from "@rotamatch/core/format";
import { writePlanCsv, writePlanIcs, writePlanPack, writePlanWorkbook, type PlanToWrite } from "@rotamatch/sheets";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError } from "../command.js";
import { describeFileError, describeSource, readCohort } from "../read-cohort.js";
import { isWorkbookPath, parseLang, type Lang } from "../read-sheets.js";
import { readValidCohort } from "../read-valid-cohort.js";
import { readPlanFromWorkbook } from "../read-plan-workbook.js";

const OPTIONS = {
  cohort: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  delimiter: { type: "string" },
  trainee: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const DELIMITERS: Readonly<Record<string, "," | ";">> = { ",": ",", ";": ";", comma: ",", semicolon: ";" };

export async function runExport(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("export", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { values, positionals } = started;
  if (positionals.length === 0) return usageError(io, "export needs a PLAN file");
  if (positionals.length > 1) return usageError(io, `export takes one PLAN file, not ${positionals.length}`);
  const format = values.format;
  if (format === undefined) return usageError(io, "export needs --format csv, xlsx, ics or pack");
  if (format !== "csv" && format !== "xlsx" && format !== "ics" && format !== "pack") {
    return usageError(io, `--format must be csv, xlsx, ics or pack, not ${JSON.stringify(format)}`);
  }
  if (values.cohort === undefined) {
    return usageError(io, "export needs --cohort COHORT: the cohort the plan was made for, which gives the names and dates");
  }
  const delimiter = values.delimiter === undefined ? "," : DELIMITERS[values.delimiter];
  if (delimiter === undefined) return usageError(io, `--delimiter must be , or ;, not ${JSON.stringify(values.delimiter)}`);
  if (values.delimiter !== undefined && format !== "csv") return usageError(io, "--delimiter is for --format csv");
  if (values.trainee !== undefined && format !== "ics") return usageError(io, "--trainee is for --format ics");
  if (format === "xlsx" && values.out === undefined) return usageError(io, "a workbook is binary: give --out FILE.xlsx");
  if (format === "pack" && values.out === undefined) return usageError(io, "a pack is a ZIP file: give --out FILE.zip");
  const lang = parseLang(values.lang);
  if (lang === undefined) return usageError(io, `--lang must be en or nb, not ${JSON.stringify(values.lang)}`);

  const planPath = positionals[0] as string;
  const plan = await readPlan(io, planPath);
  if (!plan.ok) return plan.exitCode;
  const cohort = await readValidCohort(io, values.cohort, "export", lang);
  if (!cohort.ok) return cohort.exitCode;
  // The same check as the service's /v1/export and the sheets writers: the core's verifier.
  const verdict = verifyPlan(cohort.cohort, plan.plan);
  if (!verdict.ok) {
    reportViolations(io, verdict.violations);
    io.stderr(`rotamatch: ${describeSource(planPath)} is not a plan of ${values.cohort} (${plural(verdict.violations.length, "problem")}); nothing was written.\n`);
    return EXIT.invalidInput;
  }
  if (values.trainee !== undefined && !cohort.cohort.trainees.some((t) => t.id === values.trainee)) {
    return usageError(io, `the cohort has no trainee with the id ${JSON.stringify(values.trainee)}`);
  }

  try {
    switch (format) {
      case "xlsx":
        await io.writeBytes(values.out as string, await writePlanWorkbook(cohort.cohort, plan.toWrite, { lang }));
        io.stderr(`rotamatch: wrote the plan (${plan.plan.status}) as a workbook to ${values.out}\n`);
        return EXIT.ok;
      case "csv":
        return await exportCsv(io, cohort.cohort, plan.toWrite, delimiter, values.out, lang);
      case "ics":
        return await exportIcs(io, cohort.cohort, plan.toWrite, values.trainee, values.out, lang);
      case "pack":
        // A folder per member (its workbook and calendar), a calendar per supervisor and mentor (sheets' pack.ts).
        await io.writeBytes(values.out as string, await writePlanPack(cohort.cohort, plan.toWrite, { lang }));
        io.stderr(`rotamatch: wrote the plan (${plan.plan.status}) as a pack per member to ${values.out}\n`);
        return EXIT.ok;
    }
  } catch (error) {
    io.stderr(`rotamatch: cannot write ${values.out}: ${describeFileError(error, "write")}.\n`);
    return EXIT.usage;
  }
}

/** CSV: every file into the folder --out, or the main file (plan.csv) on standard output. */
async function exportCsv(io: CliIo, cohort: CohortInput, plan: PlanToWrite, delimiter: "," | ";", out: string | undefined, lang: Lang): Promise<ExitCode> {
  if (out === undefined) {
    io.stdout(writePlanCsv(cohort, plan, { delimiter, bom: false, lang })["plan.csv"] as string);
    return EXIT.ok;
  }
  const files = writePlanCsv(cohort, plan, { delimiter, lang });
  await io.makeFolder(out);
  for (const [name, text] of Object.entries(files)) await io.writeFile(joinPath(out, name), text);
  io.stderr(`rotamatch: wrote ${Object.keys(files).length} CSV files (${Object.keys(files).join(", ")}) to ${out}\n`);
  return EXIT.ok;
}

/**
 * ICS: to a file when --out ends in .ics (or to standard output without --out); to a folder
 * otherwise, with the whole cohort's calendar (calendar.ics: each period's first and last day
 * and the gatherings) and one per trainee (its whole periods).
 */
async function exportIcs(io: CliIo, cohort: CohortInput, plan: PlanToWrite, trainee: string | undefined, out: string | undefined, lang: Lang): Promise<ExitCode> {
  const options = trainee === undefined ? { lang } : { trainee, lang };
  if (out === undefined) {
    io.stdout(writePlanIcs(cohort, plan, options));
    return EXIT.ok;
  }
  if (/\.ics$/i.test(out)) {
    await io.writeFile(out, writePlanIcs(cohort, plan, options));
    io.stderr(`rotamatch: wrote the calendar${trainee === undefined ? "" : ` of ${trainee}`} to ${out}\n`);
    return EXIT.ok;
  }
  await io.makeFolder(out);
  const files = new Map<string, string>();
  if (trainee === undefined) files.set("calendar.ics", writePlanIcs(cohort, plan, { lang }));
  const used = new Set(files.keys());
  for (const t of cohort.trainees) {
    if (trainee !== undefined && t.id !== trainee) continue;
    const name = uniqueFileName(t.id, used);
    files.set(name, writePlanIcs(cohort, plan, { trainee: t.id, lang }));
  }
  for (const [name, text] of files) await io.writeFile(joinPath(out, name), text);
  io.stderr(`rotamatch: wrote ${files.size} calendars to ${out}\n`);
  return EXIT.ok;
}

/** A file name for a trainee's calendar: the id with only safe characters, made unique. */
function uniqueFileName(id: string, used: Set<string>): string {
  const base = `trainee-${id.replace(/[^\w.-]+/g, "_").slice(0, 80)}`;
  let name = `${base}.ics`;
  for (let n = 2; used.has(name); n += 1) name = `${base}-${n}.ics`;
  used.add(name);
  return name;
}

function joinPath(folder: string, name: string): string {
  return `${folder.replace(/[/\\]$/, "")}/${name}`;
}

/** The plan file as read (`plan`) and as the writers take it (`toWrite`: with a re-planned plan's `changes`). */
type PlanRead = { readonly ok: true; readonly plan: PlanJson; readonly toWrite: PlanToWrite } | { readonly ok: false; readonly exitCode: ExitCode };

/**
 * The plan file, in the plan format (parsePlan); whether it fits the cohort is checked later.
 * A re-planned plan (`rotamatch replan`) is the plan format plus `changes`: they are checked
 * here and kept for the workbook's Changes sheet and the calendars' SEQUENCE.
 */
async function readPlan(io: CliIo, path: string): Promise<PlanRead> {
  if (isWorkbookPath(path)) {
    // A published plan workbook: its plan, checked against its own cohort (read-plan-workbook.ts).
    const read = await readPlanFromWorkbook(io, path, "export", "en");
    if (!read.ok) return read;
    const { changes: _changes, ...plan } = read.plan as PlanJson & { readonly changes?: unknown };
    return { ok: true, plan, toWrite: read.plan };
  }
  const input = await readCohort(io, path, "export");
  if (!input.ok) return input;
  let value = input.value;
  let changes: unknown;
  if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "changes")) {
    ({ changes, ...value } = value as { changes: unknown });
  }
  const parsed = parsePlan(value);
  const readChanges = changes === undefined ? null : replanPlanSchema.shape.changes.safeParse(changes);
  if (parsed.ok && (readChanges === null || readChanges.success)) {
    return { ok: true, plan: parsed.plan, toWrite: readChanges === null ? parsed.plan : { ...parsed.plan, changes: readChanges.data } };
  }
  const violations: PlanViolation[] = parsed.ok ? [] : [...parsed.violations];
  for (const issue of readChanges?.error?.issues ?? []) {
    const at = formatPath(["changes", ...issue.path.map((key) => (typeof key === "number" ? key : String(key)))]);
    violations.push({ code: "invalid_plan", path: at, message: `The plan's changes are not in the format of a re-plan: ${issue.message}.` });
  }
  reportViolations(io, violations);
  io.stderr(`rotamatch: ${describeSource(path)} is not a plan file (rotamatch.plan/v1; ${plural(violations.length, "problem")}).\n`);
  return { ok: false, exitCode: EXIT.invalidInput };
}

/** The most violations printed; a plan of another cohort may break a rule for every trainee. */
const MAX_PRINTED = 20;

/** Each violation on its own line (`code at path: message`), the first MAX_PRINTED of them. */
function reportViolations(io: CliIo, violations: readonly PlanViolation[]): void {
  for (const v of violations.slice(0, MAX_PRINTED)) io.stderr(`${v.path === "" ? v.code : `${v.code} at ${v.path}`}: ${v.message}\n`);
  if (violations.length > MAX_PRINTED) io.stderr(`... and ${violations.length - MAX_PRINTED} more\n`);
}


function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "export", message);
}
