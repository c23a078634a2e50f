/**
 * Re-planning big cohorts on the network backend (solvers/network/), where the exact model of
 * lexicographic.ts cannot even be built in time (about 1,000 trainees and up).
 *
 * The lexicographic objective (fewest changed roles of the continuing trainees, then the least
 * objective) is solved by what the network does well, pins:
 *
 * - A role is *forced* when no plan can keep its previous value: the value is not among the
 *   trainee's candidates (model/candidates.ts, the same sets the exact model's variables come
 *   from, with the previously used people in classes of their own). Every plan changes every
 *   forced role, so their number is a proven lower bound on the changes.
 * - Every other counted role gets a pin to its previous value ("keep" pins), and the network
 *   solves the cohort with them. A trainee with every role kept is a fixed placement and leaves
 *   the problem with its places (solveShrunk), so the flows place only the forced roles and
 *   the joiners.
 * - When that cohort has a plan, it changes exactly the forced roles: the fewest possible. Its
 *   plans are exactly the plans with that many changes (any such plan keeps every other role),
 *   so the network's optimum is the lexicographic optimum and its Lagrangian bound is a valid
 *   bound on the objective of the lexicographic optimum: status `optimal` when the network
 *   proves its optimum, otherwise `feasible` with that bound.
 * - When it has none (keeping everything else leaves a forced role no room, or a capacity is
 *   now below the kept use), keep pins are released in steps: those validation refuses (a
 *   capacity below the pins on it), then those at members and people the kept roles fill, then
 *   all of them. The trainees the network's plan leaves fixed stay, and the open ones are
 *   re-planned on the exact model in stages when that model is small (exactResidual); the
 *   better plan is kept. Such a plan is `feasible`, never `optimal`: its `bound` is the
 *   network's bound with only the started placements pinned, a bound on every plan and so on
 *   the lexicographic optimum. Its changes are proven fewest when they meet leastChanges (the
 *   forced roles plus, per place, the kept roles beyond its capacity); otherwise the warning
 *   `changes_not_proven` gives the plan's count and that bound.
 *
 * What the network cannot say it refuses, and the caller solves on the exact model instead
 * (warning `network_refused`): `allowUnassigned` (filled roles before changes), a started
 * role that was empty and must stay empty, a capacity raised for a started away period but
 * not for later ones, and a host to keep without a host period to pin it to.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { planExtras } from "../result/extras.js";
import { costOfChoice, objectiveOfAssignments, planObjective, totalCost, type TraineeChoice } from "../domain/cost.js";
import type { Issue } from "../domain/issues.js";
import type { PlanJson } from "../domain/parse-plan.js";
import { PLAN_FORMAT, type Cohort, type Pin, type SolvedPlan } from "../domain/schema.js";
import { readCohortFacts } from "../domain/trainee-facts.js";
import { parseCohort } from "../domain/validate.js";
import { buildModel } from "../model/build-model.js";
import { buildCandidates, type PersonClass } from "../model/candidates.js";
import { decodeChoices } from "../model/decode.js";
import { modelVariablesAtMost } from "../model/size-bound.js";
import { AUTO_JSLP_VARIABLES, PlanVerificationError } from "../plan.js";
import { toAssignments } from "../result/decode.js";
import { verifyReplan } from "../result/verify/replan.js";
import { EXACT_FINISH_VARIABLES } from "../solvers/network/exact-finish.js";
import { estimateNetwork, solveNetwork, type NetworkResult } from "../solvers/network/index.js";
import { mustVerify, planWithout, statsOf } from "./assemble.js";
import { diffChoices, replanChanges } from "./changes.js";
import { changeObjective, solveStages, type Stage, type StageReport } from "./lexicographic.js";
import { awayUse, shrinkCohort } from "./shrink.js";
import type { ReplanSetup, ReplanWarning } from "./derive.js";
import type { ReplanPlan } from "./replan.js";

/** Models up to this many variables stay on the exact path under "auto": solve's "auto" limit. */
export const AUTO_EXACT_REPLAN_VARIABLES = AUTO_JSLP_VARIABLES;

/**
 * The open trainees of a network re-plan are re-planned on the exact model up to this many
 * estimated variables: the network backend's own limit for its exact finish.
 */
