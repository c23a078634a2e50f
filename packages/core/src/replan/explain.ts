/**
 * Explanations (`rotamatch.explanation/v1`): for a trainee, each option they ranked above what
 * they got (hosts the solver chose, away members, from their preferences) and each mentor or
 * supervisor who would remove a specialization cost; for each, whether any plan can give it
 * and, if not, the rule family that forbids it (domain/rules.ts); if so, the least objective
 * of a plan that gives it minus the plan's (`delta`, or `deltaBound` when not proven) and the
 * changes to other roles in such a plan, fewest first, in plain words (words.ts).
 *
 * It reuses the what-if machinery (what-if.ts), one model for the whole explanation: the
 * people the plan and the options name have a class of their own, and each option is a row
 * (its variables sum to 1) rather than a pin, so the cohort is validated and the model built
 * once. An option no variable gives is ruled out before any solve by the rules that shape the
 * candidates (forbids and pins, the specialization, a given host's organisation, a capacity of
 * 0); one that no plan can give although it is a candidate is ruled out by capacity when a
 * plan with capacities relaxed gives it, otherwise by its own role's rule.
 *
 * Cohorts whose exact model is too big (the "auto" rule of whatIf and replanCohort) are
 * explained on the network backend instead: no model is built, the candidates alone say which
 * options some plan might give, and each such option is a what-if pin solved as
 * what-if-network.ts solves one (`delta` when the network proves it, `deltaBound` otherwise).
 *
 * On the network, each option's exact re-plan of the trainees it moves (for fewer changes) gets
 * at most half the option's share of the time left, so that every option gets its delta first.
 *
 * Each option's solve may take twice its share of the time left (at least a second), so that one
 * option that cannot be settled in time does not leave the others unsettled.
 *
 * The deadline is checked before every option's solve (and before each stage of it): an
 * option reached after the deadline, or whose solve found nothing in time, is answered as
 * unsettled (`possible` false, `rule` null, a text that says so), never guessed.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { rankCost, type TraineeChoice } from "../domain/cost.js";
import type { Issue } from "../domain/issues.js";
import { EXPLANATION_FORMAT, type Explanation, type ExplanationOption, type TraineeExplanation } from "../domain/replan-schema.js";
import { ruleOfCode, type CodesOfStage, type RuleFamilyId } from "../domain/rules.js";
import type { Pin } from "../domain/schema.js";
import { parseCohort } from "../domain/validate.js";
import { readCohortFacts, type TraineeFacts } from "../domain/trainee-facts.js";
import { buildModel, type BuiltModel } from "../model/build-model.js";
import { buildCandidates, type Candidates, type PersonClass } from "../model/candidates.js";
import type { LinearConstraint } from "../model/linear-model.js";
import { solveNetwork } from "../solvers/network/index.js";
import { mustStop } from "../solvers/stop.js";
import { quote } from "../util/words.js";
import { deadlineOf, type CommonOptions } from "./assemble.js";
import { solveStages, type RoleKey } from "./lexicographic.js";
import { addPins, checkBackend, choicesOf, compareWithPlan, onNetwork, peopleOf, readBase, type Compared, type CompareOptions, type WhatIfBackend } from "./what-if.js";
import { RESIDUAL_MS, compareOnNetwork, floorDeadline, networkFloor } from "./what-if-network.js";
import { LANGS, impossibleText, possibleText, summaryText, unsettledText, type Lang, type OptionWords } from "./words.js";

/**
 * Least time (ms) an option's exact re-plan of the trainees it moves (on the network) is worth
 * starting with. On generated cohorts with hosts given and two away periods it took about 0.2 s
 * at 50 trainees (and halved the changes), and did not finish within 1.5 s at 200.
 */
const MIN_RESIDUAL_MS = 250;

/** Least time (ms) an option's solve is given, whatever its share of the time left. */
const MIN_OPTION_MS = 1_000;

/** Exact re-plans in a row that did not answer in their time, after which an explanation tries no more. */
const MAX_RESIDUAL_MISSES = 3;

export interface ExplainOptions extends CommonOptions {
  /** As whatIf's: "auto" (the default) puts cohorts whose exact model is too big on the network backend. */
  readonly backend?: WhatIfBackend;
  /** Explain this trainee only (default: every trainee of the cohort). */
  readonly trainee?: string;
  /** The language of `text`: "nb" (the default) or "en". */
  readonly lang?: Lang;
}

