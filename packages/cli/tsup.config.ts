import { chmod } from "node:fs/promises";
import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/cli.ts"],
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
  // npm links the bin at install time, before "prepare" builds it: make the file executable.
  onSuccess: async () => {
    await chmod("dist/cli.js", 0o755);
  },
});
