/**
 * Parsing the text of a cohort (a file, a request body). JSON.parse does the parsing; when it
 * fails, a small scanner finds where and why in words a spreadsheet user can act on, with a
 * line and column, the same on every Node version. Shared by the CLI and the service.
 */
import type { Issue } from "./issues.js";

export type JsonParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issue: Issue };

/**
 * How deeply a text's lists and objects may nest by default. A cohort or a plan nests about 5
 * levels; far deeper values are no cohort, and each later step that recurses over a value
 * (structured clone to a worker, zod, the syntax scanner) would overflow its stack on them.
 */
export const DEFAULT_MAX_JSON_DEPTH = 64;

export interface JsonParseOptions {
  /**
   * Most levels of `[` and `{` a text may nest (default DEFAULT_MAX_JSON_DEPTH; `Infinity` for
   * no limit). A deeper text is an `invalid_json` issue with the line and column where it
   * goes too deep, found before JSON.parse runs.
   */
  readonly maxDepth?: number;
}

/**
 * Parses JSON text; a UTF-8 byte order mark at the start (common in Windows exports) is ignored.
 * `source` names the text in messages ("The file is empty…").
 */
export function parseJsonText(text: string, source = "text", options: JsonParseOptions = {}): JsonParseResult {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const tooDeep = findTooDeep(body, maxDepth);
  if (tooDeep >= 0) {
    const { line, column } = lineAndColumn(body, tooDeep);
    const message = `The ${source} is nested deeper than ${maxDepth} levels of [ ] and { } at line ${line}, column ${column}; a cohort or a plan needs about 5.`;
    return { ok: false, issue: { code: "invalid_json", path: "", message } };
  }
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, issue: { code: "invalid_json", path: "", message: describeJsonError(body, error, source) } };
  }
}

/**
 * The offset of the first `[` or `{` that opens level `maxDepth + 1`, or -1 when the text
 * never nests that deep. One pass over the text counting brackets outside strings (a string
 * is skipped with indexOf, so the pass costs a fraction of JSON.parse); it does not check
 * the syntax, which JSON.parse and findJsonSyntaxError do after it.
 */
