/**
 * What the browser tests and the screenshot script share: Debian's Chromium driven by
 * playwright-core (whose own browser download does not work here), and the real service on a
 * free port of 127.0.0.1, serving the built page.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from "../../../service/src/config.js";
import { startServer, type RunningServer } from "../../../service/src/server.js";

export const CHROMIUM = "/usr/bin/chromium";

/**
 * Flags for a root user on a machine with no way out: no sandbox (root), no GPU, and nothing
 * that phones home (the closed network refuses it, noisily). playwright-core starts each
 * browser with a fresh, empty profile directory of its own.
 */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Whether the browser tests can run here, and if not, why. */
export function browserAvailability(): { readonly available: boolean; readonly reason: string } {
  if (existsSync(CHROMIUM)) return { available: true, reason: "" };
  return {
    available: false,
    reason: `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does, to run the browser tests`,
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The real server (worker threads and all) on a free port, quiet. */
export function startTestServer(settings: Partial<ServerSettings> = {}): Promise<RunningServer> {
  const quiet = { info: () => {}, error: () => {} };
  return startServer({ ...DEFAULT_SERVER_SETTINGS, port: 0, host: "127.0.0.1", threads: 1, queue: 4, jobThreads: 1, ...settings }, quiet);
}

/** Collects what goes wrong on a page: script errors, console errors (CSP violations among them), failed requests. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("requestfailed", (request) => {
    // A cancelled solve aborts its own request on purpose.
    if (request.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request failed: ${request.url()}`);
  });
  return problems;
}

export type { Browser, Page, RunningServer };
