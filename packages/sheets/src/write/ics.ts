/**
 * A plan as an iCalendar file (RFC 5545), in English or Norwegian (`lang`). A trainee's own
 * calendar has one all-day event per placement period ("Emilie Grønli: part-2 away at
 * Lørenskog kommune", "Nora Amundsen: del 2 hos ØRAS IKS") and one per gathering. The whole
 * cohort's calendar has, per period, one event on its first day, listing where each trainee
 * is, and one on its last day, and the gatherings: a calendar program shows the dates that
 * matter instead of a six-month bar per trainee on every day.
 *
 * Lines end with CRLF and are folded at 75 octets; text is escaped; each event's UID is stable
 * (the same event has the same UID in every file, every export and both languages: a hash of
 * the programme's name and start, then the trainee and the period, the period's start or end,
 * or the gathering), and DTSTAMP is the programme's start, so the output depends on the plan,
 * the cohort and the language only.
 *
 * A re-planned plan (one with `changes`) also gives each event a SEQUENCE, so that importing
 * its calendar into Outlook or Google Calendar updates the events already there (same UID,
 * higher SEQUENCE) instead of adding copies. The SEQUENCE is derived from the plan alone, to
 * keep the output a function of the plan and the cohort: it is the number of the plan's
 * changes that alter the event (a trainee's event: its member, or the supervisor or mentor its
 * description names; a period's first day: any trainee's member in that period), so an event
 * the re-plan did not touch keeps 0, the SEQUENCE every event of the published plan had. A
 * plan without `changes` writes no SEQUENCE (0 by RFC 5545). The plan carries no revision
 * number, so in a chain of re-plans the count restarts with each one: see docs/replanning.md
 * for what that means for imported calendars.
 */
import { periodDates, type CohortInput, type ReplanChange } from "@rotamatch/core/format";
import { CALENDAR_WORDS, type Lang } from "../words.js";
import { checkPlanAndChanges, type PlanToWrite } from "./check-pair.js";

export interface IcsOptions {
  /** Only this trainee's periods (and the gatherings); by default the whole cohort's calendar. */
  readonly trainee?: string;
  /**
   * Several trainees' periods (and the gatherings), as the pack's calendar of a member or a
   * person (pack.ts): each trainee's events are those of its own calendar, all its periods or
   * only `periods` (a visitor's stay at the member), with the same UIDs and SEQUENCE, so one
   * event imported from two calendars is one event. Takes the place of `trainee`.
   */
  readonly trainees?: readonly { readonly trainee: string; readonly periods?: readonly string[] }[];
  /** The calendar's name (X-WR-CALNAME); by default the programme's, after it the trainee's. */
  readonly name?: string;
  /** The language of titles and descriptions: `"en"` (default) or `"nb"`. */
  readonly lang?: Lang;
}

/**
 * The calendar. Throws PlanCohortMismatchError when the plan does not fit the cohort, and a
 * RangeError when `options.trainee` is no trainee of the cohort.
 */
