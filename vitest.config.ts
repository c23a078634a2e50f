import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests run against source: every project resolves the workspace packages to their TypeScript entries.
const alias = {
  "@rotamatch/core": fileURLToPath(new URL("packages/core/src/index.ts", import.meta.url)),
  "@rotamatch/service": fileURLToPath(new URL("packages/service/src/index.ts", import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "core",
          root: "packages/core",
          include: ["test/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "cli",
          root: "packages/cli",
          include: ["test/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "service",
          root: "packages/service",
          include: ["test/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "repo",
          root: ".",
          include: ["examples/**/*.test.ts", "docs/**/*.test.ts", "scripts/**/*.test.ts", "benchmarks/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
