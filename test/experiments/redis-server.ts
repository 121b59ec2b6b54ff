/**
 * A real Redis server for the queue tests: Debian's `redis-server` on a free local port in a
 * temporary folder (append-only persistence when asked), stopped by the test. A missing
 * redis-server FAILS the test with the package to install (.ci/run installs it), never skips it.
 * Also: `candor` child processes (workers, coordinators) and a TCP server that never answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REDIS = '/usr/bin/redis-server';
export const BIN = new URL('../../bin/candor.mjs', import.meta.url).pathname;

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once `PING` on the port answers `+PONG` (rejects after `ms`). */
export async function waitForRedis(port: number, ms = 10000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      let buf = '';
      const done = (v: boolean) => {
        s.destroy();
        resolve(v);
      };
      s.setTimeout(500, () => done(false));
      s.once('error', () => done(false));
      s.on('data', (d) => {
        buf += d;
        if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
      });
      s.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server on port ${port}: no PONG within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  /** Stops the server (SIGTERM: with persistence it writes its append-only file first). */
  stop(): Promise<void>;
  /** Stops and starts it again on the same port and folder. */
  restart(): Promise<void>;
}

export async function startRedis(opts: { appendonly?: boolean } = {}): Promise<RedisServer> {
  if (!existsSync(REDIS)) throw new Error(`${REDIS}: not installed: the queue tests run a real Redis (apt-get install redis-server; .ci/run installs it)`);
  const dir = mkdtempSync(join(tmpdir(), 'candor-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', opts.appendonly ? 'yes' : 'no', '--appendfsync', 'everysec', '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'];
  const launch = async () => {
    const c = spawn(REDIS, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr?.on('data', (d) => {
      err += d;
    });
    child = c;
    await Promise.race([
      waitForRedis(port),
      new Promise((_, reject) => c.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${err}`)))),
    ]);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await launch();
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await stop();
      await launch();
    },
  };
  return server;
}

/** A `candor` child process with its output collected. */
export interface Candor {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

export function candorProcess(args: string[], env: Record<string, string> = {}): Candor {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', ...env } });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

/** A `candor worker` (one thread) on the queue; resolves once it says it is serving. */
export async function startWorker(url: string, queue: string, lockSeconds = 15): Promise<Candor> {
  const w = candorProcess(['worker', '--queue', url, '--queue-name', queue, '--concurrency', '1', '--lock-seconds', String(lockSeconds)]);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/serving queue/.test(w.err())) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    void w.exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`candor worker exited with ${code}: ${w.err()}`));
    });
  });
  return w;
}

/** Stops child processes still running (SIGKILL). */
export function killAll(ps: Iterable<Candor | ChildProcess>): void {
  for (const p of ps) {
    const c = 'child' in p ? p.child : p;
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

/** A TCP server that accepts connections and never answers (a Redis that hangs). */
export function silentServer(): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const sockets = new Set<Socket>();
    const s: Server = createServer((sock) => {
      sockets.add(sock);
      sock.on('error', () => {});
    });
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      resolve({
        port: typeof a === 'object' && a ? a.port : 0,
        close: () => {
          for (const k of sockets) k.destroy();
          s.close();
        },
      });
    });
  });
}
