/**
 * Issue 13 on the page, pure parts: the fairness chart's layout (balance -> bar geometry), and
 * earlier plans as history (the name a file offers, a plan file read into a history entry, the
 * warnings about unknown ids worded by code in both languages with the ids kept).
 */
import { readFileSync } from "node:fs";
import { verifyPlan, type CohortInput } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { FAIRNESS_BOX, fairnessLayout, fairnessRows, imbalance, niceTicks, type FairnessRow } from "../../src/fairness-layout.js";
import { describeWarning, entryCounts, nameFromFile, readEarlierPlan } from "../../src/history.js";
import { MESSAGES } from "../../src/i18n.js";
import type { MemberBalance } from "../../src/types.js";
import { pointsNote } from "../../src/views/plan.js";
import { planOf, romerike } from "./support.js";

const balance = (member: string, history: [hosted: number, sent: number, received: number], plan: [hosted: number, sent: number, received: number]): MemberBalance => ({
  member,
  hosted: plan[0],
  sent: plan[1],
  received: plan[2],
  history: { hosted: history[0], sent: history[1], received: history[2] },
  balanceBefore: history[2] - history[1],
  balanceAfter: history[2] + plan[2] - history[1] - plan[1],
});

const example = (): MemberBalance[] => [balance("a", [2, 4, 1], [1, 2, 3]), balance("b", [0, 0, 7], [0, 0, 0]), balance("c", [3, 0, 0], [2, 2, 0])];
const names: Record<string, string> = { a: "Aurskog", b: "Bjørkelangen" };
const rowsOf = (list: MemberBalance[]): FairnessRow[] => fairnessRows(list, (id) => names[id] ?? id);

