/**
 * Total variation proxes.
 *
 *     TV_iso(x)   = sum_i sqrt(|(D_0 x)_i|^2 + |(D_1 x)_i|^2)      (isotropic, 2-D)
 *     TV_aniso(x) = sum_i |(D_0 x)_i| + |(D_1 x)_i|                 (anisotropic)
 *     TV_1d(x)    = sum_i |x_{i+1} - x_i|
 *
 * with D the forward-difference gradient of ../linops/gradient.ts. prox_{tau TV}(b) has no closed
 * form; it is computed **via the dual** (z = b - tau D^T p, p in the unit l-inf,2 ball) by the fast
 * gradient projection (FGP) of Beck & Teboulle, "Fast gradient-based algorithms for constrained total
 * variation image denoising and deblurring problems", IEEE TIP 2009, with step 1/(L tau), L = ||D||^2
 * <= 8 (2-D) or 4 (1-D). The dual variable is kept between calls (warm start), which makes repeated
 * proxes inside FISTA cheap. Real 1-D signals use L. Condat's exact direct algorithm ("A direct
 * algorithm for 1-D total variation denoising", IEEE SPL 2013) instead.
 *
 * @example
 * import { tv1d } from './tv.ts';
 * tv1d(4).prox(Float64Array.of(0, 0, 1, 1), 0.25, new Float64Array(4)); // [0.125, 0.125, 0.875, 0.875]
 */
import { CandorError, checkInt, checkNumber } from '../core/errors.ts';
import { gradient1, gradient2 } from '../linops/gradient.ts';
import type { LinearOperator } from '../linops/types.ts';
import { groupNorms, scaleGroups } from './mixed.ts';
import { checkSameLength, checkTau, moreauConj, type Prox } from './types.ts';

/**
 * Options of the total-variation proxes {@link tv1d} and {@link tv2d} (dual iterations, warm start, field).
 */
export interface TVOptions {
  /** Isotropic (default) or anisotropic TV (2-D only). */
  isotropic?: boolean;
  /** Dual iterations per prox (default 100) and relative-change tolerance (default 1e-6). */
  maxIter?: number;
  tol?: number;
  /** Keep the dual variable between calls (default true). */
  warmStart?: boolean;
  complex?: boolean;
}

/** Condat's direct 1-D TV denoising: out = argmin 1/2||z - b||^2 + lambda sum |z_{i+1} - z_i|. */
export function condatTV1d(b: Float64Array, lambda: number, out: Float64Array): Float64Array {
  const n = b.length;
  if (n === 0) return out;
  let k = 0;
  let k0 = 0;
  let umin = lambda;
  let umax = -lambda;
  let vmin = b[0] - lambda;
  let vmax = b[0] + lambda;
  let kplus = 0;
  let kminus = 0;
  const twolambda = 2 * lambda;
  const minlambda = -lambda;
  for (;;) {
    while (k === n - 1) {
      if (umin < 0) {
        do out[k0++] = vmin;
        while (k0 <= kminus);
        k = kminus = k0;
        vmin = b[k];
        umin = lambda;
        umax = vmin + umin - vmax;
      } else if (umax > 0) {
        do out[k0++] = vmax;
        while (k0 <= kplus);
        k = kplus = k0;
        vmax = b[k];
        umax = minlambda;
        umin = vmax + umax - vmin;
      } else {
        vmin += umin / (k - k0 + 1);
        do out[k0++] = vmin;
        while (k0 <= k);
        return out;
      }
    }
    umin += b[k + 1] - vmin;
    if (umin < minlambda) {
      do out[k0++] = vmin;
      while (k0 <= kminus);
      k = kplus = kminus = k0;
      vmin = b[k];
      vmax = vmin + twolambda;
      umin = lambda;
      umax = minlambda;
    } else {
      umax += b[k + 1] - vmax;
      if (umax > lambda) {
        do out[k0++] = vmax;
        while (k0 <= kplus);
        k = kplus = kminus = k0;
        vmax = b[k];
        vmin = vmax - twolambda;
        umin = lambda;
        umax = minlambda;
      } else {
        k++;
        if (umin >= lambda) {
          kminus = k;
          vmin += (umin - lambda) / (kminus - k0 + 1);
          umin = lambda;
        }
        if (umax <= minlambda) {
          kplus = k;
          vmax += (umax + lambda) / (kplus - k0 + 1);
          umax = minlambda;
        }
      }
    }
  }
}

