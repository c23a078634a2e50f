/**
 * The problem a re-plan solves: the cohort as it is now, with what has happened made fixed.
 *
 * - A placement whose period started before `asOf` becomes a pin (so validation, the model and
 *   the verifier all keep it), for every trainee in both the plan and the cohort; the host of
 *   a trainee whose programme has started is pinned too (a pin on a host period; with no host
 *   period, a row of the model). A started role that was empty stays empty (a row).
 * - A started placement at a member that has left the cohort still happened: the member comes
 *   back for this solve only, with room for exactly those placements and forbidden to everyone
 *   else, and a warning says so. A capacity lowered below what started placements use is
 *   raised to that use for this solve (a warning says so); later away periods keep the real
 *   capacity through a row of their own.
 * - A cohort pin or given host that contradicts a started placement is a `started_conflict`.
 *
 * The previous choice of each continuing trainee is what changes are counted against; the
 * people the plan uses get a class of their own in the model.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { TraineeChoice } from "../domain/cost.js";
import { formatPath, type Issue } from "../domain/issues.js";
import type { PlanJson } from "../domain/parse-plan.js";
import type { Cohort, Forbid, Member, Pin } from "../domain/schema.js";
import { parseCohort } from "../domain/validate.js";
import type { BuiltModel } from "../model/build-model.js";
import type { LinearConstraint } from "../model/linear-model.js";
import { quote } from "../util/words.js";
import { choiceOfAssignment } from "./inputs.js";

/** Something the caller should know about a re-plan that is not an error. */
export interface ReplanWarning {
  readonly code: "started_member_left" | "started_over_capacity" | "network_refused" | "changes_not_proven";
  readonly path: string;
  readonly message: string;
}

export interface ReplanSetup {
  /** The cohort to solve: the cohort as it is now, with the started placements pinned. */
  readonly index: CohortIndex;
  /** Whether `index` keeps every rule of the cohort as given (no member brought back, no capacity raised). */
  readonly sameRules: boolean;
  /** Per trainee of `index`: the plan's choice, or null for a trainee who joined. */
  readonly previous: readonly (TraineeChoice | null)[];
  /** Per away period: whether it may still change. */
  readonly laterAway: readonly boolean[];
  /** Whether the programme has started (the hosts of continuing trainees stay). */
  readonly hostStarted: boolean;
  /** The plan's assignments of trainees the cohort no longer has. */
  readonly leavers: readonly PlanJson["assignments"][number][];
  /** People the plan uses, each to get a class of their own. */
  readonly ownClass: ReadonlySet<string>;
  readonly warnings: readonly ReplanWarning[];
  /**
   * How many of each kind of row `extraRows` adds: the network backend has no rows, so a
   * re-plan on it needs to know whether the pins alone say everything (replan/network.ts).
   */
  readonly rowsNeeded: { readonly emptyRoles: number; readonly fixedHosts: number; readonly laterCaps: number };
  /** Rows the pins cannot say: started roles that stay empty, hosts fixed without a host period, real capacities of later periods. */
  extraRows(built: BuiltModel): LinearConstraint[];
}

/** Where a pin added for a started placement comes from, for its issues. */
interface StartedPin {
  readonly pin: Pin;
  readonly path: string;
}

