/**
 * "Did you mean": the closest match for a misspelt name, used by validation (unknown fields and
 * ids) and by the sheets package (sheet names, headers, settings, specializations). One
 * function, so that a typo gets the same hint whether it was written in JSON or in a workbook.
 */

export interface ClosestMatchOptions {
  /**
   * Whether names that differ only in their numbers are different on purpose, so that
   * "mentor-9" is not offered for "mentor-1" (default true: numbered ids are not typos of
   * each other). The sheets package turns it off for headers and specializations.
   */
  readonly numbersDiffer?: boolean;
}

/**
 * The candidate closest to `value`: one that is the same apart from case, else one at most
 * two edits away (one for names of up to four characters), ignoring case; the first such
 * candidate wins a tie. Undefined when nothing is close, and for values longer than 200
 * characters (no name is that long, and the work grows with the length).
 */
export function closestMatch(
  value: string,
  candidates: readonly string[],
  options: ClosestMatchOptions = {},
): string | undefined {
  if (value.length > 200) return undefined;
  const numbersDiffer = options.numbersDiffer ?? true;
  const lower = value.toLowerCase();
  const sameCase = candidates.find((c) => c !== value && c.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const limit = value.length <= 4 ? 1 : 2;
  const shape = withoutDigits(lower);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === value || Math.abs(candidate.length - value.length) > limit) continue;
    if (numbersDiffer && withoutDigits(candidate.toLowerCase()) === shape) continue;
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function withoutDigits(value: string): string {
  return value.replace(/\d+/g, "#");
}

/** Levenshtein distance, giving up (returning `cap`) once it reaches `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return Math.min(previous[b.length] ?? cap, cap);
}
