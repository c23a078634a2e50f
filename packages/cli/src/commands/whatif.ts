/**
 * rotamatch whatif COHORT --plan PLAN --pin trainee=ID,period=P,member=M [--pin ...]
 * [--format table|json] [--out FILE] [--time-limit SECONDS] [--backend auto|jslp|network]: the least objective of a plan with
 * the pins, its delta against the plan, and the fewest other roles that move to reach it
 * (docs/replanning.md). A pin is also `trainee=ID,mentor=M` or `trainee=ID,supervisor=S`.
 * The exit codes are solve's: a pin that breaks a hard rule is an input problem (exit 2).
 */
import { cohortSchema, whatIf, type Pin, type WhatIfAnswer } from "@rotamatch/core";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError, writeOutput } from "../command.js";
import { changeNames, renderChanges, type ChangeNames } from "../changes-table.js";
import { readTableOrJson, readTimeLimit, secondsToMs } from "../parse-values.js";
import { readCohortAndPlan, reportRequestIssues } from "../plan-input.js";
import { formatAmount } from "../table.js";
import { DEFAULT_TIME_LIMIT_SECONDS } from "../usage.js";

const OPTIONS = {
  plan: { type: "string" },
  pin: { type: "string", multiple: true },
  format: { type: "string" },
  out: { type: "string" },
  "time-limit": { type: "string" },
  backend: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The exact model in stages, or the network backend for big cohorts (docs/replanning.md). */
const BACKENDS = ["auto", "jslp", "network"] as const;

const PIN_KEYS = ["trainee", "period", "member", "mentor", "supervisor"] as const;
type PinKey = (typeof PIN_KEYS)[number];

/**
 * A --pin as written: `key=value` pairs joined by commas, each key once, a trainee and at
 * least one of member, mentor and supervisor. Whether the ids exist and the pin keeps the
 * rules is the core's to say (with a path `pins[j]`); this only catches what is not a pin at all.
 */
export function parsePin(text: string): { readonly ok: true; readonly pin: Pin } | { readonly ok: false; readonly message: string } {
  const pin: Partial<Record<PinKey, string>> = {};
  for (const part of text.split(",")) {
    const equals = part.indexOf("=");
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (equals < 0 || value === "") return { ok: false, message: `each part of a --pin is key=value, not ${JSON.stringify(part)}` };
    if (!(PIN_KEYS as readonly string[]).includes(key)) {
      return { ok: false, message: `a --pin takes ${PIN_KEYS.join(", ")}, not ${JSON.stringify(key)}` };
    }
    if (pin[key as PinKey] !== undefined) return { ok: false, message: `a --pin gives ${key} once, not twice` };
    pin[key as PinKey] = value;
  }
  const { trainee, ...rest } = pin;
  if (trainee === undefined) return { ok: false, message: `a --pin needs trainee=ID, in ${JSON.stringify(text)}` };
  if (rest.member === undefined && rest.mentor === undefined && rest.supervisor === undefined) {
    return { ok: false, message: `a --pin needs member=, mentor= or supervisor=, in ${JSON.stringify(text)}` };
  }
  return { ok: true, pin: { trainee, ...rest } };
}

export async function runWhatIf(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("whatif", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { values, positionals } = started;
  if (positionals.length === 0) return usageError(io, "whatif needs a COHORT file, --plan PLAN and at least one --pin");
  if (positionals.length > 1) return usageError(io, `whatif takes one COHORT file, not ${positionals.length}: ${positionals.join(" ")}`);
  const path = positionals[0] as string;
  if (values.plan === undefined) return usageError(io, "whatif needs --plan PLAN: a plan of the cohort");
  if (path === "-" && values.plan === "-") return usageError(io, "only one of COHORT and --plan can be read from standard input");
  const pinTexts = values.pin ?? [];
  if (pinTexts.length === 0) return usageError(io, "whatif needs at least one --pin trainee=ID,period=P,member=M (or mentor=M, supervisor=S)");
  const pins: Pin[] = [];
  for (const text of pinTexts) {
    const parsed = parsePin(text);
    if (!parsed.ok) return usageError(io, parsed.message);
    pins.push(parsed.pin);
  }
  const format = readTableOrJson(values.format);
  if (!format.ok) return usageError(io, format.message);
  const timeLimit = readTimeLimit(values["time-limit"]);
  if (!timeLimit.ok) return usageError(io, timeLimit.message);
  const timeLimitSeconds = timeLimit.value;
  const backend = values.backend ?? "auto";
  if (!(BACKENDS as readonly string[]).includes(backend)) return usageError(io, `--backend must be auto, jslp or network, not ${JSON.stringify(backend)}`);
  const json = format.value === "json";

  const pair = await readCohortAndPlan(io, path, values.plan, "whatif");
  if (!pair.ok) return pair.exitCode;
  const result = whatIf(pair.cohort, pair.plan, pins, {
    backend: backend as (typeof BACKENDS)[number],
    ...(timeLimitSeconds === undefined ? {} : { timeLimitMs: secondsToMs(timeLimitSeconds) }),
  });
  if (!result.ok) return reportRequestIssues(io, result.issues, [path, values.plan], json);

  const answer = result.answer;
  const output = json ? `${JSON.stringify(answer, null, 2)}\n` : renderWhatIf(answer, changeNames(cohortSchema.parse(pair.cohort)));
  const written = () => `wrote the what-if (${answer.status}) to ${values.out}`;
  return (await writeOutput(io, values.out, output, written)) ?? outcome(io, answer, timeLimitSeconds);
}

/** The answer as a person reads it: the pins, the objective and its delta, then the other roles that move. */
export function renderWhatIf(answer: WhatIfAnswer, names: ChangeNames): string {
  const pins = answer.pins.map((pin) => `  ${describePin(pin, names)}`);
  const lines = [`What if (${answer.pins.length === 1 ? "1 pin" : `${answer.pins.length} pins`}):`, ...pins, ""];
  if (answer.objective === null) {
    lines.push(answer.status === "infeasible" ? "No plan keeps every rule with these pins (infeasible)." : "No plan with these pins was found within the time limit.");
    return `${lines.join("\n")}\n`;
  }
  const delta = answer.delta !== null ? signed(answer.delta) : answer.deltaBound !== null ? `at least ${signed(answer.deltaBound)} (not proven exactly)` : "unknown";
  lines.push(`Status:    ${answer.status}`, `Objective: ${formatAmount(answer.objective)}`, `Delta:     ${delta}`, "");
  lines.push(renderChanges(answer.changes, names, "No other trainee moves."));
  return `${lines.join("\n")}\n`;
}

function describePin(pin: Pin, names: ChangeNames): string {
  const trainee = names.trainee(pin.trainee);
  const parts: string[] = [];
  if (pin.member !== undefined) parts.push(pin.period === undefined ? `at ${names.value("host", pin.member)}` : `at ${names.value("away", pin.member)} in ${pin.period}`);
  if (pin.supervisor !== undefined) parts.push(`supervisor ${names.value("supervisor", pin.supervisor)}`);
  if (pin.mentor !== undefined) parts.push(`mentor ${names.value("mentor", pin.mentor)}`);
  return `${trainee}: ${parts.join(", ")}`;
}

/** "+0.52", "-1.00", "0.00". */
function signed(value: number): string {
  const text = formatAmount(value);
  return value > 0 && text !== "0.00" ? `+${text}` : text;
}

/** Solve's exit codes for the answer's status, with the reason on stderr when there is no plan. */
function outcome(io: CliIo, answer: WhatIfAnswer, timeLimitSeconds: number | undefined): ExitCode {
  switch (answer.status) {
    case "optimal":
    case "feasible":
      return EXIT.ok;
    case "infeasible":
      io.stderr("rotamatch: no plan keeps every rule with these pins (infeasible).\n");
      return EXIT.infeasible;
    case "timedout":
      io.stderr(`rotamatch: no plan with these pins was found within the time limit of ${timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS} s. Try a longer --time-limit SECONDS.\n`);
      return EXIT.timedout;
  }
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "whatif", message);
}
