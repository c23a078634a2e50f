/** Edits to the working cohort by path, and reading the files a user picks. */
import { parsePath } from "./words.js";

/**
 * Sets (or, with `undefined`, deletes) the field at a path such as `members[1].hostCapacity`.
 * With `create`, a missing object on the way is made (a member's `location` that the file left
 * out because its cell did not read); otherwise a path through nothing is refused.
 */
export function setAt(root: unknown, path: string, value: unknown, create = false): boolean {
  const segments = parsePath(path);
  const last = segments.pop();
  let target: unknown = root;
  for (const segment of segments) {
    if (typeof target !== "object" || target === null) return false;
    const record = target as Record<string | number, unknown>;
    if (create && record[segment] === undefined && typeof segment === "string" && value !== undefined) record[segment] = {};
    target = record[segment];
  }
  if (typeof target !== "object" || target === null || last === undefined) return false;
  const record = target as Record<string | number, unknown>;
  if (value === undefined) delete record[last];
  else record[last] = value;
  return true;
}

/** Removes the entry a path such as `pins[2]` points to from its list. */
export function removeAt(root: unknown, path: string): boolean {
  const segments = parsePath(path);
  const index = segments.pop();
  let list: unknown = root;
  for (const segment of segments) {
    if (typeof list !== "object" || list === null) return false;
    list = (list as Record<string | number, unknown>)[segment];
  }
  if (!Array.isArray(list) || typeof index !== "number" || index >= list.length) return false;
  list.splice(index, 1);
  return true;
}

export type PickedFiles =
  | { readonly kind: "xlsx"; readonly file: File }
  | { readonly kind: "json"; readonly file: File }
  | { readonly kind: "csv"; readonly files: readonly File[] }
  | { readonly kind: "mixed" }
  | { readonly kind: "unknown"; readonly name: string };

/** What the user picked: one workbook (.xlsx, or LibreOffice's .ods), one JSON file, or CSV files (by extension). */
export function classifyFiles(files: readonly File[]): PickedFiles {
  const kindOf = (name: string) => /\.(xlsx|ods|csv|json)$/i.exec(name)?.[1]?.toLowerCase().replace("ods", "xlsx") ?? null;
  const unknown = files.find((f) => kindOf(f.name) === null);
  if (unknown !== undefined) return { kind: "unknown", name: unknown.name };
  const kinds = new Set(files.map((f) => kindOf(f.name)));
  if (kinds.size !== 1) return { kind: "mixed" };
  const [first] = files;
  if (kinds.has("csv")) return { kind: "csv", files };
  if (files.length !== 1 || first === undefined) return { kind: "mixed" };
  return kinds.has("xlsx") ? { kind: "xlsx", file: first } : { kind: "json", file: first };
}

/** Saves bytes as a file through the browser's download. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
