/**
 * A plan as tables, for people: a summary, one row per trainee and period, each trainee's
 * cost, the plan by member (who it hosts and who visits, against its capacities), by mentor
 * and by supervisor, the roles left empty and, without a plan, the diagnosis. Together they
 * hold everything the plan file holds, with the names from the cohort beside the ids. Who is
 * where by member and by person is the core's planByMember and planByPerson, shared with the
 * page; this adds the names and the layout.
 */
import { COST_TERMS, assignmentCost, periodDates, planByMember, planByPerson, type CohortInput, type Plan, type ReplanChange } from "@rotamatch/core/format";
import type { CellValue, OutputTable } from "../table.js";
import { formatList } from "../values.js";

/** The plan's tables with their CSV file names, in workbook order. */
export const PLAN_SHEETS = [
  { name: "Summary", file: "plan-summary.csv" },
  { name: "Plan", file: "plan.csv" },
  { name: "Costs", file: "plan-costs.csv" },
  { name: "By member", file: "plan-by-member.csv" },
  { name: "By mentor", file: "plan-by-mentor.csv" },
  { name: "By supervisor", file: "plan-by-supervisor.csv" },
  { name: "Unassigned", file: "plan-unassigned.csv" },
  { name: "Diagnosis", file: "plan-diagnosis.csv" },
] as const;

/**
 * The sheet a re-planned plan adds after the Summary (and its CSV file): one row per change.
 * Not in PLAN_SHEETS, which every plan has; a plan without `changes` has no such sheet.
 */
export const CHANGES_SHEET = { name: "Changes", file: "plan-changes.csv" } as const;

/** The reasons of a re-plan's changes in words, for the Changes sheet (docs/replanning.md). */
export const CHANGE_REASON_WORDS: Readonly<Record<ReplanChange["reason"], string>> = {
  left: "the trainee left the programme",
  joined: "the trainee joined the programme",
  forced: "the old value is no longer allowed",
  "knock-on": "moved to make room for another change",
};

/** The headers of the Costs sheet for each cost term. */
export const COST_HEADERS: Readonly<Record<(typeof COST_TERMS)[number], string>> = {
  awayRank: "Away rank",
  hostRank: "Host rank",
  travelPerKm: "Travel",
  mentorSpecialization: "Mentor specialization",
  supervisorSpecialization: "Supervisor specialization",
  specializationMiss: "Specialization miss",
};

/** Names by id, for the columns beside the ids. */
class Names {
  readonly member: ReadonlyMap<string, string>;
  readonly person: ReadonlyMap<string, string>;
  readonly trainee: ReadonlyMap<string, string>;

  constructor(cohort: CohortInput) {
    const byId = (entries: readonly { readonly id: string; readonly name?: string | undefined }[] = []) =>
      new Map(entries.filter((e) => e.name !== undefined && e.name !== "").map((e) => [e.id, e.name as string]));
    this.member = byId(cohort.members);
    this.person = byId(cohort.people);
    this.trainee = byId(cohort.trainees);
  }
}

/**
 * The plan's tables, in the order of PLAN_SHEETS; a re-planned plan's `changes` (not null) add
 * the Changes sheet (CHANGES_SHEET) after the Summary.
 */
export function planTables(cohort: CohortInput, plan: Plan, changes: readonly ReplanChange[] | null = null): OutputTable[] {
  const names = new Names(cohort);
  return [
    summaryTable(cohort, plan),
    ...(changes === null ? [] : [changesTable(changes, names)]),
    placementsTable(cohort, plan, names),
    costsTable(plan, names),
    byMemberTable(cohort, plan, names),
    byPersonTable(cohort, plan, names, "mentor"),
    byPersonTable(cohort, plan, names, "supervisor"),
    unassignedTable(plan, names),
    diagnosisTable(plan),
  ];
}

function summaryTable(cohort: CohortInput, plan: Plan): OutputTable {
  const rows: CellValue[][] = [
    ["programme", cohort.programme.name],
    ["start", { date: cohort.programme.start }],
    ["status", plan.status],
    ["objective", plan.objective],
    ["bound", plan.bound],
  ];
  if (plan.stats !== undefined) {
    for (const [key, value] of Object.entries(plan.stats)) rows.push([key, value]);
  }
  return { name: "Summary", header: ["Setting", "Value"], rows };
}

function placementsTable(cohort: CohortInput, plan: Plan, names: Names): OutputTable {
  const periods = cohort.programme.periods;
  const dates = periodDates(cohort.programme.start, periods);
  const rows: CellValue[][] = [];
  for (const a of plan.assignments) {
    periods.forEach((period, i) => {
      const placement = a.placements.find((p) => p.period === period.id);
      const member = placement?.member ?? null;
      rows.push([
        a.trainee,
        names.trainee.get(a.trainee) ?? null,
        period.id,
        period.at,
        { date: placement?.from ?? dates[i]?.from ?? "" },
        { date: placement?.to ?? dates[i]?.to ?? "" },
        member,
        member === null ? null : (names.member.get(member) ?? null),
        a.host,
        a.supervisor,
        a.supervisor === null ? null : (names.person.get(a.supervisor) ?? null),
        a.mentor,
        a.mentor === null ? null : (names.person.get(a.mentor) ?? null),
      ]);
    });
  }
  const header = ["Trainee", "Trainee name", "Period", "At", "From", "To", "Member", "Member name", "Host"];
  return { name: "Plan", header: [...header, "Supervisor", "Supervisor name", "Mentor", "Mentor name"], rows };
}

