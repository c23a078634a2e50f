import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ISSUE_CODES, formatIssue, type Issue } from "../src/domain/issues.js";
import { DEFAULT_WEIGHTS, type CohortInput } from "../src/domain/schema.js";
import { parseCohort, validateCohort } from "../src/domain/validate.js";

function loadFixture(name: string): CohortInput {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")) as CohortInput;
}

const SMALL = loadFixture("small-cohort");

/** A fresh copy of the small fixture, changed by `change`. */
function small(change: (cohort: CohortInput) => void = () => {}): CohortInput {
  const cohort = structuredClone(SMALL);
  change(cohort);
  return cohort;
}

/** A fresh copy of the small fixture as loose JSON, for changes the types do not allow. */
function smallJson(change: (cohort: Record<string, any>) => void): unknown {
  const cohort = structuredClone(SMALL) as unknown as Record<string, any>;
  change(cohort);
  return cohort;
}

/** `code path` of every issue, in order. */
function where(input: unknown): string[] {
  return validateCohort(input).map((issue) => `${issue.code} ${issue.path}`);
}

function issueAt(input: unknown, code: string, path: string): Issue {
  const issue = validateCohort(input).find((i) => i.code === code && i.path === path);
  if (issue === undefined) {
    throw new Error(`no ${code} at ${path}; got:\n${validateCohort(input).map(formatIssue).join("\n")}`);
  }
  return issue;
}

function pins(cohort: CohortInput): NonNullable<CohortInput["pins"]> {
  cohort.pins ??= [];
  return cohort.pins;
}

function forbids(cohort: CohortInput): NonNullable<CohortInput["forbid"]> {
  cohort.forbid ??= [];
  return cohort.forbid;
}

describe("valid cohorts", () => {
  it("accepts the small fixture and indexes it", () => {
    const result = parseCohort(small());
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.cohort.members.map((m) => m.id)).toEqual(["skedsmo", "lorenskog", "sorum", "sorum-kf", "nrv-nra", "roaf"]);
    expect(result.index.cohort).toBe(result.cohort);
    expect(result.index.organisationOf("sorum-kf")).toBe("sorum");
    expect(result.index.awayPeriods.map((p) => p.id)).toEqual(["part-2"]);
    expect(validateCohort(small())).toEqual([]);
  });

  it("applies the published defaults", () => {
    const result = parseCohort(small());
    if (!result.ok) throw new Error("fixture must be valid");
    const { cohort } = result;
    // weights: two given, the rest take the contract's defaults
    expect(cohort.weights).toEqual({ ...DEFAULT_WEIGHTS, awayRank: 10, travelPerKm: 0.2 });
    // a person without a capacity takes one trainee
    expect(cohort.people.find((p) => p.id === "supervisor-lorenskog")?.capacity).toBe(1);
    expect(cohort.people.find((p) => p.id === "mentor-nrv")?.capacity).toBe(2);
    // missing preference lists are empty
    expect(cohort.trainees.find((t) => t.id === "t1")?.hostPreferences).toEqual([]);

    const bare = parseCohort(
      small((c) => {
        delete c.rules;
        delete c.weights;
        delete c.pins;
        delete c.forbid;
        delete c.programme.gatherings;
      }),
    );
    if (!bare.ok) throw new Error(bare.issues.map(formatIssue).join("\n"));
    expect(bare.cohort.rules).toEqual({ mentorOutside: "host", specializationFit: "required", allowUnassigned: false });
    expect(bare.cohort.weights).toEqual(DEFAULT_WEIGHTS);
    expect(bare.cohort.pins).toEqual([]);
    expect(bare.cohort.forbid).toEqual([]);
    expect(bare.cohort.programme.gatherings).toEqual([]);

    const noPeople = parseCohort(
      small((c) => {
        delete c.people;
        delete c.pins;
        delete c.forbid;
      }),
    );
    expect(noPeople.ok && noPeople.cohort.people).toEqual([]);
  });

  it("accepts the contract's example once its mentor pin names a mentor from outside the host", () => {
    const example = loadFixture("contract-example");
    // As the contract prints it, the example pins mentor-1, who works at the trainee's own host.
    expect(where(example)).toEqual(["pin_breaks_rule pins[1].mentor"]);
    expect(validateCohort(example)[0]?.message).toContain(`employed by "skedsmo", the trainee's given host`);
    const fixed = structuredClone(example);
    fixed.pins = [
      { trainee: "t1", period: "part-2", member: "nrv-nra" },
      { trainee: "t1", mentor: "mentor-3" },
    ];
    expect(validateCohort(fixed)).toEqual([]);
  });

  it("compares trimmed ids", () => {
    expect(
      validateCohort(
        small((c) => {
          pins(c)[0] = { trainee: " t1 ", period: "part-2 ", member: " nrv-nra" };
        }),
      ),
    ).toEqual([]);
  });
});

