/**
 * The plan-wide fairness term: reciprocity, weight × Σ over members |received − sent| over the
 * history and the plan together (the contract's "Fairness terms"). Recounted here from the plan's
 * own placements, not from the solver's choices, and the plan's `balance` (when listed) is checked
 * against the recount. The per-trainee terms (repeatExchange, repeatMentorHost) are checked with
 * the other cost terms (plan.ts, checkCost).
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import { historyFacts } from "../../domain/history.js";
import type { PlanJson } from "../../domain/schema.js";
import type { Report } from "./context.js";

/** Checks `balance` and returns the reciprocity term to add to the recomputed objective. */
export function checkBalance(index: CohortIndex, plan: PlanJson, seen: ReadonlyMap<string, number>, report: Report): number {
  const weight = index.cohort.weights.reciprocity;
  if (weight === 0 && plan.balance === undefined) return 0;
  const facts = historyFacts(index);
  const hosted = new Map<string, number>();
  const sent = new Map<string, number>();
  const received = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  plan.assignments.forEach((a, at) => {
    // Each trainee once (its first assignment), and only trainees of the cohort.
    if (seen.get(a.trainee) !== at || a.host === null) return;
    bump(hosted, a.host);
    for (const p of a.placements) {
      if (p.member === a.host) continue;
      bump(sent, a.host);
      bump(received, p.member);
    }
  });

  let sum = 0;
  const expected = [...index.memberById.keys()].map((member) => {
    const before = (facts.received.get(member) ?? 0) - (facts.sent.get(member) ?? 0);
    const after = before + (received.get(member) ?? 0) - (sent.get(member) ?? 0);
    sum += Math.abs(after);
    return { member, before, after };
  });

  if (plan.balance !== undefined) {
    const listed = new Map(plan.balance.map((row, i) => [row.member, { row, i }]));
    for (const { member, before, after } of expected) {
      const entry = listed.get(member);
      if (entry === undefined) {
        report("balance_mismatch", ["balance"], `The plan's balance has no row for member "${member}".`);
        continue;
      }
      const { row, i } = entry;
      const want = {
        hosted: hosted.get(member) ?? 0,
        sent: sent.get(member) ?? 0,
        received: received.get(member) ?? 0,
        balanceBefore: before,
        balanceAfter: after,
      };
      for (const key of Object.keys(want) as (keyof typeof want)[]) {
        if (row[key] !== want[key]) {
          report("balance_mismatch", ["balance", i, key], `Member "${member}" has ${key} ${row[key]} in the plan's balance, but the plan and its history give ${want[key]}.`);
        }
      }
      const history = { hosted: facts.hosted.get(member) ?? 0, sent: facts.sent.get(member) ?? 0, received: facts.received.get(member) ?? 0 };
      for (const key of ["hosted", "sent", "received"] as const) {
        if (row.history[key] !== history[key]) {
          report("balance_mismatch", ["balance", i, "history", key], `Member "${member}" has history ${key} ${row.history[key]} in the plan's balance, but the history gives ${history[key]}.`);
        }
      }
    }
    plan.balance.forEach((row, i) => {
      if (!index.memberById.has(row.member)) report("balance_mismatch", ["balance", i, "member"], `The plan's balance lists "${row.member}", which is not a member of the cohort.`);
    });
  }
  return weight === 0 ? 0 : weight * sum;
}
