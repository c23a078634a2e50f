/**
 * The chart of a suite run, as hand-written SVG: time to answer against the number of trainees,
 * both on log scales, one panel per kind of instance (hosts given or chosen, one or two away
 * periods), one colour per solver. A filled dot is a proven optimum, a hollow one a plan not
 * proven optimal, a cross a run that ended without a plan (time or memory ran out); errors and
 * skipped runs are not drawn. Points of different solvers at the same size are spread a few
 * pixels apart so that they do not hide each other.
 */
import { kindOf, type Instance } from "./instances.js";
import { SOLVERS, SOLVER_LABELS, hasPlan, type RunResult, type SolverId } from "./solvers.js";

const COLOURS: Readonly<Record<SolverId, string>> = {
  "rotamatch-jslp": "#1f77b4",
  "rotamatch-network": "#2ca02c",
  "rotamatch-auto": "#9467bd",
  "jslp-plain": "#8c564b",
  highs: "#d62728",
  glpk: "#ff7f0e",
};

const KIND_TITLES: Readonly<Record<string, string>> = {
  "given/1": "hosts given, 1 away period",
  "chosen/1": "hosts chosen, 1 away period",
  "given/2": "hosts given, 2 away periods",
  "chosen/2": "hosts chosen, 2 away periods",
  "chosen/1/short": "too few places (allowUnassigned), 1 away period",
  "chosen/2/short": "too few places (allowUnassigned), 2 away periods",
};

const PANEL_W = 440;
const PANEL_H = 260;
const PAD = { left: 62, right: 16, top: 28, bottom: 42 };
const LEGEND_H = 64;
const COLUMNS = 2;
const SPREAD_PX = 3;

export interface ChartInput {
  readonly instances: readonly Instance[];
  readonly results: readonly RunResult[];
  /** The time limit of the runs, in milliseconds (drawn as a dashed line). */
  readonly timeLimitMs: number;
}

export function renderChart({ instances, results, timeLimitMs }: ChartInput): string {
  const kinds = Object.keys(KIND_TITLES).filter((k) => instances.some((i) => kindOf(i) === k));
  const solvers = SOLVERS.filter((s) => results.some((r) => r.solver === s));
  const rows = Math.ceil(kinds.length / COLUMNS);
  const width = COLUMNS * PANEL_W;
  const height = LEGEND_H + rows * PANEL_H;
  const drawn = results.filter((r) => r.ms !== null && r.status !== "error" && r.status !== "skipped");

  const x = logScale(instances.map((i) => i.trainees), PAD.left, PANEL_W - PAD.right, 1.6);
  const times = [...drawn.map((r) => r.ms as number), timeLimitMs];
  const y = logScale(times, PANEL_H - PAD.bottom, PAD.top, 1, true);
  const trainees = [...new Set(instances.map((i) => i.trainees))].sort((a, b) => a - b);
  const byId = new Map(instances.map((i) => [i.id, i]));

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>Time to answer against trainees, per solver</title>`,
    `<desc>Log-log chart of each solver's time per instance, one panel per kind of instance; filled dot: proven optimum, hollow: plan not proven optimal, cross: no plan.</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...legend(solvers),
  ];
  kinds.forEach((kind, k) => {
    const ox = (k % COLUMNS) * PANEL_W;
    const oy = LEGEND_H + Math.floor(k / COLUMNS) * PANEL_H;
    out.push(`<g transform="translate(${ox},${oy})">`);
    out.push(...axes(KIND_TITLES[kind] as string, x, y, trainees, timeLimitMs));
    solvers.forEach((solver, s) => {
      const shift = (s - (solvers.length - 1) / 2) * SPREAD_PX;
      const points = drawn
        .filter((r) => r.solver === solver && byId.get(r.instance) !== undefined && kindOf(byId.get(r.instance) as Instance) === kind)
        .map((r) => ({ r, px: x.at((byId.get(r.instance) as Instance).trainees) + shift, py: y.at(r.ms as number) }))
        .sort((a, b) => a.px - b.px);
      const line = points.filter((p) => hasPlan(p.r));
      if (line.length > 1) {
        out.push(`<polyline fill="none" stroke="${COLOURS[solver]}" stroke-width="1.5" points="${line.map((p) => `${p.px.toFixed(1)},${p.py.toFixed(1)}`).join(" ")}"/>`);
      }
      for (const p of points) out.push(marker(p.r, p.px, p.py, COLOURS[solver]));
    });
    out.push("</g>");
  });
  out.push("</svg>", "");
  return out.join("\n");
}

