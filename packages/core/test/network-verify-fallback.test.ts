/**
 * The network backend's plan under allowUnassigned with a given host (found by the conformance
 * property with seed -2003431034): its flow left the trainee with the given host unrouted and
 * gave that host place to a chosen trainee, so its plan failed the verifier (capacity_exceeded)
 * and solveCohort threw. A plan that fails the verifier is never returned: where the exact
 * model fits, the exact backend answers instead (plan.ts solveWithStop).
 */
import { describe, expect, it } from "vitest";
import { solveCohort, verifyPlan } from "../src/index.js";

const cohort = {
  "format": "rotamatch.cohort/v1",
  "programme": {
    "name": "Cohort 2008",
    "start": "2008-01-28",
    "periods": [
      {
        "id": "away-1",
        "months": 1,
        "at": "away"
      }
    ]
  },
  "members": [
    {
      "id": "fet",
      "specializations": [],
      "hostCapacity": 1,
      "awayCapacity": 1
    },
    {
      "id": "enebakk",
      "specializations": [
        "waste"
      ],
      "hostCapacity": 1,
      "awayCapacity": 2
    },
    {
      "id": "gjerdrum",
      "specializations": [
        "waste"
      ],
      "hostCapacity": 2,
      "awayCapacity": 1
    },
    {
      "id": "nittedal",
      "specializations": [],
      "hostCapacity": 1,
      "awayCapacity": 1
    }
  ],
  "people": [
    {
      "id": "supervisor-1",
      "member": "fet",
      "role": "supervisor",
      "specializations": []
    },
    {
      "id": "mentor-2",
      "member": "fet",
      "role": "mentor",
      "specializations": []
    },
    {
      "id": "supervisor-3",
      "member": "gjerdrum",
      "role": "supervisor",
      "specializations": []
    },
    {
      "id": "mentor-4",
      "member": "fet",
      "role": "mentor",
      "specializations": []
    },
    {
      "id": "supervisor-5",
      "member": "gjerdrum",
      "role": "supervisor",
      "specializations": []
    },
    {
      "id": "mentor-6",
      "member": "fet",
      "role": "mentor",
      "specializations": []
    }
  ],
  "trainees": [
    {
      "id": "t1",
      "specialization": "water",
      "host": "gjerdrum",
      "hostPreferences": [],
      "awayPreferences": []
    },
    {
      "id": "t2",
      "specialization": "waste",
      "hostPreferences": [],
      "awayPreferences": []
    },
    {
      "id": "t3",
      "specialization": "waste",
      "hostPreferences": [],
      "awayPreferences": []
    }
  ],
  "rules": {
    "allowUnassigned": true
  },
  "pins": [
    {
      "trainee": "t3",
      "period": "away-1",
      "member": "enebakk"
    },
    {
      "trainee": "t2",
      "period": "away-1",
      "member": "enebakk"
    }
  ]
};

describe("a network plan that fails the verifier, on a cohort the exact model fits", () => {
  it.each(["network", "auto", "jslp"] as const)("backend %s answers as the exact backend does, never throws", (backend) => {
    const result = solveCohort(cohort, { backend, diagnose: false });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // t2 and t3 are pinned away at enebakk, so both need gjerdrum as host, which has one place left after t1.
    expect(result.plan.status).toBe("infeasible");
    expect(verifyPlan(cohort, result.plan).ok).toBe(true);
  });
});
