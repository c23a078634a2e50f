/** Help texts. The full help goes to stdout on --help; a short form to stderr on a usage error. */
import { DEFAULT_SOLVE_OPTIONS } from "@rotamatch/core";

export const COMMAND_USAGE = {
  solve: "rotamatch solve COHORT [--format table|json] [--out FILE] [--time-limit SECONDS]",
  validate: "rotamatch validate COHORT",
  schema: "rotamatch schema cohort|plan",
  serve: "rotamatch serve [--port N] [--host H] [options of the service]",
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;

export function isCommandName(value: string): value is CommandName {
  return Object.hasOwn(COMMAND_USAGE, value);
}

export const HELP = `rotamatch: plan trainee rotations: host, away placements, supervisor and mentor.

Usage:
  ${COMMAND_USAGE.solve}
  ${COMMAND_USAGE.validate}
  ${COMMAND_USAGE.schema}
  ${COMMAND_USAGE.serve}
  rotamatch --help | --version

Commands:
  solve      Plan the cohort and print the plan.
  validate   Check the cohort file and list every problem found in it.
  schema     Print the JSON Schema of the cohort file or of the plan file.
  serve      Start the HTTP solve service (default http://127.0.0.1:3000) until Ctrl-C;
             "rotamatch serve --help" lists its options.

COHORT is a cohort file in the format rotamatch.cohort/v1 (JSON). Write - to read it
from standard input.

Options of solve:
  --format table|json   table (default): a report for people.
                        json: the plan file (rotamatch.plan/v1), also when there is no plan.
  --out FILE            Write the output to FILE instead of standard output.
  --time-limit SECONDS  Stop searching after this many seconds (default ${DEFAULT_SOLVE_OPTIONS.timeLimitMs / 1000}).

  -h, --help            Show this help.
  --version             Show the version.

Exit codes:
  0  done; for solve: a plan was found (optimal or feasible)
  1  wrong usage, or a file could not be read or written
  2  the cohort has problems; each is printed as "code at path: message"
  3  no plan is possible (infeasible); the reasons are printed
  4  no plan was found within the time limit

The formats are described in docs/format.md, the commands in docs/cli.md.
`;

/** The short reminder printed after a usage error. */
export function shortUsage(command?: CommandName): string {
  const lines = command === undefined ? Object.values(COMMAND_USAGE) : [COMMAND_USAGE[command]];
  return `Usage: ${lines.join("\n       ")}\nRun "rotamatch --help" for more.\n`;
}
