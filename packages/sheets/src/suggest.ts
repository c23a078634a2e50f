/**
 * "Did you mean" for misspelt sheet names, headers, settings and specializations: the core's
 * `closestMatch` (one function for JSON and workbooks), except that here names that differ
 * only in a number may be typos too ('Vann2' for 'vann1').
 */
import { closestMatch } from "@rotamatch/core/format";

/** The candidate closest to `value` (ignoring case): at most one edit away for short words, two for longer. */
export function suggest(value: string, candidates: readonly string[]): string | undefined {
  return closestMatch(value, candidates, { numbersDiffer: false });
}
