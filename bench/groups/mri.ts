/**
 * MRI benchmark (issue 6): ours against BART 0.8 `pics` on the acceptance case, Shepp-Logan
 * 256x256, Poisson-disc mask at acceleration ~4.5 with a 24x24 fully sampled centre, single coil,
 * noiseless; and the same on slice (z 12, t 0) of the real EPI volume nibabel_example4d.nii.gz
 * (128x96 magnitude image; its k-space is simulated from it, 12x12 centre). Both sides read the identical k-space (our simulation, written as CFL with the
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
import { nrmseScaled } from '../../src/core/imaging/metrics.ts';
import { sheppLogan } from '../../src/apps/mri/phantom.ts';
import { type ReconMethod, reconstruct } from '../../src/apps/mri/recon/reconstruct.ts';
import { niftiSlice } from '../../src/io/nifti.ts';
import { readNiftiFile, writeCflFiles } from '../../src/io/node/formats.ts';
import type { BenchCase } from '../harness.ts';

const EPI = '../shared/data/mri/nibabel_example4d.nii.gz';

type Source = 'phantom' | 'epi';

/** The image: the phantom 256x256 or slice (z 12, t 0) of the EPI volume (128x96, magnitude). */
function image(src: Source): { truth: Float64Array; ny: number; nx: number } {
  if (src === 'phantom') return { truth: sheppLogan(256), ny: 256, nx: 256 };
  const s = niftiSlice(readNiftiFile(EPI), 12, 0);
  return { truth: s.data, ny: s.shape[0], nx: s.shape[1] };
}

function setup(src: Source) {
  const dir = `bench/results/mri-${src}`;
  const { truth, ny, nx } = image(src);
  const m = poissonDiscMask(ny, nx, { acceleration: 4.5, calib: src === 'phantom' ? 24 : 12, seed: 1 });
  const { kspace } = simulateKspace(truth, ny, nx, { mask: m.mask });
  mkdirSync(dir, { recursive: true });
  writeCflFiles(`${dir}/kspace`, { shape: [ny, nx], data: kspace, complex: true });
  writeCflFiles(`${dir}/truth`, { shape: [ny, nx], data: truth, complex: false });
  writeCflFiles(`${dir}/sens`, { shape: [ny, nx], data: new Float64Array(ny * nx).fill(1), complex: false });
  return { dir, truth, acq: acquisition(kspace, m.mask, ny, nx), acceleration: m.acceleration };
}

const shared: Partial<Record<Source, ReturnType<typeof setup>>> = {};

/** BART's NRMSE for the case (one pics run), or null when bart is missing. */
function bartNrmse(DIR: string, reg: string[], iters: number): number | null {
  try {
    execFileSync('bart', ['pics', '-S', ...reg, '-i', String(iters), 'kspace', 'sens', 'recon-ref'], { cwd: DIR, stdio: 'pipe' });
    const out = execFileSync('bart', ['nrmse', '-s', 'truth', 'recon-ref'], { cwd: DIR, encoding: 'utf8' });
    return Number(out.trim().split('\n').pop());
  } catch {
    return null;
  }
}

function mriCase(src: Source, method: ReconMethod, bartMethod: 'l1' | 'tv', threads: 1 | 2): BenchCase {
  const reg = bartMethod === 'l1' ? ['-l1', '-r', '0.005'] : ['-R', 'T:3:0:0.005'];
  let iters = 100;
  let oursErr = Number.NaN;
  let defaultErr = Number.NaN;
  const DIR = `bench/results/mri-${src}`;
  return {
    name: `${method} ${src === 'phantom' ? 'SL 256' : 'EPI 128x96'} poisson R4.5 vs pics ${reg.join(' ')} (OMP ${threads})`,
    target: 1.0,
    pairs: 5,
    minSeconds: 1,
    ours: () => {
      shared[src] ??= setup(src);
      const { truth, acq } = shared[src] as ReturnType<typeof setup>;
      const target = bartNrmse(DIR, reg, 100);
      defaultErr = nrmseScaled(reconstruct(acq, { method }).image, truth);
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
      return `ours: ${iters} iterations to reach BART's NRMSE (single thread); with the defaults (100 iterations) ours is ${defaultErr.toFixed(4)}; NRMSE = bart nrmse -s against the truth`;
    },
  };
}

export function cases(): BenchCase[] {
  return [
    mriCase('phantom', 'l1-wavelet', 'l1', 1),
    mriCase('phantom', 'l1-wavelet', 'l1', 2),
    mriCase('phantom', 'tv', 'tv', 1),
    mriCase('phantom', 'tv', 'tv', 2),
    mriCase('epi', 'l1-wavelet', 'l1', 1),
    mriCase('epi', 'l1-wavelet', 'l1', 2),
    mriCase('epi', 'tv', 'tv', 1),
  ];
}