const RESIDUAL_VARIABLES = EXACT_FINISH_VARIABLES;

/** Whether "auto" re-plans on the network: the exact model would be too big (estimated before it is built, as solve's "auto" does). */
export function networkReplanWanted(index: CohortIndex): boolean {
  if (modelVariablesAtMost(index) <= AUTO_EXACT_REPLAN_VARIABLES) return false;
  return estimateNetwork(index).modelVariables > AUTO_EXACT_REPLAN_VARIABLES;
}

/** Why the network cannot re-plan this setup (the exact model is needed), or null when it can. */
export function networkRefusal(setup: ReplanSetup): string | null {
  if (setup.index.cohort.rules.allowUnassigned) return "under allowUnassigned, filled roles come before changes, which the network re-plan does not weigh";
  if (setup.rowsNeeded.emptyRoles > 0) return "a started role that was empty must stay empty, which no pin can say";
  if (setup.rowsNeeded.laterCaps > 0) return "a capacity is raised for a started away period but not for later ones, which the network's one capacity per member cannot say";
  if (setup.rowsNeeded.fixedHosts > 0) return "a started host must stay, and the programme has no host period to pin it to";
  return null;
}

/** One counted role of a continuing trainee, and the pin that keeps it (null when forced). */
interface CountedRole {
  readonly t: number;
  readonly keep: Pin | null;
  /** The member or person the keep pin names (to release the pins on a full place). */
  readonly names: string | null;
  /** The capacity the kept value uses: `host|m`, `away|p|m` or `person|id`. */
  readonly place: string | null;
}

export interface NetworkReplanInput {
  /** The cohort as it is now. */
  readonly index: CohortIndex;
  readonly plan: PlanJson;
  readonly setup: ReplanSetup;
  readonly asOf: string;
  readonly deadline: number;
  readonly started: number;
  readonly signal?: AbortSignal;
  /** Called once the plan is settled, as the exact path's stages: "changes" (the count and its proven least), then "cost". */
  readonly onStage?: (report: StageReport) => void;
}

export type NetworkReplanAnswer =
  | { readonly plan: ReplanPlan; readonly warnings: readonly ReplanWarning[] }
  /** The network cannot say this re-plan (see networkRefusal); the exact model is needed. */
  | { readonly refused: string };

