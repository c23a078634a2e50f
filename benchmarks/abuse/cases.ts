/**
 * The crafted requests of issue 10, each built as the issue describes it, each a case with
 * its own verdict. Every answer goes through the suite's generic checks (no 500, no other 5xx
 * than 503, an answer in time, no connection error, a size bound); a case adds what its
 * defect needs (the follow-up request on a kept-alive socket, no `100 Continue`, ...).
 */
import http from "node:http";
import { gzipSync } from "node:zlib";
import { trickle, type Answer, type Exchange } from "./http.js";
import type { ErrorLog } from "./server.js";

export interface Send extends Omit<Exchange, "maxResponseBytes" | "timeoutMs"> {
  /** What the report calls this request, e.g. "POST /v1/export (15 MB)". */
  readonly label: string;
  /** A larger size bound than max(64 KiB, 2 × the body), e.g. the plan a job GET carries. */
  readonly bound?: number;
  /** Statuses that are right here; any other is a failure (default: any but 5xx other than 503). */
  readonly expect?: readonly number[];
}

export interface CaseContext {
  /** The server's URL (a case never spans a restart). */
  readonly url: string;
  /** The longest any one exchange may take. */
  readonly timeoutMs: number;
  /** Sends one request, checks it and returns the answer. */
  send(request: Send): Promise<Answer>;
  /** Records a failure of this case. */
  fail(reason: string): void;
  /** The server's error log lines so far. */
  errorLogs(): readonly ErrorLog[];
  /** examples/romerike-2013.json as text, and the plan the server gave for it. */
  readonly cohortText: string;
  readonly plan: Readonly<Record<string, unknown>>;
  /**
   * How long a slow body may hold a connection before the server gives up on it: from the
   * server's request-timeout setting, or null when it has none.
   */
  readonly requestTimeoutMs: number | null;
  /** The longest a slow body trickles before the case gives up waiting. */
  readonly slowBodyMaxMs: number;
}

export interface CraftedCase {
  /** Stable and short, e.g. "export-million-objects". */
  readonly id: string;
  /** The defect's number in issue 10. */
  readonly defect: number;
  readonly what: string;
  /** Runs alongside the fuzz phase instead of on its own (it mostly waits). */
  readonly background?: boolean;
  run(ctx: CaseContext): Promise<void>;
}

const JSON_TYPE = { "Content-Type": "application/json" };
const EMPTY_PLAN = { format: "rotamatch.plan/v1", status: "optimal", objective: 0, bound: 0, assignments: [], unassigned: [], diagnosis: [] };

/** `[{},{},...]` with `n` empty objects, as text (3 bytes each). */
const empties = (n: number): string => `[${new Array<string>(n).fill("{}").join(",")}]`;

/** A cohort object's text with the given arrays (as text) and no other field but the format. */
const cohortWith = (arrays: Readonly<Record<string, string>>): string =>
  `{"format":"rotamatch.cohort/v1",${Object.entries(arrays)
    .map(([key, text]) => `${JSON.stringify(key)}:${text}`)
    .join(",")}}`;