export type ExplainResult =
  | { readonly ok: true; readonly explanation: Explanation; readonly issues: readonly [] }
  | { readonly ok: false; readonly explanation: null; readonly issues: readonly Issue[] };

/** An option before it is settled: what it is and the variables that give it. */
interface Candidate {
  readonly words: OptionWords;
  readonly key: RoleKey;
  /** The exact model's variables that give it (none on the network backend, which builds no model). */
  readonly variables: readonly number[];
  /** The rule that rules it out before any solve, or null. */
  readonly rule: RuleFamilyId | null;
}

/**
 * Whether a trainee's candidates (model/candidates.ts) include a value, and the exact model's
 * variables that give it: on the exact path both come from the built model, on the network
 * from the candidates alone.
 */
interface Givers {
  host(t: number, member: string): { readonly available: boolean; readonly variables: readonly number[] };
  away(t: number, p: number, member: string): { readonly available: boolean; readonly variables: readonly number[] };
  person(t: number, role: "supervisor" | "mentor", person: string): { readonly available: boolean; readonly variables: readonly number[] };
}

export function explainPlan(cohort: unknown, plan: unknown, options: ExplainOptions = {}): ExplainResult {
  const started = performance.now();
  const deadline = deadlineOf(options, started);
  const lang = options.lang ?? "nb";
  if (!(LANGS as readonly unknown[]).includes(lang)) throw new TypeError(`lang must be "nb" or "en"`);
  checkBackend(options.backend);
  const signal = options.signal;
  // Checked before every solve: none starts after the deadline or an abort.
  const expired = (): boolean => mustStop(deadline, signal);
  const base = readBase(cohort, plan);
  if ("issues" in base) return { ok: false, explanation: null, issues: base.issues };
  const { index } = base;
  if (options.trainee !== undefined && !index.traineeById.has(options.trainee)) {
    return {
      ok: false,
      explanation: null,
      issues: [{ code: "unknown_reference", path: "trainee", message: `The cohort has no trainee ${quote(options.trainee)} to explain.` }],
    };
  }
  const previous = choicesOf(index, base.plan);
  const facts = readCohortFacts(index);
  const wanted = index.cohort.trainees.map((t, i) => ({ trainee: t, t: i })).filter(({ trainee }) => options.trainee === undefined || trainee.id === options.trainee);

  // The people the options name get a class of their own, like the plan's.
  const optionPeople = new Set<string>();
  for (const { trainee, t } of wanted) for (const p of personOptions(index, base.plan.assignments, trainee.id, previous[t] ?? null)) optionPeople.add(p.value);
  const ownClass = new Set([...peopleOf(base.plan), ...optionPeople]);
  const network = onNetwork(options.backend, index);
  const built = network ? null : buildModel(index, { ownClass, fairness: true });
  const givers = built === null ? candidateGivers(buildCandidates(index, { ownClass })) : modelGivers(built);
  let relaxed: BuiltModel | undefined;
  // On the network: a bound on every plan of the cohort, computed once for all the options.
  let floor: number | null | undefined;
  const compareOptions: CompareOptions = { deadline, started, diagnose: false, ...(signal === undefined ? {} : { signal }) };

  const optionsByTrainee = wanted.map(({ trainee, t }) => {
    const got = previous[t] as TraineeChoice;
    return optionsOf(index, givers, facts.of(trainee), t, got, personOptions(index, base.plan.assignments, trainee.id, got));
  });
  // The options still to solve: on the network, each gets at most half its share of the time
  // left for the exact re-plan of the trainees it moves (fewer changes), none below
  // MIN_RESIDUAL_MS (too short to build and solve that model), so that every option gets its
  // delta before any gets fewer changes; after MAX_RESIDUAL_MISSES in a row that did not answer
  // in their time (the cohort is too big for them), none is tried again.
  let toSolve = optionsByTrainee.reduce((sum, candidates) => sum + candidates.filter((c) => c.rule === null).length, 0);
  let residualMisses = 0;
  const residualShare = (): number => {
    const share = (deadline - performance.now()) / (2 * Math.max(1, toSolve));
    return share >= MIN_RESIDUAL_MS && residualMisses < MAX_RESIDUAL_MISSES ? Math.min(RESIDUAL_MS, share) : 0;
  };

  const trainees: TraineeExplanation[] = wanted.map(({ trainee, t }, w) => {
    const got = previous[t] as TraineeChoice;
    const assignment = base.plan.assignments.find((a) => a.trainee === trainee.id);
    const candidates = optionsByTrainee[w] ?? [];
    const settled = candidates.map((c): ExplanationOption => {
      const shape = { role: c.words.role, ...(c.words.period === undefined ? {} : { period: c.words.period }), ...(c.words.role === "host" || c.words.role === "away" ? { member: c.words.value } : { person: c.words.value }), ...(c.words.rank === undefined ? {} : { rank: c.words.rank }) };
      const impossible = (rule: RuleFamilyId): ExplanationOption => ({ ...shape, possible: false, rule, delta: null, deltaBound: null, changes: [], text: impossibleText(lang, index, c.words, rule) });
      if (c.rule !== null) return impossible(c.rule);
      const residualMs = residualShare();
      // Each option may take twice its share of the time left (at least MIN_OPTION_MS): one
      // option whose solve cannot finish leaves the others their time.
      const optionDeadline = Math.min(deadline, performance.now() + Math.max(MIN_OPTION_MS, (2 * (deadline - performance.now())) / Math.max(1, toSolve)));
      const optionOptions: CompareOptions = { ...compareOptions, deadline: optionDeadline };
      toSolve -= 1;
      // Not settled within the time limit: neither ruled out nor priced, and said so.
      const unsettled: ExplanationOption = { ...shape, possible: false, rule: null, delta: null, deltaBound: null, changes: [], text: unsettledText(lang, index, c.words) };
      if (expired()) return unsettled;
      const excluded = new Map([[t, new Set([c.key])]]);
      let compared: Compared;
      if (built === null) {
        // On the network the option is a what-if pin; a pin validation refuses is ruled out by its rule.
        const pin = pinOf(index, trainee.id, c);
        if (pin === null) return unsettled;
        const pinned = addPins(index, [pin]);
        if ("issues" in pinned) return impossible(ruleOfIssues(pinned.issues) ?? c.words.role);
        if (floor === undefined) floor = networkFloor(index, floorDeadline(deadline), signal);
        compared = compareOnNetwork(pinned.index, previous, excluded, base.objective, floor, { ...optionOptions, residualMs });
        if (compared.residual === "unfinished") residualMisses += 1;
        else if (compared.residual === "finished") residualMisses = 0;
      } else {
        const row: LinearConstraint = { name: "option", terms: c.variables.map((variable) => ({ variable, coefficient: 1 })), lower: 1, upper: 1 };
        compared = compareWithPlan(index, built, previous, excluded, [row], base.objective, optionOptions);
      }
      if (compared.plan.status === "timedout") return unsettled;
      if (compared.plan.status === "infeasible") {
        // Proven impossible; which rule is settled by a plan with capacities relaxed, when time is left for it.
        if (expired()) return impossible(c.words.role);
        if (built === null) return impossible(relaxedNetworkAllows(index, trainee.id, c, optionDeadline, signal) ? "capacity" : c.words.role);
        relaxed ??= buildModel(index, { relax: true, ownClass });
        return impossible(relaxedAllows(relaxed, t, c, optionDeadline, signal) ? "capacity" : c.words.role);
      }
      return {
        ...shape,
        possible: true,
        rule: null,
        delta: compared.delta,
        deltaBound: compared.deltaBound,
        changes: compared.changes,
        text: possibleText(lang, index, c.words, compared.delta, compared.deltaBound, compared.changes),
      };
    });
    return { trainee: trainee.id, cost: assignment?.cost ?? {}, options: settled, text: summaryText(lang, index, trainee.id, got, settled.length) };
  });
  return { ok: true, explanation: { format: EXPLANATION_FORMAT, objective: base.objective, lang, trainees }, issues: [] };
}

