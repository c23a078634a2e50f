/**
 * After an infeasible solve: the smallest set of capacity additions that would make a plan
 * possible. The model is rebuilt in relaxed form (model/constraints/capacity.ts): each
 * capacity row may be exceeded by an integer amount at cost 1 per unit, and a virtual new
 * supervisor at each member and a virtual new mentor in each organisation may take trainees at
 * cost 2 each. Minimising only those costs gives the additions, which we phrase as changes to
 * the cohort. If even the relaxed model is infeasible, capacity alone cannot fix the cohort.
 *
 * The solve stops at the caller's deadline like any other. Building the model and jslp's
 * setup of it cannot be interrupted: neither is started when it could not end in time.
 */
import { indexCohort, type CohortIndex } from "../domain/cohort-index.js";
import type { Cohort, DiagnosisItem, SuggestedChange } from "../domain/schema.js";
import { buildModel } from "../model/build-model.js";
import type { PersonClass } from "../model/candidates.js";
import type { LinearModel } from "../model/linear-model.js";
import type { Resource, VariableMeta } from "../model/variables.js";
import type { Solver } from "../solvers/solver.js";
import { mustStop, type StopSignal } from "../solvers/stop.js";
import { suggestChange } from "./suggested-change.js";
import { listAt } from "../util/multimap.js";
import { listWords } from "../util/words.js";

/** Branch-and-bound nodes the relaxed solve may use (about half a second on small cohorts). */
const RELAXED_NODE_LIMIT = 100;

/**
 * Dense tableau cells (rows × variables) jslp sets up per millisecond, a cautious figure
 * (about 70 ns a cell; measured 30 to 60 ns on a quiet machine). jslp's setup cannot be
 * interrupted, so a relaxed solve whose setup alone would pass the deadline is not started.
 */
const SETUP_CELLS_PER_MS = 15_000;

export type RelaxOutcome =
  | { readonly kind: "changes"; readonly items: DiagnosisItem[]; readonly proven: boolean }
  | { readonly kind: "capacity-cannot-help" }
  /** The deadline passed (or the signal was aborted) before the solve found any changes. */
  | { readonly kind: "timedout" }
  /** The node limit ended the search without any changes. */
  | { readonly kind: "unknown" };

/** The capacity changes that would make a plan possible, found by `deadline` (a performance.now() value) or not at all. */
export function suggestCapacityChanges(index: CohortIndex, solver: Solver, deadline: number, signal?: StopSignal): RelaxOutcome {
  if (mustStop(deadline, signal)) return { kind: "timedout" };
  const built = buildModel(index, { relax: true });
  const setupMs = (built.model.constraints.length * built.model.variables.length) / SETUP_CELLS_PER_MS;
  if (mustStop(deadline - setupMs, signal)) return { kind: "timedout" };
  const model: LinearModel = {
    ...built.model,
    variables: built.model.variables.map((v, i) => (built.meta[i]?.kind === "slack" ? v : { ...v, cost: 0 })),
  };
  // A node limit, not only a time limit, so that the same cohort always gets the same advice.
  const result = solver.solve(model, { deadline, signal, nodeLimit: RELAXED_NODE_LIMIT });
  if (result.status === "infeasible") return { kind: "capacity-cannot-help" };
  if (result.values === null) return mustStop(deadline, signal) ? { kind: "timedout" } : { kind: "unknown" };
  const values = result.values;
  const on = (i: number) => (values[i] ?? 0) > 0.5;

  const users = new Map<string, number[]>(); // resource key -> trainee positions
  built.meta.forEach((meta, i) => {
    if (!on(i)) return;
    if (meta.kind === "slack") return;
    for (const key of resourceKeysUsed(meta, index)) listAt(users, key).push(meta.trainee);
  });

  // One raise per capacity: awayCapacity holds in every away period, so a member's away slacks
  // become one raise by the largest of them.
  const raises: Raise[] = [];
  const byKey = new Map<string, Raise>();
  built.meta.forEach((meta, i) => {
    if (meta.kind !== "slack") return;
    const by = Math.round(values[i] ?? 0);
    if (by <= 0) return;
    const key = meta.resource.type === "away" ? `away|${meta.resource.member}` : resourceKey(meta.resource);
    const trainees = users.get(resourceKey(meta.resource)) ?? [];
    const found = byKey.get(key);
    if (found === undefined) {
      const raise: Raise = { resource: meta.resource, by, trainees: [...trainees] };
      byKey.set(key, raise);
      raises.push(raise);
    } else {
      found.by = Math.max(found.by, by);
      for (const t of trainees) if (!found.trainees.includes(t)) found.trainees.push(t);
    }
  });
  // Each raise is checked on a copy of the cohort: together they must make a plan possible, and
  // each is lowered while the others still do (the relaxed solve may stop at its node limit
  // before proving the least, and its cost weighs an added person above a raised capacity).
  const checked = tighten(index, solver, raises, deadline, signal);
  // Never offered unless shown to work: a set the check refutes is a fault of the relaxed model,
  // and one it could not check in time is not known to work.
  if (checked === "refuted") return { kind: "unknown" };
  if (checked === "unchecked") return mustStop(deadline, signal) ? { kind: "timedout" } : { kind: "unknown" };
  const kept = raises.filter((r) => r.by > 0);
  const items = kept.map((r) => describe(index, r.resource, r.by, r.trainees, periodsOf(built.meta, values, r)));
  return { kind: "changes", items, proven: result.status === "optimal" };
}

