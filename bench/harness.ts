/**
 * Side-by-side benchmark harness (see ../shared/BENCHMARKS.md).
 *
 * A case pairs `ours` (a function timed in this process) with a `peer` (a long-lived process,
 * usually `/usr/bin/python3 bench/peers/<x>.py`, speaking the line protocol of
 * bench/peers/proto.py). Measurements alternate ours / peer after a warm-up; each measurement
 * repeats the call until it takes >= `minSeconds` and reports seconds per call. The verdict uses
 * the median of the per-pair ratios ours/peer; min and max are shown.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';

export interface PeerSpec {
  /** Command and arguments, e.g. ['/usr/bin/python3', 'bench/peers/fft.py', 'fft1d', '4096']. */
  cmd: string[];
  /** Extra environment for the peer only (thread counts). OPENBLAS_CORETYPE/L2_SIZE are unset. */
  env?: Record<string, string>;
  /** Debian package to suggest when the peer is missing. */
  pkg: string;
}

export interface BenchCase {
  name: string;
  /** Target ratio ours/peer (at most). */
  target: number;
  /** Prepares the problem; returns the timed call and an accuracy reporter. */
  ours: () => Promise<{ run: () => unknown; error?: () => number | string | null }> | { run: () => unknown; error?: () => number | string | null };
  peer?: PeerSpec;
  pairs?: number;
  minSeconds?: number;
  /** Free-form note printed under the table (e.g. which accuracy is compared). */
  note?: string;
}

export interface BenchRow {
  case: string;
  ours_s: number;
  peer: string | null;
  peer_s: number | null;
  ratio: number | null;
  ratio_min: number | null;
  ratio_max: number | null;
  ours_error: number | string | null;
  peer_error: number | string | null;
  target_ratio: number;
  meets_target: boolean | null;
  note?: string;
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

/** Seconds per call of `fn`, repeating until the batch takes at least `minSeconds`. */
export async function timeCall(fn: () => unknown, minSeconds: number): Promise<number> {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) {
      const r = fn();
      if (r instanceof Promise) await r;
    }
    const dt = (performance.now() - t0) / 1000;
    if (dt >= minSeconds || reps >= 1 << 20) return dt / reps;
    reps = Math.max(reps * 2, Math.ceil((reps * minSeconds * 1.2) / Math.max(dt, 1e-6)));
  }
}

class Peer {
  private proc: ChildProcessWithoutNullStreams;
  private lines: Interface;
  private queue: ((l: string) => void)[] = [];
  private buffered: string[] = [];
  stderr = '';
  constructor(spec: PeerSpec) {
    const env = { ...process.env, ...(spec.env ?? {}) };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    this.proc = spawn(spec.cmd[0], spec.cmd.slice(1), { env });
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.lines = createInterface({ input: this.proc.stdout });
    this.lines.on('line', (l) => {
      const q = this.queue.shift();
      if (q) q(l);
      else this.buffered.push(l);
    });
    this.proc.on('close', () => {
      for (const q of this.queue.splice(0)) q('{"closed": true}');
    });
  }
  next(): Promise<Record<string, unknown>> {
    const b = this.buffered.shift();
    if (b !== undefined) return Promise.resolve(JSON.parse(b));
    return new Promise((res) => this.queue.push((l) => res(JSON.parse(l))));
  }
  async send(cmd: string): Promise<Record<string, unknown>> {
    this.proc.stdin.write(`${cmd}\n`);
    return this.next();
  }
  close(): void {
    try {
      this.proc.stdin.write('quit\n');
      this.proc.stdin.end();
    } catch {
      /* already gone */
    }
  }
}

export async function runCase(c: BenchCase): Promise<BenchRow> {
  const pairs = c.pairs ?? 5;
  const minS = c.minSeconds ?? 0.1;
  const o = await c.ours();
  let peer: Peer | null = null;
  let peerName: string | null = null;
  let peerError: number | string | null = null;
  let missing: string | null = null;
  if (c.peer) {
    peer = new Peer(c.peer);
    const hello = await peer.next();
    if (hello.missing || hello.closed) {
      missing = `peer missing: apt-get install ${c.peer.pkg}${hello.missing ? '' : ` (${peer.stderr.trim().split('\n').pop()})`}`;
      peer.close();
      peer = null;
    } else {
      peerName = String(hello.peer ?? c.peer.cmd.join(' '));
      peerError = (hello.error as number | string | undefined) ?? null;
    }
  }
  // warm-up both
  await timeCall(o.run, minS / 2);
  if (peer) await peer.send(`run ${minS / 2}`);
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  for (let p = 0; p < pairs; p++) {
    const a = await timeCall(o.run, minS);
    ours.push(a);
    if (peer) {
      const r = await peer.send(`run ${minS}`);
      const b = Number(r.seconds);
      theirs.push(b);
      ratios.push(a / b);
    }
  }
  peer?.close();
  const ratio = ratios.length ? median(ratios) : null;
  return {
    case: c.name,
    ours_s: median(ours),
    peer: peerName ?? missing,
    peer_s: theirs.length ? median(theirs) : null,
    ratio,
    ratio_min: ratios.length ? Math.min(...ratios) : null,
    ratio_max: ratios.length ? Math.max(...ratios) : null,
    ours_error: o.error ? o.error() : null,
    peer_error: peerError,
    target_ratio: c.target,
    meets_target: ratio === null ? null : ratio <= c.target,
    ...(c.note ? { note: c.note } : {}),
  };
}

function fmtS(s: number | null): string {
  if (s === null) return '-';
  if (s < 1e-3) return `${(s * 1e6).toFixed(1)} us`;
  if (s < 1) return `${(s * 1e3).toFixed(2)} ms`;
  return `${s.toFixed(2)} s`;
}

/** Ratios: two decimals in the usual range, significant digits for very small or large ones. */
function fmtR(x: number): string {
  return x >= 0.01 && x < 1000 ? x.toFixed(2) : x.toPrecision(2);
}

function fmtE(e: number | string | null): string {
  if (e === null) return '-';
  return typeof e === 'number' ? e.toExponential(1) : e;
}

export function printTable(group: string, rows: BenchRow[]): void {
  const head = ['case', 'ours', 'peer', 'ratio (min-max)', 'ours err', 'peer err', 'target', 'verdict'];
  const body = rows.map((r) => [
    r.case,
    fmtS(r.ours_s),
    fmtS(r.peer_s),
    r.ratio === null ? '-' : `${fmtR(r.ratio)} (${fmtR(r.ratio_min!)}-${fmtR(r.ratio_max!)})`,
    fmtE(r.ours_error),
    fmtE(r.peer_error),
    `<= ${r.target_ratio}`,
    r.meets_target === null ? 'no peer' : r.meets_target ? 'meets' : 'MISSES',
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i])).join('  ');
  console.log(`\n## bench: ${group}`);
  console.log(line(head));
  console.log(w.map((x) => '-'.repeat(x)).join('  '));
  for (const b of body) console.log(line(b));
  const peers = [...new Set(rows.map((r) => r.peer).filter(Boolean))];
  for (const p of peers) console.log(`peer: ${p}`);
  for (const r of rows) if (r.note) console.log(`note (${r.case}): ${r.note}`);
}

export async function runGroup(group: string, cases: BenchCase[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of cases) {
    process.stderr.write(`bench ${group}: ${c.name} ...\n`);
    rows.push(await runCase(c));
  }
  printTable(group, rows);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${group}.json`, `${JSON.stringify(rows, null, 2)}\n`);
  return rows;
}
