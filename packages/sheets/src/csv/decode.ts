/**
 * A CSV file's bytes to text, with its encoding detected. The files a working group has come
 * in four encodings: UTF-8 with a byte order mark (Excel's "CSV UTF-8"), UTF-8 without one
 * (LibreOffice, most programs), Windows-1252 (Excel's plain "CSV (semikolondelt)" on a
 * Norwegian Windows) and UTF-16 little-endian with a byte order mark (Excel's "Unicode text",
 * tab-separated). The decoding itself is the platform's TextDecoder (Node and browsers both
 * have all four); this module only decides which one applies.
 *
 * Garbled text is never passed on: when the bytes fit no encoding cleanly, or decode to text
 * that no person wrote (a U+FFFD replacement character left by an earlier bad conversion,
 * control characters, or characters that a Windows-1252 file of names and places does not
 * hold, which is what a file from another code page looks like), the file is refused with a
 * message that says how to save it as CSV UTF-8.
 */

/** The encodings a CSV file is read in. */
export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export type DecodedCsv =
  | { readonly ok: true; readonly text: string; readonly encoding: CsvEncoding }
  | { readonly ok: false; readonly message: string };

/** What a refusal says after its reason: the fix, in Excel's words. */
export const SAVE_AS_UTF8 = 'save it as "CSV UTF-8" (in Excel: Save as, "CSV UTF-8 (comma delimited) (*.csv)")';

/**
 * The text of a CSV file, or why it cannot be read safely. A byte order mark decides the
 * encoding; without one, text that is valid UTF-8 is UTF-8, text with a zero byte in every
 * other place is UTF-16, and anything else is tried as Windows-1252 and kept only when it
 * reads as Windows-1252 text would.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return strict("utf-8", bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strict("utf-16le", bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strict("utf-16be", bytes.subarray(2));
  const utf16 = utf16WithoutBom(bytes);
  if (utf16 !== null) return strict(utf16, bytes);
  const utf8 = decode("utf-8", bytes);
  if (utf8 !== null) return checked("utf-8", utf8);
  const legacy = decode("windows-1252", bytes);
  if (legacy === null) return refuse("it is neither UTF-8 nor Windows-1252 text");
  const stray = [...legacy].find((ch) => !isWindows1252Text(ch));
  if (stray !== undefined) {
    return refuse(`it is not UTF-8, and as Windows-1252 it would hold ${describe(stray)}, so its encoding is not known`);
  }
  return checked("windows-1252", legacy);
}

/**
 * Why a text cannot be trusted, or null when it can: a U+FFFD replacement character means
 * that the text was garbled before it got here (a file read in the wrong encoding), and
 * control characters other than tab and line ends mean that it is no text at all.
 */
export function garbledTextReason(text: string): string | null {
  if (text.includes("\uFFFD")) return "it holds the character \uFFFD where a letter could not be read, a sign that it was saved or read in the wrong encoding";
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.exec(text);
  if (control !== null) return `it holds ${describe(control[0])}, which no text in a spreadsheet has`;
  return null;
}

function strict(encoding: CsvEncoding, bytes: Uint8Array): DecodedCsv {
  const text = decode(encoding, bytes);
  if (text === null) return refuse(`it starts as ${encoding.toUpperCase()} text but has bytes that are not ${encoding.toUpperCase()}`);
  return checked(encoding, text);
}

function checked(encoding: CsvEncoding, text: string): DecodedCsv {
  const reason = garbledTextReason(text);
  return reason === null ? { ok: true, text, encoding } : refuse(reason);
}

function refuse(reason: string): DecodedCsv {
  return { ok: false, message: `cannot be read safely: ${reason}; ${SAVE_AS_UTF8}` };
}

/** The text, or null when the bytes are not valid in the encoding. A byte order mark is kept out. */
function decode(encoding: CsvEncoding, bytes: Uint8Array): string | null {
  try {
    // fatal: a byte that does not fit is an error, not a silent U+FFFD. windows-1252 has no
    // invalid bytes (the five unassigned ones decode to C1 controls, refused afterwards).
    // Streaming, then flushing: Node 20's TextDecoder decodes windows-1252 as ISO-8859-1 on
    // its one-shot fast path (0x80 as the control U+0080 instead of €), but right when streaming.
    const decoder = new TextDecoder(encoding, { fatal: true });
    return decoder.decode(bytes, { stream: true }) + decoder.decode();
  } catch {
    return null;
  }
}

/**
 * UTF-16 without a byte order mark: text in a Latin script has a zero byte in every other
 * place (the high byte of each character), which UTF-8 and Windows-1252 text never has.
 * Decided on the first 4 KiB, from at least 2 characters.
 */
function utf16WithoutBom(bytes: Uint8Array): CsvEncoding | null {
  const length = Math.min(bytes.length, 4096) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const pairs = length / 2;
  if (oddZeros >= pairs * 0.6 && evenZeros === 0) return "utf-16le";
  if (evenZeros >= pairs * 0.6 && oddZeros === 0) return "utf-16be";
  return null;
}

/**
 * The characters a Windows-1252 file of a cohort holds beyond ASCII: letters (æ, ø, å, é, ü,
 * š, ...), and the punctuation and signs people type (– — ‘ ’ “ ” € § ° « » and the like). A
 * file from another code page decoded as Windows-1252 shows the rest instead (DOS code page
 * 850 writes ø as the byte that is › in Windows-1252, Mac Roman writes å as Œ), so any other
 * character, and the rare letters Œ œ ƒ ˆ Ÿ, mean "unsure".
 */
function isWindows1252Text(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80) return true;
  if ("ŒœƒˆŸ".includes(ch)) return false;
  return /\p{L}/u.test(ch) || "\u00A0€‚„…–—‘’“”•«»°§·×©®™£".includes(ch);
}

/** A character for a message: itself when it can be seen, else its code point. */
function describe(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `the control character ${hex}` : `the character '${ch}' (${hex})`;
}
