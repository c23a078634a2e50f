/**
 * The cohort's history (the contract's "History" and "Fairness terms"): earlier cohorts' plans,
 * read once per index into the counts the fairness terms weigh.
 *
 * - An away placement is a placement at a member other than the assignment's host (period ids
 *   of earlier cohorts need not match this cohort's).
 * - An id this cohort does not know counts for nothing, the rest of its assignment still counts,
 *   and the answer carries a warning naming it (historyWarnings).
 * - `repeatExchange` and `repeatMentorHost` count history entries (cohorts), not trainees;
 *   `reciprocity` counts away placements.
 */
import type { CohortIndex } from "./cohort-index.js";
import type { HistoryEntry, PlanWarning } from "./schema.js";

export interface HistoryFacts {
  /** Whether the cohort has any history entry. */
  readonly present: boolean;
  /** Entries in which a trainee hosted by `host` spent an away period at `away` (known members). */
  exchanges(host: string, away: string): number;
  /** Entries in which `mentor` mentored a trainee hosted by `host` (known people and members). */
  mentorHosts(mentor: string, host: string): number;
  /** Mentors with at least one entry counted by mentorHosts: they need classes of their own. */
  readonly mentorsWithHistory: ReadonlySet<string>;
  /** Over every entry, per known member. */
  readonly hosted: ReadonlyMap<string, number>;
  readonly sent: ReadonlyMap<string, number>;
  readonly received: ReadonlyMap<string, number>;
  /** Every id the cohort does not know, once, with where it first appears. */
  readonly unknown: readonly UnknownHistoryId[];
}

export interface UnknownHistoryId {
  readonly kind: "member" | "person";
  readonly id: string;
  /** Path of its first appearance, e.g. `history[1].assignments[4].mentor`. */
  readonly path: string;
  /** How many times it appears in the history. */
  readonly count: number;
  /** The names of the entries it appears in, in order. */
  readonly entries: readonly string[];
}

/** What is read of an assignment, a history entry's or a plan's. */
export interface HistoryAssignmentLike {
  readonly host: string | null;
  readonly supervisor: string | null;
  readonly mentor: string | null;
  readonly placements: readonly { readonly member: string }[];
}

/** Whether the cohort knows an id; `path` and `entry` say where it appears (for warnings). */
export interface KnownIds {
  member(id: string, path: string, entry: string): boolean;
  person(id: string, path: string, entry: string): boolean;
}

/** An assignment as the fairness terms and the history report count it. */
export interface AssignmentFacts {
  /** The host, supervisor and mentor, each null when absent or unknown to the cohort. */
  readonly host: string | null;
  readonly supervisor: string | null;
  readonly mentor: string | null;
  /**
   * One per away placement (a placement at a member other than the assignment's host, known or
   * not; none without a host), its member, or null when the cohort does not know it. An unknown
   * away member still counts as sent by a known host.
   */
  readonly away: readonly (string | null)[];
}

/**
 * The one reading of an assignment that both domain/history.ts (the fairness terms) and
 * result/history-report.ts (`rotamatch history`) count from. Ids are checked in the order
 * host, supervisor, mentor, placements, so that a warning names an id's first appearance.
 */
export function assignmentFacts(a: HistoryAssignmentLike, path: string, entry: string, known: KnownIds): AssignmentFacts {
  const host = a.host !== null && known.member(a.host, `${path}.host`, entry) ? a.host : null;
  const supervisor = a.supervisor !== null && known.person(a.supervisor, `${path}.supervisor`, entry) ? a.supervisor : null;
  const mentor = a.mentor !== null && known.person(a.mentor, `${path}.mentor`, entry) ? a.mentor : null;
  const away: (string | null)[] = [];
  // Without a host no placement is away (the contract: such a trainee gets no other role).
  if (a.host !== null) {
    a.placements.forEach((p, k) => {
      if (p.member === a.host) return;
      away.push(known.member(p.member, `${path}.placements[${k}].member`, entry) ? p.member : null);
    });
  }
  return { host, supervisor, mentor, away };
}

const cache = new WeakMap<CohortIndex, HistoryFacts>();

export function historyFacts(index: CohortIndex): HistoryFacts {
  let facts = cache.get(index);
  if (facts === undefined) {
    facts = readHistory(index, index.cohort.history ?? []);
    cache.set(index, facts);
  }
  return facts;
}

/** "host\u0000away" keys: ids never contain U+0000 in practice, and a collision would only merge counts. */
const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;

