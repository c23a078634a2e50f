/**
 * Fewer changes at the same objective: a plan of the pinned cohort (a what-if's least-objective
 * plan, found on the network from scratch) often moves hundreds of trainees between options of
 * equal cost (two mentors of one class swapped, two visitors of one member trading periods).
 * None of those moves is needed. This pass takes them back.
 *
 * For each role (the mentor, the supervisor, each away period), each trainee whose value differs
 * from the plan's may keep it or take back the plan's: a
 * transportation problem (min-cost flow) with the places the other trainees leave, priced at
 * each option's cost in the objective less a tiny bonus for the plan's own value. The flow keeps
 * the objective (the current assignment is one of its solutions, and the bonus is far below any
 * difference of cost) and gives back as many of the plan's values as it can. A pass is kept only
 * when the whole plan's objective is no higher than before and the plan passes the verifier, so
 * the pass can only help. Hosts are left as they are (a host moves the trainee's whole year).
 *
 * Not a proof of the fewest changes: moves that need a third trainee's role in another role
 * family are out of its reach. The what-if says so (what-if-network.ts).
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { costOfChoice, planObjective, totalCost, type TraineeChoice } from "../domain/cost.js";
import { readCohortFacts } from "../domain/trainee-facts.js";
import { verifyPlan } from "../result/verify.js";
import { toAssignments } from "../result/decode.js";
import { colourBipartiteEdges } from "../solvers/network/edge-colouring.js";
import { FlowNetwork } from "../solvers/network/min-cost-flow.js";
import { mustStop, type StopSignal } from "../solvers/stop.js";
import type { RoleKey } from "./lexicographic.js";

/** The bonus for the plan's own value, relative to the largest option cost of a pass. */
const BONUS = 1e-6;
/** Relative tolerance when the objective before and after a pass are compared. */
const TOLERANCE = 1e-9;
/** Rounds of all passes: a mentor given back can free a visit for another pass, and so on. */
const ROUNDS = 3;

type Role = "mentor" | "supervisor" | { readonly period: number };

/**
 * `current` with as many of `previous`'s values given back as the passes find at no extra
 * objective. `excluded`: per trainee (position), the roles not to touch (the what-if's pins).
 */
export function keepNear(
  index: CohortIndex,
  previous: readonly (TraineeChoice | null)[],
  current: readonly TraineeChoice[],
  excluded: ReadonlyMap<number, ReadonlySet<RoleKey>>,
  deadline: number,
  signal?: StopSignal,
): TraineeChoice[] {
  // Under allowUnassigned the plans compared fill the most roles first: not this pass's business.
  if (index.cohort.rules.allowUnassigned) return [...current];
  let choices: TraineeChoice[] = [...current];
  let objective = planObjective(index, choices);
  const facts = readCohortFacts(index);
  const roles: Role[] = ["mentor", "supervisor", ...index.awayPeriods.map((_, period) => ({ period }))];
  for (let round = 0; round < ROUNDS; round++) {
    let gained = false;
    const reordered = reorderAway(index, facts, previous, choices, excluded);
    if (reordered !== null) {
      const value = planObjective(index, reordered);
      if (value <= objective + TOLERANCE * Math.max(1, Math.abs(objective))) {
        choices = reordered;
        objective = Math.min(objective, value);
        gained = true;
      }
    }
    for (const role of roles) {
      if (mustStop(deadline, signal)) return choices;
      const next = pass(index, facts, previous, choices, excluded, role);
      if (next === null) continue;
      const value = planObjective(index, next);
      if (value > objective + TOLERANCE * Math.max(1, Math.abs(objective))) continue;
      choices = next;
      objective = Math.min(objective, value);
      gained = true;
    }
    if (!gained) break;
  }
  // The passes keep every rule by construction; the verifier has the last word all the same.
  const plan = { format: "rotamatch.plan/v1", status: "feasible", objective, bound: 0, assignments: toAssignments(index, choices), unassigned: [], diagnosis: [] };
  return verifyPlan(index, plan).ok ? choices : [...current];
}

type Facts = ReturnType<typeof readCohortFacts>;

