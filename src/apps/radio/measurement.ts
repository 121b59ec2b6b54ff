/**
 * The measurement operator of radio imaging through the non-uniform FFT: a real N x N sky image
 * (Jy per pixel, the geometry of ./dft-reference.ts) to its visibilities, each scaled by the
 * square root of its weight, as a real operator R^{N^2} -> R^{2M} (re, im of each visibility):
 *
 *     (A x)_k = sqrt(w_k) V_k,   V_k = sum_{r,c} x[r, c] exp(+2 pi i (u_k l_c + v_k m_r))
 *     l_c = -(c - N/2) cell,  m_r = (r - N/2) cell
 *
 * so that 1/2 ||A x - y||^2 with y_k = sqrt(w_k) V_k^obs is half the chi-squared
 * sum_k w_k |V_k^obs - V_k(x)|^2 (the one objective convention). The adjoint is the real part of
 * the complex adjoint, A^T y = Re(sum_k sqrt(w_k) y_k exp(-2 pi i (u_k l + v_k m))), which already
 * holds each sample's conjugate point (-u, -v): A^T applied to the weighted data y is the sum of
 * the weights times the natural-weighted dirty image of ./dft-reference.ts.
 *
 * In NUFFT terms (../../linops/nufft-plan.ts, type 2 on a [N, N] image with origin N/2): sample k
 * has coordinates (w_0, w_1) = (-v_k cell, u_k cell) cycles per pixel, and V_k = N * type2(x)_k.
 * Every |u| cell and |v| cell must be at most 1/2 (the cell samples that baseline: ./coverage.ts
 * `checkCell`); the imaging drops the samples beyond it and says so. The normal operator
 * A^T A x = Re(A^H W A x) is the Toeplitz embedding with the weights (one FFT pair on a
 * (2N)^2 grid). The w-term is ignored (small fields; docs/radio.md).
 *
 * @example
 * import { visibilityOperator } from './measurement.ts';
 * const u = Float64Array.of(1e9, -3e8), v = Float64Array.of(2e8, 5e8);
 * const A = visibilityOperator(u, v, 16, 1e-11);           // 256 pixels -> 2 visibilities
 * const sky = new Float64Array(256); sky[8 * 16 + 8] = 2;  // 2 Jy at the phase centre
 * A.apply(sky, new Float64Array(4));                      // ~[2, 0, 2, 0] (to the NUFFT's 1e-6)
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { defineOperator } from '../../linops/define.ts';
import { defaultWidth, type NufftOptions, type NufftPlan, nufftPlan } from '../../linops/nufft-plan.ts';
import { ToeplitzKernel } from '../../linops/nufft-toeplitz.ts';
import type { LinearOperator } from '../../linops/types.ts';

/** Options of {@link visibilityOperator}: the NUFFT's options and the data weights. */
export interface VisibilityOperatorOptions extends NufftOptions {
  /** Data weights w_k (1/sigma_k^2 per real component); the operator scales sample k by sqrt(w_k). Default 1. */
  weights?: Float64Array;
  /**
   * 'input' (default): sample k of the range is visibility k. 'plan': the range lists the samples
   * in the NUFFT plan's order (`op.toPlanOrder` permutes a vector of the data that way), which
   * saves a gather and a scatter per application for solvers that only work in the range.
   */
  sampleOrder?: 'input' | 'plan';
}

/** A visibility operator with its NUFFT plan and geometry. */
export interface VisibilityOperator extends LinearOperator {
  readonly size: number;
  readonly cell: number;
  readonly plan: NufftPlan;
  /** sqrt(w_k), or null for unit weights. */
  readonly sqrtWeights: Float64Array | null;
  /** The range's sample order (see VisibilityOperatorOptions.sampleOrder). */
  readonly sampleOrder: 'input' | 'plan';
  /** A range vector in input order (2 M) permuted to the operator's range order (a copy; the same values for 'input'). */
  toPlanOrder(y: Float64Array): Float64Array;
}

/** NUFFT coordinates of (u, v) for an N x N image of pixel `cell`: (-v cell, u cell) per sample. */
export function visibilityCoords(where: string, u: Float64Array, v: Float64Array, cell: number): Float64Array {
  if (v.length !== u.length) throw new CandorError(where, 'v length', `${u.length} (the length of u)`, String(v.length));
  const c = new Float64Array(2 * u.length);
  for (let k = 0; k < u.length; k++) {
    const a = -v[k] * cell;
    const b = u[k] * cell;
    if (!(Math.abs(a) <= 0.5 && Math.abs(b) <= 0.5)) {
      throw new CandorError(
        where,
        `sample ${k} (u ${u[k].toPrecision(6)}, v ${v[k].toPrecision(6)} wavelengths)`,
        `|u| and |v| at most 1/(2 cell) = ${(0.5 / cell).toPrecision(6)} (a cell that samples the baseline)`,
        `${Math.max(Math.abs(a), Math.abs(b)).toPrecision(4)} cycles per pixel`,
      );
    }
    c[2 * k] = a;
    c[2 * k + 1] = b;
  }
  return c;
}

