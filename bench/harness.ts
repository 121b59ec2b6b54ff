/**
 * Side-by-side benchmark harness (see ../shared/BENCHMARKS.md).
 *
 * A case pairs `ours` (a function timed in this process) with a `peer` (a long-lived process,
 * usually `/usr/bin/python3 bench/peers/<x>.py`, speaking the line protocol of
 * bench/peers/proto.py). Measurements alternate ours / peer after a warm-up; each measurement
 * repeats the call until it takes >= `minSeconds` and reports seconds per call. The ratio is the
 * median of the per-pair ratios ours/peer; min and max are shown.
 *
 * Every case states its accuracy rule and reports both errors; a row meets its target only when
 * the ratio is at or under the target AND ours passes the rule (bench/verdict.ts). Rows without
 * a target (ours vs ours, a different algorithm, an interpreted per-item loop, ours alone) are
 * informational and say why.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { type AccuracyRule, checkGate, judge, type Verdict } from './verdict.ts';

export type { AccuracyRule } from './verdict.ts';

export interface PeerSpec {
  /** Command and arguments, e.g. ['/usr/bin/python3', 'bench/peers/fft.py', 'fft1d', '4096']. */
  cmd: string[];
  /** Extra environment for the peer only (thread counts). OPENBLAS_CORETYPE/L2_SIZE are unset. */
  env?: Record<string, string>;
  /** Debian package to suggest when the peer is missing. */
  pkg: string;
}

/** What a case's `ours` prepares: the timed call and what it reports about accuracy. */
export interface OursSetup {
  run: () => unknown;
  /** Our error in the units of the case's accuracy rule (null: none), read after the timing. */
  error?: () => number | null;
  /** Further accuracy facts for the notes (agreement with the peer, objective values). */
  detail?: () => string;
}

