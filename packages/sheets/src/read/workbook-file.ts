/**
 * A workbook file to tables, whichever kind it is: an OpenDocument spreadsheet (.ods) when its
 * ZIP has a `mimetype` entry (the OpenDocument standard's first entry, which XLSX has not),
 * else an XLSX workbook, whose reader also refuses what is neither (an old .xls, a file that is
 * no ZIP, a ZIP with no workbook part).
 */
import { readOds, zipMimeType } from "../ods/read-ods.js";
import type { SheetLimits } from "../types.js";
import { readXlsx, UNPACK_FACTOR, type XlsxContent } from "../xlsx/read-xlsx.js";

/** Reads a workbook (XLSX or .ods); throws WorkbookError when it cannot be read at all. */
export function readWorkbookFile(data: Uint8Array, limits: SheetLimits, wanted: (sheetName: string) => boolean): XlsxContent {
  if (data.length <= limits.maxBytes && data[0] === 0x50 && data[1] === 0x4b) {
    const budget = { remainingBytes: Math.max(data.length, 1024) * UNPACK_FACTOR };
    const mimeType = zipMimeType(data, budget);
    if (mimeType !== null) return readOds(data, mimeType, limits, wanted, budget);
  }
  return readXlsx(data, limits, wanted);
}
