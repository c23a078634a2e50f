/**
 * Assignment rows: every trainee gets one host, one member per away period, one supervisor
 * at the host and one mentor. With `allowUnassigned`, a role may stay empty (`<=` instead of
 * `=`), a trainee without a host gets no other role, and pinned roles must still be filled.
 *
 * When the host is chosen, the supervisor and (for paired away variables) the away choices are
 * linked to it per candidate host: sum of the host's options <= host[t,h], plus one row saying
 * the role is filled. Since the host row sums to 1 as well, each per-host row holds with
 * equality, in the LP relaxation too; no big-M terms.
 */
import type { ModelBuilder } from "../builder.js";
import { ones } from "../builder.js";
import type { TraineeVars, VariableMeta } from "../variables.js";

export function addAssignmentRows(builder: ModelBuilder<VariableMeta>, vars: readonly TraineeVars[], allowUnassigned: boolean): void {
  for (const tv of vars) {
    const tc = tv.candidates;
    const id = tc.trainee.id;
    const hostVars = [...tv.host.values()].flat();
    const chosen = tc.givenHost === null;
    const optional = (pinned: boolean) => allowUnassigned && !pinned;

    // Host (with supervisor and away placement, for combined variables).
    if (chosen) builder.addRow(`host[${id}]`, ones(hostVars), optional(tc.hostPinned) ? 0 : 1, 1);
    if (tv.structure !== "combined") addAwayAndSupervisorRows(builder, tv, allowUnassigned);

    // Mentor.
    const mentorVars = tv.mentor.map((m) => m.variable);
    if (!chosen || !allowUnassigned) {
      addChoiceRow(builder, `mentor[${id}]`, mentorVars, optional(tc.mentorPinned) ? 0 : 1);
    } else {
      builder.addRow(`mentor[${id}]`, [...ones(mentorVars), ...ones(hostVars, -1)], Number.NEGATIVE_INFINITY, 0);
      if (tc.mentorPinned) addChoiceRow(builder, `mentor[${id}]: pinned`, mentorVars, 1);
    }
  }
}

function addAwayAndSupervisorRows(builder: ModelBuilder<VariableMeta>, tv: TraineeVars, allowUnassigned: boolean): void {
  const tc = tv.candidates;
  const id = tc.trainee.id;
  const hostVars = [...tv.host.values()].flat();
  const chosen = tc.givenHost === null;
  const optional = (pinned: boolean) => allowUnassigned && !pinned;

  // Away periods.
  tv.away.forEach((awayVars, p) => {
    const pinned = tc.away[p]?.pinned ?? false;
    const all = awayVars.map((a) => a.variable);
    const name = `away[${id},${tc.away[p]?.period}]`;
    if (!chosen) {
      builder.addRow(name, ones(all), optional(pinned) ? 0 : 1, 1);
    } else if (tv.structure === "paired") {
      // sum over m of pair[t,p,h,m] <= host[t,h] for each candidate host h, and (when the role
      // must be filled) sum of all pairs = 1. Together they force equality per host, with one
      // tableau row per host instead of the two an equality costs.
      for (const [h, hostVarsAtH] of tv.host) {
        const terms = [...ones(awayVars.filter((a) => a.host === h).map((a) => a.variable)), ...ones(hostVarsAtH, -1)];
        builder.addRow(`${name} at ${h}`, terms, Number.NEGATIVE_INFINITY, 0);
      }
      if (!optional(pinned)) builder.addRow(`${name}: filled`, ones(all), 1, 1);
    } else if (allowUnassigned) {
      // A trainee without a host gets no away placement.
      builder.addRow(name, [...ones(all), ...ones(hostVars, -1)], pinned ? 0 : Number.NEGATIVE_INFINITY, 0);
      if (pinned) builder.addRow(`${name}: pinned`, ones(all), 1, 1);
    } else {
      builder.addRow(name, ones(all), 1, 1);
    }
  });

  // Supervisor: employed by the host member itself.
  const supervisorVars = tv.supervisor.map((s) => s.variable);
  if (!chosen) {
    addChoiceRow(builder, `supervisor[${id}]`, supervisorVars, optional(tc.supervisorPinned) ? 0 : 1);
  } else {
    // As for paired away variables: <= per host, plus one row that fills the role.
    for (const [h, hostVarsAtH] of tv.host) {
      const terms = [...ones(tv.supervisor.filter((s) => s.personClass.member === h).map((s) => s.variable)), ...ones(hostVarsAtH, -1)];
      builder.addRow(`supervisor[${id}] at ${h}`, terms, Number.NEGATIVE_INFINITY, 0);
    }
    if (!optional(tc.supervisorPinned)) addChoiceRow(builder, `supervisor[${id}]: filled`, supervisorVars, 1);
  }
}

/** lower <= sum(variables) <= 1. */
function addChoiceRow(builder: ModelBuilder<VariableMeta>, name: string, variables: readonly number[], lower: number): void {
  builder.addRow(name, ones(variables), lower, 1);
}
