/** rotamatch import FILE.xlsx|DIR [--out FILE] [--lang en|nb]: a workbook or CSV files to a cohort file. */
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError, writeOutput } from "../command.js";
import { parseLang, readCohortSheets } from "../read-sheets.js";

const OPTIONS = {
  out: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export async function runImport(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("import", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { values, positionals } = started;
  if (positionals.length === 0) return usageError(io, "import needs a workbook (.xlsx) or a folder of CSV files");
  if (positionals.length > 1) return usageError(io, `import takes one workbook or folder, not ${positionals.length}`);
  const lang = parseLang(values.lang);
  if (lang === undefined) return usageError(io, `--lang must be en or nb, not ${JSON.stringify(values.lang)}`);
  const path = positionals[0] as string;

  const read = await readCohortSheets(io, path, "import", lang);
  if (!read.ok) return read.exitCode;
  const { cohort } = read;
  const text = `${JSON.stringify(cohort, null, 2)}\n`;
  const counts = `${cohort.members.length} members, ${cohort.people?.length ?? 0} people and ${cohort.trainees.length} trainees`;
  return (await writeOutput(io, values.out, text, () => `read ${counts} from ${path}; wrote the cohort to ${values.out}`)) ?? EXIT.ok;
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "import", message);
}
