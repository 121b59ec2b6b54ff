/**
 * MRI benchmark (issue 6): ours against BART 0.8 `pics` on the acceptance case, Shepp-Logan
 * 256x256, Poisson-disc mask at acceleration ~4.5 with a 24x24 fully sampled centre, single coil,
 * noiseless. Both sides read the identical k-space (our simulation, written as CFL with the
 * mask's zeros, and a coil map of ones). Accuracy: NRMSE as `bart nrmse -s` (ours: nrmseScaled,
 * the same definition) against the phantom.
 *
 * Equal accuracy: BART runs its stated iterations (`-l1 -r 0.005 -i 100`, `-R T:3:0:0.005 -i 100`);
 * ours stops at the first iteration whose NRMSE is at most BART's (found once at setup with the
 * truth, then timed as a plain run with that maxIter). BART's time is its own "Total Time" (no
 * process start or file I/O), with OMP_NUM_THREADS = 1 and 2; ours is single-threaded.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { acquisition } from '../../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../../src/apps/mri/masks/index.ts';
import { nrmseScaled } from '../../src/apps/mri/metrics.ts';
import { sheppLogan } from '../../src/apps/mri/phantom.ts';
import { type ReconMethod, reconstruct } from '../../src/apps/mri/recon/reconstruct.ts';
import { writeCflFiles } from '../../src/io/node/formats.ts';
import type { BenchCase } from '../harness.ts';

const DIR = 'bench/results/mri';
const N = 256;

function setup() {
  const truth = sheppLogan(N);
  const m = poissonDiscMask(N, N, { acceleration: 4.5, calib: 24, seed: 1 });
  const { kspace } = simulateKspace(truth, N, N, { mask: m.mask });
  mkdirSync(DIR, { recursive: true });
  writeCflFiles(`${DIR}/kspace`, { shape: [N, N], data: kspace, complex: true });
  writeCflFiles(`${DIR}/truth`, { shape: [N, N], data: truth, complex: false });
  writeCflFiles(`${DIR}/sens`, { shape: [N, N], data: new Float64Array(N * N).fill(1), complex: false });
  return { truth, acq: acquisition(kspace, m.mask, N, N), acceleration: m.acceleration };
}

let shared: ReturnType<typeof setup> | null = null;

/** BART's NRMSE for the case (one pics run), or null when bart is missing. */
function bartNrmse(reg: string[], iters: number): number | null {
  try {
    execFileSync('bart', ['pics', '-S', ...reg, '-i', String(iters), 'kspace', 'sens', 'recon-ref'], { cwd: DIR, stdio: 'pipe' });
    const out = execFileSync('bart', ['nrmse', '-s', 'truth', 'recon-ref'], { cwd: DIR, encoding: 'utf8' });
    return Number(out.trim().split('\n').pop());
  } catch {
    return null;
  }
}

function mriCase(method: ReconMethod, bartMethod: 'l1' | 'tv', threads: 1 | 2): BenchCase {
  const reg = bartMethod === 'l1' ? ['-l1', '-r', '0.005'] : ['-R', 'T:3:0:0.005'];
  let iters = 100;
  let oursErr = Number.NaN;
  return {
    name: `${method} SL 256 poisson R4.5 vs pics ${reg.join(' ')} (OMP ${threads})`,
    target: 1.0,
    pairs: 5,
    minSeconds: 1,
    ours: () => {
      shared ??= setup();
      const { truth, acq } = shared;
      const target = bartNrmse(reg, 100);
      // first iteration whose NRMSE is at most BART's (or the default run when bart is missing)
      if (target !== null) {
        let first = 0;
        reconstruct(acq, {
          method,
          maxIter: 300,
          tol: 0,
          onIterate: (it) => {
            if (first === 0 && nrmseScaled(it.x, truth) <= target) first = it.iteration;
            return first === 0;
          },
        });
        iters = first || 300;
      }
      const run = () => reconstruct(acq, { method, maxIter: iters, tol: 0 });
      oursErr = nrmseScaled(run().image, truth);
      return { run, error: () => oursErr };
    },
    peer: {
      cmd: ['/usr/bin/python3', 'bench/peers/mri_bart.py', DIR, bartMethod, '100', '0.005'],
      env: { OMP_NUM_THREADS: String(threads) },
      pkg: 'bart',
    },
    get note() {
      return `ours: ${iters} iterations to reach BART's NRMSE (single thread); NRMSE = bart nrmse -s against the phantom`;
    },
  };
}

export function cases(): BenchCase[] {
  return [mriCase('l1-wavelet', 'l1', 1), mriCase('l1-wavelet', 'l1', 2), mriCase('tv', 'tv', 1), mriCase('tv', 'tv', 2)];
}
