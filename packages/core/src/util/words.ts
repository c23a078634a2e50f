/**
 * The small word helpers every stage's messages use, in one place: counts with their noun,
 * values in quotes, lists in plain English. No zod, no solver: the CLI and the page may use
 * `plural` through `@rotamatch/core/format`.
 */

/** `1 trainee`, `3 trainees`; `many` for irregular nouns: `plural(2, "person", "people")`. */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A value as it appears in a message: JSON-quoted, so that `""` and `" x"` stay visible; a
 * value JSON cannot write (a cycle, a bigint, a function) as its string.
 */
export function quote(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A text in double quotes, cut to 60 characters (ending "...") when it is longer. */
export function quoteShort(text: string): string {
  return quote(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** "A", "A and B", "A, B and C"; past `max` words, the first `max - 1` and how many more. */
export function listWords(words: readonly string[], max = 6): string {
  if (words.length > max) return `${words.slice(0, max - 1).join(", ")} and ${words.length - (max - 1)} more`;
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1] ?? ""}`;
}
