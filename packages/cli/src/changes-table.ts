/**
 * Changes of a re-plan or a what-if as a person reads them, one line each: "Nora Amundsen:
 * mentor oras-mentor-1 (left the programme) → Kari Dahl, Aurskog-Høland kommune". The plan and
 * its changes hold only ids; the cohort as it is now gives the names. A member or person no
 * longer in the cohort has no name any more, so it is shown by its id, which is also how the
 * published plan named it.
 */
import type { Change, ReplanChange } from "@rotamatch/core";
import type { Cohort } from "@rotamatch/core/format";

/** What the changes are compared against, for the words of a `forced` change. */
export interface ChangeNames {
  trainee(id: string): string;
  /** A member or person by name ("Per Berg, Nittedal kommune" for a person), or its id when the cohort no longer has it. */
  value(role: Change["role"], id: string): string;
  /** Whether the cohort still has this member or person. */
  has(role: Change["role"], id: string): boolean;
}

/** Names from the cohort: a blank name falls back to the id; a person is shown with their member. */
export function changeNames(cohort: Cohort): ChangeNames {
  const named = (name: string | undefined, id: string): string => (name !== undefined && name.trim() !== "" ? name : id);
  const trainees = new Map(cohort.trainees.map((t) => [t.id, named(t.name, t.id)]));
  const members = new Map(cohort.members.map((m) => [m.id, named(m.name, m.id)]));
  const people = new Map(cohort.people.map((p) => [p.id, `${named(p.name, p.id)}, ${members.get(p.member) ?? p.member}`]));
  const table = (role: Change["role"]): ReadonlyMap<string, string> => (role === "host" || role === "away" ? members : people);
  return {
    trainee: (id) => trainees.get(id) ?? id,
    value: (role, id) => table(role).get(id) ?? id,
    has: (role, id) => table(role).has(id),
  };
}

/** "mentor", "host", "away in part-2". */
function roleWords(change: Change): string {
  return change.role === "away" && change.period !== undefined ? `away in ${change.period}` : change.role;
}

/**
 * One change in words. The reason is said where it applies: a `forced` change says why the old
 * value went (gone from the cohort, or no longer allowed there), a `left` or `joined` one says
 * it of the trainee, a `knock-on` says the role moved to make room.
 */
export function describeChange(change: Change | ReplanChange, names: ChangeNames): string {
  const value = (id: string | null): string => (id === null ? "nobody" : names.value(change.role, id));
  let from = value(change.from);
  let trainee = names.trainee(change.trainee);
  let after = "";
  if ("reason" in change) {
    switch (change.reason) {
      case "left":
        trainee = `${trainee} (left the programme)`;
        break;
      case "joined":
        trainee = `${trainee} (joined the programme)`;
        break;
      case "forced":
        if (change.from !== null) from += names.has(change.role, change.from) ? " (no longer allowed)" : " (left the programme)";
        else after = " (the role had to be filled)";
        break;
      case "knock-on":
        after = " (moved to make room)";
        break;
    }
  }
  return `${trainee}: ${roleWords(change)} ${from} → ${value(change.to)}${after}`;
}

/** A titled list of changes ("Changes (2):" and one indented line each), or the line saying there are none. */
export function renderChanges(changes: readonly (Change | ReplanChange)[], names: ChangeNames, none: string): string {
  if (changes.length === 0) return none;
  return [`Changes (${changes.length}):`, ...changes.map((c) => `  ${describeChange(c, names)}`)].join("\n");
}
