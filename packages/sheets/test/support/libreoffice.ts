/**
 * LibreOffice for the tests: Debian's `libreoffice-calc`, run headless as `soffice
 * --convert-to`, to open the workbooks rotamatch writes as a working group would and save
 * them again (as .ods, as CSV, as XLSX). Each run gets a user profile directory of its own
 * (`-env:UserInstallation`), so parallel runs, and a developer's own LibreOffice, never share
 * one: LibreOffice refuses to start a second instance on a profile in use, and would hand the
 * conversion to it instead.
 *
 * Where `soffice` is missing the LibreOffice tests skip with the reason, except in CI
 * (process.env.CI set), where they fail instead: `.ci/run` installs it, so a missing one there
 * is a broken machine, not a choice.
 *
 * Only Node's own modules here: the helper must work apart from the code it helps to test.
 */
import { spawn, spawnSync } from "node:child_process";
import { describe, it } from "vitest";

/** Whether CI is running this (any non-empty CI variable, as CI services set it). */
export function inCi(): boolean {
  return Boolean(process.env.CI);
}

/** Where `soffice` is, or null: the PATH first (as `command -v` would), then Debian's place. */
export function sofficePath(): string | null {
  const found = spawnSync("sh", ["-c", "command -v soffice"], { encoding: "utf8" });
  const path = found.status === 0 ? found.stdout.trim() : "";
  if (path !== "") return path;
  const debian = spawnSync("/usr/bin/soffice", ["--version"], { encoding: "utf8", timeout: 60_000 });
  return debian.status === 0 ? "/usr/bin/soffice" : null;
}

/** Whether the LibreOffice tests can run here, and if not, why. */
export function libreOfficeAvailability(): { readonly available: boolean; readonly reason: string } {
  if (sofficePath() !== null) return { available: true, reason: "" };
  return {
    available: false,
    reason:
      "soffice is missing: install Debian's libreoffice-calc (apt-get install --no-install-recommends libreoffice-calc), as .ci/run does, to run the LibreOffice tests",
  };
}

/**
 * `describe` for tests that need LibreOffice: runs them where `soffice` is; elsewhere skips
 * them with a warning that says why, except in CI, where one failing test says why instead.
 */
export function describeWithLibreOffice(name: string, body: () => void): void {
  const { available, reason } = libreOfficeAvailability();
  if (available) {
    describe(name, body);
  } else if (inCi()) {
    describe(name, () => {
      it("has soffice", () => {
        throw new Error(`CI is set but ${reason}`);
      });
    });
  } else {
    console.warn(`"${name}" skipped: ${reason}`);
    describe.skip(name, body);
  }
}

/**
 * What LibreOffice's launcher writes to standard error on a machine where it cannot start
 * `javaldx` (Java's library path helper; Debian's libreoffice-calc without recommends has
 * none that works). Calc does not use Java to open or save a spreadsheet, so this line says
 * nothing about the files; any other line does.
 */
export const LAUNCHER_NOTICES: readonly RegExp[] = [/^Warning: failed to launch javaldx - java may not function correctly$/];

/** One `soffice --convert-to` run: the command, how it ended and what it said. */
export interface Conversion {
  readonly args: readonly string[];
  /** The exit code, or null when it was killed (a timeout). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Standard error less LAUNCHER_NOTICES: what LibreOffice said about the files. */
  readonly errors: readonly string[];
  /** How long it took, start to exit. */
  readonly ms: number;
}

export interface ConvertOptions {
  /** The `--convert-to` argument: `ods`, `xlsx:Calc MS Excel 2007 XML`, `csv:Text - txt - csv (StarCalc):...`. */
  readonly to: string;
  readonly files: readonly string[];
  readonly outDir: string;
  /** A directory of this run's own, for LibreOffice's user profile. */
  readonly profileDir: string;
  /** Generous: soffice takes seconds to start, more on a busy machine (default 120 s). */
  readonly timeoutMs?: number;
}

/**
 * Converts files with `soffice --headless --convert-to`, all in one start of LibreOffice.
 * The locale is fixed (C.UTF-8: `.` for decimals in CSV) so that what it writes does not
 * depend on the machine's settings.
 */
export function convertWithLibreOffice(options: ConvertOptions): Promise<Conversion> {
  const soffice = sofficePath();
  if (soffice === null) return Promise.reject(new Error(libreOfficeAvailability().reason));
  const args = [
    `-env:UserInstallation=file://${options.profileDir}`,
    "--headless",
    "--norestore",
    "--convert-to",
    options.to,
    "--outdir",
    options.outDir,
    ...options.files,
  ];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(soffice, args, { env: { ...process.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (status) => {
      clearTimeout(timer);
      const errors = stderr
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !LAUNCHER_NOTICES.some((notice) => notice.test(line)));
      resolve({ args, status, stdout, stderr, errors, ms: Date.now() - started });
    });
  });
}

/**
 * A CSV file as LibreOffice writes it with "quote all text cells": each field's text and
 * whether it was quoted (text) or not (a number, a date, a boolean, an empty cell).
 */
export interface CsvField {
  readonly text: string;
  readonly quoted: boolean;
}

/** Parses CSV (`,` between fields, `"` around them, `""` for a quote inside) into rows of fields. */
export function parseQuotedCsv(text: string): CsvField[][] {
  const rows: CsvField[][] = [];
  let row: CsvField[] = [];
  let i = 0;
  const endRow = (): void => {
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    let field = "";
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += text[i];
        i += 1;
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
        field += text[i];
        i += 1;
      }
    }
    row.push({ text: field, quoted });
    if (text[i] === ",") {
      i += 1;
      if (i === text.length) row.push({ text: "", quoted: false });
      continue;
    }
    if (text[i] === "\r") i += 1;
    if (text[i] === "\n") i += 1;
    endRow();
  }
  return rows;
}
