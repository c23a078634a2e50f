/**
 * Reading the ZIP container of a workbook under caps (fflate, no dependencies of its own).
 * fflate's unzipSync inflates each part into a buffer of the size the ZIP's directory
 * declares, so memory is bounded by the declared sizes, which are checked against the budget
 * before any part is inflated; a part whose data is longer than declared comes out cut, and
 * fails as XML. The number of entries is capped too, so a forged directory cannot make the
 * reader loop for long.
 */
import { unzipSync } from "fflate";

/** Most entries a workbook's ZIP may have; Excel writes a few dozen. */
export const MAX_ZIP_ENTRIES = 10_000;

/** A workbook that cannot be read at all; `code` is a SheetIssue code. */
export class WorkbookError extends Error {
  constructor(
    readonly code: "invalid_file" | "too_large",
    message: string,
  ) {
    super(message);
  }
}

/** What unpacking may still use, shared by the passes over one workbook. */
export interface UnzipBudget {
  remainingBytes: number;
}

/**
 * The parts whose (lower-case) names `wanted` accepts, as text, by lower-case name.
 * Throws WorkbookError when the file is no ZIP, or unpacks past the budget.
 */
export function unzipParts(data: Uint8Array, wanted: (name: string) => boolean, budget: UnzipBudget): Map<string, string> {
  let entries = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      filter: (file) => {
        entries += 1;
        if (entries > MAX_ZIP_ENTRIES) throw new WorkbookError("invalid_file", `the workbook has more than ${MAX_ZIP_ENTRIES} parts`);
        if (!wanted(file.name.toLowerCase())) return false;
        budget.remainingBytes -= file.originalSize;
        if (budget.remainingBytes < 0) {
          throw new WorkbookError("too_large", "the workbook unpacks to more data than a workbook of its size may hold");
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof WorkbookError) throw error;
    throw new WorkbookError("invalid_file", "the file is not an XLSX workbook (it cannot be unpacked)");
  }
  const decoder = new TextDecoder("utf-8");
  const parts = new Map<string, string>();
  for (const [name, bytes] of Object.entries(files)) parts.set(name.toLowerCase(), decoder.decode(bytes));
  return parts;
}
