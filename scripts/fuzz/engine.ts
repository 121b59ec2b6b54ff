/**
 * Runs a fuzz target over a range of input indices: input i is generated from its own seeded
 * stream `createRng(seed, i)`, so any finding is reproduced by (target, seed, index) alone. A
 * crash is any exception the target does not document; memory is the ArrayBuffer bytes alive
 * after the call (its result kept alive, a garbage collection first when one is available), over
 * `memoryLimit` a finding. Hangs are caught by the caller (./run.ts watches `progress`).
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { CandorError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/rng/index.ts';
import type { FuzzInput, FuzzTarget } from './types.ts';

export interface Finding {
  target: string;
  index: number;
  kind: 'crash' | 'hang' | 'memory';
  message: string;
}

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

/** A short description of an input for reports. */
export function describeInput(x: FuzzInput): string {
  if (x instanceof Uint8Array) return `${x.length} bytes`;
  if (typeof x === 'string') return `text of ${x.length} chars`;
  return (JSON.stringify(x) ?? String(x)).slice(0, 200);
}

export interface RangeOptions {
  seed: number;
  from: number;
  to: number;
  memoryLimit: number;
  /** Called before each input with its index. */
  progress?: (i: number) => void;
}

/** Runs inputs [from, to) of `target`; returns the findings (crashes and memory). */
export function runRange(target: FuzzTarget, seeds: FuzzInput[], opts: RangeOptions): { findings: Finding[]; peakBytes: number } {
  const findings: Finding[] = [];
  const expected = target.expected ?? ((e: unknown) => e instanceof CandorError);
  gc();
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  const alive: unknown[] = [null]; // the result, kept alive while memory is measured
  for (let i = opts.from; i < opts.to; i++) {
    opts.progress?.(i);
    const input = target.generate(createRng(opts.seed, i), seeds);
    try {
      alive[0] = target.run(input);
    } catch (e) {
      if (!expected(e)) {
        const msg = e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 4).join('\n')}` : String(e);
        findings.push({ target: target.name, index: i, kind: 'crash', message: `${msg} (input: ${describeInput(input)})` });
      }
    }
    let used = process.memoryUsage().arrayBuffers - base;
    if (used > opts.memoryLimit) {
      gc();
      used = process.memoryUsage().arrayBuffers - base;
      if (used > opts.memoryLimit) findings.push({ target: target.name, index: i, kind: 'memory', message: `${(used / 2 ** 20).toFixed(0)} MB of ArrayBuffers alive after the call (input: ${describeInput(input)})` });
    }
    if (used > peak) peak = used;
    alive[0] = null;
    if (i % 256 === 255) gc();
  }
  return { findings, peakBytes: peak };
}
