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
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { rankCost, type TraineeChoice } from "../domain/cost.js";
import type { Issue } from "../domain/issues.js";
import { EXPLANATION_FORMAT, type Explanation, type ExplanationOption, type TraineeExplanation } from "../domain/replan-schema.js";
import type { RuleFamilyId } from "../domain/rules.js";
import { readCohortFacts, type TraineeFacts } from "../domain/trainee-facts.js";
import { buildModel, type BuiltModel } from "../model/build-model.js";
import type { LinearConstraint } from "../model/linear-model.js";
import { quote } from "../util/words.js";
import { deadlineOf, type CommonOptions } from "./assemble.js";
import { solveStages, type RoleKey } from "./lexicographic.js";
import { choicesOf, compareWithPlan, peopleOf, readBase } from "./what-if.js";
import { LANGS, impossibleText, possibleText, summaryText, unsettledText, type Lang, type OptionWords } from "./words.js";

export interface ExplainOptions extends CommonOptions {
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
  readonly variables: readonly number[];
  /** The rule that rules it out before any solve, or null. */
  readonly rule: RuleFamilyId | null;
}

export function explainPlan(cohort: unknown, plan: unknown, options: ExplainOptions = {}): ExplainResult {
  const started = performance.now();
  const deadline = deadlineOf(options, started);
  const lang = options.lang ?? "nb";
  if (!(LANGS as readonly unknown[]).includes(lang)) throw new TypeError(`lang must be "nb" or "en"`);
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
  const built = buildModel(index, { ownClass: new Set([...peopleOf(base.plan), ...optionPeople]) });
  let relaxed: BuiltModel | undefined;

  const trainees: TraineeExplanation[] = wanted.map(({ trainee, t }) => {
    const got = previous[t] as TraineeChoice;
    const assignment = base.plan.assignments.find((a) => a.trainee === trainee.id);
    const candidates = optionsOf(index, built, facts.of(trainee), t, got, personOptions(index, base.plan.assignments, trainee.id, got));
    const settled = candidates.map((c): ExplanationOption => {
      const shape = { role: c.words.role, ...(c.words.period === undefined ? {} : { period: c.words.period }), ...(c.words.role === "host" || c.words.role === "away" ? { member: c.words.value } : { person: c.words.value }), ...(c.words.rank === undefined ? {} : { rank: c.words.rank }) };
      const impossible = (rule: RuleFamilyId): ExplanationOption => ({ ...shape, possible: false, rule, delta: null, deltaBound: null, changes: [], text: impossibleText(lang, index, c.words, rule) });
      if (c.rule !== null) return impossible(c.rule);
      const row: LinearConstraint = { name: "option", terms: c.variables.map((variable) => ({ variable, coefficient: 1 })), lower: 1, upper: 1 };
      const compared = compareWithPlan(index, built, previous, new Map([[t, new Set([c.key])]]), [row], base.objective, { deadline, started, diagnose: false });
      if (compared.plan.status === "timedout") {
        // Not settled within the time limit: neither ruled out nor priced, and said so.
        return { ...shape, possible: false, rule: null, delta: null, deltaBound: null, changes: [], text: unsettledText(lang, index, c.words) };
      }
      if (compared.plan.status === "infeasible") {
        relaxed ??= buildModel(index, { relax: true, ownClass: new Set([...peopleOf(base.plan), ...optionPeople]) });
        return impossible(relaxedAllows(relaxed, t, c, deadline) ? "capacity" : c.words.role);
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

function optionsOf(index: CohortIndex, built: BuiltModel, own: TraineeFacts, t: number, got: TraineeChoice, people: readonly OptionWords[]): Candidate[] {
  const trainee = own.trainee;
  const tv = built.traineeVars[t];
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
      out.push(settleVars({ trainee: trainee.id, role: "host", value: m, rank }, "host", [...(tv?.host.get(m) ?? [])], rule));
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
      const variables = (tv?.away[p] ?? []).filter((a) => a.member === m).map((a) => a.variable);
      out.push(settleVars({ trainee: trainee.id, role: "away", period: period.id, value: m, rank }, `away:${p}`, variables, rule));
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
    const list = words.role === "mentor" ? (tv?.mentor ?? []) : (tv?.supervisor ?? []);
    const variables = list.filter((x) => x.personClass.people.length === 1 && x.personClass.people[0]?.id === person.id).map((x) => x.variable);
    out.push(settleVars(words, words.role === "mentor" ? "mentor" : "supervisor", variables, rule));
  }
  return out;
}

/** An option with no variable is ruled out by the rule found, or by its role's rule when none was. */
function settleVars(words: OptionWords, key: RoleKey, variables: readonly number[], rule: RuleFamilyId | null): Candidate {
  return { words, key, variables, rule: rule ?? (variables.length === 0 ? words.role : null) };
}

/** Whether a plan with every capacity relaxed (the diagnosis model) gives the option. */
function relaxedAllows(relaxed: BuiltModel, t: number, c: Candidate, deadline: number): boolean {
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
  return solveStages(relaxed, [{ kind: "cost" }], [row], { deadline }).values !== null;
}
