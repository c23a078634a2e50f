/**
 * The rule catalogue: every rule family of the contract, named once, with its one-line
 * statement, its codes in every stage and the files that implement it in each stage. A
 * newcomer who looks for "mentor" finds the rule here, then one file per stage named after it
 * (domain/validate/mentor.ts, diagnose/precheck/mentor.ts, result/verify/mentor.ts, ...).
 *
 * Stages are the main axis of the code (one folder each, imports pointing one way); families
 * are the second. A family's code belongs to exactly one family, even when the checks of
 * another family report it where the rules meet (a pin that breaks the mentor rule is the pins
 * family's `pin_breaks_rule`, reported from validate/mentor.ts): `alsoReports` names those.
 * packages/core/test/rules.test.ts checks that every code of every stage belongs to exactly one
 * family, that every code is reported from its family's files, that every file exists, and
 * that docs/format.md ("Rule families and their codes") lists the same.
 *
 * The reasons of `unassigned` (result/unassigned.ts) are sentences without codes, so the
 * catalogue names only their file, under the filling family.
 *
 * Only types are imported: the catalogue costs no schema and no solver at run time, so it is
 * part of `@rotamatch/core/format` as well.
 */
import type { ViolationCode } from "../result/verify/codes.js";
import type { DiagnosisCode } from "./diagnosis-codes.js";
import type { IssueCode } from "./issues.js";

/** The stages that have codes, and the union of each stage's codes. */
export interface CodesOfStage {
  /** Input issues: validation of the cohort (domain/validate/). */
  readonly issues: IssueCode;
  /** Pre-solve and relaxed diagnosis codes of an infeasible cohort (diagnose/), suggested capacity changes included. */
  readonly diagnosis: DiagnosisCode;
  /** Violations the verifier finds in a plan (result/verify/). */
  readonly violations: ViolationCode;
}

export type RuleStage = keyof CodesOfStage;

/** The stages in the order a cohort meets them, for walking the catalogue. */
export const RULE_STAGES = ["issues", "diagnosis", "violations"] as const satisfies readonly RuleStage[];

/**
 * Where a family lives in each stage: paths relative to `packages/core/src/`, the main file
 * first. A stage the family has nothing in is left out.
 */
export interface RuleFiles {
  /** Validation of the cohort (domain/validate/). */
  readonly validate?: readonly string[];
  /** Read once in the domain for every stage but the verifier (domain/trainee-facts.ts). */
  readonly facts?: readonly string[];
  /** The pre-solve checks and the relaxed diagnosis of an infeasible cohort (diagnose/). */
  readonly diagnose?: readonly string[];
  /** Candidates and rows of the MIP model, which the jslp backend solves (model/). */
  readonly model?: readonly string[];
  /** The network backend (solvers/network/). */
  readonly network?: readonly string[];
  /** The plan's assembly (result/). */
  readonly result?: readonly string[];
  /** The independent verifier (result/verify/, and domain/parse-plan.ts for the plan format). */
  readonly verify?: readonly string[];
}

export interface RuleFamily<Id extends string = string> {
  /** The family's one name, used in the file names and docs of every stage. */
  readonly id: Id;
  /**
   * `rule`: a hard rule of the contract that every plan keeps. `form`: what the files must be
   * before any rule applies (the cohort's shape and references, the plan's own form and numbers).
   */
  readonly kind: "rule" | "form";
  /** The rule in one plain sentence, after the contract. */
  readonly statement: string;
  /** Input issue codes of this family. */
  readonly issues: readonly IssueCode[];
  /** Diagnosis codes of this family: pre-solve checks, relaxed diagnosis, suggested changes. */
  readonly diagnosis: readonly DiagnosisCode[];
  /** Verifier violation codes of this family. */
  readonly violations: readonly ViolationCode[];
  /** Codes of other families that this family's files report too, where the rules meet. */
  readonly alsoReports?: { readonly [S in RuleStage]?: readonly CodesOfStage[S][] };
  readonly files: RuleFiles;
}

