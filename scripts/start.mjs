#!/usr/bin/env node
/**
 * `npm start`: starts the solve service (the built packages/service/dist/server.js), solves
 * the bundled Romerike 2013 cohort once THROUGH THE SERVICE over HTTP, prints the plan and the
 * URLs to open, and keeps serving until Ctrl-C (graceful shutdown, exit 0).
 *
 *     npm start                      # http://127.0.0.1:8080
 *     PORT=9090 npm start            # another port; every setting of docs/service.md works
 *     npm start -- --threads 1       # flags are passed to the service
 *
 * Plain Node (no tsx), so it works right after `npm install`, whose "prepare" step builds the
 * packages. The port defaults to 8080 here (the service's own default is 3000). If the port is
 * taken it says so and exits 1.
 */
import { readFile } from "node:fs/promises";

const SERVER = new URL("../packages/service/dist/server.js", import.meta.url);
const LIBRARY = new URL("../packages/service/dist/index.js", import.meta.url);
const EXAMPLE = new URL("../examples/romerike-2013.json", import.meta.url);
const DEFAULT_PORT = "8080";
const NONE = "—";

const fail = (message) => {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(1);
};

let service;
let library;
try {
  service = await import(SERVER.href);
  library = await import(LIBRARY.href);
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND") fail("the service is not built yet; run `npm run build` first.");
  throw error;
}

const env = { ...process.env, PORT: process.env.PORT || DEFAULT_PORT };
const read = library.readSettings(process.argv.slice(2), env);
if (!read.ok) fail(read.error);
const { settings } = read;

let running;
try {
  running = await service.startServer(settings, service.createJsonLogger());
} catch (error) {
  if (error?.code === "EADDRINUSE") {
    fail(
      `port ${settings.port} on ${settings.host} is already in use (another \`npm start\`?).\n` +
        `Stop what is using it, or choose another port: PORT=${settings.port + 1} npm start`,
    );
  }
  if (error?.code === "EACCES") fail(`not allowed to listen on ${settings.host}:${settings.port}; choose a port above 1023.`);
  fail(`could not start the service: ${error?.message ?? error}`);
}

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`\n${signal}: stopping the service (in-flight solves get ${settings.shutdownGraceMs} ms)\n`);
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", () => stop("SIGINT"));
process.once("SIGTERM", () => stop("SIGTERM"));

// Solve the bundled cohort through the service, over HTTP, as any client would.
const text = await readFile(EXAMPLE, "utf8");
const cohort = JSON.parse(text);
const started = performance.now();
let response;
try {
  response = await fetch(`${running.url}/v1/solve`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: text,
  });
} catch (error) {
  await running.close();
  fail(`could not reach the service at ${running.url}: ${error?.message ?? error}`);
}
const body = await response.json();
const roundTripMs = performance.now() - started;
if (response.status !== 200) {
  await running.close();
  fail(`POST /v1/solve answered ${response.status}: ${body.detail ?? JSON.stringify(body)}`);
}

process.stdout.write(
  `\nPOST ${running.url}/v1/solve with examples/romerike-2013.json: ${response.status} in ${roundTripMs.toFixed(0)} ms\n\n`,
);
process.stdout.write(renderPlan(body, cohort));
process.stdout.write(
  [
    "",
    `The service is running at ${running.url}`,
    `  ${running.url}/               the web page: load a cohort or workbook, solve, download (open it in a browser)`,
    `  ${running.url}/reference      the interactive API reference`,
    `  ${running.url}/openapi.json   the OpenAPI document of every route`,
    `  ${running.url}/health         liveness`,
    `  curl -s -X POST ${running.url}/v1/solve -H 'Content-Type: application/json' --data-binary @examples/romerike-2013.json`,
    "Press Ctrl-C to stop.",
    "",
    "",
  ].join("\n"),
);

/** A compact view of the plan, like `rotamatch solve`'s table: one row per trainee. */
function renderPlan(plan, cohort) {
  const parts = [cohort.programme.name, plan.status];
  if (plan.objective !== null) parts.push(`objective ${plan.objective.toFixed(2)}`);
  const lines = [parts.join(" — "), ""];
  const names = new Map(cohort.trainees.map((t) => [t.id, t.name ?? t.id]));
  const away = new Set(cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id));
  if (plan.assignments.length > 0) {
    const header = ["Trainee", "Host", "Away", "Supervisor", "Mentor", "Cost"];
    const rows = plan.assignments.map((a) => {
      const awayText = a.placements
        .filter((p) => away.has(p.period))
        .map((p) => `${p.member} (${p.from} – ${p.to})`)
        .join(", ");
      const cost = Object.values(a.cost).reduce((sum, v) => sum + (v ?? 0), 0);
      return [names.get(a.trainee) ?? a.trainee, a.host ?? NONE, awayText || NONE, a.supervisor ?? NONE, a.mentor ?? NONE, cost.toFixed(2)];
    });
    lines.push(columns(header, rows));
  }
  for (const u of plan.unassigned ?? []) lines.push(`  unassigned: ${names.get(u.trainee) ?? u.trainee}, ${u.role}: ${u.reason}`);
  for (const item of plan.diagnosis ?? []) lines.push(`  ${item.message}`);
  return `${lines.join("\n")}\n`;
}

function columns(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const last = header.length - 1;
  return all
    .map((row) => row.map((cell, i) => (i === last ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd())
    .join("\n");
}