/** A capacity to raise, by how much, and the trainees the relaxed plan gave the added places. */
interface Raise {
  readonly resource: Resource;
  by: number;
  readonly trainees: number[];
}

/** The away periods whose slack a raise of awayCapacity covers (null for other resources). */
function periodsOf(meta: readonly VariableMeta[], values: Float64Array, raise: Raise): readonly string[] | null {
  if (raise.resource.type !== "away") return null;
  const member = raise.resource.member;
  const periods: string[] = [];
  meta.forEach((m, i) => {
    if (m.kind === "slack" && m.resource.type === "away" && m.resource.member === member && Math.round(values[i] ?? 0) > 0) periods.push(m.resource.period);
  });
  return periods;
}

/**
 * Checks the raises by solving the cohort with them applied, and lowers each one by one while a
 * plan stays possible. "minimal" when the raises make a plan possible and no single one can be
 * lowered by 1; "sufficient" when they make a plan possible but the deadline or the node limit
 * left some lowering unchecked; "refuted" when they do not make a plan possible; "unchecked"
 * when the search could not tell in time. Raises are
 * only ever lowered after a solve found a plan with the lower value, so what is returned is
 * never less than what works.
 */
function tighten(
  index: CohortIndex,
  solver: Solver,
  raises: Raise[],
  deadline: number,
  signal: StopSignal | undefined,
): "minimal" | "sufficient" | "refuted" | "unchecked" {
  const works = (): boolean | null => hasPlan(applyRaises(index.cohort, raises), solver, deadline, signal);
  const all = works();
  if (all !== true) return all === false ? "refuted" : "unchecked";
  let complete = true;
  for (const raise of raises) {
    while (raise.by > 0) {
      if (mustStop(deadline, signal)) return "sufficient";
      raise.by -= 1;
      const lower = works();
      if (lower === true) continue;
      raise.by += 1;
      if (lower === null) complete = false;
      break;
    }
  }
  return complete ? "minimal" : "sufficient";
}

/** Whether the cohort has a plan that fills every role: null when the search could not tell in time. */
function hasPlan(cohort: Cohort, solver: Solver, deadline: number, signal: StopSignal | undefined): boolean | null {
  const built = buildModel(indexCohort(cohort));
  const setupMs = (built.model.constraints.length * built.model.variables.length) / SETUP_CELLS_PER_MS;
  if (mustStop(deadline - setupMs, signal)) return null;
  // Any plan answers the question: without costs, the first one found ends the search.
  const model: LinearModel = { ...built.model, variables: built.model.variables.map((v) => ({ ...v, cost: 0 })) };
  const result = solver.solve(model, { deadline, signal, nodeLimit: RELAXED_NODE_LIMIT });
  if (result.status === "infeasible") return false;
  return result.values !== null ? true : null;
}

/** A copy of the cohort with the raises applied, as a user would apply the suggested changes. */
export function applyRaises(cohort: Cohort, raises: readonly { readonly resource: Resource; readonly by: number }[]): Cohort {
  const members = cohort.members.map((m) => ({ ...m }));
  const people = cohort.people.map((p) => ({ ...p }));
  const specializations = [...new Set(cohort.trainees.map((t) => t.specialization))];
  for (const { resource, by } of raises) {
    if (by <= 0) continue;
    if (resource.type === "host" || resource.type === "away") {
      const member = members.find((m) => m.id === resource.member);
      if (member === undefined) continue;
      if (resource.type === "host") member.hostCapacity += by;
      else member.awayCapacity += by;
      continue;
    }
    const personClass = resource.personClass;
    const first = personClass.people[0];
    const person = first === undefined ? undefined : people.find((p) => p.id === first.id);
    if (!personClass.virtual && person !== undefined) {
      person.capacity += by;
      continue;
    }
    let n = people.length;
    while (people.some((p) => p.id === `new-${personClass.role}-${n}`)) n += 1;
    people.push({ id: `new-${personClass.role}-${n}`, member: personClass.member, role: personClass.role, capacity: by, specializations });
  }
  return { ...cohort, members, people };
}

function resourceKeysUsed(meta: VariableMeta, index: CohortIndex): string[] {
  switch (meta.kind) {
    case "host":
      return [`host|${meta.member}`];
    case "away":
      return [`away|${meta.member}|${index.awayPeriods[meta.period]?.id ?? ""}`];
    case "supervisor":
    case "mentor":
      return [`people|${meta.personClass.key}`];
    case "combo":
      return [`host|${meta.host}`, `away|${meta.member}|${index.awayPeriods[0]?.id ?? ""}`, `people|${meta.personClass.key}`];
    case "slack":
    case "fairness":
      return [];
  }
}

