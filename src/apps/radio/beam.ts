/**
 * The restoring beam: an elliptical Gaussian fitted to the main lobe of the PSF, and convolution
 * of images with Gaussian beams.
 *
 * Fit (as CASA's `imager` fits its restoring beam): the pixels of the PSF's main lobe (the
 * connected region around the peak where the PSF is at least `level`, default 0.35) are fitted in
 * the least-squares sense by a Gaussian of peak 1 centred on the peak,
 *
 *     g(l, m) = exp(-(a l^2 + 2 b l m + c m^2))      (l east, m north, radians)
 *
 * started from the linear fit of -ln PSF = a l^2 + 2 b l m + c m^2 and refined by Gauss-Newton
 * with step halving. The eigen-decomposition of [[a, b], [b, c]] gives the axes: FWHM =
 * 2 sqrt(ln 2 / lambda) for each eigenvalue lambda (major from the smaller), and the position
 * angle of the major axis, east of north (BPA, in (-90, 90] degrees): the major-axis direction
 * (e_l, e_m) has PA = atan2(e_l, e_m).
 *
 * Pixel (r, c) of an N x N image sits at l = -(c - N/2) cell, m = (r - N/2) cell (./dft-reference.ts).
 *
 * @example
 * import { fitBeam, gaussianBeam } from './beam.ts';
 * const beam = { major: 4e-11, minor: 2e-11, pa: 0.5 };       // radians
 * const psf = gaussianBeam(beam, 64, 5e-12);                   // peak 1 at (32, 32)
 * fitBeam(psf, 64, 5e-12);                                     // major ~4e-11, minor ~2e-11, pa ~0.5
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { fft2Plan } from '../../core/fft/fft2.ts';

/** An elliptical Gaussian beam: major and minor FWHM and position angle (east of north), in radians. */
export interface Beam {
  /** Full widths at half maximum, radians (major >= minor). */
  major: number;
  minor: number;
  /** Position angle of the major axis, radians east of north, in (-pi/2, pi/2]. */
  pa: number;
}

/** A beam fitted to the PSF's main lobe by {@link fitBeam}, with the pixels used and the fit's rms. */
export interface BeamFit extends Beam {
  /** Pixels used by the fit and the rms of the fit over them (PSF units). */
  pixels: number;
  rms: number;
}

const FWHM_K = 4 * Math.LN2; // g = exp(-4 ln2 (x / fwhm)^2) along an axis

/** The quadratic form [a, b, c] of a beam: g = exp(-(a l^2 + 2 b l m + c m^2)). */
export function beamQuadratic(b: Beam): [number, number, number] {
  const p = FWHM_K / (b.major * b.major); // along the major axis
  const q = FWHM_K / (b.minor * b.minor);
  const sl = Math.sin(b.pa); // major axis direction (l, m) = (sin pa, cos pa)
  const cm = Math.cos(b.pa);
  // Q = p e e^T + q f f^T, e = (sl, cm), f = (cm, -sl)
  return [p * sl * sl + q * cm * cm, p * sl * cm - q * cm * sl, p * cm * cm + q * sl * sl];
}

/** The beam of a quadratic form (see the file comment). */
export function beamFromQuadratic(a: number, b: number, c: number): Beam {
  const tr = 0.5 * (a + c);
  const det = Math.sqrt(0.25 * (a - c) ** 2 + b * b);
  const small = tr - det;
  const large = tr + det;
  if (!(small > 0)) throw new CandorError('beamFromQuadratic', 'quadratic form', 'a positive definite form (a Gaussian main lobe)', `eigenvalues ${small}, ${large}`, 'numerical');
  // eigenvector of the smaller eigenvalue: (b, small - a) or (small - c, b), the better conditioned
  let el = b;
  let em = small - a;
  if (Math.hypot(small - c, b) > Math.hypot(el, em)) {
    el = small - c;
    em = b;
  }
  if (Math.hypot(el, em) === 0) {
    el = 0;
    em = 1;
  }
  let pa = Math.atan2(el, em);
  if (pa <= -Math.PI / 2) pa += Math.PI;
  if (pa > Math.PI / 2) pa -= Math.PI;
  return { major: Math.sqrt(FWHM_K / small), minor: Math.sqrt(FWHM_K / large), pa };
}