/** One role's transportation problem; null when nothing in it can change. */
function pass(
  index: CohortIndex,
  facts: Facts,
  previous: readonly (TraineeChoice | null)[],
  choices: readonly TraineeChoice[],
  excluded: ReadonlyMap<number, ReadonlySet<RoleKey>>,
  role: Role,
): TraineeChoice[] | null {
  const valueOf = (c: TraineeChoice): string | null => (role === "mentor" ? c.mentor : role === "supervisor" ? c.supervisor : (c.away[role.period] ?? null));
  const key: RoleKey = role === "mentor" ? "mentor" : role === "supervisor" ? "supervisor" : (`away:${role.period}` as RoleKey);
  const trainees = index.cohort.trainees;

  // The trainees that may move: their value differs from the plan's, both are set, and no pin holds it.
  const moving: number[] = [];
  choices.forEach((c, t) => {
    const before = previous[t];
    if (before === null || before === undefined || c.host === null || before.host !== c.host) return;
    const now = valueOf(c);
    const was = valueOf(before);
    if (now === null || was === null || now === was) return;
    if (excluded.get(t)?.has(key) === true || pinned(facts, trainees[t]?.id, role, index)) return;
    moving.push(t);
  });
  if (moving.length === 0) return null;

  // The values they may take: those they hold and held; each with the room the others leave.
  const pool = new Set<string>();
  for (const t of moving) {
    pool.add(valueOf(choices[t] as TraineeChoice) as string);
    pool.add(valueOf(previous[t] as TraineeChoice) as string);
  }
  const movingSet = new Set(moving);
  const room = new Map<string, number>();
  for (const value of pool) room.set(value, capacityOf(index, role, value));
  choices.forEach((c, t) => {
    if (movingSet.has(t)) return;
    const value = valueOf(c);
    if (value !== null && room.has(value)) room.set(value, (room.get(value) as number) - 1);
  });

  const options = moving.map((t) => {
    const trainee = trainees[t]!;
    const choice = choices[t] as TraineeChoice;
    const was = valueOf(previous[t] as TraineeChoice);
    // Its value now and its value before: enough for every chain and cycle of swaps to be undone.
    return [valueOf(choice) as string, was as string]
      .filter((value) => allowed(index, facts, trainee.id, choice, role, value))
      .map((value) => ({ value, cost: totalCost(costOfChoice(index, trainee, withValue(choice, role, value))), same: value === was }));
  });
  let largest = 1;
  for (const list of options) for (const o of list) largest = Math.max(largest, Math.abs(o.cost));
  const bonus = BONUS * largest;

  const network = new FlowNetwork();
  const sink = network.addNode(-moving.length);
  const valueNode = new Map<string, number>();
  for (const [value, left] of room) {
    const node = network.addNode();
    valueNode.set(value, node);
    network.addArc(node, sink, Math.max(0, left), 0);
  }
  const arcs = moving.map((_, i) => {
    const node = network.addNode(1);
    return (options[i] ?? []).map((o) => ({ value: o.value, arc: network.addArc(node, valueNode.get(o.value) as number, 1, o.same ? o.cost - bonus : o.cost) }));
  });
  const solution = network.solve();
  if (solution === null || solution.routed < moving.length - 1e-9) return null;

  const next: TraineeChoice[] = [...choices];
  moving.forEach((t, i) => {
    const taken = (arcs[i] ?? []).find((a) => (solution.flow[a.arc] as number) > 0.5);
    if (taken !== undefined) next[t] = withValue(next[t] as TraineeChoice, role, taken.value);
  });
  return next;
}

/**
 * The away members a trainee has, in other periods: the network deals a trainee's members out to
 * periods in no particular order (edge-colouring.ts), so a trainee who keeps both members may
 * still have them swapped. The periods are dealt again with the same colouring, each visit
 * preferring its period in the plan (a pinned or excluded visit: its period now), those first:
 * together they fit, mostly, and the colouring gives the others free periods, moving a preferred
 * visit only when it must. Costs do not depend on the period, so the objective stays. Null when
 * nothing moves or a pinned visit would have to (then the periods stay as they are).
 */
