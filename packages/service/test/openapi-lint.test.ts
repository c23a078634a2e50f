/**
 * `/openapi.json` lints clean with Redocly's `recommended` rules: no errors, no warnings, with
 * and without tokens and rate limits (each adds operations' security and answers). The library
 * (@redocly/openapi-core), not the CLI: it lints the string in process, offline, and sends no
 * telemetry (that is the CLI's), and it runs no install script.
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { inProcessApp } from "./support.js";

const ACCESS = [
  { name: "open", config: {} },
  { name: "tokens", config: { tokens: ["a-long-enough-token-1234"] } },
  { name: "rate limits", config: { rateLimit: 10 } },
  { name: "tokens and rate limits", config: { tokens: ["a-long-enough-token-1234"], rateLimit: 10 } },
] as const;

describe("/openapi.json lints clean", () => {
  it.each(ACCESS)("with $name: no errors and no warnings under the recommended rules", async ({ config }) => {
    const { app } = inProcessApp({ config });
    const source = await (await app.request("/openapi.json")).text();
    // Every rule of `recommended` at its own severity; none is turned off.
    const problems = await lintFromString({ source, absoluteRef: "/openapi.json", config: await createConfig({ extends: ["recommended"] }) });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`);
    expect(found).toEqual([]);
  });

  it("would catch what the document used to lack (servers, operationIds, a license's identifier)", async () => {
    const { app } = inProcessApp();
    const doc = (await (await app.request("/openapi.json")).json()) as { servers?: unknown; info: { license: object }; paths: Record<string, Record<string, { operationId?: string }>> };
    delete doc.servers;
    doc.info.license = { name: "MIT" };
    delete doc.paths["/v1/solve"]!.post!.operationId;
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: "/openapi.json", config: await createConfig({ extends: ["recommended"] }) });
    expect(problems.map((p) => p.ruleId).sort()).toEqual(["info-license-strict", "no-empty-servers", "operation-operationId"]);
  });
});