/** An N x N image of the beam (peak 1 at pixel (N/2, N/2)). */
export function gaussianBeam(b: Beam, size: number, cell: number, out = new Float64Array(size * size)): Float64Array {
  const [qa, qb, qc] = beamQuadratic(b);
  const h = size / 2;
  for (let r = 0; r < size; r++) {
    const m = (r - h) * cell;
    for (let c = 0; c < size; c++) {
      const l = -(c - h) * cell;
      out[r * size + c] = Math.exp(-(qa * l * l + 2 * qb * l * m + qc * m * m));
    }
  }
  return out;
}

/** The beam's solid angle in pixels: sum of the beam image = pi major minor / (4 ln 2 cell^2). */
export function beamArea(b: Beam, cell: number): number {
  return (Math.PI * b.major * b.minor) / (FWHM_K * cell * cell);
}

/** The main lobe's pixels: connected to the peak (4-neighbours) with PSF >= level. */
function mainLobe(psf: Float64Array, size: number, peak: number, level: number): number[] {
  return connectedRegion(psf, size, peak, (v) => v >= level).pixels;
}

/**
 * The 4-connected region of a size x size image around `start` whose values pass `inside`: its
 * pixels in visiting order and a 0/1 mask. The main lobe of a PSF (beam fitting, side-lobe level).
 */
export function connectedRegion(image: Float64Array, size: number, start: number, inside: (v: number) => boolean): { pixels: number[]; mask: Uint8Array } {
  const mask = new Uint8Array(size * size);
  const stack = [start];
  mask[start] = 1;
  const pixels: number[] = [];
  while (stack.length) {
    const p = stack.pop() as number;
    pixels.push(p);
    const r = Math.floor(p / size);
    const c = p - r * size;
    for (const [dr, dc] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]) {
      const rr = r + dr;
      const cc = c + dc;
      if (rr < 0 || cc < 0 || rr >= size || cc >= size) continue;
      const q = rr * size + cc;
      if (!mask[q] && inside(image[q])) {
        mask[q] = 1;
        stack.push(q);
      }
    }
  }
  return { pixels, mask };
}

/** Solves the symmetric 3 x 3 system M p = g (Cramer), M row-major. */
function solve3(M: number[], g: number[]): number[] {
  const [a, b, c, d, e, f, g2, h, i] = M;
  const det = a * (e * i - f * h) - b * (d * i - f * g2) + c * (d * h - e * g2);
  if (!(Math.abs(det) > 0)) return [0, 0, 0];
  const x = (g[0] * (e * i - f * h) - b * (g[1] * i - f * g[2]) + c * (g[1] * h - e * g[2])) / det;
  const y = (a * (g[1] * i - f * g[2]) - g[0] * (d * i - f * g2) + c * (d * g[2] - g[1] * g2)) / det;
  const z = (a * (e * g[2] - g[1] * h) - b * (d * g[2] - g[1] * g2) + g[0] * (d * h - e * g2)) / det;
  return [x, y, z];
}

/**
 * Fits the restoring beam to `psf` (N x N, peak 1 at (N/2, N/2); the fit uses the largest pixel,
 * which must be there) with pixel `cell` (see the file comment).
 */
