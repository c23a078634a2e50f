/**
 * Plain words for what the service reports: where a problem is (a JSON path such as
 * `trainees[3].specialization` becomes "Trainee Kristian Helle (t4), specialization"), what
 * it is (in Norwegian from its code, in English the service's own sentence), and the
 * diagnosis of a cohort with no plan, with its suggested change.
 */
import { DIAGNOSIS_HEADLINES_NB, MESSAGES, formatList, formatNumber, type DiagnosisWords, type Lang, type Messages } from "./i18n.js";
import type { CohortInput, DiagnosisItem, Issue, SuggestedChange } from "./types.js";

/** Looks up names in a cohort: a person reads "Kristian Helle (t4)", not "t4". */
export interface CohortNames {
  member(id: string): string;
  trainee(id: string): string;
  person(id: string): string;
}

/**
 * Names from the cohort, then from `earlier` (the cohort a published plan was made for), so
 * that a trainee, person or member who has left is still named in the plan that had them.
 */
export function cohortNames(cohort: CohortInput | null, earlier: CohortInput | null = null): CohortNames {
  const byId = <T extends { readonly id: string }>(lists: readonly (readonly T[] | undefined)[]) =>
    new Map(lists.flatMap((list) => list ?? []).reverse().map((item) => [item.id, item]));
  const members = byId([cohort?.members, earlier?.members]);
  const trainees = byId([cohort?.trainees, earlier?.trainees]);
  const people = byId([cohort?.people, earlier?.people]);
  const labelled = (name: string | undefined, id: string) => (name !== undefined && name.trim() !== "" ? `${name} (${id})` : id);
  return {
    member: (id) => {
      const name = members.get(id)?.name;
      return name !== undefined && name.trim() !== "" ? name : id;
    },
    trainee: (id) => labelled(trainees.get(id)?.name, id),
    // A person by name and employer ("Svein Olav Berg (Lørenskog kommune)"), as people know them;
    // the internal id only when there is no name or no known member.
    person: (id) => {
      const person = people.get(id);
      const member = person === undefined ? undefined : members.get(person.member)?.name;
      return member !== undefined && member.trim() !== "" && (person?.name ?? "").trim() !== "" ? `${person?.name} (${member})` : labelled(person?.name, id);
    },
  };
}

/** `trainees[3].specialization` -> ["trainees", 3, "specialization"]; `a["b c"]` -> ["a", "b c"]. */
export function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const pattern = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let m = pattern.exec(path); m !== null; m = pattern.exec(path)) {
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else if (m[3] !== undefined) segments.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return segments;
}

