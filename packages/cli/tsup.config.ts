import { defineConfig } from "tsup";

// Two entries: the executable, and the sweep's worker thread, which the sweep loads by path
// (dist/sweep-worker.js next to dist/cli.js).
export default defineConfig({
  entry: { cli: "src/cli.ts", "sweep-worker": "src/sweep/worker.ts" },
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
});
