/**
 * The rule catalogue (domain/rules.ts) against the code and the docs: every code of every
 * stage belongs to exactly one family, is reported from that family's files (or from the files
 * of a family that says it `alsoReports` it), every file the catalogue names exists, and
 * docs/format.md lists the same families, codes and files. The families named in the docs'
 * own code tables (violations in format.md, diagnosis codes in model.md) agree with it too.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DIAGNOSIS_CODES } from "../src/domain/diagnosis-codes.js";
import { ISSUE_CODES } from "../src/domain/issues.js";
import { RULE_STAGES, RULES, ruleOfCode, type RuleFamily, type RuleFiles, type RuleStage } from "../src/domain/rules.js";
import { unassignedSchema } from "../src/domain/schema.js";
import { VIOLATION_CODES } from "../src/result/verify/codes.js";

const src = new URL("../src/", import.meta.url);
const docs = new URL("../../../docs/", import.meta.url);

const CODES: { readonly [S in RuleStage]: readonly string[] } = {
  issues: ISSUE_CODES,
  diagnosis: DIAGNOSIS_CODES,
  violations: VIOLATION_CODES,
};

const families: readonly RuleFamily[] = RULES;
const filesOf = (family: RuleFamily): string[] => Object.values(family.files).flat();
const source = (file: string): string => readFileSync(new URL(file, src), "utf8");

describe("the rule catalogue", () => {
  it("names each family once", () => {
    const ids = families.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(RULE_STAGES)("puts every %s code in exactly one family, and no other code", (stage) => {
    const listed = families.flatMap((f) => f[stage]);
    expect([...listed].sort()).toEqual([...CODES[stage]].sort());
    for (const code of CODES[stage]) expect(ruleOfCode(stage, code as never)?.[stage], code).toContain(code);
  });

  it("says which family a code belongs to, per stage", () => {
    expect(ruleOfCode("violations", "mentor_inside")?.id).toBe("mentor");
    expect(ruleOfCode("violations", "specialization_mismatch")?.id).toBe("specialization");
    expect(ruleOfCode("diagnosis", "raise_mentor_capacity")?.id).toBe("capacity");
    // One code in two stages, of a different family in each.
    expect(ruleOfCode("issues", "wrong_role")?.id).toBe("input");
    expect(ruleOfCode("violations", "wrong_role")?.id).toBe("plan");
  });

  it.each(families.map((f) => [f.id, f] as const))("%s: the codes it also reports are another family's, reported from its files", (_id, family) => {
    for (const stage of RULE_STAGES) {
      for (const code of family.alsoReports?.[stage] ?? []) {
        const owner = ruleOfCode(stage, code as never);
        expect(owner, `${stage} ${code}`).toBeDefined();
        expect(owner?.id, `${stage} ${code}`).not.toBe(family.id);
        expect(filesOf(family).some((file) => source(file).includes(`"${code}"`)), `${stage} ${code}`).toBe(true);
      }
    }
  });

  it.each(families.map((f) => [f.id, f] as const))("%s: every file exists", (_id, family) => {
    const missing = filesOf(family).filter((file) => !existsSync(new URL(file, src)));
    expect(missing).toEqual([]);
  });

  it.each(RULE_STAGES.flatMap((stage) => CODES[stage].map((code) => [stage, code] as const)))(
    "%s %s is reported from its family's files",
    (stage, code) => {
      const reporters = families.filter((f) => (f[stage] as readonly string[]).includes(code) || (f.alsoReports?.[stage] as readonly string[] | undefined)?.includes(code));
      const files = [...new Set(reporters.flatMap(filesOf))];
      expect(files.filter((file) => source(file).includes(`"${code}"`)), `files: ${files.join(", ")}`).not.toEqual([]);
    },
  );

  it("leaves the unassigned reasons uncoded (a code there would need a family)", () => {
    expect(Object.keys(unassignedSchema.shape)).not.toContain("code");
    expect(RULES.find((f) => f.id === "filling")?.files.result).toContain("result/unassigned.ts");
  });
});

describe("docs/format.md", () => {
  const format = readFileSync(new URL("format.md", docs), "utf8");
  const section = (text: string, title: string): string => {
    const start = text.indexOf(`\n## ${title}\n`);
    expect(start, `section "${title}"`).toBeGreaterThan(-1);
    const end = text.indexOf("\n## ", start + 1);
    return text.slice(start, end === -1 ? undefined : end);
  };
  /** The rows of the table whose header starts with `| first |`, as cells. */
  const table = (text: string, first: string): string[][] => {
    const start = text.indexOf(`\n| ${first} |`);
    expect(start, `a table starting with "| ${first} |"`).toBeGreaterThan(-1);
    const lines = text.slice(start + 1).split("\n");
    const end = lines.findIndex((line) => !line.startsWith("|"));
    return lines
      .slice(2, end === -1 ? undefined : end)
      .map((line) => line.slice(1, -1).split(" | ").map((cell) => cell.trim()));
  };
  const codesIn = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
  const plain = (cell: string): string => cell.replaceAll("`", "");

  const catalogue = section(format, "Rule families and their codes");

  it("lists every family with its statement and its codes in every stage", () => {
    const rows = table(catalogue, "family").map(([id, statement, issues, diagnosis, violations]) => ({
      id: codesIn(id ?? "")[0],
      statement: plain(statement ?? ""),
      issues: codesIn(issues ?? ""),
      diagnosis: codesIn(diagnosis ?? ""),
      violations: codesIn(violations ?? ""),
    }));
    expect(rows).toEqual(families.map((f) => ({ id: f.id, statement: f.statement, issues: f.issues, diagnosis: f.diagnosis, violations: f.violations })));
  });

  it("lists every family's files", () => {
    const stages: readonly (keyof RuleFiles)[] = ["validate", "diagnose", "model", "network", "verify"];
    const rows = table(catalogue, "files").map(([id, ...cells]) => ({
      id: codesIn(id ?? "")[0],
      files: Object.fromEntries(stages.map((stage, i) => [stage, codesIn(cells[i] ?? "")])),
      elsewhere: codesIn(cells[stages.length] ?? ""),
    }));
    expect(rows).toEqual(
      families.map((f) => ({
        id: f.id,
        files: Object.fromEntries(stages.map((stage) => [stage, f.files[stage] ?? []])),
        elsewhere: [...(f.files.facts ?? []), ...(f.files.result ?? [])],
      })),
    );
  });

  it("gives each violation the catalogue's family", () => {
    const rows = table(section(format, "Checking a plan against its cohort"), "code");
    expect(rows.map(([code, family]) => [codesIn(code ?? "")[0], family])).toEqual(
      VIOLATION_CODES.map((code) => [code, ruleOfCode("violations", code)?.id]),
    );
  });

  it("docs/model.md gives each diagnosis code the catalogue's family", () => {
    const model = readFileSync(new URL("model.md", docs), "utf8");
    const rows = table(section(model, "Diagnosis (`diagnose/`)"), "code").flatMap(([codes, family]) =>
      codesIn(codes ?? "").map((code) => [code, family]),
    );
    expect(rows).toEqual(DIAGNOSIS_CODES.map((code) => [code, ruleOfCode("diagnosis", code)?.id]));
  });
});
