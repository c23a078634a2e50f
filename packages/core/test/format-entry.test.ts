/**
 * @rotamatch/core/format stays free of the solver, and its plain part free of zod: checked on
 * the import graph of the sources (value imports only; `import type` costs nothing at run time),
 * so that a new import that would pull the model or the solvers into the sheets package, the
 * page or `rotamatch validate` fails here rather than in a bundle size. Also: everything the
 * subpath exports, the main entry exports too.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as format from "../src/format.js";
import * as plain from "../src/format-plain.js";
import * as core from "../src/index.js";

const src = fileURLToPath(new URL("../src/", import.meta.url));

/** Every source file and package a module reaches through value imports and re-exports. */
function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [join(src, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?"([^"]+)";/gms)) {
      const target = match[1] as string;
      if (target.startsWith(".")) pending.push(join(dirname(file), target.replace(/\.js$/, ".ts")));
      else packages.add(target.startsWith("@") ? target.split("/").slice(0, 2).join("/") : (target.split("/")[0] as string));
    }
  }
  return { files: new Set([...files].map((f) => relative(src, f))), packages };
}

describe("@rotamatch/core/format", () => {
  it("reaches neither the solver nor the model, the solvers, the diagnosis or the facade", () => {
    const { files, packages } = reach("format.ts");
    expect([...packages].sort()).toEqual(["zod"]);
    expect([...files].filter((f) => /^(model|solvers|diagnose)\/|^plan\.ts$|^generate\//.test(f))).toEqual([]);    // The walk does see them where they are: the main entry reaches the solver.
    expect(reach("index.ts").packages.has("javascript-lp-solver")).toBe(true);
  });

  it("keeps its plain part (issue wording, dates, the plan by member) free of zod", () => {
    expect([...reach("format-plain.ts").packages]).toEqual([]);
  });

  it("exports nothing that @rotamatch/core does not, and the plain part is part of it", () => {
    const names = (module: object) => Object.keys(module).sort();
    expect(names(format).filter((name) => !(name in core))).toEqual([]);
    expect(names(plain).filter((name) => !(name in format))).toEqual([]);
  });
});
