/**
 * The theory of a trace-decimation pattern: which traces of a line are kept decides how an f-k
 * (or any separable) sparsifying transform sees the gaps.
 *
 * Trace sampling S keeps whole traces, so in the f-k domain every temporal frequency is sampled
 * by the same 1-D pattern along x: for the synthesis atoms a_k(x) = e^{2 pi i k x / N} / sqrt(N)
 * restricted to the kept traces R (|R| = m, on a grid of N >= n traces, padded ones never kept),
 *
 *     <S a_k, S a_l> / (m / N) = psf(k - l),   psf(d) = (1/m) sum_{x in R} e^{2 pi i d x / N},
 *
 * the point-spread function of the pattern (./psf.ts). Its largest side lobe is the mutual
 * coherence of the sampled f-k dictionary. Random patterns give low, noise-like side lobes
 * (Abma & Kabir 2006; Hennenfent & Herrmann 2008); a regular pattern with period r gives a replica
 * of height ~1 at d = N / r: every f-k coefficient and its alias shifted by 1/r cycles per trace
 * fit the kept traces equally well, so sparsity cannot tell them apart. A linear event of dip p
 * (seconds per trace) sits at wavenumber k = f p at frequency f; it is unaliased on the
 * decimated grid when |f p| < 1 / (2 r), i.e. for dips below p_max(f) = 1 / (2 r f).
 *
 * For a separable transform B = B_x (x) B_t (2-D DCT, wavelets level by level), the temporal
 * factor is untouched by trace sampling and the coherence is that of the kept rows of the
 * spatial factor B_x ({@link sampledBasisCoherence}).
 *
 * References: Lustig, Donoho & Pauly 2007 (PSF as incoherence); Hennenfent & Herrmann,
 * Geophysics 73(3) V19-V28, 2008 (jittered sampling, aliasing of regular decimation); Spitz,
 * Geophysics 56 (1991) (spatial aliasing of regular trace interpolation).
 *
 * @example
 * import { decimationPsf, decimationRegularity } from './decimation.ts';
 * const kept = Uint8Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? 1 : 0));
 * decimationPsf(kept).sideLobe;             // 1 (alias at shift 4 = N/2)
 * decimationRegularity(kept).period;        // 2
 */
import { CandorError, describe } from '../core/errors.ts';
import { welchBound } from './coherence.ts';
import { maskPsf } from './psf.ts';

/**
 * The PSF of a trace decimation in the f-k domain ({@link decimationPsf}): |psf(d)| over the
 * wavenumber shifts d, its largest side lobe (the coherence of the sampled f-k atoms) and the Welch bound.
 */
export interface DecimationPsf {
  /** |psf(d)| for d = 0 .. N-1 (|psf(0)| = 1). */
  magnitude: Float64Array;
  /** Largest side lobe: the mutual coherence of the sampled f-k atoms. */
  sideLobe: number;
  /** Its shift in wavenumber samples, signed in (-N/2, N/2]; as a fraction of N: cycles per trace. */
  sideLobeShift: number;
  m: number;
  /** Grid size N (traces, padded ones included). */
  n: number;
  /** Welch bound for (m, N): the smallest coherence any m of N rows could have. */
  welch: number;
}

function checkKept(where: string, kept: unknown): Uint8Array {
  if (!(kept instanceof Uint8Array) || kept.length < 2) throw new CandorError(where, 'kept traces', 'a 0/1 Uint8Array of at least 2 traces', describe(kept));
  let m = 0;
  for (let i = 0; i < kept.length; i++) {
    if (kept[i] > 1) throw new CandorError(where, `kept[${i}]`, '0 or 1', String(kept[i]));
    m += kept[i];
  }
  if (m === 0) throw new CandorError(where, 'kept traces', 'at least one kept trace', 'none');
  return kept;
}

