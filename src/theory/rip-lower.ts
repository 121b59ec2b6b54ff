/**
 * An honest lower bound on the restricted isometry constant (THEORY.md section 6)
 *
 *     delta_k = max_{|S| = k} ||A_S^H A_S - I||_2,
 *
 * computing which (or certifying RIP) is NP-hard (Bandeira et al. 2013; Tillmann & Pfetsch 2014).
 * Every support S is a witness: delta_k >= max(lambda_max(A_S^H A_S) - 1, 1 - lambda_min(A_S^H A_S)).
 * This searches for good witnesses (random supports, then swap local search on each side) and
 * reports the best: a **lower bound**, never an estimate of delta_k itself.
 *
 * Local search (one swap per step, up to `iterations` steps per side, the best of 3 candidates):
 * - upper side (raise lambda_max): u = top eigenvector, z = A_S u; bring in the column j not in S
 *   with the largest |a_j^H z| and drop the index with the smallest |u_i|;
 * - lower side (lower lambda_min): u = bottom eigenvector; drop i = argmin |u_i|, z = A_{S-i} u;
 *   bring in the j maximising |a_j^H z|^2/||a_j||^2 (the column that best cancels z).
 * A swap is kept only when the exact eigenvalues of the new support improve the bound.
 *
 * Upper bounds for comparison: the deterministic delta_k <= mu_1(k - 1) (Gershgorin; unit-norm
 * columns), and for Gaussian N(0, 1/m) matrices the union bound of ./rip-bounds.ts (a statement
 * about the ensemble with probability >= 1 - eta, not about the drawn matrix).
 * Complex A: A_S^H A_S is Hermitian; its eigenvalues are those of the real symmetric embedding
 * [[Re G, -Im G], [Im G, Re G]] (each twice).
 *
 * @example
 * import { createRng } from '../core/rng/index.ts';
 * import { gaussianMatrix } from '../linops/matrix.ts';
 * import { ripLowerBound } from './rip-lower.ts';
 * const A = gaussianMatrix(64, 256, createRng(1));
 * const r = ripLowerBound(A, 8, { seed: 1 });
 * r.lower;                  // e.g. 0.9: delta_8 >= 0.9 (witness r.support)
 * r.gaussianUpper;          // null unless { ensemble: 'gaussian' }
 */
import { symEig } from '../core/dense/sym-eig.ts';
import { CandorError, checkInt, checkNumber } from '../core/errors.ts';
import { createRng } from '../core/rng/index.ts';
import type { OperatorInput } from '../solvers/problem.ts';
import { babel } from '../predict/coherence.ts';
import { type ColumnSet, columnNorm, gatherColumns } from '../predict/columns.ts';
import { gaussianRipBound } from '../predict/rip-bounds.ts';
import { checkProbability } from '../predict/validate.ts';

/** Options of {@link ripLowerBound}: the support search and the optional Gaussian upper bound. */
export interface RipLowerBoundOptions {
  /** Seed of the random supports (default 0). */
  seed?: number;
  /** Random supports drawn before the local search (default 64). */
  samples?: number;
  /** Swap steps per side (default 30). */
  iterations?: number;
  /** Analyse scale * A (e.g. sqrt(n/m) for a partial unitary transform) (default 1). */
  scale?: number;
  /** 'gaussian': also report the union-bound upper bound for iid N(0, 1/m) matrices. */
  ensemble?: string;
  /** Failure probability of the Gaussian upper bound (default 0.01). */
  eta?: number;
}

/**
 * A support S and the extreme eigenvalues of A_S^H A_S (of the scaled A); together they certify
 * delta_k >= max(lambdaMax - 1, 1 - lambdaMin).
 */
export interface RipWitness {
  support: Int32Array;
  lambdaMin: number;
  lambdaMax: number;
}

/**
 * A certified lower bound on the restricted isometry constant delta_k from the best witness
 * supports found ({@link ripLowerBound}), with the upper bounds available.
 */
export interface RipLowerBound {
  k: number;
  /** delta_k >= lower (a certified lower bound, by the witness support). */
  lower: number;
  side: 'upper' | 'lower';
  witness: RipWitness;
  /** Best witnesses of each side: lambda_max - 1 and 1 - lambda_min. */
  upperWitness: RipWitness;
  lowerWitness: RipWitness;
  /** Number of supports whose eigenvalues were computed. */
  evaluated: number;
  /** delta_k <= mu_1(k - 1) when scale * A has unit-norm columns and n <= 2048, else null. */
  deterministicUpper: number | null;
  /** Gaussian union bound (ensemble 'gaussian'), else null. */
  gaussianUpper: { value: number; eta: number; statement: string } | null;
  statement: string;
}

