/**
 * Locating JSON syntax errors: the scanner must agree with JSON.parse on every text (it only
 * explains failures, never decides them), and its messages must point at the right place.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findJsonSyntaxError, lineAndColumn, parseJsonText } from "../src/domain/json-text.js";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON texts, pretty or compact, then damaged by deleting, inserting or replacing one character. */
const damagedJson = fc
  .tuple(
    fc.json({ maxDepth: 3 }),
    fc.boolean(),
    fc.nat(),
    fc.constantFrom("delete", "insert", "replace"),
    fc.constantFrom(",", ":", "{", "}", "[", "]", '"', "'", "\\", "\n", "\t", " ", "0", "-", ".", "e", "t", "n", "/", "\u0001"),
  )
  .map(([text, pretty, at, edit, char]) => {
    const source = pretty ? JSON.stringify(JSON.parse(text), null, 2) : text;
    const i = source.length === 0 ? 0 : at % source.length;
    if (edit === "delete") return source.slice(0, i) + source.slice(i + 1);
    if (edit === "insert") return source.slice(0, i) + char + source.slice(i);
    return source.slice(0, i) + char + source.slice(i + 1);
  });

describe("findJsonSyntaxError", () => {
  it("finds no error in valid JSON", () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.boolean(), (text, pretty) => {
        const source = pretty ? JSON.stringify(JSON.parse(text), null, 2) : text;
        expect(findJsonSyntaxError(source)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("finds an error exactly when JSON.parse fails, inside the text", () => {
    fc.assert(
      fc.property(damagedJson, (text) => {
        const found = findJsonSyntaxError(text);
        expect(found === null).toBe(parses(text));
        if (found !== null) {
          expect(found.offset).toBeGreaterThanOrEqual(0);
          expect(found.offset).toBeLessThanOrEqual(text.length);
          expect(found.problem).not.toBe("");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with JSON.parse on short arbitrary texts", () => {
    const alphabet = fc.constantFrom(..."{}[],:\"' \n\\/-+.0123456789eEtrufalsn".split(""), "\u00e6");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join("")), (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(parses(text));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['{"a": 1,}', 8, "a comma before } is not allowed in JSON; remove the last comma"],
    ["[1, 2,]", 6, "a comma before ] is not allowed in JSON; remove the last comma"],
    ['{"a": 1\n "b": 2}', 9, "expected a comma or } after the value (is a comma missing at the end of the previous line?)"],
    ["[1 2]", 3, "expected a comma or ] after the list item (is a comma missing?)"],
    ["{a: 1}", 1, 'property names must be in double quotes, like "a"'],
    ["{'a': 1}", 1, "property names must be in double quotes \"…\", not single quotes"],
    ['{"a" 1}', 5, "expected a colon : between the property name and its value"],
    ['{"a": tru}', 6, 'unexpected "tru": expected a value: text in double quotes, a number, true, false, null, an object {…} or a list […]'],
    ["{\"a\": 'x'}", 6, "text must be in double quotes \"…\", not single quotes"],
    ['{"a": 01}', 6, '"01" is not a valid number'],
    ['{"a": 1.}', 6, '"1." is not a valid number'],
    ['{"a": "x\ny"}', 8, "a line break inside text in quotes; write it as \\n or close the quote on the same line"],
    ['{"a": "x\\qy"}', 8, "\\q is not a valid escape; to write a backslash, write \\\\"],
    ['{"a": "x', 6, 'this text is never closed: a double quote " is missing'],
    ['{"a": [1, 2', 11, "the file ends too early, inside a list [ … ] (is a closing } or ] or a quote missing?)"],
    ['{"a": 1', 7, "the file ends too early, inside an object { … } (is a closing } or ] or a quote missing?)"],
    ["{} {}", 3, "unexpected text after the end of the JSON value (is there more than one value, or an extra } or ]?)"],
    ['{"a": 1 // note\n}', 8, "expected a comma or } after the value (is a comma missing at the end of the previous line?)"],
    ["// note\n{}", 0, "JSON does not allow comments"],
  ])("%j: at offset %d, %s", (text, offset, problem) => {
    expect(parses(text)).toBe(false);
    expect(findJsonSyntaxError(text)).toEqual({ offset, problem });
  });
});

describe("lineAndColumn", () => {
  it("counts lines and columns from 1", () => {
    const text = "ab\ncd\n\nef";
    expect(lineAndColumn(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn(text, 2)).toEqual({ line: 1, column: 3 });
    expect(lineAndColumn(text, 3)).toEqual({ line: 2, column: 1 });
    expect(lineAndColumn(text, 7)).toEqual({ line: 4, column: 1 });
    expect(lineAndColumn(text, 9)).toEqual({ line: 4, column: 3 });
    expect(lineAndColumn("ø\u{1F600}x", 3)).toEqual({ line: 1, column: 3 }); // characters, not UTF-16 units
  });
});

describe("parseJsonText", () => {
  it("returns the value of valid JSON and ignores a leading byte order mark", () => {
    expect(parseJsonText('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } });
    expect(parseJsonText('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it("reports malformed JSON as one invalid_json issue for the whole input, with line and column", () => {
    expect(parseJsonText('{\n  "members": [\n    { "id": "a", }\n  ]\n}')).toEqual({
      ok: false,
      issue: {
        code: "invalid_json",
        path: "",
        message: "Not valid JSON at line 3, column 18: a comma before } is not allowed in JSON; remove the last comma.",
      },
    });
    expect(parseJsonText("  \n", "file")).toEqual({
      ok: false,
      issue: { code: "invalid_json", path: "", message: "The file is empty: a cohort is a JSON object that starts with {." },
    });
  });
});

describe("parseJsonText's nesting depth", () => {
  const nested = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth);

  it.each([
    ["lists", nested(65), 1, 65],
    ["objects", `${'{"a":'.repeat(65)}1${"}".repeat(65)}`, 1, 321],
    ["lists over lines, after brackets in strings", `[\n"[[[{{{\\"[",\n${nested(64)}]`, 3, 64],
  ])("refuses %s nested deeper than the limit, at the bracket that goes too deep", (_, text, line, column) => {
    expect(parseJsonText(text, "body")).toEqual({
      ok: false,
      issue: {
        code: "invalid_json",
        path: "",
        message: `The body is nested deeper than 64 levels of [ ] and { } at line ${line}, column ${column}; a cohort or a plan needs about 5.`,
      },
    });
  });

  it("takes values exactly at the limit, brackets inside strings not counted, and a caller's own limit", () => {
    expect(parseJsonText(nested(64)).ok).toBe(true);
    expect(parseJsonText(`["${"[".repeat(100)}\\\\", "\\"${"{".repeat(100)}"]`).ok).toBe(true);
    expect(parseJsonText(nested(3), "text", { maxDepth: 2 }).ok).toBe(false);
    expect(parseJsonText(nested(1000), "text", { maxDepth: Infinity }).ok).toBe(true);
  });

  it("answers a deep text of any length at once, without recursion", () => {
    const result = parseJsonText(nested(1_000_000));
    expect(result.ok).toBe(false);
  });

  it("agrees with JSON.parse on every text within the limit", () => {
    fc.assert(
      fc.property(damagedJson, (text) => {
        expect(parseJsonText(text).ok).toBe(parses(text));
      }),
      { numRuns: 300 },
    );
  });
});
