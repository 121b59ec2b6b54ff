/**
 * Theory benchmark cases: the mutual coherence of a 2-D partial Fourier mask (25% random samples)
 * by the fast PSF route (src/predict/psf.ts, O(n log n)) against the dense Gram route
 * (src/predict/coherence.ts, n^2 m / 2 complex multiply-adds), ours against ours, and the fast route
 * against numpy's FFT at 256 x 256.
 *
 * Ours-vs-ours runs the dense route as the harness's peer process: this file started with
 * `dense-peer <size>` builds the same mask (same seed) and serves bench/peers/proto.py's line
 * protocol, so the two routes alternate A B A B like any peer. The dense route at 256 x 256
 * (65536 columns) is infeasible (n^2 m / 2 = 5.6e13 multiply-adds, 8 GB of columns); 32 x 32 and
 * 48 x 48 are timed (64 x 64 takes ~30 s per call here, measured once, see docs/theory-certify.md).
 * Agreement of the two routes is reported in the "ours err" column (absolute difference).
 *
 * Gates: the ours-vs-ours rows are informational (no target); accuracy rule |fast - dense| <=
 * 1e-12. The 256 x 256 row against numpy's PSF (the same FFT route) carries the target 2;
 * accuracy rule |mu_ours - mu_numpy| <= 1e-12 mu (one agreement number, reported by the peer,
 * which reads our coherence from the file beside the mask). The Fourier-wavelet row runs ours
 * alone (informational; no reference at this size: test/theory checks the TPSF route against the
 * dense Gram route on small grids).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRng } from '../../../src/core/rng/index.ts';
import { partialDft2 } from '../../../src/linops/fourier.ts';
import { mutualCoherence } from '../../../src/predict/coherence.ts';
import { fourierCoherence } from '../../../src/predict/psf.ts';
import { fourierWaveletCoherence } from '../../../src/predict/tpsf.ts';
import { type BenchCase, timeCall } from '../../harness.ts';
import { atMost } from '../../verdict.ts';

const FRACTION = 0.25;
const SEED = 2024;

/** The seeded 25% random mask on an s x s grid. */
export function benchMask(s: number): Uint8Array {
  const n = s * s;
  const m = Math.round(FRACTION * n);
  const mask = new Uint8Array(n);
  for (const i of createRng(SEED, s).sampleWithoutReplacement(n, m, new Int32Array(m))) mask[i] = 1;
  return mask;
}

function dense(s: number, mask: Uint8Array): number {
  return mutualCoherence(partialDft2(s, s, mask)).coherence;
}

function fastVsDense(s: number): BenchCase {
  return {
    name: `coherence ${s}x${s} partial Fourier (25%): fast PSF vs dense Gram (ours vs ours)`,
    target: null,
    informational: 'two of our own routes (the dense Gram route runs as the peer process)',
    accuracy: { rule: '|mu_fast - mu_dense| <= 1e-12', check: (ours) => atMost(ours, 1e-12) },
    ours: () => {
      const mask = benchMask(s);
      const mu = fourierCoherence([s, s], mask).coherence;
      const ref = dense(s, mask);
      return { run: () => fourierCoherence([s, s], mask), error: () => Math.abs(mu - ref) };
    },
    peer: {
      cmd: [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), 'dense-peer', String(s)],
      pkg: 'nodejs (the dense route runs in a second Node process)',
    },
    minSeconds: 0.05,
    note: `peer = Candor's dense Gram route (gather ${s * s} columns, n^2 m/2 complex multiply-adds) in its own process; ours err = |fast - dense|`,
  };
}

export function cases(): BenchCase[] {
  let mu256 = Number.NaN;
  return [
    fastVsDense(32),
    fastVsDense(48),
    {
      name: 'coherence 256x256 partial Fourier (25%): fast PSF vs numpy ifft2 PSF',
      target: 2,
      accuracy: {
        rule: '|mu_ours - mu_numpy| <= 1e-12 mu_ours (one agreement number: the peer err column)',
        check: (_, diff) => atMost(diff, 1e-12 * mu256),
      },
      ours: () => {
        const mask = benchMask(256);
        const mu = fourierCoherence([256, 256], mask).coherence;
        mu256 = mu;
        mkdirSync('bench/results', { recursive: true });
        writeFileSync('bench/results/coherence-mask-256.bin', mask);
        writeFileSync('bench/results/coherence-mask-256.json', JSON.stringify({ size: 256, coherence: mu }));
        return {
          run: () => fourierCoherence([256, 256], mask),
          detail: () => `mu_ours = ${mu}`,
        };
      },
      peer: {
        cmd: ['/usr/bin/python3', 'bench/peers/coherence.py', 'bench/results/coherence-mask-256.bin', '256'],
        env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
        pkg: 'python3-numpy',
      },
      note: 'same mask file; peer err = |mu_numpy - mu_ours| (numpy reads our mu from the file beside the mask); the dense Gram route is infeasible at 65536 columns',
    },
    {
      name: 'Fourier-wavelet coherence 256x256 (25%, db4, 5 levels, centred): TPSF by 16 band columns',
      target: null,
      informational: 'ours alone: no peer computes the Fourier-wavelet coherence',
      accuracy: {
        rule: 'none at this size (test/theory checks the TPSF route against the dense Gram route on small grids)',
        check: () => null,
      },
      ours: () => {
        const mask = benchMask(256);
        return {
          run: () => fourierWaveletCoherence([256, 256], mask, { centered: true }),
          error: () => null,
        };
      },
      minSeconds: 0.5,
      note: 'ours alone: one Gram column per wavelet band (3 levels + 1), each a synthesis, two FFTs and an analysis',
    },
  ];
}

/** Peer mode: the dense route for one size, served over the harness line protocol. */
async function servePeer(s: number): Promise<void> {
  const mask = benchMask(s);
  const mu = dense(s, mask);
  process.stdout.write(
    `${JSON.stringify({ peer: `candor dense Gram route (${s * s} columns)`, error: null, coherence: mu })}\n`,
  );
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (!cmd || cmd === 'quit') break;
    if (cmd === 'run') {
      const seconds = await timeCall(() => dense(s, mask), Number(arg));
      process.stdout.write(`${JSON.stringify({ seconds })}\n`);
    }
  }
  rl.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'dense-peer') {
  await servePeer(Number(process.argv[3]));
}
