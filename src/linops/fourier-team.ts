/**
 * The partial 2-D DFT S F (./fourier.ts `partialDft2`) run by a team (../core/parallel/team.ts):
 * apply = the FFT's columns, its rows, then the gather of the sampled entries; adjoint = the
 * scatter into a zeroed grid, then the inverse FFT's columns and rows; every step split into the
 * team's parts (columns, rows, samples, grid rows), so the result is bit-identical on any thread
 * count. Same arithmetic as the one-thread operator (each 1-D transform and each sample's
 * product is computed whole), which it is tested against.
 *
 * Kernels: `dft.gather` arrays [s, out, pos, w]: out_i = w_i s[pos_i] over the part's samples;
 * `dft.scatter` arrays [y, s, pos, w], scalars [nx]: the part's grid rows of s zeroed, then
 * s[pos_i] = conj(w_i) y_i for the samples that fall in them.
 *
 * @example
 * import { partialDft2 } from './fourier.ts';
 * // const A = partialDft2(ny, nx, mask, { centered: true, team }); // apply / adjoint on team.f64 arrays
 */
import '../core/fft/fft2-kernels.ts';
import { partRange, registerKernel, type Team } from '../core/parallel/team.ts';
import { defineOperator } from './define.ts';
import type { LinearOperator } from './types.ts';

registerKernel('dft.gather', ({ part, parts, arrays }) => {
  const s = arrays[0] as Float64Array;
  const out = arrays[1] as Float64Array;
  const pos = arrays[2] as Int32Array;
  const w = arrays[3] as Float64Array;
  const [lo, hi] = partRange(pos.length, part, parts);
  for (let i = lo; i < hi; i++) {
    const j = 2 * pos[i];
    const wr = w[2 * i];
    const wi = w[2 * i + 1];
    const sr = s[j];
    const si = s[j + 1];
    out[2 * i] = wr * sr - wi * si;
    out[2 * i + 1] = wr * si + wi * sr;
  }
});

registerKernel('dft.scatter', ({ part, parts, arrays, s: sc }) => {
  const y = arrays[0] as Float64Array;
  const s = arrays[1] as Float64Array;
  const pos = arrays[2] as Int32Array;
  const w = arrays[3] as Float64Array;
  const nx = sc[0] | 0;
  const [r0, r1] = partRange(s.length / (2 * nx), part, parts);
  const lo = r0 * nx;
  const hi = r1 * nx;
  s.fill(0, 2 * lo, 2 * hi);
  for (let i = 0; i < pos.length; i++) {
    const p = pos[i];
    if (p < lo || p >= hi) continue;
    const j = 2 * p;
    const wr = w[2 * i];
    const wi = w[2 * i + 1];
    const yr = y[2 * i];
    const yi = y[2 * i + 1];
    s[j] = wr * yr + wi * yi;
    s[j + 1] = wr * yi - wi * yr;
  }
});

/**
 * S F on a team: `pos` (FFT-order position of each sample) and `w` (its complex factor, the
 * unitary scale included), as ./fourier.ts folds them. apply and adjoint run on the team when
 * both arrays are the team's (team.f64), else on `plain`, the one-thread operator.
 */
export function sampledDft2OnTeam(name: string, ny: number, nx: number, pos: Int32Array, w: Float64Array, team: Team, plain: LinearOperator): LinearOperator {
  const n = ny * nx;
  const m = pos.length;
  const P = team.i32(m);
  P.set(pos);
  const W = team.f64(2 * m);
  W.set(w);
  const s = team.f64(2 * n);
  // arrays the team does not share (a solver's own scratch: the residual it reports, a power
  // method) go to the one-thread operator: the same transform, on the calling thread
  const shared = (a: Float64Array, b: Float64Array) => team.owns(a) && team.owns(b);
  return defineOperator({
    name,
    domain: [ny, nx],
    range: [m],
    field: 'complex',
    structure: m === n ? 'unitary' : 'coisometry',
    apply: (x, out) => {
      if (!shared(x, out)) return plain.apply(x, out);
      team.run('fft2.cols', [x, s], ny, nx, 0);
      team.run('fft2.rows', [s], ny, nx, 0);
      team.run('dft.gather', [s, out, P, W]);
      return out;
    },
    adjoint: (y, out) => {
      if (!shared(y, out)) return plain.adjoint(y, out);
      team.run('dft.scatter', [y, s, P, W], nx);
      team.run('fft2.cols', [s, out], ny, nx, 1);
      team.run('fft2.rows', [out], ny, nx, 1);
      return out;
    },
  });
}