describe("shape issues", () => {
  it("reports a root that is not an object", () => {
    for (const input of [42, "text", null, undefined, [], true]) {
      const result = parseCohort(input);
      expect(result.ok).toBe(false);
      expect(result.cohort).toBeNull();
      expect(result.index).toBeNull();
      expect(result.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["invalid_type "]);
    }
    expect(validateCohort(undefined)[0]?.message).toBe("is required");
    expect(validateCohort(42)[0]?.message).toContain("must be an object");
    expect(validateCohort('{"format": 1}')[0]?.message).toContain("read it as JSON first");
  });

  it("reports a wrong format with the expected value", () => {
    const issue = issueAt(smallJson((c) => (c.format = "rotamatch.cohort/v2")), "invalid_value", "format");
    expect(issue.message).toContain('must be "rotamatch.cohort/v1"');
    const missing = issueAt(smallJson((c) => delete c.format), "invalid_value", "format");
    expect(missing.message).toContain("is required");
  });

  it("reports a missing required field as required", () => {
    const input = smallJson((c) => delete c.members[2].hostCapacity);
    expect(where(input)).toEqual(["invalid_type members[2].hostCapacity"]);
    expect(issueAt(input, "invalid_type", "members[2].hostCapacity").message).toBe("is required");
  });

  it("reports each unknown field on its own, with a suggestion", () => {
    const input = smallJson((c) => {
      c.members[0].hostCapacty = 3;
      c.members[0].colour = "blue";
    });
    expect(where(input)).toEqual(["unrecognized_key members[0].hostCapacty", "unrecognized_key members[0].colour"]);
    expect(issueAt(input, "unrecognized_key", "members[0].hostCapacty").message).toBe(
      'unknown field "hostCapacty" (did you mean "hostCapacity"?)',
    );
    const colour = issueAt(input, "unrecognized_key", "members[0].colour").message;
    expect(colour).toContain('unknown field "colour"');
    expect(colour).toContain('"hostCapacity"');
    expect(where(smallJson((c) => (c.forbids = [])))).toEqual(["unrecognized_key forbids"]);
    expect(where(smallJson((c) => (c["two words"] = 1)))).toEqual(['unrecognized_key ["two words"]']);
  });

  it("reports a mistyped value, naming what was given", () => {
    const input = smallJson((c) => (c.members[1].hostCapacity = "2"));
    expect(where(input)).toEqual(["invalid_type members[1].hostCapacity"]);
    expect(validateCohort(input)[0]?.message).toBe('must be a number, not the text "2"');
    expect(where(smallJson((c) => (c.programme.periods[0].months = 6.5)))).toEqual([
      "invalid_type programme.periods[0].months",
    ]);
    expect(where(smallJson((c) => (c.people[0].capacity = Number.POSITIVE_INFINITY)))).toEqual([
      "invalid_type people[0].capacity",
    ]);
    expect(where(smallJson((c) => (c.rules.allowUnassigned = "no")))).toEqual(["invalid_type rules.allowUnassigned"]);
  });

  it("reports a value outside an enum with the allowed values", () => {
    const input = smallJson((c) => (c.members[0].kind = "kommune"));
    expect(where(input)).toEqual(["invalid_value members[0].kind"]);
    expect(validateCohort(input)[0]?.message).toBe(
      'must be one of "municipality", "municipal-company", "inter-municipal-company", "other", not the text "kommune"',
    );
  });

  it("reports a badly written date once, and an impossible date", () => {
    expect(where(smallJson((c) => (c.programme.start = "19.08.2013")))).toEqual(["invalid_format programme.start"]);
    expect(where(smallJson((c) => (c.programme.start = "2013-02-30")))).toEqual(["invalid_value programme.start"]);
    expect(validateCohort(smallJson((c) => (c.programme.start = "2013-02-30")))[0]?.message).toBe(
      "is not a real calendar date",
    );
  });

  it("reports numbers, texts and lists out of range", () => {
    expect(where(smallJson((c) => (c.members[0].awayCapacity = -1)))).toEqual(["too_small members[0].awayCapacity"]);
    expect(where(smallJson((c) => (c.programme.periods = [])))).toEqual(["too_small programme.periods"]);
    expect(where(smallJson((c) => (c.trainees[3].specialization = "  ")))).toEqual([
      "too_small trainees[3].specialization",
    ]);
    expect(where(smallJson((c) => (c.programme.periods[1].months = 121)))).toEqual(["too_big programme.periods[1].months"]);
    expect(where(smallJson((c) => (c.members[4].location.lat = 91)))).toEqual(["too_big members[4].location.lat"]);
    expect(where(smallJson((c) => (c.weights.awayRank = 2e9)))).toEqual(["too_big weights.awayRank"]);
  });

  it("returns shape issues alone, without the whole-cohort rules", () => {
    const input = smallJson((c) => {
      c.members[0].hostCapacity = -5; // shape
      c.trainees[0].host = "nowhere"; // would be an unknown reference
      c.members[1].id = "skedsmo"; // would be a duplicate id
    });
    expect(where(input)).toEqual(["too_small members[0].hostCapacity"]);
  });

  it("sorts issues in the order the input writes its fields", () => {
    const input = {
      trainees: [{ id: "t1", specialization: 5 }],
      format: "wrong",
      members: [{ id: "", hostCapacity: 1, awayCapacity: 1 }],
    };
    expect(where(input)).toEqual([
      "invalid_type trainees[0].specialization",
      "invalid_value format",
      "too_small members[0].id",
      // missing fields come last, in the schema's order
      "invalid_type programme",
    ]);
  });

  it("does not throw on inputs JSON cannot produce", () => {
    const cyclic: Record<string, unknown> = { format: "rotamatch.cohort/v1" };
    cyclic.programme = cyclic;
    const throwing = Object.defineProperty({}, "format", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const inputs: unknown[] = [
      cyclic,
      throwing,
      revoked.proxy,
      Object.create(null),
      Symbol("x"),
      10n,
      () => 1,
      new Map(),
      new Date(0),
      { ...small(), members: new Array(3) },
    ];
    for (const input of inputs) {
      const result = parseCohort(input);
      expect(result.ok).toBe(false);
      expect(result.issues.length).toBeGreaterThan(0);
      for (const issue of result.issues) expect(ISSUE_CODES).toContain(issue.code);
    }
    expect(validateCohort(throwing)).toEqual([
      { code: "invalid_value", path: "", message: "the cohort could not be read (boom)" },
    ]);
  });
});

describe("whole-cohort issues", () => {
  it("duplicate_id: members, people, trainees and periods, at the second id", () => {
    const input = small((c) => {
      c.members.push({ ...c.members[1]!, name: "Copy" });
      c.people!.push({ ...c.people![0]! });
      c.trainees.push({ id: "t2", specialization: "water", host: "lorenskog" });
      c.programme.periods.push({ id: "part-1", months: 1, at: "host" });
    });
    expect(where(input)).toEqual([
      "duplicate_id programme.periods[3].id",
      "duplicate_id members[6].id",
      "duplicate_id people[7].id",
      "duplicate_id trainees[4].id",
    ]);
    expect(issueAt(input, "duplicate_id", "members[6].id").message).toContain("already used by members[1]");
  });

  it("unknown_reference: people, hosts and preferences", () => {
    const input = small((c) => {
      c.people![0]!.member = "skedmo";
      c.trainees[0]!.host = "Skedsmo";
      c.trainees[1]!.hostPreferences = ["sorum-kf", "oslo"];
      c.trainees[2]!.awayPreferences = ["lorenskog", "t1"];
    });
    expect(where(input)).toEqual([
      "unknown_reference people[0].member",
      "unknown_reference trainees[0].host",
      "unknown_reference trainees[1].hostPreferences[1]",
      "unknown_reference trainees[2].awayPreferences[1]",
    ]);
    expect(issueAt(input, "unknown_reference", "people[0].member").message).toBe(
      'no member has the id "skedmo" (did you mean "skedsmo"?)',
    );
    expect(issueAt(input, "unknown_reference", "trainees[0].host").message).toContain('did you mean "skedsmo"?');
    expect(issueAt(input, "unknown_reference", "trainees[1].hostPreferences[1]").message).toBe(
      'no member has the id "oslo"',
    );
    expect(issueAt(input, "unknown_reference", "trainees[2].awayPreferences[1]").message).toContain(
      "it is a trainee's id",
    );
  });

  it("unknown_reference: every field of pins and forbids", () => {
    const input = small((c) => {
      pins(c).push(
        { trainee: "t9", mentor: "mentor-nrv" },
        { trainee: "t3", period: "part-9", member: "lorenskog" },
        { trainee: "t3", period: "part-2", member: "oslo" },
        { trainee: "t3", mentor: "mentor-x" },
        { trainee: "t3", supervisor: "roaf" },
      );
      forbids(c).push(
        { trainee: "t9", member: "roaf" },
        { trainee: "t3", member: "oslo" },
        { trainee: "t3", mentor: "mentor-x" },
        { trainee: "t3", supervisor: "sup" },
      );
    });
    expect(where(input)).toEqual([
      "unknown_reference pins[4].trainee",
      "unknown_reference pins[5].period",
      "unknown_reference pins[6].member",
      "unknown_reference pins[7].mentor",
      "unknown_reference pins[8].supervisor",
      "unknown_reference forbid[3].trainee",
      "unknown_reference forbid[4].member",
      "unknown_reference forbid[5].mentor",
      "unknown_reference forbid[6].supervisor",
    ]);
    expect(issueAt(input, "unknown_reference", "pins[5].period").message).toBe(
      'no programme period has the id "part-9"; the periods are "part-1", "part-2", "part-3"',
    );
    expect(issueAt(input, "unknown_reference", "pins[8].supervisor").message).toContain("it is a member's id");
    // numbered ids are not suggested as misspellings of one another
    expect(issueAt(input, "unknown_reference", "pins[4].trainee").message).toBe('no trainee has the id "t9"');
  });

  it("duplicate_preference: the same member twice in one list", () => {
    const input = small((c) => {
      c.trainees[0]!.awayPreferences = ["nrv-nra", "lorenskog", "nrv-nra"];
    });
    expect(where(input)).toEqual(["duplicate_preference trainees[0].awayPreferences[2]"]);
    expect(validateCohort(input)[0]?.message).toContain("choice 1 and choice 3");
  });

  it("wrong_role: a supervisor named as a mentor and the other way round", () => {
    const input = small((c) => {
      pins(c).push({ trainee: "t3", mentor: "supervisor-roaf" });
      forbids(c).push({ trainee: "t3", supervisor: "mentor-nrv" });
    });
    expect(where(input)).toEqual(["wrong_role pins[4].mentor", "wrong_role forbid[3].supervisor"]);
    expect(issueAt(input, "wrong_role", "pins[4].mentor").message).toContain('"supervisor-roaf" is a supervisor, not a mentor');
  });

  it("no_away_period", () => {
    const input = small((c) => {
      c.programme.periods[1]!.at = "host";
      delete c.pins;
    });
    expect(where(input)).toEqual(["no_away_period programme.periods"]);
  });

  it("too_small: a cohort without trainees, since nothing can be planned", () => {
    const input = small((c) => {
      c.trainees = [];
      delete c.pins;
      delete c.forbid;
    });
    expect(where(input)).toEqual(["too_small trainees"]);
    expect(validateCohort(input)[0]?.message).toBe("must list at least one trainee: there is nobody to plan for");
  });

  it("invalid_pin: every form other than the three allowed", () => {
    const input = small((c) => {
      pins(c).push(
        { trainee: "t3", member: "lorenskog" },
        { trainee: "t3", period: "part-2" },
        { trainee: "t3", mentor: "mentor-nrv", supervisor: "supervisor-roaf" },
        { trainee: "t3", period: "part-2", mentor: "mentor-nrv" },
        { trainee: "t3" },
      );
    });
    expect(where(input)).toEqual([
      "invalid_pin pins[4]",
      "invalid_pin pins[5]",
      "invalid_pin pins[6]",
      "invalid_pin pins[7]",
      "invalid_pin pins[8]",
    ]);
    const messages = validateCohort(input).map((i) => i.message);
    for (const message of messages) expect(message).toContain("{trainee, period, member}");
    expect(messages[0]).toContain("add the period");
    expect(messages[1]).toContain("add the member");
    expect(messages[2]).toContain("split it");
    expect(messages[3]).toContain("remove the period");
  });

  it("invalid_forbid: none or several of member, mentor and supervisor", () => {
    const input = small((c) => {
      forbids(c).push({ trainee: "t3" }, { trainee: "t3", member: "skedsmo", mentor: "mentor-nrv" });
    });
    expect(where(input)).toEqual(["invalid_forbid forbid[3]", "invalid_forbid forbid[4]"]);
    expect(validateCohort(input)[0]?.message).toContain("{trainee, member}, {trainee, mentor} or {trainee, supervisor}");
  });

  it("host_over_capacity: more given hosts than the member can host", () => {
    const input = small((c) => {
      c.trainees[2]!.host = "skedsmo";
    });
    expect(where(input)).toEqual(["host_over_capacity members[0].hostCapacity"]);
    expect(validateCohort(input)[0]?.message).toBe(
      '3 trainees already have "skedsmo" as their host ("t1", "t3", "t4"), but its hostCapacity is 2',
    );
    expect(where(small((c) => (c.trainees[2]!.host = "nrv-nra")))).toEqual(["host_over_capacity members[4].hostCapacity"]);
  });

  it("forbidden_host: a forbid on the trainee's given host", () => {
    const input = small((c) => {
      forbids(c).push({ trainee: "t4", member: "skedsmo" });
    });
    expect(where(input)).toEqual(["forbidden_host forbid[3].member"]);
  });

  it("conflicting_pins: two members for one period", () => {
    const input = small((c) => {
      pins(c).push({ trainee: "t1", period: "part-2", member: "lorenskog" });
    });
    expect(where(input)).toEqual(["conflicting_pins pins[4].member"]);
    expect(validateCohort(input)[0]?.message).toContain("pins[0]");
    // the same pin twice is no conflict
    expect(where(small((c) => pins(c).push({ trainee: "t1", period: "part-2", member: "nrv-nra" })))).toEqual([]);
  });

  it("conflicting_pins: host periods at two members", () => {
    const input = small((c) => {
      pins(c).push({ trainee: "t2", period: "part-3", member: "lorenskog" });
    });
    expect(where(input)).toEqual(["conflicting_pins pins[4].member"]);
    expect(validateCohort(input)[0]?.message).toContain("every host period is spent at the one host");
  });

  it("conflicting_pins: a host period pinned away from the given host", () => {
    const input = small((c) => {
      pins(c).push({ trainee: "t4", period: "part-1", member: "lorenskog" });
    });
    expect(where(input)).toEqual(["conflicting_pins pins[4].member"]);
    expect(validateCohort(input)[0]?.message).toContain('given host is "skedsmo"');
    expect(where(small((c) => pins(c).push({ trainee: "t4", period: "part-3", member: "skedsmo" })))).toEqual([]);
  });

  it("conflicting_pins: two mentors or two supervisors", () => {
    expect(where(small((c) => pins(c).push({ trainee: "t1", mentor: "mentor-roaf" })))).toEqual([
      "conflicting_pins pins[4].mentor",
    ]);
    expect(where(small((c) => pins(c).push({ trainee: "t2", supervisor: "supervisor-lorenskog" })))).toEqual([
      "conflicting_pins pins[4].supervisor",
      "pin_breaks_rule pins[4].supervisor",
    ]);
  });

  it("pin_forbidden: a pin and a forbid on the same pair", () => {
    expect(where(small((c) => forbids(c).push({ trainee: "t1", member: "nrv-nra" })))).toEqual(["pin_forbidden pins[0].member"]);
    expect(where(small((c) => forbids(c).push({ trainee: "t1", mentor: "mentor-sorum" })))).toEqual([
      "pin_forbidden pins[1].mentor",
    ]);
    expect(where(small((c) => forbids(c).push({ trainee: "t2", supervisor: "supervisor-sorum-kf" })))).toEqual([
      "pin_forbidden pins[3].supervisor",
    ]);
    expect(where(small((c) => forbids(c).push({ trainee: "t2", member: "sorum-kf" })))).toEqual(["pin_forbidden pins[2].member"]);
  });

  it("pin_forbidden: a pinned supervisor whose employer is ruled out as the host", () => {
    const input = small((c) => {
      pins(c).push({ trainee: "t3", supervisor: "supervisor-roaf" });
      forbids(c).push({ trainee: "t3", member: "roaf" });
    });
    expect(where(input)).toEqual(["pin_forbidden pins[4].supervisor"]);
  });

  it("pin_breaks_rule: away at the host itself or in the host's organisation", () => {
    const atHost = small((c) => pins(c).push({ trainee: "t4", period: "part-2", member: "skedsmo" }));
    expect(where(atHost)).toEqual(["pin_breaks_rule pins[4].member"]);
    expect(validateCohort(atHost)[0]?.message).toContain("the trainee's given host");

    // t2's host sorum-kf is fixed by a pin; sorum is the same organisation
    const sameOrganisation = small((c) => {
      forbids(c).splice(0, 1);
      pins(c).push({ trainee: "t2", period: "part-2", member: "sorum" });
    });
    expect(where(sameOrganisation)).toEqual(["pin_breaks_rule pins[4].member"]);
    expect(validateCohort(sameOrganisation)[0]?.message).toContain('same organisation ("sorum")');
    expect(validateCohort(sameOrganisation)[0]?.message).toContain("fixed by pins[2]");
  });

  it("pin_breaks_rule: a given host of the same organisation as a pinned away member", () => {
    const input = small((c) => {
      c.trainees.push({ id: "t5", specialization: "roads", host: "sorum" });
      pins(c).push({ trainee: "t5", period: "part-2", member: "sorum-kf" });
    });
    expect(where(input)).toEqual(["pin_breaks_rule pins[4].member"]);
    expect(validateCohort(input)[0]?.message).toContain(
      `"sorum-kf", which belongs to the same organisation ("sorum") as the trainee's given host "sorum"`,
    );
  });

  it("pin_breaks_rule: two away periods at the same member", () => {
    const input = small((c) => {
      c.programme.periods.push({ id: "part-4", months: 3, at: "away" });
      pins(c).push({ trainee: "t1", period: "part-4", member: "nrv-nra" });
    });
    expect(where(input)).toEqual(["pin_breaks_rule pins[4].member"]);
    expect(validateCohort(input)[0]?.message).toContain("each away period must be at a different member");
  });

  it("pin_breaks_rule: specialization fit of away members, chosen hosts and supervisors", () => {
    const away = small((c) => {
      pins(c)[0] = { trainee: "t1", period: "part-2", member: "roaf" };
    });
    expect(where(away)).toEqual(["pin_breaks_rule pins[0].member"]);
    expect(validateCohort(away)[0]?.message).toContain('does not list the trainee\'s specialization "water"');

    const chosenHost = small((c) => pins(c).push({ trainee: "t3", period: "part-1", member: "sorum" }));
    expect(where(chosenHost)).toEqual(["pin_breaks_rule pins[4].member"]);

    const supervisor = small((c) => pins(c).push({ trainee: "t3", supervisor: "supervisor-lorenskog" }));
    expect(where(supervisor)).toEqual(["pin_breaks_rule pins[4].supervisor"]);

    // "preferred" allows every miss
    for (const input of [away, chosenHost, supervisor]) {
      const preferred = structuredClone(input) as CohortInput;
      preferred.rules = { ...preferred.rules, specializationFit: "preferred" };
      expect(where(preferred)).toEqual([]);
    }
  });

  it("pin_breaks_rule: the host implied by a pinned supervisor must fit and has room", () => {
    // supervisor-skedsmo does not list waste, skedsmo does not offer it, and skedsmo is full
    const input = small((c) => pins(c).push({ trainee: "t3", supervisor: "supervisor-skedsmo" }));
    expect(where(input)).toEqual([
      "pins_over_capacity members[0].hostCapacity",
      "pin_breaks_rule pins[4].supervisor",
      "pin_breaks_rule pins[4].supervisor",
    ]);
  });

  it("pin_breaks_rule: a supervisor employed elsewhere than the host", () => {
    const givenHost = small((c) => pins(c).push({ trainee: "t1", supervisor: "supervisor-lorenskog" }));
    expect(where(givenHost)).toEqual(["pin_breaks_rule pins[4].supervisor"]);
    expect(validateCohort(givenHost)[0]?.message).toContain("employed by the host member itself");

    const pinnedHost = small((c) => {
      pins(c)[3] = { trainee: "t2", supervisor: "supervisor-lorenskog" };
    });
    expect(where(pinnedHost)).toEqual(["pin_breaks_rule pins[3].supervisor"]);
  });

  it("pin_breaks_rule: a mentor from the host's organisation, or an away member's with host-and-away", () => {
    const hostOrganisation = small((c) => pins(c).push({ trainee: "t2", mentor: "mentor-sorum" }));
    // mentor-sorum already mentors t1 (capacity 1), so the capacity issue comes too
    expect(where(hostOrganisation)).toEqual(["pins_over_capacity people[5].capacity", "pin_breaks_rule pins[4].mentor"]);

    const awayOrganisation = small((c) => {
      pins(c)[1] = { trainee: "t1", mentor: "mentor-nrv" };
    });
    expect(where(awayOrganisation)).toEqual(["pin_breaks_rule pins[1].mentor"]);
    expect(validateCohort(awayOrganisation)[0]?.message).toContain('"host-and-away"');
    const hostOnly = structuredClone(awayOrganisation) as CohortInput;
    hostOnly.rules = { ...hostOnly.rules, mentorOutside: "host" };
    expect(where(hostOnly)).toEqual([]);
  });

  it("pins_over_capacity: hosts, counting given hosts", () => {
    const pinnedOnly = small((c) => {
      c.trainees.push({ id: "t5", specialization: "roads" });
      pins(c).push({ trainee: "t5", period: "part-1", member: "sorum-kf" });
    });
    expect(where(pinnedOnly)).toEqual(["pins_over_capacity members[3].hostCapacity"]);

    const withGiven = small((c) => {
      c.trainees.push({ id: "t5", specialization: "roads", host: "lorenskog" });
      c.trainees.push({ id: "t6", specialization: "roads" });
      pins(c).push({ trainee: "t6", period: "part-3", member: "lorenskog" });
    });
    expect(where(withGiven)).toEqual(["pins_over_capacity members[1].hostCapacity"]);
    expect(validateCohort(withGiven)[0]?.message).toContain("1 given host and 1 fixed by pins");
  });

  it("pins_over_capacity: away places in one period", () => {
    const input = small((c) => {
      pins(c).push(
        { trainee: "t2", period: "part-2", member: "lorenskog" },
        { trainee: "t3", period: "part-2", member: "lorenskog" },
      );
    });
    expect(where(input)).toEqual(["pins_over_capacity members[1].awayCapacity"]);
  });

  it("pins_over_capacity: mentors and supervisors", () => {
    expect(where(small((c) => pins(c).push({ trainee: "t3", mentor: "mentor-sorum" })))).toEqual([
      "pins_over_capacity people[5].capacity",
    ]);
    const supervisor = small((c) => {
      c.trainees.push({ id: "t5", specialization: "roads" });
      pins(c).push({ trainee: "t5", supervisor: "supervisor-sorum-kf" });
    });
    expect(where(supervisor)).toEqual([
      "pins_over_capacity members[3].hostCapacity",
      "pins_over_capacity people[2].capacity",
    ]);
  });

  it("collects every issue, in input order", () => {
    const input = small((c) => {
      c.trainees[0]!.host = "nowhere";
      c.members[5]!.id = "lorenskog";
      forbids(c).push({ trainee: "t3" });
      pins(c).push({ trainee: "t1", mentor: "supervisor-skedsmo" });
    });
    expect(where(input)).toEqual([
      "duplicate_id members[5].id",
      // renaming roaf leaves its references dangling
      "unknown_reference people[3].member",
      "unknown_reference people[6].member",
      "unknown_reference trainees[0].host",
      "unknown_reference trainees[2].hostPreferences[0]",
      "wrong_role pins[4].mentor",
      "invalid_forbid forbid[3]",
    ]);
  });

  it("is deterministic and validateCohort matches parseCohort", () => {
    const input = small((c) => {
      c.trainees[2]!.host = "skedsmo";
      pins(c).push({ trainee: "t1", period: "part-2", member: "lorenskog" });
    });
    expect(validateCohort(input)).toEqual(parseCohort(structuredClone(input)).issues);
    expect(validateCohort(input)).toEqual(validateCohort(input));
  });
});
