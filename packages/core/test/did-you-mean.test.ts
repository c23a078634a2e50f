import { describe, expect, it } from "vitest";
import { closestMatch } from "../src/domain/did-you-mean.js";

describe("closestMatch", () => {
  it.each([
    // value, candidates, expected
    ["hostCapacty", ["hostCapacity", "awayCapacity"], "hostCapacity"],
    ["SKEDSMO", ["skedsmo", "sorum"], "skedsmo"],
    ["skedsmo", ["skedsmo", "SKEDSMO"], "SKEDSMO"],
    ["skedsmo", ["skedsmo"], undefined],
    ["rods", ["roads", "water"], "roads"],
    ["rds", ["roads"], undefined],
    ["lorenskgo", ["lorenskog", "fet"], "lorenskog"],
    ["completely-different", ["skedsmo"], undefined],
    ["mentor-9", ["mentor-1", "mentor-2"], undefined],
    ["mentr-1", ["mentor-1", "mentor-2"], "mentor-1"],
    ["x".repeat(201), ["x".repeat(201)], undefined],
  ] as const)("%s among %j is %s", (value, candidates, expected) => {
    expect(closestMatch(value, candidates)).toBe(expected);
  });

  it("offers names that differ only in their numbers when numbersDiffer is false", () => {
    expect(closestMatch("mentor-9", ["mentor-1"], { numbersDiffer: false })).toBe("mentor-1");
    expect(closestMatch("Vann2", ["vann1", "veg"], { numbersDiffer: false })).toBe("vann1");
  });

  it("prefers the first of equally close candidates", () => {
    expect(closestMatch("bat", ["cat", "hat"])).toBe("cat");
    expect(closestMatch("bat", ["hat", "cat"])).toBe("hat");
  });
});
