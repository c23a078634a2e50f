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

/** A suggested change, as data and as the sentence that ends a diagnosis message. */
export interface Fix {
  readonly change: SuggestedChange;
  readonly sentence: string;
}

/** A member or person the diagnosis considered for a role, with everything that rules it out. */
export interface Considered<B extends { readonly kind: string }> {
  readonly blockers: readonly B[];
}

/** For each kind of blocker, the fix that lifts it from one candidate. */
export type FixesByKind<C extends Considered<B>, B extends { readonly kind: string }> = {
  readonly [K in B["kind"]]?: (candidate: C, blocker: Extract<B, { readonly kind: K }>) => Fix;
};

/**
 * The fix that would free one candidate: a candidate ruled out by one blocker only is freed by
 * lifting that blocker. Kinds are tried in the order `fixes` lists them (the least disruptive
 * first: a forbid before a capacity before a pin before a rule); within a kind, the first such
 * candidate in input order. Null when no listed kind is any candidate's only blocker.
 */
export function suggestFirstFix<C extends Considered<B>, B extends { readonly kind: string }>(
  candidates: readonly C[],
  fixes: FixesByKind<C, B>,
): Fix | null {
  for (const kind of Object.keys(fixes) as B["kind"][]) {
    const fix = fixes[kind] as ((candidate: C, blocker: B) => Fix) | undefined;
    if (fix === undefined) continue;
    for (const candidate of candidates) {
      const only = candidate.blockers.length === 1 ? candidate.blockers[0] : undefined;
      if (only?.kind === kind) return fix(candidate, only);
    }
  }
  return null;
}