/** Mentors and supervisors who list the trainee's specialization, when the one they have does not (and it costs). */
function personOptions(index: CohortIndex, assignments: readonly { readonly trainee: string; readonly cost: Record<string, number | undefined> }[], traineeId: string, got: TraineeChoice | null): OptionWords[] {
  const trainee = index.traineeById.get(traineeId);
  const cost = assignments.find((a) => a.trainee === traineeId)?.cost;
  if (trainee === undefined || got === null || cost === undefined) return [];
  const out: OptionWords[] = [];
  for (const role of ["supervisor", "mentor"] as const) {
    const term = role === "mentor" ? cost["mentorSpecialization"] : cost["supervisorSpecialization"];
    if (term === undefined || term <= 0) continue;
    const current = role === "mentor" ? got.mentor : got.supervisor;
    for (const person of index.personById.values()) {
      if (person.role === role && person.id !== current && index.personLists(person.id, trainee.specialization)) out.push({ trainee: traineeId, role, value: person.id });
    }
  }
  return out;
}

function optionsOf(index: CohortIndex, givers: Givers, own: TraineeFacts, t: number, got: TraineeChoice, people: readonly OptionWords[]): Candidate[] {
  const trainee = own.trainee;
  const out: Candidate[] = [];
  const required = index.cohort.rules.specializationFit === "required";
  const memberRule = (m: string): RuleFamilyId | null => {
    const member = index.memberById.get(m);
    if (member === undefined) return "input";
    if (own.forbiddenMembers.has(m)) return "pins";
    if (required && !index.offers(m, trainee.specialization)) return "specialization";
    return null;
  };
  if (trainee.host === undefined && got.host !== null) {
    const current = rankCost(trainee.hostPreferences, got.host);
    trainee.hostPreferences.forEach((m, rank) => {
      if (rank >= current) return;
      const rule = memberRule(m) ?? (own.hostFromPins !== null && own.hostFromPins !== m ? "pins" : null) ?? ((index.memberById.get(m)?.hostCapacity ?? 0) === 0 ? "capacity" : null);
      out.push(settleVars({ trainee: trainee.id, role: "host", value: m, rank }, "host", givers.host(t, m), rule));
    });
  }
  index.awayPeriods.forEach((period, p) => {
    const had = got.away[p] ?? null;
    const current = had === null ? trainee.awayPreferences.length : rankCost(trainee.awayPreferences, had);
    trainee.awayPreferences.forEach((m, rank) => {
      if (rank >= current) return;
      const pinned = own.pinnedAway.get(period.id);
      const rule =
        memberRule(m) ??
        (pinned !== undefined && pinned !== m ? "pins" : null) ??
        (trainee.host !== undefined && index.organisationOf(trainee.host) === index.organisationOf(m) ? "away" : null) ??
        ((index.memberById.get(m)?.awayCapacity ?? 0) === 0 ? "capacity" : null);
      out.push(settleVars({ trainee: trainee.id, role: "away", period: period.id, value: m, rank }, `away:${p}`, givers.away(t, p, m), rule));
    });
  });
  for (const words of people) {
    const person = index.personById.get(words.value);
    if (person === undefined) continue;
    const forbidden = words.role === "mentor" ? own.forbiddenMentors : own.forbiddenSupervisors;
    const pinned = words.role === "mentor" ? own.pinnedMentor : own.pinnedSupervisor;
    const rule: RuleFamilyId | null =
      forbidden.has(person.id) || (pinned !== null && pinned !== person.id)
        ? "pins"
        : words.role === "supervisor" && trainee.host !== undefined && person.member !== trainee.host
          ? "supervisor"
          : words.role === "mentor" && trainee.host !== undefined && index.organisationOf(person.member) === index.organisationOf(trainee.host)
            ? "mentor"
            : person.capacity === 0
              ? "capacity"
              : null;
    const role = words.role === "mentor" ? "mentor" : "supervisor";
    out.push(settleVars(words, role, givers.person(t, role, person.id), rule));
  }
  return out;
}