export function writePlanIcs(cohort: CohortInput, plan: PlanToWrite, options: IcsOptions = {}): string {
  const { changes } = checkPlanAndChanges(cohort, plan);
  // Whose events, and which periods of each (null: all), when not the whole cohort's.
  const selected = new Map<string, ReadonlySet<string> | null>(
    options.trainees !== undefined
      ? options.trainees.map((t) => [t.trainee, t.periods === undefined ? null : new Set(t.periods)])
      : options.trainee !== undefined
        ? [[options.trainee, null]]
        : [],
  );
  const whole = options.trainee === undefined && options.trainees === undefined;
  for (const id of selected.keys()) {
    if (!cohort.trainees.some((t) => t.id === id)) throw new RangeError(`no trainee has the id '${id}'`);
  }
  const words = CALENDAR_WORDS[options.lang ?? "en"];
  const memberName = new Map(cohort.members.map((m) => [m.id, m.name === undefined || m.name === "" ? m.id : m.name]));
  const personName = new Map((cohort.people ?? []).map((p) => [p.id, p.name === undefined || p.name === "" ? p.id : p.name]));
  const trainee = new Map(cohort.trainees.map((t) => [t.id, t.name === undefined || t.name === "" ? t.id : t.name]));
  const periods = cohort.programme.periods;
  const periodOf = new Map(periods.map((p, i) => [p.id, { id: p.id, at: p.at, number: i + 1 }]));
  const programme = cohort.programme.name;
  const stamp = `${compactDate(cohort.programme.start)}T000000Z`;
  const uidBase = hash(`${programme}\u0000${cohort.programme.start}`);
  const calendarName =
    options.name ?? (options.trainee === undefined || options.trainees !== undefined ? programme : `${programme}: ${trainee.get(options.trainee) ?? options.trainee}`);

  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//rotamatch//rotamatch sheets//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(calendarName)}`,
  ];
  const event = (uid: string, from: string, to: string, summary: string, description: string, location?: string, sequence?: number): void => {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${uid}@rotamatch`,
      `DTSTAMP:${stamp}`,
      ...(changes === null ? [] : [`SEQUENCE:${sequence ?? 0}`]),
      `DTSTART;VALUE=DATE:${compactDate(from)}`,
      `DTEND;VALUE=DATE:${compactDate(nextDay(to))}`,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      ...(location === undefined ? [] : [`LOCATION:${escapeText(location)}`]),
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  };

  if (whole) {
    // The whole cohort: each period's first and last day, with who is where on the first.
    const dates = periodDates(cohort.programme.start, periods);
    periods.forEach((p, i) => {
      const period = periodOf.get(p.id) ?? { id: p.id, at: p.at, number: i + 1 };
      const span = dates[i];
      if (span === undefined) return;
      const line = words.periodLine(programme, period, span.from, span.to);
      const where = plan.assignments.map((a) => {
        const placement = a.placements.find((x) => x.period === p.id);
        return `${trainee.get(a.trainee) ?? a.trainee}: ${placement === undefined ? words.noMember : (memberName.get(placement.member) ?? placement.member)}`;
      });
      const id = encodeURIComponent(p.id);
      const sequence = changes === null ? 0 : changesOfPeriod(changes, p.id, p.at);
      event(`${uidBase}.period-start.${id}`, span.from, span.from, words.periodStarts(period), [line, words.whoIsWhere(where.length), ...where].join("\n"), undefined, sequence);
      event(`${uidBase}.period-end.${id}`, span.to, span.to, words.periodEnds(period), line);
    });
  } else {
    for (const a of plan.assignments.filter((x) => selected.has(x.trainee))) {
      const name = trainee.get(a.trainee) ?? a.trainee;
      const only = selected.get(a.trainee) ?? null;
      for (const p of a.placements.filter((x) => only === null || only.has(x.period))) {
        const member = memberName.get(p.member) ?? p.member;
        const period = periodOf.get(p.period) ?? { id: p.period, at: "host" as const, number: 0 };
        const people = [
          a.supervisor === null ? null : words.supervisor(personName.get(a.supervisor) ?? a.supervisor),
          a.mentor === null ? null : words.mentor(personName.get(a.mentor) ?? a.mentor),
        ].filter((line): line is string => line !== null);
        const description = [words.placementLine(programme, period, p.from, p.to), ...people].join("\n");
        const uid = `${uidBase}.${encodeURIComponent(a.trainee)}.${encodeURIComponent(p.period)}`;
        const sequence = changes === null ? 0 : changesOfEvent(changes, a.trainee, p.period, periodOf.get(p.period)?.at);
        event(uid, p.from, p.to, words.placement(name, period, member), description, member, sequence);
      }
    }
  }
  (cohort.programme.gatherings ?? []).forEach((g, i) => {
    event(`${uidBase}.gathering-${i + 1}.${g.date}`, g.date, g.date, g.name, `${programme}: ${g.name}`);
  });
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("");
}

/**
 * How many changes alter the cohort calendar's event on the first day of `period`, which names
 * every trainee's member in it: a changed host alters it for a host period, a changed away
 * member for its own period (a leaver's or joiner's change included: the list loses or gains a line).
 */
export function changesOfPeriod(changes: readonly ReplanChange[], period: string, at: "host" | "away"): number {
  return changes.filter((c) => (c.role === "host" && at === "host") || (c.role === "away" && c.period === period)).length;
}

/**
 * How many changes alter the event of `trainee` in `period`: a changed host alters the events
 * of the host periods, a changed away member the event of its period, and a changed supervisor
 * or mentor every event of the trainee (each description names them).
 */
export function changesOfEvent(changes: readonly ReplanChange[], trainee: string, period: string, at: "host" | "away" | undefined): number {
  let count = 0;
  for (const c of changes) {
    if (c.trainee !== trainee) continue;
    if (c.role === "supervisor" || c.role === "mentor" || (c.role === "host" && at === "host") || (c.role === "away" && c.period === period)) count += 1;
  }
  return count;
}

/** The day after a YYYY-MM-DD date: an all-day event's DTEND is exclusive. */
function nextDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const next = new Date(0);
  next.setUTCFullYear(y, m - 1, d + 1);
  return next.toISOString().slice(0, 10);
}

/** A short stable hash of a text (cyrb53, 53 bits as base 36), to name the programme in UIDs. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** 2013-08-19 as 20130819. */
function compactDate(date: string): string {
  return date.replaceAll("-", "");
}

/** TEXT escaping of RFC 5545 3.3.11: backslash, semicolon, comma and line breaks. */
function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (ch) => `\\${ch}`).replace(/\r\n|\r|\n/g, "\\n");
}

const encoder = new TextEncoder();

/**
 * One content line, folded so that no line is longer than 75 octets (RFC 5545 3.1): the rest
 * goes on lines that start with a space. A character's UTF-8 bytes are never split.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return `${line}\r\n`;
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > 75) {
      out.push(current);
      current = " ";
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.map((l) => `${l}\r\n`).join("");
}
