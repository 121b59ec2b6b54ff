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
 * prox output, so the solver's objective costs no extra transform).
 *
 * @example
 * import { spinWaveletL1 } from './spin-wavelet.ts';
 * const R = spinWaveletL1(64, 64, { wavelet: 'haar', seed: 1 });
 * // fista(A, y, R, { lambda }) : l1-wavelet with cycle spinning
 */
import { CandorError, checkInt } from '../core/errors.ts';
import { createRng } from '../core/rng/index.ts';
import { checkSpec } from '../core/wavelets/levels.ts';
import { wavelet2 } from '../linops/wavelet.ts';
import { checkSameLength, checkTau, type Prox } from './types.ts';

export interface SpinWaveletOptions {
  /** Wavelet (default 'haar' = db1); haar, db1 ... db8. */
  wavelet?: string;
  /** Levels (default: the maximum, see wavelet2). */
  levels?: number;
  /** Random cycle spinning (default true). */
  spin?: boolean;
  /** Seed of the shifts (default 0). */
  seed?: number;
}

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

export function spinWaveletL1(ny: number, nx: number, opts: SpinWaveletOptions = {}): Prox {
  const W = wavelet2(ny, nx, { wavelet: opts.wavelet ?? 'haar', levels: opts.levels });
  const L = checkSpec('wavelet2', ['ny', 'nx'], [ny, nx], opts.wavelet ?? 'haar', opts.levels).levels;
  const spin = opts.spin ?? true;
  const seed = checkInt('spinWaveletL1', 'seed', opts.seed ?? 0, 0);
  const rng = createRng(seed, 0x7370696e);
  const n = ny * nx;
  const name = `spinWaveletL1(${W.name}${spin ? ', cycle spinning' : ''})`;
  const s = new Float64Array(2 * n);
  const c = new Float64Array(2 * n);
  const last = new Float64Array(2 * n);
  let lastValue = Number.NaN;
  let sy = 0;
  let sx = 0;
  const B = 1 << L;
  const l1 = (v: Float64Array) => {
    let t = 0;
    for (let i = 0; i < n; i++) t += Math.hypot(v[2 * i], v[2 * i + 1]);
    return t;
  };
  const self: Prox = {
    name,
    complex: true,
    value(x) {
      checkSameLength(`${name}.value`, x, x, 2 * n);
      let same = !Number.isNaN(lastValue);
      for (let i = 0; same && i < 2 * n; i++) if (x[i] !== last[i]) same = false;
      if (same) return lastValue;
      roll(x, s, ny, nx, sy, sx, false);
      W.apply(s, c);
      return l1(c);
    },
    prox(x, tau, out) {
      checkTau(`${name}.prox`, tau);
      checkSameLength(`${name}.prox`, x, out, 2 * n);
      if (spin) {
        sy = rng.intUnchecked(Math.min(B, ny));
        sx = rng.intUnchecked(Math.min(B, nx));
      }
      roll(x, s, ny, nx, sy, sx, false);
      W.apply(s, c);
      let v = 0;
      for (let i = 0; i < n; i++) {
        const re = c[2 * i];
        const im = c[2 * i + 1];
        const m = Math.sqrt(re * re + im * im);
        const f = m > tau ? 1 - tau / m : 0;
        c[2 * i] = re * f;
        c[2 * i + 1] = im * f;
        v += m * f;
      }
      W.adjoint(c, s);
      roll(s, out, ny, nx, sy, sx, true);
      last.set(out);
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
