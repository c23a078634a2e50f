/**
 * The server the abuse suite attacks, as a child process of its own (so that its RSS can be
 * read and a crash cannot take the suite down): the service's own command, `runServer` with
 * the flags and environment of `rotamatch serve`, from the TypeScript sources, started as
 * `node --expose-gc --import tsx benchmarks/abuse/child.ts [flags]`. The worker threads run
 * the built packages/service/dist/worker.js, as in every test from source.
 *
 * Two additions, for the suite only: the line `gc` on stdin runs a full garbage collection
 * (the "GC opportunity" before RSS is measured), and the end of stdin (the suite went away)
 * stops the server as SIGTERM would, so no server outlives its suite.
 */
import { createInterface } from "node:readline";

// A computed specifier: the repository's type-check (tsconfig.json) stays out of the
// service's sources, which packages/service/tsconfig.json checks.
const SERVER = new URL("../../packages/service/src/server.ts", import.meta.url).href;
const { main } = (await import(SERVER)) as { main: () => Promise<void> };

const collect = (globalThis as { gc?: () => void }).gc;
const commands = createInterface({ input: process.stdin });
commands.on("line", (line) => {
  if (line.trim() === "gc") collect?.();
});
commands.on("close", () => process.kill(process.pid, "SIGTERM"));
await main();