export function buildReplanSetup(cohortIndex: CohortIndex, plan: PlanJson, asOf: string): { readonly setup: ReplanSetup } | { readonly issues: Issue[] } {
  const cohort = cohortIndex.cohort;
  const periods = cohort.programme.periods;
  const started = new Set(periods.filter((p) => (cohortIndex.datesByPeriod.get(p.id)?.from ?? asOf) < asOf).map((p) => p.id));
  const hostStarted = cohort.programme.start < asOf;
  const laterAway = cohortIndex.awayPeriods.map((p) => !started.has(p.id));
  const firstHostPeriod = cohortIndex.hostPeriods[0]?.id ?? null;

  const planned = new Map<string, { readonly assignment: PlanJson["assignments"][number]; readonly a: number }>();
  plan.assignments.forEach((assignment, a) => {
    if (!planned.has(assignment.trainee)) planned.set(assignment.trainee, { assignment, a });
  });
  const userPinAt = new Map<string, number>(); // "trainee|period" -> index in cohort.pins
  cohort.pins.forEach((pin, k) => {
    if (pin.period !== undefined) userPinAt.set(`${pin.trainee}|${pin.period}`, k);
  });

  const issues: Issue[] = [];
  const startedPins: StartedPin[] = [];
  const emptyRoles: { readonly t: number; readonly role: "host" | number }[] = [];
  const fixedHosts: { readonly t: number; readonly host: string }[] = [];
  const ghostUse = new Map<string, { host: number; away: Map<string, number>; specs: Set<string>; trainees: Set<string> }>();
  const hostUse = new Map<string, number>();
  const awayUse = new Map<string, number>(); // "member|period"
  const previous: (TraineeChoice | null)[] = [];
  const ownClass = new Set<string>();
  const trainees = new Set(cohort.trainees.map((t) => t.id));

  cohort.trainees.forEach((trainee, t) => {
    const entry = planned.get(trainee.id);
    if (entry === undefined) {
      previous.push(null);
      if (trainee.host !== undefined) hostUse.set(trainee.host, (hostUse.get(trainee.host) ?? 0) + 1);
      return;
    }
    const { assignment, a } = entry;
    const choice = choiceOfAssignment(cohortIndex, assignment);
    previous.push(choice);
    for (const person of [choice.supervisor, choice.mentor]) if (person !== null && cohortIndex.personById.has(person)) ownClass.add(person);

    const useGhost = (member: string) => {
      let use = ghostUse.get(member);
      if (use === undefined) ghostUse.set(member, (use = { host: 0, away: new Map(), specs: new Set(), trainees: new Set() }));
      use.specs.add(trainee.specialization);
      use.trainees.add(trainee.id);
      return use;
    };

    // The host stays once the programme has started.
    let host: string | null = null;
    if (hostStarted) {
      host = assignment.host;
      if (host === null) emptyRoles.push({ t, role: "host" });
      else if (trainee.host !== undefined && trainee.host !== host) {
        issues.push({
          code: "started_conflict",
          path: formatPath(["cohort", "trainees", t, "host"]),
          message: `Trainee ${quote(trainee.id)}'s programme has started at host ${quote(host)} (plan.assignments[${a}].host); the cohort gives host ${quote(trainee.host)}.`,
        });
      } else {
        if (!cohortIndex.memberById.has(host)) useGhost(host).host += 1;
        hostUse.set(host, (hostUse.get(host) ?? 0) + 1);
        if (trainee.host === undefined) {
          if (firstHostPeriod !== null && !started.has(firstHostPeriod)) {
            addPin({ trainee: trainee.id, period: firstHostPeriod, member: host }, formatPath(["plan", "assignments", a, "host"]));
          } else if (firstHostPeriod === null) fixedHosts.push({ t, host });
        }
      }
    } else if (trainee.host !== undefined) {
      hostUse.set(trainee.host, (hostUse.get(trainee.host) ?? 0) + 1);
    }

    // Started placements stay, empty ones included.
    for (const period of periods) {
      if (!started.has(period.id)) continue;
      const p = assignment.placements.findIndex((x) => x.period === period.id);
      const placement = assignment.placements[p];
      if (placement === undefined) {
        if (period.at === "away") emptyRoles.push({ t, role: cohortIndex.awayPeriods.indexOf(period) });
        continue;
      }
      const member = placement.member;
      const path = formatPath(["plan", "assignments", a, "placements", p]);
      if (period.at === "host" && host !== null && member !== host) {
        issues.push({ code: "plan_mismatch", path: `${path}.member`, message: `A host period is at ${quote(member)}, not at the host ${quote(host)}.` });
        continue;
      }
      if (period.at === "away") {
        const key = `${member}|${period.id}`;
        awayUse.set(key, (awayUse.get(key) ?? 0) + 1);
        if (!cohortIndex.memberById.has(member)) {
          const use = useGhost(member);
          use.away.set(period.id, (use.away.get(period.id) ?? 0) + 1);
        }
      }
      addPin({ trainee: trainee.id, period: period.id, member }, path);
    }
  });

  function addPin(pin: Pin, path: string): void {
    const k = userPinAt.get(`${pin.trainee}|${pin.period ?? ""}`);
    if (k !== undefined) {
      const user = cohort.pins[k];
      if (user?.member !== pin.member) {
        issues.push({
          code: "started_conflict",
          path: formatPath(["cohort", "pins", k]),
          message: `The pin puts ${quote(pin.trainee)} at ${quote(user?.member)} in ${quote(pin.period)}, but ${path} has already started at ${quote(pin.member)}.`,
        });
      }
      return;
    }
    startedPins.push({ pin, path });
  }
  if (issues.length > 0) return { issues };

  // Members that have left but where something started: back for this solve, for those trainees only.
  const warnings: ReplanWarning[] = [];
  const ghosts: Member[] = [];
  const ghostForbids: Forbid[] = [];
  for (const [member, use] of ghostUse) {
    ghosts.push({
      id: member,
      specializations: [...use.specs].sort(),
      hostCapacity: use.host,
      awayCapacity: Math.max(0, ...use.away.values()),
    });
    for (const other of cohort.trainees) if (!use.trainees.has(other.id)) ghostForbids.push({ trainee: other.id, member });
    warnings.push({
      code: "started_member_left",
      path: "plan",
      message: `Member ${quote(member)} is no longer in the cohort, but ${[...use.trainees].map((x) => quote(x)).join(", ")} started there; those placements stay as they were.`,
    });
  }

  // Capacities lowered below what has started: raised for this solve, the real one kept for later periods.
  const laterCaps: { readonly member: string; readonly capacity: number }[] = [];
  const members = cohort.members.map((member, m): Member => {
    let raised = member;
    const hosted = hostUse.get(member.id) ?? 0;
    if (hostStarted && hosted > member.hostCapacity) {
      raised = { ...raised, hostCapacity: hosted };
      warnings.push({
        code: "started_over_capacity",
        path: formatPath(["cohort", "members", m, "hostCapacity"]),
        message: `${quote(member.id)} hosts ${hosted} trainees whose programme has started, more than its hostCapacity ${member.hostCapacity}; they stay.`,
      });
    }
    const visiting = Math.max(0, ...[...started].map((p) => awayUse.get(`${member.id}|${p}`) ?? 0));
    if (visiting > member.awayCapacity) {
      raised = { ...raised, awayCapacity: visiting };
      laterCaps.push({ member: member.id, capacity: member.awayCapacity });
      warnings.push({
        code: "started_over_capacity",
        path: formatPath(["cohort", "members", m, "awayCapacity"]),
        message: `${quote(member.id)} has ${visiting} visiting trainees in a period that has started, more than its awayCapacity ${member.awayCapacity}; they stay, and later periods keep the capacity.`,
      });
    }
    return raised;
  });

  const userPins = cohort.pins.length;
  const derived: Cohort = {
    ...cohort,
    members: [...members, ...ghosts],
    pins: [...cohort.pins, ...startedPins.map((s) => s.pin)],
    forbid: [...cohort.forbid, ...ghostForbids],
  };
  const parsed = parseCohort(derived);
  if (!parsed.ok) {
    // A started placement the cohort now rules out (a forbid, a specialization no longer
    // offered, an organisation that changed) cannot be kept and planned around.
    return {
      issues: parsed.issues.map((issue): Issue => {
        const match = /^pins\[(\d+)\]/.exec(issue.path);
        const k = match === null ? -1 : Number(match[1]);
        if (k >= userPins) {
          const origin = startedPins[k - userPins]?.path ?? "plan";
          return { code: "started_conflict", path: origin, message: `This has already started, but the cohort as it is now rules it out: ${issue.message}` };
        }
        return { ...issue, path: issue.path === "" ? "cohort" : `cohort.${issue.path}` };
      }),
    };
  }

  const leavers = plan.assignments.filter((assignment, a) => !trainees.has(assignment.trainee) && planned.get(assignment.trainee)?.a === a);
  return {
    setup: {
      index: parsed.index,
      sameRules: ghosts.length === 0 && warnings.length === 0,
      previous,
      laterAway,
      hostStarted,
      leavers,
      ownClass,
      warnings,
      // A capacity raised for started periods needs a row only when a later away period remains.
      rowsNeeded: { emptyRoles: emptyRoles.length, fixedHosts: fixedHosts.length, laterCaps: laterAway.some((later) => later) ? laterCaps.length : 0 },
      extraRows(built) {
        const rows: LinearConstraint[] = [];
        const none = (name: string, variables: readonly number[]) => {
          if (variables.length > 0) rows.push({ name, terms: variables.map((variable) => ({ variable, coefficient: 1 })), lower: Number.NEGATIVE_INFINITY, upper: 0 });
        };
        for (const { t, role } of emptyRoles) {
          const tv = built.traineeVars[t];
          if (tv === undefined) continue;
          if (role === "host") none(`started-empty[${t},host]`, [...tv.host.values()].flat());
          else none(`started-empty[${t},${role}]`, (tv.away[role] ?? []).map((a) => a.variable));
        }
        for (const { t, host } of fixedHosts) {
          const tv = built.traineeVars[t];
          if (tv === undefined) continue;
          none(`started-host[${t}]`, [...tv.host].filter(([member]) => member !== host).flatMap(([, variables]) => variables));
        }
        for (const { member, capacity } of laterCaps) {
          parsed.index.awayPeriods.forEach((period, p) => {
            if (!laterAway[p]) return;
            const terms = built.traineeVars.flatMap((tv) => (tv.away[p] ?? []).filter((a) => a.member === member).map((a) => ({ variable: a.variable, coefficient: 1 })));
            if (terms.length > capacity) rows.push({ name: `later-away-capacity[${member},${period.id}]`, terms, lower: Number.NEGATIVE_INFINITY, upper: capacity });
          });
        }
        return rows;
      },
    },
  };
}
