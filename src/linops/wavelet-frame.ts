/**
 * A concatenation of orthonormal wavelet bases, SARA's dictionary (Carrillo, McEwen & Wiaux,
 * "Sparsity Averaging Reweighted Analysis (SARA): a novel algorithm for radio-interferometric
 * imaging", MNRAS 426 (2012) 1223): the analysis operator
 *
 *     Psi^T x = [W_1 x; W_2 x; ...; W_q x] / sqrt(q)
 *
 * of q orthonormal bases (Daubechies db1 ... db8 by default, each the periodized 2-D transform of
 * ./wavelet.ts, plus the Dirac basis, the identity, when `dirac` is on: q = 9 for SARA). Each
 * W_i^T W_i = I, so Psi Psi^T = sum_i W_i^T W_i / q = I: the analysis operator is an isometry
 * (a Parseval tight frame), `structure: 'isometry'`, its normal is the identity.
 *
 * @example
 * import { waveletFrame2 } from './wavelet-frame.ts';
 * const F = waveletFrame2(16, 16, { levels: 2 });     // [16, 16] -> [9, 16, 16]
 * const x = new Float64Array(256).fill(1);
 * const c = F.apply(x, new Float64Array(9 * 256));    // ||c|| = ||x|| = 16
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { planWavelet2 } from '../core/wavelets/plan2.ts';
import { checkSpec, maxLevels } from '../core/wavelets/levels.ts';
import { defineOperator } from './define.ts';
import type { LinearOperator } from './types.ts';

/** Options of {@link waveletFrame2}. */
export interface WaveletFrameOptions {
  /** The bases (default db1 ... db8, SARA's). */
  wavelets?: readonly string[];
  /** Add the Dirac basis (the pixels themselves; default true). */
  dirac?: boolean;
  /** Levels of every transform (default min(4, the largest valid for the size), SARA's 4). */
  levels?: number;
}

/**
 * The default bases of {@link waveletFrame2}: Daubechies db1 ... db8, as in SARA
 * (Carrillo, McEwen & Wiaux 2012).
 */
export const SARA_WAVELETS: readonly string[] = Object.freeze(['db1', 'db2', 'db3', 'db4', 'db5', 'db6', 'db7', 'db8']);

/** The analysis operator of the concatenated bases (see the file comment). */
export function waveletFrame2(ny: number, nx: number, opts: WaveletFrameOptions = {}): LinearOperator {
  const where = 'waveletFrame2';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  if (typeof opts !== 'object' || opts === null) throw new CandorError(where, 'options', 'an object { wavelets?, dirac?, levels? }', describe(opts));
  const names = opts.wavelets ?? SARA_WAVELETS;
  if (!Array.isArray(names)) throw new CandorError(where, 'wavelets', 'an array of wavelet names (db1 ... db8, haar)', describe(names));
  const dirac = opts.dirac ?? true;
  if (typeof dirac !== 'boolean') throw new CandorError(where, 'dirac', 'true or false', describe(dirac));
  if (names.length + (dirac ? 1 : 0) === 0) throw new CandorError(where, 'bases', 'at least one basis (a wavelet or the Dirac basis)', 'none');
  let levels = opts.levels;
  if (levels === undefined) levels = Math.min(4, maxLevels([ny, nx]));
  const plans = names.map((w) => {
    const s = checkSpec(where, ['ny', 'nx'], [ny, nx], w, levels);
    return planWavelet2(ny, nx, { wavelet: s.filters.name, levels: s.levels });
  });
  const q = plans.length + (dirac ? 1 : 0);
  const f = 1 / Math.sqrt(q);
  const n = ny * nx;
  const t = new Float64Array(n);
  return defineOperator({
    name: `WaveletFrame2(${ny}x${nx}, ${[...names, ...(dirac ? ['dirac'] : [])].join('+')}, levels=${levels})`,
    domain: [ny, nx],
    range: [q, ny, nx],
    field: 'real',
    structure: 'isometry',
    cheapNormal: true,
    apply: (x, out) => {
      for (let b = 0; b < plans.length; b++) {
        const o = out.subarray(b * n, (b + 1) * n);
        plans[b].forward(x, o);
        for (let i = 0; i < n; i++) o[i] *= f;
      }
      if (dirac) {
        const o = plans.length * n;
        for (let i = 0; i < n; i++) out[o + i] = f * x[i];
      }
      return out;
    },
    adjoint: (y, out) => {
      out.fill(0);
      for (let b = 0; b < plans.length; b++) {
        plans[b].inverse(y.subarray(b * n, (b + 1) * n), t);
        for (let i = 0; i < n; i++) out[i] += f * t[i];
      }
      if (dirac) {
        const o = plans.length * n;
        for (let i = 0; i < n; i++) out[i] += f * y[o + i];
      }
      return out;
    },
    normal: (x, out) => {
      out.set(x);
      return out;
    },
  });
}