/** The PSF of a trace pattern on a grid of `nPad` >= kept.length traces (see the file comment). */
export function decimationPsf(kept: Uint8Array, nPad?: number): DecimationPsf {
  const where = 'decimationPsf';
  checkKept(where, kept);
  const N = nPad ?? kept.length;
  if (!Number.isInteger(N) || N < kept.length) throw new CandorError(where, 'nPad', `an integer >= ${kept.length}`, describe(nPad));
  const mask = new Uint8Array(N);
  mask.set(kept);
  const p = maskPsf([N], mask);
  const magnitude = new Float64Array(N);
  for (let d = 0; d < N; d++) magnitude[d] = Math.hypot(p.psf[2 * d], p.psf[2 * d + 1]);
  return { magnitude, sideLobe: p.sideLobe, sideLobeShift: p.sideLobeShift[0], m: p.m, n: N, welch: welchBound(p.m, N) };
}

/**
 * How regular a trace decimation is ({@link decimationRegularity}): the gaps between kept traces
 * and the period when it is a regular decimation.
 */
export interface DecimationRegularity {
  m: number;
  n: number;
  /** Gaps between consecutive kept traces (1 = neighbours). */
  maxGap: number;
  meanGap: number;
  /** r when every gap equals r (the last one may be shorter: the last trace is kept): regular decimation. */
  period: number | null;
}

/** Gaps of a pattern and its period when regular. */
export function decimationRegularity(kept: Uint8Array): DecimationRegularity {
  checkKept('decimationRegularity', kept);
  const idx: number[] = [];
  for (let i = 0; i < kept.length; i++) if (kept[i]) idx.push(i);
  const gaps = idx.slice(1).map((v, i) => v - idx[i]);
  const maxGap = gaps.length ? Math.max(...gaps) : 0;
  const meanGap = gaps.length ? (idx[idx.length - 1] - idx[0]) / gaps.length : 0;
  let period: number | null = null;
  if (gaps.length >= 2 && maxGap > 1) {
    const r = gaps[0];
    if (gaps.slice(0, -1).every((g) => g === r) && gaps[gaps.length - 1] <= r) period = r;
  }
  return { m: idx.length, n: kept.length, maxGap, meanGap, period };
}

/**
 * Mutual coherence of the kept rows of a spatial basis (the separable transform's x factor):
 * `basis` is n x K row-major (column j = atom j sampled at the n traces); atoms that vanish on
 * the kept traces are skipped (reported in `lost`).
 */
export function sampledBasisCoherence(basis: { rows: number; cols: number; data: Float64Array }, kept: Uint8Array): { coherence: number; lost: number } {
  const where = 'sampledBasisCoherence';
  checkKept(where, kept);
  if (!basis || basis.rows !== kept.length || basis.data.length !== basis.rows * basis.cols) {
    throw new CandorError(where, 'basis', `an ${kept.length} x K row-major matrix`, describe(basis));
  }
  const K = basis.cols;
  const rows: number[] = [];
  for (let i = 0; i < kept.length; i++) if (kept[i]) rows.push(i);
  const cols: Float64Array[] = [];
  let lost = 0;
  for (let j = 0; j < K; j++) {
    const v = Float64Array.from(rows, (r) => basis.data[r * K + j]);
    let s = 0;
    for (const a of v) s += a * a;
    if (s <= 1e-24) {
      lost++;
      continue;
    }
    const inv = 1 / Math.sqrt(s);
    cols.push(v.map((a) => a * inv));
  }
  let mu = 0;
  for (let a = 0; a < cols.length; a++) {
    for (let b = a + 1; b < cols.length; b++) {
      let d = 0;
      for (let i = 0; i < rows.length; i++) d += cols[a][i] * cols[b][i];
      mu = Math.max(mu, Math.abs(d));
    }
  }
  return { coherence: mu, lost };
}

/** Largest unaliased dip (seconds per trace) at frequency f (Hz) after regular decimation by r. */
export function aliasFreeDip(period: number, frequency: number): number {
  if (!(period >= 1) || !(frequency > 0)) {
    throw new CandorError('aliasFreeDip', 'period and frequency', 'period >= 1 and frequency > 0', `${describe(period)} and ${describe(frequency)}`);
  }
  return 1 / (2 * period * frequency);
}