/** Every rule family, the contract's hard rules between the input's form and the plan's. */
export const RULES = [
  {
    id: "input",
    kind: "form",
    statement:
      "A cohort has the fields, types and formats of the format and no others, unique ids, references to things of the right kind, an away period and at least one trainee.",
    issues: [
      "invalid_json",
      "invalid_type",
      "invalid_value",
      "invalid_format",
      "too_small",
      "too_big",
      "unrecognized_key",
      "duplicate_id",
      "unknown_reference",
      "wrong_role",
      "duplicate_preference",
      "no_away_period",
    ],
    diagnosis: [],
    violations: [],
    files: {
      validate: ["domain/validate/shape.ts", "domain/validate/references.ts", "domain/validate/programme.ts", "domain/json-text.ts"],
    },
  },
  {
    id: "host",
    kind: "rule",
    statement:
      "Each trainee has one host and spends every host period there; a host the cohort gives is a fact, and may not be forbidden.",
    issues: ["forbidden_host"],
    diagnosis: ["no_host_candidate"],
    violations: ["host_mismatch"],
    alsoReports: { issues: ["conflicting_pins", "pin_breaks_rule"], violations: ["specialization_mismatch"] },
    files: {
      validate: ["domain/validate/host.ts"],
      diagnose: ["diagnose/precheck/host.ts"],
      model: ["model/candidates.ts", "model/constraints/assignment.ts"],
      network: ["solvers/network/host-flow.ts"],
      verify: ["result/verify/host.ts"],
    },
  },
  {
    id: "away",
    kind: "rule",
    statement:
      "Each away period is spent at a member of another organisation than the host's; with two or more away periods, each at a different member.",
    issues: [],
    diagnosis: ["no_away_candidate", "too_few_away_candidates"],
    violations: ["same_organisation", "repeated_away_member"],
    alsoReports: { issues: ["conflicting_pins", "pin_breaks_rule"], violations: ["specialization_mismatch"] },
    files: {
      validate: ["domain/validate/away.ts"],
      diagnose: ["diagnose/precheck/away.ts"],
      model: ["model/constraints/organisation.ts", "model/constraints/distinct-away.ts"],
      network: ["solvers/network/away-flow.ts"],
      verify: ["result/verify/away.ts"],
    },
  },
  {
    id: "supervisor",
    kind: "rule",
    statement: "The supervisor is a person with role supervisor employed by the host member itself.",
    issues: [],
    diagnosis: ["no_supervisor_candidate"],
    violations: ["wrong_employer"],
    alsoReports: { issues: ["pin_breaks_rule"], violations: ["specialization_mismatch"] },
    files: {
      validate: ["domain/validate/supervisor.ts"],
      diagnose: ["diagnose/precheck/supervisor.ts"],
      model: ["model/constraints/assignment.ts"],
      network: ["solvers/network/supervisor-flow.ts"],
      verify: ["result/verify/supervisor.ts"],
    },
  },
  {
    id: "mentor",
    kind: "rule",
    statement:
      'The mentor is a person with role mentor from outside the host\'s organisation, and also outside every away member\'s with mentorOutside: "host-and-away".',
    issues: [],
    diagnosis: ["no_mentor_candidate"],
    violations: ["mentor_inside"],
    alsoReports: { issues: ["pin_breaks_rule"] },
    files: {
      validate: ["domain/validate/mentor.ts"],
      diagnose: ["diagnose/precheck/mentor.ts"],
      model: ["model/constraints/organisation.ts"],
      network: ["solvers/network/mentor-flow.ts"],
      verify: ["result/verify/mentor.ts"],
    },
  },
  {
    id: "specialization",
    kind: "rule",
    statement:
      'Under specializationFit: "required" (the default), a host the solver chooses, every away member and the supervisor list the trainee\'s specialization; under "preferred" a miss costs.',
    issues: [],
    diagnosis: [],
    violations: ["specialization_mismatch"],
    files: {
      validate: ["domain/validate/host.ts", "domain/validate/away.ts", "domain/validate/supervisor.ts"],
      diagnose: ["diagnose/precheck/host.ts", "diagnose/precheck/away.ts", "diagnose/precheck/people.ts"],
      model: ["model/candidates.ts"],
      network: ["solvers/network/problem.ts"],
      verify: ["result/verify/host.ts", "result/verify/away.ts", "result/verify/supervisor.ts"],
    },
  },
  {
    id: "capacity",
    kind: "rule",
    statement:
      "hostCapacity caps the trainees a member hosts (given hosts included), awayCapacity the visiting trainees in each away period, and a person's capacity the trainees they take over the programme.",
    issues: ["host_over_capacity", "pins_over_capacity"],
    diagnosis: [
      "host_places_short",
      "away_places_short",
      "supervisors_short",
      "mentors_short",
      "smallest_capacity_fix",
      "raise_host_capacity",
      "raise_away_capacity",
      "raise_supervisor_capacity",
      "raise_mentor_capacity",
      "add_supervisor",
      "add_mentor",
      "capacity_cannot_help",
      "capacity_fix_timedout",
    ],
    violations: ["capacity_exceeded"],
    files: {
      validate: ["domain/validate/capacity.ts"],
      diagnose: ["diagnose/precheck/capacity.ts", "diagnose/relax.ts", "diagnose/diagnose.ts"],
      model: ["model/constraints/capacity.ts"],
      network: ["solvers/network/lagrangian.ts"],
      verify: ["result/verify/capacity.ts"],
    },
  },
  {
    id: "pins",
    kind: "rule",
    statement:
      "Pins fix a placement (a pin on a host period fixes the host), a supervisor or a mentor, and forbids rule a pair out; a pin that breaks a hard rule is an input error.",
    issues: ["invalid_pin", "invalid_forbid", "conflicting_pins", "pin_forbidden", "pin_breaks_rule"],
    diagnosis: [],
    violations: ["pin_broken", "forbidden"],
    files: {
      validate: ["domain/validate/pins.ts"],
      facts: ["domain/trainee-facts.ts"],
      diagnose: ["diagnose/precheck/pins.ts"],
      model: ["model/candidates.ts"],
      network: ["solvers/network/problem.ts"],
      verify: ["result/verify/pins.ts"],
    },
  },
  {
    id: "filling",
    kind: "rule",
    statement:
      "With allowUnassigned false every trainee gets every role; with true the plan fills as many roles as it can, a trainee without a host gets no other role, and unassigned lists each empty role with its reason.",
    issues: [],
    diagnosis: ["no_plan"],
    violations: ["role_missing", "role_without_host", "unassigned_mismatch"],
    files: {
      diagnose: ["diagnose/diagnose.ts"],
      model: ["model/constraints/assignment.ts", "model/build-model.ts"],
      network: ["solvers/network/decomposition.ts"],
      result: ["result/unassigned.ts"],
      verify: ["result/verify/filling.ts"],
    },
  },
  {
    id: "plan",
    kind: "form",
    statement:
      "A plan has the plan format, a status that matches what it carries, each trainee once, references to the cohort, placements in programme order with their dates, and costs, objective, bound and members' balance that add up.",
    issues: [],
    diagnosis: [],
    violations: [
      "invalid_plan",
      "wrong_format",
      "status_mismatch",
      "missing_diagnosis",
      "missing_trainee",
      "duplicate_trainee",
      "unknown_trainee",
      "unknown_member",
      "unknown_person",
      "unknown_period",
      "duplicate_placement",
      "wrong_period_order",
      "wrong_dates",
      "wrong_role",
      "cost_mismatch",
      "objective_mismatch",
      "bound_above_objective",
      "bound_mismatch",
      "balance_mismatch",
      "invalid_cohort",
    ],
    files: {
      verify: ["domain/parse-plan.ts", "result/verify/plan.ts", "result/verify/assignment.ts", "result/verify/index.ts", "result/verify/fairness.ts"],
    },
  },
  {
    id: "replan",
    kind: "form",
    statement:
      "A re-plan, a what-if or an explanation starts from a plan of the cohort and a date within the programme; placements whose period started before the date, and the host of a trainee whose programme has started, stay as they were.",
    issues: ["invalid_as_of", "as_of_outside_programme", "invalid_previous_plan", "plan_mismatch", "started_conflict"],
    diagnosis: [],
    violations: ["started_changed"],
    files: {
      validate: ["replan/inputs.ts", "replan/derive.ts"],
      verify: ["result/verify/replan.ts"],
    },
  },
] as const satisfies readonly RuleFamily[];

