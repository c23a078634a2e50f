/**
 * One trainee's assignment, read field by field in a fixed order (host, placements in the
 * plan's order, empty periods, supervisor, mentor, cost): each value is looked up in the
 * cohort and handed to the rule families it concerns. The order fixes the order of the
 * violations, so that the same input always gives the same list.
 */
import type { PathSegment } from "../../domain/issues.js";
import type { Assignment, Placement, Trainee } from "../../domain/schema.js";
import { checkAwayMember } from "./away.js";
import { countAway, countHost, countPerson } from "./capacity.js";
import { quote, type PlanCheck, type TraineeCheck } from "./context.js";
import { checkEmptyHostPeriod, reportMissing, reportPersonWithoutHost, reportPlacementWithoutHost } from "./filling.js";
import { checkChosenHost, checkGivenHost, checkHostPeriod } from "./host.js";
import { checkMentor } from "./mentor.js";
import { checkAwayPin, checkEmptyAwayPin, checkForbiddenMember, checkForbiddenPerson, checkHostPins, checkPersonPin } from "./pins.js";
import { checkCost, checkPersonRole, checkPlacementFrame } from "./plan.js";
import { checkSupervisor } from "./supervisor.js";

/** Every rule that concerns one trainee's assignment. Returns its recomputed cost and filled roles. */
export function checkAssignment(run: PlanCheck, trainee: Trainee, assignment: Assignment, at: number): { cost: number; filled: number } {
  const c: TraineeCheck = {
    run,
    trainee,
    assignment,
    at,
    base: ["assignments", at],
    t: quote(trainee.id),
    pins: run.pins.get(trainee.id) ?? null,
    forbids: run.forbids.get(trainee.id) ?? null,
    placed: new Map(),
    awayMembers: new Map(),
    lastOrder: -1,
    filled: 0,
  };
  const hostKnown = readHost(c);
  assignment.placements.forEach((placement, k) => readPlacement(c, placement, k, hostKnown));
  readEmptyPeriods(c);
  readPerson(c, "supervisor");
  readPerson(c, "mentor");
  return { cost: checkCost(c), filled: c.filled };
}

/** The host; returns whether it is a member of the cohort. */
function readHost(c: TraineeCheck): boolean {
  const host = c.assignment.host;
  const path = [...c.base, "host"];
  let known = false;
  checkGivenHost(c);
  if (host === null) {
    reportMissing(c, path, "host", "host");
  } else if (!c.run.index.memberById.has(host)) {
    c.run.report("unknown_member", path, `The host ${quote(host)} of trainee ${c.t} is not a member of the cohort.`);
  } else {
    known = true;
    c.filled += 1;
    countHost(c, host);
    checkChosenHost(c, host);
    checkForbiddenMember(c, host, path, "makes it the host");
  }
  checkHostPins(c);
  return known;
}

/** One placement: its period, then the rules of a host period or of an away period. */
function readPlacement(c: TraineeCheck, placement: Placement, k: number, hostKnown: boolean): void {
  const path: PathSegment[] = [...c.base, "placements", k];
  const period = checkPlacementFrame(c, placement, k, path);
  if (period === undefined) return;
  const host = c.assignment.host;
  if (host === null) {
    reportPlacementWithoutHost(c, period, placement, path);
    return;
  }
  if (period.at === "host") {
    checkHostPeriod(c, period, placement, host, path);
    return;
  }
  const member = placement.member;
  checkAwayPin(c, period, member, path);
  if (!c.run.index.memberById.has(member)) {
    c.run.report(
      "unknown_member",
      [...path, "member"],
      `${quote(member)}, where trainee ${c.t} is away in period ${quote(period.id)}, is not a member of the cohort.`,
    );
    return;
  }
  c.filled += 1;
  countAway(c, period.id, member, k);
  checkAwayMember(c, period, member, k, hostKnown ? host : null, path);
  checkForbiddenMember(c, member, [...path, "member"], `places it there in period ${quote(period.id)}`);
}

/** The programme's periods the plan leaves without a placement. */
function readEmptyPeriods(c: TraineeCheck): void {
  const field: PathSegment[] = [...c.base, "placements"];
  for (const period of c.run.index.cohort.programme.periods) {
    if (c.placed.has(period.id)) continue;
    if (period.at === "host") {
      checkEmptyHostPeriod(c, period, field);
      continue;
    }
    checkEmptyAwayPin(c, period, field);
    reportMissing(c, field, "away", `placement for away period ${quote(period.id)}`, period.id);
  }
}

/** The supervisor or the mentor. */
function readPerson(c: TraineeCheck, role: "supervisor" | "mentor"): void {
  const id = c.assignment[role];
  const host = c.assignment.host;
  const path = [...c.base, role];
  checkPersonPin(c, role);
  if (id === null) {
    reportMissing(c, path, role, role);
    return;
  }
  if (host === null) {
    reportPersonWithoutHost(c, role, id);
    return;
  }
  const person = c.run.index.personById.get(id);
  if (person === undefined) {
    c.run.report("unknown_person", path, `The ${role} ${quote(id)} of trainee ${c.t} is not a person of the cohort.`);
    return;
  }
  c.filled += 1;
  countPerson(c, person.id, role);
  checkPersonRole(c, person, role, path);
  if (role === "supervisor") checkSupervisor(c, person, host, path);
  else checkMentor(c, person, host, path);
  checkForbiddenPerson(c, person, role, path);
}
