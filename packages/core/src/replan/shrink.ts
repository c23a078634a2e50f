/**
 * A cohort with some trainees' choices kept and taken out of the problem: the rest of the
 * cohort, with the places the kept trainees use taken off the capacities. The network re-plan
 * (network.ts) and the network what-if (what-if-network.ts) both solve what is left, so that a
 * big cohort's unchanged trainees do not weigh on the flows.
 */
import type { TraineeChoice } from "../domain/cost.js";
import type { Cohort, HistoryAssignment, HistoryEntry, Pin } from "../domain/schema.js";

export interface ShrinkOptions {
  /** Pins added to what is left (for trainees kept in the problem but fixed). */
  readonly pins?: readonly Pin[];
  /**
   * How a member's one away capacity (for every away period) is lowered: by the first away
   * period's use (the default: right when the kept trainees use it evenly, as the callers
   * make sure), or by the most of any period (`byMost`: safe when they do not).
   */
  readonly away?: "first" | "byMost";
}

/** The cohort without the kept trainees (their pins and forbids), its capacities what they leave. */
export function shrinkCohort(cohort: Cohort, kept: ReadonlyMap<number, TraineeChoice>, options: ShrinkOptions = {}): Cohort {
  const hosted = new Map<string, number>();
  const taken = new Map<string, number>();
  const count = (map: Map<string, number>, key: string | null) => {
    if (key !== null) map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const choice of kept.values()) {
    count(hosted, choice.host);
    count(taken, choice.supervisor);
    count(taken, choice.mentor);
  }
  const use = awayUse(kept.values());
  const awayUsed = (member: string): number => (options.away === "byMost" ? Math.max(0, ...(use.get(member) ?? [])) : (use.get(member)?.[0] ?? 0));
  const out = new Set([...kept.keys()].map((t) => cohort.trainees[t]?.id));
  const history = cohort.weights.reciprocity === 0 || kept.size === 0 ? cohort.history : [...(cohort.history ?? []), ...keptSends(cohort, kept.values())];
  return {
    ...cohort,
    ...(history === undefined ? {} : { history }),
    trainees: cohort.trainees.filter((t) => !out.has(t.id)),
    pins: [...cohort.pins.filter((p) => !out.has(p.trainee)), ...(options.pins ?? [])],
    forbid: cohort.forbid.filter((f) => !out.has(f.trainee)),
    members: cohort.members.map((m) => ({
      ...m,
      hostCapacity: m.hostCapacity - (hosted.get(m.id) ?? 0),
      awayCapacity: m.awayCapacity - awayUsed(m.id),
    })),
    people: cohort.people.map((person) => ({ ...person, capacity: person.capacity - (taken.get(person.id) ?? 0) })),
  };
}

/** Per member, how many of the choices visit it in each away period. */
export function awayUse(choices: Iterable<TraineeChoice>): Map<string, number[]> {
  const use = new Map<string, number[]>();
  for (const choice of choices) {
    choice.away.forEach((m, p) => {
      if (m === null) return;
      let row = use.get(m);
      if (row === undefined) use.set(m, (row = new Array<number>(choice.away.length).fill(0)));
      row[p] = (row[p] ?? 0) + 1;
    });
  }
  return use;
}

/**
 * The kept trainees' part of every member's balance (reciprocity weighs received − sent over the
 * history and the plan): two history entries that count their away placements as received and
 * as sent without making any exchange or mentor–host pair, so that repeatExchange and
 * repeatMentorHost stay as they were. Received: the hosts are an id the cohort does not know
 * (which counts for nothing); sent: the away members are. Only the solve of what is left reads
 * them; plans are reported on the whole cohort.
 */
function keptSends(cohort: Cohort, kept: Iterable<TraineeChoice>): HistoryEntry[] {
  const ids = new Set(cohort.members.map((m) => m.id));
  let nobody = "kept-elsewhere";
  while (ids.has(nobody)) nobody += "-";
  const received: HistoryAssignment[] = [];
  const sent: HistoryAssignment[] = [];
  for (const choice of kept) {
    if (choice.host === null) continue;
    choice.away.forEach((member, p) => {
      if (member === null) return;
      const period = `away-${p + 1}`;
      received.push({ trainee: `kept-${received.length + 1}`, host: nobody, supervisor: null, mentor: null, placements: [{ period, member }] });
      sent.push({ trainee: `kept-${sent.length + 1}`, host: choice.host, supervisor: null, mentor: null, placements: [{ period, member: nobody }] });
    });
  }
  return [
    { name: "kept trainees (received)", assignments: received },
    { name: "kept trainees (sent)", assignments: sent },
  ];
}