/** The value at a path in the cohort, or undefined. */
export function valueAt(cohort: unknown, path: string): unknown {
  let value: unknown = cohort;
  for (const segment of parsePath(path)) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** Where a path points, in words: "Member Fet kommune, trainees it can host". */
export function describePlace(path: string, cohort: CohortInput | null, lang: Lang): string {
  const t = MESSAGES[lang];
  const segments = parsePath(path);
  const [top, second, third] = segments;
  if (top === undefined) return t.wholeCohort;
  let parts: string[];
  let fieldsFrom: number;
  const entity = typeof second === "number" ? entityOf(String(top), second, cohort, t) : null;
  if (entity !== null) {
    parts = [entity];
    fieldsFrom = 2;
  } else if (top === "programme" && typeof third === "number" && (second === "periods" || second === "gatherings")) {
    const label =
      second === "periods"
        ? `${t.entityPeriod} ${cohort?.programme.periods[third]?.id ?? third + 1}`
        : `${t.entityGathering} ${cohort?.programme.gatherings?.[third]?.name ?? third + 1}`;
    parts = [t.entityProgramme, label];
    fieldsFrom = 3;
  } else {
    const tops: Readonly<Record<string, string>> = { programme: t.entityProgramme, rules: t.entityRules, weights: t.entityWeights };
    parts = [tops[top] ?? t.fields[top] ?? String(top)];
    fieldsFrom = 1;
  }
  const fields = segments.slice(fieldsFrom).filter((s): s is string => typeof s === "string").map((s) => t.fields[s] ?? s);
  return [...parts, ...fields].join(", ");
}

/** "Trainee Kristian Helle (t4)", "Member Fet kommune", "Pin 2", or null for a list the page does not name. */
function entityOf(list: string, index: number, cohort: CohortInput | null, t: Messages): string | null {
  const names = cohortNames(cohort);
  const named = (id: string | undefined, name: (id: string) => string) => (id === undefined ? String(index + 1) : name(id));
  switch (list) {
    case "members":
      return `${t.entityMember} ${named(cohort?.members[index]?.id, names.member)}`;
    case "trainees":
      return `${t.entityTrainee} ${named(cohort?.trainees[index]?.id, names.trainee)}`;
    case "people":
      return `${t.entityPerson} ${named(cohort?.people?.[index]?.id, names.person)}`;
    case "pins":
      return `${t.entityPin} ${index + 1}`;
    case "forbid":
      return `${t.entityForbid} ${index + 1}`;
    case "history":
      return `${t.entityHistory} «${cohort?.history?.[index]?.name ?? index + 1}»`;
    default:
      return null;
  }
}

/**
 * What the problem is, in the language: the service's sentence in English; in Norwegian, worded
 * from its code and the value at its path in `root` (the cohort, or a whole request such as a
 * re-plan's `{ cohort, plan, asOf }`).
 */
export function describeIssue(issue: Issue, root: unknown, lang: Lang): { text: string; english: string | null } {
  const worded = MESSAGES[lang].issueCodes[issue.code];
  if (worded === undefined) return { text: issue.message, english: null };
  const value = issue.path === "" ? undefined : valueAt(root, issue.path);
  const shown = typeof value === "string" || typeof value === "number" ? `«${value}» ` : "";
  return { text: `${shown}${worded}.`.replace(/^./, (c) => c.toUpperCase()), english: issue.message };
}

/** A diagnosis item in words: the service's own sentence in English; in Norwegian, worded from its code, names and suggested change. */
export function describeDiagnosis(item: DiagnosisItem, cohort: CohortInput | null, lang: Lang): { text: string; change: string | null; english: string | null } {
  if (lang === "en") return { text: item.message, change: null, english: null };
  const names = cohortNames(cohort);
  const trainees = formatList(item.trainees.map(names.trainee), lang);
  const period = item.change?.period ?? null;
  const inPeriod = period === null ? "" : ` i ${period}`;
  // A code this page does not know (a newer service) has no headline: its change or its sentence is shown.
  const headline: ((words: DiagnosisWords) => string) | null | undefined = DIAGNOSIS_HEADLINES_NB[item.code];
  const head = typeof headline === "function" ? headline({ trainees, inPeriod }) : null;
  const change = item.change === null ? null : describeChangeNb(item.change, cohort, names);
  // A change that stands alone names whom it makes room for, as the English sentence does.
  const text = head ?? (change === null ? item.message : item.trainees.length > 0 ? `${change} ${MESSAGES.nb.roomFor(trainees)}` : change);
  return { text, change: head === null ? null : change, english: item.message };
}

/** A suggested change in Norwegian. */
function describeChangeNb(change: SuggestedChange, cohort: CohortInput | null, names: CohortNames): string {
  const by = change.by ?? 1;
  const inPeriod = change.period === null ? "" : ` i ${change.period}`;
  const current = change.path === null ? undefined : valueAt(cohort, change.path);
  const fromTo = typeof current === "number" ? ` (fra ${current} til ${current + by})` : "";
  const role = change.role === "supervisor" ? "fagveileder" : "mentor";
  switch (change.action) {
    case "raise-capacity":
      if (change.path?.endsWith(".hostCapacity")) return `Øk antall trainees ${names.member(change.member ?? "")} kan være vert for, med ${by}${fromTo}.`;
      if (change.path?.endsWith(".awayCapacity")) return `Øk antall besøkende trainees ${names.member(change.member ?? "")} kan ta per borteperiode, med ${by}${fromTo}.`;
      if (change.person !== null) return `Øk kapasiteten til ${role} ${names.person(change.person)} med ${by}${fromTo}.`;
      return `Øk kapasiteten til ett eller flere av disse medlemmene med ${by} til sammen${inPeriod}.`;
    case "add-person": {
      const spec = change.specialization === null ? "" : ` for ${change.specialization}`;
      const at = change.member === null ? "" : `, for eksempel hos ${names.member(change.member)}`;
      const outside = change.outsideOrganisation === null ? "" : ` utenfor ${names.member(change.outsideOrganisation)}`;
      return `Legg til en ${role}${spec}${outside}${at}, med kapasitet ${by}.`;
    }
    case "relax-rule":
      if (change.path === "rules.specializationFit") {
        const spec = change.specialization ?? "";
        return `Legg til ${spec} i spesialiseringene til et medlem som kan ta den, eller sett regelen om spesialisering til «foretrukket» (preferred).`;
      }
      return "Tillat roller uten noen (allowUnassigned), så ser du hvilke roller som ikke kan fylles.";
    case "remove-pin":
      return `Fjern låsingen ${change.path === null ? "" : describePlace(change.path, cohort, "nb").toLowerCase()}.`.replace(" .", ".");
    case "remove-forbid":
      return `Fjern forbudet ${change.path === null ? "" : describePlace(change.path, cohort, "nb").toLowerCase()}.`.replace(" .", ".");
  }
}

/** Cost as shown: a number in the language, or "none" for null. */
export function formatCost(value: number | null, lang: Lang): string {
  return value === null ? MESSAGES[lang].none : formatNumber(value, lang);
}

/**
 * Where a problem of a re-plan, what-if or explanation is, in words. Their paths start with
 * the request's field: `cohort.trainees[3].host` is a place in the cohort as now,
 * `plan.assignments[3].mentor` "Published plan, Trainee Kristian Helle (t4), mentor", `asOf`
 * the date, `pins[0].member` the option tried, `trainee` the trainee asked about.
 */
export function describeRequestPlace(path: string, cohort: CohortInput | null, plan: { readonly assignments?: readonly { readonly trainee: string }[] } | null, lang: Lang, earlier: CohortInput | null = null): string {
  const t = MESSAGES[lang];
  const [top, second, third] = parsePath(path);
  if (top === "cohort") return describePlace(path.replace(/^cohort\.?/, ""), cohort, lang);
  if (top === "asOf") return t.entityAsOf;
  const fields = (from: number) =>
    parsePath(path)
      .slice(from)
      .filter((s): s is string => typeof s === "string")
      .map((s) => t.fields[s] ?? s);
  if (top === "plan") {
    if (second === "assignments" && typeof third === "number") {
      const trainee = plan?.assignments?.[third]?.trainee;
      const who = trainee === undefined ? `${third + 1}` : cohortNames(cohort, earlier).trainee(trainee);
      return [t.entityPlan, `${t.entityTrainee} ${who}`, ...fields(3)].join(", ");
    }
    return [t.entityPlan, ...fields(1)].join(", ");
  }
  if (top === "pins") return [t.entityTried, ...fields(2)].join(", ");
  return describePlace(path, cohort, lang);
}
