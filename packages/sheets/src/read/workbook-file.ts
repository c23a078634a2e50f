/**
 * A workbook file to tables, whichever kind it is: an OpenDocument spreadsheet (.ods) when its
 * ZIP has a `mimetype` entry (the OpenDocument standard's first entry, which XLSX has not),
 * else an XLSX workbook, whose reader also refuses what is neither (an old .xls, a file that is
 * no ZIP, a ZIP with no workbook part).
 */
import { readOds, zipMimeType } from "../ods/read-ods.js";
import type { SheetLimits } from "../types.js";
import { readXlsx, UNPACK_FACTOR, type XlsxContent } from "../xlsx/read-xlsx.js";

/**
 * How much larger than the file an .ods may unpack. LibreOffice's content.xml holds every
 * sheet in one part, each cell spelled out with its type and style, and packs far tighter than
 * an XLSX's parts: 7 times for the Romerike plan workbook, 25 times for a cohort of 300
 * trainees, 31 for its plan workbook, 32 for a cohort of 2000 (LibreOffice 7.4; see
 * libreoffice.test.ts). XLSX's 20 refused those. The ceiling stays the XLSX reader's (20 times
 * the largest file accepted), so the most memory a file can make the reader take is unchanged.
 */
export const ODS_UNPACK_FACTOR = 100;

/** Reads a workbook (XLSX or .ods); throws WorkbookError when it cannot be read at all. */
export function readWorkbookFile(data: Uint8Array, limits: SheetLimits, wanted: (sheetName: string) => boolean): XlsxContent {
  if (data.length <= limits.maxBytes && data[0] === 0x50 && data[1] === 0x4b) {
    const budget = { remainingBytes: Math.min(Math.max(data.length, 1024) * ODS_UNPACK_FACTOR, limits.maxBytes * UNPACK_FACTOR) };
    const mimeType = zipMimeType(data, budget);
    if (mimeType !== null) return readOds(data, mimeType, limits, wanted, budget);
  }
  return readXlsx(data, limits, wanted);
}
