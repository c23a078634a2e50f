/**
 * Random edits of a JSON tree, for the property tests that feed mutated cohorts to the core
 * (conformance.test.ts) and to the service (packages/service/test/properties.test.ts).
 */

/** Replaces (or deletes, for `null` at an object key) the value at the pick-th place of a JSON tree. */
export function mutateAt(root: unknown, pick: number, value: unknown): void {
  const places: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach((child, i) => (places.push({ parent: node, key: i }), walk(child)));
    else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        places.push({ parent: node as Record<string, unknown>, key });
        walk(child);
      }
    }
  };
  walk(root);
  const place = places[pick % Math.max(1, places.length)];
  if (place === undefined) return;
  if (value === null && !Array.isArray(place.parent)) delete (place.parent as Record<string, unknown>)[place.key as string];
  else (place.parent as Record<string | number, unknown>)[place.key] = value;
}