/** An option no candidate gives is ruled out by the rule found, or by its role's rule when none was. */
function settleVars(words: OptionWords, key: RoleKey, given: { readonly available: boolean; readonly variables: readonly number[] }, rule: RuleFamilyId | null): Candidate {
  return { words, key, variables: given.variables, rule: rule ?? (given.available ? null : words.role) };
}

/** The exact model's variables for each option (an option without one is not a candidate). */
function modelGivers(built: BuiltModel): Givers {
  const given = (variables: readonly number[]) => ({ available: variables.length > 0, variables });
  return {
    host: (t, member) => given([...(built.traineeVars[t]?.host.get(member) ?? [])]),
    away: (t, p, member) => given((built.traineeVars[t]?.away[p] ?? []).filter((a) => a.member === member).map((a) => a.variable)),
    person: (t, role, person) => {
      const tv = built.traineeVars[t];
      const list = role === "mentor" ? (tv?.mentor ?? []) : (tv?.supervisor ?? []);
      return given(list.filter((x) => isOnly(x.personClass, person)).map((x) => x.variable));
    },
  };
}

/** The candidates the exact model's variables come from, without building it (the network path). */
function candidateGivers(candidates: Candidates): Givers {
  const given = (available: boolean) => ({ available, variables: [] });
  return {
    host: (t, member) => given(candidates.trainees[t]?.hosts.includes(member) ?? false),
    away: (t, p, member) => given(candidates.trainees[t]?.away[p]?.members.includes(member) ?? false),
    person: (t, role, person) => {
      const tc = candidates.trainees[t];
      return given((role === "mentor" ? (tc?.mentors ?? []) : (tc?.supervisors ?? [])).some((c) => isOnly(c, person)));
    },
  };
}

