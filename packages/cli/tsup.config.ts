import { defineConfig } from "tsup";

// Two entries: the executable, and the sweep's worker thread, which the sweep loads by path
// (dist/sweep-worker.js next to dist/cli.js). Code splitting (explicit here, tsup's default for
// ESM) gives each command module, which run.ts imports with import(), its own chunk, so that
// `--version`, `--help` and `validate` never load the solver, the sheets package or the service.
//
// The core, zod and javascript-lp-solver are bundled in (issue 11, start-up): Node then reads a
// few chunks instead of resolving and compiling about 110 ES modules (zod alone is 95, with
// every locale, which the bundler leaves out), which cut the CPU time of `rotamatch solve` by
// about a fifth (docs/benchmarks.md, Start-up). The sheets package and the service stay
// external: they load the core themselves, and only the commands that need them import them.
export default defineConfig({
  entry: { cli: "src/cli.ts", "sweep-worker": "src/sweep/worker.ts" },
  noExternal: ["@rotamatch/core", "zod", "javascript-lp-solver"],
  format: ["esm"],
  splitting: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
});
