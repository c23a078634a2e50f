/**
 * A plan as tables, for people: a summary, one row per trainee and period, each trainee's
 * cost, the plan by member (who it hosts and who visits, against its capacities), by mentor
 * and by supervisor, the roles left empty and, without a plan, the diagnosis. Together they
 * hold everything the plan file holds, with the names from the cohort beside the ids.
 */
import { COST_TERMS, periodDates, type CohortInput, type Plan } from "@rotamatch/core";
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

/** The plan's tables, in the order of PLAN_SHEETS. */
export function planTables(cohort: CohortInput, plan: Plan): OutputTable[] {
  const names = new Names(cohort);
  return [
    summaryTable(cohort, plan),
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
    const total = terms.reduce<number>((sum, value) => sum + (value ?? 0), 0);
    return [a.trainee, names.trainee.get(a.trainee) ?? null, total, ...terms];
  });
  return { name: "Costs", header: ["Trainee", "Trainee name", "Cost", ...COST_TERMS.map((t) => COST_HEADERS[t])], rows };
}

function byMemberTable(cohort: CohortInput, plan: Plan, names: Names): OutputTable {
  const periods = cohort.programme.periods;
  const dates = periodDates(cohort.programme.start, periods);
  const placed = new Map<string, string[]>();
  for (const a of plan.assignments) {
    for (const p of a.placements) {
      const key = `${p.member}\u0000${p.period}`;
      placed.set(key, [...(placed.get(key) ?? []), a.trainee]);
    }
  }
  const rows: CellValue[][] = [];
  for (const member of cohort.members) {
    periods.forEach((period, i) => {
      const trainees = placed.get(`${member.id}\u0000${period.id}`) ?? [];
      rows.push([
        member.id,
        names.member.get(member.id) ?? null,
        period.id,
        period.at,
        { date: dates[i]?.from ?? "" },
        { date: dates[i]?.to ?? "" },
        listCell(trainees),
        listCell(trainees.map((t) => names.trainee.get(t) ?? t)),
        trainees.length,
        period.at === "host" ? member.hostCapacity : member.awayCapacity,
      ]);
    });
  }
  const header = ["Member", "Member name", "Period", "At", "From", "To", "Trainees", "Trainee names", "Count", "Capacity"];
  return { name: "By member", header, rows };
}

function byPersonTable(cohort: CohortInput, plan: Plan, names: Names, role: "mentor" | "supervisor"): OutputTable {
  const Role = role === "mentor" ? "Mentor" : "Supervisor";
  const rows = (cohort.people ?? [])
    .filter((p) => p.role === role)
    .map((person) => {
      const trainees = plan.assignments.filter((a) => a[role] === person.id).map((a) => a.trainee);
      return [
        person.id,
        names.person.get(person.id) ?? null,
        person.member,
        names.member.get(person.member) ?? null,
        listCell(trainees),
        listCell(trainees.map((t) => names.trainee.get(t) ?? t)),
        trainees.length,
        person.capacity ?? 1,
      ];
    });
  const header = [Role, `${Role} name`, "Member", "Member name", "Trainees", "Trainee names", "Count", "Capacity"];
  return { name: `By ${role}`, header, rows };
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
