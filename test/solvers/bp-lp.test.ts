import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import loadHighs from 'highs';
import { CandorError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { partialDft1 } from '../../src/linops/fourier.ts';
import { matrixOperator, rademacherMatrix } from '../../src/linops/matrix.ts';
import { type BpLPExtra, bpLP } from '../../src/solvers/bp-lp.ts';
import { highsReady, initHighs } from '../../src/solvers/highs-runtime.ts';
import { gaussianInstance } from './instances.ts';

interface Inst {
  m: number;
  n: number;
  A_f32_b64: string;
  x0: number[];
  y: number[];
  scipy: { x?: number[]; fun?: number; status?: number };
}
const FIX = JSON.parse(
  readFileSync(new URL('../fixtures/solvers_bp.json', import.meta.url), 'utf8'),
) as Record<string, Inst>;

function load(name: string) {
  const f = FIX[name];
  const raw = Buffer.from(f.A_f32_b64, 'base64');
  const f32 = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const A = { rows: f.m, cols: f.n, data: Float64Array.from(f32) };
  return { A, y: Float64Array.from(f.y), x0: Float64Array.from(f.x0), ref: f.scipy };
}

function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] * b[i];
  }
  return Math.sqrt(d) / Math.sqrt(s);
}

/** A^T v for row-major A. */
function atv(A: { rows: number; cols: number; data: Float64Array }, v: Float64Array): Float64Array {
  const out = new Float64Array(A.cols);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out[j] += A.data[i * A.cols + j] * v[i];
  return out;
}

const easy = (seed: number) => gaussianInstance(createRng(seed, 3), 128, 256, 10);

describe('bpLP: runtime', () => {
  it('refuses to solve before await initHighs()', () => {
    assert.equal(highsReady(), false);
    const A = { rows: 1, cols: 2, data: Float64Array.of(1, 1) };
    assert.throws(
      () => bpLP(A, Float64Array.of(1)),
      new CandorError('bpLP', 'HiGHS runtime', 'await initHighs() before solving', 'not loaded'),
    );
  });
  it('initHighs() loads once and is idempotent', async () => {
    const [a, b] = await Promise.all([initHighs(), initHighs()]);
    assert.equal(a, b);
    assert.equal(await initHighs(), a);
    assert.equal(highsReady(), true);
  });
});

describe('bpLP: exact recovery and duality', () => {
  it('easy regime (Gaussian m=128 n=256 k=10, 5 seeds): relative error <= 1e-13 (measured ~1e-15 polished, ~1e-13 raw)', async () => {
    await initHighs();
    for (let seed = 1; seed <= 5; seed++) {
      const { A, x0, y } = easy(seed);
      const r = bpLP(A, y, { xTrue: x0 });
      assert.equal(r.stopReason, 'optimal');
      assert.equal(r.converged, true);
      assert.ok(relDiff(r.x, x0) <= 1e-13, `seed ${seed}: error ${relDiff(r.x, x0)}`);
      assert.ok(r.history.error[0] <= 1e-13);
      assert.deepEqual((r.extra as BpLPExtra).polished, { primal: true, dual: true });
      const raw = bpLP(A, y, { polish: false });
      assert.ok(relDiff(raw.x, x0) <= 1e-11);
      assert.deepEqual(
        Array.from(r.support ?? []),
        Array.from(x0.keys()).filter((j) => x0[j] !== 0),
      );
      assert.ok(r.residualNorm <= 1e-12 * Math.hypot(...y));
    }
  });

  it('the dual v is a certificate: ||A^T v||_inf <= 1, A_S^T v = sign(x_S), y^T v = ||x||_1', async () => {
    await initHighs();
    for (const name of ['easy', 'hard']) {
      const { A, y } = load(name);
      const r = bpLP(A, y);
      const ex = r.extra as BpLPExtra;
      const v = ex.dual as Float64Array;
      assert.equal(v.length, A.rows);
      const g = atv(A, v);
      let worst = 0;
      for (let j = 0; j < A.cols; j++) worst = Math.max(worst, Math.abs(g[j]));
      assert.ok(worst <= 1 + 1e-9, `${name}: max |A^T v| = ${worst}`);
      assert.ok(Math.abs(ex.dualInfeasibility - Math.max(0, worst - 1)) <= 1e-15);
      for (const j of r.support ?? [])
        assert.ok(Math.abs(g[j] - Math.sign(r.x[j])) <= 1e-9, `${name}: j=${j}`);
      // complementary slackness: |a_j^T v| < 1 forces x_j = 0
      for (let j = 0; j < A.cols; j++) if (Math.abs(g[j]) < 1 - 1e-9) assert.equal(r.x[j], 0);
      let l1 = 0;
      for (const t of r.x) l1 += Math.abs(t);
      assert.ok(Math.abs(ex.dualObjective - l1) <= 1e-10 * l1, `${name}: gap ${ex.dualObjective - l1}`);
      assert.ok(Math.abs(r.objective - l1) <= 1e-15 * l1);
    }
  });
});

