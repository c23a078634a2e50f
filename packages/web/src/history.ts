/**
 * Earlier cohorts as the cohort's `history` (issue 13), pure: the name a file suggests, an
 * earlier plan read into a history entry (`{ name, assignments }` in the contract's shape), a
 * line about each entry, the fairness weights, and the plan's warnings about ids in the history
 * that this cohort does not know, worded by their code in the page's language with the ids kept.
 */
import { MESSAGES, formatList, type Lang } from "./i18n.js";
import type { CohortInput, HistoryAssignment, HistoryEntry, PlanWarning } from "./types.js";
import { valueAt } from "./words.js";

/** The weights of the fairness terms, each 0 unless the working group sets it. */
export const FAIRNESS_WEIGHTS = ["repeatExchange", "repeatMentorHost", "reciprocity"] as const;
export type FairnessWeight = (typeof FAIRNESS_WEIGHTS)[number];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** "romerike-2011.json" -> "Romerike 2011"; "plan_Fet 2009.xlsx" -> "Plan Fet 2009". */
export function nameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
  const words = base.replace(/[-_]+/g, " ").replace(/\s+/g, " ").trim();
  return words.replace(/^./, (c) => c.toUpperCase());
}

/** A role's id as the plan file has it: a string, or null for an empty role (or one left out). */
const role = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * An earlier plan, read from a plan file (`rotamatch.plan/v1`, as `rotamatch solve` or the
 * service writes it, or the plan workbook's import) or a history entry file (`{ name,
 * assignments }`): its assignments in the history's shape (trainee, host, supervisor, mentor
 * and placements with period, member and their dates; the cost and every other field left
 * out, as the contract lets a plan file be used). null when it has no list of assignments
 * each with a trainee and its placements. The name is the file's own, when it has one.
 */
export function readEarlierPlan(value: unknown): { readonly name: string | null; readonly assignments: HistoryAssignment[] } | null {
  if (!isRecord(value) || !Array.isArray(value.assignments)) return null;
  const assignments: HistoryAssignment[] = [];
  for (const a of value.assignments) {
    if (!isRecord(a) || typeof a.trainee !== "string" || !Array.isArray(a.placements) || !a.placements.every(isRecord)) return null;
    const placements = (a.placements as Record<string, unknown>[]).map((p) => ({
      period: String(p.period ?? ""),
      member: String(p.member ?? ""),
      ...(typeof p.from === "string" ? { from: p.from } : {}),
      ...(typeof p.to === "string" ? { to: p.to } : {}),
    }));
    assignments.push({ trainee: a.trainee, host: role(a.host), supervisor: role(a.supervisor), mentor: role(a.mentor), placements });
  }
  const name = typeof value.name === "string" && value.name.trim() !== "" ? value.name.trim() : null;
  return { name, assignments };
}

/** What an entry holds: its trainees and its away placements (at a member other than the trainee's host). */
export function entryCounts(entry: HistoryEntry): { readonly trainees: number; readonly away: number } {
  const away = entry.assignments.reduce((sum, a) => sum + (a.host === null ? 0 : a.placements.filter((p) => p.member !== a.host).length), 0);
  return { trainees: entry.assignments.length, away };
}

/** The history entries an id appears in (as a member or a person, by `kind`), and how many times. */
function appearances(cohort: CohortInput | null, id: string, kind: "member" | "person"): { count: number; entries: string[] } {
  let count = 0;
  const entries: string[] = [];
  for (const entry of cohort?.history ?? []) {
    let here = 0;
    for (const a of entry.assignments) {
      const ids = kind === "member" ? [a.host, ...a.placements.map((p) => p.member)] : [a.supervisor, a.mentor];
      here += ids.filter((x) => x === id).length;
    }
    if (here > 0 && !entries.includes(entry.name)) entries.push(entry.name);
    count += here;
  }
  return { count, entries };
}

/** The ids a `history_unknown_ids` warning lists ("…names 7 more ids this cohort does not know ("a", "b", ...)…"), and how many there are. */
function listedIds(message: string): { count: number | null; ids: string[] } {
  const count = /(\d+) more/.exec(message)?.[1];
  const ids = [...message.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? "");
  return { count: count === undefined ? null : Number(count), ids };
}

/**
 * A plan's warning in the page's language: the history's unknown ids by their code, with the
 * ids as the service names them and the earlier cohorts they appear in (from the cohort's own
 * history); a code the page does not know keeps the service's English. `english` is the
 * service's sentence, kept beside a translation.
 */
export function describeWarning(warning: PlanWarning, cohort: CohortInput | null, lang: Lang): { readonly text: string; readonly english: string | null } {
  const h = MESSAGES[lang].history;
  const english = lang === "en" ? null : warning.message;
  if (warning.code === "history_unknown_member" || warning.code === "history_unknown_person") {
    const kind = warning.code === "history_unknown_member" ? "member" : "person";
    const atPath = valueAt(cohort, warning.path);
    const id = typeof atPath === "string" ? atPath : (/"([^"]*)"/.exec(warning.message)?.[1] ?? null);
    if (id === null) return { text: warning.message, english: null };
    const seen = appearances(cohort, id, kind);
    return { text: h.unknownId(kind, id, Math.max(1, seen.count), formatList(seen.entries.map((e) => `«${e}»`), lang)), english };
  }
  if (warning.code === "history_unknown_ids") {
    const { count, ids } = listedIds(warning.message);
    if (count === null) return { text: warning.message, english: null };
    return { text: h.unknownIds(count, ids.map((id) => `«${id}»`).join(", "), ids.length < count), english };
  }
  return { text: warning.message, english: null };
}
