/**
 * A check the core leaves to the solver, made at import because in a spreadsheet it is almost
 * always a typo or a word in the wrong language: a trainee's specialization that no member
 * offers ('vann' where the members write 'water'). Under specializationFit "required" such a
 * trainee can have no away placement, so the cohort could never be planned.
 */
import { TRAINEES_SHEET } from "../layout.js";
import { suggest } from "../suggest.js";
import type { SheetIssue } from "../types.js";
import { sheetIssue, type SourceMap } from "./cohort-from-tables.js";

export function checkSpecializations(cohort: Record<string, unknown>, source: SourceMap): SheetIssue[] {
  const rules = cohort.rules as Record<string, unknown> | undefined;
  if (rules?.specializationFit === "preferred") return [];
  const members = Array.isArray(cohort.members) ? (cohort.members as Record<string, unknown>[]) : [];
  const offered = new Set<string>();
  for (const member of members) {
    if (!Array.isArray(member.specializations)) continue;
    for (const s of member.specializations) if (typeof s === "string") offered.add(s.trim());
  }
  const trainees = source.lists.get(TRAINEES_SHEET.list);
  if (trainees === undefined || offered.size === 0) return [];
  const column = trainees.headers.get("specialization") ?? "Specialization";
  const issues: SheetIssue[] = [];
  (cohort.trainees as Record<string, unknown>[]).forEach((trainee, i) => {
    const value = trainee.specialization;
    if (typeof value !== "string" || value.trim() === "" || offered.has(value.trim())) return;
    const guess = suggest(value.trim(), [...offered]);
    const hint = guess === undefined ? "" : ` (did you mean '${guess}'?)`;
    issues.push(
      sheetIssue(
        "unknown_specialization",
        TRAINEES_SHEET.name,
        trainees.rows[i] ?? null,
        column,
        `'${value.trim()}' is not a specialization any member offers${hint}`,
        `trainees[${i}].specialization`,
      ),
    );
  });
  return issues;
}