function findTooDeep(text: string, maxDepth: number): number {
  if (maxDepth === Infinity) return -1;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: find its closing quote, one not escaped by an odd run of backslashes.
      for (;;) {
        const quote = text.indexOf('"', i + 1);
        if (quote < 0) return -1;
        let backslashes = 0;
        while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
        i = quote;
        if (backslashes % 2 === 0) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/** Where a JSON text breaks, counted from 0, and what was expected there. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly problem: string;
}

function describeJsonError(text: string, error: unknown, source: string): string {
  if (text.trim() === "") return `The ${source} is empty: a cohort is a JSON object that starts with {.`;
  const found = findJsonSyntaxError(text);
  if (found !== null) {
    const { line, column } = lineAndColumn(text, found.offset);
    return `Not valid JSON at line ${line}, column ${column}: ${found.problem}.`;
  }
  // The scanner and JSON.parse disagree (should not happen): fall back on the engine's words.
  const reason = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(reason);
  if (position?.[1] !== undefined) {
    const { line, column } = lineAndColumn(text, Number(position[1]));
    return `Not valid JSON at line ${line}, column ${column}: ${reason.replace(/\s*in JSON at position \d+.*$/s, "")}.`;
  }
  return `Not valid JSON: ${reason}.`;
}

/** 1-based line and column of a character offset; a column counts characters, tabs as one. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text[i] === "\n") {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: Array.from(text.slice(lineStart, end)).length + 1 };
}

const VALUE_EXPECTED = "expected a value: text in double quotes, a number, true, false, null, an object {…} or a list […]";
const MAX_DEPTH = 1_000;
const WORD = /[^\s,:{}[\]"]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class GiveUp extends Error {}

class SyntaxFound extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** The first syntax error in a JSON text (RFC 8259), or null when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;

  const fail = (problem: string, at = i): never => {
    throw new SyntaxFound(at, problem);
  };
  const skipSpace = (): void => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const atEnd = (): boolean => i >= text.length;
  const unexpectedEnd = (what: string): never =>
    fail(`the file ends too early, ${what} (is a closing } or ] or a quote missing?)`, text.length);

  /** The run of characters at `i` up to the next space or JSON punctuation, for messages. */
  const word = (): string => {
    WORD.lastIndex = i;
    return WORD.exec(text)?.[0] ?? "";
  };
  const shorten = (w: string): string => JSON.stringify(w.length > 40 ? `${w.slice(0, 40)}…` : w);

  const value = (depth: number): void => {
    skipSpace();
    if (atEnd()) unexpectedEnd("where a value was expected");
    if (depth > MAX_DEPTH) throw new GiveUp();
    const c = text[i];
    if (c === "{") return object(depth + 1);
    if (c === "[") return array(depth + 1);
    if (c === '"') return string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return number();
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    if (c === "'") fail("text must be in double quotes \"…\", not single quotes");
    if (c === "/") fail("JSON does not allow comments");
    if (c === "}" || c === "]") fail(`unexpected ${c}: ${VALUE_EXPECTED}`);
    if (c === ",") fail(`unexpected comma: ${VALUE_EXPECTED}`);
    const w = word();
    fail(`unexpected ${w === "" ? JSON.stringify(c) : shorten(w)}: ${VALUE_EXPECTED}`);
  };

  const object = (depth: number): void => {
    i++; // {
    skipSpace();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (atEnd()) unexpectedEnd("inside an object { … }");
      if (text[i] === "}") fail("a comma before } is not allowed in JSON; remove the last comma");
      if (text[i] === "'") fail("property names must be in double quotes \"…\", not single quotes");
      if (text[i] !== '"') fail(`property names must be in double quotes, like "${word() || "name"}"`);
      string();
      skipSpace();
      if (atEnd()) unexpectedEnd("where a colon : was expected");
      if (text[i] !== ":") fail("expected a colon : between the property name and its value");
      i++;
      value(depth);
      skipSpace();
      if (atEnd()) unexpectedEnd("inside an object { … }");
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      fail("expected a comma or } after the value (is a comma missing at the end of the previous line?)");
    }
  };

  const array = (depth: number): void => {
    i++; // [
    skipSpace();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] === "]") fail("a comma before ] is not allowed in JSON; remove the last comma");
      value(depth);
      skipSpace();
      if (atEnd()) unexpectedEnd("inside a list [ … ]");
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      fail("expected a comma or ] after the list item (is a comma missing?)");
    }
  };

  const string = (): void => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (atEnd()) fail("this text is never closed: a double quote \" is missing", start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) {
        fail(
          c === 0x0a || c === 0x0d
            ? "a line break inside text in quotes; write it as \\n or close the quote on the same line"
            : "a control character (such as a tab) inside text in quotes; write a tab as \\t",
        );
      }
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next === undefined) fail("this text is never closed: a double quote \" is missing", start);
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("\\u must be followed by four hexadecimal digits");
          i += 6;
          continue;
        }
        if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
          continue;
        }
        fail(`\\${next} is not a valid escape; to write a backslash, write \\\\`);
      }
      i++;
    }
  };

  const number = (): void => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    const w = word();
    if (match === null || match[0].length !== w.length) fail(`${shorten(w)} is not a valid number`);
    i += w.length;
  };

  try {
    value(0);
    skipSpace();
    if (!atEnd()) {
      fail("unexpected text after the end of the JSON value (is there more than one value, or an extra } or ]?)");
    }
    return null;
  } catch (error) {
    if (error instanceof SyntaxFound) return { offset: error.offset, problem: error.problem };
    // Nesting too deep to scan here: let the caller fall back on the engine's message.
    if (error instanceof GiveUp || error instanceof RangeError) return null;
    throw error;
  }
}
