/**
 * Input issues: what is wrong with a cohort, where, and a stable machine code.
 * Codes are part of the public contract; add new ones, never rename them.
 */
export const ISSUE_CODES = [
  // shape (from the schema)
  "invalid_json",
  "invalid_type",
  "invalid_value",
  "invalid_format",
  "too_small",
  "too_big",
  "unrecognized_key",
  // references and identity
  "duplicate_id",
  "unknown_reference",
  "wrong_role",
  "duplicate_preference",
  // programme
  "no_away_period",
  // pins and forbids
  "invalid_pin",
  "invalid_forbid",
  "conflicting_pins",
  "pin_forbidden",
  "pin_breaks_rule",
  "pins_over_capacity",
  // given hosts
  "host_over_capacity",
  "forbidden_host",
  // re-planning, what-if and explanations: the plan and the date they start from
  "invalid_as_of",
  "as_of_outside_programme",
  "invalid_previous_plan",
  "plan_mismatch",
  "started_conflict",
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

export interface Issue {
  /** Stable machine code, e.g. `unknown_reference`. */
  readonly code: IssueCode;
  /** Where in the input, written like `trainees[3].specialization`; `""` for the whole input. */
  readonly path: string;
  /** A plain sentence for a person. */
  readonly message: string;
}

export type PathSegment = string | number;

/** Writes a path the way a spreadsheet user can follow it: `members[3].hostCapacity`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Formats one issue as a line: `code at path: message`. */
export function formatIssue(issue: Issue): string {
  return issue.path === "" ? `${issue.code}: ${issue.message}` : `${issue.code} at ${issue.path}: ${issue.message}`;
}