export function replanOnNetwork(input: NetworkReplanInput): NetworkReplanAnswer {
  const { index, plan, setup, asOf, deadline, started, signal } = input;
  const refusal = networkRefusal(setup);
  if (refusal !== null) return { refused: refusal };
  const roles = countedRoles(setup);
  if ("refused" in roles) return roles;
  const least = leastChanges(setup.index, roles.list);
  const keeps = roles.list.filter((r): r is CountedRole & { keep: Pin } => r.keep !== null);
  const cohort = setup.index.cohort;
  const stop = signal === undefined ? {} : { signal };

  // Keep everything that may be kept; release in steps while that has no plan.
  let released = 0;
  let solved: NetworkResult | null = null;
  let fixed: ReadonlyMap<number, TraineeChoice> = new Map();
  let kept = keeps;
  for (let step = 0; step < 3 && solved === null; step++) {
    if (step === 1) {
      const full = filled(setup.index, kept);
      const fewer = kept.filter((r) => r.names === null || !full.has(r.names));
      // Nothing to release at full places: the same cohort again would have no plan either.
      if (fewer.length === kept.length) continue;
      kept = fewer;
    }
    if (step === 2) kept = [];
    const pinned = parseKept(cohort, kept);
    kept = pinned.kept;
    released = keeps.length - kept.length;
    const shrunk = solveShrunk(pinned.index, setup, roles.list, new Set(kept), { deadline, ...stop });
    const result = shrunk.result;
    fixed = shrunk.fixed;
    if (result.choices !== null) solved = result;
    else if (result.status !== "infeasible" || kept.length === 0) {
      // Out of time, or no plan even with only what started pinned.
      const staged = { status: result.status === "infeasible" ? ("infeasible" as const) : ("timedout" as const), values: null, stageValues: [], costBound: null, solveMs: result.stats.ms, variables: 0, constraints: 0 };
      const relax = modelVariablesAtMost(setup.index) <= AUTO_EXACT_REPLAN_VARIABLES;
      return { plan: { ...planWithout(setup.index, staged, deadline, started, { relax }), changes: [] }, warnings: setup.warnings };
    }
  }
  if (solved === null) throw new Error("unreachable: the last step pins only what started");

  const proven = released === 0;
  let choices = solved.choices as readonly TraineeChoice[];
  let solveMs = solved.stats.ms;
  if (!proven) {
    const better = exactResidual(setup, fixed, performance.now() + (deadline - performance.now()) / 2, signal);
    if (better !== null && betterReplan(setup, better, choices)) choices = better;
  }
  const assignments = toAssignments(setup.index, choices);
  const objective = objectiveOfAssignments(setup.index, assignments);
  let bound: number;
  if (proven) bound = solved.status === "optimal" ? objective : Math.min(solved.bound ?? 0, objective);
  else {
    // The released cohort's plans need not include the lexicographic optimum: bound it by
    // every plan's, the network's bound with only what started pinned, in the time left.
    const free = solveNetwork(setup.index, { deadline, ...stop });
    solveMs += free.stats.ms;
    bound = Math.min(free.bound ?? 0, objective);
  }
  const changes = replanChanges(setup.index, setup.previous, choices, setup.laterAway, setup.leavers);
  const made = changes.filter((c) => c.reason === "forced" || c.reason === "knock-on").length;
  // Released pins: still the lexicographic optimum when the changes meet their lower bound and
  // the objective meets the bound on every plan's.
  const closed = made === least && objective - bound <= 1e-9 * Math.max(1, Math.abs(objective));
  const status = (proven && solved.status === "optimal") || (!proven && closed) ? "optimal" : "feasible";
  const solvedPlan: SolvedPlan = {
    format: PLAN_FORMAT,
    status,
    objective,
    bound: status === "optimal" ? objective : bound,
    assignments,
    unassigned: [],
    diagnosis: [],
    ...planExtras(setup.index, choices),
    stats: statsOf({ solveMs, variables: 0, constraints: 0 }, started, "network"),
  };
  mustVerify(setup.index, solvedPlan);
  if (setup.sameRules) mustVerify(index, solvedPlan);
  const verdict = verifyReplan(index, plan, solvedPlan, asOf);
  if (!verdict.ok) throw new PlanVerificationError(verdict.violations);
  const changeStatus = made === least ? "optimal" : "feasible";
  input.onStage?.({ stage: "changes", status: changeStatus, value: made, bound: least });
  input.onStage?.({ stage: "cost", status, value: objective, bound: solvedPlan.bound });
  const warnings = [...setup.warnings];
  if (!proven && made > least) {
    warnings.push({
      code: "changes_not_proven",
      path: "plan",
      message:
        `Keeping every role that may stay leaves no plan, so the network backend released ${released} of them: ` +
        `this plan changes ${made} roles of continuing trainees, and at least ${least} must change (the fewest is not proven).`,
    });
  }
  return { plan: { ...solvedPlan, changes }, warnings };
}

/**
 * The counted roles of the continuing trainees, as lexicographic.ts counts them (the host when
 * the solver chooses it, each away period not yet started, the supervisor, the mentor), each
 * with the pin that keeps it, or none when no candidate keeps it (forced).
 */
