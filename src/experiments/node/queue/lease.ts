/**
 * The coordinator's lease on a queue: one live coordinator per queue. The lease is a Redis key
 * holding who holds it, set with an expiry and renewed every {@link RENEW_MS}; a coordinator that
 * dies stops renewing, so its lease lapses after {@link LEASE_MS}. A new coordinator on the same
 * machine takes a lease whose holder's process is gone at once (a restart after kill -9 picks up
 * immediately); one held from another machine it waits for, up to a little over its expiry.
 *
 * @example
 * // const lease = await acquireLease(redis, keys.coordinator, 'queue q', (h) => console.log(`waiting for ${h}`));
 * // ... lease.check() now and then ... await lease.release();
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { CandorError } from '../../../core/errors.ts';
import { LEASE_SCRIPT, RELEASE_SCRIPT } from './protocol.ts';

export const LEASE_MS = 6000;
const RENEW_MS = 2000;

export interface Lease {
  /** Throws if the lease was lost (this process stalled longer than the lease, or Redis lost it). */
  check(): void;
  release(): Promise<void>;
}

export interface LeaseHolder {
  token: string;
  host: string;
  pid: number;
  startedAt: string;
}

/** Is process `pid` alive on this machine? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireLease(redis: Redis, key: string, where: string, onWait: (holder: string) => void, signal?: AbortSignal): Promise<Lease> {
  const me: LeaseHolder = { token: randomUUID(), host: hostname(), pid: process.pid, startedAt: new Date().toISOString() };
  const value = JSON.stringify(me);
  const deadline = Date.now() + LEASE_MS + 3000;
  let told = false;
  for (;;) {
    if ((await redis.eval(LEASE_SCRIPT, 1, key, me.token, value, LEASE_MS)) === 1) break;
    const text = await redis.get(key);
    let cur: LeaseHolder | null = null;
    try {
      cur = text ? (JSON.parse(text) as LeaseHolder) : null;
    } catch {
      cur = null;
    }
    if (cur && cur.host === me.host && !alive(cur.pid)) {
      // a coordinator of this machine that died: its lease is free now
      await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, key, text ?? '');
      continue;
    }
    const who = cur ? `${cur.host} pid ${cur.pid} (since ${cur.startedAt})` : 'another coordinator';
    if (Date.now() > deadline || signal?.aborted) {
      throw new CandorError(where, 'coordinator', 'no other live coordinator of this queue', `${who} coordinates it: let it finish, stop it, or use another --queue-name`, 'usage');
    }
    if (!told) onWait(who);
    told = true;
    await sleep(500);
  }
  let lost: Error | null = null;
  let released = false;
  const renew = async () => {
    if (released) return;
    const ok = await redis.eval(LEASE_SCRIPT, 1, key, me.token, value, LEASE_MS).catch(() => 1);
    if (ok !== 1) lost = new CandorError(where, 'coordinator lease', 'held by this coordinator', 'taken by another coordinator (this one stalled for longer than the lease?): stopped collecting', 'store');
  };
  const timer = setInterval(() => void renew(), RENEW_MS);
  timer.unref();
  return {
    check() {
      if (lost) throw lost;
    },
    async release() {
      released = true;
      clearInterval(timer);
      await redis.eval(RELEASE_SCRIPT, 1, key, me.token);
    },
  };
}
