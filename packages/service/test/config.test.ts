import { describe, expect, it } from "vitest";
import { DEFAULT_SERVER_SETTINGS, readSettings } from "../src/config.js";

describe("readSettings", () => {
  it("uses the defaults with no flags and no environment", () => {
    expect(readSettings([], {})).toEqual({ ok: true, settings: DEFAULT_SERVER_SETTINGS });
  });

  it("takes flags over environment variables over defaults", () => {
    const read = readSettings(["--port", "8080", "--threads=3"], { PORT: "9000", HOST: "0.0.0.0", ROTAMATCH_BODY_LIMIT: "2048" });
    expect(read).toMatchObject({ ok: true, settings: { port: 8080, host: "0.0.0.0", threads: 3, bodyLimitBytes: 2048 } });
  });

  it("refuses unknown flags, missing values and bad numbers", () => {
    expect(readSettings(["--prot", "1"], {})).toMatchObject({ ok: false, error: expect.stringContaining("--prot") });
    expect(readSettings(["--port"], {})).toMatchObject({ ok: false, error: "--port needs a value" });
    expect(readSettings([], { PORT: "70000" })).toMatchObject({ ok: false, error: expect.stringContaining("PORT") });
    expect(readSettings(["--time-limit", "0"], {})).toMatchObject({ ok: false });
    expect(readSettings(["--queue", "1.5"], {})).toMatchObject({ ok: false });
  });

  it("does not quote what follows = in an unknown option", () => {
    const read = readSettings(["--tokens=s3cret-value"], {});
    expect(read).toMatchObject({ ok: false, error: 'unknown option "--tokens"' });
    expect(JSON.stringify(read)).not.toContain("s3cret");
  });
});

describe("readSettings: tokens and rate limit", () => {
  const noFile = (): string => {
    throw new Error("no file should be read");
  };

  it("has authentication and rate limiting off by default", () => {
    expect(readSettings([], {}, noFile)).toMatchObject({ ok: true, settings: { tokens: [], tokensFile: null, rateLimit: null, rateWindowSeconds: 60 } });
  });

  it("reads ROTAMATCH_TOKENS as comma-separated tokens, skipping blanks and repeats", () => {
    const read = readSettings([], { ROTAMATCH_TOKENS: " alpha-1 ,beta.2==,, alpha-1," }, noFile);
    expect(read).toMatchObject({ ok: true, settings: { tokens: ["alpha-1", "beta.2=="] } });
  });

  it("refuses a bad token or no token, never quoting a token", () => {
    const bad = readSettings([], { ROTAMATCH_TOKENS: "good-one,bad secret" }, noFile);
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining("ROTAMATCH_TOKENS: entry 2 is not a bearer token") });
    expect(JSON.stringify(bad)).not.toContain("secret");
    expect(JSON.stringify(bad)).not.toContain("good-one");
    expect(readSettings([], { ROTAMATCH_TOKENS: " , " }, noFile)).toMatchObject({ ok: false, error: "ROTAMATCH_TOKENS: holds no token" });
    // Empty is unset, as for every variable.
    expect(readSettings([], { ROTAMATCH_TOKENS: "" }, noFile)).toMatchObject({ ok: true, settings: { tokens: [] } });
  });

  it("has no flag for tokens themselves (they would show in ps)", () => {
    expect(readSettings(["--tokens", "abc"], {}, noFile)).toMatchObject({ ok: false });
  });

  it("reads --tokens-file one token a line, skipping blank lines and # comments, with ROTAMATCH_TOKENS too", () => {
    const files: string[] = [];
    const reader = (path: string): string => {
      files.push(path);
      return "# clients\r\nfile-one\r\n\n  # old: revoked\nfile-two  \nenv-one\n";
    };
    const read = readSettings(["--tokens-file=/etc/rotamatch/tokens"], { ROTAMATCH_TOKENS: "env-one", ROTAMATCH_TOKENS_FILE: "/ignored" }, reader);
    expect(read).toMatchObject({ ok: true, settings: { tokensFile: "/etc/rotamatch/tokens", tokens: ["env-one", "file-one", "file-two"] } });
    expect(files).toEqual(["/etc/rotamatch/tokens"]);
    expect(readSettings([], { ROTAMATCH_TOKENS_FILE: "/run/tokens" }, reader)).toMatchObject({ ok: true, settings: { tokensFile: "/run/tokens" } });
  });

  it("refuses a tokens file that cannot be read, holds no token or a bad line, never quoting a token", () => {
    const missing = readSettings(["--tokens-file", "/no/such/rotamatch-tokens"], {});
    expect(missing).toMatchObject({ ok: false, error: 'cannot read the tokens file "/no/such/rotamatch-tokens" (ENOENT)' });
    expect(readSettings(["--tokens-file", "t"], {}, () => "# nothing\n\n")).toMatchObject({ ok: false, error: 'the tokens file "t": holds no token' });
    const bad = readSettings(["--tokens-file", "t"], {}, () => "# first\nok-token\nnot ok secret\n");
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('the tokens file "t": line 3 is not a bearer token') });
    expect(JSON.stringify(bad)).not.toContain("secret");
  });

  it("reads the rate limit and its window", () => {
    expect(readSettings(["--rate-limit", "100"], { ROTAMATCH_RATE_WINDOW_S: "10" }, noFile)).toMatchObject({
      ok: true,
      settings: { rateLimit: 100, rateWindowSeconds: 10 },
    });
    expect(readSettings([], { ROTAMATCH_RATE_LIMIT: "0" }, noFile)).toMatchObject({ ok: false, error: expect.stringContaining("ROTAMATCH_RATE_LIMIT") });
    expect(readSettings(["--rate-window", "-1"], {}, noFile)).toMatchObject({ ok: false, error: expect.stringContaining("--rate-window") });
  });
});