function reorderAway(
  index: CohortIndex,
  facts: Facts,
  previous: readonly (TraineeChoice | null)[],
  choices: readonly TraineeChoice[],
  excluded: ReadonlyMap<number, ReadonlySet<RoleKey>>,
): TraineeChoice[] | null {
  const P = index.awayPeriods.length;
  if (P < 2) return null;
  const memberIds = [...index.memberById.keys()];
  const memberNo = new Map(memberIds.map((id, i) => [id, i]));
  const capOf = (m: number) => Math.max(1, index.memberById.get(memberIds[m] as string)?.awayCapacity ?? 0);
  const copyBase = new Int32Array(memberIds.length);
  let copies = 0;
  memberIds.forEach((_, m) => {
    copyBase[m] = copies;
    copies += capOf(m);
  });

  // Visits, with their wanted period: held ones (pins, excluded) where they are, others where the plan had them.
  interface Visit { readonly t: number; readonly m: number; readonly want: number; readonly held: boolean }
  const visits: Visit[] = [];
  choices.forEach((c, t) => {
    if (c.host === null) return;
    const before = previous[t];
    const id = index.cohort.trainees[t]?.id;
    const pinnedPeriods = new Set((id === undefined ? [] : (facts.byTrainee.get(id)?.awayPins ?? [])).map((pin) => pin.period.id));
    c.away.forEach((member, p) => {
      if (member === null) return;
      const held = pinnedPeriods.has(index.awayPeriods[p]?.id ?? "") || excluded.get(t)?.has(`away:${p}`) === true || c.away.some((x) => x === null);
      const was = before === null || before === undefined ? -1 : before.away.indexOf(member);
      visits.push({ t, m: memberNo.get(member) as number, want: held ? p : was, held });
    });
  });
  // Held visits first, then the wanted ones, then the rest; each to a copy of its member that has room in its period.
  visits.sort((a, b) => Number(b.held) - Number(a.held) || Number(b.want >= 0) - Number(a.want >= 0));
  const copyUse = new Int32Array(copies * P);
  const degree = new Int32Array(copies);
  const edges: [number, number][] = [];
  const preferred = new Int32Array(visits.length).fill(-1);
  visits.forEach((v, e) => {
    const base = copyBase[v.m] as number;
    const n = capOf(v.m);
    let copy = -1;
    if (v.want >= 0) for (let k = 0; k < n && copy < 0; k++) if (copyUse[(base + k) * P + v.want] === 0 && (degree[base + k] as number) < P) copy = base + k;
    if (copy >= 0) preferred[e] = v.want;
    else for (let k = 0; k < n; k++) if ((degree[base + k] as number) < P && (copy < 0 || (degree[base + k] as number) < (degree[copy] as number))) copy = base + k;
    if (copy < 0) copy = base; // cannot happen with the network's sets (at most P × capacity visits a member)
    degree[copy] = (degree[copy] as number) + 1;
    if ((preferred[e] as number) >= 0) copyUse[copy * P + v.want] = 1;
    edges.push([v.t, copy]);
  });
  if (degree.some((d) => d > P)) return null;
  const colour = colourBipartiteEdges(choices.length, copies, edges, P, preferred);
  // A held visit that a swap moved goes back, and swaps that put visits back in their periods are made.
  if (!settlePeriods(choices.length, copies, edges, P, colour, visits)) return null;

  const tuples = choices.map((c) => [...c.away]);
  visits.forEach((v, e) => ((tuples[v.t] as (string | null)[])[colour[e] as number] = memberIds[v.m] as string));
  reorderPairs(index, previous, tuples, new Set(visits.filter((v) => v.held).map((v) => v.t)));
  const next: TraineeChoice[] = choices.map((c, t) => ({ ...c, away: tuples[t] as (string | null)[] }));
  const moved = next.some((c, t) => c.away.some((m, p) => m !== (choices[t] as TraineeChoice).away[p]));
  return moved ? next : null;
}

/**
 * The colouring works on copies of members (one per place), which is stricter than the rule (at
 * most awayCapacity visitors per member and period): a trainee whose members are still in each
 * other's periods is put back here, on the members' own room, alone or together with one other
 * such trainee whose move makes the room. `tuples` is changed in place; held trainees stay.
 */
