/**
 * What the runs of one suite say together: the best known objective of each instance, each
 * run's gap to it and its own proven gap, rotamatch's time and objective as ratios against
 * HiGHS in the same run, and the issue's targets, met or not.
 */
import type { Instance } from "./instances.js";
import { ROTAMATCH_BACKENDS, hasPlan, type RunResult, type SolverId } from "./solvers.js";

/** Objectives closer than this (relative) count as the same. */
const SAME = 1e-6;

/**
 * The least objective any solver found for the instance, among the plans that leave the fewest
 * roles empty (allowUnassigned: filled roles come first); null when none found a plan.
 */
export function bestKnown(results: readonly RunResult[], instance: string): number | null {
  const plans = results.filter((r) => r.instance === instance && hasPlan(r));
  const fewest = Math.min(...plans.map(emptyOf));
  const objectives = plans.filter((r) => emptyOf(r) === fewest).map((r) => r.objective as number);
  return objectives.length === 0 ? null : Math.min(...objectives);
}

/** The fewest roles any plan for the instance leaves empty (0 without allowUnassigned); null without a plan. */
export function fewestEmpty(results: readonly RunResult[], instance: string): number | null {
  const plans = results.filter((r) => r.instance === instance && hasPlan(r));
  return plans.length === 0 ? null : Math.min(...plans.map(emptyOf));
}

/** Roles a run's plan leaves empty; 0 where every role must be filled. */
export const emptyOf = (r: Pick<RunResult, "emptyRoles">): number => r.emptyRoles ?? 0;

/** How far `objective` is above `reference`, in percent of the reference. */
export const gapPercent = (objective: number, reference: number): number =>
  ((objective - reference) / Math.max(Math.abs(reference), 1e-9)) * 100;

/** The run's own proven gap in percent ((objective - bound) / |objective|); null without a plan and a bound. */
export function provenGapPercent(r: RunResult): number | null {
  if (!hasPlan(r) || r.bound === null) return null;
  const objective = r.objective as number;
  return Math.max(0, ((objective - r.bound) / Math.max(Math.abs(objective), 1e-9)) * 100);
}

/** A rotamatch backend against HiGHS on one instance. */
export interface Ratio {
  readonly instance: string;
  readonly solver: SolverId;
  /** HiGHS's time divided by the backend's (above 1: the backend is faster); null unless both found a plan. */
  readonly speedup: number | null;
  /** The backend's objective above HiGHS's, in percent; null unless both found a plan. */
  readonly objectiveGap: number | null;
  /** Why there is no ratio, when there is none. */
  readonly note: string | null;
}

export function ratiosAgainstHighs(instances: readonly Instance[], results: readonly RunResult[]): Ratio[] {
  const find = (instance: string, solver: SolverId) => results.find((r) => r.instance === instance && r.solver === solver);
  const ratios: Ratio[] = [];
  for (const instance of instances) {
    const highs = find(instance.id, "highs");
    if (highs === undefined) continue;
    for (const solver of Object.keys(ROTAMATCH_BACKENDS) as SolverId[]) {
      const mine = find(instance.id, solver);
      if (mine === undefined) continue;
      const emptyDiff = hasPlan(mine) && hasPlan(highs) ? emptyOf(mine) - emptyOf(highs) : 0;
      const note = !hasPlan(mine)
        ? mine.status
        : !hasPlan(highs)
          ? `plan; HiGHS ${highs.status}`
          : emptyDiff !== 0
            ? `${Math.abs(emptyDiff)} ${emptyDiff > 0 ? "more" : "fewer"} empty roles than HiGHS`
            : null;
      const both = note === null;
      ratios.push({
        instance: instance.id,
        solver,
        speedup: both ? (highs.ms as number) / Math.max(mine.ms as number, 1e-3) : null,
        objectiveGap: both ? gapPercent(mine.objective as number, highs.objective as number) : null,
        note,
      });
    }
  }
  return ratios;
}

/** One target of the issue checked on one (instance, backend). */
export interface TargetCheck {
  readonly target: string;
  readonly instance: string;
  readonly solver: SolverId;
  /** The figures the verdict rests on, in words. */
  readonly figures: string;
  readonly met: boolean;
}

