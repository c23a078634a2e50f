/**
 * The documentation is checked against the code:
 * - every ```json cohort block is a valid cohort, and every ```json plan block is exactly the
 *   plan rotamatch makes for the cohort block above it (without `stats`, which holds timings);
 * - the tables of issue codes, weights and dates in format.md say what the code does;
 * - every ```console block in cli.md is run through the command line, in process, and must
 *   print what the page shows (`$ echo $?` shows the exit code of the command before it).
 *   Files come from the repository, or from a ```json file=NAME (or ```text file=NAME) block
 *   earlier on the same page; blocks named DIR/NAME make a folder (of CSV files, say).
 *
 * When the command line's output changes on purpose, rewrite the sessions with
 *   UPDATE_DOCS=1 npx vitest run docs/docs.test.ts
 * and review the diff of docs/cli.md before committing it.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import {
  DEFAULT_WEIGHTS,
  ISSUE_CODES,
  cohortSchema,
  periodDates,
  planSchema,
  solveCohort,
  validateCohort,
} from "@rotamatch/core";
import { afterAll, describe, expect, it } from "vitest";
import { run, type CliIo, type PathInfo } from "../packages/cli/src/run.js";

const docsDir = new URL("./", import.meta.url);
const repoRoot = new URL("../", import.meta.url);

interface Block {
  readonly page: string;
  readonly info: string;
  readonly text: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
  /** Where the block's text starts and ends in the page. */
  readonly start: number;
  readonly end: number;
}

function readBlocks(page: string): Block[] {
  const source = readFileSync(new URL(page, docsDir), "utf8");
  const blocks: Block[] = [];
  const fence = /^```([^\n`]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (let match = fence.exec(source); match !== null; match = fence.exec(source)) {
    const line = source.slice(0, match.index).split("\n").length;
    const start = match.index + match[0].indexOf("\n") + 1;
    const text = match[2] ?? "";
    blocks.push({ page, info: (match[1] ?? "").trim(), text, line, start, end: start + text.length });
  }
  return blocks;
}

const pages = readdirSync(docsDir).filter((name) => name.endsWith(".md")).sort();
const blocks = pages.flatMap(readBlocks);
const where = (b: Block): string => `${b.page}:${b.line}`;
const isCohort = (b: Block): boolean => b.info === "json cohort";
const isPlan = (b: Block): boolean => b.info === "json plan";

describe("cohort and plan blocks", () => {
  const cohorts = blocks.filter(isCohort);
  const plans = blocks.filter(isPlan);

  it("format.md has complete cohort examples and a plan", () => {
    expect(cohorts.filter((b) => b.page === "format.md").length).toBeGreaterThanOrEqual(2);
    expect(plans.filter((b) => b.page === "format.md").length).toBeGreaterThanOrEqual(1);
  });

  it.each(cohorts.map((b) => [where(b), b] as const))("%s is a valid cohort", (_at, block) => {
    const input: unknown = JSON.parse(block.text);
    const parsed = cohortSchema.safeParse(input);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(validateCohort(input)).toEqual([]);
  });

  it.each(plans.map((b) => [where(b), b] as const))("%s is the plan rotamatch makes for the cohort above it", (_at, block) => {
    const shown = planSchema.parse(JSON.parse(block.text));
    const cohortBlock = blocks.filter((b) => b.page === block.page && b.line < block.line && isCohort(b)).at(-1);
    expect(cohortBlock, "a ```json cohort block must come before the plan").toBeDefined();
    const result = solveCohort(JSON.parse(cohortBlock!.text));
    if (!result.ok) throw new Error(`the cohort at ${where(cohortBlock!)} is not valid`);
    const { stats: _stats, ...plan } = result.plan;
    expect(shown).toEqual(plan);
  });

  it.each(blocks.filter((b) => b.info === "json").map((b) => [where(b), b] as const))("%s is JSON", (_at, block) => {
    expect(() => JSON.parse(block.text)).not.toThrow();
  });
});

