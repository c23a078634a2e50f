/**
 * rotamatch serve [--port N] [--host H] ...: starts the HTTP solve service. The flags, the
 * environment variables, the usage and the graceful shutdown on SIGTERM/SIGINT are the
 * service's own (`runServer` of @rotamatch/service, the same as `rotamatch-service`), so the two
 * commands cannot drift apart. The service is loaded only when this command runs, so the other
 * commands do not pay for loading it. The settings' environment variables are read from
 * `io.env` (cli.ts gives the process environment). Unlike the other commands, a server that
 * started keeps the process alive after `run` returns 0, until SIGTERM or SIGINT.
 */
import { EXIT, type CliIo, type ExitCode } from "../io.js";

export async function runServe(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { runServer } = await import("@rotamatch/service");
  const code = await runServer(args, io.env ?? {}, { command: "rotamatch serve", stdout: io.stdout, stderr: io.stderr });
  return code === 0 ? EXIT.ok : EXIT.usage;
}
