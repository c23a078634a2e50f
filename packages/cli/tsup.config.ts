import { defineConfig } from "tsup";

// Two entries: the executable, and the sweep's worker thread, which the sweep loads by path
// (dist/sweep-worker.js next to dist/cli.js). Code splitting (explicit here, tsup's default for
// ESM) gives each command module, which run.ts imports with import(), its own chunk, so that
// `--version`, `--help` and `validate` never load the solver, the sheets package or the service.
export default defineConfig({
  entry: { cli: "src/cli.ts", "sweep-worker": "src/sweep/worker.ts" },
  format: ["esm"],
  splitting: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
});
