/**
 * Connecting to the queue's Redis server: first a probe that fails fast (a clear error within
 * {@link PROBE_MS}, never a hang, when the server is down, unreachable, silent, refuses the
 * password or is older than Redis 6.2), then long-lived connections that ride out a server
 * restart (commands wait and are resent after reconnecting).
 *
 * @example
 * import { openRedis } from './connect.ts';
 * import { parseQueueUrl } from './url.ts';
 * // const redis = await openRedis(parseQueueUrl('redis://127.0.0.1:6379'), 'candor worker');
 */
import { Redis } from 'ioredis';
import { CandorError } from '../../../core/errors.ts';
import { type QueueUrl, redisOptions } from './url.ts';

/** How long the probe may take before it reports the server unreachable (ms). */
export const PROBE_MS = 4000;

/** Reconnection delays for long-lived connections: 100 ms growing to 2 s, forever. */
const retry = (times: number) => Math.min(100 * times, 2000);

/** The options of a long-lived connection (BullMQ's connections use them too). */
export function liveOptions(u: QueueUrl): Record<string, unknown> {
  return redisOptions(u, { maxRetriesPerRequest: null, retryStrategy: retry, enableReadyCheck: true, connectTimeout: 10000 });
}

function probeFailure(where: string, u: QueueUrl, reason: string): CandorError {
  return new CandorError(where, 'Redis server', `a Redis server (6.2 or newer) answering at ${u.display}`, `${reason} (nothing was enqueued or stored)`, 'io');
}

/** Connects once with a deadline and checks the server; throws a CandorError naming the URL. */
export async function probeRedis(u: QueueUrl, where: string): Promise<void> {
  const client = new Redis(
    redisOptions(u, { lazyConnect: true, connectTimeout: PROBE_MS - 500, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: true, commandTimeout: PROBE_MS - 500 }),
  );
  let lastError: Error | null = null;
  client.on('error', (e) => {
    lastError = e; // the connection's own error says more than the promise's "Connection is closed."
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_MS / 1000} s`)), PROBE_MS);
    });
    const info = await Promise.race([client.connect().then(() => client.info('server')), deadline]);
    const v = /redis_version:(\d+)\.(\d+)/.exec(String(info));
    if (v && (Number(v[1]) < 6 || (Number(v[1]) === 6 && Number(v[2]) < 2))) throw new Error(`Redis ${v[1]}.${v[2]}`);
  } catch (e) {
    const err = ((lastError as NodeJS.ErrnoException | null)?.code ? lastError : e) as NodeJS.ErrnoException;
    const reason = err.code && !err.message?.includes(err.code) ? `${err.code} (${err.message})` : (err.message ?? String(e));
    throw probeFailure(where, u, reason.replace(/\s+/g, ' ').slice(0, 200));
  } finally {
    clearTimeout(timer);
    // a connection that ended (refused, no retries) has nothing to close: disconnect() would still
    // start ioredis's close timer for the dead socket and hold the process open (see DISCONNECT_MS)
    if (client.status !== 'end') client.disconnect();
  }
}

/** Probes the server, then opens a long-lived connection (see the file comment). */
export async function openRedis(u: QueueUrl, where: string): Promise<Redis> {
  await probeRedis(u, where);
  const r = new Redis(liveOptions(u));
  r.on('error', () => {}); // reconnection is automatic; commands wait for it
  return r;
}
