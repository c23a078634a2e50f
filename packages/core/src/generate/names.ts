/**
 * Word lists for generated cohorts: invented Norwegian-sounding place names and common
 * Norwegian first names and surnames. Generated members are fictional; the lists only make
 * them read like a real network.
 */

/** Beginnings of place names. */
export const PLACE_HEADS = [
  "Ask", "Bjørke", "Brå", "Dal", "Eids", "Elve", "Fager", "Fjell", "Flo", "Furu",
  "Gran", "Gul", "Hval", "Hølen", "Kløfte", "Lille", "Lunde", "Myr", "Nord", "Ner",
  "Rud", "Rød", "Sand", "Skog", "Sol", "Stein", "Stor", "Strøm", "Sør", "Tangen",
  "Tune", "Vest", "Vik", "Øst", "Ål", "Ås",
] as const;

/** Endings of place names. */
export const PLACE_TAILS = [
  "by", "dal", "rud", "stad", "vik", "sund", "heim", "åsen", "land", "berg", "set", "nes", "mo", "hus",
] as const;

/** Words put before a place name when the plain names run out. */
export const PLACE_QUALIFIERS = ["Nedre", "Øvre", "Nordre", "Søndre", "Vestre", "Østre"] as const;

export const FIRST_NAMES = [
  "Anders", "Anne", "Astrid", "Bjørn", "Camilla", "Eirik", "Elin", "Emma", "Erik", "Frida",
  "Geir", "Gunhild", "Hanne", "Håkon", "Ida", "Ingrid", "Jon", "Jørgen", "Kari", "Kristian",
  "Lars", "Line", "Magnus", "Maria", "Marius", "Marte", "Nils", "Nora", "Ola", "Ragnhild",
  "Sara", "Sigrid", "Silje", "Sindre", "Siri", "Solveig", "Stian", "Thea", "Tor", "Trond",
  "Vegard", "Åse", "Øystein",
] as const;

export const SURNAMES = [
  "Andersen", "Bakke", "Berg", "Dahl", "Eriksen", "Fossum", "Gundersen", "Hagen", "Halvorsen", "Hansen",
  "Haugen", "Holm", "Jacobsen", "Johansen", "Karlsen", "Kristiansen", "Larsen", "Lie", "Lund", "Moen",
  "Nilsen", "Olsen", "Pedersen", "Rud", "Sandvik", "Solberg", "Strand", "Sæther", "Thorsen", "Ødegård",
] as const;

/** An ASCII kebab-case id from a Norwegian name: `Sørum Kommunalteknikk KF` -> `sorum-kommunalteknikk-kf`. */
export function slugifyName(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
