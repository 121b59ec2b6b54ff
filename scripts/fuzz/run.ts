/**
 * `npm run fuzz`: every fuzz target (./targets/*.ts) on N inputs (default 100,000), each target in
 * a worker thread. Reports, per target, the crashes (exceptions that are not the documented error
 * type), hangs (one input running longer than --timeout, 2 s: the worker is terminated and the run
 * resumes after that input) and allocations over --memory (256 MB: ArrayBuffers alive after an
 * input; also the process's RSS sampled every 100 ms against its level before the run; and a
 * V8 heap limit on the worker). Exits 1 on any finding.
 *
 *   npm run fuzz                                   all targets, 100,000 inputs each, seed 19
 *   npm run fuzz -- --targets png,nifti --per 5000 --seed 7
 *   npm run fuzz -- --json fuzz-report.json
 *
 * A finding names (target, seed, index): `createRng(seed, index)` regenerates the input.
 */
import { writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Finding } from './engine.ts';
import { loadTargets } from './targets.ts';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
}

const per = Number(arg('per', '100000'));
const seed = Number(arg('seed', '19'));
const timeoutMs = Number(arg('timeout', '2000'));
const memoryLimit = Number(arg('memory', '256')) * 2 ** 20;
const names = process.argv.includes('--targets') ? arg('targets', '').split(',') : undefined;
const jsonOut = process.argv.includes('--json') ? arg('json', 'fuzz-report.json') : undefined;
const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

interface Outcome {
  findings: Finding[];
  peakBytes: number;
}

/** Runs [from, per) in a worker; on a hang, reports it and continues after the stuck input. */
async function runTarget(name: string): Promise<{ findings: Finding[]; seconds: number; peakArrayBuffersMb: number; peakRssMb: number }> {
  const findings: Finding[] = [];
  let from = 0;
  let peak = 0;
  let peakRss = 0;
  const t0 = performance.now();
  while (from < per) {
    const progress = new SharedArrayBuffer(4);
    const cell = new Int32Array(progress);
    Atomics.store(cell, 0, -1);
    const rss0 = process.memoryUsage.rss();
    const w = new Worker(ENTRY, { workerData: { name, seed, from, to: per, memoryLimit, progress }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    const result = await new Promise<Outcome | { hang: number } | { error: string; at: number }>((resolve) => {
      let last = -1;
      let since = performance.now();
      let rssFlagged = -1;
      const timer = setInterval(() => {
        const i = Atomics.load(cell, 0);
        const rss = process.memoryUsage.rss() - rss0;
        if (rss > peakRss) peakRss = rss;
        if (i >= 0 && rss > memoryLimit + 512 * 2 ** 20 && rssFlagged !== i) {
          // worker start-up (tsx, the target's modules) is well under the 512 MB allowance
          rssFlagged = i;
          findings.push({ target: name, index: i, kind: 'memory', message: `process RSS ${(rss / 2 ** 20).toFixed(0)} MB above its level before the run` });
        }
        if (i !== last) {
          last = i;
          since = performance.now();
        } else if (i >= 0 && performance.now() - since > timeoutMs) {
          clearInterval(timer);
          void w.terminate();
          resolve({ hang: i });
        }
      }, 100);
      w.once('message', (r: Outcome) => {
        clearInterval(timer);
        resolve(r);
      });
      w.once('error', (e) => {
        clearInterval(timer);
        resolve({ error: `${(e as Error).name}: ${(e as Error).message}`, at: Atomics.load(cell, 0) });
      });
    });
    await w.terminate();
    if ('hang' in result) {
      findings.push({ target: name, index: result.hang, kind: 'hang', message: `input ${result.hang} ran longer than ${timeoutMs} ms` });
      from = result.hang + 1;
    } else if ('error' in result) {
      findings.push({ target: name, index: result.at, kind: result.error.includes('ERR_WORKER_OUT_OF_MEMORY') || /memory/i.test(result.error) ? 'memory' : 'crash', message: `worker died: ${result.error}` });
      from = result.at + 1;
    } else {
      findings.push(...result.findings);
      peak = Math.max(peak, result.peakBytes);
      from = per;
    }
  }
  return { findings, seconds: (performance.now() - t0) / 1000, peakArrayBuffersMb: peak / 2 ** 20, peakRssMb: peakRss / 2 ** 20 };
}

const targets = await loadTargets(names);
const report: Record<string, unknown>[] = [];
let total = 0;
console.log(`fuzz: ${targets.length} targets x ${per} inputs, seed ${seed}, timeout ${timeoutMs} ms, memory ${memoryLimit / 2 ** 20} MB`);
for (const t of targets) {
  const r = await runTarget(t.name);
  const count = (k: Finding['kind']) => r.findings.filter((f) => f.kind === k).length;
  console.log(`${t.name.padEnd(14)} ${per} inputs in ${r.seconds.toFixed(1)} s: ${count('crash')} crashes, ${count('hang')} hangs, ${count('memory')} over ${memoryLimit / 2 ** 20} MB (peak ArrayBuffers ${r.peakArrayBuffersMb.toFixed(1)} MB, peak RSS growth ${r.peakRssMb.toFixed(0)} MB)`);
  for (const f of r.findings.slice(0, 10)) console.log(`  ${f.kind} at index ${f.index}: ${f.message.split('\n')[0]}`);
  total += r.findings.length;
  report.push({ target: t.name, inputs: per, seed, seconds: r.seconds, crashes: count('crash'), hangs: count('hang'), memory: count('memory'), peakArrayBuffersMb: r.peakArrayBuffersMb, peakRssMb: r.peakRssMb, findings: r.findings.slice(0, 100) });
}
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
console.log(total === 0 ? 'fuzz: no findings' : `fuzz: ${total} findings`);
process.exitCode = total === 0 ? 0 : 1;
