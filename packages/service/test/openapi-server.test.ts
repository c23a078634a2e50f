/**
 * HEAD over a real socket, as the document declares it: every GET route of `/openapi.json`
 * answers HEAD under @hono/node-server with the GET's status and media type and no body, and a
 * POST route answers it 405 with `Allow`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SERVER_SETTINGS } from "../src/config.js";
import { startServer, type RunningServer } from "../src/server.js";

let server: RunningServer;
let paths: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  server = await startServer({ ...DEFAULT_SERVER_SETTINGS, port: 0, host: "127.0.0.1", threads: 1, queue: 2 }, { info: () => {}, error: () => {} });
  paths = ((await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: typeof paths }).paths;
});
afterAll(async () => {
  await server?.close();
});

describe("HEAD over HTTP", () => {
  it("every GET route of the document answers HEAD like GET, without the body", async () => {
    const gets = Object.entries(paths).filter(([, item]) => Object.hasOwn(item, "get"));
    expect(gets.length).toBeGreaterThanOrEqual(5);
    for (const [template] of gets) {
      const url = `${server.url}${template.replace(/\{[^}]+\}/g, "no-such-id")}`;
      const get = await fetch(url);
      await get.arrayBuffer();
      const head = await fetch(url, { method: "HEAD" });
      expect(head.status, template).toBe(get.status);
      expect(head.headers.get("content-type"), template).toBe(get.headers.get("content-type"));
      expect((await head.arrayBuffer()).byteLength, template).toBe(0);
    }
  });

  it("a POST route answers HEAD 405 with Allow: POST", async () => {
    const res = await fetch(`${server.url}/v1/solve`, { method: "HEAD" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});
