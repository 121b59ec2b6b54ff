/**
 * l1-type penalties.
 *
 * - `l1()`: R(x) = ||x||_1 = sum |x_i| (|.| the complex modulus for complex data); prox = soft
 *   thresholding, out_i = x_i max(0, 1 - tau/|x_i|) (Donoho 1995, "De-noising by soft-thresholding").
 *   R* = indicator of the l-inf unit ball, prox of R* = projection (clip to |z_i| <= 1).
 * - `weightedL1(w)`: R(x) = sum w_i |x_i| (w_i >= 0); threshold tau w_i (Candes, Wakin & Boyd 2008).
 * - `l1Transform(W)`: R(x) = ||W x||_1 for a unitary W (e.g. an orthonormal wavelet): prox =
 *   W^H soft(W x, tau) exactly, because W is orthonormal. For a non-orthonormal W use a
 *   primal-dual solver (Chambolle-Pock) instead.
 *
 * @example
 * import { l1 } from './l1.ts';
 * l1().prox(Float64Array.of(3, -0.5, -2), 1, new Float64Array(3)); // [2, 0, -1]
 */
import { CandorError, checkFinite, describe } from '../core/errors.ts';
import type { LinearOperator } from '../linops/types.ts';
import { checkSameLength, checkTau, type Prox } from './types.ts';

function softReal(x: Float64Array, t: number, out: Float64Array, w: Float64Array | null): void {
  for (let i = 0; i < x.length; i++) {
    const th = w ? t * w[i] : t;
    const v = x[i];
    out[i] = v > th ? v - th : v < -th ? v + th : 0;
  }
}

function softComplex(x: Float64Array, t: number, out: Float64Array, w: Float64Array | null): void {
  const n = x.length >> 1;
  for (let i = 0; i < n; i++) {
    const th = w ? t * w[i] : t;
    const a = x[2 * i];
    const b = x[2 * i + 1];
    const m = Math.sqrt(a * a + b * b);
    const s = m > th ? 1 - th / m : 0;
    out[2 * i] = a * s;
    out[2 * i + 1] = b * s;
  }
}

function clip(x: Float64Array, out: Float64Array, complex: boolean, w: Float64Array | null): void {
  if (!complex) {
    for (let i = 0; i < x.length; i++) {
      const r = w ? w[i] : 1;
      const v = x[i];
      out[i] = v > r ? r : v < -r ? -r : v;
    }
    return;
  }
  const n = x.length >> 1;
  for (let i = 0; i < n; i++) {
    const r = w ? w[i] : 1;
    const a = x[2 * i];
    const b = x[2 * i + 1];
    const m = Math.sqrt(a * a + b * b);
    const s = m > r ? r / m : 1;
    out[2 * i] = a * s;
    out[2 * i + 1] = b * s;
  }
}

function l1Value(x: Float64Array, complex: boolean, w: Float64Array | null): number {
  let s = 0;
  if (!complex) {
    for (let i = 0; i < x.length; i++) s += (w ? w[i] : 1) * Math.abs(x[i]);
  } else {
    const n = x.length >> 1;
    for (let i = 0; i < n; i++) s += (w ? w[i] : 1) * Math.hypot(x[2 * i], x[2 * i + 1]);
  }
  return s;
}

function makeL1(name: string, complex: boolean, w: Float64Array | null): Prox {
  const where = `${name}.prox`;
  const checkLen = (x: Float64Array, out: Float64Array, fn: string) => {
    checkSameLength(`${name}.${fn}`, x, out, w ? (complex ? 2 : 1) * w.length : undefined);
    if (complex && x.length % 2) throw new CandorError(`${name}.${fn}`, 'x length', 'an even length (complex interleaved)', String(x.length));
  };
  return {
    name,
    complex,
    value: (x) => l1Value(x, complex, w),
    prox(x, tau, out) {
      checkTau(where, tau);
      checkLen(x, out, 'prox');
      (complex ? softComplex : softReal)(x, tau, out, w);
      return out;
    },
    proxConj(x, sigma, out) {
      checkTau(`${name}.proxConj`, sigma);
      checkLen(x, out, 'proxConj');
      clip(x, out, complex, w);
      return out;
    },
    withField: (c) => makeL1(name, c, w),
  };
}

/** R(x) = ||x||_1 (complex: sum of moduli). */
export function l1(opts: { complex?: boolean } = {}): Prox {
  return makeL1('l1', opts.complex ?? false, null);
}

/** R(x) = sum_i w_i |x_i| with finite weights w_i >= 0. */
export function weightedL1(w: Float64Array, opts: { complex?: boolean } = {}): Prox {
  if (!(w instanceof Float64Array) || w.length === 0) {
    throw new CandorError('weightedL1', 'weights', 'a non-empty Float64Array', describe(w));
  }
  checkFinite('weightedL1', 'weights', w);
  for (let i = 0; i < w.length; i++) {
    if (w[i] < 0) throw new CandorError('weightedL1', `weights[${i}]`, 'a weight >= 0', String(w[i]));
  }
  return makeL1('weightedL1', opts.complex ?? false, w.slice());
}

/** R(x) = ||W x||_1 for a unitary operator W (orthonormal wavelets, DCT, DFT). */
export function l1Transform(W: LinearOperator, opts: { complex?: boolean } = {}): Prox {
  if (W.structure !== 'unitary') {
    throw new CandorError(
      'l1Transform',
      `operator ${W.name}`,
      "a unitary operator (structure 'unitary'; use chambollePock for analysis-l1 with other operators)",
      `structure '${W.structure}'`,
    );
  }
  const build = (complex: boolean): Prox => {
    if (W.field === 'complex' && !complex) return build(true);
    const inner = l1({ complex });
    const len = (complex ? 2 : 1) * W.cols;
    const c = new Float64Array(len);
    const d = new Float64Array(len);
    const name = `l1Transform(${W.name})`;
    return {
      name,
      complex,
      value(x) {
        W.apply(x, c);
        return inner.value(c);
      },
      prox(x, tau, out) {
        checkTau(`${name}.prox`, tau);
        checkSameLength(`${name}.prox`, x, out, len);
        W.apply(x, c);
        inner.prox(c, tau, d);
        return W.adjoint(d, out);
      },
      proxConj(x, sigma, out) {
        checkTau(`${name}.proxConj`, sigma);
        checkSameLength(`${name}.proxConj`, x, out, len);
        W.apply(x, c);
        inner.proxConj(c, sigma, d);
        return W.adjoint(d, out);
      },
      withField: (cx) => build(cx),
    };
  };
  return build(opts.complex ?? W.field === 'complex');
}
