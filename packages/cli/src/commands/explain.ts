/**
 * rotamatch explain COHORT --plan PLAN [--trainee ID] [--format table|json] [--lang en|nb]
 * [--out FILE] [--time-limit SECONDS] [--backend auto|jslp|network]: for each trainee (or the one asked for), why they did
 * not get what they ranked higher, in plain words (docs/replanning.md). Exit 0 with the
 * explanation, 2 for bad input (a plan not of this cohort, an unknown trainee), 1 for usage.
 */
import { cohortSchema, explainPlan, type Explanation } from "@rotamatch/core";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError, writeOutput } from "../command.js";
import { readTableOrJson, readTimeLimit, secondsToMs } from "../parse-values.js";
import { readCohortAndPlan, reportRequestIssues } from "../plan-input.js";
import { parseLang } from "../read-sheets.js";
import { formatAmount, sumCost } from "../table.js";

const OPTIONS = {
  plan: { type: "string" },
  trainee: { type: "string" },
  format: { type: "string" },
  lang: { type: "string" },
  out: { type: "string" },
  "time-limit": { type: "string" },
  backend: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The exact model in stages, or the network backend for big cohorts (docs/replanning.md). */
const BACKENDS = ["auto", "jslp", "network"] as const;

export async function runExplain(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("explain", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { values, positionals } = started;
  if (positionals.length === 0) return usageError(io, "explain needs a COHORT file and --plan PLAN");
  if (positionals.length > 1) return usageError(io, `explain takes one COHORT file, not ${positionals.length}: ${positionals.join(" ")}`);
  const path = positionals[0] as string;
  if (values.plan === undefined) return usageError(io, "explain needs --plan PLAN: a plan of the cohort");
  if (path === "-" && values.plan === "-") return usageError(io, "only one of COHORT and --plan can be read from standard input");
  const format = readTableOrJson(values.format);
  if (!format.ok) return usageError(io, format.message);
  const lang = parseLang(values.lang);
  if (lang === undefined) return usageError(io, `--lang must be en or nb, not ${JSON.stringify(values.lang)}`);
  const timeLimit = readTimeLimit(values["time-limit"]);
  if (!timeLimit.ok) return usageError(io, timeLimit.message);
  const timeLimitSeconds = timeLimit.value;
  const backend = values.backend ?? "auto";
  if (!(BACKENDS as readonly string[]).includes(backend)) return usageError(io, `--backend must be auto, jslp or network, not ${JSON.stringify(backend)}`);
  const json = format.value === "json";

  const pair = await readCohortAndPlan(io, path, values.plan, "explain", lang);
  if (!pair.ok) return pair.exitCode;
  const result = explainPlan(pair.cohort, pair.plan, {
    lang,
    backend: backend as (typeof BACKENDS)[number],
    ...(values.trainee === undefined ? {} : { trainee: values.trainee }),
    ...(timeLimitSeconds === undefined ? {} : { timeLimitMs: secondsToMs(timeLimitSeconds) }),
  });
  if (!result.ok) return reportRequestIssues(io, result.issues, [path, values.plan], json);

  const output = json ? `${JSON.stringify(result.explanation, null, 2)}\n` : renderExplanation(result.explanation, traineeNames(pair.cohort));
  const written = () => `wrote the explanation (${result.explanation.trainees.length} trainees) to ${values.out}`;
  return (await writeOutput(io, values.out, output, written)) ?? EXIT.ok;
}

/**
 * The explanation grouped by trainee: a heading with the trainee's name and cost, the sentence
 * about what they got, then one sentence per option, in the core's order.
 */
export function renderExplanation(explanation: Explanation, names: ReadonlyMap<string, string>): string {
  const cost = explanation.lang === "nb" ? "kostnad" : "cost";
  const sections = explanation.trainees.map((t) => {
    const heading = `${names.get(t.trainee) ?? t.trainee} (${t.trainee}), ${cost} ${formatAmount(sumCost(t.cost))}`;
    return [heading, `  ${t.text}`, ...t.options.map((o) => `  - ${o.text}`)].join("\n");
  });
  return `${sections.join("\n\n")}\n`;
}

/** Trainee names of the cohort the core has accepted (a blank name falls back to the id). */
function traineeNames(cohort: unknown): Map<string, string> {
  return new Map(cohortSchema.parse(cohort).trainees.map((t) => [t.id, t.name !== undefined && t.name.trim() !== "" ? t.name : t.id]));
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "explain", message);
}
