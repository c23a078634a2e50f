/**
 * The abuse suite of issue 10 (benchmarks/abuse/suite.ts) against the real server, a child
 * process on a free port on 127.0.0.1 with default settings (but a 12 s request timeout, so the
 * slow body is given up on within the run): every crafted request of the issue, then
 * fast-check bodies to every route, with `/health` probed every 20 ms throughout. One test per
 * crafted case and per pass mark, so a failure names its case and says why.
 *
 * Its own vitest project, `abuse`, run after every other project (sequence.groupOrder), so the
 * latency marks are not measured against the other tests' CPU. `npm test` sends 1,500 fuzz
 * bodies (about a minute on 2 cores); `npm run test:abuse` runs it alone with
 * ROTAMATCH_ABUSE_BODIES=4000. `npm run bench:abuse` is the long run with the figures.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CRAFTED_CASES } from "../../../benchmarks/abuse/cases.js";
import { CHECK_NAMES, runAbuseSuite, type AbuseReport } from "../../../benchmarks/abuse/suite.js";

const bodies = Number(process.env["ROTAMATCH_ABUSE_BODIES"] ?? 1_500);
let report: AbuseReport;

beforeAll(async () => {
  report = await runAbuseSuite({
    bodies,
    connections: 4,
    seed: 10,
    timeoutMs: 20_000,
    requestTimeoutMs: 12_000,
    slowBodyMaxMs: 22_000,
    log: (line) => console.log(`abuse: ${line}`),
  });
});

describe("issue 10's crafted requests", () => {
  it.each(CRAFTED_CASES.map((c) => [c.id, c.what] as const))("%s: %s", (id) => {
    const result = report.cases.find((c) => c.id === id);
    expect(result, `${id} did not run`).toBeDefined();
    expect(result?.failures, `${id} (answers: ${result?.statuses}):\n${result?.failures.join("\n")}`).toEqual([]);
  });
});

describe(`${bodies} fuzz bodies and the pass marks`, () => {
  it.each(CHECK_NAMES)("%s", (name) => {
    const check = report.checks.find((c) => c.name === name);
    expect(check?.ok, `${name}: ${check?.detail}${name !== "/health maximum" && name !== "/health p99" && name !== "RSS afterwards" ? `\n${report.fuzz.examples.join("\n")}` : ""}`).toBe(true);
  });
});
