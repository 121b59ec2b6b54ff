/**
 * Indicator functions of convex sets (value 0 inside, Infinity outside) and zero.
 *
 * - `nonneg()`: x >= 0; prox = max(x, 0); conjugate = indicator of z <= 0, prox min(z, 0).
 * - `box(lo, hi)`: lo <= x <= hi; prox = clip; conjugate = support function sum max(lo z, hi z).
 * - `l2Ball(radius, center?)`: ||x - c|| <= r (the data-fit constraint ||Ax - y|| <= sigma when
 *   applied to z = Ax with c = y); prox = projection; conjugate <c, z> + r ||z||, whose prox is
 *   block soft thresholding of (z - s c) at s r.
 * - `zero()`: R = 0 (plain least squares), prox = identity.
 *
 * @example
 * import { l2Ball } from './indicators.ts';
 * l2Ball(1).prox(Float64Array.of(3, 4), 1, new Float64Array(2)); // [0.6, 0.8]
 */
import { CandorError, checkFinite, checkNumber, describe } from '../core/errors.ts';
import { checkSameLength, checkTau, type Prox } from './types.ts';

const TOL = 1e-12;

/**
 * Indicator of the nonnegative orthant x >= 0: prox = max(x, 0), conjugate's prox = min(z, 0).
 * Real vectors only (`withField(true)` throws).
 */
export function nonneg(): Prox {
  const self: Prox = {
    name: 'nonneg',
    complex: false,
    value(x) {
      for (let i = 0; i < x.length; i++) if (x[i] < -TOL * (1 + Math.abs(x[i]))) return Infinity;
      return 0;
    },
    prox(x, tau, out) {
      checkTau('nonneg.prox', tau);
      checkSameLength('nonneg.prox', x, out);
      for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : 0;
      return out;
    },
    proxConj(x, sigma, out) {
      checkTau('nonneg.proxConj', sigma);
      checkSameLength('nonneg.proxConj', x, out);
      for (let i = 0; i < x.length; i++) out[i] = x[i] < 0 ? x[i] : 0;
      return out;
    },
    withField(c) {
      if (c) throw new CandorError('nonneg', 'data', 'real vectors (nonnegativity is undefined for complex data)', 'complex data');
      return self;
    },
  };
  return self;
}

/**
 * Indicator of the box lo <= x <= hi (lo <= hi checked): prox = clip to [lo, hi]; the conjugate is
 * the support function sum_i max(lo z_i, hi z_i). Real vectors only (`withField(true)` throws).
 */
export function box(lo: number, hi: number): Prox {
  checkNumber('box', 'lo', lo);
  checkNumber('box', 'hi', hi);
  if (!(lo <= hi)) throw new CandorError('box', 'bounds', 'lo <= hi', `lo = ${lo}, hi = ${hi}`);
  const self: Prox = {
    name: `box[${lo}, ${hi}]`,
    complex: false,
    value(x) {
      const slack = TOL * (1 + Math.max(Math.abs(lo), Math.abs(hi)));
      for (let i = 0; i < x.length; i++) if (x[i] < lo - slack || x[i] > hi + slack) return Infinity;
      return 0;
    },
    prox(x, tau, out) {
      checkTau('box.prox', tau);
      checkSameLength('box.prox', x, out);
      for (let i = 0; i < x.length; i++) out[i] = x[i] < lo ? lo : x[i] > hi ? hi : x[i];
      return out;
    },
    proxConj(x, s, out) {
      checkTau('box.proxConj', s);
      checkSameLength('box.proxConj', x, out);
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        out[i] = v - s * hi > 0 ? v - s * hi : v - s * lo < 0 ? v - s * lo : 0;
      }
      return out;
    },
    withField(c) {
      if (c) throw new CandorError('box', 'data', 'real vectors (a box is undefined for complex data)', 'complex data');
      return self;
    },
  };
  return self;
}

/** Indicator of the Euclidean ball {x : ||x - center|| <= radius} (real or complex interleaved). */
export function l2Ball(radius: number, center?: Float64Array): Prox {
  checkNumber('l2Ball', 'radius', radius, 0);
  if (center !== undefined) {
    if (!(center instanceof Float64Array)) throw new CandorError('l2Ball', 'center', 'a Float64Array', describe(center));
    checkFinite('l2Ball', 'center', center);
  }
  const c = center ? center.slice() : null;
  const build = (complex: boolean): Prox => ({
    name: `l2Ball(${radius})`,
    complex,
    value(x) {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const d = x[i] - (c ? c[i] : 0);
        s += d * d;
      }
      return Math.sqrt(s) <= radius * (1 + TOL) + TOL ? 0 : Infinity;
    },
    prox(x, tau, out) {
      checkTau('l2Ball.prox', tau);
      checkSameLength('l2Ball.prox', x, out, c ? c.length : undefined);
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const d = x[i] - (c ? c[i] : 0);
        s += d * d;
      }
      const nrm = Math.sqrt(s);
      const f = nrm > radius ? radius / nrm : 1;
      for (let i = 0; i < x.length; i++) {
        const ci = c ? c[i] : 0;
        out[i] = ci + f * (x[i] - ci);
      }
      return out;
    },
    proxConj(x, s, out) {
      checkTau('l2Ball.proxConj', s);
      checkSameLength('l2Ball.proxConj', x, out, c ? c.length : undefined);
      let q = 0;
      for (let i = 0; i < x.length; i++) {
        const v = x[i] - s * (c ? c[i] : 0);
        out[i] = v;
        q += v * v;
      }
      const nrm = Math.sqrt(q);
      const f = nrm > s * radius ? 1 - (s * radius) / nrm : 0;
      for (let i = 0; i < x.length; i++) out[i] *= f;
      return out;
    },
    withField: (cx) => build(cx),
  });
  return build(false);
}

/** R = 0: plain least squares. */
export function zero(): Prox {
  const build = (complex: boolean): Prox => ({
    name: 'zero',
    complex,
    value: () => 0,
    prox(x, tau, out) {
      checkTau('zero.prox', tau);
      checkSameLength('zero.prox', x, out);
      out.set(x);
      return out;
    },
    proxConj(x, s, out) {
      checkTau('zero.proxConj', s);
      checkSameLength('zero.proxConj', x, out);
      out.fill(0);
      return out;
    },
    withField: (c) => build(c),
  });
  return build(false);
}
