/**
 * An earlier cohort's plan as an entry of a cohort's `history` (`{ name, assignments }`): from a
 * plan workbook (readPlanWorkbook's, .xlsx or .ods) or from a plan's JSON, for the command line's
 * `--history` and the page's upload. The entry keeps each assignment's trainee, host, supervisor,
 * mentor and placements (with their dates); costs are left out (the history ignores them).
 * Whether its ids are this cohort's is for the cohort's checks and the plan's warnings.
 */
import type { HistoryEntry } from "@rotamatch/core/format";
import { sheetIssue } from "./read/cohort-from-tables.js";
import { readPlanWorkbook } from "./read/plan-workbook.js";
import type { SheetIssue, SheetLimits } from "./types.js";

/** What turning a plan into a history entry gives: the entry, or why there is none. */
export type HistoryEntryRead =
  | { readonly ok: true; readonly entry: HistoryEntry; readonly issues: readonly []; readonly warnings: readonly SheetIssue[] }
  | { readonly ok: false; readonly entry: null; readonly issues: readonly SheetIssue[]; readonly warnings: readonly SheetIssue[] };

/** How a plan becomes a history entry. */
export interface HistoryEntryOptions {
  /**
   * The earlier cohort's name ("Romerike 2011"). Without it: a plan JSON's own `name` (a history
   * entry, or a plan file with a `name` added), a plan workbook's programme name.
   */
  readonly name?: string;
}

/**
 * A plan's JSON (parsed) as a history entry: its `assignments`, named by `options.name` or by
 * the plan's own `name`. Refused with `invalid_value` when it has no `assignments` list, and with
 * `missing_history_name` when neither names the cohort. The assignments are otherwise taken as
 * they are; the cohort's checks report what is wrong in them (`history[1].assignments[4]...`).
 */
export function historyEntryOfPlan(plan: unknown, options: HistoryEntryOptions = {}): HistoryEntryRead {
  if (typeof plan !== "object" || plan === null || Array.isArray(plan) || !Array.isArray((plan as { assignments?: unknown }).assignments)) {
    return refuse(sheetIssue("invalid_value", "", null, null, "this is not a plan: it has no list of assignments", "assignments"));
  }
  const own = (plan as { name?: unknown }).name;
  const name = given(options.name) ?? given(own);
  if (name === undefined) {
    return refuse(
      sheetIssue(
        "missing_history_name",
        "",
        null,
        null,
        "the plan names no cohort: give the earlier cohort's name (for example \"Romerike 2011\"), or add a \"name\" to the plan file",
        "name",
      ),
    );
  }
  const assignments = ((plan as { assignments: unknown[] }).assignments).map((a) => withoutCost(a));
  return { ok: true, entry: { name, assignments } as HistoryEntry, issues: [], warnings: [] };
}

/**
 * A plan workbook (bytes) as a history entry: the plan readPlanWorkbook reads from it (checked
 * against the workbook's own cohort, its problems refused as readPlanWorkbook refuses them, its
 * warnings passed on), named by `options.name` or else by the workbook's programme name.
 */
export async function readHistoryEntryWorkbook(data: Uint8Array, options: HistoryEntryOptions & { readonly limits?: Partial<SheetLimits> } = {}): Promise<HistoryEntryRead> {
  const read = await readPlanWorkbook(data, options.limits);
  if (!read.ok) return { ok: false, entry: null, issues: read.issues, warnings: read.warnings };
  const entry = historyEntryOfPlan(read.plan, { name: given(options.name) ?? read.cohort.programme.name });
  return entry.ok ? { ...entry, warnings: read.warnings } : { ...entry, warnings: read.warnings };
}

function given(name: unknown): string | undefined {
  return typeof name === "string" && name.trim() !== "" ? name : undefined;
}

/** An assignment without its `cost` (an earlier cohort's costs count for nothing here). */
function withoutCost(assignment: unknown): unknown {
  if (typeof assignment !== "object" || assignment === null || Array.isArray(assignment)) return assignment;
  const { cost: _cost, ...rest } = assignment as Record<string, unknown>;
  return rest;
}

function refuse(issue: SheetIssue): HistoryEntryRead {
  return { ok: false, entry: null, issues: [issue], warnings: [] };
}
