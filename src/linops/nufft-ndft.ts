/**
 * The exact non-uniform DFT as a (slow) linear operator: the reference the NUFFT is measured
 * against. Same conventions as ./nufft-plan.ts:
 *
 *     apply:    y_j = (1/sqrt(N)) sum_k x[k] e^{-2 pi i <w_j, k - c>}
 *     adjoint:  x[k] = (1/sqrt(N)) sum_j y_j e^{+2 pi i <w_j, k - c>}
 *
 * Each sample's phases are tabulated per axis (cos and sin of 2 pi t with t = w (k - c) reduced to
 * [-1/2, 1/2], one rounding per entry), and the sums run over the tensor product, so a call costs
 * O(M N) multiply-adds and O(sum n_i) trigonometric evaluations per sample: for sizes up to about
 * 10^9 M N, i.e. tests and small problems. Its normal is adjoint(apply).
 *
 * @example
 * import { ndft } from './nufft-ndft.ts';
 * const A = ndft([4], Float64Array.of(0.25));            // one sample at a quarter cycle
 * A.apply(Float64Array.of(0, 0, 0, 0, 1, 0, 0, 0), new Float64Array(2)); // x = e_2 (the centre): [0.5, 0]
 */
import { defineOperator } from './define.ts';
import { checkCoords, checkNufftShape } from './nufft-plan.ts';
import type { LinearOperator } from './types.ts';

/** Per-axis phase tables of one sample: cos/sin of 2 pi w_i (k - c_i), k < n_i, at offsets. */
function phases(shape: readonly number[], coords: Float64Array, j: number, tab: Float64Array, offs: number[]): void {
  const d = shape.length;
  for (let i = 0; i < d; i++) {
    const n = shape[i];
    const c = Math.floor(n / 2);
    const w = coords[j * d + i];
    let o = offs[i];
    for (let k = 0; k < n; k++, o += 2) {
      let t = w * (k - c);
      t -= Math.round(t);
      const a = 2 * Math.PI * t;
      tab[o] = Math.cos(a);
      tab[o + 1] = Math.sin(a);
    }
  }
}

/**
 * The exact NDFT of images of `shape` (1 to 3 axes) at `coords` (M x d cycles per sample in
 * [-1/2, 1/2], interleaved per sample). Checks as `nufftPlan`.
 */
export function ndft(shape: readonly number[], coords: ArrayLike<number>): LinearOperator {
  const s = checkNufftShape('ndft', shape);
  const d = s.length;
  const c = checkCoords('ndft', coords, d);
  const M = c.length / d;
  const N = s.reduce((a, b) => a * b, 1);
  const scale = 1 / Math.sqrt(N);
  const offs: number[] = [];
  let total = 0;
  for (const n of s) {
    offs.push(total);
    total += 2 * n;
  }
  const tab = new Float64Array(total);
  const [n0, n1 = 1, n2 = 1] = s;
  const [o0, o1 = 0, o2 = 0] = offs;
  // the phase of pixel (a, b, e) is the product of the axis phases (1 on missing axes)
  const one = d < 3;
  return defineOperator({
    name: `NDFT(${s.join('x')}, ${M} samples)`,
    domain: s,
    range: [M],
    field: 'complex',
    apply: (x, out) => {
      for (let j = 0; j < M; j++) {
        phases(s, c, j, tab, offs);
        let re = 0;
        let im = 0;
        let k = 0;
        for (let a = 0; a < n0; a++) {
          const ar = tab[o0 + 2 * a];
          const ai = tab[o0 + 2 * a + 1];
          for (let b = 0; b < n1; b++) {
            const br = d > 1 ? tab[o1 + 2 * b] : 1;
            const bi = d > 1 ? tab[o1 + 2 * b + 1] : 0;
            const pr = ar * br - ai * bi;
            const pi = ar * bi + ai * br;
            for (let e = 0; e < n2; e++, k += 2) {
              const er = one ? 1 : tab[o2 + 2 * e];
              const ei = one ? 0 : tab[o2 + 2 * e + 1];
              // e^{-i theta} = cos - i sin: multiply x by conj(phase)
              const qr = pr * er - pi * ei;
              const qi = pr * ei + pi * er;
              re += x[k] * qr + x[k + 1] * qi;
              im += x[k + 1] * qr - x[k] * qi;
            }
          }
        }
        out[2 * j] = scale * re;
        out[2 * j + 1] = scale * im;
      }
      return out;
    },
    adjoint: (y, out) => {
      out.fill(0);
      for (let j = 0; j < M; j++) {
        phases(s, c, j, tab, offs);
        const yr = scale * y[2 * j];
        const yi = scale * y[2 * j + 1];
        let k = 0;
        for (let a = 0; a < n0; a++) {
          const ar = tab[o0 + 2 * a];
          const ai = tab[o0 + 2 * a + 1];
          for (let b = 0; b < n1; b++) {
            const br = d > 1 ? tab[o1 + 2 * b] : 1;
            const bi = d > 1 ? tab[o1 + 2 * b + 1] : 0;
            const pr = ar * br - ai * bi;
            const pi = ar * bi + ai * br;
            for (let e = 0; e < n2; e++, k += 2) {
              const er = one ? 1 : tab[o2 + 2 * e];
              const ei = one ? 0 : tab[o2 + 2 * e + 1];
              const qr = pr * er - pi * ei;
              const qi = pr * ei + pi * er;
              out[k] += yr * qr - yi * qi;
              out[k + 1] += yr * qi + yi * qr;
            }
          }
        }
      }
      return out;
    },
  });
}
