/**
 * l1 penalty on orthonormal wavelet coefficients with random cycle spinning (translation
 * invariance on average; Coifman & Donoho 1995, "Translation-invariant de-noising"; used the same
 * way inside iterative reconstructions by BART's `pics -l1`, which shifts the image randomly
 * before every wavelet thresholding):
 *
 *     prox(x, tau) = T_s^{-1} W^T soft(W T_s x, tau),    s = (s_y, s_x) uniform in [0, 2^L)^2
 *
 * with T_s the circular shift by s and a new s drawn (seeded) at every call. Each prox is the
 * exact prox of R_s(x) = ||W T_s x||_1 (W T_s is orthonormal), so a FISTA iteration is a
 * proximal-gradient step on the penalty of that iteration's shift; averaged over shifts this
 * penalises the undecimated (shift-invariant) wavelet coefficients. With `spin: false` it is
 * exactly l1Transform(W). `value(x)` reports ||W T_s x||_1 for the last shift (cached for the last
 * prox output, and `proxValue()` gives it directly, so the solver's objective costs no extra
 * transform). Every coefficient is thresholded, the coarsest approximation included (as BART's
 * `wavelet_thresh` does).
 *
 * The wavelet: 'haar' (or 'db1') is the orthonormal Haar transform of ANY size
 * (../core/wavelets/haar-any.ts: unbalanced Haar pairs where a side is odd, so 230 x 180 has 4
 * levels where the periodized transform has 1), with the shift folded into its first level and
 * levels by BART's rule (halve while the coarse band keeps >= 16 samples: 256 -> 5, as
 * `pics -l1`), each axis its own; db2 ... db8 are the periodized transforms of
 * ../linops/wavelet.ts (levels: PyWavelets' default, 2^levels dividing both sides). Shifts are
 * uniform in [0, min(2^levels, n)) per axis.
 *
 * @example
 * import { spinWaveletL1 } from './spin-wavelet.ts';
 * const R = spinWaveletL1(64, 64, { wavelet: 'haar', seed: 1 });
 * // fista(A, y, R, { lambda }) : l1-wavelet with cycle spinning
 */
import { CandorError, checkInt } from '../core/errors.ts';
import { partRange, registerKernel, type Team } from '../core/parallel/team.ts';
import '../core/wavelets/haar-kernels.ts';
import { createRng } from '../core/rng/index.ts';
import { Haar2AnyPlan } from '../core/wavelets/haar-any.ts';
import { checkSpec } from '../core/wavelets/levels.ts';
import type { LinearOperator } from '../linops/types.ts';
import { wavelet2 } from '../linops/wavelet.ts';
import { checkSameLength, checkTau, type Prox } from './types.ts';

/** Options of {@link spinWaveletL1}. */
export interface SpinWaveletOptions {
  /** Wavelet (default 'haar' = db1); haar, db1 ... db8. */
  wavelet?: string;
  /** Levels (default: the maximum, see wavelet2). */
  levels?: number;
  /** Random cycle spinning (default true). */
  spin?: boolean;
  /** Seed of the shifts (default 0). */
  seed?: number;
  /**
   * A team (../core/parallel/team.ts) that runs the Haar transform and the thresholding in
   * parts when prox is given arrays from team.f64 (others run on the calling thread); the result
   * is bit-identical for any thread count of a team with the same parts. Used by the Haar
   * wavelet only (the others run on the calling thread).
   */
  team?: Team;
}

/** `spin.threshold` arrays [c], scalars [tau]: complex soft thresholding of c by parts; out[o] = l1 of the part. */
registerKernel('spin.threshold', ({ part, parts, arrays, s, out, o }) => {
  const c = arrays[0] as Float64Array;
  const [lo, hi] = partRange(c.length >> 1, part, parts);
  out[o] = softThreshold(c, lo, hi, s[0]);
});

/** Circular shift of a complex ny x nx image by (sy, sx): out[(i+sy)%ny, (j+sx)%nx] = x[i, j] (or the inverse). */
function roll(x: Float64Array, out: Float64Array, ny: number, nx: number, sy: number, sx: number, inverse: boolean): void {
  for (let i = 0; i < ny; i++) {
    const ti = (i + sy) % ny;
    for (let j = 0; j < nx; j++) {
      const a = 2 * (i * nx + j);
      const b = 2 * (ti * nx + ((j + sx) % nx));
      if (inverse) {
        out[a] = x[b];
        out[a + 1] = x[b + 1];
      } else {
        out[b] = x[a];
        out[b + 1] = x[a + 1];
      }
    }
  }
}

/** The cycle-spinning prox and its decomposition levels (rows, columns; `levels` the larger). */
export interface SpinWaveletProx extends Prox {
  readonly levels: number;
  readonly levelsY: number;
  readonly levelsX: number;
}

/** Complex soft thresholding of c's entries lo .. hi - 1 in place; returns the l1 norm of the result. */
function softThreshold(c: Float64Array, lo: number, hi: number, tau: number): number {
  let v = 0;
  for (let i = lo; i < hi; i++) {
    const re = c[2 * i];
    const im = c[2 * i + 1];
    const m = Math.sqrt(re * re + im * im);
    const f = m > tau ? 1 - tau / m : 0;
    c[2 * i] = re * f;
    c[2 * i + 1] = im * f;
    v += m * f;
  }
  return v;
}

