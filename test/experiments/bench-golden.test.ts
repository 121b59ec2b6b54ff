/**
 * Golden record of the sweep path: the data of a trial (matrix, signal, measurements, support)
 * and the stored fields of `runTrial` (relative error, path events, success, support, stop
 * reason) for fixed specs, pinned bit-for-bit. A stored sweep is only reproducible
 * (`candor trial reproduce`, resume after kill -9, 1 vs 2 workers) if these never change by
 * accident: speed work on ensembles.ts, trial.ts or the solvers must leave them identical.
 * The values were recorded from the code before the sweep speed-ups (commit 23e353e); if a
 * deliberate change alters them, the failure message prints the new record.
 *
 * These are regression pins (recorded from our own code); every pinned instance is also checked
 * against independent references from scripts/fixtures/experiments_pins.py
 * (test/fixtures/experiments_pins.json): the trials regenerated from their definition by the
 * pure-Python generator of scripts/fixtures/core_rng.py (support and values of x0 exactly; probes,
 * sums and y of A to rounding), and every pinned trial record of the exact BP solvers against the
 * LP optimum of scipy linprog(method='highs') on the same trial (its relative error and success).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseSpec } from '../../src/experiments/spec.ts';
import { prepareSweepSolver } from '../../src/experiments/solvers.ts';
import { generateTrial, runTrial } from '../../src/experiments/trial.ts';

const hash = (...a: ArrayBufferView[]): string => {
  const h = createHash('sha256');
  for (const v of a) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  return h.digest('hex').slice(0, 32);
};

/** sha256 (first 128 bits) of A, x0, y, support for cells (0.3|0.7) x (0.25|0.8), trials 0, 1, seed 7. */
const DATA: Record<string, string[]> = {
  'gaussian signed n=200': [
    '3ea2ce10423abf16eaa3d21ca9108086',
    '8509d40b7f308c23af0bc10254e002f2',
    'c9d586f28855bbaf5d72f06b32c6f189',
    '7cc17d74c59b21669ea56d8ac99fdd28',
    'dafbec1d4479f68463428737c4d03ea9',
    'af62b94222e90768addca3f2497feda2',
    'ddb9de202beb6c4f3a94402d5390c954',
    'b982aec0c0148f79ea10e50f7024ccc3',
  ],
  'rademacher gaussian n=200': [
    '8082effab1e5090eae82217bfdf12faf',
    '473e5b74d4138273d00cee17b518b1d6',
    '7d8daf2837e508901abcdd49ea1ba526',
    '61e6acbeb2dfdf4dc8e09b62283fd1c0',
    '199220fc454465080e2c435476c4c8a7',
    '76754dc71835ee128ee1fb7e5a69a1d8',
    'e7b880ac297d58b769424dc9ef483752',
    '8606b02e14af3e922b962b17d15cdf18',
  ],
  'partial-dct nonneg n=200': [
    'f041d096b89d1362aef4ec767d134f6c',
    '72f3bda49f8a2f9f9ef5772f4c4dd404',
    '4988f4590baf0acba8ca2ee0dfea9191',
    'e5b534eafceb512387a41fb3b89ddc72',
    'aef6ac3a0dfae0b2d42e2257b513a899',
    'c807134438a1efe7842f7fee849a148f',
    '80f15f4c9ca1800adbed9861efd6361e',
    'ed091b70aea737e5b195d7024d219b1e',
  ],
  'partial-real-fourier signed n=201': [
    '41899ecb3d2fd6e50596012491f18b58',
    '55f8b07f4a11fe93967f443972e9c71f',
    'c3d5affe94ddc4c066febe47214b231e',
    'b60d271dbf9f3ebde70571cb762e2e89',
    'bf15da20a667f8c6669d5c91a3dafe14',
    '17004e5502581b5c4dcb812551fb4342',
    '096c3c2e8d21264efca18cd12850dd75',
    '8c7a4f5172ee515602ed39538cd637fb',
  ],
  'partial-hadamard gaussian n=128': [
    'd7b7fdfcbf91c9dcbd915168c2ae7a29',
    '5e2b42a2142ecf024d7af938f5cf596c',
    '76edab6893f109975402808cdfe1986a',
    '352d9c9140fe126db9d3d11e237fa412',
    '53a5ea8ef4b47a82f9debddae04532cd',
    '1bfdb86272b92782446be5d7b5eabb72',
    '68df3d33011ce3301495674d89d5d3c0',
    '7afd9692aa61c189a089066486d21586',
  ],
};