/** The backends whose targets are checked: what callers get by default, and the structure-exploiting one. */
const TARGET_SOLVERS: readonly SolverId[] = ["rotamatch-auto", "rotamatch-network"];

/** A backend's run on an instance, with HiGHS's run on the same instance. */
interface Judged {
  readonly instance: Instance;
  readonly run: RunResult;
  readonly highs: RunResult | undefined;
  readonly results: readonly RunResult[];
}

interface Target {
  readonly name: string;
  readonly applies: (i: Instance) => boolean;
  readonly judge: (j: Judged) => { figures: string; met: boolean };
}

/** The issue's targets, measured as ratios against HiGHS in the same run. */
const TARGETS: readonly Target[] = [
  {
    name: "≤ 50 trainees: optimal, ≥ 5× faster than HiGHS",
    applies: (i) => i.trainees <= 50,
    judge: (j) => ({
      figures: `${statusAndTime(j.run)}; ${againstHighs(j)}`,
      met: j.run.status === "optimal" && fasterThanHighs(j, 5),
    }),
  },
  {
    name: "200×100, hosts chosen: HiGHS's optimum (gap < 0.05 %) in ≤ 1/5 of its time",
    applies: (i) => i.trainees === 200 && i.members === 100 && i.hosts === "chosen",
    judge: (j) => {
      const highsPlan = j.highs !== undefined && hasPlan(j.highs);
      const reference = highsPlan ? (j.highs?.objective as number) : bestKnown(j.results, j.instance.id);
      const gap = hasPlan(j.run) && reference !== null ? gapPercent(j.run.objective as number, reference) : null;
      const gapText = gap === null ? "no plan" : `${formatPercent(gap)} above ${highsPlan ? "HiGHS" : "the best known"}`;
      return { figures: `${statusAndTime(j.run)}, ${gapText}; ${againstHighs(j)}`, met: gap !== null && gap < 0.05 && fasterThanHighs(j, 5) };
    },
  },
  {
    name: "Romerike 2013 and 50×30 with hosts chosen and one away period: ≥ 10× faster than HiGHS",
    applies: (i) => i.shortage === undefined && (i.id === "romerike-2013" || (i.trainees === 50 && i.members === 30 && i.hosts === "chosen" && i.awayPeriods === 1)),
    judge: (j) => ({ figures: `${statusAndTime(j.run)}; ${againstHighs(j)}`, met: j.run.status === "optimal" && fasterThanHighs(j, 10) }),
  },
  {
    name: "1,000×300: a plan with a proven gap < 0.5 % within 5 s",
    applies: (i) => i.trainees === 1000 && i.members === 300,
    judge: (j) => {
      const proven = provenGapPercent(j.run);
      return { figures: `${statusAndTime(j.run)}, ${provenText(proven)}`, met: proven !== null && proven < 0.5 && within(j.run, 5000) };
    },
  },
  {
    name: "1,000×300, hosts chosen: a proven gap < 0.05 % within 5 s",
    applies: (i) => i.trainees === 1000 && i.members === 300 && i.hosts === "chosen" && i.shortage === undefined,
    judge: (j) => {
      const proven = provenGapPercent(j.run);
      return { figures: `${statusAndTime(j.run)}, ${provenText(proven)}`, met: proven !== null && proven < 0.05 && within(j.run, 5000) };
    },
  },
  {
    name: "5,000×1,000: a proven gap < 0.1 % within 30 s and 2 GiB",
    applies: (i) => i.trainees === 5000 && i.members === 1000,
    judge: (j) => {
      const proven = provenGapPercent(j.run);
      const peak = j.run.peakMb;
      return {
        figures: `${statusAndTime(j.run)}, ${provenText(proven)}, ${peak === null ? "memory unknown" : `${Math.round(peak)} MiB`}`,
        met: proven !== null && proven < 0.1 && within(j.run, 30_000) && peak !== null && peak < 2048,
      };
    },
  },
];

