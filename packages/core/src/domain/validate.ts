/**
 * Cohort validation: shape first (the zod schema), then the rules that need the whole
 * cohort (identity, references, pins and forbids that break a hard rule, capacities that
 * given hosts and pins already exceed).
 *
 * Every issue has a stable code, the path of the offending field as a spreadsheet user
 * writes it (`trainees[3].specialization`) and a plain sentence. Issues come sorted in the
 * order their fields appear in the input, so a reader can walk down the file.
 * `parseCohort` never throws, whatever it is given.
 */
import * as z from "zod";
import { indexCohort, type CohortIndex } from "./cohort-index.js";
import { formatPath, type Issue, type IssueCode, type PathSegment } from "./issues.js";
import { cohortSchema, type Cohort, type Member, type Period, type Person, type Trainee } from "./schema.js";

export type ParseResult =
  | { readonly ok: true; readonly cohort: Cohort; readonly index: CohortIndex; readonly issues: readonly [] }
  | { readonly ok: false; readonly cohort: null; readonly index: null; readonly issues: readonly Issue[] };

/**
 * Checks a cohort as read from JSON (or built in code) and fills in its defaults.
 * On success returns the cohort and its lookup index; otherwise every issue found.
 * Shape issues come alone: the whole-cohort rules only run on a well-formed cohort.
 */
export function parseCohort(input: unknown): ParseResult {
  try {
    const parsed = cohortSchema.safeParse(input, { error: describeZodIssue });
    if (!parsed.success) {
      return failure(sortByInputOrder(input, mapZodIssues(parsed.error.issues)));
    }
    const cohort = parsed.data;
    const index = indexCohort(cohort);
    const findings = checkCohort(cohort, index);
    if (findings.length > 0) return failure(sortByInputOrder(input, findings));
    return { ok: true, cohort, index, issues: [] };
  } catch (error) {
    // Only reachable with inputs JSON cannot produce (throwing getters, revoked proxies).
    const reason = error instanceof Error ? error.message : String(error);
    return failure([{ code: "invalid_value", path: [], message: `the cohort could not be read (${reason})` }]);
  }
}

/** Every issue with a cohort; empty when `parseCohort` accepts it. */
export function validateCohort(input: unknown): Issue[] {
  return [...parseCohort(input).issues];
}

// ---------------------------------------------------------------------------------------
// Findings: issues before their path is written out
// ---------------------------------------------------------------------------------------

interface Finding {
  readonly code: IssueCode;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

function failure(findings: readonly Finding[]): ParseResult {
  const issues: Issue[] = findings.map((f) => ({ code: f.code, path: formatPath(f.path), message: f.message }));
  return { ok: false, cohort: null, index: null, issues };
}

// ---------------------------------------------------------------------------------------
// Shape: zod issues in plain words
// ---------------------------------------------------------------------------------------

type ZodIssue = z.core.$ZodIssue;
type ZodRawIssue = z.core.$ZodRawIssue;

/**
 * The message for a zod issue the schema does not word itself (zod prefers the schema's
 * own messages, such as "must not be negative", over this map).
 */
function describeZodIssue(issue: ZodRawIssue): string | undefined {
  const atRoot = (issue.path ?? []).length === 0;
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return "is required";
      const expected = describeExpectedType(issue.expected);
      if (atRoot) {
        const hint = typeof issue.input === "string" ? "; if this is the file's text, read it as JSON first" : "";
        return `the cohort must be ${expected}, not ${describeValue(issue.input)}${hint}`;
      }
      return `must be ${expected}, not ${describeValue(issue.input)}`;
    }
    case "invalid_value": {
      const allowed = issue.values.map((v) => quote(String(v)));
      const what = allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(", ")}`;
      return issue.input === undefined ? `is required and ${what}` : `${what}, not ${describeValue(issue.input)}`;
    }
    case "too_small":
      return describeBound(issue.origin, issue.minimum, issue.inclusive !== false, "small");
    case "too_big":
      return describeBound(issue.origin, issue.maximum, issue.inclusive !== false, "big");
    case "invalid_format":
      return "is not written in the expected format";
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    case "unrecognized_keys":
      return `has unknown fields ${issue.keys.map((k) => quote(k)).join(", ")}`;
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
    case "custom":
      return "is not valid here";
    default:
      return undefined;
  }
}

function describeExpectedType(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "int":
      return "a whole number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list ([ ... ])";
    case "object":
      return "an object ({ ... })";
    case "null":
      return "null";
    default:
      return expected;
  }
}

function describeBound(origin: string, bound: number | bigint, inclusive: boolean, side: "small" | "big"): string {
  const n = Number(bound);
  switch (origin) {
    case "string":
      if (side === "small" && n === 1) return "must not be empty";
      return side === "small" ? `must be at least ${n} characters long` : `must be at most ${n} characters long`;
    case "array":
    case "set":
      if (side === "small" && n === 1) return "must list at least one entry";
      return side === "small" ? `must list at least ${n} entries` : `must list at most ${n} entries`;
    default:
      if (side === "small") return inclusive ? `must be at least ${n}` : `must be more than ${n}`;
      return inclusive ? `must be at most ${n}` : `must be less than ${n}`;
  }
}

/** Names a JSON value for a person: `the text "abc"`, `the number 5`, `a list`. */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return value === "" ? "empty text" : `the text ${quote(value)}`;
    case "number":
      if (Number.isNaN(value)) return "NaN (not a number)";
      return Number.isFinite(value) ? `the number ${value}` : `${value} (not a finite number)`;
    case "bigint":
      return `the number ${value.toString()}`;
    case "boolean":
      return String(value);
    case "object":
      return "an object";
    case "undefined":
      return "nothing";
    default:
      return `a ${typeof value}`;
  }
}

function mapZodIssues(zodIssues: readonly ZodIssue[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const pathsWithIssues = new Set<string>();
  const push = (finding: Finding): void => {
    const path = formatPath(finding.path);
    const key = `${finding.code}\u0000${path}\u0000${finding.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    pathsWithIssues.add(path);
    out.push(finding);
  };
  for (const issue of zodIssues) {
    const path = issue.path.map(toSegment);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        push({ code: "unrecognized_key", path: [...path, key], message: describeUnknownField(path, key) });
      }
      continue;
    }
    // A refinement (such as "is not a real calendar date") only adds noise when the
    // field already failed a plainer check, such as its format.
    if (issue.code === "custom" && pathsWithIssues.has(formatPath(path))) continue;
    push({ code: codeOfZodIssue(issue), path, message: issue.message });
  }
  return out;
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === "symbol" ? String(key) : key;
}

