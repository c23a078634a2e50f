import { defineConfig } from "tsup";

// Three entries: the library, the Node server (bin), and the worker piscina loads by path.
export default defineConfig({
  entry: ["src/index.ts", "src/server.ts", "src/worker.ts"],
  format: ["esm"],
  dts: { entry: ["src/index.ts", "src/server.ts"] },
  sourcemap: true,
  clean: true,
  target: "node20",
});
