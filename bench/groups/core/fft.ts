/**
 * Core benchmark: the FFT layer against numpy.fft (pocketfft) and scipy.fft, single-threaded, on
 * the same input (written to a file the peer reads):
 *
 * - complex FFT 1-D, n = 4096 (our FftPlan.forward vs numpy.fft.fft), target <= 1.5;
 * - complex FFT 2-D, 256x256 (Fft2Plan.forward vs numpy.fft.fft2), target <= 1.5;
 * - orthonormal DCT-II, n = 4096 (DctPlan.forward vs scipy.fft.dct(type=2, norm='ortho')),
 *   reported, aim <= 1.5;
 * - lengths that are not powers of two (issue 12: scanner matrices and data-given grids), target
 *   <= 1.0: complex FFT n = 320, 384, 360, 1000 (mixed radix 2/3/4/5), 4095 = 3^2 5 7 13 (generic
 *   odd prime 13), 4097 = 17 x 241 (Bluestein); 2-D 320x320, 230x180 (radix 23), 368x640;
 *   DCT-II n = 1000 (a 500-point mixed-radix FFT).
 *
 * - the same 1-D FFT on the JavaScript stages only (the fallback where WebAssembly SIMD is
 *   missing): informational, no target (about 1.4 on a quiet machine; the issue's 1.5 target is
 *   for the default path above).
 *
 * Accuracy rule (every row): ours' round-trip error max|inv(fwd(x)) - x| / max|x| is at most
 * 1e-14 and our forward transform agrees with the peer's to max|ours - peer| / max|peer| <= 1e-13.
 * Errors: each side's round-trip error (the peer's from numpy/scipy's own inverse); the agreement
 * is in the row's detail.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dctPlan } from '../../../src/core/fft/dct.ts';
import { bluesteinLength } from '../../../src/core/fft/factor.ts';
import { fft2Plan } from '../../../src/core/fft/fft2.ts';
import { fftPlan } from '../../../src/core/fft/plan.ts';
import { setFftWasm } from '../../../src/core/fft/wasm.ts';
import { createRng } from '../../../src/core/rng/index.ts';
import type { BenchCase } from '../../harness.ts';
import { atMost } from '../../verdict.ts';

const DIR = 'bench/results';

function maxRel(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

type Kind = 'fft1d' | 'fft2d' | 'dct';

function fftCase(kind: Kind, ny: number, nx: number, jsOnly = false, target = 1.5): BenchCase {
  const tag = `fft-${kind}-${ny}x${nx}`;
  const input = `${DIR}/${tag}.input.f64`;
  const peerOut = `${DIR}/${tag}.peer.f64`;
  const label =
    kind === 'fft1d'
      ? `complex FFT 1-D n=${nx}`
      : kind === 'fft2d'
        ? `complex FFT 2-D ${ny}x${nx}`
        : `DCT-II ortho n=${nx}`;
  let agreement: number | null = null;
  return {
    name: jsOnly ? `${label}, JS stages` : label,
    target: jsOnly ? null : target,
    ...(jsOnly
      ? { informational: 'our no-SIMD fallback (JavaScript stages); the target is carried by the default path' }
      : {}),
    accuracy: {
      rule: 'round trip max|inv(fwd x) - x| / max|x| <= 1e-14, and forward within 1e-13 (max-relative) of the peer',
      check: (ours) => atMost(ours, 1e-14) && atMost(agreement, 1e-13),
    },
    ours: () => {
      const len = (kind === 'dct' ? 1 : 2) * ny * nx;
      const x = createRng(4096, 11).fillNormal(new Float64Array(len), 0, 1);
      mkdirSync(DIR, { recursive: true });
      writeFileSync(input, new Uint8Array(x.buffer));
      rmSync(peerOut, { force: true }); // a stale output must not pass for this run's peer
      const y = new Float64Array(len);
      const back = new Float64Array(len);
      let run: () => unknown;
      let inverse: () => unknown;
      if (kind === 'fft1d' && jsOnly) {
        const p = fftPlan(nx);
        run = () => {
          setFftWasm(false);
          p.forward(x, y);
          setFftWasm(true);
        };
        inverse = () => p.inverse(y, back);
      } else if (kind === 'fft1d') {
        const p = fftPlan(nx);
        run = () => p.forward(x, y);
        inverse = () => p.inverse(y, back);
      } else if (kind === 'fft2d') {
        const p = fft2Plan(ny, nx);
        run = () => p.forward(x, y);
        inverse = () => p.inverse(y, back);
      } else {
        const p = dctPlan(nx);
        run = () => p.forward(x, y);
        inverse = () => p.inverse(y, back);
      }
      return {
        run,
        error: () => {
          run();
          inverse();
          if (existsSync(peerOut)) agreement = maxRel(y, new Float64Array(readFileSync(peerOut).buffer.slice(0)));
          return maxRel(back, x);
        },
        detail: () =>
          agreement === null ? 'no peer output to compare with' : `forward vs peer: max|ours - peer| / max|peer| = ${agreement.toExponential(1)}`,
      };
    },
    peer: {
      cmd: ['/usr/bin/python3', 'bench/peers/fft.py', kind, input, String(ny), String(nx), peerOut],
      env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      pkg: kind === 'dct' ? 'python3-scipy' : 'python3-numpy',
    },
    note: jsOnly
      ? 'the no-SIMD fallback (older browsers), identical results'
      : kind === 'dct'
        ? `ours = Makhoul via a ${nx / 2}-point complex FFT (WebAssembly SIMD stages)${target > 1 ? '; target is an aim' : ''}`
        : `WebAssembly SIMD stages (${stagesNote(kind, ny, nx)}); numpy allocates its output each call (part of its timed call), ours writes into a preallocated buffer`,
  };
}

/** The chain of each axis, e.g. "4.4.4.5" or "Bluestein 8232". */
function stagesNote(kind: Kind, ny: number, nx: number): string {
  const axis = (n: number) => {
    const p = fftPlan(n);
    return p.kernel ? p.kernel.radices.join('.') : `Bluestein over ${bluesteinLength(n)}`;
  };
  return kind === 'fft2d' ? `columns ${axis(ny)}, rows ${axis(nx)}` : axis(nx);
}

export function cases(): BenchCase[] {
  return [
    fftCase('fft1d', 1, 4096),
    fftCase('fft2d', 256, 256),
    fftCase('dct', 1, 4096),
    fftCase('fft1d', 1, 4096, true),
    ...[320, 384, 360, 1000, 4095, 4097].map((n) => fftCase('fft1d', 1, n, false, 1.0)),
    ...[
      [320, 320],
      [230, 180],
      [368, 640],
    ].map(([ny, nx]) => fftCase('fft2d', ny, nx, false, 1.0)),
    fftCase('dct', 1, 1000, false, 1.0),
  ];
}
