/**
 * Using @rotamatch/core from TypeScript: read a cohort file, solve it, and act on each outcome.
 *
 * Run it from the repository root with:
 *
 *     npx tsx examples/library-usage.ts
 *
 * It plans the Romerike 2013 cohort (examples/romerike-2013.json): 14 members, 8 trainees.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { cohortSchema, formatIssue, solveCohort, type SolveResult } from "@rotamatch/core";

/** Solves the example cohort and writes what happened, line by line, to `log`. */
export function main(log: (line: string) => void = console.log): SolveResult {
  // 1. Read the file. solveCohort takes the parsed JSON as it is (typed `unknown`) and checks
  //    it itself, so there is no need to validate it first.
  const input: unknown = JSON.parse(readFileSync(new URL("./romerike-2013.json", import.meta.url), "utf8"));

  // 2. Solve. Every option is optional; here we only shorten the time budget (default 60 s).
  const result = solveCohort(input, { timeLimitMs: 30_000 });

  // 3. The input has problems: nothing was solved. Each issue has a stable code, the path of
  //    the field ("trainees[3].host") and a sentence for the person who wrote the file.
  if (!result.ok) {
    log(`The cohort cannot be planned as written (${result.issues.length} problem(s)):`);
    for (const issue of result.issues) log(`  ${formatIssue(issue)}`);
    return result;
  }

  // 4. The input is valid: the plan's status says what kind of answer it is.
  const { plan } = result;
  switch (plan.status) {
    case "optimal":
    case "feasible": {
      // The plan refers to trainees, members and people by id; their names are in the cohort,
      // which is known to be valid here.
      const cohort = cohortSchema.parse(input);
      const names = new Map<string, string>();
      for (const x of [...cohort.members, ...cohort.people, ...cohort.trainees]) names.set(x.id, x.name ?? x.id);
      const nameOf = (id: string | null) => (id === null ? "none" : (names.get(id) ?? id));
      const awayPeriods = new Set(cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id));
      log(
        plan.status === "optimal"
          ? `Best plan found (objective ${plan.objective?.toFixed(2)}).`
          : `A valid plan, not proven best (objective ${plan.objective?.toFixed(2)}, ` +
              `the best possible is at least ${plan.bound?.toFixed(2) ?? "unknown"}).`,
      );
      for (const a of plan.assignments) {
        const away = a.placements
          .filter((p) => awayPeriods.has(p.period))
          .map((p) => `${nameOf(p.member)} (${p.from} to ${p.to})`)
          .join(", ");
        log(
          `  ${nameOf(a.trainee)}: host ${nameOf(a.host)}; away at ${away}; ` +
            `supervisor ${nameOf(a.supervisor)}; mentor ${nameOf(a.mentor)}`,
        );
      }
      // Only with rules.allowUnassigned: roles that could not be filled, each with its reason.
      for (const u of plan.unassigned) log(`  ${nameOf(u.trainee)}: no ${u.role}${u.period ? ` in ${u.period}` : ""}: ${u.reason}`);
      break;
    }
    case "infeasible":
      // No plan satisfies every rule; the diagnosis explains why, in the cohort's own terms,
      // and often suggests a change (raise a capacity, add a mentor, ...).
      log("No plan satisfies every rule of this cohort:");
      for (const item of plan.diagnosis) log(`  - ${item.message}`);
      break;
    case "timedout":
      log("No plan was found within the time limit; try a larger timeLimitMs.");
      break;
  }
  return result;
}

// Run main() when this file is executed as a script (not when a test imports it).
const script = process.argv[1];
if (script !== undefined && import.meta.url === pathToFileURL(script).href) {
  const result = main();
  if (!result.ok || result.plan.status === "infeasible" || result.plan.status === "timedout") process.exitCode = 1;
}
