/**
 * `--backend` of rotamatch whatif and explain: the network backend answers the Romerike 2013
 * what-if as the exact model does (the same least objective and delta, proven), explain takes
 * it too, and an unknown name is a usage error.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { solveCohort, whatIfAnswerSchema, type SolvedPlan } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/run.js";
import { cli } from "./fixtures/fake-io.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const romerikeText = readFileSync(join(root, "examples/romerike-2013.json"), "utf8");
const solved = solveCohort(JSON.parse(romerikeText));
if (!solved.ok || solved.plan.status !== "optimal") throw new Error("Romerike 2013 should solve");
const files = { "romerike.json": romerikeText, "plan.json": JSON.stringify(solved.plan as SolvedPlan) };
const skedsmo = "trainee=t4,period=part-2,member=skedsmo";

describe("--backend of whatif and explain", () => {
  it("whatif --backend network gives the exact model's least objective, proven, from the network", async () => {
    const answers = [];
    for (const backend of ["jslp", "network"]) {
      const r = await cli(["whatif", "romerike.json", "--plan", "plan.json", "--pin", skedsmo, "--format", "json", "--backend", backend], files);
      expect(r.code).toBe(EXIT.ok);
      answers.push(whatIfAnswerSchema.parse(JSON.parse(r.stdout)));
    }
    const [exact, network] = answers;
    expect(network?.plan?.stats?.backend).toBe("network");
    expect(network?.status).toBe("optimal");
    expect(network?.objective).toBeCloseTo(exact?.objective ?? Number.NaN, 9);
    expect(network?.delta).toBeCloseTo(exact?.delta ?? Number.NaN, 9);
  });

  it("explain --backend network explains the trainee", async () => {
    const r = await cli(["explain", "romerike.json", "--plan", "plan.json", "--trainee", "t4", "--backend", "network"], files);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/Giving Kristian Helle the first choice for part-2, Skedsmo kommune, would raise the total cost by 0\.5/);
  });

  it.each(["whatif", "explain"])("%s: an unknown --backend is a usage error", async (command) => {
    const args = command === "whatif" ? ["--pin", skedsmo] : [];
    const r = await cli([command, "romerike.json", "--plan", "plan.json", ...args, "--backend", "simplex"], files);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr.split("\n")[0]).toBe(`rotamatch ${command}: --backend must be auto, jslp or network, not "simplex".`);
  });
});
