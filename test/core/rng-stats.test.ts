/**
 * Statistical tests of the generator. Every test is seeded (deterministic), and its bounds are
 * chosen so that a correct generator fails with probability below ~1e-6 for any seed:
 * - z-scores of sample means against their exact standard errors must satisfy |z| < 5
 *   (two-sided p = 5.7e-7);
 * - chi-square statistics with d degrees of freedom must stay below the Wilson-Hilferty
 *   5-sigma quantile d (1 - 2/(9d) + 5 sqrt(2/(9d)))^3 (upper tail p ~ 3e-7).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/core_rng.json', import.meta.url), 'utf8')) as {
  normal_quantiles_64: number[];
  normal_tail_prob: { '3': number; R: number };
};

const Z = 5;
function chi2Bound(d: number): number {
  const a = 2 / (9 * d);
  return d * (1 - a + Z * Math.sqrt(a)) ** 3;
}
function chi2(counts: ArrayLike<number>, expected: number | ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) {
    const e = typeof expected === 'number' ? expected : expected[i];
    s += (counts[i] - e) ** 2 / e;
  }
  return s;
}
function assertChi2(counts: ArrayLike<number>, expected: number | ArrayLike<number>, label: string): void {
  const s = chi2(counts, expected);
  const d = counts.length - 1;
  assert.ok(s < chi2Bound(d), `${label}: chi-square ${s.toFixed(1)} with ${d} dof exceeds ${chi2Bound(d).toFixed(1)}`);
}
function assertZ(mean: number, mu: number, variance: number, n: number, label: string): void {
  const z = (mean - mu) / Math.sqrt(variance / n);
  assert.ok(Math.abs(z) < Z, `${label}: z = ${z.toFixed(2)} (mean ${mean}, expected ${mu})`);
}

describe('rng statistics (|z| < 5, chi-square below its 5-sigma quantile)', () => {
  it('normal: mean 0, variance 1, skewness 0 and kurtosis 3 (N = 2e6)', () => {
    const n = 2_000_000;
    const x = createRng(101).fillNormal(new Float64Array(n));
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (const v of x) {
      const v2 = v * v;
      m1 += v;
      m2 += v2;
      m3 += v2 * v;
      m4 += v2 * v2;
    }
    // Var(x) = 1, Var(x^2) = 2, Var(x^3) = 15, Var(x^4) = 105 - 9 = 96
    assertZ(m1 / n, 0, 1, n, 'mean');
    assertZ(m2 / n, 1, 2, n, 'second moment');
    assertZ(m3 / n, 0, 15, n, 'third moment');
    assertZ(m4 / n, 3, 96, n, 'fourth moment (kurtosis)');
  });

  it('normal: 64 equiprobable bins by chi-square, and the tail masses beyond 3 and beyond R', () => {
    const n = 4_000_000;
    const x = createRng(102).fillNormal(new Float64Array(n));
    const q = fx.normal_quantiles_64;
    const counts = new Float64Array(64);
    let beyond3 = 0;
    let beyondR = 0;
    for (const v of x) {
      let lo = 0;
      let hi = q.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v < q[mid]) hi = mid;
        else lo = mid + 1;
      }
      counts[lo]++;
      const a = Math.abs(v);
      if (a > 3) beyond3++;
      if (a > 3.6541528853610088) beyondR++;
    }
    assertChi2(counts, n / 64, 'normal bins');
    const p3 = fx.normal_tail_prob['3'];
    const pR = fx.normal_tail_prob.R;
    assertZ(beyond3 / n, p3, p3 * (1 - p3), n, 'P(|x| > 3)');
    assertZ(beyondR / n, pR, pR * (1 - pR), n, 'P(|x| > R) (ziggurat tail)');
  });

  it('fillNormal(out, mean, std) has the requested mean and standard deviation', () => {
    const n = 1_000_000;
    const x = createRng(103).fillNormal(new Float64Array(n), -2, 0.5);
    let s = 0;
    let s2 = 0;
    for (const v of x) {
      s += v;
      s2 += (v + 2) ** 2;
    }
    assertZ(s / n, -2, 0.25, n, 'mean');
    assertZ(s2 / n, 0.25, 2 * 0.0625, n, 'variance');
  });

  it('complex normal: E|z|^2 = 1, each part variance 1/2, parts uncorrelated', () => {
    const n = 500_000;
    const z = createRng(104).fillComplexNormal(new Float64Array(2 * n));
    let e = 0;
    let re2 = 0;
    let reim = 0;
    for (let i = 0; i < n; i++) {
      const a = z[2 * i];
      const b = z[2 * i + 1];
      e += a * a + b * b;
      re2 += a * a;
      reim += a * b;
    }
    assertZ(e / n, 1, 1, n, 'E|z|^2'); // |z|^2 ~ Exp(1): variance 1
    assertZ(re2 / n, 0.5, 0.5, n, 'E re^2'); // Var(re^2) = 2 (1/2)^2
    assertZ(reim / n, 0, 0.25, n, 'E re im');
  });

  it('uniform: 256 bins on the leading bits and on the lowest 8 of the 53 bits; mean 1/2', () => {
    const n = 1_000_000;
    const u = createRng(105).fillUniform(new Float64Array(n));
    const hi = new Float64Array(256);
    const lo = new Float64Array(256);
    let s = 0;
    for (const v of u) {
      assert.ok(v >= 0 && v < 1);
      hi[Math.floor(v * 256)]++;
      lo[(v * 9007199254740992) % 256]++;
      s += v;
    }
    assertChi2(hi, n / 256, 'uniform leading bits');
    assertChi2(lo, n / 256, 'uniform trailing bits');
    assertZ(s / n, 0.5, 1 / 12, n, 'uniform mean');
  });

  it('nextUint32: low and high bytes uniform', () => {
    const r = createRng(106);
    const n = 500_000;
    const lo = new Float64Array(256);
    const hi = new Float64Array(256);
    for (let i = 0; i < n; i++) {
      const v = r.nextUint32();
      lo[v & 255]++;
      hi[v >>> 24]++;
    }
    assertChi2(lo, n / 256, 'uint32 low byte');
    assertChi2(hi, n / 256, 'uint32 high byte');
  });

  it('int(n) is unbiased: n = 7, n = 3 * 2^30 (where x mod n would be off by 2x) and n = 2^40 + 5', () => {
    const r = createRng(107);
    const c7 = new Float64Array(7);
    for (let i = 0; i < 700_000; i++) c7[r.int(7)]++;
    assertChi2(c7, 100_000, 'int(7)');
    const n3 = 3 * 2 ** 30;
    const c3 = new Float64Array(3);
    for (let i = 0; i < 300_000; i++) c3[Math.floor(r.int(n3) / 2 ** 30)]++;
    assertChi2(c3, 100_000, 'int(3 * 2^30)');
    const nb = 2 ** 40 + 5;
    const c8 = new Float64Array(8);
    for (let i = 0; i < 80_000; i++) {
      const v = r.int(nb);
      assert.ok(Number.isInteger(v) && v >= 0 && v < nb);
      c8[Math.floor((v * 8) / nb)]++;
    }
    assertChi2(c8, 10_000, 'int(2^40 + 5)');
  });

  it('fillRademacher: balanced signs, no correlation between neighbours', () => {
    const n = 1_000_003;
    const x = createRng(108).fillRademacher(new Float64Array(n));
    let s = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      assert.ok(x[i] === 1 || x[i] === -1);
      s += x[i];
      if (i > 0) c += x[i] * x[i - 1];
    }
    assertZ(s / n, 0, 1, n, 'mean sign');
    assertZ(c / (n - 1), 0, 1, n - 1, 'neighbour correlation');
  });

  it('sampleWithoutReplacement: distinct, sorted, every subset equally likely (flag and hash paths)', () => {
    const r = createRng(109);
    const out = new Int32Array(3);
    const idx = (a: Int32Array) => a[0] * 64 + a[1] * 8 + a[2];
    const counts = new Map<number, number>();
    for (let t = 0; t < 56_000; t++) {
      r.sampleWithoutReplacement(8, 3, out);
      assert.ok(out[0] < out[1] && out[1] < out[2] && out[0] >= 0 && out[2] < 8);
      counts.set(idx(out), (counts.get(idx(out)) ?? 0) + 1);
    }
    assert.equal(counts.size, 56); // C(8, 3)
    assertChi2([...counts.values()], 1000, 'subsets of 3 from 8 (flag path)');
    // n = 100 > 32 k: the hash-set path; all C(100, 2) = 4950 pairs equally likely
    const pair = new Int32Array(2);
    const pc = new Float64Array(100 * 100);
    for (let t = 0; t < 99_000; t++) {
      r.sampleWithoutReplacement(100, 2, pair);
      assert.ok(pair[0] < pair[1]);
      pc[pair[0] * 100 + pair[1]]++;
    }
    const pairCounts: number[] = [];
    for (let a = 0; a < 100; a++) for (let b = a + 1; b < 100; b++) pairCounts.push(pc[a * 100 + b]);
    assertChi2(pairCounts, 20, 'pairs from 100 (hash path)');
    const big = r.sampleWithoutReplacement(1e9, 1000, new Int32Array(1000));
    for (let i = 1; i < 1000; i++) assert.ok(big[i] > big[i - 1]);
    assert.ok(big[0] >= 0 && big[999] < 1e9);
  });

  it('permutation: a permutation, all 24 orders of 4 equally likely', () => {
    const r = createRng(110);
    const counts = new Map<string, number>();
    for (let t = 0; t < 48_000; t++) {
      const p = r.permutation(4);
      const key = p.join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    assert.equal(counts.size, 24);
    for (const k of counts.keys()) assert.deepEqual([...k].sort().join(''), '0123');
    assertChi2([...counts.values()], 2000, 'permutations of 4');
  });

  it('sparseVector: exactly k nonzeros with the model amplitudes', () => {
    const r = createRng(111);
    const n = 200;
    const k = 20;
    const x = new Float64Array(n);
    const supp = new Int32Array(k);
    let absSum = 0;
    const trials = 5000;
    for (let t = 0; t < trials; t++) {
      r.sparseVector(n, k, 'nonneg-gaussian', x, supp);
      let nz = 0;
      for (let i = 0; i < n; i++) if (x[i] !== 0) nz++;
      assert.equal(nz, k);
      for (let j = 0; j < k; j++) {
        assert.ok(x[supp[j]] > 0);
        absSum += x[supp[j]];
      }
    }
    // |N(0,1)|: mean sqrt(2/pi), variance 1 - 2/pi
    assertZ(absSum / (trials * k), Math.sqrt(2 / Math.PI), 1 - 2 / Math.PI, trials * k, 'E|N(0,1)|');
    r.sparseVector(n, k, 'signed', x, supp);
    for (let j = 0; j < k; j++) assert.ok(Math.abs(x[supp[j]]) === 1);
    r.sparseVector(n, k, 'nonneg', x, supp);
    for (let j = 0; j < k; j++) assert.equal(x[supp[j]], 1);
    const g = r.sparseVector(n, n, 'gaussian', x);
    assert.ok(g.every((v) => v !== 0));
  });
});