function countedRoles(setup: ReplanSetup): { readonly list: CountedRole[] } | { readonly refused: string } {
  const index = setup.index;
  const candidates = buildCandidates(index, { ownClass: setup.ownClass });
  const facts = readCohortFacts(index);
  const hostPeriod = index.hostPeriods[0]?.id;
  const list: CountedRole[] = [];
  for (let t = 0; t < candidates.trainees.length; t++) {
    const before = setup.previous[t];
    const tc = candidates.trainees[t];
    if (before === null || before === undefined || tc === undefined) continue;
    const own = facts.of(tc.trainee);
    const trainee = tc.trainee.id;
    const supervisorKept = before.supervisor !== null && tc.supervisors.some((c) => isOnly(c, before.supervisor));
    if (tc.hosts.length > 0) {
      let keep: Pin | null = null;
      if (before.host !== null && tc.hosts.includes(before.host)) {
        if (own.hostFromPins !== null) keep = { trainee };
        else if (hostPeriod !== undefined) keep = { trainee, period: hostPeriod, member: before.host };
        // Without a host period, the supervisor's keep pin fixes the host (its member).
        else if (supervisorKept) keep = { trainee };
        else return { refused: "a host to keep has no host period to pin it to, and its supervisor changes" };
      }
      list.push({ t, keep, names: before.host, place: before.host === null ? null : `host|${before.host}` });
    }
    index.awayPeriods.forEach((period, p) => {
      if (setup.laterAway[p] !== true) return;
      const member = before.away[p] ?? null;
      const keeps = member !== null && (tc.away[p]?.members.includes(member) ?? false);
      list.push({ t, keep: keeps && !own.pinnedAway.has(period.id) ? { trainee, period: period.id, member } : keeps ? { trainee } : null, names: member, place: member === null ? null : `away|${p}|${member}` });
    });
    list.push({ t, keep: supervisorKept ? (own.pinnedSupervisor === null ? { trainee, supervisor: before.supervisor as string } : { trainee }) : null, names: before.supervisor, place: before.supervisor === null ? null : `person|${before.supervisor}` });
    const mentorKept = before.mentor !== null && tc.mentors.some((c) => isOnly(c, before.mentor));
    list.push({ t, keep: mentorKept ? (own.pinnedMentor === null ? { trainee, mentor: before.mentor as string } : { trainee }) : null, names: before.mentor, place: before.mentor === null ? null : `person|${before.mentor}` });
  }
  return { list };
}

/**
 * Solves the pinned cohort with its fixed trainees taken out: a continuing trainee all of whose
 * roles are kept (host, every away period, supervisor, mentor) is a fixed placement, so it
 * leaves the problem and its places leave the capacities (host places, away places, people's).
 * That is exact: the rules that couple trainees are capacities only, and the residual
 * capacities are what the fixed trainees leave. The cohort format has one away capacity per
 * member for every period, so a member whose fixed trainees use it unevenly across the away
 * periods keeps those trainees in the problem (pinned). The answer is for the whole cohort:
 * the fixed trainees' choices put back, their costs added to the objective and the bound.
 */
function solveShrunk(
  pinned: CohortIndex,
  setup: ReplanSetup,
  roles: readonly CountedRole[],
  kept: ReadonlySet<CountedRole>,
  options: { readonly deadline: number; readonly signal?: AbortSignal },
): { readonly result: NetworkResult; readonly fixed: ReadonlyMap<number, TraineeChoice> } {
  const cohort = pinned.cohort;
  const fixed = fixedTrainees(cohort, setup, roles, kept);
  const started = performance.now();
  if (fixed.size === cohort.trainees.length) {
    const choices = cohort.trainees.map((_, t) => fixed.get(t) as TraineeChoice);
    const objective = costsOf(pinned, choices);
    return { result: { status: "optimal", choices, objective, bound: objective, stats: { method: "fixed", iterations: 0, repairs: 0, evaluations: 0, ms: performance.now() - started } }, fixed };
  }
  const parsed = parseCohort(shrinkCohort(cohort, fixed));
  if (!parsed.ok) return { result: solveNetwork(pinned, options), fixed: new Map() };
  const result = solveNetwork(parsed.index, options);
  if (result.choices === null) return { result, fixed };
  const choices = withFixed(cohort, fixed, parsed.index, result.choices);
  const fixedCost = costsOf(pinned, [...fixed].map(([, c]) => c), [...fixed.keys()]);
  return { result: { ...result, choices, objective: costsOf(pinned, choices), bound: result.bound === null ? null : result.bound + fixedCost }, fixed };
}

/**
 * The continuing trainees whose every role is kept (by `kept`, or by a pin already there), with
 * their choices; none at a member they would use unevenly across the away periods.
 */