function codeOfZodIssue(issue: ZodIssue): IssueCode {
  switch (issue.code) {
    case "invalid_type":
      return "invalid_type";
    case "invalid_format":
      return "invalid_format";
    case "too_small":
      return "too_small";
    case "too_big":
      return "too_big";
    case "unrecognized_keys":
      return "unrecognized_key";
    default:
      // invalid_value (literals, enums), invalid_union, custom refinements, ...
      return "invalid_value";
  }
}

function describeUnknownField(objectPath: readonly PathSegment[], key: string): string {
  const known = fieldsOfSchemaAt(objectPath);
  // The same typo tends to repeat on every row of a list: word it once.
  const memoKey = `${known.join(",")}\u0000${key}`;
  let message = unknownFieldMessages.get(memoKey);
  if (message === undefined) {
    message = wordUnknownField(known, key);
    if (unknownFieldMessages.size < 10_000) unknownFieldMessages.set(memoKey, message);
  }
  return message;
}

const unknownFieldMessages = new Map<string, string>();

function wordUnknownField(known: readonly string[], key: string): string {
  const base = `unknown field ${quote(key)}`;
  if (known.length === 0) return base;
  const guess = suggest(key, known);
  if (guess !== undefined) return `${base} (did you mean ${quote(guess)}?)`;
  return `${base}; the fields allowed here are ${known.map((k) => quote(k)).join(", ")}`;
}

// ---------------------------------------------------------------------------------------
// Walking the schema alongside a path (field names for suggestions and ordering)
// ---------------------------------------------------------------------------------------

function unwrapSchema(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let depth = 0; depth < 16; depth += 1) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap();
    } else {
      break;
    }
  }
  return current;
}

/** Child schemas by parent and field (`#` for any array position), filled on first use. */
const childSchemas = new WeakMap<z.core.$ZodType, Map<string, z.core.$ZodType | undefined>>();

function childSchema(schema: z.core.$ZodType | undefined, segment: PathSegment): z.core.$ZodType | undefined {
  if (schema === undefined) return undefined;
  let children = childSchemas.get(schema);
  if (children === undefined) childSchemas.set(schema, (children = new Map()));
  const key = typeof segment === "number" ? "#" : `.${segment}`;
  if (children.has(key)) return children.get(key);
  const child = findChildSchema(schema, segment);
  if (children.size < 1_000) children.set(key, child);
  return child;
}

function findChildSchema(schema: z.core.$ZodType, segment: PathSegment): z.core.$ZodType | undefined {
  const inner = unwrapSchema(schema);
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.core.$ZodType>;
    return typeof segment === "string" && Object.hasOwn(shape, segment) ? shape[segment] : undefined;
  }
  if (inner instanceof z.ZodArray) return typeof segment === "number" ? inner.element : undefined;
  return undefined;
}

