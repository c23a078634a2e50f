/**
 * How a benchmark keeps its figures in docs/benchmarks.md current: each owns one section
 * between the markers `<!-- NAME:begin -->` and `<!-- NAME:end -->`, and `--write` replaces
 * what stands between them, leaving the rest of the page (the prose around the tables) as it is.
 */
import { readFileSync, writeFileSync } from "node:fs";

const DOC = new URL("../../docs/benchmarks.md", import.meta.url);

/**
 * Replaces section `name` of docs/benchmarks.md with `text`. Throws, writing nothing, when the
 * page lacks the section's markers (so a renamed section is not silently appended elsewhere).
 */
export function writeDocSection(name: string, text: string): void {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const doc = readFileSync(DOC, "utf8");
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from === -1 || to < from) throw new Error(`docs/benchmarks.md has no ${begin} ... ${end} section`);
  writeFileSync(DOC, `${doc.slice(0, from + begin.length)}\n${text}\n${doc.slice(to)}`);
  console.error("wrote docs/benchmarks.md");
}
