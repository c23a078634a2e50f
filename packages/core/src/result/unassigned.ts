/**
 * With `allowUnassigned`, the roles a plan leaves empty and why, in the cohort's terms.
 *
 * Every reason is read off the plan it describes, never guessed: for each empty role, the
 * places the cohort allows the trainee on their own (specialization, forbids, pins, zero
 * capacities) are looked up in the plan one by one, and the reason names what rules each out
 * there: the host's organisation, another away period of the same trainee, the organisation of
 * the trainee's mentor or away member (rules.mentorOutside "host-and-away"), or a full place
 * whose trainees cannot move to another place with room. The plan comes from
 * fillFreePlaces (fill-free-places.ts), which fills any role a free place would fill, so a
 * place with room that nothing else rules out does not occur; should one ever be found, the
 * reason says so plainly rather than call the place full.
 *
 * Cost: every candidate of every empty role is classified, always, so every reason names its
 * cause, on a national network too. This stays linear-ish: the places left come from counts
 * built once from the plan (PlacesInUse), a full mentor class is judged without a look at its
 * people (its people are interchangeable), and only the names a reason prints are looked up.
 * Only the enrichment "none of their trainees could move" is budgeted (PlacesInUse.moveBudget):
 * past it, a reason says that the places are full and nothing about moves.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { TraineeChoice } from "../domain/cost.js";
import type { Unassigned } from "../domain/schema.js";
import type { Candidates } from "../model/candidates.js";
import { listWords } from "../util/words.js";
import { PlacesInUse, someHolderCanMove, type Role } from "./fill-free-places.js";

export function listUnassigned(index: CohortIndex, candidates: Candidates, choices: readonly TraineeChoice[]): Unassigned[] {
  const out: Unassigned[] = [];
  const state = new PlacesInUse(index, candidates, choices);
  const required = index.cohort.rules.specializationFit === "required";
  const memberName = index.memberName;
  const personName = (id: string): string => {
    const p = index.personById.get(id);
    return p?.name ?? id;
  };

  candidates.trainees.forEach((tc, t) => {
    const choice = choices[t] as TraineeChoice;
    const trainee = tc.trainee.id;
    const spec = tc.trainee.specialization;
    const fit = required ? ` that offers ${spec}` : "";
    if (choice.host === null) {
      const hosts = state.hostCandidates(t);
      const reason =
        hosts.length === 0
          ? `no member${fit} has a host place left that the cohort allows for this trainee`
          : describeFull(
              `every member${fit} that could host this trainee`,
              named(hosts.filter((m) => !state.hostRoom(m)), memberName),
              named(hosts.filter((m) => state.hostRoom(m)), memberName),
              "full",
              null,
            );
      out.push({ trainee, role: "host", reason });
      const noHost = "the trainee has no host, and a trainee without a host gets no other role";
      for (const period of index.awayPeriods) out.push({ trainee, role: "away", period: period.id, reason: noHost });
      out.push({ trainee, role: "supervisor", reason: noHost });
      out.push({ trainee, role: "mentor", reason: noHost });
      return;
    }
    const host = choice.host;
    const hostOrg = index.organisationOf(host);
    index.awayPeriods.forEach((period, p) => {
      if (choice.away[p] !== null) return;
      const role: Role = { kind: "away", period: p };
      const group = `member outside ${memberName(host)}'s organisation${fit}`;
      // What awayConflict would say, read once for the trainee: its other away members, and the
      // mentor's organisation under "host-and-away". The host's organisation is left out first.
      const otherAways = choice.away.filter((m, q): m is string => q !== p && m !== null);
      const mentorOrganisation = state.hostAndAway && choice.mentor !== null ? state.organisationOfPerson(choice.mentor) : null;
      let outside = 0;
      const used: string[] = [];
      const mentorOrg: string[] = [];
      const full: string[] = [];
      const free: string[] = [];
      for (const m of state.awayCandidates(t, p)) {
        const slot = state.awaySlot(m);
        const org = slot?.organisation ?? index.organisationOf(m);
        if (org === hostOrg) continue;
        outside += 1;
        if (otherAways.includes(m)) used.push(m);
        else if (org === mentorOrganisation) mentorOrg.push(m);
        else if ((slot?.left[p] ?? 0) <= 0) full.push(m);
        else free.push(m);
      }
      if (outside === 0) {
        out.push({ trainee, role: "away", period: period.id, reason: `no ${group} takes visitors in ${period.id}` });
        return;
      }
      const parts: string[] = [];
      if (full.length > 0) parts.push(fullPart(named(full, memberName), `full in ${period.id}`, movable(state, t, role, full)));
      if (used.length > 0) parts.push(`${listWords(used.map(memberName))} ${isAre(used)} already this trainee's away member in another period`);
      if (mentorOrg.length > 0 && choice.mentor !== null) {
        parts.push(
          `${names(named(mentorOrg, memberName))} ${isAre(mentorOrg)} in the organisation of the trainee's mentor ${personName(choice.mentor)} ` +
            `(rules.mentorOutside is "host-and-away")`,
        );
      }
      if (free.length > 0) parts.push(`${names(named(free, memberName))} ${hasHave(free)} room that this plan leaves unused`);
      out.push({ trainee, role: "away", period: period.id, reason: `every ${group} is unavailable in ${period.id}: ${parts.join("; ")}` });
    });
    if (choice.supervisor === null) {
      const who = required ? `supervisor at ${memberName(host)} who lists ${spec}` : `supervisor at ${memberName(host)}`;
      const people = state.supervisorCandidates(t);
      const full = people.filter((x) => !state.personRoom(x.id));
      const reason =
        people.length === 0
          ? `there is no ${who} available to this trainee`
          : describeFull(
              `every ${who}`,
              named(full, (x) => x.name ?? x.id),
              named(people.filter((x) => state.personRoom(x.id)), (x) => x.name ?? x.id),
              "at capacity",
              movable(state, t, { kind: "supervisor" }, full.map((x) => x.id)),
            );
      out.push({ trainee, role: "supervisor", reason });
    }
    if (choice.mentor === null) {
      // By class: its people share an organisation, and a class with no places left has every
      // one of them at capacity, so a national network's thousands of mentors cost a look per class.
      let outside = 0;
      const byAway = new Map<string, string[]>();
      const full: string[] = [];
      const free: string[] = [];
      const awayOrganisations = state.hostAndAway ? choice.away.filter((m): m is string => m !== null) : [];
      for (const cls of state.mentorClasses(t)) {
        if (cls.organisation === hostOrg) continue;
        const people = cls.people.filter((x) => x.capacity > 0).map((x) => x.id);
        if (people.length === 0) continue;
        outside += people.length;
        const away = awayOrganisations.find((m) => index.organisationOf(m) === cls.organisation);
        if (away !== undefined) {
          const list = byAway.get(away) ?? [];
          list.push(...people);
          byAway.set(away, list);
        } else if (!state.classRoom(cls)) full.push(...people);
        else for (const x of people) (state.personRoom(x) ? free : full).push(x);
      }
      if (outside === 0) {
        out.push({ trainee, role: "mentor", reason: `there is no mentor outside ${memberName(host)}'s organisation available to this trainee` });
      } else {
        const parts: string[] = [];
        if (full.length > 0) parts.push(fullPart(named(full, personName), "at capacity", movable(state, t, { kind: "mentor" }, full)));
        for (const [member, people] of byAway) {
          parts.push(
            `${names(named(people, personName))} ${worksWork(people)} in the organisation of the trainee's away member ${memberName(member)} ` +
              `(rules.mentorOutside is "host-and-away")`,
          );
        }
        if (free.length > 0) parts.push(`${names(named(free, personName))} ${hasHave(free)} room that this plan leaves unused`);
        out.push({
          trainee,
          role: "mentor",
          reason: `every mentor outside ${memberName(host)}'s organisation is unavailable to this trainee: ${parts.join("; ")}`,
        });
      }
    }
  });
  return out;
}

/**
 * Values to list in a reason, with how to name them: only the names listWords prints (the
 * first few) are looked up, as a reason on a national network may concern thousands.
 */