export function fitBeam(psf: Float64Array, size: number, cell: number, level = 0.35): BeamFit {
  const where = 'fitBeam';
  checkInt(where, 'size', size, 2);
  if (psf.length !== size * size) throw new CandorError(where, 'psf length', `${size * size} (${size} x ${size})`, String(psf.length));
  if (!(level > 0 && level < 1)) throw new CandorError(where, 'level', 'a number in (0, 1)', describe(level));
  const c0 = (size / 2) * size + size / 2;
  const pk = psf[c0];
  if (!(pk > 0)) throw new CandorError(where, 'PSF', 'a positive peak at the centre pixel', describe(pk), 'numerical');
  const lobe = mainLobe(psf, size, c0, level * pk);
  if (lobe.length < 3) {
    throw new CandorError(where, 'PSF main lobe', `at least 3 pixels above ${level} of the peak (the cell is too coarse for the beam: use a smaller cell)`, `${lobe.length}`, 'numerical');
  }
  const h = size / 2;
  const L = new Float64Array(lobe.length);
  const Mv = new Float64Array(lobe.length);
  const V = new Float64Array(lobe.length);
  for (let j = 0; j < lobe.length; j++) {
    const p = lobe[j];
    const r = Math.floor(p / size);
    const c = p - r * size;
    L[j] = -(c - h); // in pixels (cell applied at the end)
    Mv[j] = r - h;
    V[j] = psf[p] / pk;
  }
  // linear start: -ln V = a l^2 + 2 b l m + c m^2, weighted by V^2 (the error propagation of ln)
  const N = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const g = [0, 0, 0];
  for (let j = 0; j < lobe.length; j++) {
    if (V[j] >= 1 && L[j] === 0 && Mv[j] === 0) continue;
    const f = [L[j] * L[j], 2 * L[j] * Mv[j], Mv[j] * Mv[j]];
    const t = -Math.log(Math.max(V[j], 1e-12));
    const w = V[j] * V[j];
    for (let i = 0; i < 3; i++) {
      g[i] += w * f[i] * t;
      for (let k = 0; k < 3; k++) N[3 * i + k] += w * f[i] * f[k];
    }
  }
  let q = solve3(N, g);
  if (!(q[0] > 0 && q[2] > 0 && q[0] * q[2] > q[1] * q[1])) q = [Math.LN2, 0, Math.LN2]; // a 2-pixel FWHM start
  const cost = (p: number[]) => {
    let s = 0;
    for (let j = 0; j < lobe.length; j++) {
      const e = Math.exp(-(p[0] * L[j] * L[j] + 2 * p[1] * L[j] * Mv[j] + p[2] * Mv[j] * Mv[j])) - V[j];
      s += e * e;
    }
    return s;
  };
  let c = cost(q);
  for (let it = 0; it < 50; it++) {
    const JJ = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    const Jr = [0, 0, 0];
    for (let j = 0; j < lobe.length; j++) {
      const f = [L[j] * L[j], 2 * L[j] * Mv[j], Mv[j] * Mv[j]];
      const e = Math.exp(-(q[0] * f[0] + q[1] * f[1] + q[2] * f[2]));
      const r = e - V[j];
      const d = [-e * f[0], -e * f[1], -e * f[2]];
      for (let i = 0; i < 3; i++) {
        Jr[i] += d[i] * r;
        for (let k = 0; k < 3; k++) JJ[3 * i + k] += d[i] * d[k];
      }
    }
    const step = solve3(JJ, Jr);
    let t = 1;
    let improved = false;
    for (let k = 0; k < 30; k++) {
      const p = [q[0] - t * step[0], q[1] - t * step[1], q[2] - t * step[2]];
      if (p[0] > 0 && p[2] > 0 && p[0] * p[2] > p[1] * p[1]) {
        const cp = cost(p);
        if (cp < c) {
          const rel = (c - cp) / Math.max(c, 1e-300);
          q = p;
          c = cp;
          improved = rel > 1e-14;
          break;
        }
      }
      t *= 0.5;
    }
    if (!improved) break;
  }
  const b = beamFromQuadratic(q[0] / (cell * cell), q[1] / (cell * cell), q[2] / (cell * cell));
  return { ...b, pixels: lobe.length, rms: Math.sqrt(c / lobe.length) };
}

/**
 * The linear convolution of an N x N image with a beam (peak 1, or unit sum with `normalise`),
 * through zero-padded FFTs of 2N x 2N (no wrap-around).
 */
export function convolveBeam(image: Float64Array, size: number, cell: number, b: Beam, opts: { normalise?: boolean } = {}): Float64Array {
  const where = 'convolveBeam';
  if (image.length !== size * size) throw new CandorError(where, 'image length', `${size * size} (${size} x ${size})`, String(image.length));
  const P = 2 * size;
  const plan = fft2Plan(P, P);
  const k = gaussianBeam(b, P, cell);
  let s = 1;
  if (opts.normalise) {
    s = 0;
    for (let i = 0; i < k.length; i++) s += k[i];
  }
  // kernel centred at (P/2, P/2) -> origin at (0, 0) (circular shift), image zero-padded
  const K = new Float64Array(2 * P * P);
  for (let r = 0; r < P; r++) {
    const rr = (r + P / 2) % P;
    for (let c = 0; c < P; c++) K[2 * (rr * P + ((c + P / 2) % P))] = k[r * P + c] / s;
  }
  const X = new Float64Array(2 * P * P);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) X[2 * (r * P + c)] = image[r * size + c];
  plan.exec(K, 0, K, 0, false);
  plan.exec(X, 0, X, 0, false);
  for (let i = 0; i < P * P; i++) {
    const ar = X[2 * i];
    const ai = X[2 * i + 1];
    X[2 * i] = ar * K[2 * i] - ai * K[2 * i + 1];
    X[2 * i + 1] = ar * K[2 * i + 1] + ai * K[2 * i];
  }
  plan.exec(X, 0, X, 0, true);
  const out = new Float64Array(size * size);
  const inv = 1 / (P * P);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) out[r * size + c] = X[2 * (r * P + c)] * inv;
  return out;
}
