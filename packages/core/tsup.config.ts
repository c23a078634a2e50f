import { defineConfig } from "tsup";

// The public entries: the whole library, and @rotamatch/core/format (schemas, validation, issue
// wording, the plan by member; no solver), which the sheets package and the page import so
// that their bundles stay small. format-plain is a build entry only (not exported): it makes
// the bundler put the modules that need no zod into their own chunk (see src/format-plain.ts).
export default defineConfig({
  // src/solve-worker.ts: the thread solveCohortAsync starts, found next to the module that starts it.
  entry: ["src/index.ts", "src/format.ts", "src/format-plain.ts", "src/solve-worker.ts"],
  // import.meta.url in the CJS build (solveCohortAsync finds its worker file from it).
  shims: true,
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  treeshake: true,
});
