/** docs/sheets.md says what the code does: every sheet, column, setting, plan sheet and problem code. */
import { readFileSync } from "node:fs";
import { solveCohort, type CohortInput } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { COHORT_SHEETS, DEFAULT_SHEET_LIMITS, PLAN_SHEETS, SHEET_ISSUE_CODES } from "../src/index.js";
import { planTables } from "../src/write/plan-tables.js";

const page = readFileSync(new URL("../../../docs/sheets.md", import.meta.url), "utf8");
const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;

/** The text of a section, from its heading to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = page.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const level = heading.split(" ")[0] as string;
  const rest = page.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level.length}} `, "m"));
  return next === -1 ? rest : rest.slice(0, next);
}

/** The first cells of a section's table rows (header and divider left out). */
function firstCells(text: string): string[][] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| column") && !line.startsWith("| setting"))
    .map((line) => line.split("|").slice(1, 3).map((cell) => cell.trim()));
}

describe("docs/sheets.md", () => {
  it("lists every sheet with its Norwegian name and CSV file", () => {
    const rows = section("## The workbook")
      .split("\n")
      .filter((line) => /^\| [A-Z]\w* \| .* \| `\w+\.csv` \|/.test(line))
      .map((line) => line.split("|").slice(1, 5).map((c) => c.trim()));
    expect(rows).toEqual(COHORT_SHEETS.map((s) => [s.name, s.nb, `\`${s.file}\``, s.required ? "yes" : "no"]));
  });

  it.each(COHORT_SHEETS.map((s) => [s.name, s] as const))("documents every column or setting of %s", (name, spec) => {
    const rows = firstCells(section(`### ${name}`));
    if (spec.kind === "list") {
      expect(rows).toEqual(spec.columns.map((c) => [c.header, c.nb]));
      const required = section(`### ${name}`).split("\n").filter((l) => /^\| [A-Z]/.test(l) && !l.startsWith("| column")).map((l) => l.split("|")[3]?.trim());
      expect(required).toEqual(spec.columns.map((c) => (c.required ? "yes" : "no")));
    } else {
      expect(rows).toEqual(spec.settings.map((s) => [s.key, s.nb ?? ""]));
    }
  });

  it("lists the plan's sheets with their CSV files and columns", () => {
    const solved = solveCohort(romerike);
    if (!solved.ok) throw new Error("not valid");
    const tables = planTables(romerike, solved.plan);
    const rows = section("## The plan as a workbook")
      .split("\n")
      .filter((line) => /^\| [A-Z]/.test(line) && !line.startsWith("| sheet"))
      .map((line) => line.split("|").map((c) => c.trim()));
    expect(rows.map((r) => [r[1], r[2]])).toEqual(PLAN_SHEETS.map((s) => [s.name, `\`${s.file}\``]));
    rows.forEach((row, i) => {
      const header = (tables[i]?.header ?? []).join(", ");
      expect(row[4]?.startsWith(header), `${row[1]}: ${header}`).toBe(true);
    });
  });

  it("lists every problem code of the sheets, once, and no other", () => {
    const codes = [...section("## Problems").matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(codes).toEqual([...SHEET_ISSUE_CODES]);
  });

  it("gives the default limits", () => {
    const limits = section("## Limits and safety");
    expect(limits).toContain(`| \`maxBytes\` | ${DEFAULT_SHEET_LIMITS.maxBytes / (1024 * 1024)} MiB |`);
    expect(limits).toContain(`| \`maxRows\` | ${DEFAULT_SHEET_LIMITS.maxRows.toLocaleString("en").replace(",", " ")} |`);
    expect(limits).toContain(`| \`maxSheets\` | ${DEFAULT_SHEET_LIMITS.maxSheets} |`);
  });
});