/** Generic TV prox by FGP on the dual, for a gradient D with `components` output blocks. */
function fgpTV(
  name: string,
  D: LinearOperator,
  components: number,
  lip: number,
  isotropic: boolean,
  complex: boolean,
  opts: TVOptions,
  exact1d: boolean,
  rebuild: (c: boolean) => Prox,
): Prox {
  const maxIter = checkInt(name, 'maxIter', opts.maxIter ?? 100, 1);
  const tol = checkNumber(name, 'tol', opts.tol ?? 1e-6, 0);
  const warm = opts.warmStart ?? true;
  const w = complex ? 2 : 1;
  const n = D.cols * w;
  const groups = D.cols;
  const m = D.rows * w;
  const p = new Float64Array(m);
  const pOld = new Float64Array(m);
  const r = new Float64Array(m);
  const g = new Float64Array(m);
  const z = new Float64Array(n);
  const zOld = new Float64Array(n);
  const nrm = new Float64Array(groups);
  const scratch = new Float64Array(n);
  const project = (v: Float64Array) => {
    if (isotropic) {
      groupNorms(v, groups, components, complex, nrm);
      for (let i = 0; i < groups; i++) nrm[i] = nrm[i] > 1 ? 1 / nrm[i] : 1;
      scaleGroups(v, nrm, groups, components, complex, v);
    } else {
      // each component separately (complex: modulus of the pair)
      for (let c = 0; c < components; c++) {
        const view = v.subarray(c * groups * w, (c + 1) * groups * w);
        groupNorms(view, groups, 1, complex, nrm);
        for (let i = 0; i < groups; i++) nrm[i] = nrm[i] > 1 ? 1 / nrm[i] : 1;
        scaleGroups(view, nrm, groups, 1, complex, view);
      }
    }
  };
  const tvValue = (x: Float64Array): number => {
    D.apply(x, g);
    let s = 0;
    if (isotropic) {
      groupNorms(g, groups, components, complex, nrm);
      for (let i = 0; i < groups; i++) s += nrm[i];
    } else {
      for (let c = 0; c < components; c++) {
        groupNorms(g.subarray(c * groups * w, (c + 1) * groups * w), groups, 1, complex, nrm);
        for (let i = 0; i < groups; i++) s += nrm[i];
      }
    }
    return s;
  };
  const self: Prox = {
    name,
    complex,
    value: (x) => {
      checkSameLength(`${name}.value`, x, x, n);
      return tvValue(x);
    },
    prox(b, tau, out) {
      checkTau(`${name}.prox`, tau);
      checkSameLength(`${name}.prox`, b, out, n);
      if (exact1d) return condatTV1d(b, tau, out);
      if (!warm) p.fill(0);
      r.set(p);
      let t = 1;
      const step = 1 / (lip * tau);
      // z from the current dual
      D.adjoint(r, z);
      for (let i = 0; i < n; i++) z[i] = b[i] - tau * z[i];
      for (let it = 0; it < maxIter; it++) {
        zOld.set(z);
        pOld.set(p);
        // gradient step on the dual at r: p = P(r + step D (b - tau D^T r))
        D.apply(z, g);
        for (let i = 0; i < m; i++) p[i] = r[i] + step * g[i];
        project(p);
        const t1 = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
        const beta = (t - 1) / t1;
        for (let i = 0; i < m; i++) r[i] = p[i] + beta * (p[i] - pOld[i]);
        t = t1;
        D.adjoint(r, z);
        for (let i = 0; i < n; i++) z[i] = b[i] - tau * z[i];
        let dz = 0;
        let zz = 0;
        for (let i = 0; i < n; i++) {
          dz += (z[i] - zOld[i]) ** 2;
          zz += z[i] * z[i];
        }
        if (dz <= tol * tol * Math.max(zz, 1e-300)) break;
      }
      // final primal point from the projected dual p (feasible), not the extrapolated r
      D.adjoint(p, out);
      for (let i = 0; i < n; i++) out[i] = b[i] - tau * out[i];
      return out;
    },
    proxConj(x, s, out) {
      checkTau(`${name}.proxConj`, s);
      checkSameLength(`${name}.proxConj`, x, out, n);
      return moreauConj(self, x, s, out, scratch);
    },
    withField: (c) => (c === complex ? self : rebuild(c)),
  };
  return self;
}

/** Isotropic (default) or anisotropic TV of an ny x nx image, prox by FGP on the dual. */
export function tv2d(ny: number, nx: number, opts: TVOptions = {}): Prox {
  checkInt('tv2d', 'ny', ny, 1);
  checkInt('tv2d', 'nx', nx, 1);
  const iso = opts.isotropic ?? true;
  const build = (complex: boolean): Prox =>
    fgpTV(`tv2d(${ny}x${nx}, ${iso ? 'isotropic' : 'anisotropic'})`, gradient2(ny, nx), 2, 8, iso, complex, opts, false, build);
  return build(opts.complex ?? false);
}

/** 1-D TV of a length-n signal: exact (Condat) for real data, FGP for complex. */
export function tv1d(n: number, opts: TVOptions = {}): Prox {
  checkInt('tv1d', 'n', n, 1);
  if (opts.isotropic === false) throw new CandorError('tv1d', 'isotropic', 'true or unset (1-D TV has one component)', 'false');
  const build = (complex: boolean): Prox => fgpTV(`tv1d(${n})`, gradient1(n), 1, 4, true, complex, opts, !complex, build);
  return build(opts.complex ?? false);
}