describe('bpLP: basis polish', () => {
  it('Rademacher +-1/sqrt(m) matrix: HiGHS leaves residual and dual infeasibility ~1e-9, the polish ~1e-15', async () => {
    await initHighs();
    const m = 96;
    const n = 256;
    const rng = createRng(5, 10, 20);
    const A = rademacherMatrix(m, n, rng);
    const x0 = rng.sparseVector(n, 20, 'signed', new Float64Array(n));
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) y[i] += A.data[i * n + j] * x0[j];
    let ynorm = 0;
    for (const t of y) ynorm += t * t;
    ynorm = Math.sqrt(ynorm);
    const raw = bpLP(A, y, { polish: false });
    const pol = bpLP(A, y);
    assert.ok(raw.residualNorm > 1e-11 * ynorm, `raw residual ${raw.residualNorm}`);
    assert.ok(pol.residualNorm <= 1e-14 * ynorm, `polished residual ${pol.residualNorm}`);
    assert.ok((pol.extra as BpLPExtra).dualInfeasibility <= 1e-14);
    // ||x0||_1 = 20 is the optimum (x0 is recovered): the polish reaches it to rounding
    assert.ok(Math.abs(pol.objective - 20) <= 1e-13 * 20, `${pol.objective}`);
    assert.ok(Math.abs(raw.objective - 20) > 1e-12 * 20);
  });
});

describe('bpLP: agreement with scipy linprog(method="highs")', () => {
  for (const name of ['easy', 'hard']) {
    it(`${name}: x and objective to 1e-9`, async () => {
      await initHighs();
      const { A, y, ref } = load(name);
      const r = bpLP(A, y);
      assert.equal(r.stopReason, 'optimal');
      assert.ok(relDiff(r.x, ref.x as number[]) <= 1e-9, `x: ${relDiff(r.x, ref.x as number[])}`);
      assert.ok(Math.abs(r.objective - (ref.fun as number)) <= 1e-9 * (ref.fun as number));
    });
  }
  it('hard (k=20 beyond the transition): the LP optimum is not x0 but has a smaller l1 norm', async () => {
    await initHighs();
    const { A, y, x0 } = load('hard');
    const r = bpLP(A, y);
    let l1x0 = 0;
    for (const t of x0) l1x0 += Math.abs(t);
    assert.ok(relDiff(r.x, x0) > 1e-2);
    assert.ok(r.objective < l1x0);
  });
  it('nonneg: x >= 0, x and objective agree to 1e-9, A^T v <= 1 with equality on the support', async () => {
    await initHighs();
    const { A, y, x0, ref } = load('nonneg');
    const r = bpLP(A, y, { nonneg: true });
    assert.equal(r.stopReason, 'optimal');
    for (const t of r.x) assert.ok(t >= 0);
    assert.ok(relDiff(r.x, ref.x as number[]) <= 1e-9);
    assert.ok(relDiff(r.x, x0) <= 1e-9);
    assert.ok(Math.abs(r.objective - (ref.fun as number)) <= 1e-9 * (ref.fun as number));
    const ex = r.extra as BpLPExtra;
    const g = atv(A, ex.dual as Float64Array);
    for (let j = 0; j < A.cols; j++) assert.ok(g[j] <= 1 + 1e-9);
    for (const j of r.support ?? []) assert.ok(Math.abs(g[j] - 1) <= 1e-9);
  });
  it('nonneg infeasible instance: stopReason infeasible with a Farkas certificate (y^T z = 1, A^T z <= 0)', async () => {
    await initHighs();
    const { A, y, ref } = load('infeasible');
    assert.equal(ref.status, 2);
    const r = bpLP(A, y, { nonneg: true });
    assert.equal(r.stopReason, 'infeasible');
    assert.equal(r.converged, false);
    const ex = r.extra as BpLPExtra;
    assert.equal(ex.status, 'infeasible');
    assert.equal(ex.dual, null);
    const z = ex.farkas as Float64Array;
    let yz = 0;
    for (let i = 0; i < A.rows; i++) yz += y[i] * z[i];
    assert.ok(Math.abs(yz - 1) <= 1e-12);
    const g = atv(A, z);
    for (let j = 0; j < A.cols; j++) assert.ok(g[j] <= 1e-12, `A^T z [${j}] = ${g[j]}`);
  });
  it('signed infeasible (y outside the range of A): Farkas z with A^T z = 0', async () => {
    await initHighs();
    // rows 0 and 1 equal, y0 != y1
    const A = { rows: 3, cols: 4, data: Float64Array.of(1, 2, 3, 4, 1, 2, 3, 4, 0, 1, 0, -1) };
    const r = bpLP(A, Float64Array.of(1, 2, 0));
    assert.equal(r.stopReason, 'infeasible');
    const ex = r.extra as BpLPExtra;
    assert.ok(ex.farkasViolation <= 1e-12);
    const g = atv(A, ex.farkas as Float64Array);
    for (const t of g) assert.ok(Math.abs(t) <= 1e-12);
  });
});