function reorderPairs(index: CohortIndex, previous: readonly (TraineeChoice | null)[], tuples: (string | null)[][], held: ReadonlySet<number>): void {
  const load = new Map<string, number>();
  const key = (m: string, p: number) => `${p}|${m}`;
  const add = (tuple: readonly (string | null)[], by: number) =>
    tuple.forEach((m, p) => m !== null && load.set(key(m, p), (load.get(key(m, p)) ?? 0) + by));
  for (const tuple of tuples) add(tuple, 1);
  const fits = () => {
    for (const [k, n] of load) if (n > (index.memberById.get(k.slice(k.indexOf("|") + 1))?.awayCapacity ?? 0)) return false;
    return true;
  };
  /** The trainee's members in the periods the plan had them in (the others in the periods left), or null when already so. */
  const wanted = (t: number): (string | null)[] | null => {
    const before = previous[t];
    const now = tuples[t] as (string | null)[];
    if (before === null || before === undefined || held.has(t) || now.some((m) => m === null)) return null;
    const out: (string | null)[] = now.map(() => null);
    const rest: string[] = [];
    for (const m of now as string[]) {
      const q = before.away.indexOf(m);
      if (q >= 0) out[q] = m;
      else rest.push(m);
    }
    for (let p = 0; p < out.length; p++) if (out[p] === null) out[p] = rest.shift() ?? null;
    return out.every((m, p) => m === now[p]) ? null : out;
  };
  const holders = new Map<string, number[]>();
  tuples.forEach((tuple, t) => tuple.forEach((m, p) => m !== null && (holders.get(key(m, p)) ?? holders.set(key(m, p), []).get(key(m, p))!).push(t)));
  const tryMove = (moves: readonly { t: number; to: (string | null)[] }[]): boolean => {
    for (const { t } of moves) add(tuples[t] as (string | null)[], -1);
    for (const { to } of moves) add(to, 1);
    if (fits()) {
      for (const { t, to } of moves) tuples[t] = to;
      return true;
    }
    for (const { to } of moves) add(to, -1);
    for (const { t } of moves) add(tuples[t] as (string | null)[], 1);
    return false;
  };
  tuples.forEach((_, t) => {
    const to = wanted(t);
    if (to === null || tryMove([{ t, to }])) return;
    // Someone else in a place this move needs, who wants to move too.
    for (let p = 0; p < to.length; p++) {
      const m = to[p];
      if (m === null || m === undefined) continue;
      for (const u of holders.get(key(m, p)) ?? []) {
        if (u === t) continue;
        const other = wanted(u);
        if (other !== null && tryMove([{ t, to }, { t: u, to: other }])) return;
      }
    }
  });
}

/**
 * The Kempe chain of edge `e` for colours (its own, `b`): the edges coloured one or the other
 * that connect to it form a path or an even cycle, and swapping the two colours along it keeps
 * the colouring proper.
 */
function kempeChain(edges: readonly (readonly [number, number])[], P: number, colour: Int32Array, at: { readonly left: Int32Array; readonly right: Int32Array }, e0: number, b: number): Set<number> {
  const a = colour[e0] as number;
  const chain = new Set<number>([e0]);
  for (const startOnRight of [false, true]) {
    let e = e0;
    let onRight = startOnRight;
    let want = b;
    for (;;) {
      const [l, r] = edges[e] as readonly [number, number];
      const next = (onRight ? at.right[r * P + want] : at.left[l * P + want]) as number;
      if (next === -1 || chain.has(next)) break;
      chain.add(next);
      e = next;
      onRight = !onRight;
      want = want === a ? b : a;
    }
  }
  return chain;
}

function incidence(leftCount: number, rightCount: number, edges: readonly (readonly [number, number])[], P: number, colour: Int32Array) {
  const left = new Int32Array(leftCount * P).fill(-1);
  const right = new Int32Array(rightCount * P).fill(-1);
  edges.forEach(([l, r], e) => {
    left[l * P + (colour[e] as number)] = e;
    right[r * P + (colour[e] as number)] = e;
  });
  return { left, right };
}

function swapChain(chain: ReadonlySet<number>, colour: Int32Array, a: number, b: number): void {
  for (const e of chain) colour[e] = colour[e] === a ? b : a;
}

/**
 * Puts every held visit back in its period by swapping its Kempe chain; then swaps every chain
 * that puts more visits in their wanted periods than it takes out, held visits never moved.
 * False when the held visits cannot all be settled.
 */
