/**
 * Trace sampling and zero padding of 2-D gathers (real field; they act on complex data part by
 * part).
 *
 * - `traceSampling(ntraces, ns, kept)`: S, the kept traces of a row-major [ntraces, ns] gather
 *   (trace after trace): [ntraces, ns] -> [m, ns], m = number of kept traces, in increasing order.
 *   A co-isometry (S S^T = I) with cheap normal S^T S = diag(kept mask) on whole traces; it is the
 *   acquisition model of trace interpolation: d = S x.
 * - `zeroPad2(ny, nx, py, px)`: P, the [ny, nx] array placed in the top-left corner of a [py, px]
 *   array of zeros (py >= ny, px >= nx). An isometry (P^T P = I); P^T crops. Used to pad the time
 *   axis to a power of two before an f-k transform, and the trace axis to keep wrap-around away.
 *
 * Reference: PyLops `Restriction` (axis 0 of a 2-D model) and `Pad`.
 *
 * @example
 * import { traceSampling } from './seismic-sampling.ts';
 * const S = traceSampling(3, 2, [0, 2]);
 * S.apply(Float64Array.of(1, 2, 3, 4, 5, 6), new Float64Array(4)); // [1, 2, 5, 6]
 * S.adjoint(Float64Array.of(1, 2, 5, 6), new Float64Array(6));     // [1, 2, 0, 0, 5, 6]
 */
import { CandorError, checkInt } from '../core/errors.ts';
import { indexList } from './basic.ts';
import { defineOperator, type Kernel } from './define.ts';
import type { LinearOperator } from './types.ts';

/** S: the kept traces (list of trace indices, or a 0/1 Uint8Array of length ntraces). */
export function traceSampling(ntraces: number, ns: number, kept: ArrayLike<number>): LinearOperator {
  checkInt('traceSampling', 'ntraces', ntraces, 1);
  checkInt('traceSampling', 'samples per trace ns', ns, 1);
  const idx = indexList('traceSampling', 'kept traces', kept, ntraces);
  const m = idx.length;
  const keep = new Uint8Array(ntraces);
  for (const t of idx) keep[t] = 1;
  const take = (w: number): Kernel => (x, out) => {
    const L = w * ns;
    for (let i = 0; i < m; i++) out.set(x.subarray(idx[i] * L, (idx[i] + 1) * L), i * L);
    return out;
  };
  const put = (w: number): Kernel => (y, out) => {
    const L = w * ns;
    out.fill(0);
    for (let i = 0; i < m; i++) out.set(y.subarray(i * L, (i + 1) * L), idx[i] * L);
    return out;
  };
  const mask = (w: number): Kernel => (x, out) => {
    const L = w * ns;
    for (let t = 0; t < ntraces; t++) {
      if (keep[t]) out.set(x.subarray(t * L, (t + 1) * L), t * L);
      else out.fill(0, t * L, (t + 1) * L);
    }
    return out;
  };
  return defineOperator({
    name: `TraceSampling(${m} of ${ntraces} traces x ${ns})`,
    domain: [ntraces, ns],
    range: [m, ns],
    field: 'real',
    structure: m === ntraces ? 'unitary' : 'coisometry',
    apply: take(1),
    adjoint: put(1),
    normal: mask(1),
    applyComplex: take(2),
    adjointComplex: put(2),
    normalComplex: mask(2),
    cheapNormal: true,
  });
}

/** P: zero padding of [ny, nx] into the top-left corner of [py, px]; P^T crops. */
export function zeroPad2(ny: number, nx: number, py: number, px: number): LinearOperator {
  checkInt('zeroPad2', 'rows ny', ny, 1);
  checkInt('zeroPad2', 'columns nx', nx, 1);
  checkInt('zeroPad2', 'padded rows py', py, 1);
  checkInt('zeroPad2', 'padded columns px', px, 1);
  if (py < ny || px < nx) {
    throw new CandorError('zeroPad2', 'padded size', `at least ${ny}x${nx} (the input)`, `${py}x${px}`);
  }
  const pad = (w: number): Kernel => (x, out) => {
    out.fill(0);
    for (let i = 0; i < ny; i++) out.set(x.subarray(i * nx * w, (i + 1) * nx * w), i * px * w);
    return out;
  };
  const crop = (w: number): Kernel => (y, out) => {
    for (let i = 0; i < ny; i++) out.set(y.subarray(i * px * w, (i * px + nx) * w), i * nx * w);
    return out;
  };
  const copy: Kernel = (x, out) => {
    out.set(x);
    return out;
  };
  return defineOperator({
    name: `ZeroPad2(${ny}x${nx} -> ${py}x${px})`,
    domain: [ny, nx],
    range: [py, px],
    field: 'real',
    structure: py === ny && px === nx ? 'unitary' : 'isometry',
    apply: pad(1),
    adjoint: crop(1),
    normal: copy,
    applyComplex: pad(2),
    adjointComplex: crop(2),
    normalComplex: copy,
    cheapNormal: true,
  });
}