const mb = (text: string | Buffer): string => `${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Posts a job and polls it until it is finished, at most `ctx.timeoutMs`; a job still running
 * then is cancelled and the case fails. Returns the last job seen, if any.
 */
async function runJob(ctx: CaseContext, body: string, label: string, requestId: string): Promise<Record<string, unknown> | null> {
  const posted = await ctx.send({
    label: `POST /v1/jobs (${label})`,
    method: "POST",
    path: "/v1/jobs",
    headers: { ...JSON_TYPE, "X-Request-Id": requestId },
    body,
  });
  if (posted.status !== 202) return null;
  const location = posted.headers.location;
  if (typeof location !== "string") {
    ctx.fail("202 without a Location header");
    return null;
  }
  const deadline = Date.now() + ctx.timeoutMs;
  let job: Record<string, unknown> | null = null;
  while (Date.now() < deadline) {
    const polled = await ctx.send({ label: `GET ${location}`, method: "GET", path: location, bound: Buffer.byteLength(body) * 2 });
    if (polled.status !== 200) return null;
    try {
      job = JSON.parse(polled.text) as Record<string, unknown>;
    } catch {
      ctx.fail(`GET ${location}: the answer is not JSON`);
      return null;
    }
    if (job["state"] !== "queued" && job["state"] !== "running") return job;
    await sleep(250);
  }
  ctx.fail(`the job was still ${String(job?.["state"])} after ${ctx.timeoutMs / 1000} s (cancelled)`);
  await ctx.send({ label: `DELETE ${location}`, method: "DELETE", path: location });
  return job;
}

/** A failed job whose problem says "it has been logged" must have an error log line with its request id. */
function checkLogged(ctx: CaseContext, job: Record<string, unknown> | null, requestId: string): void {
  const problem = job?.["problem"] as { detail?: unknown } | undefined;
  if (job?.["state"] !== "failed" || typeof problem?.detail !== "string" || !problem.detail.includes("logged")) return;
  if (!ctx.errorLogs().some((record) => record["requestId"] === requestId)) {
    ctx.fail(`the job failed with "${problem.detail}" but no error line with request id ${requestId} was logged`);
  }
}

export const CRAFTED_CASES: readonly CraftedCase[] = [
  {
    id: "export-million-objects",
    defect: 1,
    what: "15 MB POST /v1/export: a cohort with a million empty objects in each of members, people, trainees, pins and forbid",
    async run(ctx) {
      const million = empties(1_000_000);
      const cohort = cohortWith({ members: million, people: million, trainees: million, pins: million, forbid: million });
      const body = `{"cohort":${cohort},"plan":${JSON.stringify(EMPTY_PLAN)}}`;
      await ctx.send({ label: `POST /v1/export (${mb(body)})`, method: "POST", path: "/v1/export?format=csv", headers: JSON_TYPE, body });
    },
  },
  {
    id: "job-9000-empty-trainees",
    defect: 1,
    what: "12 MB POST /v1/jobs: 9,000 empty trainees (the issue gives only the size: padded to 12 MB with empty members)",
    async run(ctx) {
      const trainees = empties(9_000);
      const members = empties(Math.floor((12e6 - trainees.length) / 3));
      const body = cohortWith({ members, trainees });
      const job = await runJob(ctx, body, mb(body), "abuse-job-9000");
      checkLogged(ctx, job, "abuse-job-9000");
    },
  },
  {
    id: "import-100k-junk-rows",
    defect: 2,
    what: "705 KB POST /v1/import: CSV files as JSON, trainees.csv with 100,000 junk rows",
    async run(ctx) {
      const header = "Id,Name,Specialization,Host,Host preferences,Away preferences";
      const text = `${header}\n${new Array<string>(100_000).fill("jk,,x").join("\n")}\n`;
      const body = JSON.stringify({ files: { "trainees.csv": text } });
      await ctx.send({ label: `POST /v1/import (${(body.length / 1e3).toFixed(0)} KB)`, method: "POST", path: "/v1/import", headers: JSON_TYPE, body });
    },
  },
  {
    id: "validate-300k-empty-trainees",
    defect: 2,
    what: "906 KB POST /v1/validate: 300,000 empty trainees",
    async run(ctx) {
      const body = cohortWith({ trainees: empties(300_000) });
      await ctx.send({ label: `POST /v1/validate (${(body.length / 1e3).toFixed(0)} KB)`, method: "POST", path: "/v1/validate", headers: JSON_TYPE, body });
    },
  },
  {
    id: "export-3mb",
    defect: 2,
    what: "3 MB POST /v1/export: a cohort of a million empty members and an empty plan",
    async run(ctx) {
      const body = `{"cohort":${cohortWith({ members: empties(1_000_000) })},"plan":${JSON.stringify(EMPTY_PLAN)}}`;
      await ctx.send({ label: `POST /v1/export (${mb(body)})`, method: "POST", path: "/v1/export?format=xlsx", headers: JSON_TYPE, body });
    },
  },
  {
    id: "failed-job-huge-issues",
    defect: 2,
    what: "a job that fails with a huge issue list (9,999 empty trainees, a million empty members), then 5 GETs of it",
    async run(ctx) {
      const body = cohortWith({ members: empties(1_000_000), trainees: empties(9_999) });
      const job = await runJob(ctx, body, mb(body), "abuse-failed-job");
      const id = job?.["id"];
      if (typeof id !== "string") return;
      // The job's answer carries no plan: 64 KiB is its bound, whatever the body was.
      for (let i = 1; i <= 5; i++) {
        await ctx.send({ label: `GET /v1/jobs/{id} of the failed job (${i} of 5)`, method: "GET", path: `/v1/jobs/${id}` });
      }
    },
  },
  {
    id: "deep-json-solve",
    defect: 3,
    what: "about 10 KB of [[[[...]]]] (5,000 deep) to POST /v1/solve",
    async run(ctx) {
      const body = `${"[".repeat(5_000)}${"]".repeat(5_000)}`;
      await ctx.send({ label: "POST /v1/solve (5,000 deep)", method: "POST", path: "/v1/solve", headers: JSON_TYPE, body });
    },
  },
  {
    id: "deep-json-job",
    defect: 3,
    what: "about 10 KB of [[[[...]]]] (5,000 deep) to POST /v1/jobs; a failure that says it was logged must be logged",
    async run(ctx) {
      const body = `${"[".repeat(5_000)}${"]".repeat(5_000)}`;
      const job = await runJob(ctx, body, "5,000 deep", "abuse-deep-job");
      checkLogged(ctx, job, "abuse-deep-job");
    },
  },
  {
    id: "export-50k-plan-array",
    defect: 4,
    what: "POST /v1/export: the Romerike cohort and a plan whose assignments are 50,000 empty objects",
    async run(ctx) {
      const body = `{"cohort":${ctx.cohortText},"plan":${JSON.stringify({ ...ctx.plan, assignments: "@" }).replace('"@"', empties(50_000))}}`;
      await ctx.send({ label: `POST /v1/export (${(body.length / 1e3).toFixed(0)} KB)`, method: "POST", path: "/v1/export?format=csv", headers: JSON_TYPE, body });
    },
  },
  {
    id: "413-keep-alive",
    defect: 5,
    what: "a 2 MiB POST /v1/solve (over the 1 MiB limit) on a kept-alive socket (maxSockets 1), then a solve on the same agent, 5 times",
    async run(ctx) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const big = `{"pad":"${"x".repeat(2 * 1024 * 1024)}"}`;
      try {
        for (let i = 1; i <= 5; i++) {
          await ctx.send({ label: `POST /v1/solve (2 MiB, ${i} of 5)`, method: "POST", path: "/v1/solve", headers: JSON_TYPE, body: big, agent, expect: [413] });
          await ctx.send({ label: `the next POST /v1/solve on the same agent (${i} of 5)`, method: "POST", path: "/v1/solve", headers: JSON_TYPE, body: ctx.cohortText, agent, expect: [200] });
        }
      } finally {
        agent.destroy();
      }
    },
  },
  {
    id: "413-no-100-continue",
    defect: 5,
    what: "a 2 MiB POST /v1/solve with Expect: 100-continue: 413 without a 100 Continue first",
    async run(ctx) {
      const big = `{"pad":"${"x".repeat(2 * 1024 * 1024)}"}`;
      const answer = await ctx.send({
        label: "POST /v1/solve (2 MiB, Expect: 100-continue)",
        method: "POST",
        path: "/v1/solve",
        headers: { ...JSON_TYPE, Expect: "100-continue", "Content-Length": String(big.length) },
        body: big,
        expectContinueWaitMs: 1_000,
        expect: [413],
      });
      if (answer.sawContinue) ctx.fail("the server sent 100 Continue for a body it then refused with 413");
    },
  },
  {
    id: "gzip-body",
    defect: 8,
    what: "POST /v1/solve with the Romerike cohort gzip-encoded: decoded (200) or 415, not 400",
    async run(ctx) {
      await ctx.send({
        label: "POST /v1/solve (Content-Encoding: gzip)",
        method: "POST",
        path: "/v1/solve",
        headers: { ...JSON_TYPE, "Content-Encoding": "gzip" },
        body: gzipSync(ctx.cohortText),
        expect: [200, 415],
      });
    },
  },
  {
    id: "gzip-bomb",
    defect: 8,
    what: "POST /v1/validate with 64 MiB of spaces gzip-encoded (about 64 KB): 413 or 415 within the decoded-size limit",
    async run(ctx) {
      const body = gzipSync(Buffer.alloc(64 * 1024 * 1024, " "), { level: 9 });
      await ctx.send({
        label: `POST /v1/validate (gzip, ${(body.length / 1e3).toFixed(0)} KB to 64 MiB)`,
        method: "POST",
        path: "/v1/validate",
        headers: { ...JSON_TYPE, "Content-Encoding": "gzip" },
        body,
        expect: [413, 415],
      });
    },
  },
  {
    id: "slow-body",
    defect: 9,
    what: "a POST /v1/solve announcing 10,000 bytes and sending one a second: the server must give up within its request timeout",
    background: true,
    async run(ctx) {
      const limit = ctx.requestTimeoutMs;
      // Node checks request timeouts on an interval, and a loaded machine is late: 5 s of slack.
      const waitMs = limit === null ? ctx.slowBodyMaxMs : Math.min(ctx.slowBodyMaxMs, limit + 10_000);
      const result = await trickle(ctx.url, "/v1/solve", 10_000, 1_000, waitMs);
      if (result.status !== null && result.status >= 500 && result.status !== 503) ctx.fail(`the slow body got ${result.status}`);
      if (result.cutOffAfterMs === null) {
        ctx.fail(
          limit === null
            ? `the connection was still held after ${waitMs / 1000} s: the server has no request-timeout setting (no --request-timeout flag in its usage)`
            : `the connection was still held after ${waitMs / 1000} s, past the request timeout of ${limit / 1000} s`,
        );
      } else if (limit !== null && result.cutOffAfterMs > limit + 5_000) {
        ctx.fail(`the server gave up after ${(result.cutOffAfterMs / 1000).toFixed(1)} s, past its request timeout of ${limit / 1000} s`);
      }
    },
  },
];
