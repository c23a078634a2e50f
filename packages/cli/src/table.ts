/**
 * The plan as a person reads it: a header line, one row per trainee in aligned columns, the
 * roles left empty and why, and for an infeasible cohort the diagnosis. The JSON plan is the
 * exact record; this is a view of it (costs rounded to 2 decimals, dates as written). Each
 * diagnosis item is shown by its message, which already says what change would help; the
 * structured `change` is for programs and stays in the JSON.
 */
import { assignmentCost } from "@rotamatch/core/format";
import type { Assignment, Cohort, CostBreakdown, DiagnosisItem, Plan } from "@rotamatch/core/format";

const NONE = "—";

/** Renders the whole report, ending with a newline. */
export function renderPlanTable(plan: Plan, cohort: Cohort): string {
  const labels = labelTrainees(cohort);
  const labelOf = (traineeId: string): string => labels.get(traineeId) ?? traineeId;
  const sections: string[] = [renderHeader(plan, cohort)];

  if (plan.status === "optimal" || plan.status === "feasible") {
    sections.push(
      plan.assignments.length === 0 ? "The cohort has no trainees." : renderAssignments(plan.assignments, cohort, labelOf),
    );
  } else if (plan.status === "timedout") {
    sections.push("No valid plan was found within the time limit. Try again with a longer --time-limit.");
  }

  if (plan.balance !== undefined && plan.balance.length > 0) sections.push(renderBalance(plan.balance, cohort));

  if (plan.unassigned.length > 0) {
    const lines = plan.unassigned.map((u) => {
      const role = u.period === undefined ? u.role : `${u.role} in ${u.period}`;
      return `  ${labelOf(u.trainee)}, ${role}: ${u.reason}`;
    });
    sections.push([`Roles left unassigned (${plan.unassigned.length}):`, ...lines].join("\n"));
  }

  if (plan.status === "infeasible") {
    sections.push(
      plan.diagnosis.length === 0
        ? "No plan satisfies every rule, and no single reason could be isolated."
        : ["Why no plan is possible:", ...plan.diagnosis.map((item, i) => renderDiagnosisItem(item, i + 1))].join("\n"),
    );
  }
  return `${sections.join("\n\n")}\n`;
}

/** `Romerike 2013 — optimal — objective 412.70, bound 412.70 (gap 0%)`. */
export function renderHeader(plan: Plan, cohort: Cohort): string {
  const parts = [cohort.programme.name, plan.status];
  if (plan.objective !== null) {
    parts.push(`objective ${formatAmount(plan.objective)}, ${describeBound(plan.objective, plan.bound)}`);
  } else if (plan.status === "infeasible") {
    parts.push("no plan satisfies every rule");
  } else if (plan.status === "timedout") {
    parts.push("no plan yet");
  }
  if (plan.unassigned.length > 0) {
    parts.push(plan.unassigned.length === 1 ? "1 role unassigned" : `${plan.unassigned.length} roles unassigned`);
  }
  return parts.join(" — ");
}

function describeBound(objective: number, bound: number | null): string {
  if (bound === null) return "bound unknown";
  const gap = Math.max(0, objective - bound);
  if (gap <= 1e-9 * Math.max(1, Math.abs(objective))) return `bound ${formatAmount(bound)} (gap 0%)`;
  const relative = objective === 0 ? "" : `, ${formatPercent(gap / Math.abs(objective))}`;
  return `bound ${formatAmount(bound)} (gap ${formatAmount(gap)}${relative})`;
}

function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  return `${percent < 0.01 ? "<0.01" : percent.toFixed(2)}%`;
}

/** Rounds to 2 decimals for reading; never prints "-0.00". */
export function formatAmount(value: number): string {
  const text = value.toFixed(2);
  return text === "-0.00" ? "0.00" : text;
}

/**
 * A trainee's share of the objective, summed in the fixed order of COST_TERMS: the core's
 * assignmentCost, the same total the page and the sheets show.
 */
export function sumCost(cost: CostBreakdown): number {
  return assignmentCost(cost);
}

function renderAssignments(
  assignments: readonly Assignment[],
  cohort: Cohort,
  labelOf: (id: string) => string,
): string {
  const awayPeriods = new Set(cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id));
  const header = ["Trainee", "Host", "Away", "Supervisor", "Mentor", "Cost"];
  const rows = assignments.map((a) => {
    const away = a.placements
      .filter((p) => awayPeriods.has(p.period))
      .map((p) => `${p.member} (${p.from} – ${p.to})`)
      .join(", ");
    return [
      labelOf(a.trainee),
      a.host ?? NONE,
      away === "" ? NONE : away,
      a.supervisor ?? NONE,
      a.mentor ?? NONE,
      formatAmount(sumCost(a.cost)),
    ];
  });
  return renderColumns(header, rows, new Set([header.length - 1]));
}

/**
 * Each member's balance (the plan's `balance`, present when the cohort has a history or a
 * fairness weight): trainees hosted, away placements sent and received by this plan, received −
 * sent over the history before it, this plan's change, and after.
 */
function renderBalance(balance: NonNullable<Plan["balance"]>, cohort: Cohort): string {
  const names = new Map(cohort.members.map((m) => [m.id, m.name !== undefined && m.name.trim() !== "" ? m.name : m.id]));
  const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
  const header = ["Member", "Hosted", "Sent", "Received", "Before", "Change", "After"];
  const rows = balance.map((b) => [
    names.get(b.member) ?? b.member,
    String(b.hosted),
    String(b.sent),
    String(b.received),
    signed(b.balanceBefore),
    signed(b.balanceAfter - b.balanceBefore),
    signed(b.balanceAfter),
  ]);
  const title = "Balance by member: away placements received − sent, over the history (before) and with this plan (after):";
  return `${title}\n${renderColumns(header, rows, new Set([1, 2, 3, 4, 5, 6]))}`;
}

/** Aligned columns two spaces apart; columns in `rightAligned` are padded on the left. */
export function renderColumns(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: ReadonlySet<number>,
): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => displayWidth(row[column] ?? ""))));
  const lines = all.map((row) =>
    row
      .map((cell, column) => {
        const pad = " ".repeat((widths[column] ?? 0) - displayWidth(cell));
        return rightAligned.has(column) ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd(),
  );
  return lines.join("\n");
}

/** Characters as a terminal counts them for the names met here (letters with accents count once). */
export function displayWidth(text: string): number {
  return Array.from(text.normalize("NFC")).length;
}

/**
 * How each trainee is shown: the name when the cohort gives one, else the id. A name that two
 * trainees share gets the id after it, so that no row is ambiguous.
 */
function labelTrainees(cohort: Cohort): Map<string, string> {
  const nameCount = new Map<string, number>();
  for (const t of cohort.trainees) {
    if (t.name !== undefined && t.name.trim() !== "") nameCount.set(t.name, (nameCount.get(t.name) ?? 0) + 1);
  }
  const labels = new Map<string, string>();
  for (const t of cohort.trainees) {
    const name = t.name?.trim() ? t.name : undefined;
    if (name === undefined) labels.set(t.id, t.id);
    else labels.set(t.id, (nameCount.get(name) ?? 0) > 1 ? `${name} (${t.id})` : name);
  }
  return labels;
}

function renderDiagnosisItem(item: DiagnosisItem, position: number): string {
  return `  ${position}. ${item.message}`;
}
