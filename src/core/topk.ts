/**
 * Top-k selection by quickselect (Hoare partition with median-of-three pivots, Floyd-Rivest
 * style expected O(n)); used by hard thresholding (IHT, CoSaMP, HTP) on every iteration, so it
 * works in caller-provided buffers and never sorts the whole vector.
 *
 * Reference: C. A. R. Hoare, "Algorithm 65: Find", CACM 1961.
 *
 * @example
 * import { topK } from './topk.ts';
 * const idx = new Int32Array(2);
 * topK(Float64Array.of(0.1, -5, 3, 0), 2, idx);  // idx holds {1, 2} (|-5| and |3|), ascending index order
 */
import { CandorError } from './errors.ts';

/**
 * Indices of the k entries of largest magnitude, written in ascending index order into `out`
 * (length >= k). For complex interleaved input pass `complex = true` (magnitudes |z_i|).
 * `scratch` (length n) avoids allocation in hot loops. Ties are broken towards lower indices.
 */
export function topK(
  x: Float64Array,
  k: number,
  out: Int32Array,
  complex = false,
  scratch?: { mag: Float64Array; idx: Int32Array },
): Int32Array {
  const n = complex ? x.length >> 1 : x.length;
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new CandorError('topK', 'k', `an integer in [0, ${n}]`, String(k));
  }
  if (out.length < k) throw new CandorError('topK', 'out length', `>= k = ${k}`, String(out.length));
  const mag = scratch?.mag ?? new Float64Array(n);
  const idx = scratch?.idx ?? new Int32Array(n);
  if (mag.length < n || idx.length < n) {
    throw new CandorError('topK', 'scratch length', `>= ${n}`, `${mag.length} and ${idx.length}`);
  }
  if (complex) {
    for (let i = 0; i < n; i++) {
      const a = x[2 * i];
      const b = x[2 * i + 1];
      mag[i] = a * a + b * b;
      idx[i] = i;
    }
  } else {
    for (let i = 0; i < n; i++) {
      mag[i] = Math.abs(x[i]);
      idx[i] = i;
    }
  }
  if (k > 0 && k < n) select(mag, idx, 0, n - 1, k - 1);
  for (let i = 0; i < k; i++) out[i] = idx[i];
  sortInt(out, k);
  return out;
}

/** Order so that (mag[idx] descending, idx ascending): a strict total order, so ties are stable. */
function before(mag: Float64Array, idx: Int32Array, a: number, b: number): boolean {
  const ma = mag[a];
  const mb = mag[b];
  return ma > mb || (ma === mb && idx[a] < idx[b]);
}

function swap(mag: Float64Array, idx: Int32Array, a: number, b: number): void {
  const t = mag[a];
  mag[a] = mag[b];
  mag[b] = t;
  const u = idx[a];
  idx[a] = idx[b];
  idx[b] = u;
}

/** Rearranges so positions lo..kth hold the (kth-lo+1) "largest" in the order above. */
function select(mag: Float64Array, idx: Int32Array, lo: number, hi: number, kth: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three to position lo
    if (before(mag, idx, mid, lo)) swap(mag, idx, mid, lo);
    if (before(mag, idx, hi, lo)) swap(mag, idx, hi, lo);
    if (before(mag, idx, hi, mid)) swap(mag, idx, hi, mid);
    // now lo <= mid <= hi in order; use mid as pivot, move it to lo
    swap(mag, idx, lo, mid);
    let i = lo;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (i <= hi && before(mag, idx, i, lo));
      do j--;
      while (before(mag, idx, lo, j));
      if (i >= j) break;
      swap(mag, idx, i, j);
    }
    swap(mag, idx, lo, j);
    if (j === kth) return;
    if (j < kth) lo = j + 1;
    else hi = j - 1;
  }
}

function sortInt(a: Int32Array, k: number): void {
  const v = a.subarray(0, k);
  v.sort();
}

/**
 * Hard threshold: keep the k largest-magnitude entries of x, zero the rest, into out.
 * `support` receives the kept indices (ascending).
 */
export function hardThreshold(
  x: Float64Array,
  k: number,
  out: Float64Array,
  support: Int32Array,
  complex = false,
  scratch?: { mag: Float64Array; idx: Int32Array },
): Float64Array {
  if (out.length !== x.length) throw new CandorError('hardThreshold', 'out length', String(x.length), String(out.length));
  topK(x, k, support, complex, scratch);
  if (out !== x) {
    out.fill(0);
    if (complex) {
      for (let t = 0; t < k; t++) {
        const i = support[t];
        out[2 * i] = x[2 * i];
        out[2 * i + 1] = x[2 * i + 1];
      }
    } else {
      for (let t = 0; t < k; t++) out[support[t]] = x[support[t]];
    }
  } else {
    let t = 0;
    const w = complex ? 2 : 1;
    const n = x.length / w;
    for (let i = 0; i < n; i++) {
      if (t < k && support[t] === i) {
        t++;
        continue;
      }
      for (let c = 0; c < w; c++) out[w * i + c] = 0;
    }
  }
  return out;
}