function settlePeriods(
  leftCount: number,
  rightCount: number,
  edges: readonly (readonly [number, number])[],
  P: number,
  colour: Int32Array,
  visits: readonly { readonly want: number; readonly held: boolean }[],
): boolean {
  for (let round = 0; round < 2 * P + 2; round++) {
    const wrong = visits.findIndex((v, e) => v.held && colour[e] !== v.want);
    if (wrong < 0) break;
    const b = (visits[wrong] as { want: number }).want;
    swapChain(kempeChain(edges, P, colour, incidence(leftCount, rightCount, edges, P, colour), wrong, b), colour, colour[wrong] as number, b);
  }
  if (!visits.every((v, e) => !v.held || colour[e] === v.want)) return false;
  for (let round = 0; round < 4; round++) {
    let improved = false;
    const at = incidence(leftCount, rightCount, edges, P, colour);
    visits.forEach((v, e) => {
      if (v.held || v.want < 0 || colour[e] === v.want) return;
      const a = colour[e] as number;
      const chain = kempeChain(edges, P, colour, at, e, v.want);
      let gain = 0;
      for (const x of chain) {
        const w = visits[x] as { want: number; held: boolean };
        if (w.held) return;
        const after = colour[x] === a ? v.want : a;
        gain += Number(after === w.want) - Number(colour[x] === w.want);
      }
      if (gain <= 0) return;
      for (const x of chain) {
        const [l, r] = edges[x] as readonly [number, number];
        at.left[l * P + (colour[x] as number)] = -1;
        at.right[r * P + (colour[x] as number)] = -1;
      }
      swapChain(chain, colour, a, v.want);
      for (const x of chain) {
        const [l, r] = edges[x] as readonly [number, number];
        at.left[l * P + (colour[x] as number)] = x;
        at.right[r * P + (colour[x] as number)] = x;
      }
      improved = true;
    });
    if (!improved) break;
  }
  return true;
}

function withValue(choice: TraineeChoice, role: Role, value: string): TraineeChoice {
  if (role === "mentor") return { ...choice, mentor: value };
  if (role === "supervisor") return { ...choice, supervisor: value };
  const away = [...choice.away];
  away[role.period] = value;
  return { ...choice, away };
}

function capacityOf(index: CohortIndex, role: Role, value: string): number {
  if (role === "mentor" || role === "supervisor") return index.personById.get(value)?.capacity ?? 0;
  return index.memberById.get(value)?.awayCapacity ?? 0;
}

/** Whether a pin fixes the trainee's role. */
function pinned(facts: Facts, trainee: string | undefined, role: Role, index: CohortIndex): boolean {
  const f = trainee === undefined ? undefined : facts.byTrainee.get(trainee);
  if (f === undefined) return false;
  if (role === "mentor") return f.mentorPins.length > 0;
  if (role === "supervisor") return f.supervisorPins.length > 0;
  const period = index.awayPeriods[role.period]?.id;
  return f.awayPins.some((p) => p.period.id === period);
}

/** Whether the trainee, with the rest of its choice as it is, may take `value` in the role (capacity aside). */
function allowed(index: CohortIndex, facts: Facts, trainee: string, choice: TraineeChoice, role: Role, value: string): boolean {
  const { cohort } = index;
  const host = choice.host as string;
  const t = index.traineeById.get(trainee);
  if (t === undefined) return false;
  const kind = role === "mentor" ? "mentor" : role === "supervisor" ? "supervisor" : "member";
  const forbidden = facts.byTrainee.get(trainee)?.forbids.some((f) => f.kind === kind && f.target === value) ?? false;
  if (forbidden) return false;
  const required = cohort.rules.specializationFit === "required";
  const hostOrg = index.organisationOf(host);
  if (role === "mentor") {
    const person = index.personById.get(value);
    if (person === undefined || person.role !== "mentor") return false;
    const org = index.organisationOf(person.member);
    if (org === hostOrg) return false;
    if (cohort.rules.mentorOutside === "host-and-away") return choice.away.every((m) => m === null || index.organisationOf(m) !== org);
    return true;
  }
  if (role === "supervisor") {
    const person = index.personById.get(value);
    if (person === undefined || person.role !== "supervisor" || person.member !== host) return false;
    return !required || index.personLists(value, t.specialization);
  }
  const member = index.memberById.get(value);
  if (member === undefined) return false;
  const org = index.organisationOf(value);
  if (org === hostOrg) return false;
  if (choice.away.some((m, p) => p !== role.period && m === value)) return false;
  if (required && !index.offers(value, t.specialization)) return false;
  if (cohort.rules.mentorOutside === "host-and-away" && choice.mentor !== null) {
    const mentor = index.personById.get(choice.mentor);
    if (mentor !== undefined && index.organisationOf(mentor.member) === org) return false;
  }
  return true;
}
