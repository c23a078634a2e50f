/**
 * Rule family "capacity": `hostCapacity` caps the trainees a member hosts, `awayCapacity` the
 * visiting trainees in each away period, and a person's `capacity` the trainees they take
 * over the whole programme. Uses are counted while the assignments are read, then checked
 * over the whole plan. Code: `capacity_exceeded`.
 */
import { listAt } from "../../util/multimap.js";
import { SEP, plural, quote, type PlanCheck, type TraineeCheck } from "./context.js";

/** The trainee is hosted by `host`, a member of the cohort. */
export function countHost(c: TraineeCheck, host: string): void {
  listAt(c.run.usage.hosts, host).push({ trainee: c.trainee.id, at: c.at });
}

/** The trainee is away at `member`, a member of the cohort, in `period` (placement `k`). */
export function countAway(c: TraineeCheck, period: string, member: string, k: number): void {
  listAt(c.run.usage.away, `${period}${SEP}${member}`).push({ trainee: c.trainee.id, at: c.at });
  c.run.usage.placementOf.set(`${c.at}${SEP}${period}`, k);
}

/** The trainee has `person`, a person of the cohort, as supervisor or mentor. */
export function countPerson(c: TraineeCheck, person: string, field: "supervisor" | "mentor"): void {
  listAt(c.run.usage.people, person).push({ use: { trainee: c.trainee.id, at: c.at }, field });
}

/** Every capacity, once the whole plan is counted; each is reported at the first use beyond it. */
export function checkCapacities(run: PlanCheck): void {
  checkHostCapacities(run);
  checkAwayCapacities(run);
  checkPersonCapacities(run);
}

function checkHostCapacities({ index, usage, report }: PlanCheck): void {
  for (const [memberId, uses] of usage.hosts) {
    const capacity = index.memberById.get(memberId)?.hostCapacity ?? 0;
    const over = uses[capacity];
    if (over === undefined) continue;
    report(
      "capacity_exceeded",
      ["assignments", over.at, "host"],
      `${quote(memberId)} hosts ${plural(uses.length, "trainee")} (${uses.map((u) => u.trainee).join(", ")}), but its hostCapacity is ${capacity}.`,
    );
  }
}

function checkAwayCapacities({ index, usage, report }: PlanCheck): void {
  for (const [key, uses] of usage.away) {
    const [period = "", memberId = ""] = key.split(SEP);
    const capacity = index.memberById.get(memberId)?.awayCapacity ?? 0;
    const over = uses[capacity];
    if (over === undefined) continue;
    const k = usage.placementOf.get(`${over.at}${SEP}${period}`) ?? 0;
    report(
      "capacity_exceeded",
      ["assignments", over.at, "placements", k, "member"],
      `${quote(memberId)} takes ${plural(uses.length, "visiting trainee")} in period ${quote(period)} (${uses.map((u) => u.trainee).join(", ")}), but its awayCapacity is ${capacity}.`,
    );
  }
}

/** A person who is both supervisor and mentor of one trainee counts that trainee once. */
function checkPersonCapacities({ index, usage, report }: PlanCheck): void {
  for (const [personId, uses] of usage.people) {
    const capacity = index.personById.get(personId)?.capacity ?? 0;
    const trainees = [...new Set(uses.map((u) => u.use.trainee))];
    if (trainees.length <= capacity) continue;
    const over = uses.find((u) => trainees.indexOf(u.use.trainee) >= capacity) ?? uses[uses.length - 1];
    if (over === undefined) continue;
    report(
      "capacity_exceeded",
      ["assignments", over.use.at, over.field],
      `${quote(personId)} follows ${plural(trainees.length, "trainee")} (${trainees.join(", ")}), but their capacity is ${capacity}.`,
    );
  }
}