/**
 * Plans made for a u array (weakly held, both the array and its plans), at most PLANS_PER_U each. The imaging
 * of one data set builds several operators on the same samples (the dirty image, the chi-squared,
 * the residual; the weights differ, the plan does not): a plan is reused when the image size, the
 * kernel options and every coordinate agree (compared, so an array changed in place gets a new plan).
 */
const plans = new WeakMap<Float64Array, WeakRef<NufftPlan>[]>();
const PLANS_PER_U = 4;

function sharedPlan(u: Float64Array, size: number, coords: Float64Array, o: NufftOptions): NufftPlan {
  // held weakly on both sides: a plan lives as long as an operator uses it, not as long as u does
  const list = (plans.get(u) ?? []).filter((r) => r.deref() !== undefined);
  const sigma = o.oversampling ?? 2;
  const width = o.width ?? defaultWidth(sigma);
  for (const r of list) {
    const p = r.deref();
    if (p === undefined || p.shape[0] !== size || p.width !== width || p.oversampling !== sigma) continue;
    const c = p.coords;
    let same = c.length === coords.length;
    for (let i = 0; same && i < c.length; i++) same = c[i] === coords[i];
    if (same) return p;
  }
  const plan = nufftPlan([size, size], coords, { width: o.width, oversampling: o.oversampling });
  list.push(new WeakRef(plan));
  if (list.length > PLANS_PER_U) list.shift();
  plans.set(u, list);
  return plan;
}

/** The operator of the file comment for the samples (u_k, v_k) (wavelengths), an N x N image, pixel `cell` (radians). */
export function visibilityOperator(u: Float64Array, v: Float64Array, size: number, cell: number, opts: VisibilityOperatorOptions = {}): VisibilityOperator {
  const where = 'visibilityOperator';
  checkInt(where, 'size', size, 2, 1 << 14);
  if (size % 2 !== 0) throw new CandorError(where, 'size', 'an even image side (the phase centre at pixel N/2)', String(size));
  if (!(cell > 0 && Number.isFinite(cell))) throw new CandorError(where, 'cell', 'a positive pixel size in radians', describe(cell));
  if (!(u instanceof Float64Array) || !(v instanceof Float64Array)) throw new CandorError(where, 'u, v', 'Float64Arrays of wavelengths', describe(u));
  const M = u.length;
  if (M === 0) throw new CandorError(where, 'visibilities', 'at least one sample', 'none');
  let sw: Float64Array | null = null;
  let w: Float64Array | null = null;
  if (opts.weights !== undefined) {
    w = opts.weights;
    if (!(w instanceof Float64Array) || w.length !== M) throw new CandorError(where, 'weights', `a Float64Array of ${M} weights`, describe(w));
    sw = new Float64Array(M);
    for (let k = 0; k < M; k++) {
      if (!(w[k] >= 0 && Number.isFinite(w[k]))) throw new CandorError(where, `weight of sample ${k}`, 'a finite number >= 0', describe(w[k]));
      sw[k] = Math.sqrt(w[k]);
    }
  }
  const plan = sharedPlan(u, size, visibilityCoords(where, u, v, cell), opts);
  const n = size * size;
  const planOrder = opts.sampleOrder === 'plan';
  if (opts.sampleOrder !== undefined && opts.sampleOrder !== 'input' && !planOrder) throw new CandorError(where, 'sampleOrder', "'input' or 'plan'", describe(opts.sampleOrder));
  // size sqrt(w_k) per sample, in the range's order
  const scales = new Float64Array(M);
  for (let p = 0; p < M; p++) {
    const k = planOrder ? plan.order[p] : p;
    scales[p] = sw ? size * sw[k] : size;
  }
  const toPlanOrder = (y: Float64Array): Float64Array => {
    if (!planOrder) return y.slice();
    const out = new Float64Array(2 * M);
    for (let p = 0; p < M; p++) {
      const k = plan.order[p];
      out[2 * p] = y[2 * k];
      out[2 * p + 1] = y[2 * k + 1];
    }
    return out;
  };
  const xc = new Float64Array(2 * n);
  const tc = new Float64Array(2 * n);
  let toeplitz: ToeplitzKernel | null = null;
  const op = defineOperator({
    name: `Visibilities(${size}x${size}, ${M} samples, cell ${cell.toPrecision(4)} rad${sw ? ', weighted' : ''})`,
    domain: [size, size],
    range: [M, 2],
    field: 'real',
    // the real image in, each sample scaled by size sqrt(w_k), in the plan's own passes
    apply: (x, out) => plan.forwardReal(x, out, scales, planOrder),
    adjoint: (y, out) => plan.adjointReal(y, out, scales, planOrder),
    normal: (x, out) => {
      toeplitz ??= new ToeplitzKernel(plan, w);
      for (let i = 0; i < n; i++) {
        xc[2 * i] = x[i];
        xc[2 * i + 1] = 0;
      }
      toeplitz.apply(xc, tc);
      const s = size * size;
      for (let i = 0; i < n; i++) out[i] = s * tc[2 * i];
      return out;
    },
    cheapNormal: true,
  });
  return Object.assign(op, { size, cell, plan, sqrtWeights: sw, sampleOrder: planOrder ? ('plan' as const) : ('input' as const), toPlanOrder });
}