/** [cell, trial, error, iterations, success, supportRecovered, stopReason]: n = 200, delta 0.5|0.9, rho 0.2|0.6|0.9, seed 11. */
const TRIALS: Record<string, unknown[][]> = {
  'bp-homotopy': [
    [0, 0, 1.860636395997132e-16, 36, true, true, 'optimal'],
    [0, 1, 2.244382727635832e-16, 33, true, true, 'optimal'],
    [0, 2, 1.493357866101848e-16, 28, true, true, 'optimal'],
    [1, 0, 0.8061447882148519, 154, false, false, 'optimal'],
    [1, 1, 0.6729915830156471, 152, false, false, 'optimal'],
    [1, 2, 0.8117230029091098, 154, false, false, 'optimal'],
    [2, 0, 0.870582237346095, 196, false, false, 'optimal'],
    [2, 1, 0.8693880366265277, 168, false, false, 'optimal'],
    [2, 2, 0.8338623299256146, 126, false, false, 'optimal'],
    [3, 0, 1.5513358383751252e-16, 48, true, true, 'optimal'],
    [3, 1, 1.2451741059502067e-16, 41, true, true, 'optimal'],
    [3, 2, 2.003779417152798e-16, 40, true, true, 'optimal'],
    [4, 0, 1.1638640470212604e-15, 174, true, true, 'optimal'],
    [4, 1, 1.2659964545621468e-15, 166, true, true, 'optimal'],
    [4, 2, 9.1329213868641e-16, 170, true, true, 'optimal'],
    [5, 0, 0.5876208136123152, 248, false, false, 'optimal'],
    [5, 1, 0.5853857190687575, 244, false, false, 'optimal'],
    [5, 2, 0.6236989586754198, 248, false, false, 'optimal'],
  ],
  'bp-homotopy nonneg': [
    [0, 0, 1.225138997012785e-16, 27, true, true, 'optimal'],
    [0, 1, 1.0511614421949529e-16, 22, true, true, 'optimal'],
    [0, 2, 1.3546683292028745e-16, 26, true, true, 'optimal'],
    [1, 0, 6.462083247775935e-16, 94, true, true, 'optimal'],
    [1, 1, 0.6471563621497524, 122, false, false, 'optimal'],
    [1, 2, 0.3755374065743756, 131, false, false, 'optimal'],
    [2, 0, 0.749581304686244, 146, false, false, 'optimal'],
    [2, 1, 0.7280873453463068, 130, false, false, 'optimal'],
    [2, 2, 0.6442153150055332, 118, false, false, 'optimal'],
    [3, 0, 1.7203197315684365e-16, 41, true, true, 'optimal'],
    [3, 1, 1.144947527090066e-16, 41, true, true, 'optimal'],
    [3, 2, 1.5842057803947652e-16, 39, true, true, 'optimal'],
    [4, 0, 7.261048294337186e-16, 126, true, true, 'optimal'],
    [4, 1, 6.680848050154177e-16, 132, true, true, 'optimal'],
    [4, 2, 7.096465244190637e-16, 126, true, true, 'optimal'],
    [5, 0, 4.1530119003953476e-15, 210, true, true, 'optimal'],
    [5, 1, 2.8546849762045294e-15, 197, true, true, 'optimal'],
    [5, 2, 3.905891910895015e-15, 204, true, true, 'optimal'],
  ],
  'bp-lp': [
    [0, 0, 2.187674117029479e-15, 88, true, true, 'optimal'],
    [0, 1, 3.2919710499481532e-15, 94, true, true, 'optimal'],
    [0, 2, 7.766271196256336e-15, 83, true, true, 'optimal'],
    [1, 0, 0.8061447882148526, 210, false, false, 'optimal'],
    [1, 1, 0.6729915830156472, 188, false, false, 'optimal'],
    [1, 2, 0.8117230029091093, 193, false, false, 'optimal'],
    [2, 0, 0.8705822373460946, 198, false, false, 'optimal'],
    [2, 1, 0.8693880366265282, 194, false, false, 'optimal'],
    [2, 2, 0.8338623299256144, 189, false, false, 'optimal'],
    [3, 0, 8.884549238924617e-15, 123, true, true, 'optimal'],
    [3, 1, 5.554442399723601e-15, 131, true, true, 'optimal'],
    [3, 2, 5.234076487459233e-15, 112, true, true, 'optimal'],
    [4, 0, 9.132103719916652e-15, 241, true, true, 'optimal'],
    [4, 1, 1.3646500891445142e-14, 232, true, true, 'optimal'],
    [4, 2, 8.099617810664817e-15, 233, true, true, 'optimal'],
    [5, 0, 0.5876208136123151, 282, false, false, 'optimal'],
    [5, 1, 0.5853857190687569, 272, false, false, 'optimal'],
    [5, 2, 0.6236989586754178, 266, false, false, 'optimal'],
  ],
};