interface Named {
  readonly count: number;
  /** The names of the first LISTED values (all of them when there are no more). */
  readonly first: readonly string[];
}

/** listWords's default: past this many words, the first LISTED - 1 and how many more. */
const LISTED = 6;

function named<T>(values: readonly T[], nameOf: (value: T) => string): Named {
  return { count: values.length, first: values.slice(0, LISTED).map(nameOf) };
}

/** listWords(all the names), from the first few only. */
function names(list: Named): string {
  if (list.count <= LISTED) return listWords(list.first);
  return `${list.first.slice(0, LISTED - 1).join(", ")} and ${list.count - (LISTED - 1)} more`;
}

/** Whether one of the full places' trainees could move to another place with room; null when not known (see PlacesInUse.moveBudget). */
function movable(state: PlacesInUse, t: number, role: Role, values: readonly string[]): boolean | null {
  if (!state.anyRoom(role)) return false; // no place of the kind has room: no one can move
  if (state.moveBudget <= 0) return null;
  let known = true;
  for (const v of values) {
    const can = someHolderCanMove(state, t, role, v);
    if (can === true) return true;
    if (can === null) known = false;
  }
  return known ? false : null;
}

/**
 * "A and B are full in P", with what the plan shows of their trainees: `canMove` null when
 * not examined (hosts: moving another trainee's host is no simple step).
 */
function fullPart(list: Named, what: string, canMove: boolean | null): string {
  const head = `${names(list)} ${list.count === 1 ? "is" : "are"} ${what}`;
  if (canMove === null) return head;
  return canMove
    ? `${head} (one of their trainees could move to another place with room, which this plan does not do)`
    : `${head}, taken by other trainees none of whom could move to a place with room instead`;
}

/** "every X is full (A, B)" when all are full; otherwise what is full and what is not. */
function describeFull(lead: string, full: Named, free: Named, what: string, canMove: boolean | null): string {
  if (free.count === 0) return fullPart({ count: 1, first: [lead] }, `${what} (${names(full)})`, canMove);
  const parts = [...(full.count > 0 ? [fullPart(full, what, canMove)] : []), `${names(free)} ${free.count === 1 ? "has" : "have"} room that this plan leaves unused`];
  return `${lead}: ${parts.join("; ")}`;
}

function isAre(names: readonly unknown[]): string {
  return names.length === 1 ? "is" : "are";
}

function hasHave(names: readonly unknown[]): string {
  return names.length === 1 ? "has" : "have";
}

function worksWork(names: readonly unknown[]): string {
  return names.length === 1 ? "works" : "work";
}
