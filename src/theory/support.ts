/**
 * Supports and sign patterns: validation with exact messages, and the support of a reconstruction
 * by the largest gap in its sorted magnitudes (THEORY.md section 5, "after a reconstruction").
 *
 * Messages (tests assert them):
 * - `bpCertificate: support[2]: expected an integer index in [0, 63], got 64`
 * - `bpCertificate: support: expected distinct indices, got index 5 twice`
 * - `bpCertificate: signs length: expected 3 (one per support index), got 2`
 * - `bpCertificate: signs[1]: expected +1 or -1, got 0.5`
 *
 * @example
 * import { supportByGap } from './support.ts';
 * supportByGap(Float64Array.of(0, 2, 3e-14, -1, 0), 5).support;  // Int32Array [1, 3]
 */
import { CandorError, describe } from '../core/errors.ts';

/** Validates a list of distinct column indices in [0, n); returns them (order kept) as an Int32Array. */
export function checkSupport(where: string, support: unknown, n: number, name = 'support'): Int32Array {
  if (!(support instanceof Int32Array) && !Array.isArray(support) && !ArrayBuffer.isView(support)) {
    throw new CandorError(where, name, 'an array of column indices', describe(support));
  }
  const s = support as ArrayLike<number>;
  if (s.length === 0) throw new CandorError(where, name, 'at least one index', 'an empty list');
  const out = new Int32Array(s.length);
  const seen = new Set<number>();
  for (let t = 0; t < s.length; t++) {
    const v = s[t];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) {
      throw new CandorError(where, `${name}[${t}]`, `an integer index in [0, ${n - 1}]`, describe(v));
    }
    if (seen.has(v)) throw new CandorError(where, name, 'distinct indices', `index ${v} twice`);
    seen.add(v);
    out[t] = v;
  }
  return out;
}

/** Validates a sign pattern of length k with entries exactly +1 or -1. */
export function checkSigns(where: string, signs: unknown, k: number): Float64Array {
  if (!Array.isArray(signs) && !ArrayBuffer.isView(signs)) {
    throw new CandorError(where, 'signs', `an array of ${k} signs (+1 or -1)`, describe(signs));
  }
  const s = signs as ArrayLike<number>;
  if (s.length !== k)
    throw new CandorError(where, 'signs length', `${k} (one per support index)`, String(s.length));
  const out = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    const v = s[t];
    if (v !== 1 && v !== -1) throw new CandorError(where, `signs[${t}]`, '+1 or -1', describe(v));
    out[t] = v;
  }
  return out;
}

/**
 * A support read off a reconstruction by its largest magnitude gap ({@link supportByGap}): the
 * indices, the gap ratio and whether only (numerical) zeros follow.
 */
export interface GapSupport {
  /** Indices of the |S| largest entries, increasing. */
  support: Int32Array;
  /** Ratio |x|_(|S|) / max(|x|_(|S|+1), floor): how clearly the support stands out. */
  gap: number;
  /** True when everything below the support is at or below the floor (exact zeros, up to rounding). */
  zerosFollow: boolean;
  /** Entries at or below floor = 1e-14 max|x| count as zero. */
  floor: number;
}

/**
 * Support of x by the largest gap in the sorted magnitudes a_1 >= a_2 >= ...: the cut p <= maxSize
 * maximising a_p / max(a_{p+1}, floor), floor = 1e-14 a_1. Exact zeros thus give a gap of
 * a_p / floor (at least 1e10 when a_p >= 1e-4 a_1), while rounding-level entries of an LP vertex
 * (1e-14 next to 1) lose to the real gap above them.
 * Complex x (interleaved, `complex: true`) uses moduli. x = 0 gives an empty support.
 * `preferFinite` > 0 (noisy reconstructions, whose small nonzeros are noise): the largest gap
 * between two magnitudes above the floor wins over the cut at the zeros when its ratio is at
 * least `preferFinite`.
 */
export function supportByGap(
  x: Float64Array,
  maxSize: number,
  complex = false,
  preferFinite = 0,
): GapSupport {
  const n = complex ? x.length / 2 : x.length;
  const mag = new Float64Array(n);
  let top = 0;
  for (let j = 0; j < n; j++) {
    const a = complex ? Math.hypot(x[2 * j], x[2 * j + 1]) : Math.abs(x[j]);
    mag[j] = a;
    if (a > top) top = a;
  }
  if (top === 0)
    return { support: new Int32Array(0), gap: Number.POSITIVE_INFINITY, zerosFollow: true, floor: 0 };
  const floor = 1e-14 * top;
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => mag[b] - mag[a]);
  const limit = Math.min(maxSize, n);
  let best = 1;
  let bestGap = -1;
  let bestFinite = 0;
  let bestFiniteGap = -1;
  for (let p = 1; p <= limit; p++) {
    const a = mag[order[p - 1]];
    if (a <= floor) break;
    const next = p < n ? mag[order[p]] : 0;
    const g = a / Math.max(next, floor);
    if (g > bestGap) {
      bestGap = g;
      best = p;
    }
    if (next > floor && g > bestFiniteGap) {
      bestFiniteGap = g;
      bestFinite = p;
    }
  }
  if (preferFinite > 0 && bestFiniteGap >= preferFinite) {
    best = bestFinite;
    bestGap = bestFiniteGap;
  }
  const support = Int32Array.from(order.slice(0, best)).sort();
  const zerosFollow = best >= n || mag[order[best]] <= floor;
  return { support, gap: bestGap, zerosFollow, floor };
}
