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
});
