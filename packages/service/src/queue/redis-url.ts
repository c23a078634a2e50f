/**
 * `--redis URL` (and `ROTAMATCH_REDIS_URL`): `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]`, or
 * `rediss://` for TLS. Parsed here into the connection options BullMQ's ioredis takes, or
 * into one line that says what is wrong, so that `serve` can report it on `/ready` and
 * `worker` can print it and exit 1. No message ever quotes the password.
 */

/** Where Redis is: what BullMQ's `connection` takes (ioredis options). */
export interface RedisConnection {
  readonly host: string;
  readonly port: number;
  /** The database number (`/DB`, default 0). */
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** Present for `rediss://`: connect over TLS, checking the server's name. */
  readonly tls?: { readonly servername: string };
}

export type RedisUrlResult = { readonly ok: true; readonly connection: RedisConnection } | { readonly ok: false; readonly error: string };

const FORM = "redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB]";

/** Parses a Redis URL; the error is one line, without the URL's password. */
export function parseRedisUrl(text: string): RedisUrlResult {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, error: `--redis: not a URL; expected ${FORM}` };
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    return { ok: false, error: `--redis: the scheme ${JSON.stringify(url.protocol.slice(0, 20))} is not redis: or rediss:; expected ${FORM}` };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "") return { ok: false, error: `--redis: the URL names no host; expected ${FORM}` };
  const port = url.port === "" ? 6379 : Number(url.port);
  if (!Number.isSafeInteger(port) || port < 1 || port > 65_535) return { ok: false, error: `--redis: the port is not 1 to 65535` };
  const path = url.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d{1,2}$/.test(path)) return { ok: false, error: `--redis: the database ${JSON.stringify(path.slice(0, 20))} is not a number from 0 to 99` };
  if (url.search !== "" || url.hash !== "") return { ok: false, error: `--redis: the URL may not have a query or a fragment; expected ${FORM}` };
  const db = path === "" ? 0 : Number(path);
  const username = url.username === "" ? undefined : decodeURIComponent(url.username);
  const password = url.password === "" ? undefined : decodeURIComponent(url.password);
  return {
    ok: true,
    connection: {
      host,
      port,
      db,
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      ...(url.protocol === "rediss:" ? { tls: { servername: host } } : {}),
    },
  };
}

/** The URL without its credentials, for logs and `/ready`. */
export function describeRedis(connection: RedisConnection): string {
  const host = connection.host.includes(":") ? `[${connection.host}]` : connection.host;
  return `${connection.tls === undefined ? "redis" : "rediss"}://${host}:${connection.port}/${connection.db}`;
}