/** Every target that applies, for each checked backend that ran on the instance. */
export function checkTargets(instances: readonly Instance[], results: readonly RunResult[]): TargetCheck[] {
  const find = (instance: string, solver: SolverId) => results.find((r) => r.instance === instance && r.solver === solver);
  return instances.flatMap((instance) =>
    TARGETS.filter((t) => t.applies(instance)).flatMap((target) =>
      TARGET_SOLVERS.flatMap((solver) => {
        const run = find(instance.id, solver);
        if (run === undefined) return [];
        const { figures, met } = target.judge({ instance, run, highs: find(instance.id, "highs"), results });
        return [{ target: target.name, instance: instance.id, solver, figures, met }];
      }),
    ),
  );
}

const statusAndTime = (r: RunResult): string => `${r.status} in ${r.ms === null ? "–" : formatSeconds(r.ms)}`;
const provenText = (proven: number | null): string => (proven === null ? "no proven gap" : `proven gap ${formatPercent(proven)}`);
const within = (r: RunResult, ms: number): boolean => r.ms !== null && r.ms <= ms;

/** HiGHS's time over the backend's, when both found a plan. */
function speedup(j: Judged): number | null {
  if (j.highs === undefined || !hasPlan(j.highs) || !hasPlan(j.run) || j.highs.ms === null || j.run.ms === null) return null;
  return j.highs.ms / Math.max(j.run.ms, 1e-3);
}

/** Whether the backend is `factor` times faster than HiGHS; a plan where HiGHS found none counts as faster. */
function fasterThanHighs(j: Judged, factor: number): boolean {
  const ratio = speedup(j);
  if (ratio !== null) return ratio >= factor;
  return j.highs !== undefined && !hasPlan(j.highs) && hasPlan(j.run);
}

function againstHighs(j: Judged): string {
  if (j.highs === undefined) return "HiGHS not run";
  const ratio = speedup(j);
  return `HiGHS ${statusAndTime(j.highs)}${ratio === null ? "" : ` (${formatSpeedup(ratio)})`}`;
}

/** Whether two objectives are the same optimum (relative difference under 1e-6). */
export const sameObjective = (a: number, b: number): boolean => Math.abs(a - b) <= SAME * Math.max(1, Math.abs(a), Math.abs(b));

export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatPercent(p: number): string {
  if (Math.abs(p) < 0.0005) return "0 %";
  return `${Math.abs(p) < 1 ? p.toFixed(3) : p.toFixed(2)} %`;
}

/** A speed-up (HiGHS's time over the backend's) in words: "13× faster", "2.5× slower". */
export function formatSpeedup(ratio: number): string {
  const factor = ratio >= 1 ? ratio : 1 / ratio;
  return `${factor >= 10 ? factor.toFixed(0) : factor.toFixed(1)}× ${ratio >= 1 ? "faster" : "slower"}`;
}

/** One solver on an instance with history, against the same instance without history, in the same run. */
export interface HistoryComparison {
  /** The instance without history (its id names the size and the kind). */
  readonly baseline: Instance;
  readonly instance: Instance;
  readonly solver: SolverId;
  readonly without: RunResult;
  readonly with: RunResult;
  /** Time with history over time without; null unless both found a plan. */
  readonly timeRatio: number | null;
  /** Proven gaps in percent (null without a plan and a bound). */
  readonly provenWithout: number | null;
  readonly provenWith: number | null;
}

/** Every (instance with history, solver) whose baseline instance the same solver also ran, in the order of the runs. */
export function historyComparisons(instances: readonly Instance[], results: readonly RunResult[]): HistoryComparison[] {
  const byId = new Map(instances.map((i) => [i.id, i]));
  const find = (instance: string, solver: SolverId) => results.find((r) => r.instance === instance && r.solver === solver);
  return instances.flatMap((instance) => {
    const baseline = instance.history === undefined ? undefined : byId.get(instance.history.baseline);
    if (baseline === undefined) return [];
    return results
      .filter((r) => r.instance === instance.id)
      .flatMap((withRun) => {
        const without = find(baseline.id, withRun.solver);
        if (without === undefined) return [];
        const both = hasPlan(withRun) && hasPlan(without) && withRun.ms !== null && without.ms !== null;
        return [
          {
            baseline,
            instance,
            solver: withRun.solver,
            without,
            with: withRun,
            timeRatio: both ? (withRun.ms as number) / Math.max(without.ms as number, 1e-3) : null,
            provenWithout: provenGapPercent(without),
            provenWith: provenGapPercent(withRun),
          },
        ];
      });
  });
}
