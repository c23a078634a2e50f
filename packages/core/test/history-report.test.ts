/**
 * historyReport: each member across the history entries and a plan, counted by hand on a
 * hand-made cohort (hosts, away placements, people), with unknown ids (warnings, counting for
 * nothing), entries that leave out the placements at the host, and a trainee without a host.
 * Also: with a plan, each member's balance is the plan's own `balanceAfter`.
 */
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import { historyFacts } from "../src/domain/history.js";
import { cohortSchema, type CohortInput, type HistoryEntry } from "../src/domain/schema.js";
import { historyReport } from "../src/result/history-report.js";
import { solveCohort } from "../src/plan.js";

/** Three members, a supervisor and a mentor at each; two trainees hired by a and b. */
const base: CohortInput = {
  format: "rotamatch.cohort/v1",
  programme: {
    name: "Hand-made",
    start: "2020-01-01",
    periods: [
      { id: "p1", months: 6, at: "host" },
      { id: "p2", months: 6, at: "away" },
    ],
  },
  members: [
    { id: "a", name: "Alpha", specializations: ["water"], hostCapacity: 2, awayCapacity: 2 },
    { id: "b", specializations: ["water"], hostCapacity: 2, awayCapacity: 2 },
    { id: "c", name: "Gamma", specializations: ["water"], hostCapacity: 2, awayCapacity: 2 },
  ],
  people: [
    { id: "a-sup", member: "a", role: "supervisor", capacity: 3, specializations: ["water"] },
    { id: "b-sup", member: "b", role: "supervisor", capacity: 3, specializations: ["water"] },
    { id: "c-sup", member: "c", role: "supervisor", capacity: 3, specializations: ["water"] },
    { id: "a-men", member: "a", role: "mentor", capacity: 3, specializations: ["water"] },
    { id: "b-men", member: "b", role: "mentor", capacity: 3, specializations: ["water"] },
    { id: "c-men", member: "c", role: "mentor", capacity: 3, specializations: ["water"] },
  ],
  trainees: [
    { id: "t1", specialization: "water", host: "a" },
    { id: "t2", specialization: "water", host: "b" },
  ],
};

const h = (host: string | null, supervisor: string | null, mentor: string | null, ...members: string[]) => ({
  trainee: `x-${host}-${members.join("-")}`,
  host,
  supervisor,
  mentor,
  placements: members.map((member, i) => ({ period: `q${i}`, member })),
});

/**
 * 2018: placements at the host written out; 2019: only the away placements, an unknown away
 * member ("gone") and an unknown mentor ("old-men"); 2020: a trainee without a host (its
 * placement is no away placement), an unknown host ("left") whose away placement still counts
 * as received at c.
 */
const history: HistoryEntry[] = [
  {
    name: "Cohort 2018",
    assignments: [
      h("a", "a-sup", "b-men", "a", "b", "a"),
      h("a", "a-sup", "c-men", "a", "c", "a"),
      h("b", "b-sup", "a-men", "b", "a"),
    ],
  },
  {
    name: "Cohort 2019",
    assignments: [h("a", "a-sup", "b-men", "b"), h("c", "c-sup", "old-men", "gone"), h("b", "b-sup", "c-men", "a", "c")],
  },
  {
    name: "Cohort 2020",
    assignments: [h(null, null, null, "c"), h("left", "b-sup", "a-men", "c"), h("a", "a-sup", "b-men", "b")],
  },
];

const cohort = cohortSchema.parse({ ...base, history });