function fixedTrainees(cohort: Cohort, setup: ReplanSetup, roles: readonly CountedRole[], kept: ReadonlySet<CountedRole>): Map<number, TraineeChoice> {
  const open = new Set<number>();
  for (const r of roles) if (r.keep === null || !kept.has(r)) open.add(r.t);
  const fixed = new Map<number, TraineeChoice>();
  cohort.trainees.forEach((trainee, t) => {
    const before = setup.previous[t];
    if (before === null || before === undefined || open.has(t) || before.host === null || before.supervisor === null || before.mentor === null) return;
    if (before.away.some((m) => m === null)) return;
    // A host not counted is given: fixed only when it is the plan's.
    if (trainee.host !== undefined && trainee.host !== before.host) return;
    fixed.set(t, before);
  });
  // One away capacity per member: drop fixed trainees at members they would use unevenly.
  for (;;) {
    const uneven = new Set([...awayUse(fixed.values())].filter(([, row]) => row.some((n) => n !== row[0])).map(([m]) => m));
    if (uneven.size === 0) return fixed;
    for (const [t, choice] of fixed) if (choice.away.some((m) => m !== null && uneven.has(m))) fixed.delete(t);
  }
}

/** The whole cohort's choices: the fixed trainees' own, the others' from the shrunk cohort's (matched by id). */
function withFixed(cohort: Cohort, fixed: ReadonlyMap<number, TraineeChoice>, shrunk: CohortIndex, choices: readonly TraineeChoice[]): TraineeChoice[] {
  const byId = new Map(shrunk.cohort.trainees.map((t, i) => [t.id, choices[i] as TraineeChoice]));
  return cohort.trainees.map((t, i) => fixed.get(i) ?? (byId.get(t.id) as TraineeChoice));
}

/**
 * When keep pins had to be released: the trainees the network plan leaves fixed stay, and the
 * others are re-planned on the exact model in stages (fewest changes, then the objective), with
 * only what started pinned, when that model is small. A better plan (fewer changes, or as few
 * and cheaper) than the network's, or null. Not a proof for the whole cohort: the fixed
 * trainees might have made room.
 */
function exactResidual(setup: ReplanSetup, fixed: ReadonlyMap<number, TraineeChoice>, deadline: number, signal: AbortSignal | undefined): TraineeChoice[] | null {
  const cohort = setup.index.cohort;
  const parsed = parseCohort(shrinkCohort(cohort, fixed));
  if (!parsed.ok) return null;
  if (modelVariablesAtMost(parsed.index) > RESIDUAL_VARIABLES && estimateNetwork(parsed.index).modelVariables > RESIDUAL_VARIABLES) return null;
  const position = new Map(cohort.trainees.map((t, i) => [t.id, i]));
  const previous = parsed.index.cohort.trainees.map((t) => setup.previous[position.get(t.id) as number] ?? null);
  const own = new Set<string>();
  for (const before of previous) for (const person of [before?.supervisor, before?.mentor]) if (person != null && parsed.index.personById.has(person)) own.add(person);
  const built = buildModel(parsed.index, { ownClass: own, fairness: true });
  const stages: Stage[] = [{ kind: "changes", objective: changeObjective(built, { previous, laterAway: setup.laterAway }) }, { kind: "cost" }];
  const staged = solveStages(built, stages, [], { deadline, ...(signal === undefined ? {} : { signal }) });
  if (staged.values === null) return null;
  return withFixed(cohort, fixed, parsed.index, decodeChoices(built, staged.values));
}

/** Whether `a` changes fewer counted roles than `b`, or as few at a lower objective. */
function betterReplan(setup: ReplanSetup, a: readonly TraineeChoice[], b: readonly TraineeChoice[]): boolean {
  const changes = (choices: readonly TraineeChoice[]) => diffChoices(setup.index, setup.previous, choices, { laterAway: setup.laterAway }).length;
  const [ca, cb] = [changes(a), changes(b)];
  return ca < cb || (ca === cb && planObjective(setup.index, a) < planObjective(setup.index, b) - 1e-9);
}

/** The objective of choices (of the trainees `which`, or of every trainee in order). */
function costsOf(index: CohortIndex, choices: readonly TraineeChoice[], which?: readonly number[]): number {
  let total = 0;
  choices.forEach((choice, i) => {
    const trainee = index.cohort.trainees[which === undefined ? i : (which[i] as number)];
    if (trainee !== undefined) total += totalCost(costOfChoice(index, trainee, choice));
  });
  return total;
}

/**
 * A proven lower bound on the changed roles of any plan: the forced roles, plus, at each place
 * (a member's host places, its away places in one later period, a person), the roles that
 * would keep it beyond its capacity. At most `capacity` of the roles whose old value is that
 * place can keep it, so the others change; each role has one old place, so the sums add up.
 */
