import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

// Tests run against source: every project resolves the workspace packages to their TypeScript entries.
// An array, tried in order, and the subpath before its package: a key also matches "KEY/...",
// so "@rotamatch/core" first would turn "@rotamatch/core/format" into ".../index.ts/format".
const alias = [
  { find: "@rotamatch/core/format", replacement: fileURLToPath(new URL("packages/core/src/format.ts", import.meta.url)) },
  { find: "@rotamatch/core", replacement: fileURLToPath(new URL("packages/core/src/index.ts", import.meta.url)) },
  { find: "@rotamatch/service", replacement: fileURLToPath(new URL("packages/service/src/index.ts", import.meta.url)) },
  { find: "@rotamatch/sheets", replacement: fileURLToPath(new URL("packages/sheets/src/index.ts", import.meta.url)) },
];

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
          name: "sheets",
          root: "packages/sheets",
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
          // The abuse suite is a project of its own, below.
          exclude: ["test/abuse.test.ts", ...configDefaults.exclude],
          testTimeout: 60_000,
        },
      },
      {
        // Issue 10's abuse suite against a real server (packages/service/test/abuse.test.ts): after
        // every other project (groupOrder 1), alone, so /health latency is not the other tests' CPU.
        resolve: { alias },
        test: {
          name: "abuse",
          root: "packages/service",
          include: ["test/abuse.test.ts"],
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          // A suite that still finds defects can take minutes (each stuck case waits its timeout).
          hookTimeout: 900_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "web",
          root: "packages/web",
          include: ["test/unit/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        // The page in headless Chromium against the real server (see docs/web.md): skipped with a
        // message where /usr/bin/chromium is missing, except in CI (CI=true), where that fails.
        resolve: { alias },
        test: {
          name: "browser",
          root: "packages/web",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser and one server for the whole file; files one at a time (2 cores).
          fileParallelism: false,
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
