/**
 * Request bodies with a `Content-Encoding`: `gzip` (or `x-gzip`) and `deflate` are decoded
 * while they are read, with the route's limit applying to the decoded size as well as to the
 * bytes sent, so a small compressed body cannot unpack into a big one (a "zip bomb" stops at
 * the limit, 413). Any other coding (`br`, `compress`, a list of several) is a 415 that says
 * which ones are taken (RFC 9110 section 15.5.16, with `Accept-Encoding`). Only Web APIs
 * (`DecompressionStream`), like the rest of the app: Node 20's has no Brotli, hence no `br`.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { makeProblem, problemResponse } from "./problem.js";

/** The formats `DecompressionStream` decodes that a `Content-Encoding` can name. */
export type DecodedFormat = "gzip" | "deflate";

/** The codings taken, by their `Content-Encoding` name, and the format that decodes each. */
const DECODERS: Readonly<Record<string, DecodedFormat>> = {
  gzip: "gzip",
  "x-gzip": "gzip",
  deflate: "deflate",
};

/** For `Accept-Encoding` on a 415. */
export const ACCEPTED_ENCODINGS = "gzip, deflate";

/**
 * The coding of a `Content-Encoding` header: null for none (absent, empty or `identity`), the
 * decoder's format when it is one we take, or the header itself (lower case) when it is not.
 */
export function codingOf(header: string | undefined): DecodedFormat | null | { readonly unsupported: string } {
  const codings = (header ?? "")
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length === 0) return null;
  const only = codings.length === 1 ? codings[0] : undefined;
  const format = only !== undefined && Object.hasOwn(DECODERS, only) ? DECODERS[only] : undefined;
  return format ?? { unsupported: codings.join(", ") };
}

/**
 * Middleware that reads the body within `maxBytes`: an unsupported coding is refused before
 * anything is read (415), the bytes sent are limited as they arrive (hono's `bodyLimit`, which
 * answers a declared `Content-Length` over the limit without reading), then an encoded body is
 * decoded, its decoded size limited too (`tooLarge()`, 413), and corrupt data is a 400. The
 * request that goes on carries the decoded body, without `Content-Encoding`.
 */
export function limitedBody(maxBytes: number, tooLarge: () => Response): MiddlewareHandler {
  const limitSent = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const coding = codingOf(c.req.header("content-encoding"));
    if (coding === null) return limitSent(c, next);
    if (typeof coding === "object") {
      const detail = `The body's Content-Encoding ${JSON.stringify(coding.unsupported.slice(0, 100))} is not taken; send it as it is, or with ${ACCEPTED_ENCODINGS}.`;
      return problemResponse(makeProblem("unsupported-encoding", detail), { "Accept-Encoding": ACCEPTED_ENCODINGS });
    }
    // The bytes sent first: bodyLimit answers 413 itself, or calls this `next` to go on.
    let withinLimit = false;
    const refused = await limitSent(c, async () => {
      withinLimit = true;
    });
    if (!withinLimit) return refused;
    const raw = c.req.raw;
    if (raw.body === null) return next();
    const decoded = await decodeWithin(raw.body, coding, maxBytes);
    if (decoded === "too-large") return tooLarge();
    if (decoded === "corrupt") {
      const detail = `The body is not valid ${coding} data, as its Content-Encoding says it is.`;
      return problemResponse(makeProblem("invalid-request", detail));
    }
    const headers = new Headers(raw.headers);
    headers.delete("content-encoding");
    headers.delete("content-length");
    c.req.raw = new Request(raw, { body: decoded, headers });
    return next();
  };
}

/** The decoded bytes of `body`; "too-large" as soon as they pass `maxBytes`; "corrupt" when they do not decode. */
async function decodeWithin(
  body: ReadableStream<Uint8Array>,
  format: DecodedFormat,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | "too-large" | "corrupt"> {
  // Typed as a byte-to-byte pair: the DOM's and Node's typings of DecompressionStream differ
  // in their chunk types (the page's type check sees this file through the browser tests).
  const decompress = new DecompressionStream(format) as unknown as { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };
  const reader: ReadableStreamDefaultReader<Uint8Array> = body.pipeThrough(decompress).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // Stop decoding at once: the rest is never inflated.
        reader.cancel().catch(() => undefined);
        return "too-large";
      }
      chunks.push(value);
    }
  } catch {
    return "corrupt";
  }
  const bytes = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