function leastChanges(index: CohortIndex, roles: readonly CountedRole[]): number {
  let least = 0;
  const users = new Map<string, number>();
  for (const r of roles) {
    if (r.keep === null) least += 1;
    else if (r.place !== null) users.set(r.place, (users.get(r.place) ?? 0) + 1);
  }
  for (const [place, n] of users) {
    const parts = place.split("|");
    const id = parts[parts.length - 1] as string;
    const capacity =
      parts[0] === "host" ? index.memberById.get(id)?.hostCapacity : parts[0] === "away" ? index.memberById.get(id)?.awayCapacity : index.personById.get(id)?.capacity;
    if (capacity !== undefined && n > capacity) least += n - capacity;
  }
  return least;
}

/** Whether a class is exactly the one person (the previously used people have a class of their own). */
function isOnly(personClass: PersonClass, person: string | null): boolean {
  return person !== null && personClass.people.length === 1 && personClass.people[0]?.id === person;
}

/** Whether a keep "pin" says something (`{trainee}` alone stands for a role kept by a pin or a supervisor pin already there). */
function says(pin: Pin): boolean {
  return pin.period !== undefined || pin.supervisor !== undefined || pin.mentor !== undefined;
}

/**
 * The cohort with the keep pins added, validated; the pins validation refuses (a capacity now
 * below the kept use, a pair of pins that no longer fit together) are released, the pins on
 * a capacity it names with them, until it validates (at worst with none).
 */
function parseKept<R extends CountedRole & { keep: Pin }>(cohort: Cohort, kept: readonly R[]): { readonly index: CohortIndex; readonly kept: R[] } {
  let list = [...kept];
  for (;;) {
    const pins = list.filter((r) => says(r.keep));
    const parsed = parseCohort({ ...cohort, pins: [...cohort.pins, ...pins.map((r) => r.keep)] });
    if (parsed.ok) return { index: parsed.index, kept: list };
    const drop = refusedPins(cohort, pins, parsed.issues);
    if (drop.size === 0) list = [];
    else list = list.filter((r) => !drop.has(r));
  }
}

/** The keep pins an issue names: at `pins[k]` (k past the cohort's own), or on the member or person whose capacity it names. */
function refusedPins<R extends CountedRole & { keep: Pin }>(cohort: Cohort, pins: readonly R[], issues: readonly Issue[]): Set<R> {
  const drop = new Set<R>();
  const base = cohort.pins.length;
  for (const issue of issues) {
    const pin = /^pins\[(\d+)\]/.exec(issue.path);
    if (pin !== null) {
      const r = pins[Number(pin[1]) - base];
      if (r !== undefined) drop.add(r);
      continue;
    }
    const place = /^(members|people)\[(\d+)\]/.exec(issue.path);
    if (place === null) continue;
    const id = place[1] === "members" ? cohort.members[Number(place[2])]?.id : cohort.people[Number(place[2])]?.id;
    for (const r of pins) if (id !== undefined && r.names === id) drop.add(r);
  }
  return drop;
}

/** Members and people the kept roles fill to their capacity (host places, away places in some period, a person's). */
function filled(index: CohortIndex, kept: readonly CountedRole[]): Set<string> {
  const use = new Map<string, number>();
  const add = (key: string) => use.set(key, (use.get(key) ?? 0) + 1);
  for (const trainee of index.cohort.trainees) if (trainee.host !== undefined) add(`host|${trainee.host}`);
  for (const r of kept) {
    const pin = r.keep;
    if (pin === null || r.names === null) continue;
    if (pin.period !== undefined) add(index.awayPeriods.some((p) => p.id === pin.period) ? `away|${pin.period}|${r.names}` : `host|${r.names}`);
    else if (pin.supervisor !== undefined || pin.mentor !== undefined) add(`person|${r.names}`);
  }
  const full = new Set<string>();
  for (const [key, n] of use) {
    const parts = key.split("|");
    const id = parts[parts.length - 1] as string;
    const capacity =
      parts[0] === "host" ? index.memberById.get(id)?.hostCapacity : parts[0] === "away" ? index.memberById.get(id)?.awayCapacity : index.personById.get(id)?.capacity;
    if (capacity !== undefined && n >= capacity) full.add(id);
  }
  return full;
}
