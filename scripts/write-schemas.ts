/**
 * Writes the JSON Schema files in docs/schema/ from the zod schemas of @rotamatch/core.
 *
 *   npm run schema          write docs/schema/cohort.schema.json and plan.schema.json
 *   npm run schema:check    exit 1 when a committed file differs from what would be written
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { cohortJsonSchema, planJsonSchema } from "../packages/core/src/domain/json-schema.js";

export interface SchemaFile {
  /** Path from the repository root, with forward slashes. */
  readonly path: string;
  /** The exact text the file must hold. */
  readonly text: string;
}

const repoRoot = new URL("../", import.meta.url);

/** The files this script owns and what each must contain: 2-space JSON and a final newline. */
export function renderSchemaFiles(): SchemaFile[] {
  return [
    { path: "docs/schema/cohort.schema.json", text: renderJson(cohortJsonSchema()) },
    { path: "docs/schema/plan.schema.json", text: renderJson(planJsonSchema()) },
  ];
}

function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The committed text of a file, with Windows line endings undone; null when the file is missing. */
export async function readCommitted(path: string): Promise<string | null> {
  try {
    return (await readFile(new URL(path, repoRoot), "utf8")).replace(/\r\n/g, "\n");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export interface StaleFile {
  readonly path: string;
  readonly problem: "missing" | "out of date";
}

/** The files that are missing or differ from what would be written. */
export async function findStaleFiles(): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const file of renderSchemaFiles()) {
    const committed = await readCommitted(file.path);
    if (committed === null) stale.push({ path: file.path, problem: "missing" });
    else if (committed !== file.text) stale.push({ path: file.path, problem: "out of date" });
  }
  return stale;
}

async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    process.stderr.write(`write-schemas: unknown argument ${unknown[0]}\nusage: tsx scripts/write-schemas.ts [--check]\n`);
    return 1;
  }
  if (args.includes("--check")) {
    const stale = await findStaleFiles();
    if (stale.length === 0) {
      process.stdout.write("JSON Schema files in docs/schema/ are up to date.\n");
      return 0;
    }
    for (const file of stale) {
      const why = file.problem === "missing" ? "is missing" : "is out of date with packages/core/src/domain/schema.ts";
      process.stderr.write(`${file.path} ${why}.\n`);
    }
    process.stderr.write("Run `npm run schema` to regenerate, then commit the result.\n");
    return 1;
  }
  for (const file of renderSchemaFiles()) {
    const url = new URL(file.path, repoRoot);
    await mkdir(new URL(".", url), { recursive: true });
    await writeFile(url, file.text, "utf8");
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
      process.stderr.write(`write-schemas: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
