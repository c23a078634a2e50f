/**
 * What the command line touches outside itself. `run` only talks to the world through this,
 * so tests call it in process with fake streams and files; cli.ts wires it to Node.
 */
export interface CliIo {
  /** Writes text to standard output exactly as given (the caller ends lines with "\n"). */
  readonly stdout: (text: string) => void;
  /** Writes text to standard error exactly as given. */
  readonly stderr: (text: string) => void;
  /** Reads a whole UTF-8 text file; the path "-" means standard input. */
  readonly readFile: (path: string) => Promise<string>;
  /** Writes a whole UTF-8 text file, replacing it if it exists. */
  readonly writeFile: (path: string, text: string) => Promise<void>;
  /** Reads a whole file as bytes (a workbook). */
  readonly readBytes: (path: string) => Promise<Uint8Array>;
  /** Writes a whole file of bytes, replacing it if it exists. */
  readonly writeBytes: (path: string, data: Uint8Array) => Promise<void>;
  /** What is at a path: a file and its size, or a folder and its files; rejects as readFile does when nothing is. */
  readonly inspectPath: (path: string) => Promise<PathInfo>;
  /** Creates a folder (and its parents) unless it exists. */
  readonly makeFolder: (path: string) => Promise<void>;
  /** Whether standard error is a terminal: `rotamatch sweep` draws its progress bar only then. */
  readonly stderrIsTerminal?: boolean;
  /** The environment variables `rotamatch serve` reads its settings from (none when absent). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A file with its size in bytes, or a folder with the files directly in it (sorted by name). */
export type PathInfo =
  | { readonly kind: "file"; readonly size: number }
  | { readonly kind: "folder"; readonly files: readonly { readonly name: string; readonly size: number }[] };

/** Exit codes: part of the command line's contract (docs/cli.md), never renumbered. */
export const EXIT = {
  /** A plan was found (optimal or feasible), or the command did what was asked. */
  ok: 0,
  /** Usage error, or a file could not be read or written. */
  usage: 1,
  /** The cohort has input problems; each is printed as `code at path: message`. */
  invalidInput: 2,
  /** The cohort is infeasible: no plan satisfies every rule; the diagnosis says why. */
  infeasible: 3,
  /** No valid plan was found within the time limit. */
  timedout: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
