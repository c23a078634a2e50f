/**
 * What "auto" needs to know to send a small cohort to jslp, read from the index alone: that the
 * network backend's exact decomposition does not apply, and an upper bound on the variables of
 * the MIP model. The network backend's own estimate (solvers/network: `estimateNetwork`)
 * compiles its whole problem to answer the same questions; when jslp is then chosen, that
 * compile is wasted work, about a twentieth of a Romerike 2013 solve. So the facade asks here
 * first, and only when the answer is not sure does it ask the network backend.
 *
 * Both answers are conservative by construction, so the choice is always the one the network
 * estimate would make: `surelyNotDecomposable` is true only with a witness the decomposition
 * rejects, and `modelVariablesAtMost` is never below the estimate (test/auto-choice.test.ts
 * checks both against the estimate).
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { readCohortFacts } from "../domain/trainee-facts.js";

/**
 * True only when the decomposition (hosts fixed, mentors outside the host only) surely does not
 * apply: mentors must also be outside the away member's organisation, or some trainee with no
 * host given and no pin fixing one may be placed at two or more members (or, with
 * `allowUnassigned`, left without a host). False means "not sure", not "decomposable".
 */
export function surelyNotDecomposable(index: CohortIndex): boolean {
  const { cohort } = index;
  if (cohort.rules.mentorOutside === "host-and-away") return true;
  const facts = readCohortFacts(index);
  const hostsLeft = hostPlacesLeft(index);
  for (const trainee of cohort.trainees) {
    if (trainee.host !== undefined) continue;
    const own = facts.of(trainee);
    // A pinned host or supervisor fixes the host: no witness here.
    if (own.pinnedHost !== null || own.pinnedSupervisor !== null) continue;
    if (cohort.rules.allowUnassigned) return true;
    const required = cohort.rules.specializationFit === "required";
    let hosts = 0;
    for (const [id, left] of hostsLeft) {
      if (left <= 0 || own.forbiddenMembers.has(id) || (required && !index.offers(id, trainee.specialization))) continue;
      if (++hosts >= 2) return true;
    }
  }
  return false;
}

/**
 * An upper bound on the network estimate of the MIP model's variables (supervisors aside, as
 * there): per trainee, its (host, away member) pairs per away period, or its away members when
 * the host is fixed, plus one variable per mentor class. Candidate hosts are bounded by the
 * members with host places left, mentor classes by the mentors.
 */
export function modelVariablesAtMost(index: CohortIndex): number {
  let hostMembers = 0;
  for (const left of hostPlacesLeft(index).values()) if (left > 0) hostMembers++;
  let awayMembers = 0;
  for (const member of index.memberById.values()) if (member.awayCapacity > 0) awayMembers++;
  let mentors = 0;
  for (const person of index.personById.values()) if (person.role === "mentor" && index.memberById.has(person.member)) mentors++;
  const periods = index.awayPeriods.length;
  const perChosen = hostMembers > 1 ? hostMembers * (1 + periods * awayMembers) : periods * awayMembers;
  let total = 0;
  for (const trainee of index.cohort.trainees) total += (trainee.host === undefined ? perChosen : periods * awayMembers) + mentors;
  return total;
}

/** Host places left at each member (in index order) after the given hosts. */
function hostPlacesLeft(index: CohortIndex): Map<string, number> {
  const left = new Map<string, number>();
  for (const member of index.memberById.values()) left.set(member.id, member.hostCapacity);
  for (const trainee of index.cohort.trainees) {
    const h = trainee.host;
    if (h !== undefined && left.has(h)) left.set(h, (left.get(h) as number) - 1);
  }
  return left;
}
