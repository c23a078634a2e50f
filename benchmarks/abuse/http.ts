/**
 * One HTTP exchange for the abuse suite, on node:http so that every byte is counted: the
 * answer's status and size (read only up to a bound, so a 100 MB answer is detected without
 * being held), the time, whether a `100 Continue` came, and any connection error or timeout.
 */
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import { performance } from "node:perf_hooks";

export interface Exchange {
  readonly method: string;
  /** Path and query, e.g. `/v1/export?format=csv`. */
  readonly path: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: Buffer | string;
  /** Default: a fresh connection, closed after the answer. */
  readonly agent?: http.Agent;
  /** The whole exchange, sending included (default 20 s). */
  readonly timeoutMs?: number;
  /** Stop reading the answer after this many bytes and report it as too big. */
  readonly maxResponseBytes: number;
  /** With `Expect: 100-continue`: the body waits for the 100 (or this many ms, as curl does). */
  readonly expectContinueWaitMs?: number;
}

export interface Answer {
  /** Null when no answer came (connection error or timeout). */
  readonly status: number | null;
  readonly headers: IncomingHttpHeaders;
  /** Bytes of the answer's body read (at most maxResponseBytes + one chunk). */
  readonly bytes: number;
  /** The body was bigger than maxResponseBytes (reading stopped there). */
  readonly tooBig: boolean;
  /** The first 64 KiB of the body as text. */
  readonly text: string;
  readonly ms: number;
  /** e.g. "ECONNRESET", "no answer within 20 s". */
  readonly error: string | null;
  readonly sawContinue: boolean;
}

const KEEP_TEXT = 64 * 1024;

export function exchange(baseUrl: string, x: Exchange): Promise<Answer> {
  const started = performance.now();
  const timeoutMs = x.timeoutMs ?? 20_000;
  return new Promise((resolve) => {
    let settled = false;
    let sawContinue = false;
    const chunks: Buffer[] = [];
    let kept = 0;
    let bytes = 0;
    let status: number | null = null;
    let headers: IncomingHttpHeaders = {};
    const finish = (error: string | null, tooBig = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ status, headers, bytes, tooBig, text: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started, error, sawContinue });
    };
    // A body's length is always declared: Node's client sends a DELETE's (or GET's) body with
    // neither Content-Length nor chunked encoding, which no server can frame (the body would
    // be read as the next request).
    const declared = x.body === undefined || hasHeader(x.headers, "content-length") || hasHeader(x.headers, "transfer-encoding")
      ? {}
      : { "Content-Length": String(Buffer.byteLength(x.body)) };
    const request = http.request(`${baseUrl}${x.path}`, { method: x.method, headers: { ...x.headers, ...declared }, agent: x.agent ?? false });
    const timer = setTimeout(() => {
      finish(`no answer within ${timeoutMs / 1000} s`);
      request.destroy();
    }, timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    request.on("continue", () => {
      sawContinue = true;
    });
    request.on("response", (response) => {
      status = response.statusCode ?? null;
      headers = response.headers;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (kept < KEEP_TEXT) {
          chunks.push(chunk.subarray(0, KEEP_TEXT - kept));
          kept += Math.min(chunk.length, KEEP_TEXT - kept);
        }
        if (bytes > x.maxResponseBytes) {
          finish(null, true);
          request.destroy();
        }
      });
      response.on("end", () => finish(null));
      response.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
      response.on("aborted", () => finish("the answer was cut off"));
    });
    const body = x.body;
    if (body === undefined) {
      request.end();
    } else if (x.expectContinueWaitMs !== undefined) {
      let sent = false;
      const send = (): void => {
        if (sent || settled) return;
        sent = true;
        request.end(body);
      };
      request.on("continue", send);
      setTimeout(send, x.expectContinueWaitMs).unref();
      request.flushHeaders();
    } else {
      request.end(body);
    }
  });
}

export interface TrickleResult {
  /** When the server answered or closed the connection, ms after the headers; null if it never did. */
  readonly cutOffAfterMs: number | null;
  readonly status: number | null;
}

/**
 * A slow body: the headers announce `totalBytes`, then one byte every `everyMs`, for at most
 * `maxMs`. Reports when the server gave up on it (an answer such as 408, or a closed
 * connection), or null if it held the connection the whole time.
 */
export function trickle(baseUrl: string, path: string, totalBytes: number, everyMs: number, maxMs: number): Promise<TrickleResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let status: number | null = null;
    const request = http.request(`${baseUrl}${path}`, {
      method: "POST",
      agent: false,
      headers: { "Content-Type": "application/json", "Content-Length": String(totalBytes) },
    });
    const done = (cutOff: boolean): void => {
      if (settled) return;
      settled = true;
      clearInterval(drip);
      clearTimeout(timer);
      request.destroy();
      resolve({ cutOffAfterMs: cutOff ? performance.now() - started : null, status });
    };
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < totalBytes - 1) {
        request.write(" ");
        sent++;
      }
    }, everyMs);
    const timer = setTimeout(() => done(false), maxMs);
    request.on("response", (response) => {
      status = response.statusCode ?? null;
      response.resume();
      done(true);
    });
    request.on("error", () => done(true));
    request.on("close", () => done(true));
    request.flushHeaders();
  });
}

function hasHeader(headers: OutgoingHttpHeaders | undefined, name: string): boolean {
  return headers !== undefined && Object.keys(headers).some((key) => key.toLowerCase() === name);
}