/** Whether a class is exactly the one person (the people the plan and the options name have a class of their own). */
function isOnly(personClass: PersonClass, person: string): boolean {
  return personClass.people.length === 1 && personClass.people[0]?.id === person;
}

/** The option as a what-if pin; null for a host option when the programme has no host period to pin it to. */
function pinOf(index: CohortIndex, trainee: string, c: Candidate): Pin | null {
  const w = c.words;
  if (w.role === "mentor") return { trainee, mentor: w.value };
  if (w.role === "supervisor") return { trainee, supervisor: w.value };
  const period = w.role === "away" ? w.period : index.hostPeriods[0]?.id;
  return period === undefined ? null : { trainee, period, member: w.value };
}

/** The rule family of the first issue validation gives a pinned option, if the catalogue has it. */
function ruleOfIssues(issues: readonly Issue[]): RuleFamilyId | null {
  for (const issue of issues) {
    const family = ruleOfCode("issues", issue.code as CodesOfStage["issues"]);
    if (family !== undefined) return family.id;
  }
  return null;
}

/**
 * The network's counterpart of relaxedAllows: whether the cohort with every capacity raised to
 * the number of trainees (so that none binds) has a plan with the option pinned.
 */
function relaxedNetworkAllows(index: CohortIndex, trainee: string, c: Candidate, deadline: number, signal: AbortSignal | undefined): boolean {
  const pin = pinOf(index, trainee, c);
  if (pin === null) return false;
  const cohort = index.cohort;
  const room = cohort.trainees.length;
  const parsed = parseCohort({
    ...cohort,
    members: cohort.members.map((m) => ({ ...m, hostCapacity: Math.max(m.hostCapacity, room), awayCapacity: Math.max(m.awayCapacity, room) })),
    people: cohort.people.map((p) => ({ ...p, capacity: Math.max(p.capacity, room) })),
    pins: [...cohort.pins, pin],
  });
  if (!parsed.ok) return false;
  return solveNetwork(parsed.index, { deadline, ...(signal === undefined ? {} : { signal }) }).choices !== null;
}

/** Whether a plan with every capacity relaxed (the diagnosis model) gives the option. */
function relaxedAllows(relaxed: BuiltModel, t: number, c: Candidate, deadline: number, signal: AbortSignal | undefined): boolean {
  const tv = relaxed.traineeVars[t];
  if (tv === undefined) return false;
  const w = c.words;
  const variables =
    w.role === "host"
      ? [...(tv.host.get(w.value) ?? [])]
      : w.role === "away"
        ? tv.away.flatMap((list, p) => (c.key === `away:${p}` ? list.filter((a) => a.member === w.value).map((a) => a.variable) : []))
        : (w.role === "mentor" ? tv.mentor : tv.supervisor).filter((x) => x.personClass.people.some((p) => p.id === w.value)).map((x) => x.variable);
  if (variables.length === 0) return false;
  const row: LinearConstraint = { name: "option", terms: variables.map((variable) => ({ variable, coefficient: 1 })), lower: 1, upper: 1 };
  return solveStages(relaxed, [{ kind: "cost" }], [row], { deadline, ...(signal === undefined ? {} : { signal }) }).values !== null;
}
