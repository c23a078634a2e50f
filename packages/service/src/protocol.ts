/**
 * The HTTP edges of the server, at the socket level, where the app (which sees only Web
 * `Request`s and `Response`s) cannot reach. `server.ts` wires these in:
 *
 * - `Expect: 100-continue`: Node answers `100 Continue` by itself unless a 'checkContinue'
 *   listener is installed. Ours sends it only when the declared `Content-Length` is within the
 *   route's body limit; a bigger body is never asked for, and the app answers 413 at once.
 * - An answer given while the request's body is still arriving (a 413 on its
 *   `Content-Length`, a 401, 415 or 503 refused before reading) first drains a body of
 *   bounded size and keeps the connection; a bigger or slower one gets `Connection: close`,
 *   as does every answer while the service shuts down. Kept alive undrained, such a
 *   connection would carry the rest of the old body into the next request, and
 *   @hono/node-server, which drains it for at most 500 ms, then destroys the socket under the
 *   client's next request (ECONNRESET).
 * - The request, header and keep-alive timeouts and the connection cap, from the settings, so
 *   a slow client cannot hold a connection for Node's default of 300 s.
 */
import type { Http2Bindings, HttpBindings } from "@hono/node-server";
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from "node:http";
import type { AppConfig, ServerSettings } from "./config.js";

/** The body limits of the routes, as the app applies them. */
export type BodyLimits = Pick<AppConfig, "bodyLimitBytes" | "jobBodyLimitBytes">;

/**
 * Routes that take bodies up to `jobBodyLimitBytes`; every other route takes up to
 * `bodyLimitBytes`. The same split as app.ts's (a job's cohort, and the plan of a big cohort
 * to export or to read back from its workbook); protocol.test.ts checks the two agree.
 */
const JOB_SIZED_ROUTES: ReadonlySet<string> = new Set(["/v1/jobs", "/v1/export", "/v1/import/plan"]);

/** The largest body the route of `url` (a request target: path and query) takes, in bytes. */
export function bodyLimitOf(url: string, limits: BodyLimits): number {
  const path = url.split("?")[0] ?? url;
  return JOB_SIZED_ROUTES.has(path) ? limits.jobBodyLimitBytes : limits.bodyLimitBytes;
}

/** The request's `Content-Length`, or null when it has none (a chunked body) or it is not a number. */
function declaredLength(request: IncomingMessage): number | null {
  const header = request.headers["content-length"];
  if (header === undefined || !/^\d+$/.test(header)) return null;
  return Number(header);
}

/**
 * Answers `Expect: 100-continue` for `server`: `100 Continue` only when the declared length is
 * within the route's limit (or not declared: a chunked body is limited while it is read). Then
 * the request goes to the app as any other, which answers a declared length over the limit
 * with 413 without reading, so the client never sends the body.
 */
export function answerExpectContinue(server: Server, limits: BodyLimits): void {
  server.on("checkContinue", (request: IncomingMessage, response: ServerResponse) => {
    const length = declaredLength(request);
    if (length === null || length <= bodyLimitOf(request.url ?? "/", limits)) response.writeContinue();
    // With a 'checkContinue' listener installed, Node leaves emitting 'request' to it.
    server.emit("request", request, response);
  });
}

/** What @hono/node-server hands the fetch function besides the request. */
type Bindings = HttpBindings | Http2Bindings;

/**
 * An unread body the server reads to its end and throws away before answering, so that the
 * connection stays usable: at most this many bytes (declared in `Content-Length`) ...
 */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
/** ... arriving within this many ms. A bigger, slower or chunked body closes the connection. */
export const DRAIN_MAX_MS = 5_000;

