/**
 * BART from the benchmarks: one `pics` run scored with `bart nrmse -s`, and the iteration sweep
 * that finds the first `-i` whose reconstruction reaches a target NRMSE (BART 0.8 prints no
 * per-iteration error it could be stopped by: its `-T truth` monitor compares the iterate, still
 * in BART's scaled units, with the unscaled truth, and without the optimal scale of `nrmse -s`).
 *
 * A pics run with `-i j` is the first j iterations of any longer run (FISTA's and ADMM's steps do
 * not depend on the cap, and BART seeds its cycle-spinning generator the same way every run), so
 * the sweep j = 1, 2, ... reads one error curve, one process per point, at one thread.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ONE_THREAD = { ...process.env, OMP_NUM_THREADS: '1' };

/** `bart version`, or null when bart is not installed. */
export function bartVersion(): string | null {
  try {
    return execFileSync('bart', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** NRMSE (`bart nrmse -s truth`) of `bart pics -S <opts> -i <iters>` on <dir>/kspace and sens, one thread. */
export function picsNrmse(dir: string, opts: string[], iters: number, out = 'recon-sweep'): number {
  execFileSync('bart', ['pics', '-S', ...opts, '-i', String(iters), 'kspace', 'sens', out], {
    cwd: dir,
    stdio: 'pipe',
    env: ONE_THREAD,
  });
  const text = execFileSync('bart', ['nrmse', '-s', 'truth', out], { cwd: dir, encoding: 'utf8', env: ONE_THREAD });
  const v = Number(text.trim().split('\n').pop());
  if (!Number.isFinite(v)) throw new Error(`bench mri: bart nrmse: expected a number, got ${JSON.stringify(text)}`);
  return v;
}

export interface Sweep {
  /** The first -i whose NRMSE is at most the target, or null when none up to the cap. */
  first: number | null;
  /** [iterations, NRMSE] for every -i tried, 1 .. first (or the cap). */
  curve: [number, number][];
}

/**
 * The first `-i` in 1..cap whose NRMSE is at most `target`, by running pics at each in turn.
 * The result is cached in `cacheFile`, keyed by the input files, the options, the target, the cap
 * and BART's version, so a second bench run does not repeat a sweep of the same problem.
 */
export function bartFirstReaching(dir: string, opts: string[], target: number, cap: number, cacheFile: string): Sweep {
  const h = createHash('sha256');
  for (const f of ['kspace.cfl', 'kspace.hdr', 'sens.cfl', 'truth.cfl']) h.update(readFileSync(join(dir, f)));
  h.update(JSON.stringify({ opts, target, cap, version: bartVersion() }));
  const key = h.digest('hex');
  if (existsSync(cacheFile)) {
    const c = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key: string } & Sweep;
    if (c.key === key) return { first: c.first, curve: c.curve };
  }
  const curve: [number, number][] = [];
  let first: number | null = null;
  for (let i = 1; i <= cap; i++) {
    const e = picsNrmse(dir, opts, i);
    curve.push([i, e]);
    if (e <= target) {
      first = i;
      break;
    }
  }
  writeFileSync(cacheFile, `${JSON.stringify({ key, first, curve })}\n`);
  return { first, curve };
}
