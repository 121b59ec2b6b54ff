/**
 * The indicator of the scaled simplex {x : x >= 0, sum x = t} (nonnegative images of a known
 * total flux t, as radio imaging constrains them). Its prox is the Euclidean projection, for any
 * tau: x_i = max(v_i - theta, 0) with theta the unique root of sum max(v_i - theta, 0) = t, found
 * by Condat's algorithm (expected O(n); L. Condat, "Fast projection onto the simplex and the l1
 * ball", Math. Program. 158 (2016) 575, Algorithm 1's online filter with the final cleanup pass).
 * The conjugate's prox follows by Moreau's identity.
 *
 * @example
 * import { simplex } from './simplex.ts';
 * simplex(1).prox(Float64Array.of(1.6, -0.1, 1.3), 1, new Float64Array(3)); // [0.65, 0, 0.35]
 */
import { CandorError, describe } from '../core/errors.ts';
import { checkSameLength, checkTau, moreauConj, type Prox } from './types.ts';

/** The projection of v onto {x >= 0, sum x = t} into out (t > 0); `work` (2n integers) is scratch. */
export function projectSimplex(v: Float64Array, t: number, out: Float64Array, work: Int32Array = new Int32Array(2 * v.length)): Float64Array {
  const n = v.length;
  if (n === 0) return out;
  // Condat 2016, Algorithm 1 (the filter keeps candidates y with y > rho)
  const cand = work.subarray(0, n);
  const waste = work.subarray(n, 2 * n);
  let nc = 1;
  let nw = 0;
  cand[0] = 0;
  let rho = v[0] - t;
  for (let i = 1; i < n; i++) {
    const y = v[i];
    if (y > rho) {
      rho += (y - rho) / (nc + 1);
      if (rho > y - t) cand[nc++] = i;
      else {
        for (let k = 0; k < nc; k++) waste[nw++] = cand[k];
        cand[0] = i;
        nc = 1;
        rho = y - t;
      }
    }
  }
  for (let k = 0; k < nw; k++) {
    const y = v[waste[k]];
    if (y > rho) {
      cand[nc++] = waste[k];
      rho += (y - rho) / nc;
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    let m = 0;
    let s = 0;
    for (let k = 0; k < nc; k++) {
      const y = v[cand[k]];
      if (y > rho) {
        cand[m++] = cand[k];
        s += y;
      } else changed = true;
    }
    nc = m;
    rho = (s - t) / nc;
  }
  for (let i = 0; i < n; i++) {
    const d = v[i] - rho;
    out[i] = d > 0 ? d : 0;
  }
  return out;
}

/** The indicator of {x >= 0, sum x = t} (see above). */
export function simplex(total: number): Prox {
  if (typeof total !== 'number' || !(total > 0) || !Number.isFinite(total)) throw new CandorError('simplex', 'total', 'a positive finite total (the sum of x)', describe(total));
  const t = total;
  let scratch: Float64Array | null = null;
  let work: Int32Array | null = null;
  const self: Prox = {
    name: `simplex(${t})`,
    complex: false,
    value(x) {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i] < -1e-12 * t) return Infinity;
        s += x[i];
      }
      return Math.abs(s - t) <= 1e-9 * t ? 0 : Infinity;
    },
    prox(x, tau, out) {
      checkTau('simplex.prox', tau);
      checkSameLength('simplex.prox', x, out);
      if (!work || work.length !== 2 * x.length) work = new Int32Array(2 * x.length);
      return projectSimplex(x, t, out, work);
    },
    proxConj(x, sigma, out) {
      checkTau('simplex.proxConj', sigma);
      checkSameLength('simplex.proxConj', x, out);
      if (!scratch || scratch.length !== x.length) scratch = new Float64Array(x.length);
      return moreauConj(self, x, sigma, out, scratch);
    },
    withField(c) {
      if (c) throw new CandorError('simplex', 'data', 'real vectors (the simplex is a set of real vectors)', 'complex data');
      return self;
    },
  };
  return self;
}
