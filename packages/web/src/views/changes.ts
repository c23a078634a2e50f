/** Section 4: the cohort's pins and forbids, each removable, and a form to add one; both solve again. */
import { h } from "../dom.js";
import type { Messages } from "../i18n.js";
import { CHANGE_KINDS, type ChangeKind, type ChangeRequest, type ViewContext } from "../state.js";
import type { CohortInput } from "../types.js";
import { sortByName } from "../fixes.js";
import { cohortNames } from "../words.js";
import { section, select } from "./common.js";

type Pin = NonNullable<CohortInput["pins"]>[number];
type Forbid = NonNullable<CohortInput["forbid"]>[number];

/** A pin in words: "Nora Amundsen (t3) is at ØRAS IKS in part-2". */
export function describePin(pin: Pin, cohort: CohortInput, t: Messages): string {
  const n = cohortNames(cohort);
  const trainee = n.trainee(pin.trainee);
  if (pin.mentor !== undefined) return t.pinMentor(trainee, n.person(pin.mentor));
  if (pin.supervisor !== undefined) return t.pinSupervisor(trainee, n.person(pin.supervisor));
  return t.pinPlacement(trainee, pin.period ?? "?", n.member(pin.member ?? "?"));
}

export function describeForbid(forbid: Forbid, cohort: CohortInput, t: Messages): string {
  const n = cohortNames(cohort);
  const trainee = n.trainee(forbid.trainee);
  if (forbid.mentor !== undefined) return t.forbidMentor(trainee, n.person(forbid.mentor));
  if (forbid.supervisor !== undefined) return t.forbidSupervisor(trainee, n.person(forbid.supervisor));
  return t.forbidMember(trainee, n.member(forbid.member ?? "?"));
}

/** Which of the form's choosers each kind of change needs. */
const NEEDS: Readonly<Record<ChangeKind, readonly ("period" | "member" | "mentor" | "supervisor")[]>> = {
  "pin-placement": ["period", "member"],
  "pin-mentor": ["mentor"],
  "pin-supervisor": ["supervisor"],
  "forbid-member": ["member"],
  "forbid-mentor": ["mentor"],
  "forbid-supervisor": ["supervisor"],
};

/** The pin or forbid a request of the form makes, and the list it goes to. */
export function changeEntry(change: ChangeRequest): { list: "pins"; value: Pin } | { list: "forbid"; value: Forbid } {
  const { trainee } = change;
  switch (change.kind) {
    case "pin-placement":
      return { list: "pins", value: { trainee, period: change.period, member: change.member } };
    case "pin-mentor":
      return { list: "pins", value: { trainee, mentor: change.mentor } };
    case "pin-supervisor":
      return { list: "pins", value: { trainee, supervisor: change.supervisor } };
    case "forbid-member":
      return { list: "forbid", value: { trainee, member: change.member } };
    case "forbid-mentor":
      return { list: "forbid", value: { trainee, mentor: change.mentor } };
    case "forbid-supervisor":
      return { list: "forbid", value: { trainee, supervisor: change.supervisor } };
  }
}

export function changesSection(ctx: ViewContext): HTMLElement | null {
  const { state, t, actions } = ctx;
  const cohort = state.cohort;
  // Shown with problems too, so that a pin or forbid that breaks a rule can be removed here.
  if (cohort === null || !Array.isArray(cohort.trainees) || !Array.isArray(cohort.members) || !Array.isArray(cohort.programme?.periods)) return null;
  const pins = cohort.pins ?? [];
  const forbids = cohort.forbid ?? [];
  const running = state.solve.phase === "running";
  const item = (text: string, list: "pins" | "forbid", index: number) =>
    h(
      "li",
      null,
      text,
      " ",
      h("button", { type: "button", class: "small", "aria-label": t.removeLabel(text), disabled: running, on: { click: () => void actions.removeChange(list, index) } }, t.remove),
    );
  return section(
    "changes",
    "changes-heading",
    t.changesHeading,
    h("p", null, t.changesIntro),
    pins.length + forbids.length === 0 ? h("p", null, t.noChanges) : null,
    pins.length > 0 ? [h("h3", null, t.pinsList), h("ul", { id: "pin-list" }, pins.map((p, i) => item(describePin(p, cohort, t), "pins", i)))] : null,
    forbids.length > 0 ? [h("h3", null, t.forbidsList), h("ul", { id: "forbid-list" }, forbids.map((f, i) => item(describeForbid(f, cohort, t), "forbid", i)))] : null,
    changeForm(cohort, t, running, actions.addChange),
    h("p", { id: "change-notice", role: "status", class: state.changeNotice?.kind === "error" ? "notice notice-error" : "notice" }, state.changeNotice?.text ?? ""),
  );
}

function changeForm(cohort: CohortInput, t: Messages, running: boolean, add: (change: ChangeRequest) => Promise<void>): HTMLElement {
  const n = cohortNames(cohort);
  // Members and people by name, as a person looks for them.
  const people = (role: string) => sortByName((cohort.people ?? []).filter((p) => p.role === role).map((p): [string, string] => [p.id, n.person(p.id)]), ([, name]) => name);
  const kind = select("change-kind", t.changeKind, CHANGE_KINDS.map((k): [string, string] => [k, t.kinds[k]]));
  const choosers = {
    period: select("change-period", t.labelPeriod, cohort.programme.periods.map((p): [string, string] => [p.id, p.id])),
    member: select("change-member", t.labelMember, sortByName(cohort.members.map((m): [string, string] => [m.id, n.member(m.id)]), ([, name]) => name)),
    mentor: select("change-mentor", t.labelMentor, people("mentor")),
    supervisor: select("change-supervisor", t.labelSupervisor, people("supervisor")),
  };
  const kindSelect = kind.querySelector("select") as HTMLSelectElement;
  /** Shows only the choosers the chosen kind needs. */
  const showChoosers = () => {
    const needed = NEEDS[kindSelect.value as ChangeKind] ?? [];
    for (const [name, field] of Object.entries(choosers)) field.hidden = !needed.includes(name as keyof typeof choosers);
  };
  kindSelect.addEventListener("change", showChoosers);
  showChoosers();
  const value = (id: string) => (document.getElementById(id) as HTMLSelectElement | null)?.value ?? "";
  const form = h(
    "form",
    { id: "change-form", "aria-labelledby": "add-change-heading" },
    h("h3", { id: "add-change-heading" }, t.addChangeHeading),
    select("change-trainee", t.labelTrainee, cohort.trainees.map((tr): [string, string] => [tr.id, n.trainee(tr.id)])),
    kind,
    Object.values(choosers),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "add-change", disabled: running }, t.addAndSolve)),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void add({
      kind: kindSelect.value as ChangeKind,
      trainee: value("change-trainee"),
      period: value("change-period"),
      member: value("change-member"),
      mentor: value("change-mentor"),
      supervisor: value("change-supervisor"),
    });
  });
  return form;
}
