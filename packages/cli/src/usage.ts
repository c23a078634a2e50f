/**
 * Help texts. The full help goes to stdout on --help; a short form to stderr on a usage error.
 * This module imports nothing: `--help`, `--version` and every usage error are answered without
 * loading the core (a test keeps the default time limit here equal to the core's).
 */

/** The core's `DEFAULT_SOLVE_OPTIONS.timeLimitMs` in seconds, for the help (cli.test.ts checks they agree). */
export const DEFAULT_TIME_LIMIT_SECONDS = 60;

/** Runs of a sweep when --runs is not given. */
export const DEFAULT_SWEEP_RUNS = 10;

export const COMMAND_USAGE = {
  solve: "rotamatch solve COHORT [--history PLAN ...] [--format table|json] [--out FILE] [--time-limit SECONDS] [--backend NAME]",
  validate: "rotamatch validate COHORT",
  schema: "rotamatch schema cohort|plan",
  serve: "rotamatch serve [--port N] [--host H] [options of the service]",
  worker: "rotamatch worker --redis URL [--concurrency N]",
  generate: "rotamatch generate --trainees N --members M [options of generate] [--out FILE]",
  sweep: "rotamatch sweep COHORT|--trainees N --members M [--runs N] [perturbations] [options of sweep]",
  import: "rotamatch import FILE.xlsx|FILE.ods|DIR [--out FILE] [--lang en|nb]",
  export: "rotamatch export PLAN --cohort COHORT --format csv|xlsx|ics|pack [--out FILE|DIR] [--delimiter ;] [--trainee ID] [--lang en|nb]",
  template: "rotamatch template [COHORT] --out FILE.xlsx|DIR [--lang en|nb] [--delimiter ;]",
  replan: "rotamatch replan COHORT --plan PLAN --as-of DATE [--format table|json] [--out FILE] [--time-limit SECONDS] [--backend auto|jslp|network]",
  whatif: "rotamatch whatif COHORT --plan PLAN --pin trainee=ID,period=P,member=M [--pin ...] [--format table|json] [--out FILE] [--backend auto|jslp|network]",
  explain: "rotamatch explain COHORT --plan PLAN [--trainee ID] [--format table|json] [--lang en|nb] [--out FILE] [--backend auto|jslp|network]",
  history: "rotamatch history COHORT [--history PLAN ...] [--plan PLAN] [--format table|json|csv] [--out FILE]",
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
  ${COMMAND_USAGE.worker}
  ${COMMAND_USAGE.generate}
  ${COMMAND_USAGE.sweep}
  ${COMMAND_USAGE.import}
  ${COMMAND_USAGE.export}
  ${COMMAND_USAGE.template}
  ${COMMAND_USAGE.replan}
  ${COMMAND_USAGE.whatif}
  ${COMMAND_USAGE.explain}
  ${COMMAND_USAGE.history}
  rotamatch --help | --version

Commands:
  solve      Plan the cohort and print the plan.
  validate   Check the cohort file and list every problem found in it.
  schema     Print the JSON Schema of the cohort file or of the plan file.
  serve      Start the HTTP solve service (default http://127.0.0.1:3000) until Ctrl-C;
             "rotamatch serve --help" lists its options.
  worker     Run queued solves of "serve --redis" and "sweep --redis" from Redis until
             Ctrl-C; "rotamatch worker --help" lists its options.
  generate   Print a generated cohort: a seeded, realistic member network, feasible by
             construction. The same options always give the same file.
  sweep      Solve many perturbed or generated cohorts on worker threads (or as jobs on
             Redis, --redis) and report the share that have a plan, the spread of their
             costs and the common diagnoses.
  import     Print the cohort file of a workbook (.xlsx, .ods) or a folder of CSV files, or
             list every problem in it by sheet, row and column.
  export     Write a plan as a workbook, CSV files, calendars (ICS) or a pack per member
             (ZIP), with the names and dates of its cohort.
  template   Write the cohort workbook (or CSV files) to fill in: blank, or holding COHORT,
             in English or Norwegian.
  replan     Re-plan a published plan for the cohort as it is now, as of a date: what has
             started stays, and as few other roles as possible change (each with its reason).
  whatif     What a plan with some roles pinned would cost, and who else would move.
  explain    Why each trainee did not get what they ranked higher, in plain words.
  history    Each member across the earlier cohorts (and a plan): trainees hosted, sent
             away, received, mentored and supervised, and the exchanges that recur.

COHORT is a cohort file in the format rotamatch.cohort/v1 (JSON). Write - to read it
from standard input.

Options of solve:
  --format table|json   table (default): a report for people.
                        json: the plan file (rotamatch.plan/v1), also when there is no plan.
  --out FILE            Write the output to FILE instead of standard output.
  --time-limit SECONDS  Stop searching after this many seconds (default ${DEFAULT_TIME_LIMIT_SECONDS}).
  --backend NAME        auto (default): chosen by the cohort's structure and size.
                        jslp: the exact MIP. network: min-cost flows and Lagrangian
                        relaxation, for big member networks (see docs/network.md).
  --history PLAN        Add an earlier cohort's plan to the cohort's history (repeatable;
                        after the cohort's own, in order). The file must name its cohort:
                        a plan JSON file with a "name", or "NAME=FILE" for any plan file
                        or plan workbook (.xlsx, .ods), e.g. "Romerike 2011=plan-2011.json".

Options of generate (sweep takes them too, to sweep generated cohorts):
  --trainees N                 Trainees (required).
  --members M                  Members of the network (required).
  --mentors-per-member K       Mentors each member appoints (default 2).
  --supervisors-per-member K   Supervisors each member appoints (default 2).
  --away-periods P             Away periods of the programme (default 1).
  --hosts given|chosen         given (default): every trainee is hired by a host.
                               chosen: the solver chooses the hosts.
  --tightness X                Demand over capacity, above 0 and at most 1 (default 0.7).
  --mentor-outside host|host-and-away
                               The rule mentorOutside (default host).
  --specialization-fit required|preferred
                               The rule specializationFit (default required).
  --history-cohorts N          Earlier cohorts to add as the cohort's history (default 0).
  --seed S                     Seed of the generator (default 1).
  --out FILE                   Write the cohort to FILE instead of standard output.

Options of sweep:
  COHORT                  Perturb this cohort in each run; without it, each run solves a
                          generated cohort (seeds S, S+1, ...) of the options of generate.
  --runs N                How many runs (default ${DEFAULT_SWEEP_RUNS}).
  --seed S                The first run's seed (default 1); run i uses S+i.
  --capacity-scale A..B   Multiply every capacity by a factor drawn from A..B in each run.
  --remove-mentors K      Remove K mentors, chosen at random, in each run.
  --remove-supervisors K  Remove K supervisors, chosen at random, in each run.
  --threads N             Worker threads (default: one per processor).
  --time-limit SECONDS    Time limit of each solve (default ${DEFAULT_TIME_LIMIT_SECONDS}).
  --backend NAME          auto (default), jslp or network, as for solve.
  --json                  Print the report as JSON, with every run.
  --redis URL             Solve the runs as jobs on the queue at redis://HOST:PORT[/DB],
                          run by "rotamatch worker" anywhere; the same command again
                          reuses the finished runs (docs/deployment.md).
  --workers N             With --redis: solve on N workers of this process too (default:
                          one per processor; 0: only workers elsewhere).

Options of import:
  --out FILE              Write the cohort to FILE instead of standard output.
  --lang en|nb            The language of the problems listed (default en; nb: bokmål).

Options of export:
  --cohort COHORT         The cohort the plan was made for: a cohort file, a workbook or
                          a folder of CSV files (required).
  --format csv|xlsx|ics|pack
                          xlsx: a workbook with the plan's sheets and the cohort's (needs
                          --out FILE). csv: the plan's CSV files into the folder --out, or
                          plan.csv on standard output. ics: the cohort's calendar (each
                          period's first and last day, and the gatherings); --out FILE.ics,
                          or a folder for calendar.ics and one calendar per trainee (its
                          placements and the gatherings). pack: a ZIP (needs --out
                          FILE.zip) with a folder per member (its workbook and calendar)
                          and a calendar per supervisor and mentor.
  --out FILE|DIR          Where to write.
  --delimiter ,|;         The CSV separator (default ,; use ; for Excel in Norwegian).
  --trainee ID            Only this trainee's calendar (with --format ics).
  --lang en|nb            The files' language: sheet names, headers, values and calendar
                          titles (default en; nb: bokmål). The CSV file names stay English.

Options of template:
  --out FILE.xlsx|DIR     A workbook, or the CSV files into the folder DIR (required).
  --lang en|nb            The language of sheet names, headers, settings and values
                          (default en; nb: bokmål). Either imports again.
  --delimiter ,|;         The CSV separator (default ,; use ; for Excel in Norwegian).

Options of replan, whatif and explain (docs/replanning.md):
  --plan PLAN             The published plan (rotamatch.plan/v1, or a re-planned plan).
  --as-of DATE            replan: placements whose period started before DATE (YYYY-MM-DD)
                          stay as they were. Without --plan and --as-of, COHORT may be a
                          whole rotamatch.replan/v1 document (REQUEST).
  --pin trainee=ID,period=P,member=M
                          whatif: a role to pin (repeatable): the member of a period (of
                          a host period: the host), or trainee=ID,mentor=M or
                          trainee=ID,supervisor=S.
  --trainee ID            explain: only this trainee.
  --lang en|nb            explain: the language of the sentences (default en).
  --format table|json     table (default): for people. json: the answer's JSON in every
                          outcome ({"issues": [...]} for input problems).
  --out FILE              Write the output to FILE instead of standard output.
  --time-limit SECONDS    Stop searching after this many seconds (default ${DEFAULT_TIME_LIMIT_SECONDS}).
  --backend NAME          replan: auto (default), jslp (exact, in stages) or network (big
                          cohorts: the fewest changes proven when kept roles leave room).
                          whatif, explain: the same choice (network: the least objective
                          with a bound, changes not proven fewest).

Options of history:
  --history PLAN          An earlier cohort's plan, as for solve (repeatable).
  --plan PLAN             This cohort's plan (JSON or its workbook), as the last column.
  --format table|json|csv table (default): a section per count, members by cohorts.
                          json: the report. csv: one row per member and cohort.
  --out FILE              Write the output to FILE instead of standard output.

  -h, --help            Show this help.
  --version             Show the version.

Exit codes:
  0  done; for solve: a plan was found (optimal or feasible); for sweep: the sweep ran
  1  wrong usage, or a file could not be read or written
  2  the cohort has problems; each is printed as "code at path: message"
     (import: as "Sheet, row N, column C: message")
  3  no plan is possible (infeasible); the reasons are printed
  4  no plan was found within the time limit

The formats are described in docs/format.md, the commands in docs/cli.md, the
workbook and CSV layout in docs/sheets.md.
`;

/** The short reminder printed after a usage error. */
export function shortUsage(command?: CommandName): string {
  const lines = command === undefined ? Object.values(COMMAND_USAGE) : [COMMAND_USAGE[command]];
  return `Usage: ${lines.join("\n       ")}\nRun "rotamatch --help" for more.\n`;
}