describe('golden sweep record (bit-for-bit)', () => {
  for (const [key, want] of Object.entries(DATA)) {
    it(`regression pin: trial data of ${key} are unchanged`, () => {
      const [ensemble, signal, nn] = key.split(' ');
      const s = parseSpec({
        n: Number(nn.slice(2)),
        ensemble,
        signal,
        delta: [0.3, 0.7],
        rho: [0.25, 0.8],
        trials: 2,
        seed: 7,
      });
      const got = s.cells.flatMap((c) =>
        [0, 1].map((t) => {
          const d = generateTrial(s, c, t);
          return hash((d.matrix as { data: Float64Array }).data, d.x0, d.y, d.support);
        }),
      );
      assert.deepEqual(got, want, JSON.stringify(got));
      // the same data written into a reused, oversized, dirty buffer (as runTrial does)
      const buf = new Float64Array(s.n * s.n + 7).fill(Number.NaN);
      const again = s.cells.flatMap((c) =>
        [0, 1].map((t) => {
          const d = generateTrial(s, c, t, buf);
          return hash((d.matrix as { data: Float64Array }).data, d.x0, d.y, d.support);
        }),
      );
      assert.deepEqual(again, want);
    });
  }
  for (const [key, want] of Object.entries(TRIALS)) {
    it(`regression pin: ${key}: stored trial fields are unchanged (errors to the last bit, path events, success)`, async () => {
      const [name, variant] = key.split(' ');
      const nonneg = variant === 'nonneg';
      const solver = { name, options: nonneg ? { nonneg: true } : {} };
      await prepareSweepSolver(name);
      const s = parseSpec({
        n: 200,
        signal: nonneg ? 'nonneg' : 'signed',
        delta: [0.5, 0.9],
        rho: [0.2, 0.6, 0.9],
        trials: 3,
        seed: 11,
        solver,
      });
      const got = s.cells.flatMap((c) =>
        [0, 1, 2].map((t) => {
          const r = runTrial(s, c, t);
          return [r.cell, r.trial, r.error, r.iterations, r.success, r.supportRecovered, r.stopReason];
        }),
      );
      assert.deepEqual(got, want, JSON.stringify(got));
    });
  }
});

interface DataRef {
  cell: number;
  trial: number;
  m: number;
  k: number;
  probes: number[];
  sum: number;
  sumsq: number;
  support: number[];
  values: number[];
  y: number[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/experiments_pins.json', import.meta.url), 'utf8')) as {
  data: Record<string, DataRef[]>;
  trials: Record<'signed' | 'nonneg', { cell: number; trial: number; error: number; success: boolean }[]>;
};

/** Neumaier's compensated sum (the fixture's sums are math.fsum, exactly rounded). */
function csum(a: ArrayLike<number>, f: (v: number) => number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    const v = f(a[i]);
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

describe('the pinned instances against independent references (scripts/fixtures/experiments_pins.py)', () => {
  for (const key of Object.keys(DATA)) {
    it(`trial data of ${key} equal the Python regeneration: support and x0 exactly, A and y to rounding`, () => {
      const refs = fx.data[key];
      assert.equal(refs.length, DATA[key].length);
      const [ensemble, signal, nn] = key.split(' ');
      const s = parseSpec({ n: Number(nn.slice(2)), ensemble, signal, delta: [0.3, 0.7], rho: [0.25, 0.8], trials: 2, seed: 7 });
      for (const f of refs) {
        const c = s.cells[f.cell];
        const d = generateTrial(s, c, f.trial);
        const at = `cell ${f.cell} trial ${f.trial}`;
        assert.deepEqual([c.m, c.k], [f.m, f.k], at);
        assert.deepEqual(Array.from(d.support), f.support, `${at}: support`);
        assert.deepEqual(
          f.support.map((i) => d.x0[i]),
          f.values,
          `${at}: x0 on the support`,
        );
        const a = (d.matrix as { data: Float64Array }).data;
        const scale = csum(a, Math.abs) / a.length;
        const probes = [a[0], a[a.length >> 1], a[a.length - 1]];
        for (let i = 0; i < probes.length; i++) {
          assert.ok(Math.abs(probes[i] - f.probes[i]) <= 4e-15 * scale, `${at}: probe ${i}: ${probes[i]} vs ${f.probes[i]}`);
        }
        assert.ok(Math.abs(csum(a, (v) => v) - f.sum) <= 1e-15 * csum(a, Math.abs), `${at}: sum of A`);
        assert.ok(Math.abs(csum(a, (v) => v * v) - f.sumsq) <= 1e-14 * f.sumsq, `${at}: sum of squares of A`);
        const ymax = Math.max(...f.y.map(Math.abs));
        for (let i = 0; i < f.y.length; i++) {
          assert.ok(Math.abs(d.y[i] - f.y[i]) <= 1e-13 * ymax, `${at}: y[${i}] = ${d.y[i]} vs ${f.y[i]}`);
        }
      }
    });
  }
  for (const key of Object.keys(TRIALS)) {
    it(`${key}: every pinned trial has the LP optimum's success and relative error (to 1e-9)`, async () => {
      const [name, variant] = key.split(' ');
      await prepareSweepSolver(name);
      const signal = variant === 'nonneg' ? 'nonneg' : 'signed';
      const solver = { name, options: variant === 'nonneg' ? { nonneg: true } : {} };
      const s = parseSpec({ n: 200, signal, delta: [0.5, 0.9], rho: [0.2, 0.6, 0.9], trials: 3, seed: 11, solver });
      const refs = fx.trials[signal];
      assert.equal(refs.length, TRIALS[key].length);
      for (const f of refs) {
        const r = runTrial(s, s.cells[f.cell], f.trial);
        assert.equal(r.success, f.success, `cell ${f.cell} trial ${f.trial}: success`);
        assert.ok(Math.abs(r.error - f.error) <= 1e-9, `cell ${f.cell} trial ${f.trial}: error ${r.error} vs the LP's ${f.error}`);
      }
    });
  }
});