function fieldsOfSchema(schema: z.core.$ZodType | undefined): readonly string[] {
  if (schema === undefined) return [];
  const inner = unwrapSchema(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

function fieldsOfSchemaAt(path: readonly PathSegment[]): readonly string[] {
  let schema: z.core.$ZodType | undefined = cohortSchema;
  for (const segment of path) schema = childSchema(schema, segment);
  return fieldsOfSchema(schema);
}

// ---------------------------------------------------------------------------------------
// Ordering: the order in which the fields appear in the input
// ---------------------------------------------------------------------------------------

/**
 * Sorts findings by where their path sits in the input: array positions, then each
 * object's keys in the order the input writes them; a missing field comes after the
 * fields present, in schema order. Ties keep the order the checks found them in.
 */
function sortByInputOrder(input: unknown, findings: readonly Finding[]): Finding[] {
  const keyPositions = new WeakMap<object, Map<string, number>>();
  const positionsOfKeys = (node: object): Map<string, number> => {
    let positions = keyPositions.get(node);
    if (positions === undefined) {
      positions = new Map(Object.keys(node).map((k, i) => [k, i]));
      keyPositions.set(node, positions);
    }
    return positions;
  };
  const rankOf = (path: readonly PathSegment[]): number[] => {
    const rank: number[] = [];
    let node: unknown = input;
    let schema: z.core.$ZodType | undefined = cohortSchema;
    for (const segment of path) {
      if (typeof segment === "number") {
        rank.push(segment);
        node = Array.isArray(node) ? (node as unknown[])[segment] : undefined;
      } else if (typeof node === "object" && node !== null && !Array.isArray(node)) {
        const object = node as Record<string, unknown>;
        const positions = positionsOfKeys(object);
        const position = positions.get(segment);
        if (position !== undefined) {
          rank.push(position);
          node = object[segment];
        } else {
          const fields = fieldsOfSchema(schema);
          const inSchema = fields.indexOf(segment);
          rank.push(positions.size + (inSchema === -1 ? fields.length : inSchema));
          node = undefined;
        }
      } else {
        rank.push(0);
        node = undefined;
      }
      schema = childSchema(schema, segment);
    }
    return rank;
  };
  const ranked = findings.map((finding, order) => ({ finding, order, rank: rankOf(finding.path) }));
  ranked.sort((a, b) => compareRanks(a.rank, b.rank) || a.order - b.order);
  return ranked.map((r) => r.finding);
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------------------------------
// Whole-cohort rules
// ---------------------------------------------------------------------------------------

/** A pin of a valid form whose references all resolve to the right kind of thing. */
type PinFact = PlacementPin | PersonPin;

interface PlacementPin {
  readonly kind: "placement";
  readonly k: number;
  readonly trainee: Trainee;
  readonly period: Period;
  readonly member: Member;
}

interface PersonPin {
  readonly kind: "mentor" | "supervisor";
  readonly k: number;
  readonly trainee: Trainee;
  readonly person: Person;
}

/** A forbid of a valid form whose references all resolve. */
interface ForbidFact {
  readonly kind: "member" | "mentor" | "supervisor";
  readonly k: number;
  readonly trainee: string;
  readonly target: string;
}

/** Where the trainee's host is known from, when it is. */
interface KnownHost {
  readonly member: Member;
  /** "given" (the trainee's `host`), or the pin that fixes or implies it. */
  readonly via: "given" | { readonly kind: "host-pin" | "supervisor-pin"; readonly k: number };
}

class Checker {
  readonly out: Finding[] = [];
  readonly cohort: Cohort;
  readonly index: CohortIndex;
  readonly periodById = new Map<string, Period>();
  readonly periodIds: readonly string[];
  readonly memberIds: readonly string[];
  readonly personIds: readonly string[];
  readonly traineeIds: readonly string[];

  constructor(cohort: Cohort, index: CohortIndex) {
    this.cohort = cohort;
    this.index = index;
    for (const period of cohort.programme.periods) {
      if (!this.periodById.has(period.id)) this.periodById.set(period.id, period);
    }
    this.periodIds = [...this.periodById.keys()];
    this.memberIds = [...index.memberById.keys()];
    this.personIds = [...index.personById.keys()];
    this.traineeIds = [...index.traineeById.keys()];
  }

  add(code: IssueCode, path: readonly PathSegment[], message: string): void {
    this.out.push({ code, path, message });
  }

  // --- identity --------------------------------------------------------------------

  checkDuplicateIds(): void {
    const lists: readonly (readonly [readonly PathSegment[], readonly { readonly id: string }[], string])[] = [
      [["programme", "periods"], this.cohort.programme.periods, "programme periods"],
      [["members"], this.cohort.members, "members"],
      [["people"], this.cohort.people, "people"],
      [["trainees"], this.cohort.trainees, "trainees"],
    ];
    for (const [listPath, items, plural] of lists) {
      const first = new Map<string, number>();
      items.forEach((item, i) => {
        const earlier = first.get(item.id);
        if (earlier === undefined) {
          first.set(item.id, i);
          return;
        }
        this.add(
          "duplicate_id",
          [...listPath, i, "id"],
          `the id ${quote(item.id)} is already used by ${formatPath([...listPath, earlier])}; ids must be unique among ${plural}`,
        );
      });
    }
  }

  // --- references ------------------------------------------------------------------

  /** Checks that `id` names a member; reports `unknown_reference` at `path` if not. */
  refMember(id: string, path: readonly PathSegment[]): Member | undefined {
    const member = this.index.memberById.get(id);
    if (member === undefined) this.add("unknown_reference", path, this.unknownMessage("member", id));
    return member;
  }

  refPerson(id: string, path: readonly PathSegment[], role: "mentor" | "supervisor"): Person | undefined {
    const person = this.index.personById.get(id);
    if (person === undefined) {
      this.add("unknown_reference", path, this.unknownMessage("person", id));
      return undefined;
    }
    if (person.role !== role) {
      this.add(
        "wrong_role",
        path,
        `${quote(id)} is a ${person.role}, not a ${role}; name a person whose role is "${role}" here`,
      );
      return undefined;
    }
    return person;
  }

  refTrainee(id: string, path: readonly PathSegment[]): Trainee | undefined {
    const trainee = this.index.traineeById.get(id);
    if (trainee === undefined) this.add("unknown_reference", path, this.unknownMessage("trainee", id));
    return trainee;
  }

  refPeriod(id: string, path: readonly PathSegment[]): Period | undefined {
    const period = this.periodById.get(id);
    if (period === undefined) this.add("unknown_reference", path, this.unknownMessage("period", id));
    return period;
  }

  /** Candidate comparisons left for "did you mean" hints, so a cohort full of typos stays fast. */
  suggestionBudget = SUGGESTION_BUDGET;

  unknownMessage(kind: "member" | "person" | "trainee" | "period", id: string): string {
    const lists = {
      member: {
        ids: this.memberIds,
        known: this.index.memberById,
        phrase: "no member has the id",
        other: "a member's id",
      },
      person: {
        ids: this.personIds,
        known: this.index.personById,
        phrase: "no person (mentor or supervisor) has the id",
        other: "a person's id",
      },
      trainee: {
        ids: this.traineeIds,
        known: this.index.traineeById,
        phrase: "no trainee has the id",
        other: "a trainee's id",
      },
      period: {
        ids: this.periodIds,
        known: this.periodById,
        phrase: "no programme period has the id",
        other: "a period's id",
      },
    } as const;
    const base = `${lists[kind].phrase} ${quote(id)}`;
    if (kind === "period" && this.periodIds.length <= 12) {
      return `${base}; the periods are ${this.periodIds.map((p) => quote(p)).join(", ")}`;
    }
    const candidates = lists[kind].ids;
    if (candidates.length <= this.suggestionBudget) {
      this.suggestionBudget -= candidates.length;
      const guess = suggest(id, candidates);
      if (guess !== undefined) return `${base} (did you mean ${quote(guess)}?)`;
    }
    for (const otherKind of ["member", "person", "trainee", "period"] as const) {
      if (otherKind !== kind && lists[otherKind].known.has(id)) return `${base} (it is ${lists[otherKind].other})`;
    }
    return base;
  }

  checkPeople(): void {
    this.cohort.people.forEach((person, i) => {
      this.refMember(person.member, ["people", i, "member"]);
    });
  }

  checkTrainees(): void {
    this.cohort.trainees.forEach((trainee, i) => {
      if (trainee.host !== undefined) this.refMember(trainee.host, ["trainees", i, "host"]);
      for (const list of ["hostPreferences", "awayPreferences"] as const) {
        const firstAt = new Map<string, number>();
        trainee[list].forEach((memberId, j) => {
          const path = ["trainees", i, list, j];
          const earlier = firstAt.get(memberId);
          if (earlier !== undefined) {
            this.add(
              "duplicate_preference",
              path,
              `${quote(memberId)} is listed twice (as choice ${earlier + 1} and choice ${j + 1}); list each member once`,
            );
            return;
          }
          firstAt.set(memberId, j);
          this.refMember(memberId, path);
        });
      }
    });
  }

  checkProgramme(): void {
    if (this.index.awayPeriods.length === 0) {
      this.add(
        "no_away_period",
        ["programme", "periods"],
        'the programme has no away period: at least one period must have "at": "away"',
      );
    }
  }

  // --- given hosts -----------------------------------------------------------------

  /** Distinct trainees with a given host, per member id. */
  givenHostTrainees(): Map<string, string[]> {
    const byMember = new Map<string, string[]>();
    for (const trainee of this.index.traineeById.values()) {
      if (trainee.host === undefined || !this.index.memberById.has(trainee.host)) continue;
      pushTo(byMember, trainee.host, trainee.id);
    }
    return byMember;
  }

  checkGivenHostCapacity(given: ReadonlyMap<string, readonly string[]>): void {
    for (const [memberId, trainees] of given) {
      const member = this.index.memberById.get(memberId);
      const position = this.index.memberPosition.get(memberId);
      if (member === undefined || position === undefined || trainees.length <= member.hostCapacity) continue;
      this.add(
        "host_over_capacity",
        ["members", position, "hostCapacity"],
        `${countOf(trainees.length, "trainee")} already have ${quote(memberId)} as their host (${listIds(trainees)}), ` +
          `but its hostCapacity is ${member.hostCapacity}`,
      );
    }
  }

  // --- forbids ---------------------------------------------------------------------

  checkForbids(): ForbidFact[] {
    const facts: ForbidFact[] = [];
    this.cohort.forbid.forEach((forbid, k) => {
      const base: PathSegment[] = ["forbid", k];
      const trainee = this.refTrainee(forbid.trainee, [...base, "trainee"]);
      const targets = (["member", "mentor", "supervisor"] as const).filter((key) => forbid[key] !== undefined);
      const member = forbid.member === undefined ? undefined : this.refMember(forbid.member, [...base, "member"]);
      const mentor =
        forbid.mentor === undefined ? undefined : this.refPerson(forbid.mentor, [...base, "mentor"], "mentor");
      const supervisor =
        forbid.supervisor === undefined
          ? undefined
          : this.refPerson(forbid.supervisor, [...base, "supervisor"], "supervisor");
      const kind = targets[0];
      if (targets.length !== 1 || kind === undefined) {
        const hint =
          targets.length === 0
            ? "name the member, mentor or supervisor to rule out"
            : "split it into separate forbids, one for each";
        this.add(
          "invalid_forbid",
          base,
          `a forbid must take one of these forms: {trainee, member}, {trainee, mentor} or {trainee, supervisor}; ` +
            `this one has ${describeKeys(forbid)}: ${hint}`,
        );
        return;
      }
      const target = kind === "member" ? member?.id : kind === "mentor" ? mentor?.id : supervisor?.id;
      if (trainee === undefined || target === undefined) return;
      facts.push({ kind, k, trainee: trainee.id, target });
      if (kind === "member" && trainee.host === target) {
        this.add(
          "forbidden_host",
          base,
          `rules out ${quote(target)} for trainee ${quote(trainee.id)}, but it is the trainee's given host ` +
            `(the trainee is already hired there); remove the forbid or the trainee's host`,
        );
      }
    });
    return facts;
  }

  // --- pins ------------------------------------------------------------------------

  checkPinForms(): PinFact[] {
    const facts: PinFact[] = [];
    this.cohort.pins.forEach((pin, k) => {
      const base: PathSegment[] = ["pins", k];
      const trainee = this.refTrainee(pin.trainee, [...base, "trainee"]);
      const period = pin.period === undefined ? undefined : this.refPeriod(pin.period, [...base, "period"]);
      const member = pin.member === undefined ? undefined : this.refMember(pin.member, [...base, "member"]);
      const mentor = pin.mentor === undefined ? undefined : this.refPerson(pin.mentor, [...base, "mentor"], "mentor");
      const supervisor =
        pin.supervisor === undefined ? undefined : this.refPerson(pin.supervisor, [...base, "supervisor"], "supervisor");

      const isPlacement = pin.period !== undefined && pin.member !== undefined;
      const targets = [pin.member, pin.mentor, pin.supervisor].filter((v) => v !== undefined).length;
      const valid = targets === 1 && (pin.member === undefined) === (pin.period === undefined);
      if (!valid) {
        let hint: string;
        if (targets > 1) hint = "split it into separate pins, one for each";
        else if (targets === 0 && pin.period !== undefined) hint = "add the member where the trainee spends this period";
        else if (targets === 0) hint = "say what it fixes: a period and a member, a mentor or a supervisor";
        else if (pin.member !== undefined) hint = "add the period the trainee spends at this member";
        else hint = "a mentor or supervisor is for the whole programme, so remove the period";
        this.add(
          "invalid_pin",
          base,
          `a pin must take one of these forms: {trainee, period, member} (where the trainee spends a period), ` +
            `{trainee, mentor} or {trainee, supervisor}; this one has ${describeKeys(pin)}: ${hint}`,
        );
        return;
      }
      if (trainee === undefined) return;
      if (isPlacement) {
        if (period !== undefined && member !== undefined) facts.push({ kind: "placement", k, trainee, period, member });
      } else if (mentor !== undefined) {
        facts.push({ kind: "mentor", k, trainee, person: mentor });
      } else if (supervisor !== undefined) {
        facts.push({ kind: "supervisor", k, trainee, person: supervisor });
      }
    });
    return facts;
  }

  checkPins(
    pins: readonly PinFact[],
    forbids: readonly ForbidFact[],
    given: ReadonlyMap<string, readonly string[]>,
  ): void {
    const byTrainee = new Map<string, PinFact[]>();
    for (const pin of pins) pushTo(byTrainee, pin.trainee.id, pin);
    const forbidsByTrainee = new Map<string, ForbidFact[]>();
    for (const forbid of forbids) pushTo(forbidsByTrainee, forbid.trainee, forbid);

    const knownHosts = new Map<string, KnownHost>();
    for (const [traineeId, traineePins] of byTrainee) {
      const trainee = this.index.traineeById.get(traineeId);
      if (trainee === undefined) continue;
      const known = this.checkTraineePins(trainee, traineePins, forbidsByTrainee.get(traineeId) ?? []);
      if (known !== undefined && known.via !== "given") knownHosts.set(traineeId, known);
    }
    this.checkPinCapacities(pins, given, knownHosts);
  }

  /** All rules about one trainee's pins; returns the trainee's host when it is known. */
  checkTraineePins(trainee: Trainee, pins: readonly PinFact[], forbids: readonly ForbidFact[]): KnownHost | undefined {
    const placements = pins.filter((p): p is PlacementPin => p.kind === "placement");
    const hostPins = placements.filter((p) => p.period.at === "host");
    const awayPins = placements.filter((p) => p.period.at === "away");
    const mentorPins = pins.filter((p): p is PersonPin => p.kind === "mentor");
    const supervisorPins = pins.filter((p): p is PersonPin => p.kind === "supervisor");
    const t = quote(trainee.id);

    // Where the host is known from: the given host, else a host-period pin, else a
    // pinned supervisor (employed by the host member itself).
    let known: KnownHost | undefined;
    if (trainee.host !== undefined) {
      const member = this.index.memberById.get(trainee.host);
      known = member === undefined ? undefined : { member, via: "given" };
    } else if (hostPins[0] !== undefined) {
      known = { member: hostPins[0].member, via: { kind: "host-pin", k: hostPins[0].k } };
    } else if (supervisorPins[0] !== undefined) {
      const member = this.index.memberById.get(supervisorPins[0].person.member);
      known = member === undefined ? undefined : { member, via: { kind: "supervisor-pin", k: supervisorPins[0].k } };
    }

    // conflicting_pins: host periods
    if (trainee.host !== undefined) {
      for (const pin of hostPins) {
        if (pin.member.id === trainee.host) continue;
        this.add(
          "conflicting_pins",
          ["pins", pin.k],
          `pins trainee ${t} to ${quote(pin.member.id)} in host period ${quote(pin.period.id)}, but the trainee's ` +
            `given host is ${quote(trainee.host)}; every host period is spent at the host`,
        );
      }
    } else if (hostPins[0] !== undefined) {
      const first = hostPins[0];
      for (const pin of hostPins.slice(1)) {
        if (pin.member.id === first.member.id) continue;
        const why =
          pin.period.id === first.period.id
            ? `but pins[${first.k}] pins the trainee to ${quote(first.member.id)} in the same period`
            : `but pins[${first.k}] pins the trainee to ${quote(first.member.id)} in host period ` +
              `${quote(first.period.id)}; every host period is spent at the one host`;
        this.add(
          "conflicting_pins",
          ["pins", pin.k],
          `pins trainee ${t} to ${quote(pin.member.id)} in host period ${quote(pin.period.id)}, ${why}`,
        );
      }
    }

    // conflicting_pins: one member per away period
    const firstAwayInPeriod = new Map<string, PlacementPin>();
    for (const pin of awayPins) {
      const first = firstAwayInPeriod.get(pin.period.id);
      if (first === undefined) {
        firstAwayInPeriod.set(pin.period.id, pin);
      } else if (first.member.id !== pin.member.id) {
        this.add(
          "conflicting_pins",
          ["pins", pin.k],
          `pins trainee ${t} to ${quote(pin.member.id)} in period ${quote(pin.period.id)}, but pins[${first.k}] ` +
            `pins the trainee to ${quote(first.member.id)} in the same period`,
        );
      }
    }

    // conflicting_pins: one mentor, one supervisor
    for (const [rolePins, role] of [
      [mentorPins, "mentor"],
      [supervisorPins, "supervisor"],
    ] as const) {
      const first = rolePins[0];
      if (first === undefined) continue;
      for (const pin of rolePins.slice(1)) {
        if (pin.person.id === first.person.id) continue;
        this.add(
          "conflicting_pins",
          ["pins", pin.k],
          `pins ${quote(pin.person.id)} as the ${role} of trainee ${t}, but pins[${first.k}] already pins ` +
            `${quote(first.person.id)}; a trainee has one ${role}`,
        );
      }
    }

    // pin_forbidden
    for (const pin of pins) {
      const kind = pin.kind === "placement" ? "member" : pin.kind;
      const target = pin.kind === "placement" ? pin.member.id : pin.person.id;
      const forbid = forbids.find((f) => f.kind === kind && f.target === target);
      if (forbid === undefined) continue;
      const what =
        pin.kind === "placement"
          ? `places trainee ${t} at ${quote(target)} in period ${quote(pin.period.id)}`
          : `pins ${quote(target)} as the ${pin.kind} of trainee ${t}`;
      this.add("pin_forbidden", ["pins", pin.k], `${what}, but forbid[${forbid.k}] rules that pair out`);
    }
    if (trainee.host === undefined && hostPins.length === 0) {
      for (const pin of supervisorPins) {
        const forbid = forbids.find((f) => f.kind === "member" && f.target === pin.person.member);
        if (forbid === undefined) continue;
        this.add(
          "pin_forbidden",
          ["pins", pin.k],
          `pins supervisor ${quote(pin.person.id)}, which makes their employer ${quote(pin.person.member)} the host ` +
            `of trainee ${t}, but forbid[${forbid.k}] rules that member out for the trainee`,
        );
      }
    }

    this.checkPinRules(trainee, known, { hostPins, awayPins, mentorPins, supervisorPins });
    return known;
  }

  checkPinRules(
    trainee: Trainee,
    known: KnownHost | undefined,
    pins: {
      readonly hostPins: readonly PlacementPin[];
      readonly awayPins: readonly PlacementPin[];
      readonly mentorPins: readonly PersonPin[];
      readonly supervisorPins: readonly PersonPin[];
    },
  ): void {
    const { rules } = this.cohort;
    const t = quote(trainee.id);
    const spec = trainee.specialization;
    const required = rules.specializationFit === "required";
    const breaks = (k: number, message: string): void => this.add("pin_breaks_rule", ["pins", k], message);
    const hostOrg = known === undefined ? undefined : this.index.organisationOf(known.member.id);
    const hostPhrase = known === undefined ? "" : describeKnownHost(known);

    // Away pins: outside the host's organisation, each at a different member, fit.
    const firstAwayAtMember = new Map<string, PlacementPin>();
    for (const pin of pins.awayPins) {
      const memberId = pin.member.id;
      if (known !== undefined && hostOrg !== undefined && this.index.organisationOf(memberId) === hostOrg) {
        const where =
          memberId === known.member.id
            ? `${quote(memberId)}, which is ${hostPhrase}`
            : `${quote(memberId)}, which belongs to the same organisation (${quote(hostOrg)}) as ` +
              `${hostPhrase} ${quote(known.member.id)}`;
        breaks(
          pin.k,
          `places trainee ${t} away at ${where}; an away period must be spent at a member of another organisation`,
        );
      }
      const first = firstAwayAtMember.get(memberId);
      if (first === undefined) {
        firstAwayAtMember.set(memberId, pin);
      } else if (first.period.id !== pin.period.id) {
        breaks(
          pin.k,
          `places trainee ${t} at ${quote(memberId)} in period ${quote(pin.period.id)}, but pins[${first.k}] already ` +
            `places the trainee there in period ${quote(first.period.id)}; each away period must be at a different member`,
        );
      }
      if (required && !this.index.offers(memberId, spec)) {
        breaks(
          pin.k,
          `places trainee ${t} at ${quote(memberId)}, which does not list the trainee's specialization ` +
            `${quote(spec)}; rules.specializationFit is "required"`,
        );
      }
    }

    // A chosen host must fit the specialization (a given host is a fact and need not).
    if (required && trainee.host === undefined) {
      for (const pin of pins.hostPins) {
        if (this.index.offers(pin.member.id, spec)) continue;
        breaks(
          pin.k,
          `makes ${quote(pin.member.id)} the host of trainee ${t}, but it does not list the trainee's specialization ` +
            `${quote(spec)}; rules.specializationFit is "required"`,
        );
      }
      if (known !== undefined && typeof known.via === "object" && known.via.kind === "supervisor-pin") {
        if (!this.index.offers(known.member.id, spec)) {
          breaks(
            known.via.k,
            `pins a supervisor employed by ${quote(known.member.id)}, which makes it the host of trainee ${t}, but it ` +
              `does not list the trainee's specialization ${quote(spec)}; rules.specializationFit is "required"`,
          );
        }
      }
    }

    // Supervisors: employed by the host member itself, fit.
    for (const pin of pins.supervisorPins) {
      const person = pin.person;
      const hostFromElsewhere = known !== undefined && (known.via === "given" || known.via.kind === "host-pin");
      if (known !== undefined && hostFromElsewhere && person.member !== known.member.id) {
        breaks(
          pin.k,
          `pins supervisor ${quote(person.id)}, who is employed by ${quote(person.member)}, but ${hostPhrase} is ` +
            `${quote(known.member.id)}; a supervisor must be employed by the host member itself`,
        );
      }
      if (required && !this.index.personLists(person.id, spec)) {
        breaks(
          pin.k,
          `pins supervisor ${quote(person.id)}, who does not list the trainee's specialization ${quote(spec)}; ` +
            `rules.specializationFit is "required"`,
        );
      }
    }

    // Mentors: outside the host's organisation (and every away member's, with "host-and-away").
    for (const pin of pins.mentorPins) {
      const person = pin.person;
      const mentorOrg = this.index.organisationOf(person.member);
      if (known !== undefined && mentorOrg === hostOrg) {
        breaks(
          pin.k,
          `pins mentor ${quote(person.id)}, who is employed by ` +
            `${this.describeEmployer(person.member, known.member.id, hostPhrase)}; ` +
            `a mentor must come from outside the trainee's organisation`,
        );
      }
      if (rules.mentorOutside !== "host-and-away") continue;
      const reported = new Set<string>(hostOrg === undefined ? [] : [hostOrg]);
      for (const away of pins.awayPins) {
        const awayOrg = this.index.organisationOf(away.member.id);
        if (awayOrg !== mentorOrg || reported.has(awayOrg)) continue;
        reported.add(awayOrg);
        breaks(
          pin.k,
          `pins mentor ${quote(person.id)}, who is employed by ` +
            `${this.describeEmployer(person.member, away.member.id, undefined)}, where pins[${away.k}] ` +
            `places the trainee away; with rules.mentorOutside "host-and-away" a mentor must come from outside ` +
            `the organisation of the host and of every away member`,
        );
      }
    }
  }

  /**
   * Who employs a mentor, next to the member whose organisation they share:
   * `"skedsmo", the trainee's given host` when it is that member itself, else
   * `"sorum", which is in the same organisation ("sorum") as the trainee's host "sorum-kf"`.
   */
  describeEmployer(employer: string, member: string, memberRole: string | undefined): string {
    if (employer === member) return memberRole === undefined ? quote(employer) : `${quote(employer)}, ${memberRole}`;
    const organisation = quote(this.index.organisationOf(member));
    const role = memberRole === undefined ? "" : `${memberRole} `;
    return `${quote(employer)}, which is in the same organisation (${organisation}) as ${role}${quote(member)}`;
  }

  checkPinCapacities(
    pins: readonly PinFact[],
    given: ReadonlyMap<string, readonly string[]>,
    pinnedHosts: ReadonlyMap<string, KnownHost>,
  ): void {
    // Host capacity: given hosts plus hosts fixed or implied by pins.
    const pinnedByMember = new Map<string, string[]>();
    for (const [traineeId, known] of pinnedHosts) pushTo(pinnedByMember, known.member.id, traineeId);
    for (const [memberId, pinned] of pinnedByMember) {
      const member = this.index.memberById.get(memberId);
      const position = this.index.memberPosition.get(memberId);
      const givenHere = given.get(memberId) ?? [];
      if (member === undefined || position === undefined) continue;
      const total = givenHere.length + pinned.length;
      if (givenHere.length > member.hostCapacity || total <= member.hostCapacity) continue;
      const givenPart = givenHere.length === 0 ? "" : `${countOf(givenHere.length, "given host")} and `;
      this.add(
        "pins_over_capacity",
        ["members", position, "hostCapacity"],
        `${countOf(total, "trainee")} would be hosted by ${quote(memberId)} (${givenPart}` +
          `${pinned.length} fixed by pins: ${listIds(pinned)}), but its hostCapacity is ${member.hostCapacity}`,
      );
    }

    // Away capacity, in each away period.
    const awayByMemberPeriod = new Map<string, Map<string, Set<string>>>();
    for (const pin of pins) {
      if (pin.kind !== "placement" || pin.period.at !== "away") continue;
      let byPeriod = awayByMemberPeriod.get(pin.member.id);
      if (byPeriod === undefined) awayByMemberPeriod.set(pin.member.id, (byPeriod = new Map()));
      let trainees = byPeriod.get(pin.period.id);
      if (trainees === undefined) byPeriod.set(pin.period.id, (trainees = new Set()));
      trainees.add(pin.trainee.id);
    }
    for (const [memberId, byPeriod] of awayByMemberPeriod) {
      const member = this.index.memberById.get(memberId);
      const position = this.index.memberPosition.get(memberId);
      if (member === undefined || position === undefined) continue;
      for (const [periodId, trainees] of byPeriod) {
        if (trainees.size <= member.awayCapacity) continue;
        this.add(
          "pins_over_capacity",
          ["members", position, "awayCapacity"],
          `${countOf(trainees.size, "trainee")} are pinned away at ${quote(memberId)} in period ${quote(periodId)} ` +
            `(${listIds([...trainees])}), but its awayCapacity is ${member.awayCapacity}`,
        );
      }
    }

    // Mentor and supervisor capacity, over the whole programme.
    const byPerson = new Map<string, Set<string>>();
    for (const pin of pins) {
      if (pin.kind === "placement") continue;
      let trainees = byPerson.get(pin.person.id);
      if (trainees === undefined) byPerson.set(pin.person.id, (trainees = new Set()));
      trainees.add(pin.trainee.id);
    }
    for (const [personId, trainees] of byPerson) {
      const person = this.index.personById.get(personId);
      const position = this.index.personPosition.get(personId);
      if (person === undefined || position === undefined || trainees.size <= person.capacity) continue;
      this.add(
        "pins_over_capacity",
        ["people", position, "capacity"],
        `${countOf(trainees.size, "trainee")} have ${quote(personId)} pinned as their ${person.role} ` +
          `(${listIds([...trainees])}), but the ${person.role}'s capacity is ${person.capacity}`,
      );
    }
  }
}

function checkCohort(cohort: Cohort, index: CohortIndex): Finding[] {
  const checker = new Checker(cohort, index);
  checker.checkDuplicateIds();
  checker.checkProgramme();
  checker.checkPeople();
  checker.checkTrainees();
  const given = checker.givenHostTrainees();
  checker.checkGivenHostCapacity(given);
  const forbids = checker.checkForbids();
  const pins = checker.checkPinForms();
  checker.checkPins(pins, forbids, given);
  return checker.out;
}

function describeKnownHost(known: KnownHost): string {
  if (known.via === "given") return "the trainee's given host";
  return known.via.kind === "host-pin"
    ? `the trainee's host (fixed by pins[${known.via.k}])`
    : `the trainee's host (implied by the supervisor pinned in pins[${known.via.k}])`;
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** `{trainee, period}`: the fields a pin or forbid has. */
function describeKeys(entry: Readonly<Record<string, unknown>>): string {
  return `{${Object.keys(entry)
    .filter((key) => entry[key] !== undefined)
    .join(", ")}}`;
}

function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Quoted ids, at most five, then how many more. */
function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).map((id) => quote(id));
  return ids.length > 5 ? `${shown.join(", ")} and ${ids.length - 5} more` : shown.join(", ");
}

/** A value in double quotes, shortened when it is long. */
function quote(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(short);
}

/** How many candidate ids the "did you mean" hints of one cohort may compare against in all. */
const SUGGESTION_BUDGET = 200_000;

/**
 * A close match for a misspelt name: the same apart from case, else at most two edits
 * away (one for short names) and not just another number. Undefined when nothing is close.
 */
function suggest(value: string, candidates: readonly string[]): string | undefined {
  if (value.length > 200) return undefined;
  const lower = value.toLowerCase();
  const sameCase = candidates.find((c) => c !== value && c.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const limit = value.length <= 4 ? 1 : 2;
  const shape = withoutDigits(lower);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === value || Math.abs(candidate.length - value.length) > limit) continue;
    // "mentor-9" is not a misspelling of "mentor-1": numbered ids differ on purpose.
    if (withoutDigits(candidate.toLowerCase()) === shape) continue;
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function withoutDigits(value: string): string {
  return value.replace(/\d+/g, "#");
}

/** Levenshtein distance, giving up (returning `cap`) once it reaches `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return Math.min(previous[b.length] ?? cap, cap);
}