describe("the fairness chart's layout", () => {
  it("splits each member's received, sent and hosted into the earlier cohorts' part and this plan's", () => {
    const [a, , c] = rowsOf(example());
    expect(a).toMatchObject({ member: "a", name: "Aurskog", received: { history: 1, plan: 3, total: 4 }, sent: { history: 4, plan: 2, total: 6 }, hosted: { history: 2, plan: 1, total: 3 } });
    expect(a?.balanceBefore).toBe(-3);
    expect(a?.balanceAfter).toBe(-2);
    // A member the cohort does not name keeps its id.
    expect(c?.name).toBe("c");
  });

  it.each([
    [0, [0, 1]],
    [1, [0, 1]],
    [4, [0, 1, 2, 3, 4]],
    [5, [0, 1, 2, 3, 4, 5]],
    [6, [0, 2, 4, 6]],
    [7, [0, 2, 4, 6, 8]],
    [11, [0, 5, 10, 15]],
    [37, [0, 10, 20, 30, 40]],
    [230, [0, 50, 100, 150, 200, 250]],
  ])("puts whole, even ticks from 0 past %d", (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks);
  });

  it("draws two bars per member, received then sent, each the earlier cohorts' part then this plan's, to scale", () => {
    const layout = fairnessLayout(rowsOf(example()));
    const { plot } = layout;
    // The largest total is 7 (b received), so the axis runs to 8 in steps of 2.
    expect(layout.max).toBe(8);
    expect(layout.ticks.map((t) => t.value)).toEqual([0, 2, 4, 6, 8]);
    expect(layout.ticks[0]?.x).toBe(plot.x);
    expect(layout.ticks.at(-1)?.x).toBeCloseTo(plot.x + plot.width, 9);
    expect(plot.x).toBe(FAIRNESS_BOX.labelWidth);
    expect(plot.width).toBe(FAIRNESS_BOX.width - FAIRNESS_BOX.labelWidth - FAIRNESS_BOX.rightMargin);
    const unit = plot.width / 8;
    expect(layout.groups).toHaveLength(3);
    for (const group of layout.groups) {
      const [received, sent] = group.bars;
      expect(received.kind).toBe("received");
      expect(sent.kind).toBe("sent");
      for (const bar of group.bars) {
        // The history part starts at the axis, this plan's part right after it, each as long as its count.
        expect(bar.history.x).toBe(plot.x);
        expect(bar.history.width).toBeCloseTo(bar.split.history * unit, 9);
        expect(bar.plan.x).toBeCloseTo(bar.history.x + bar.history.width, 9);
        expect(bar.plan.width).toBeCloseTo(bar.split.plan * unit, 9);
        expect(bar.plan.x + bar.plan.width).toBeLessThanOrEqual(plot.x + plot.width + 1e-9);
        expect(bar.history.y).toBe(bar.plan.y);
        expect(bar.history.height).toBe(FAIRNESS_BOX.barHeight);
        // The number is written just after the bar, on its middle line, inside the drawing.
        expect(bar.label.x).toBeCloseTo(bar.plan.x + bar.plan.width + 4, 9);
        expect(bar.label.y).toBe(bar.history.y + FAIRNESS_BOX.barHeight / 2);
        expect(bar.label.x).toBeLessThan(layout.width);
      }
      // Sent right under received, the name on the pair's middle line, left of the axis.
      expect(sent.history.y).toBe(received.history.y + FAIRNESS_BOX.barHeight + FAIRNESS_BOX.barGap);
      expect(group.name.y).toBeCloseTo((received.history.y + sent.history.y + FAIRNESS_BOX.barHeight) / 2, 9);
      expect(group.name.x).toBeLessThan(plot.x);
    }
    const [a, b] = layout.groups;
    // Aurskog received 1 earlier + 3 now; Bjørkelangen 7 earlier and nothing now: an empty plan part.
    expect(a?.bars[0].history.width).toBeCloseTo(unit, 9);
    expect(a?.bars[0].plan.width).toBeCloseTo(3 * unit, 9);
    expect(b?.bars[0].plan.width).toBe(0);
    expect((b?.bars[1].history.width ?? -1) + (b?.bars[1].plan.width ?? -1)).toBe(0);
    // Members follow each other top to bottom without overlapping, and the drawing holds them all.
    const tops = layout.groups.map((g) => g.bars[0].history.y);
    for (let i = 1; i < tops.length; i++) expect(tops[i]).toBe((tops[i - 1] ?? 0) + 2 * FAIRNESS_BOX.barHeight + FAIRNESS_BOX.barGap + FAIRNESS_BOX.groupGap);
    const last = layout.groups.at(-1)?.bars[1].history;
    expect((last?.y ?? 0) + (last?.height ?? 0)).toBe(plot.y + plot.height);
    expect(layout.height).toBe(plot.y + plot.height + FAIRNESS_BOX.bottom);
  });

  it("keeps an axis to 1 when no one has exchanged anyone", () => {
    const layout = fairnessLayout(rowsOf([balance("a", [0, 0, 0], [0, 0, 0])]));
    expect(layout.max).toBe(1);
    expect(layout.groups[0]?.bars.every((b) => b.history.width === 0 && b.plan.width === 0)).toBe(true);
    expect(fairnessLayout([]).groups).toEqual([]);
  });

  it("sums the members' imbalances before and with this plan, as reciprocity weighs them", () => {
    expect(imbalance(rowsOf(example()))).toEqual({ before: 3 + 7 + 0, after: 2 + 7 + 2 });
  });

  it("lays out a real plan's balance: Romerike 2013 with the 2011 plan as history and reciprocity weighed", () => {
    const earlier = JSON.parse(readFileSync(new URL("../../../../examples/romerike-2011.json", import.meta.url), "utf8")) as CohortInput;
    const earlierPlan = planOf(earlier);
    const read = readEarlierPlan(earlierPlan);
    expect(read).not.toBeNull();
    const cohort: CohortInput = { ...romerike(), history: [{ name: "Romerike 2011", assignments: read?.assignments ?? [] }], weights: { ...romerike().weights, reciprocity: 2 } };
    const plan = planOf(cohort);
    expect(plan.status).toBe("optimal");
    expect(verifyPlan(cohort, plan).ok).toBe(true);
    const rows = fairnessRows(plan.balance ?? [], (id) => id);
    expect(rows).toHaveLength(cohort.members.length);
    // Every away placement is received by one member and sent by another: the totals agree.
    const sum = (pick: (r: FairnessRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
    expect(sum((r) => r.received.plan)).toBe(sum((r) => r.sent.plan));
    expect(sum((r) => r.received.history)).toBeGreaterThan(0);
    const layout = fairnessLayout(rows);
    const unit = layout.plot.width / layout.max;
    for (const group of layout.groups) {
      for (const bar of group.bars) {
        expect((bar.history.width + bar.plan.width) / unit).toBeCloseTo(bar.split.total, 9);
        expect(bar.plan.x + bar.plan.width).toBeLessThanOrEqual(layout.plot.x + layout.plot.width + 1e-9);
      }
    }
  });
});

describe("earlier plans as history", () => {
  it.each([
    ["romerike-2011.json", "Romerike 2011"],
    ["Romerike_2009 plan.xlsx", "Romerike 2009 plan"],
    ["C:\\plans\\fet--2008.ods", "Fet 2008"],
    ["plan", "Plan"],
  ])("offers %s as the name %s", (file, name) => {
    expect(nameFromFile(file)).toBe(name);
  });

  it("reads a plan file's assignments into the history's shape, leaving cost and every other field out", () => {
    const read = readEarlierPlan({
      format: "rotamatch.plan/v1",
      status: "optimal",
      objective: 3,
      assignments: [
        {
          trainee: "t1",
          host: "fet",
          supervisor: "fet-supervisor-1",
          mentor: null,
          placements: [
            { period: "part-1", member: "fet", from: "2011-08-15", to: "2012-02-14" },
            { period: "part-2", member: "oras" },
          ],
          cost: { awayRank: 3 },
        },
      ],
      stats: { backend: "jslp" },
    });
    expect(read).toEqual({
      name: null,
      assignments: [
        {
          trainee: "t1",
          host: "fet",
          supervisor: "fet-supervisor-1",
          mentor: null,
          placements: [
            { period: "part-1", member: "fet", from: "2011-08-15", to: "2012-02-14" },
            { period: "part-2", member: "oras" },
          ],
        },
      ],
    });
    expect(entryCounts({ name: "x", assignments: read?.assignments ?? [] })).toEqual({ trainees: 1, away: 1 });
  });

  it("keeps the name of a history entry file, and refuses what is no plan", () => {
    expect(readEarlierPlan({ name: " Romerike 2009 ", assignments: [] })?.name).toBe("Romerike 2009");
    expect(readEarlierPlan({ format: "rotamatch.cohort/v1", members: [] })).toBeNull();
    expect(readEarlierPlan([{ trainee: "t1" }])).toBeNull();
    expect(readEarlierPlan({ assignments: [{ trainee: "t1" }] })).toBeNull();
    expect(readEarlierPlan({ assignments: [{ host: "fet", placements: [] }] })).toBeNull();
  });

  const cohortWithHistory = (): CohortInput => ({
    ...romerike(),
    history: [
      { name: "Romerike 2009", assignments: [{ trainee: "a", host: "sorum", supervisor: null, mentor: "old-mentor", placements: [{ period: "p2", member: "sorum" }] }] },
      { name: "Romerike 2011", assignments: [{ trainee: "b", host: "fet", supervisor: null, mentor: "old-mentor", placements: [{ period: "p2", member: "sorum" }] }] },
    ],
  });

  it("words an unknown member by its code in Norwegian, with its id, the times and the cohorts it is named in", () => {
    const warning = {
      code: "history_unknown_member",
      path: "history[0].assignments[0].host",
      message: 'the history names member "sorum" (3 times) in 2 earlier cohorts ("Romerike 2009", "Romerike 2011"), and this cohort has no such member: it counts for nothing',
    };
    const nb = describeWarning(warning, cohortWithHistory(), "nb");
    expect(nb.text).toBe("Historikken nevner medlemmet «sorum» (3 ganger) i «Romerike 2009» og «Romerike 2011», men dette kullet har ikke noe slikt medlem: det teller ikke.");
    expect(nb.english).toBe(warning.message);
    const en = describeWarning(warning, cohortWithHistory(), "en");
    expect(en.text).toBe("The history names the member «sorum» (3 times) in «Romerike 2009» and «Romerike 2011», and this cohort has no such member: it counts for nothing.");
    expect(en.english).toBeNull();
  });

  it("words an unknown person and the rest of the unknown ids, keeping the ids; an unknown code keeps the service's words", () => {
    const person = describeWarning(
      { code: "history_unknown_person", path: "history[0].assignments[0].mentor", message: 'the history names person "old-mentor" (2 times) in ...' },
      cohortWithHistory(),
      "nb",
    );
    expect(person.text).toBe("Historikken nevner personen «old-mentor» (2 ganger) i «Romerike 2009» og «Romerike 2011», men dette kullet har ingen slik person: det teller ikke.");
    const rest = describeWarning(
      { code: "history_unknown_ids", path: "history[3].assignments[0].host", message: 'the history names 7 more ids this cohort does not know ("x1", "x2", "x3", "x4", "x5", ...): they count for nothing' },
      cohortWithHistory(),
      "nb",
    );
    expect(rest.text).toBe("Historikken nevner 7 id-er til som dette kullet ikke kjenner («x1», «x2», «x3», «x4», «x5», …): de teller ikke.");
    const other = describeWarning({ code: "something_new", path: "", message: "a newer service says so" }, cohortWithHistory(), "nb");
    expect(other).toEqual({ text: "a newer service says so", english: null });
  });
});

describe("the note on points", () => {
  it("names the fairness weights, in both languages, only when one is set", () => {
    const plain = romerike();
    expect(pointsNote(plain, MESSAGES.en, "en")).not.toContain("Over the years");
    const weighed: CohortInput = { ...plain, weights: { ...plain.weights, reciprocity: 1.5 } };
    expect(pointsNote(weighed, MESSAGES.en, "en")).toContain(
      "Over the years: 0 per away placement for each earlier cohort with the same exchange, 0 for each earlier cohort with the same mentor for the same host, and 1.5 per placement of difference",
    );
    expect(pointsNote(weighed, MESSAGES.nb, "nb")).toContain("og 1,5 per utplassering i forskjell mellom hvor mange et medlem tar imot");
  });
});
