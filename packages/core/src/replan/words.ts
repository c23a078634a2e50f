/**
 * The plain words of explanations, in Norwegian (bokmål) and English, for a trainee to read:
 * "Giving Ola Nordmann the first choice for part-2, NRV/NRA, would raise the total cost by
 * 12.3 and move Kari from NRV/NRA to ROAF." Members and people are named by their `name` when
 * they have one, numbers are written the way each language writes them (12.3, 12,3).
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { Change } from "../domain/replan-schema.js";
import type { RuleFamilyId } from "../domain/rules.js";

export type Lang = "nb" | "en";
export const LANGS = ["nb", "en"] as const satisfies readonly Lang[];

/** What an option offers, for its sentence. */
export interface OptionWords {
  readonly trainee: string;
  readonly role: "host" | "away" | "supervisor" | "mentor";
  readonly period?: string;
  /** The member (host, away) or person (supervisor, mentor) id. */
  readonly value: string;
  /** Place in the trainee's preferences (host, away), counted from 0. */
  readonly rank?: number;
}

export function namer(index: CohortIndex): { trainee(id: string): string; member(id: string): string; person(id: string): string } {
  const nonBlank = (name: string | undefined, id: string) => (name !== undefined && name.trim() !== "" ? name : id);
  return {
    trainee: (id) => nonBlank(index.traineeById.get(id)?.name, id),
    member: (id) => index.memberName(id),
    person: (id) => nonBlank(index.personById.get(id)?.name, id),
  };
}

const ORDINALS: Readonly<Record<Lang, readonly string[]>> = {
  en: ["first", "second", "third", "fourth", "fifth"],
  nb: ["første", "andre", "tredje", "fjerde", "femte"],
};

function choiceWord(lang: Lang, rank: number): string {
  const word = ORDINALS[lang][rank];
  if (lang === "en") return word === undefined ? `choice number ${rank + 1}` : `${word} choice`;
  return word === undefined ? `valg nummer ${rank + 1}` : `${word}valget`;
}

export function formatNumber(lang: Lang, value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return lang === "nb" ? text.replace(".", ",").replace("-", "−") : text;
}

/** "the first choice for part-2, NRV/NRA" / "førstevalget for part-2, NRV/NRA". */
function optionPhrase(lang: Lang, index: CohortIndex, option: OptionWords): string {
  const n = namer(index);
  if (option.role === "host" || option.role === "away") {
    const where = n.member(option.value);
    const period = option.role === "away" && option.period !== undefined ? (lang === "en" ? ` for ${option.period}` : ` for ${option.period}`) : lang === "en" ? " as host" : " som vertskap";
    if (option.rank === undefined) return where;
    return lang === "en" ? `the ${choiceWord(lang, option.rank)}${period}, ${where}` : `${choiceWord(lang, option.rank)}${period}, ${where}`;
  }
  const who = n.person(option.value);
  if (lang === "en") return option.role === "mentor" ? `the mentor ${who}` : `the supervisor ${who}`;
  return option.role === "mentor" ? `mentoren ${who}` : `veilederen ${who}`;
}

function costPhrase(lang: Lang, delta: number | null, deltaBound: number | null): string {
  if (delta !== null) {
    if (Math.abs(delta) < 0.05) return lang === "en" ? "would not change the total cost" : "ville ikke endre totalkostnaden";
    const verb = delta > 0 ? (lang === "en" ? "raise" : "øke") : lang === "en" ? "lower" : "senke";
    return lang === "en" ? `would ${verb} the total cost by ${formatNumber(lang, Math.abs(delta))}` : `ville ${verb} totalkostnaden med ${formatNumber(lang, Math.abs(delta))}`;
  }
  const bound = deltaBound ?? 0;
  return lang === "en"
    ? `would change the total cost by at least ${formatNumber(lang, bound)} (not proven exactly)`
    : `ville endre totalkostnaden med minst ${formatNumber(lang, bound)} (ikke bevist eksakt)`;
}

function changePhrase(lang: Lang, index: CohortIndex, change: Change): string {
  const n = namer(index);
  const who = n.trainee(change.trainee);
  const name = (value: string | null) => (value === null ? (lang === "en" ? "nobody" : "ingen") : change.role === "host" || change.role === "away" ? n.member(value) : n.person(value));
  if (change.role === "host" || change.role === "away") {
    const where = (value: string | null) => (value === null ? (lang === "en" ? "no place" : "ingen plass") : name(value));
    const when = change.role === "away" && change.period !== undefined ? (lang === "en" ? ` in ${change.period}` : ` i ${change.period}`) : "";
    return lang === "en" ? `move ${who} from ${where(change.from)} to ${where(change.to)}${when}` : `flytte ${who} fra ${where(change.from)} til ${where(change.to)}${when}`;
  }
  const role = lang === "en" ? change.role : change.role === "mentor" ? "mentor" : "veileder";
  return lang === "en"
    ? `give ${who} the ${role} ${name(change.to)} instead of ${name(change.from)}`
    : `gi ${who} ${role}en ${name(change.to)} i stedet for ${name(change.from)}`;
}