export interface BenchCase {
  name: string;
  /** Target ratio ours/peer (at most); null for an informational row, which then says why. */
  target: number | null;
  /** Why the row carries no target (ours vs ours, a different algorithm, a per-item loop, ours alone). */
  informational?: string;
  /** The accuracy rule ours must pass (with the peer's error beside it) for the row to meet its target. */
  accuracy: AccuracyRule;
  /** Prepares the problem; returns the timed call and the accuracy reporters. */
  ours: () => Promise<OursSetup> | OursSetup;
  peer?: PeerSpec;
  pairs?: number;
  minSeconds?: number;
  /** Free-form note printed under the table (how each side is timed, what the errors are). */
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
  ours_error: number | null;
  peer_error: number | null;
  target_ratio: number | null;
  meets_target: boolean | null;
  accuracy_rule: string;
  accuracy_ok: boolean | null;
  verdict: Verdict;
  informational?: string;
  ours_detail?: string;
  peer_detail?: string;
  /** Medians of the extra numbers the peer reported with each timing (e.g. per thread count). */
  peer_extra?: Record<string, number>;
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
  constructor(readonly spec: PeerSpec) {
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
    const r = await this.next();
    if (r.closed) {
      const last = this.stderr.trim().split('\n').slice(-3).join(' | ');
      throw new Error(`bench: peer ${this.spec.cmd.join(' ')}: exited during "${cmd}": ${last || 'no message'}`);
    }
    return r;
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

/** A reported error as a number or null (the protocol's JSON has no NaN: a peer sends null). */
function asError(where: string, e: unknown): number | null {
  if (e === null || e === undefined) return null;
  if (typeof e === 'number') return e;
  throw new Error(`bench: ${where}: error: expected a number or null, got ${JSON.stringify(e)}`);
}

export async function runCase(c: BenchCase): Promise<BenchRow> {
  const gate = { target: c.target, informational: c.informational ?? null };
  checkGate(c.name, gate, c.peer !== undefined);
  const pairs = c.pairs ?? 5;
  const minS = c.minSeconds ?? 0.1;
  const o = await c.ours();
  let peer: Peer | null = null;
  let peerName: string | null = null;
  let peerError: number | null = null;
  let peerDetail: string | null = null;
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
      peerError = asError(`${c.name}: peer`, hello.error);
      peerDetail = typeof hello.detail === 'string' ? hello.detail : null;
    }
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  const extra = new Map<string, number[]>();
  try {
    // warm-up both
    await timeCall(o.run, minS / 2);
    if (peer) await peer.send(`run ${minS / 2}`);
    for (let p = 0; p < pairs; p++) {
      const a = await timeCall(o.run, minS);
      ours.push(a);
      if (peer) {
        const r = await peer.send(`run ${minS}`);
        const b = Number(r.seconds);
        theirs.push(b);
        ratios.push(a / b);
        for (const [k, v] of Object.entries((r.extra as Record<string, number> | undefined) ?? {})) {
          if (typeof v === 'number') extra.set(k, [...(extra.get(k) ?? []), v]);
        }
      }
    }
  } finally {
    peer?.close();
  }
  const ratio = ratios.length ? median(ratios) : null;
  const oursError = o.error ? asError(`${c.name}: ours`, o.error()) : null;
  const accuracyOk = c.accuracy.check(oursError, peerError);
  const { verdict, meets } = judge(gate, { ratio, accuracyOk, peerMissing: missing !== null });
  const oursDetail = o.detail?.();
  return {
    case: c.name,
    ours_s: median(ours),
    peer: peerName ?? missing,
    peer_s: theirs.length ? median(theirs) : null,
    ratio,
    ratio_min: ratios.length ? Math.min(...ratios) : null,
    ratio_max: ratios.length ? Math.max(...ratios) : null,
    ours_error: oursError,
    peer_error: peerError,
    target_ratio: c.target,
    meets_target: meets,
    accuracy_rule: c.accuracy.rule,
    accuracy_ok: accuracyOk,
    verdict,
    ...(c.informational ? { informational: c.informational } : {}),
    ...(oursDetail ? { ours_detail: oursDetail } : {}),
    ...(peerDetail ? { peer_detail: peerDetail } : {}),
    ...(extra.size ? { peer_extra: Object.fromEntries([...extra].map(([k, v]) => [k, median(v)])) } : {}),
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

function fmtE(e: number | null): string {
  if (e === null) return '-';
  return e === 0 ? '0' : Math.abs(e) >= 1e-3 && Math.abs(e) < 1e4 ? e.toPrecision(4) : e.toExponential(1);
}

/** Extra peer numbers: seconds under a key ending in _s, others as they are. */
function fmtExtra(x: Record<string, number>): string {
  return Object.entries(x)
    .map(([k, v]) => `${k} ${k.endsWith('_s') ? fmtS(v) : String(v)}`)
    .join(', ');
}

export function printTable(group: string, rows: BenchRow[]): void {
  const head = ['case', 'ours', 'peer', 'ratio (min-max)', 'ours err', 'peer err', 'accuracy', 'target', 'verdict'];
  const body = rows.map((r) => [
    r.case,
    fmtS(r.ours_s),
    fmtS(r.peer_s),
    r.ratio === null ? '-' : `${fmtR(r.ratio)} (${fmtR(r.ratio_min!)}-${fmtR(r.ratio_max!)})`,
    fmtE(r.ours_error),
    fmtE(r.peer_error),
    r.accuracy_ok === null ? '-' : r.accuracy_ok ? 'ok' : 'FAIL',
    r.target_ratio === null ? 'none' : `<= ${r.target_ratio}`,
    r.verdict,
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i])).join('  ');
  console.log(`\n## bench: ${group}`);
  console.log(line(head));
  console.log(w.map((x) => '-'.repeat(x)).join('  '));
  for (const b of body) console.log(line(b));
  const peers = [...new Set(rows.map((r) => r.peer).filter(Boolean))];
  for (const p of peers) console.log(`peer: ${p}`);
  for (const r of rows) {
    console.log(`- ${r.case}`);
    console.log(`    accuracy rule: ${r.accuracy_rule}`);
    if (r.informational) console.log(`    informational (no target): ${r.informational}`);
    if (r.ours_detail) console.log(`    ours: ${r.ours_detail}`);
    if (r.peer_detail) console.log(`    peer: ${r.peer_detail}`);
    if (r.peer_extra) console.log(`    peer timings: ${fmtExtra(r.peer_extra)}`);
    if (r.note) console.log(`    note: ${r.note}`);
  }
}

/**
 * Runs a group's cases, prints its table and writes bench/results/<group>.json. A case that fails
 * (its setup throws, its peer dies) is reported after the table and sets the exit code to 1; the
 * other cases still run.
 */
export async function runGroup(group: string, cases: BenchCase[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const failed: string[] = [];
  for (const c of cases) {
    process.stderr.write(`bench ${group}: ${c.name} ...\n`);
    try {
      rows.push(await runCase(c));
    } catch (e) {
      failed.push(`${c.name}: ${(e as Error).message}`);
      process.stderr.write(`bench ${group}: ${c.name}: FAILED: ${(e as Error).message}\n`);
    }
  }
  printTable(group, rows);
  for (const f of failed) console.log(`FAILED (no row): ${f}`);
  if (failed.length) process.exitCode = 1;
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${group}.json`, `${JSON.stringify(rows, null, 2)}\n`);
  return rows;
}