/**
 * Wraps the app's fetch for answers given while the request's body is still arriving (Node's
 * parser has not seen all of it: a 413 on its `Content-Length`, a 401, 415 or 503 refused
 * before reading). A client that writes its whole body before it reads the answer (most do,
 * Node's among them) would meet a closed socket while writing (EPIPE, ECONNRESET) and never see
 * the answer. So a body of declared length up to DRAIN_MAX_BYTES is read and thrown away first
 * (for at most DRAIN_MAX_MS), and the connection stays open for the next request, as HTTP/1.1's
 * keep-alive expects. Otherwise (a bigger, slower or chunked body, or `Expect: 100-continue`
 * that was not answered with 100, whose body never comes) the answer says
 * `Connection: close`; so does every answer while `closing()` is true: the client opens a fresh
 * connection for its next request instead of having it reset under it.
 */
export function closeWhenBodyUnread(
  fetch: (request: Request, env: Bindings) => Response | Promise<Response>,
  closing: () => boolean,
): (request: Request, env: Bindings) => Promise<Response> {
  return async (request, env) => {
    const response = await fetch(request, env);
    const { incoming, outgoing } = env;
    // HTTP/2 has no Connection header (and streams, not connections, to reset).
    if (!("setHeader" in outgoing) || !("complete" in incoming) || outgoing.headersSent) return response;
    const http1 = incoming as IncomingMessage;
    if (!closing() && !http1.complete && drainable(http1) && (await drain(http1, DRAIN_MAX_MS))) return response;
    if (!http1.complete || closing()) {
      // Node merges headers set here with those its writeHead is given, and on
      // `Connection: close` it ends the connection once the answer is sent.
      (outgoing as ServerResponse).setHeader("Connection", "close");
    }
    return response;
  };
}

/** Whether an unread body may be drained: declared, not too big, and on its way. */
function drainable(request: IncomingMessage): boolean {
  const length = declaredLength(request);
  const expectsContinue = /100-continue/i.test(request.headers.expect ?? "");
  return !expectsContinue && length !== null && length <= DRAIN_MAX_BYTES && !request.destroyed;
}

function discard(): void {}

/** Reads the rest of the body and throws it away; true when it ended within `ms`. */
function drain(request: IncomingMessage, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ended: boolean): void => {
      clearTimeout(timer);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("close", onClose);
      request.off("data", discard);
      resolve(ended);
    };
    const onEnd = (): void => done(true);
    const onError = (): void => done(false);
    const onClose = (): void => done(request.complete);
    const timer = setTimeout(() => done(false), ms);
    request.on("end", onEnd);
    request.once("error", onError);
    request.once("close", onClose);
    // The answer is decided: whoever read the body so far (the app's web stream over it, which
    // pauses the request when nobody reads on) no longer gets it; the rest is thrown away.
    request.removeAllListeners("data");
    request.on("data", discard);
    request.resume();
  });
}

/** The connection settings of the server. */
export type ConnectionSettings = Pick<ServerSettings, "requestTimeoutMs" | "headersTimeoutMs" | "keepAliveTimeoutMs" | "maxConnections">;

/**
 * Node's server options for the timeouts. Node checks the request and header timeouts only
 * every `connectionsCheckingInterval` (30 s by default), so that interval is made a fraction of
 * the shorter timeout (at most 1 s), or a timeout of a few seconds would be honoured up to 30 s
 * late. The header timeout cannot exceed the request timeout (Node refuses that).
 */
export function timeoutOptions(settings: ConnectionSettings): ServerOptions {
  const headersTimeout = Math.min(settings.headersTimeoutMs, settings.requestTimeoutMs);
  return {
    requestTimeout: settings.requestTimeoutMs,
    headersTimeout,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 4))),
  };
}

/**
 * Applies the connection cap: Node closes a new connection at once while `maxConnections` are
 * open. The timeouts are given again here, as @hono/node-server may create the server with
 * options of its own.
 */
export function limitConnections(server: Server, settings: ConnectionSettings): void {
  const options = timeoutOptions(settings);
  server.maxConnections = settings.maxConnections;
  server.requestTimeout = options.requestTimeout ?? settings.requestTimeoutMs;
  server.headersTimeout = options.headersTimeout ?? settings.headersTimeoutMs;
  server.keepAliveTimeout = options.keepAliveTimeout ?? settings.keepAliveTimeoutMs;
}