function listPhrases(lang: Lang, phrases: readonly string[], max = 4): string {
  const and = lang === "en" ? "and" : "og";
  const shown = phrases.length > max ? [...phrases.slice(0, max - 1), lang === "en" ? `${phrases.length - (max - 1)} more changes` : `${phrases.length - (max - 1)} endringer til`] : phrases;
  if (shown.length <= 1) return shown[0] ?? "";
  return `${shown.slice(0, -1).join(", ")} ${and} ${shown[shown.length - 1] ?? ""}`;
}

/** The sentence of a possible option. */
export function possibleText(lang: Lang, index: CohortIndex, option: OptionWords, delta: number | null, deltaBound: number | null, changes: readonly Change[]): string {
  const who = namer(index).trainee(option.trainee);
  const what = optionPhrase(lang, index, option);
  const cost = costPhrase(lang, delta, deltaBound);
  const moves =
    changes.length === 0
      ? lang === "en"
        ? " and move nobody else"
        : " og ikke flytte noen andre"
      : ` ${lang === "en" ? "and" : "og"} ${listPhrases(lang, changes.map((c) => changePhrase(lang, index, c)))}`;
  // "the first choice, NRV, would raise": the member named after the choice is set off by commas.
  const pause = option.rank === undefined ? "" : ",";
  return lang === "en" ? `Giving ${who} ${what}${pause} ${cost}${moves}.` : `Å gi ${who} ${what}${pause} ${cost}${moves}.`;
}

const RULE_WORDS: Readonly<Record<Lang, Partial<Record<RuleFamilyId, string>>>> = {
  en: {
    host: "the host rule (a given host is a fact, and a forbidden member cannot host)",
    away: "the away rule (an away period is at a member of another organisation than the host's, each at a different member)",
    supervisor: "the supervisor rule (the supervisor works at the host)",
    mentor: "the mentor rule (the mentor comes from outside the trainee's organisation)",
    specialization: "the specialization rule (the member or supervisor must offer the trainee's specialization)",
    capacity: "capacity (there is no room for it in any plan)",
    pins: "a pin or a forbid in the cohort",
    filling: "the rule that every trainee gets every role",
  },
  nb: {
    host: "vertskapsregelen (et gitt vertskap står fast, og et utestengt medlem kan ikke være vertskap)",
    away: "regelen for utplassering (hos et medlem i en annen organisasjon enn vertskapets, hver gang et nytt medlem)",
    supervisor: "veilederregelen (veilederen jobber hos vertskapet)",
    mentor: "mentorregelen (mentoren kommer fra en annen organisasjon enn traineens)",
    specialization: "fagregelen (medlemmet eller veilederen må tilby traineens fagområde)",
    capacity: "kapasiteten (det er ikke plass i noen plan)",
    pins: "en låsing eller et forbud i kullet",
    filling: "regelen om at hver trainee får hver rolle",
  },
};

/** The sentence of an option that no plan can give. */
export function impossibleText(lang: Lang, index: CohortIndex, option: OptionWords, rule: RuleFamilyId): string {
  const who = namer(index).trainee(option.trainee);
  const what = optionPhrase(lang, index, option);
  const why = RULE_WORDS[lang][rule] ?? rule;
  return lang === "en" ? `${who} cannot have ${what}: ${why} rules it out.` : `${who} kan ikke få ${what}: ${why} utelukker det.`;
}

/** One sentence about what a trainee got. */
export function summaryText(lang: Lang, index: CohortIndex, trainee: string, got: { host: string | null; supervisor: string | null; mentor: string | null }, options: number): string {
  const n = namer(index);
  const who = n.trainee(trainee);
  const host = got.host === null ? (lang === "en" ? "no host" : "uten vertskap") : n.member(got.host);
  if (lang === "en") {
    const rest = options === 0 ? "nothing they ranked higher, and no person who knows their field better, was left out" : `${options} option${options === 1 ? "" : "s"} ranked higher or fitting better ${options === 1 ? "is" : "are"} explained below`;
    return `${who} is hosted by ${host}; ${rest}.`;
  }
  const rest = options === 0 ? "ingen høyere ønsker og ingen bedre faglig match ble valgt bort" : `${options} høyere rangerte eller bedre passende valg er forklart under`;
  return `${who} har vertskap ${host}; ${rest}.`;
}

/** The sentence of an option the time limit left unsettled (`possible` false with `rule` null). */
export function unsettledText(lang: Lang, index: CohortIndex, option: OptionWords): string {
  const who = namer(index).trainee(option.trainee);
  const what = optionPhrase(lang, index, option);
  return lang === "en"
    ? `Whether ${who} could have ${what} was not settled within the time limit.`
    : `Om ${who} kunne fått ${what}, ble ikke avgjort innen tidsgrensen.`;
}
