/**
 * Option values as typed on the command line: strict, so that a typo is a usage error rather
 * than a silently different number. Each parser returns undefined for text it does not accept;
 * the command says what was expected.
 */
import { BACKENDS, type Backend } from "@rotamatch/core";

/** Longest time limit accepted: a week. More is a typo (milliseconds given as seconds). */
export const MAX_TIME_LIMIT_SECONDS = 7 * 24 * 3600;

/** What --time-limit accepts, for messages. */
export const TIME_LIMIT_EXPECTED = `a number of seconds above 0 and at most ${MAX_TIME_LIMIT_SECONDS}`;

/** Seconds written as digits with an optional decimal part, above 0 and at most a week. */
export function parseSeconds(text: string): number | undefined {
  const seconds = parseDecimal(text);
  return seconds !== undefined && seconds > 0 && seconds <= MAX_TIME_LIMIT_SECONDS ? seconds : undefined;
}

/** An option's value read, or the usage message that says what was expected. */
export type ReadOption<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** --time-limit: its seconds, undefined when it is not given. */
export function readTimeLimit(text: string | undefined): ReadOption<number | undefined> {
  if (text === undefined) return { ok: true, value: undefined };
  const seconds = parseSeconds(text);
  return seconds === undefined ? { ok: false, message: `--time-limit must be ${TIME_LIMIT_EXPECTED}, not ${JSON.stringify(text)}` } : { ok: true, value: seconds };
}

/** --format of the commands that print a table or JSON (table when it is not given). */
export function readTableOrJson(text: string | undefined): ReadOption<"table" | "json"> {
  const format = text ?? "table";
  return format === "table" || format === "json" ? { ok: true, value: format } : { ok: false, message: `--format must be table or json, not ${JSON.stringify(format)}` };
}

/** Seconds as the core's time limit: whole milliseconds, at least 1. */
export function secondsToMs(seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000));
}

/** A whole number written as digits, with an optional minus sign, from `min` to `max`. */
export function parseWhole(text: string, min: number, max: number): number | undefined {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

/** A number of zero or more written as digits with an optional decimal part (no sign, no exponent). */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** A range `A..B` of decimals with A <= B, or one decimal A meaning A..A. */
export function parseRange(text: string): { readonly min: number; readonly max: number } | undefined {
  const [first, second, ...rest] = text.split("..");
  if (first === undefined || rest.length > 0) return undefined;
  const min = parseDecimal(first);
  const max = second === undefined ? min : parseDecimal(second);
  if (min === undefined || max === undefined || min > max) return undefined;
  return { min, max };
}

/** A backend name solveCohort takes, or undefined. */
export function parseBackend(text: string): Backend | undefined {
  return (BACKENDS as readonly string[]).includes(text) ? (text as Backend) : undefined;
}

export const BACKEND_EXPECTED = BACKENDS.join(", ");
