/**
 * Where a distributed sweep's queue lives: a Redis URL (`redis://HOST:PORT`, `rediss://` for TLS,
 * optionally `user:password@` and `/DB`) and a queue name. Parsed strictly, so a typo is one clear
 * error before anything connects; the password never appears in messages or status output.
 *
 * @example
 * import { parseQueueUrl } from './url.ts';
 * parseQueueUrl('redis://10.0.0.5:6379').display;   // 'redis://10.0.0.5:6379'
 * parseQueueUrl('redis://:s3cret@h:6380/2').display; // 'redis://:***@h:6380/2'
 */
import { CandorError } from '../../../core/errors.ts';

export interface QueueUrl {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL as it may be printed (password masked). */
  display: string;
}

/** The queue name used when none is given. */
export const DEFAULT_QUEUE_NAME = 'candor-sweeps';

const EXPECTED_URL = 'redis://HOST:PORT (or rediss:// for TLS; optionally user:password@ and /DB)';

export function parseQueueUrl(text: string, where = 'queue'): QueueUrl {
  const bad = (why?: string) => new CandorError(where, 'Redis URL', EXPECTED_URL, `${JSON.stringify(String(text).slice(0, 120))}${why ? ` (${why})` : ''}`, 'usage');
  if (typeof text !== 'string' || !/^rediss?:\/\//i.test(text.trim())) throw bad();
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    throw bad('not a URL');
  }
  const tls = u.protocol.toLowerCase() === 'rediss:';
  if (!u.hostname) throw bad('no host');
  if (u.search || u.hash) throw bad('no query or fragment is read');
  const port = u.port === '' ? 6379 : Number(u.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad('port outside 1-65535');
  let db = 0;
  const path = u.pathname.replace(/^\//, '');
  if (path !== '') {
    if (!/^\d{1,5}$/.test(path)) throw bad('the path must be a database number');
    db = Number(path);
  }
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const auth = username || password ? `${u.username}${password ? ':***' : ''}@` : '';
  const display = `${tls ? 'rediss' : 'redis'}://${auth}${u.hostname}:${port}${db ? `/${db}` : ''}`;
  return { host, port, db, username, password, tls, display };
}

/** A queue name: letters, digits, '-', '_' and '.', at most 64 (it becomes part of Redis keys). */
export function checkQueueName(name: string, where = 'queue'): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new CandorError(where, 'queue name', "letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)", JSON.stringify(String(name).slice(0, 80)), 'usage');
  }
  return name;
}

/**
 * How long `disconnect()` waits for a connection's socket to close before destroying it (ms).
 * ioredis's default, 2 s, is also how long a connection whose socket is already gone (the server
 * down or refusing) holds the process open after `disconnect()`: its timer waits for a 'close'
 * that was emitted before. That made `candor serve --queue` take 2 s to stop on SIGTERM, and
 * `candor sweep status` 2 s to exit, whenever Redis was down. A live socket closes in
 * milliseconds after QUIT/end, well within this.
 */
export const DISCONNECT_MS = 100;

/** ioredis connection options for a parsed URL (`extra` wins). */
export function redisOptions(u: QueueUrl, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    disconnectTimeout: DISCONNECT_MS,
    host: u.host,
    port: u.port,
    db: u.db,
    ...(u.username ? { username: u.username } : {}),
    ...(u.password ? { password: u.password } : {}),
    ...(u.tls ? { tls: { servername: u.host } } : {}),
    ...extra,
  };
}