export type RuleFamilyId = (typeof RULES)[number]["id"];

/**
 * The family of each code, per stage (a code may exist in two stages: `wrong_role` is an issue
 * of `input` and a violation of `plan`). Built on first use, so that loading this module does
 * no work and a bundle that does not use the catalogue leaves it out.
 */
let familyOfCode: { readonly [S in RuleStage]: ReadonlyMap<string, RuleFamily<RuleFamilyId>> } | undefined;

function indexByCode(): NonNullable<typeof familyOfCode> {
  const byStage = (stage: RuleStage): ReadonlyMap<string, RuleFamily<RuleFamilyId>> =>
    new Map(RULES.flatMap((family) => (family[stage] as readonly string[]).map((code) => [code, family] as const)));
  return { issues: byStage("issues"), diagnosis: byStage("diagnosis"), violations: byStage("violations") };
}

/**
 * The family a code of a stage belongs to: `ruleOfCode("violations", "mentor_inside").id` is
 * `"mentor"`. Every code has one (the catalogue's test checks it); a value outside the stage's
 * union gives undefined.
 */
export function ruleOfCode<S extends RuleStage>(stage: S, code: CodesOfStage[S]): RuleFamily<RuleFamilyId> | undefined {
  familyOfCode ??= indexByCode();
  return familyOfCode[stage].get(code);
}