function readHistory(index: CohortIndex, history: readonly HistoryEntry[]): HistoryFacts {
  const exchanges = new Map<string, number>();
  const mentorHosts = new Map<string, number>();
  const mentorsWithHistory = new Set<string>();
  const hosted = new Map<string, number>();
  const sent = new Map<string, number>();
  const received = new Map<string, number>();
  const unknown = new Map<string, { kind: "member" | "person"; id: string; path: string; count: number; entries: string[] }>();
  const add = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
  const knownMember = (id: string, path: string, entry: string): boolean => {
    if (index.memberById.has(id)) return true;
    noteUnknown("member", id, path, entry);
    return false;
  };
  const knownPerson = (id: string, path: string, entry: string): boolean => {
    if (index.personById.has(id)) return true;
    noteUnknown("person", id, path, entry);
    return false;
  };
  function noteUnknown(kind: "member" | "person", id: string, path: string, entry: string): void {
    const key = `${kind}:${id}`;
    const seen = unknown.get(key);
    if (seen === undefined) unknown.set(key, { kind, id, path, count: 1, entries: [entry] });
    else {
      seen.count += 1;
      if (seen.entries[seen.entries.length - 1] !== entry) seen.entries.push(entry);
    }
  }

  const known: KnownIds = {
    member: (id, path, entry) => knownMember(id, path, entry),
    person: (id, path, entry) => knownPerson(id, path, entry),
  };
  history.forEach((entry, e) => {
    const pairsSeen = new Set<string>();
    const mentorPairsSeen = new Set<string>();
    entry.assignments.forEach((a, i) => {
      const { host, mentor, away } = assignmentFacts(a, `history[${e}].assignments[${i}]`, entry.name, known);
      if (host !== null) add(hosted, host);
      if (mentor !== null && host !== null) {
        const key = pairKey(mentor, host);
        if (!mentorPairsSeen.has(key)) {
          mentorPairsSeen.add(key);
          add(mentorHosts, key);
          mentorsWithHistory.add(mentor);
        }
      }
      for (const member of away) {
        if (host !== null) add(sent, host);
        if (member === null) continue;
        add(received, member);
        if (host === null) continue;
        const key = pairKey(host, member);
        if (!pairsSeen.has(key)) {
          pairsSeen.add(key);
          add(exchanges, key);
        }
      }
    });
  });

  return {
    present: history.length > 0,
    exchanges: (host, away) => exchanges.get(pairKey(host, away)) ?? 0,
    mentorHosts: (mentor, host) => mentorHosts.get(pairKey(mentor, host)) ?? 0,
    mentorsWithHistory,
    hosted,
    sent,
    received,
    unknown: [...unknown.values()],
  };
}

/** At most this many warnings name unknown ids one by one; one more says how many others there are. */
const MAX_NAMED = 20;

/**
 * One warning per id in the history the cohort does not know (`history_unknown_member`,
 * `history_unknown_person`), at the path of its first appearance. Never an error: members leave
 * consortia and mentors retire.
 */
export function historyWarnings(index: CohortIndex): PlanWarning[] {
  const { unknown } = historyFacts(index);
  const warnings: PlanWarning[] = unknown.slice(0, MAX_NAMED).map((u) => {
    const what = u.kind === "member" ? "member" : "person";
    const where = u.entries.length === 1 ? `"${u.entries[0]}"` : `${u.entries.length} earlier cohorts (${u.entries.map((n) => `"${n}"`).join(", ")})`;
    const times = u.count === 1 ? "" : ` (${u.count} times)`;
    return {
      code: u.kind === "member" ? "history_unknown_member" : "history_unknown_person",
      path: u.path,
      message: `the history names ${what} "${u.id}"${times} in ${where}, and this cohort has no such ${what}: it counts for nothing`,
    };
  });
  if (unknown.length > MAX_NAMED) {
    const rest = unknown.slice(MAX_NAMED);
    warnings.push({
      code: "history_unknown_ids",
      path: rest[0]?.path ?? "history",
      message: `the history names ${rest.length} more ids this cohort does not know (${rest
        .slice(0, 5)
        .map((u) => `"${u.id}"`)
        .join(", ")}${rest.length > 5 ? ", ..." : ""}): they count for nothing`,
    });
  }
  return warnings;
}

/** Whether any fairness weight is not 0. */
export function fairnessWeighted(index: CohortIndex): boolean {
  const w = index.cohort.weights;
  return w.repeatExchange !== 0 || w.repeatMentorHost !== 0 || w.reciprocity !== 0;
}
