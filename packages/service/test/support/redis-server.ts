/**
 * A throwaway Redis for the tests: Debian's `redis-server` on a free port of 127.0.0.1, with
 * a temporary directory of its own, started and stopped by the test that needs it. No test
 * touches a Redis it did not start, so tests never see each other's keys and a developer's
 * own Redis is never written to.
 *
 * Where `redis-server` is missing the Redis tests skip with the reason, except in CI
 * (process.env.CI set), where they fail instead: `.ci/run` installs it, so a missing one there
 * is a broken machine, not a choice.
 *
 * Only Node's own modules here (no Redis client): the helper must work before and apart from
 * the code it helps to test.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";

/** A running test Redis. */
export interface RunningRedis {
  /** `redis://127.0.0.1:PORT` (database 0). */
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, SIGKILL after 5 s) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops the server and starts it again on the same port, for the "Redis went away and came
   * back" tests. Keys survive only with `persist: true` (then the append-only file carries them),
   * as in a production Redis configured for BullMQ.
   */
  restart(): Promise<void>;
  /** Stops the server without removing its directory, so that a later `start()` resumes it. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port. */
  start(): Promise<void>;
}

export interface RedisOptions {
  /**
   * Keep keys across `restart()` through an append-only file (fsync every write) in the
   * server's temporary directory. Off by default: `--save "" --appendonly no`, nothing on disk.
   */
  readonly persist?: boolean;
}

/** Whether CI is running this (any non-empty CI variable, as CI services set it). */
export function inCi(): boolean {
  return Boolean(process.env.CI);
}

/** Where `redis-server` is, or null: the PATH first (as `command -v` would), then Debian's place. */
export function redisServerPath(): string | null {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const path = found.status === 0 ? found.stdout.trim() : "";
  if (path !== "") return path;
  const debian = spawnSync("/usr/bin/redis-server", ["--version"], { encoding: "utf8" });
  return debian.status === 0 ? "/usr/bin/redis-server" : null;
}

/** Whether the Redis tests can run here, and if not, why. */
export function redisAvailability(): { readonly available: boolean; readonly reason: string } {
  if (redisServerPath() !== null) return { available: true, reason: "" };
  return {
    available: false,
    reason: "redis-server is missing: install Debian's redis-server (apt-get install redis-server), as .ci/run does, to run the Redis tests",
  };
}

/** Whether `redis-server` is here. */
export function redisAvailable(): boolean {
  return redisAvailability().available;
}

/**
 * `describe` for tests that need Redis: runs them where `redis-server` is; elsewhere skips them
 * with a warning that says why, except in CI, where one failing test says why instead.
 */
export function describeWithRedis(name: string, body: () => void): void {
  const { available, reason } = redisAvailability();
  if (available) {
    describe(name, body);
  } else if (inCi()) {
    describe(name, () => {
      it("has redis-server", () => {
        throw new Error(`CI is set but ${reason}`);
      });
    });
  } else {
    console.warn(`"${name}" skipped: ${reason}`);
    describe.skip(name, body);
  }
}

/** A port of 127.0.0.1 that was free a moment ago (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/** Whether a Redis on this port answers PING with PONG, within `timeoutMs`. */
export function pingRedis(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let answer = "";
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.setEncoding("utf8");
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk: string) => {
      answer += chunk;
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
    socket.once("error", () => done(false));
  });
}

/** A reply of redisCommand: a simple string or bulk string, an integer, null, or an array of these. */
export type RedisReply = string | number | null | readonly RedisReply[];

/**
 * Sends one command (RESP, so any argument is safe) to the Redis on this port of 127.0.0.1 and
 * returns its reply; an error reply rejects. For tests that look at the queue's keys directly
 * (`ZCARD rotamatch:solves:completed`), as redis-cli would.
 */
