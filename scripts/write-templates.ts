/**
 * Writes the spreadsheet templates in examples/ from examples/romerike-2013.json: the workbook
 * (romerike-2013.xlsx) and the CSV files (romerike-2013-csv/*.csv), as @rotamatch/sheets writes them.
 *
 *   npm run templates          write the templates
 *   npm run templates:check    exit 1 when a committed template differs from what would be written
 *
 * CSV files are compared as text. A workbook is compared by what it holds (the cohort read from
 * it), so that a new version of the ZIP library, which may pack the same sheets into other bytes,
 * is not drift.
 */
import { isDeepStrictEqual } from "node:util";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { CohortInput } from "../packages/core/src/index.js";
import { readCohortWorkbook, writeCohortCsv, writeCohortWorkbook } from "../packages/sheets/src/index.js";

const repoRoot = new URL("../", import.meta.url);

/** The cohort the templates are filled with. */
export const TEMPLATE_SOURCE = "examples/romerike-2013.json";
export const TEMPLATE_WORKBOOK = "examples/romerike-2013.xlsx";
export const TEMPLATE_CSV_FOLDER = "examples/romerike-2013-csv";

interface TemplateFile {
  /** Path from the repository root, with forward slashes. */
  readonly path: string;
  readonly data: Uint8Array;
  readonly kind: "workbook" | "csv";
}

/** The template files and their contents. */
export async function renderTemplates(): Promise<TemplateFile[]> {
  const cohort = JSON.parse(await readFile(new URL(TEMPLATE_SOURCE, repoRoot), "utf8")) as CohortInput;
  const encoder = new TextEncoder();
  const csv = Object.entries(writeCohortCsv(cohort)).map(([name, text]) => ({
    path: `${TEMPLATE_CSV_FOLDER}/${name}`,
    data: encoder.encode(text),
    kind: "csv" as const,
  }));
  return [{ path: TEMPLATE_WORKBOOK, data: await writeCohortWorkbook(cohort), kind: "workbook" }, ...csv];
}

export interface StaleTemplate {
  readonly path: string;
  readonly problem: "missing" | "out of date";
}

/** The templates that are missing or differ from what would be written. */
export async function findStaleTemplates(): Promise<StaleTemplate[]> {
  const stale: StaleTemplate[] = [];
  for (const file of await renderTemplates()) {
    let committed: Uint8Array;
    try {
      committed = new Uint8Array(await readFile(new URL(file.path, repoRoot)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      stale.push({ path: file.path, problem: "missing" });
      continue;
    }
    const same =
      file.kind === "csv"
        ? isDeepStrictEqual(committed, file.data)
        : isDeepStrictEqual(await readCohortWorkbook(committed), await readCohortWorkbook(file.data));
    if (!same) stale.push({ path: file.path, problem: "out of date" });
  }
  return stale;
}

async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    process.stderr.write(`write-templates: unknown argument ${unknown[0]}\nusage: tsx scripts/write-templates.ts [--check]\n`);
    return 1;
  }
  if (args.includes("--check")) {
    const stale = await findStaleTemplates();
    if (stale.length === 0) {
      process.stdout.write("The spreadsheet templates in examples/ are up to date.\n");
      return 0;
    }
    for (const file of stale) process.stderr.write(`${file.path} ${file.problem === "missing" ? "is missing" : `is out of date with ${TEMPLATE_SOURCE}`}.\n`);
    process.stderr.write("Run `npm run templates` to regenerate, then commit the result.\n");
    return 1;
  }
  for (const file of await renderTemplates()) {
    const url = new URL(file.path, repoRoot);
    await mkdir(new URL(".", url), { recursive: true });
    await writeFile(url, file.data);
    process.stdout.write(`wrote ${file.path}\n`);
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`write-templates: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