/**
 * l1 norm of the orthonormal wavelet coefficients of a complex ny x nx image with random cycle
 * spinning: prox(x, tau) = T_s^-1 W^T soft(W T_s x, tau) with a fresh seeded circular shift s at
 * every call (BART `pics -l1`). 'haar' is the orthonormal Haar transform of any size; db2 ... db8
 * are the periodized transforms (2^levels dividing both sides).
 */
export function spinWaveletL1(ny: number, nx: number, opts: SpinWaveletOptions = {}): SpinWaveletProx {
  const wavelet = opts.wavelet ?? 'haar';
  const spin = opts.spin ?? true;
  const seed = checkInt('spinWaveletL1', 'seed', opts.seed ?? 0, 0);
  const rng = createRng(seed, 0x7370696e);
  const n = ny * nx;
  // haar: the transform of any size (odd sides too), levels by BART's rule unless given
  const haar = wavelet === 'haar' || wavelet === 'db1' ? new Haar2AnyPlan(ny, nx, opts.levels) : null;
  const team = haar ? (opts.team ?? null) : null;
  const W = haar ? null : wavelet2(ny, nx, { wavelet, levels: opts.levels });
  const L = haar ? haar.levels : checkSpec('wavelet2', ['ny', 'nx'], [ny, nx], wavelet, opts.levels).levels;
  // shifts per axis in [0, 2^levels) (a larger shift of a periodized transform only permutes coefficients)
  const By = Math.min(2 ** (haar ? haar.levelsY : L), ny);
  const Bx = Math.min(2 ** (haar ? haar.levelsX : L), nx);
  const label = haar ? `haar (any size), levels ${haar.levelsY}x${haar.levelsX}` : (W as LinearOperator).name;
  const name = `spinWaveletL1(${label}${spin ? ', cycle spinning' : ''})`;
  const s = haar ? null : new Float64Array(2 * n);
  const c = team ? team.f64(2 * n) : new Float64Array(2 * n);
  // the last prox output, for value()'s cache (a team's prox keeps none: FISTA asks proxValue)
  const last = team ? null : new Float64Array(2 * n);
  let lastValue = Number.NaN;
  let sy = 0;
  let sx = 0;
  const l1 = (v: Float64Array) => {
    let t = 0;
    for (let i = 0; i < n; i++) t += Math.hypot(v[2 * i], v[2 * i + 1]);
    return t;
  };
  /** c <- W T_s x */
  const analysis = (x: Float64Array) => {
    if (haar) haar.analysis(x, c, sy, sx);
    else {
      roll(x, s as Float64Array, ny, nx, sy, sx, false);
      (W as LinearOperator).apply(s as Float64Array, c);
    }
  };
  const self: SpinWaveletProx = {
    name,
    levels: haar ? haar.levels : L,
    levelsY: haar ? haar.levelsY : L,
    levelsX: haar ? haar.levelsX : L,
    complex: true,
    value(x) {
      checkSameLength(`${name}.value`, x, x, 2 * n);
      let same = last !== null && !Number.isNaN(lastValue);
      for (let i = 0; same && i < 2 * n; i++) if (x[i] !== (last as Float64Array)[i]) same = false;
      if (same) return lastValue;
      analysis(x);
      return l1(c);
    },
    proxValue: () => lastValue,
    prox(x, tau, out) {
      checkTau(`${name}.prox`, tau);
      checkSameLength(`${name}.prox`, x, out, 2 * n);
      if (spin) {
        sy = rng.intUnchecked(By);
        sx = rng.intUnchecked(Bx);
      }
      // on the team when both arrays are its own, else on the calling thread (the same arithmetic)
      if (team && haar && team.owns(x) && team.owns(out)) {
        const K = haar.steps.length; // the kernel's plan (haar-kernels.ts) has the same steps
        for (let i = 0; i < K; i++) team.run('haar.step', [x, c], ny, nx, haar.levelsY, haar.levelsX, i, 0, sy, sx);
        team.run('spin.threshold', [c], tau);
        const v = team.sums[0];
        for (let i = K - 1; i >= 0; i--) team.run('haar.step', [c, out], ny, nx, haar.levelsY, haar.levelsX, i, 1, sy, sx);
        lastValue = v;
        return out;
      }
      analysis(x);
      const v = softThreshold(c, 0, n, tau);
      if (haar) haar.synthesis(c, out, sy, sx);
      else {
        (W as LinearOperator).adjoint(c, s as Float64Array);
        roll(s as Float64Array, out, ny, nx, sy, sx, true);
      }
      if (last) last.set(out);
      lastValue = v;
      return out;
    },
    proxConj() {
      throw new CandorError(`${name}.proxConj`, 'call', 'prox only (the penalty changes with every shift; use the primal-dual solver for a fixed wavelet)', 'proxConj');
    },
    withField: () => self,
  };
  return self;
}
