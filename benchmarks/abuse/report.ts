/**
 * The abuse suite's figures as Markdown: the checks, the crafted cases one by one (what they
 * got, how long /health took meanwhile, why they failed), the fuzz and the memory. Printed by
 * `npm run bench:abuse` and, with --write, put into docs/benchmarks.md.
 */
import os from "node:os";
import type { AbuseReport } from "./suite.js";

const ms = (value: number): string => (Number.isNaN(value) ? "–" : value < 10 ? value.toFixed(2) : value.toFixed(1));
/** A table cell: no pipes or line breaks from a failure message. */
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");

export function formatReport(report: AbuseReport, command: string): string {
  const { fuzz, health, rss } = report;
  const failed = report.cases.filter((c) => c.failures.length > 0).length;
  const statuses = Object.entries(fuzz.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s} ×${n}`)
    .join(", ");
  const lines = [
    `**Verdict: ${report.checks.every((c) => c.ok) && failed === 0 ? "pass" : "fail"}** (${report.cases.length - failed} of ${report.cases.length} crafted cases pass; ${(report.ms / 1000).toFixed(0)} s in all).`,
    "",
    "| check | result | figures |",
    "| --- | --- | --- |",
    ...report.checks.map((c) => `| ${c.name} | ${c.ok ? "pass" : "**fail**"} | ${cell(c.detail)} |`),
    "",
    "| case (defect) | answers | s | /health max ms | result |",
    "| --- | --- | ---: | ---: | --- |",
    ...report.cases.map(
      (c) =>
        `| \`${c.id}\` (${c.defect}) | ${c.statuses} | ${(c.ms / 1000).toFixed(1)} | ${ms(c.health.max)} | ${c.failures.length === 0 ? "pass" : `**fail**: ${cell(c.failures.join("; "))}`}${c.restarted ? " (server restarted)" : ""} |`,
    ),
    "",
    `Fuzz: ${fuzz.sent} fast-check bodies (seed ${fuzz.seed}) on ${fuzz.connections} connections in ${(fuzz.ms / 1000).toFixed(1)} s: ${statuses}. Answers of 5xx but 503: ${fuzz.serverErrors}; over the size bound: ${fuzz.tooBig}; no answer: ${fuzz.noAnswer}; the largest answer was ${(fuzz.largestShareOfBound * 100).toFixed(1)}% of its bound.`,
    ...(fuzz.examples.length === 0 ? [] : ["", "Failing fuzz requests (first 30):", "", ...fuzz.examples.map((e) => `- ${cell(e)}`)]),
    "",
    "| `GET /health`, every 20 ms on its own connection | probes | failed | p50 ms | p99 ms | max ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    `| the whole suite | ${health.count} | ${health.failures} | ${ms(health.p50)} | ${ms(health.p99)} | ${ms(health.max)} |`,
    `| during the fuzz | ${fuzz.health.count} | ${fuzz.health.failures} | ${ms(fuzz.health.p50)} | ${ms(fuzz.health.p99)} | ${ms(fuzz.health.max)} |`,
    "",
    `Server RSS: ${rss.startMiB.toFixed(0)} MiB after warm-up, ${rss.peakMiB.toFixed(0)} MiB at the peak, ${rss.endMiB.toFixed(0)} MiB afterwards (after a GC and a settle).${report.crashes.length === 0 ? "" : ` Crashes: ${cell(report.crashes.join("; "))}.`}`,
    "",
    `Command: \`${command}\`. Server: default settings${report.serverFlags.length === 0 ? "" : ` but \`${report.serverFlags.join(" ")}\``}, from source, as a child process. Measured on ${os.cpus()[0]?.model.trim() ?? "unknown CPU"} (${os.availableParallelism()} logical cores), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; the load, the probe and the server share the machine.`,
  ];
  return lines.join("\n");
}