interface Scale {
  /** Pixel position of a value. */
  at(value: number): number;
  readonly min: number;
  readonly max: number;
}

/**
 * A log scale over `values` from pixel `from` to pixel `to`: padded by `pad` (a factor) on both
 * sides, or widened to whole powers of ten with `decades`.
 */
function logScale(values: readonly number[], from: number, to: number, pad: number, decades = false): Scale {
  const positive = values.filter((v) => v > 0);
  let min = Math.min(...positive) / pad;
  let max = Math.max(...positive) * pad;
  if (decades) {
    min = 10 ** Math.floor(Math.log10(min));
    max = 10 ** Math.ceil(Math.log10(max));
  }
  if (!(max > min)) [min, max] = [min / 3, max * 3];
  const span = Math.log10(max) - Math.log10(min);
  return { min, max, at: (v) => from + ((Math.log10(Math.max(v, min)) - Math.log10(min)) / span) * (to - from) };
}

function legend(solvers: readonly SolverId[]): string[] {
  const out: string[] = [];
  const step = (COLUMNS * PANEL_W - 2 * PAD.left) / Math.max(solvers.length, 1);
  solvers.forEach((solver, i) => {
    const lx = PAD.left + i * step;
    out.push(`<rect x="${lx}" y="14" width="12" height="12" fill="${COLOURS[solver]}"/>`);
    out.push(`<text x="${lx + 17}" y="24">${escape(SOLVER_LABELS[solver])}</text>`);
  });
  const ly = 46;
  out.push(`<circle cx="${PAD.left + 6}" cy="${ly - 4}" r="4" fill="#444"/>`, `<text x="${PAD.left + 16}" y="${ly}">optimal</text>`);
  out.push(`<circle cx="${PAD.left + 96}" cy="${ly - 4}" r="4" fill="#fff" stroke="#444" stroke-width="1.5"/>`, `<text x="${PAD.left + 106}" y="${ly}">plan, not proven optimal</text>`);
  out.push(cross(PAD.left + 276, ly - 4, "#444"), `<text x="${PAD.left + 286}" y="${ly}">no plan (time or memory ran out)</text>`);
  return out;
}

function axes(title: string, x: Scale, y: Scale, trainees: readonly number[], timeLimitMs: number): string[] {
  const left = PAD.left;
  const right = PANEL_W - PAD.right;
  const top = PAD.top;
  const bottom = PANEL_H - PAD.bottom;
  const out = [
    `<text x="${(left + right) / 2}" y="${top - 10}" text-anchor="middle" font-weight="bold">${escape(title)}</text>`,
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#999"/>`,
  ];
  for (let v = y.min; v <= y.max * 1.0001; v *= 10) {
    const py = y.at(v).toFixed(1);
    out.push(`<line x1="${left}" x2="${right}" y1="${py}" y2="${py}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${left - 6}" y="${py}" dy="4" text-anchor="end">${timeLabel(v)}</text>`);
  }
  for (const t of trainees) {
    const px = x.at(t).toFixed(1);
    out.push(`<line x1="${px}" x2="${px}" y1="${bottom}" y2="${bottom + 4}" stroke="#999"/>`);
    out.push(`<text x="${px}" y="${bottom + 16}" text-anchor="middle">${t}</text>`);
  }
  const limit = y.at(timeLimitMs).toFixed(1);
  out.push(`<line x1="${left}" x2="${right}" y1="${limit}" y2="${limit}" stroke="#666" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${left + 4}" y="${limit}" dy="-4" fill="#666">time limit</text>`);
  out.push(`<text x="${(left + right) / 2}" y="${bottom + 34}" text-anchor="middle">trainees</text>`);
  return out;
}

function marker(r: RunResult, px: number, py: number, colour: string): string {
  const at = `cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="4"`;
  const tip = `<title>${escape(`${SOLVER_LABELS[r.solver]}, ${r.instance}: ${r.status}`)}</title>`;
  if (r.status === "optimal") return `<circle ${at} fill="${colour}">${tip}</circle>`;
  if (hasPlan(r)) return `<circle ${at} fill="#fff" stroke="${colour}" stroke-width="1.5">${tip}</circle>`;
  return `<g>${tip}${cross(px, py, colour)}</g>`;
}

const cross = (px: number, py: number, colour: string): string =>
  `<path d="M${(px - 4).toFixed(1)},${(py - 4).toFixed(1)}l8,8m0,-8l-8,8" stroke="${colour}" stroke-width="2"/>`;

function timeLabel(ms: number): string {
  if (ms < 1) return `${ms.toPrecision(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Math.round(ms / 1000)} s`;
}

const escape = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
