/**
 * Family `mentor`: every trainee has a mentor from outside the host's organisation (and, under
 * rules.mentorOutside "host-and-away", outside every away member's organisation too), with a
 * place left and not forbidden. Here: whether each trainee could have one, and the
 * `no_mentor_candidate` item when no mentor can take the trainee.
 */
import type { DiagnosisItem, Person } from "../../domain/schema.js";
import { suggestChange, suggestFirstFix, type Fix } from "../suggested-change.js";
import type { Context, TraineeOptions } from "./facts.js";
import { describePersonBlocker, personFixes, pushIfFull, type ConsideredPerson, type PersonBlocker } from "./people.js";
import type { TraineeFacts } from "./pins.js";
import { describeHostReference, describeOrganisation, describeTrainee, firstOf, item, writeReasons } from "./wording.js";

/** Whether some mentor could take the trainee (always, with a pinned one). */
export function hasPossibleMentor(
  ctx: Context,
  facts: TraineeFacts,
  hostOrganisations: ReadonlySet<string>,
  away: ReadonlyMap<string, readonly string[]>,
): boolean {
  if (facts.mentorPins.length > 0) return true;
  const awayOrganisations = findAwayOrganisations(ctx, facts, away);
  return ctx.mentors.some((p) => findMentorBlockers(ctx, facts, hostOrganisations, awayOrganisations, p).length === 0);
}

/** For each away period the trainee is free to be placed in, the organisations of its possible members. */
export function findAwayOrganisations(
  ctx: Context,
  facts: TraineeFacts,
  away: ReadonlyMap<string, readonly string[]>,
): ReadonlyMap<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>();
  for (const [period, members] of away) {
    if (facts.awayPins.has(period) || members.length === 0) continue;
    out.set(period, new Set(members.map((m) => ctx.index.organisationOf(m))));
  }
  return out;
}

/** Why a mentor cannot take the trainee. */
export function findMentorBlockers(
  ctx: Context,
  facts: TraineeFacts,
  hostOrganisations: ReadonlySet<string>,
  awayOrganisations: ReadonlyMap<string, ReadonlySet<string>>,
  person: Person,
): PersonBlocker[] {
  const out: PersonBlocker[] = [];
  const organisation = ctx.index.organisationOf(person.member);
  if (hostOrganisations.size === 1 && hostOrganisations.has(organisation)) out.push({ kind: "host-organisation" });
  if (ctx.hostAndAway) {
    let pinnedClash = false;
    for (const [period, pins] of facts.awayPins) {
      const pin = pins.find((p) => ctx.index.organisationOf(p.value) === organisation);
      if (pin === undefined) continue;
      out.push({ kind: "pinned-away-organisation", member: pin.value, period, pin: pin.pin });
      pinnedClash = true;
      break;
    }
    if (!pinnedClash) {
      // Every member the trainee could visit in the period is of the mentor's organisation.
      for (const [period, organisations] of awayOrganisations) {
        if (organisations.size === 1 && organisations.has(organisation)) {
          out.push({ kind: "away-organisation", period });
          break;
        }
      }
    }
  }
  const forbid = facts.forbiddenMentors.get(person.id);
  if (forbid !== undefined) out.push({ kind: "forbid", forbid });
  pushIfFull(ctx, facts, person, out);
  return out;
}

/** Check `no_mentor_candidate`: trainees no mentor can take. */
export function findTraineesWithoutMentor(ctx: Context, options: readonly TraineeOptions[]): DiagnosisItem[] {
  return options.filter((o) => o.hasMentor === false).map((o) => explainNoMentor(ctx, o));
}

function explainNoMentor(ctx: Context, o: TraineeOptions): DiagnosisItem {
  const { trainee } = o.facts;
  const head = `${describeTrainee(trainee, true)} has no possible mentor`;
  const hostOrganisation = o.hostOrganisations.size === 1 ? ([...o.hostOrganisations][0] ?? null) : null;
  const outside = hostOrganisation === null ? "" : ` outside ${describeOrganisation(ctx, hostOrganisation)}`;
  const addMentor: Fix = {
    change: suggestChange("add-person", { role: "mentor", outsideOrganisation: hostOrganisation, by: 1 }),
    sentence: `Suggested change: add a mentor${outside}.`,
  };
  const awayOrganisations = findAwayOrganisations(ctx, o.facts, o.away ?? new Map());
  const considered = ctx.mentors.map((person) => ({
    person,
    blockers: findMentorBlockers(ctx, o.facts, o.hostOrganisations, awayOrganisations, person),
  }));
  if (considered.length === 0) {
    const message = `${head}: the cohort has no mentors. ${addMentor.sentence}`;
    return item("no_mentor_candidate", message, [trainee.id], [], [], addMentor.change);
  }
  const outsideHost = considered.filter((c) => !c.blockers.some((b) => b.kind === "host-organisation"));
  if (outsideHost.length === 0) {
    const message =
      `${head}: every mentor works in the same organisation as ${describeHostReference(ctx, o)}, and a mentor ` +
      `must come from outside the trainee's organisation. ${addMentor.sentence}`;
    return item("no_mentor_candidate", message, [trainee.id], [], considered.map((c) => c.person.id), addMentor.change);
  }
  const reasons = outsideHost.map(({ person, blockers }) => describePersonBlocker(ctx, o, person, firstOf(blockers)));
  const fix =
    suggestFirstFix<ConsideredPerson, PersonBlocker>(outsideHost, {
      ...personFixes(ctx),
      "pinned-away-organisation": relaxMentorRule,
      "away-organisation": relaxMentorRule,
    }) ?? addMentor;
  const message = `${head}. Of the mentors${outside}: ${writeReasons(reasons)}. ${fix.sentence}`;
  return item("no_mentor_candidate", message, [trainee.id], [], outsideHost.map((c) => c.person.id), fix.change);
}

/**
 * Under "host-and-away", a mentor ruled out only by an away member's organisation is freed by
 * the narrower rule.
 */
function relaxMentorRule(): Fix {
  return {
    change: suggestChange("relax-rule", { path: "rules.mentorOutside" }),
    sentence:
      `Suggested change: set rules.mentorOutside to "host", so that a mentor only has to come from outside ` +
      `the host's organisation.`,
  };
}