export function redisCommand(port: number, ...args: readonly string[]): Promise<RedisReply> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`Redis on port ${port} did not answer ${args[0] ?? ""} within 5 s`));
    }, 5_000);
    socket.once("connect", () => {
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`);
    });
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseReply(buffer, 0);
      if (parsed === undefined) return; // not all of it yet
      clearTimeout(timer);
      socket.destroy();
      if (parsed.error !== undefined) reject(new Error(parsed.error));
      else resolve(parsed.value);
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** One RESP reply from `at`, or undefined when the buffer does not hold all of it yet. */
function parseReply(buffer: Buffer, at: number): { value: RedisReply; error?: string; end: number } | undefined {
  const lineEnd = buffer.indexOf("\r\n", at);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buffer[at] ?? 0);
  const line = buffer.toString("utf8", at + 1, lineEnd);
  const next = lineEnd + 2;
  if (type === "+") return { value: line, end: next };
  if (type === "-") return { value: null, error: line, end: next };
  if (type === ":") return { value: Number(line), end: next };
  if (type === "$") {
    const length = Number(line);
    if (length < 0) return { value: null, end: next };
    if (buffer.length < next + length + 2) return undefined;
    return { value: buffer.toString("utf8", next, next + length), end: next + length + 2 };
  }
  if (type === "*") {
    const count = Number(line);
    if (count < 0) return { value: null, end: next };
    const items: RedisReply[] = [];
    let end = next;
    for (let i = 0; i < count; i++) {
      const item = parseReply(buffer, end);
      if (item === undefined) return undefined;
      items.push(item.value);
      end = item.end;
    }
    return { value: items, end };
  }
  return { value: null, error: `unexpected reply ${JSON.stringify(buffer.toString("utf8", at, lineEnd))}`, end: next };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every server this process started and has not stopped yet, killed if the test process exits first. */
const alive = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of alive) child.kill("SIGKILL");
});

/**
 * Starts a Redis on a free loopback port and waits until it answers PING. The port is picked
 * by the kernel and then handed to redis-server, so another process can take it in between:
 * a start that fails is retried on a new port, three times.
 */
export async function startRedis(options: RedisOptions = {}): Promise<RunningRedis> {
  const binary = redisServerPath();
  if (binary === null) throw new Error(redisAvailability().reason);
  const dir = mkdtempSync(join(tmpdir(), "rotamatch-redis-"));
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    try {
      let child = await spawnRedis(binary, port, dir, options.persist === true);
      let removed = false;
      const halt = async () => {
        await stopChild(child);
      };
      const start = async () => {
        if (child.exitCode === null && child.signalCode === null) return;
        child = await spawnRedis(binary, port, dir, options.persist === true);
      };
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        halt,
        start,
        async restart() {
          await halt();
          await start();
        },
        async stop() {
          await halt();
          if (!removed) rmSync(dir, { recursive: true, force: true });
          removed = true;
        },
      };
    } catch (error) {
      lastError = error;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/** Spawns redis-server on this port and resolves once it answers PING (10 s at most). */
async function spawnRedis(binary: string, port: number, dir: string, persist: boolean): Promise<ChildProcess> {
  const args = [
    "--port", String(port),
    "--bind", "127.0.0.1",
    "--dir", dir,
    "--save", "",
    "--appendonly", persist ? "yes" : "no",
    ...(persist ? ["--appendfsync", "always"] : []),
    "--daemonize", "no",
    "--loglevel", "warning",
  ];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  alive.add(child);
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => (output = (output + text).slice(-2000)));
  child.stderr?.setEncoding("utf8").on("data", (text: string) => (output = (output + text).slice(-2000)));
  child.once("exit", () => alive.delete(child));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server on port ${port} exited (${child.exitCode ?? child.signalCode}): ${output.trim()}`);
    }
    if (await pingRedis(port)) return child;
    await sleep(50);
  }
  await stopChild(child);
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s: ${output.trim()}`);
}

/** SIGTERM, then SIGKILL if the server has not exited after 5 s; resolves once it has exited. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
