/**
 * The programme as a whole: what any plan needs before a single rule can apply.
 *
 * Rule family: programme. Statement: the programme has at least one away period (a trainee
 * spends each `away` period at a member of another organisation, so a programme without one
 * is no exchange programme), and the cohort lists at least one trainee (nothing can be
 * planned without them).
 */
import type { ValidationContext } from "./context.js";

export function checkProgramme(ctx: ValidationContext): void {
  if (ctx.index.awayPeriods.length === 0) {
    ctx.add(
      "no_away_period",
      ["programme", "periods"],
      'the programme has no away period: at least one period must have "at": "away"',
    );
  }
  if (ctx.cohort.trainees.length === 0) {
    ctx.add("too_small", ["trainees"], "must list at least one trainee: there is nobody to plan for");
  }
}
