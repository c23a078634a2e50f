/**
 * Optional bearer-token authentication (RFC 6750) for the `/v1` routes.
 *
 * Tokens are compared in constant time: the presented token and every configured token are
 * hashed with SHA-256 and the digests compared with `timingSafeEqual`, so neither the length
 * of a token nor how much of it matched shows in the time taken, and every configured token
 * is compared on every request (no early exit), so neither does which one matched.
 *
 * A token is never logged or stored in the context: a request made with a good token carries
 * its token id (the first 8 hex characters of its SHA-256), as `c.get("tokenId")`, for logs,
 * rate limits and, later, for making a job visible only to the token that created it.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { TOKEN_PATTERN } from "./config.js";
import { PROBLEM_TYPE_BASE, problemResponse, type Problem } from "./problem.js";

/** What the auth middleware leaves in the context: the token id, or null when auth is off. */
export interface AuthVariables {
  tokenId: string | null;
}

export const AUTH_REALM = "rotamatch";

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** The short, stable id of a token that logs may show: the first 8 hex characters of its SHA-256. */
export function tokenIdOf(token: string): string {
  return sha256(token).toString("hex").slice(0, 8);
}

/** Whether two strings are equal, in time that depends on neither their contents nor their lengths. */
export function tokensEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

export interface TokenSet {
  /** The ids of the configured tokens, in order. */
  readonly ids: readonly string[];
  /** The id of the configured token equal to `presented`, or null; compares with every token. */
  match(presented: string): string | null;
}

/**
 * The configured tokens, kept as SHA-256 digests only. Throws if a token is not a bearer
 * token or if two different tokens share an id (one chance in four billion per pair; the
 * ids must tell clients apart). The message never quotes a token.
 */
export function createTokenSet(tokens: readonly string[]): TokenSet {
  const entries: { readonly digest: Buffer; readonly id: string }[] = [];
  const seen = new Set<string>();
  for (const [i, token] of [...new Set(tokens)].entries()) {
    if (!TOKEN_PATTERN.test(token)) throw new Error(`token ${i + 1} is not a bearer token (letters, digits and -._~+/ only, then = padding)`);
    const digest = sha256(token);
    const id = digest.toString("hex").slice(0, 8);
    if (seen.has(id)) throw new Error(`two tokens share the token id ${id}; replace one of them`);
    seen.add(id);
    entries.push({ digest, id });
  }
  return {
    ids: entries.map((e) => e.id),
    match(presented) {
      const digest = sha256(presented);
      let found: string | null = null;
      for (const entry of entries) {
        if (timingSafeEqual(digest, entry.digest)) found = entry.id;
      }
      return found;
    },
  };
}

export type Credentials =
  | { readonly kind: "none" }
  | { readonly kind: "bearer"; readonly token: string }
  | { readonly kind: "malformed" };

/**
 * Reads an `Authorization` header: `none` when there is none or it uses another scheme
 * (Basic, ...), `bearer` with the token for `Bearer <token68>` (the scheme in any case),
 * `malformed` for a Bearer header whose token is missing or not a token68.
 */
export function readCredentials(header: string | undefined): Credentials {
  if (header === undefined) return { kind: "none" };
  const match = /^[ \t]*bearer(?:[ \t]+(.*?))?[ \t]*$/is.exec(header);
  if (match === null) return { kind: "none" };
  const token = match[1] ?? "";
  return TOKEN_PATTERN.test(token) ? { kind: "bearer", token } : { kind: "malformed" };
}

/** The problem type of a 401 (not in `PROBLEM_KINDS` yet; see docs/service.md). */
export const UNAUTHORIZED_TYPE = `${PROBLEM_TYPE_BASE}unauthorized`;

function unauthorized(detail: string, error: "invalid_token" | null): Response {
  const problem: Problem = { type: UNAUTHORIZED_TYPE, title: "A valid bearer token is needed", status: 401, detail };
  const challenge = `Bearer realm="${AUTH_REALM}"${error === null ? "" : `, error="${error}"`}`;
  return problemResponse(problem, { "WWW-Authenticate": challenge, "Cache-Control": "no-store" });
}

/**
 * Middleware that lets a request through only with one of the tokens, setting `tokenId`;
 * otherwise answers 401 problem+json with `WWW-Authenticate: Bearer realm="rotamatch"` (and
 * `error="invalid_token"` when a bearer token was given but is not one of them).
 */
export function bearerAuth<E extends { Variables: AuthVariables }>(tokens: TokenSet): MiddlewareHandler<E> {
  return async (c, next) => {
    const credentials = readCredentials(c.req.header("authorization"));
    if (credentials.kind === "none") {
      return unauthorized("This route needs an Authorization: Bearer <token> header.", null);
    }
    const id = credentials.kind === "bearer" ? tokens.match(credentials.token) : null;
    if (id === null) return unauthorized("The bearer token is not one this service accepts.", "invalid_token");
    c.set("tokenId", id);
    await next();
  };
}
