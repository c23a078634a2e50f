/**
 * rotamatch template [COHORT] --out FILE.xlsx|DIR [--lang en|nb] [--delimiter ,|;]: the cohort
 * workbook (or its CSV files) to fill in, in English or Norwegian. Without COHORT it is blank:
 * every sheet with its headers and drop-down lists, the rules and weights with their defaults.
 * With COHORT (a cohort file, a workbook or a folder of CSV files) it holds that cohort, to
 * start the next cohort from this one, or to hand an English workbook over in Norwegian.
 */
import type { CohortInput } from "@rotamatch/core/format";
import { writeCohortCsv, writeCohortWorkbook, writeTemplateCsv, writeTemplateWorkbook } from "@rotamatch/sheets";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError } from "../command.js";
import { describeFileError } from "../read-cohort.js";
import { parseLang } from "../read-sheets.js";
import { readValidCohort } from "../read-valid-cohort.js";

const OPTIONS = {
  out: { type: "string" },
  lang: { type: "string" },
  delimiter: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const DELIMITERS: Readonly<Record<string, "," | ";">> = { ",": ",", ";": ";", comma: ",", semicolon: ";" };

export async function runTemplate(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("template", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { values, positionals } = started;
  if (positionals.length > 1) return usageError(io, `template takes at most one COHORT, not ${positionals.length}`);
  const out = values.out;
  if (out === undefined) return usageError(io, "template needs --out FILE.xlsx (a workbook) or --out DIR (CSV files)");
  const lang = parseLang(values.lang);
  if (lang === undefined) return usageError(io, `--lang must be en or nb, not ${JSON.stringify(values.lang)}`);
  const workbook = /\.xlsx$/i.test(out);
  const delimiter = values.delimiter === undefined ? "," : DELIMITERS[values.delimiter];
  if (delimiter === undefined) return usageError(io, `--delimiter must be , or ;, not ${JSON.stringify(values.delimiter)}`);
  if (values.delimiter !== undefined && workbook) return usageError(io, "--delimiter is for CSV files (--out DIR)");

  let cohort: CohortInput | null = null;
  const path = positionals[0];
  if (path !== undefined) {
    const read = await readValidCohort(io, path, "template", lang);
    if (!read.ok) return read.exitCode;
    cohort = read.cohort;
  }
  const what = cohort === null ? "the blank template" : `the cohort of ${path}`;
  try {
    if (workbook) {
      await io.writeBytes(out, cohort === null ? await writeTemplateWorkbook({ lang }) : await writeCohortWorkbook(cohort, { lang }));
      io.stderr(`rotamatch: wrote ${what} as a workbook to ${out}\n`);
      return EXIT.ok;
    }
    const files = cohort === null ? writeTemplateCsv({ lang, delimiter }) : writeCohortCsv(cohort, { lang, delimiter });
    await io.makeFolder(out);
    for (const [name, text] of Object.entries(files)) await io.writeFile(`${out.replace(/[/\\]$/, "")}/${name}`, text);
    io.stderr(`rotamatch: wrote ${what} as ${Object.keys(files).length} CSV files to ${out}\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`rotamatch: cannot write ${out}: ${describeFileError(error, "write")}.\n`);
    return EXIT.usage;
  }
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "template", message);
}
