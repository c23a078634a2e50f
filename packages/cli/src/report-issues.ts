import { formatIssue, type Issue } from "@rotamatch/core/format";
import type { CliIo } from "./io.js";
import { describeSource } from "./read-cohort.js";

/** Prints each input problem on its own line (`code at path: message`), then a one-line summary. */
export function reportIssues(io: CliIo, issues: readonly Issue[], path: string): void {
  for (const issue of issues) io.stderr(`${formatIssue(issue)}\n`);
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  io.stderr(`rotamatch: ${count} in ${describeSource(path)}; fix ${issues.length === 1 ? "it" : "them"} and run again.\n`);
}