function resourceKey(resource: Resource): string {
  switch (resource.type) {
    case "host":
      return `host|${resource.member}`;
    case "away":
      return `away|${resource.member}|${resource.period}`;
    case "people":
      return `people|${resource.personClass.key}`;
  }
}

function describe(index: CohortIndex, resource: Resource, by: number, traineePositions: readonly number[], periods: readonly string[] | null): DiagnosisItem {
  const trainees = traineePositions.map((t) => index.cohort.trainees[t]).filter((t) => t !== undefined);
  const traineeIds = trainees.map((t) => t.id);
  const who = trainees.map((t) => t.name ?? t.id).join(", ");
  const memberName = index.memberName;
  const change = (partial: Partial<SuggestedChange> & Pick<SuggestedChange, "action">): SuggestedChange =>
    suggestChange(partial.action, { by, ...partial });

  switch (resource.type) {
    case "host": {
      const member = index.memberById.get(resource.member);
      const capacity = member?.hostCapacity ?? 0;
      return {
        code: "raise_host_capacity",
        message: `Raise hostCapacity of ${memberName(resource.member)} by ${by} (from ${capacity} to ${capacity + by}) to host ${who}.`,
        trainees: traineeIds,
        members: [resource.member],
        people: [],
        change: change({ action: "raise-capacity", path: `members[${index.memberPosition.get(resource.member)}].hostCapacity`, member: resource.member }),
      };
    }
    case "away": {
      const capacity = index.memberById.get(resource.member)?.awayCapacity ?? 0;
      return {
        code: "raise_away_capacity",
        message: `Raise awayCapacity of ${memberName(resource.member)} by ${by} (from ${capacity} to ${capacity + by}) so it can take ${who} in ${listWords(periods ?? [resource.period])}.`,
        trainees: traineeIds,
        members: [resource.member],
        people: [],
        change: change({
          action: "raise-capacity",
          path: `members[${index.memberPosition.get(resource.member)}].awayCapacity`,
          member: resource.member,
          period: periods !== null && periods.length > 1 ? null : resource.period,
        }),
      };
    }
    case "people":
      return describePeople(index, resource.personClass, by, trainees, change);
  }
}

function describePeople(
  index: CohortIndex,
  personClass: PersonClass,
  by: number,
  trainees: readonly { id: string; name?: string | undefined; specialization: string; host?: string | undefined }[],
  change: (partial: Partial<SuggestedChange> & Pick<SuggestedChange, "action">) => SuggestedChange,
): DiagnosisItem {
  const role = personClass.role;
  const who = trainees.map((t) => t.name ?? t.id).join(", ");
  const memberName = index.memberName;
  const specs = [...new Set(trainees.map((t) => t.specialization))];
  const specialization = specs.length === 1 ? (specs[0] as string) : null;
  if (!personClass.virtual) {
    const people = personClass.people;
    const first = people[0];
    const names = people.map((p) => p.name ?? p.id).join(" or ");
    const capacity = people.reduce((s, p) => s + p.capacity, 0);
    return {
      code: role === "mentor" ? "raise_mentor_capacity" : "raise_supervisor_capacity",
      message:
        people.length === 1
          ? `Raise the capacity of ${role} ${names} (${memberName(personClass.member)}) by ${by} (from ${capacity} to ${capacity + by}) to take ${who}.`
          : `Raise the capacity of ${role}s ${names} by ${by} in all to take ${who}.`,
      trainees: trainees.map((t) => t.id),
      members: [personClass.member],
      people: people.map((p) => p.id),
      change: change({
        action: "raise-capacity",
        path: first === undefined ? null : `people[${index.personPosition.get(first.id)}].capacity`,
        person: first?.id ?? null,
        member: personClass.member,
        role,
      }),
    };
  }
  if (role === "supervisor") {
    return {
      code: "add_supervisor",
      message: `Add a supervisor at ${memberName(personClass.member)}${specialization ? ` who lists ${specialization}` : ""}, with capacity ${by}, for ${who}.`,
      trainees: trainees.map((t) => t.id),
      members: [personClass.member],
      people: [],
      change: change({ action: "add-person", role, member: personClass.member, specialization }),
    };
  }
  const hostOrgs = [...new Set(trainees.flatMap((t) => (t.host === undefined ? [] : [index.organisationOf(t.host)])))];
  const outside = hostOrgs.length === 1 ? (hostOrgs[0] as string) : null;
  const outsideName = outside === null ? null : memberName(outside);
  return {
    code: "add_mentor",
    message:
      `Add a mentor${specialization ? ` for ${specialization}` : ""}` +
      (outsideName ? ` outside ${outsideName}` : "") +
      `, for example at ${memberName(personClass.member)}, with capacity ${by}, for ${who}.`,
    trainees: trainees.map((t) => t.id),
    members: [personClass.member],
    people: [],
    change: change({ action: "add-person", role, member: personClass.member, specialization, outsideOrganisation: outside }),
  };
}
