/**
 * Core benchmark: orthonormal periodized wavelets, db4 level 4 on a 256x256 image, forward and
 * inverse (our Wavelet2Plan.forward + inverse vs PyWavelets `wavedec2` + `waverec2`, mode
 * 'periodization'), real and complex. Both sides transform the same array (written to a file the
 * peer reads). Accuracy: each side's reconstruction error max|x' - x| / max|x|; ours also states
 * the agreement of our coefficients with PyWavelets' `coeffs_to_array` output. Target <= 1.0.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRng } from '../../../src/core/rng/index.ts';
import { planWavelet2 } from '../../../src/core/wavelets/plan2.ts';
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

function waveletCase(n: number, wavelet: string, levels: number, complex: boolean): BenchCase {
  const kind = complex ? 'complex' : 'real';
  const tag = `wavelets-${wavelet}-L${levels}-${n}x${n}-${kind}`;
  const input = `${DIR}/${tag}.input.f64`;
  const peerOut = `${DIR}/${tag}.pywt.f64`;
  let agreement: number | null = null;
  return {
    name: `${wavelet} level ${levels} ${n}x${n} ${kind} fwd+inv`,
    target: 1.0,
    accuracy: {
      rule: 'reconstruction max|x\' - x| / max|x| <= 1e-13, coefficients within 1e-12 (max-relative) of PyWavelets',
      check: (ours) => atMost(ours, 1e-13) && atMost(agreement, 1e-12),
    },
    ours: () => {
      const len = (complex ? 2 : 1) * n * n;
      // a smooth image plus Gaussian noise, seeded
      const x = createRng(2024, 7).fillNormal(new Float64Array(len), 0, 0.1);
      for (let i = 0; i < len; i++) x[i] += Math.cos((i % (2 * n)) / 17) * Math.sin(i / (n * 23));
      mkdirSync(DIR, { recursive: true });
      writeFileSync(input, new Uint8Array(x.buffer));
      rmSync(peerOut, { force: true }); // never judge by a stale file
      const p = planWavelet2(n, n, { wavelet, levels });
      const c = new Float64Array(len);
      const y = new Float64Array(len);
      const run = complex
        ? () => {
            p.forwardComplex(x, c);
            p.inverseComplex(c, y);
          }
        : () => {
            p.forward(x, c);
            p.inverse(c, y);
          };
      return {
        run,
        error: () => {
          run();
          if (existsSync(peerOut)) agreement = maxRel(c, new Float64Array(readFileSync(peerOut).buffer.slice(0)));
          return maxRel(y, x);
        },
        detail: () =>
          agreement === null ? 'no peer output to compare with' : `coefficients vs PyWavelets: max-relative ${agreement.toExponential(1)}`,
      };
    },
    peer: {
      cmd: [
        '/usr/bin/python3',
        'bench/peers/wavelets.py',
        input,
        String(n),
        String(n),
        wavelet,
        String(levels),
        kind,
        peerOut,
      ],
      env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      pkg: 'python3-pywt',
    },
    note: complex
      ? 'complex interleaved: ours transforms re/im in one pass; PyWavelets transforms the real and imaginary parts separately'
      : undefined,
  };
}

export function cases(): BenchCase[] {
  return [waveletCase(256, 'db4', 4, false), waveletCase(256, 'db4', 4, true)];
}
