import { readFileSync } from "node:fs";
import type { SolveOptions, SolveResult } from "@rotamatch/core";
import { createApp, type AppDeps, type LogRecord } from "../src/app.js";
import type { SolveWatch } from "../src/jobs.js";
import { listCaps, type BodyCheck, type JsonBody } from "../src/limits.js";
import type { SolvePool } from "../src/pool.js";
import { changeBody, solveBody } from "../src/worker.js";

export const romerike: unknown = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8"));
export const romerikeText = JSON.stringify(romerike);

/** An app whose solves (re-plans, what-ifs and explanations too) run the core in process (tests only: production solves in workers). */
export function inProcessApp(overrides: Partial<AppDeps> = {}) {
  const logs: LogRecord[] = [];
  const app = createApp({
    solve: async (body, options) => solveBody(body, options),
    change: async (body, options) => changeBody(body, options),
    logger: { info: (r) => logs.push(r), error: (r) => logs.push(r) },
    ...overrides,
  });
  return { app, logs };
}

export function postJson(path: string, body: string, headers: Record<string, string> = {}): [string, RequestInit] {
  return [path, { method: "POST", body, headers: { "Content-Type": "application/json", ...headers } }];
}

/** A check roomy enough for any test cohort (the caps themselves are tested in limits.test.ts). */
export const ROOMY_CHECK: BodyCheck = { shape: "cohort", caps: listCaps(200_000) };

/** A value as the body a route hands to a worker: its JSON bytes, with a roomy check. */
export function bodyOf(value: unknown, check: BodyCheck = ROOMY_CHECK): JsonBody {
  return textBody(JSON.stringify(value), check);
}

/** A text as the body a route hands to a worker: its UTF-8 bytes, with a roomy check. */
export function textBody(text: string, check: BodyCheck = ROOMY_CHECK): JsonBody {
  return { bytes: new TextEncoder().encode(text).buffer, check };
}

/** Solves a value in a pool, as a route would hand it over; a refused body fails the test. */
export async function solveIn(pool: SolvePool, value: unknown, options: SolveOptions, watch?: SolveWatch): Promise<SolveResult> {
  const answer = await pool.solve(bodyOf(value), options, watch);
  if ("refused" in answer) throw new Error(`the body was refused: ${answer.refused.detail}`);
  return answer;
}
