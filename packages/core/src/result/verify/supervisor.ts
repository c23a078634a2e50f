/**
 * Rule family "supervisor": the supervisor is employed by the host member itself and
 * (specializationFit "required") lists the trainee's specialization. Codes: `wrong_employer`,
 * `specialization_mismatch` (for the supervisor).
 */
import type { PathSegment } from "../../domain/issues.js";
import type { Person } from "../../domain/schema.js";
import { quote, type TraineeCheck } from "./context.js";

/** The rules of a supervisor who is a person of the cohort, for a trainee hosted by `host`. */
export function checkSupervisor(c: TraineeCheck, person: Person, host: string, path: readonly PathSegment[]): void {
  const { index, report } = c.run;
  const p = quote(person.id);
  if (person.member !== host) {
    report(
      "wrong_employer",
      path,
      `Supervisor ${p} is employed by ${quote(person.member)}, but trainee ${c.t} is hosted by ${quote(host)}; the supervisor must be employed by the host itself.`,
    );
  }
  const spec = c.trainee.specialization;
  if (index.cohort.rules.specializationFit === "required" && !index.personLists(person.id, spec)) {
    report(
      "specialization_mismatch",
      path,
      `Supervisor ${p} does not list ${quote(spec)}, the specialization of trainee ${c.t}; the rule specializationFit "required" asks that they do.`,
    );
  }
}