describe("format.md tables", () => {
  const format = readFileSync(new URL("format.md", docsDir), "utf8");
  const section = (title: string): string => {
    const start = format.indexOf(`\n## ${title}\n`);
    expect(start, `section "${title}"`).toBeGreaterThan(-1);
    const end = format.indexOf("\n## ", start + 1);
    return format.slice(start, end === -1 ? undefined : end);
  };

  it("lists every issue code, once, and no other", () => {
    const rows = [...section("Input problems and their codes").matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...ISSUE_CODES]);
  });

  it("gives the default of every weight", () => {
    const rows = [...format.matchAll(/^\| `(\w+)` \| ([\d.]+) \| /gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(rows)).toEqual(DEFAULT_WEIGHTS);
  });

  it("gives the dates periodDates computes", () => {
    const rows = [...section("Dates").matchAll(/^\| (\d{4}-\d{2}-\d{2}) \| ([\d, ]+) \| (.+) \|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const [, start, months, shown] of rows) {
      const periods = months!.split(",").map((m, i) => ({ id: `p${i}`, months: Number(m.trim()) }));
      const expected = periodDates(start!, periods).map((d) => `${d.from} – ${d.to}`).join(", ");
      expect(shown, `starting ${start}`).toBe(expected);
    }
  });

  it("links to the JSON Schema files that exist", () => {
    for (const file of ["schema/cohort.schema.json", "schema/plan.schema.json"]) {
      expect(format).toContain(`(${file})`);
      expect(() => readFileSync(new URL(file, docsDir))).not.toThrow();
    }
  });
});

describe("cli.md sessions", () => {
  const page = "cli.md";
  const pageBlocks = blocks.filter((b) => b.page === page);
  const sessions = pageBlocks.filter((b) => b.info === "console");

  const updating = process.env.UPDATE_DOCS === "1";
  const rewritten = new Map<Block, string>();

  it("shows sessions to check", () => {
    expect(sessions.length).toBeGreaterThanOrEqual(4);
  });

  it.each(sessions.map((b) => [where(b), b] as const))("%s prints what it shows", async (_at, block) => {
    const files = new Map<string, string>();
    for (const b of pageBlocks) {
      const name = /\bfile=(\S+)/.exec(b.info)?.[1];
      if (name !== undefined && b.line < block.line) files.set(name, b.text);
    }
    const transcript = await replaySession(block.text, files);
    if (updating) rewritten.set(block, transcript);
    else expect(transcript, "if this change is intended, run UPDATE_DOCS=1 npx vitest run docs/docs.test.ts").toBe(block.text);
  });

  afterAll(() => {
    if (!updating || rewritten.size === 0) return;
    const url = new URL(page, docsDir);
    let source = readFileSync(url, "utf8");
    for (const [block, transcript] of [...rewritten].sort(([a], [b]) => b.start - a.start)) {
      source = source.slice(0, block.start) + transcript + source.slice(block.end);
    }
    writeFileSync(url, source);
  });
});

/**
 * Runs each `$ rotamatch ...` line of a session and writes the transcript that a terminal
 * would show: the command, then stdout and stderr in the order they were written.
 */
async function replaySession(session: string, files: ReadonlyMap<string, string>): Promise<string> {
  let transcript = "";
  let lastExit: number | null = null;
  const written = new Map<string, string | Uint8Array>();
  /** A file a block or an earlier command gave, else undefined (then the repository's is read). */
  const given = (path: string): string | Uint8Array | undefined => written.get(path) ?? files.get(path);
  const io: CliIo = {
    stdout: (text) => {
      transcript += text;
    },
    stderr: (text) => {
      transcript += text;
    },
    readFile: async (path) => {
      const file = given(path);
      if (file !== undefined) return typeof file === "string" ? file : new TextDecoder().decode(file);
      return readFileSync(new URL(path, repoRoot), "utf8");
    },
    writeFile: async (path, text) => {
      written.set(path, text);
    },
    readBytes: async (path) => {
      const file = given(path);
      if (file !== undefined) return typeof file === "string" ? new TextEncoder().encode(file) : file;
      return new Uint8Array(readFileSync(new URL(path, repoRoot)));
    },
    writeBytes: async (path, data) => {
      written.set(path, data);
    },
    inspectPath: async (path): Promise<PathInfo> => {
      const file = given(path);
      if (file !== undefined) return { kind: "file", size: file.length };
      const prefix = `${path.replace(/\/$/, "")}/`;
      const inFolder = [...files].filter(([name]) => name.startsWith(prefix));
      if (inFolder.length > 0) return { kind: "folder", files: inFolder.map(([name, text]) => ({ name: name.slice(prefix.length), size: text.length })) };
      const url = new URL(path, repoRoot);
      if (!statSync(url).isDirectory()) return { kind: "file", size: statSync(url).size };
      const names = readdirSync(url).filter((name) => statSync(new URL(name, `${url.href}/`)).isFile()).sort();
      return { kind: "folder", files: names.map((name) => ({ name, size: statSync(new URL(name, `${url.href}/`)).size })) };
    },
    makeFolder: async () => {},
  };
  for (const line of session.split("\n")) {
    if (!line.startsWith("$ ")) continue;
    transcript += `${line}\n`;
    const command = line.slice(2).trim();
    if (command === "echo $?") {
      transcript += `${lastExit ?? ""}\n`;
      continue;
    }
    const words = command.split(/\s+/);
    if (words[0] !== "rotamatch") throw new Error(`a session may only run rotamatch and echo $?: ${line}`);
    lastExit = await run(words.slice(1), io);
  }
  return transcript;
}