describe('bpLP: inputs', () => {
  it('a LinearOperator gives the same solution as its dense matrix', async () => {
    await initHighs();
    const { A, y } = easy(9);
    const a = bpLP(A, y);
    const b = bpLP(matrixOperator(A), y);
    assert.deepEqual(b.x, a.x);
  });
  it('bad input: y length, NaN in A or y, complex data, options', async () => {
    await initHighs();
    const A = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 1, 1, 0, -1) };
    assert.throws(
      () => bpLP(A, Float64Array.of(1, 2, 3)),
      new CandorError('bpLP', 'y length', '2 (rows of A)', '3'),
    );
    assert.throws(
      () => bpLP({ ...A, data: Float64Array.of(1, Number.NaN, 1, 1, 0, -1) }, Float64Array.of(1, 2)),
      new CandorError('bpLP', 'A', 'finite values', 'NaN at index 1'),
    );
    assert.throws(
      () => bpLP(A, Float64Array.of(1, Number.NaN)),
      new CandorError('bpLP', 'y', 'finite values', 'NaN at index 1'),
    );
    const F = partialDft1(8, [0, 3, 5]);
    assert.throws(
      () => bpLP(F, new Float64Array(6)),
      new CandorError(
        'bpLP',
        'data',
        'real A and y (this solver is real-only)',
        `complex operator ${F.name}`,
      ),
    );
    // a real operator with complex interleaved y (length 2m): the message names the complex y
    assert.throws(
      () => bpLP(matrixOperator({ rows: 2, cols: 3, data: A.data }), new Float64Array(4)),
      new CandorError(
        'bpLP',
        'data',
        'real A and y (this solver is real-only)',
        'complex y (length 4 = 2 x 2 rows) for the real operator Matrix(2x3)',
      ),
    );
    assert.throws(
      () => bpLP(A, Float64Array.of(1, 2), { timeLimit: -1 }),
      new CandorError('bpLP', 'timeLimit', 'a finite number >= 0', '-1'),
    );
  });
  it('maxIter is the simplex iteration limit: hitting it reports converged false', async () => {
    await initHighs();
    const { A, y } = easy(4);
    const r = bpLP(A, y, { maxIter: 3 });
    assert.equal(r.converged, false);
    assert.equal(r.stopReason, 'max-iterations');
    assert.equal((r.extra as BpLPExtra).status, 'iteration-limit');
  });
});

describe('bpLP: memory', () => {
  it('200 solves in a loop leave the Wasm heap where 10 solves left it (models are disposed)', async () => {
    const highs = await initHighs();
    const { A, y } = easy(11);
    for (let t = 0; t < 10; t++) bpLP(A, y);
    const before = highs.memoryBytes;
    for (let t = 0; t < 200; t++) bpLP(A, y);
    assert.equal(highs.memoryBytes, before);
  });
  it('control: the same measure sees leaked (undisposed) models grow the heap', async () => {
    // a second, private runtime so the leak does not touch the shared one
    const load = loadHighs as unknown as (o?: object) => Promise<Awaited<ReturnType<typeof initHighs>>>;
    const h = await load();
    const { A, y } = easy(11);
    const data = Float64Array.from(A.data);
    const before = h.memoryBytes;
    const { rows: m, cols: n } = A;
    const starts = new Int32Array(n + 1);
    for (let j = 0; j <= n; j++) starts[j] = j * m;
    const indices = new Int32Array(m * n);
    const values = new Float64Array(m * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < m; i++) {
        indices[j * m + i] = i;
        values[j * m + i] = data[i * n + j];
      }
    }
    for (let t = 0; t < 40; t++) {
      h.createModel({
        numCols: n,
        numRows: m,
        colCost: new Float64Array(n).fill(1),
        colLower: new Float64Array(n),
        colUpper: new Float64Array(n).fill(Infinity),
        rowLower: y,
        rowUpper: y,
        matrix: { format: 'csc', numRows: m, numCols: n, starts, indices, values },
      });
    }
    assert.ok(h.memoryBytes > before, `${h.memoryBytes} vs ${before}`);
  });
});