/** Extreme eigenvalues (and vectors) of A_S^H A_S. */
function extremes(
  C: ColumnSet,
  S: Int32Array,
  sc2: number,
): { lmin: number; lmax: number; umin: Float64Array; umax: Float64Array } {
  const k = S.length;
  const { stride, data, complex } = C;
  const N = complex ? 2 * k : k;
  const G = new Float64Array(N * N);
  for (let a = 0; a < k; a++) {
    const oa = S[a] * stride;
    for (let b = a; b < k; b++) {
      const ob = S[b] * stride;
      let re = 0;
      let im = 0;
      if (!complex) for (let i = 0; i < stride; i++) re += data[oa + i] * data[ob + i];
      else {
        for (let i = 0; i < stride; i += 2) {
          const ar = data[oa + i];
          const ai = data[oa + i + 1];
          const br = data[ob + i];
          const bi = data[ob + i + 1];
          re += ar * br + ai * bi;
          im += ar * bi - ai * br;
        }
      }
      re *= sc2;
      im *= sc2;
      if (!complex) {
        G[a * N + b] = G[b * N + a] = re;
      } else {
        // G_ab = re + i im, G_ba = re - i im; embedding [[Re, -Im], [Im, Re]]
        G[a * N + b] = G[b * N + a] = re;
        G[(k + a) * N + k + b] = G[(k + b) * N + k + a] = re;
        G[(k + a) * N + b] = im;
        G[a * N + k + b] = -im;
        G[(k + b) * N + a] = -im;
        G[b * N + k + a] = im;
      }
    }
  }
  const { values, vectors } = symEig({ rows: N, cols: N, data: G });
  const V = vectors!.data;
  const col = (c: number) => {
    const u = new Float64Array(complex ? 2 * k : k);
    for (let t = 0; t < k; t++) {
      if (!complex) u[t] = V[t * N + c];
      else {
        u[2 * t] = V[t * N + c];
        u[2 * t + 1] = V[(k + t) * N + c];
      }
    }
    return u;
  };
  return { lmin: values[0], lmax: values[N - 1], umin: col(0), umax: col(N - 1) };
}

/** z = A_S u (skipping index `skip`), complex-aware. */
function combine(C: ColumnSet, S: Int32Array, u: Float64Array, skip: number): Float64Array {
  const { stride, data, complex } = C;
  const z = new Float64Array(stride);
  for (let t = 0; t < S.length; t++) {
    if (t === skip) continue;
    const o = S[t] * stride;
    if (!complex) for (let i = 0; i < stride; i++) z[i] += data[o + i] * u[t];
    else {
      const ur = u[2 * t];
      const ui = u[2 * t + 1];
      for (let i = 0; i < stride; i += 2) {
        z[i] += data[o + i] * ur - data[o + i + 1] * ui;
        z[i + 1] += data[o + i] * ui + data[o + i + 1] * ur;
      }
    }
  }
  return z;
}

function absDot(C: ColumnSet, j: number, z: Float64Array): number {
  const { stride, data, complex } = C;
  const o = j * stride;
  if (!complex) {
    let s = 0;
    for (let i = 0; i < stride; i++) s += data[o + i] * z[i];
    return Math.abs(s);
  }
  let re = 0;
  let im = 0;
  for (let i = 0; i < stride; i += 2) {
    re += data[o + i] * z[i] + data[o + i + 1] * z[i + 1];
    im += data[o + i] * z[i + 1] - data[o + i + 1] * z[i];
  }
  return Math.hypot(re, im);
}

function modAt(u: Float64Array, t: number, complex: boolean): number {
  return complex ? Math.hypot(u[2 * t], u[2 * t + 1]) : Math.abs(u[t]);
}

