import { readFileSync } from "node:fs";
import { solveCohort, type SolveOptions, type SolveResult } from "@rotamatch/core";
import { createApp, type AppDeps, type LogRecord } from "../src/app.js";

export const romerike: unknown = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8"));
export const romerikeText = JSON.stringify(romerike);

/** An app whose solve runs the core in process (tests only: production solves in workers). */
export function inProcessApp(overrides: Partial<AppDeps> = {}) {
  const logs: LogRecord[] = [];
  const app = createApp({
    solve: async (cohort: unknown, options: SolveOptions): Promise<SolveResult> => solveCohort(cohort, options),
    logger: { info: (r) => logs.push(r), error: (r) => logs.push(r) },
    ...overrides,
  });
  return { app, logs };
}

export function postJson(path: string, body: string, headers: Record<string, string> = {}): [string, RequestInit] {
  return [path, { method: "POST", body, headers: { "Content-Type": "application/json", ...headers } }];
}
