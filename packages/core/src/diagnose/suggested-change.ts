import type { SuggestedChange } from "../domain/schema.js";

/** A suggested change with every field that does not apply set to null. */
export function suggestChange(action: SuggestedChange["action"], fields: Partial<Omit<SuggestedChange, "action">> = {}): SuggestedChange {
  return {
    action,
    path: fields.path ?? null,
    member: fields.member ?? null,
    person: fields.person ?? null,
    period: fields.period ?? null,
    role: fields.role ?? null,
    specialization: fields.specialization ?? null,
    outsideOrganisation: fields.outsideOrganisation ?? null,
    by: fields.by ?? null,
  };
}