describe("historyReport", () => {
  const report = historyReport(cohort);
  const row = (member: string) => report.members.find((m) => m.member === member)!;
  const column = (member: string, c: number) => row(member).cohorts[c];

  it("has one column per history entry, in order, with its trainees", () => {
    expect(report.columns).toEqual([
      { name: "Cohort 2018", kind: "history", trainees: 3 },
      { name: "Cohort 2019", kind: "history", trainees: 3 },
      { name: "Cohort 2020", kind: "history", trainees: 3 },
    ]);
    expect(report.members.map((m) => [m.member, m.name])).toEqual([["a", "Alpha"], ["b", "b"], ["c", "Gamma"]]);
  });

  it("counts 2018 by hand: placements at the host are no away placements", () => {
    expect(column("a", 0)).toEqual({ hosted: 2, sent: 2, received: 1, mentored: 1, supervised: 2 });
    expect(column("b", 0)).toEqual({ hosted: 1, sent: 1, received: 1, mentored: 1, supervised: 1 });
    expect(column("c", 0)).toEqual({ hosted: 0, sent: 0, received: 1, mentored: 1, supervised: 0 });
  });

  it("counts 2019 by hand: entries without placements at the host, an unknown away member and mentor count for nothing", () => {
    // c hosts a trainee sent to "gone": sent (the host is known), received by nobody; "old-men" mentors for no member.
    expect(column("a", 1)).toEqual({ hosted: 1, sent: 1, received: 1, mentored: 0, supervised: 1 });
    expect(column("b", 1)).toEqual({ hosted: 1, sent: 2, received: 1, mentored: 1, supervised: 1 });
    expect(column("c", 1)).toEqual({ hosted: 1, sent: 1, received: 1, mentored: 1, supervised: 1 });
  });

  it("counts 2020 by hand: no host, no away placement; an unknown host's away placement is still received", () => {
    expect(column("a", 2)).toEqual({ hosted: 1, sent: 1, received: 0, mentored: 1, supervised: 1 });
    expect(column("b", 2)).toEqual({ hosted: 0, sent: 0, received: 1, mentored: 1, supervised: 1 });
    expect(column("c", 2)).toEqual({ hosted: 0, sent: 0, received: 1, mentored: 0, supervised: 0 });
  });

  it("sums the columns and gives received − sent", () => {
    expect(row("a").total).toEqual({ hosted: 4, sent: 4, received: 2, mentored: 2, supervised: 4 });
    expect(row("b").total).toEqual({ hosted: 2, sent: 3, received: 3, mentored: 3, supervised: 3 });
    expect(row("c").total).toEqual({ hosted: 1, sent: 1, received: 3, mentored: 2, supervised: 1 });
    expect(report.members.map((m) => m.balance)).toEqual([-2, 0, 2]);
  });

  it("agrees with the fairness terms' own counts (domain/history.ts)", () => {
    const facts = historyFacts(indexCohort(cohort));
    for (const m of report.members) {
      expect([m.total.hosted, m.total.sent, m.total.received], m.member).toEqual([
        facts.hosted.get(m.member) ?? 0,
        facts.sent.get(m.member) ?? 0,
        facts.received.get(m.member) ?? 0,
      ]);
    }
    for (const e of report.repeats.exchanges) expect(facts.exchanges(e.host, e.away)).toBe(e.cohorts.length);
    for (const p of report.repeats.mentorHosts) expect(facts.mentorHosts(p.mentor, p.host)).toBe(p.cohorts.length);
  });

  it("lists the exchanges and the mentor–host pairs that recur, with their cohorts", () => {
    // a → b in 2018, 2019 and 2020; b → a in 2018 and 2019; b → c and a → c once only.
    expect(report.repeats.exchanges).toEqual([
      { host: "a", away: "b", cohorts: ["Cohort 2018", "Cohort 2019", "Cohort 2020"], placements: 3 },
      { host: "b", away: "a", cohorts: ["Cohort 2018", "Cohort 2019"], placements: 2 },
    ]);
    // b-men with a's trainees in every entry; c-men with a (2018) and b (2019); a-men with b (2018) and "left" (2020).
    expect(report.repeats.mentorHosts).toEqual([
      { mentor: "b-men", mentorMember: "b", host: "a", cohorts: ["Cohort 2018", "Cohort 2019", "Cohort 2020"], trainees: 3 },
    ]);
  });

  it("warns of each unknown id at its first path, and counts nothing for it", () => {
    expect(report.warnings.map((w) => [w.code, w.path])).toEqual([
      ["history_unknown_person", "history[1].assignments[1].mentor"],
      ["history_unknown_member", "history[1].assignments[1].placements[0].member"],
      ["history_unknown_member", "history[2].assignments[1].host"],
    ]);
    expect(report.warnings[1]?.message).toContain('"gone"');
    expect(report.members.map((m) => m.member)).not.toContain("gone");
  });

  it("adds a plan as the last column; each balance is then the plan's balanceAfter", () => {
    const solved = solveCohort({ ...base, history });
    if (!solved.ok || solved.plan.status !== "optimal") throw new Error(`the hand-made cohort should solve: ${JSON.stringify(solved.ok ? solved.plan.diagnosis : solved.issues)}`);
    const plan = solved.plan;
    const withPlan = historyReport(indexCohort(cohort), plan, { planName: "Cohort 2021" });
    expect(withPlan.columns.at(-1)).toEqual({ name: "Cohort 2021", kind: "plan", trainees: 2 });
    for (const m of withPlan.members) {
      const last = m.cohorts.at(-1)!;
      const balance = plan.balance?.find((b) => b.member === m.member);
      expect(balance, m.member).toBeDefined();
      expect([last.hosted, last.sent, last.received]).toEqual([balance!.hosted, balance!.sent, balance!.received]);
      expect(m.balance).toBe(balance!.balanceAfter);
      expect(last.supervised).toBe(plan.assignments.filter((a) => a.supervisor?.startsWith(`${m.member}-`)).length);
      expect(last.mentored).toBe(plan.assignments.filter((a) => a.mentor?.startsWith(`${m.member}-`)).length);
    }
    expect(historyReport(cohort, plan).columns.at(-1)?.name).toBe("this plan");
  });

  it("takes a plan without history: one column, no repeats, no warnings", () => {
    const plain = cohortSchema.parse(base);
    const plan = {
      assignments: [h("a", "a-sup", "b-men", "a", "c"), h("b", "b-sup", "c-men", "b", "c")],
    };
    const r = historyReport(plain, plan);
    expect(r.columns).toEqual([{ name: "this plan", kind: "plan", trainees: 2 }]);
    expect(r.members.map((m) => m.cohorts[0])).toEqual([
      { hosted: 1, sent: 1, received: 0, mentored: 0, supervised: 1 },
      { hosted: 1, sent: 1, received: 0, mentored: 1, supervised: 1 },
      { hosted: 0, sent: 0, received: 2, mentored: 1, supervised: 0 },
    ]);
    expect(r.repeats).toEqual({ exchanges: [], mentorHosts: [] });
    expect(r.warnings).toEqual([]);
    expect(historyReport(plain).columns).toEqual([]);
  });
});