/** Lower bound on delta_k of (scale *) A by witness supports (dense or operator, real or complex). */
export function ripLowerBound(A: OperatorInput, k: number, opts: RipLowerBoundOptions = {}): RipLowerBound {
  const where = 'ripLowerBound';
  const C = gatherColumns(where, A);
  const { m, n } = C;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > n) {
    throw new CandorError(where, 'k', `an integer in [1, n = ${n}]`, String(k));
  }
  const seed = checkInt(where, 'seed', opts.seed ?? 0, 0);
  const samples = checkInt(where, 'samples', opts.samples ?? 64, 1);
  const iterations = checkInt(where, 'iterations', opts.iterations ?? 30, 0);
  const scale = checkNumber(where, 'scale', opts.scale ?? 1, Number.MIN_VALUE);
  const sc2 = scale * scale;
  const rng = createRng(seed);
  let evaluated = 0;
  const evalS = (S: Int32Array) => {
    evaluated++;
    return extremes(C, S, sc2);
  };
  let up: { S: Int32Array; e: ReturnType<typeof extremes> } | null = null;
  let lo: { S: Int32Array; e: ReturnType<typeof extremes> } | null = null;
  for (let s = 0; s < samples; s++) {
    const S = rng.sampleWithoutReplacement(n, k, new Int32Array(k));
    const e = evalS(S);
    if (!up || e.lmax > up.e.lmax) up = { S, e };
    if (!lo || e.lmin < lo.e.lmin) lo = { S, e };
  }
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) norms[j] = columnNorm(C, j) * scale;
  const swapSearch = (start: { S: Int32Array; e: ReturnType<typeof extremes> }, side: 'upper' | 'lower') => {
    let cur = start;
    if (k === n) return cur;
    for (let it = 0; it < iterations; it++) {
      const u = side === 'upper' ? cur.e.umax : cur.e.umin;
      let out = 0;
      for (let t = 1; t < k; t++) if (modAt(u, t, C.complex) < modAt(u, out, C.complex)) out = t;
      const z = combine(C, cur.S, u, side === 'upper' ? -1 : out);
      const inS = new Set(cur.S);
      const cand: { j: number; s: number }[] = [];
      for (let j = 0; j < n; j++) {
        if (inS.has(j) || norms[j] === 0) continue;
        const d = absDot(C, j, z) * scale;
        cand.push({ j, s: side === 'upper' ? d : (d * d) / (norms[j] * norms[j]) });
      }
      cand.sort((a, b) => b.s - a.s);
      let best: typeof cur | null = null;
      for (const c of cand.slice(0, 3)) {
        const S = Int32Array.from(cur.S);
        S[out] = c.j;
        const e = evalS(S);
        const better = side === 'upper' ? e.lmax > (best ?? cur).e.lmax : e.lmin < (best ?? cur).e.lmin;
        if (better) best = { S, e };
      }
      if (!best) break;
      cur = best;
    }
    return cur;
  };
  up = swapSearch(up!, 'upper');
  lo = swapSearch(lo!, 'lower');
  const w = (x: { S: Int32Array; e: ReturnType<typeof extremes> }): RipWitness => ({
    support: Int32Array.from(x.S).sort(),
    lambdaMin: x.e.lmin,
    lambdaMax: x.e.lmax,
  });
  const dUp = Math.max(up.e.lmax - 1, 1 - up.e.lmin);
  const dLo = Math.max(lo.e.lmax - 1, 1 - lo.e.lmin);
  const witness = dUp >= dLo ? w(up) : w(lo);
  const side: 'upper' | 'lower' = witness.lambdaMax - 1 >= 1 - witness.lambdaMin ? 'upper' : 'lower';
  const lower = Math.max(dUp, dLo);
  let deterministicUpper: number | null = null;
  let unit = n <= 2048 && n >= 2;
  for (let j = 0; unit && j < n; j++) if (Math.abs(norms[j] - 1) > 1e-10) unit = false;
  // babel() normalises the columns, which here is the same as scaling by `scale`
  if (unit) deterministicUpper = k === 1 ? 0 : babel(A, k - 1)[k - 2];
  let gaussianUpper: RipLowerBound['gaussianUpper'] = null;
  if (opts.ensemble === 'gaussian') {
    const eta = checkProbability(where, 'eta', opts.eta ?? 0.01);
    const value = gaussianRipBound({ n, m, s: k, eta });
    gaussianUpper = {
      value,
      eta,
      statement: `for iid N(0, 1/m) entries, delta_${k} <= ${value.toPrecision(4)} with probability >= ${1 - eta} (Vershynin 2012 + union bound over C(n, k) supports): a statement about the ensemble, not about this matrix`,
    };
  }
  const statement = `delta_${k} >= ${lower.toPrecision(4)}: a lower bound certified by the witness support (${side === 'upper' ? `lambda_max(A_S^H A_S) = ${witness.lambdaMax.toPrecision(4)}` : `lambda_min(A_S^H A_S) = ${witness.lambdaMin.toPrecision(4)}`}), found among ${evaluated} supports; the true delta_${k} may be larger (computing it is NP-hard)`;
  return {
    k,
    lower,
    side,
    witness,
    upperWitness: w(up),
    lowerWitness: w(lo),
    evaluated,
    deterministicUpper,
    gaussianUpper,
    statement,
  };
}