function costsTable(plan: Plan, names: Names): OutputTable {
  const rows = plan.assignments.map((a) => {
    const terms = COST_TERMS.map((term) => a.cost[term] ?? null);
    return [a.trainee, names.trainee.get(a.trainee) ?? null, assignmentCost(a.cost), ...terms];
  });
  return { name: "Costs", header: ["Trainee", "Trainee name", "Cost", ...COST_TERMS.map((t) => COST_HEADERS[t])], rows };
}

function byMemberTable(cohort: CohortInput, plan: Plan, names: Names): OutputTable {
  const dates = periodDates(cohort.programme.start, cohort.programme.periods);
  const rows: CellValue[][] = [];
  for (const member of planByMember(cohort, plan)) {
    member.periods.forEach((place, i) => {
      rows.push([
        member.member,
        names.member.get(member.member) ?? null,
        place.period,
        place.at,
        { date: dates[i]?.from ?? "" },
        { date: dates[i]?.to ?? "" },
        listCell(place.trainees),
        listCell(place.trainees.map((t) => names.trainee.get(t) ?? t)),
        place.trainees.length,
        place.capacity,
      ]);
    });
  }
  const header = ["Member", "Member name", "Period", "At", "From", "To", "Trainees", "Trainee names", "Count", "Capacity"];
  return { name: "By member", header, rows };
}

function byPersonTable(cohort: CohortInput, plan: Plan, names: Names, role: "mentor" | "supervisor"): OutputTable {
  const Role = role === "mentor" ? "Mentor" : "Supervisor";
  const rows = planByPerson(cohort, plan, role).map((load) => [
    load.person,
    names.person.get(load.person) ?? null,
    load.member,
    names.member.get(load.member) ?? null,
    listCell(load.trainees),
    listCell(load.trainees.map((t) => names.trainee.get(t) ?? t)),
    load.trainees.length,
    load.capacity,
  ]);
  const header = [Role, `${Role} name`, "Member", "Member name", "Trainees", "Trainee names", "Count", "Capacity"];
  return { name: `By ${role}`, header, rows };
}

/**
 * One row per change: the trainee (with the name while the cohort has them; a leaver has only
 * the id the plan gave), the role and period, the old and new member or person with their
 * names, the reason as the plan writes it and in words. A value gone from the cohort keeps its id.
 */
function changesTable(changes: readonly ReplanChange[], names: Names): OutputTable {
  const nameOf = (role: ReplanChange["role"], id: string | null): string | null =>
    id === null ? null : ((role === "host" || role === "away" ? names.member : names.person).get(id) ?? null);
  const rows = changes.map((c) => [
    c.trainee,
    names.trainee.get(c.trainee) ?? null,
    c.role,
    c.period ?? null,
    c.from,
    nameOf(c.role, c.from),
    c.to,
    nameOf(c.role, c.to),
    c.reason,
    CHANGE_REASON_WORDS[c.reason],
  ]);
  const header = ["Trainee", "Trainee name", "Role", "Period", "From", "From name", "To", "To name", "Reason", "Why"];
  return { name: CHANGES_SHEET.name, header, rows };
}

function unassignedTable(plan: Plan, names: Names): OutputTable {
  const rows = plan.unassigned.map((u) => [u.trainee, names.trainee.get(u.trainee) ?? null, u.role, u.period ?? null, u.reason]);
  return { name: "Unassigned", header: ["Trainee", "Trainee name", "Role", "Period", "Reason"], rows };
}

/** The fields of a suggested change, with their headers. */
export const CHANGE_COLUMNS = [
  ["action", "Action"],
  ["path", "Path"],
  ["member", "Change member"],
  ["person", "Change person"],
  ["period", "Change period"],
  ["role", "Change role"],
  ["specialization", "Change specialization"],
  ["outsideOrganisation", "Outside organisation"],
  ["by", "By"],
] as const;

function diagnosisTable(plan: Plan): OutputTable {
  const rows = plan.diagnosis.map((d) => [
    d.code,
    d.message,
    listCell(d.trainees),
    listCell(d.members),
    listCell(d.people),
    ...CHANGE_COLUMNS.map(([field]) => d.change?.[field] ?? null),
  ]);
  return { name: "Diagnosis", header: ["Code", "Message", "Trainees", "Members", "People", ...CHANGE_COLUMNS.map(([, h]) => h)], rows };
}

function listCell(items: readonly string[]): CellValue {
  return items.length === 0 ? null : formatList(items);
}
