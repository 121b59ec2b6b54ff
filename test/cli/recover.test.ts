import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { writeNpyFile } from '../../src/io/node/formats.ts';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-recover-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fx = (name: string) => new URL(`../fixtures/cli/${name}`, import.meta.url).pathname;
const f = (name: string) => join(dir, name);

/** The real binary, asynchronously (the bad-input cases run a few at a time). */
function candorAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = new URL('../../bin/candor.mjs', import.meta.url).pathname;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, FORCE_COLOR: '0' }, timeout: 120000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** A seeded Gaussian problem y = A x0 (+ e): A N(0, 1/m), x0 k-sparse Gaussian, written as .npy, .json and .csv. */
function writeProblem(tag: string, n: number, m: number, k: number, seed: number, noise = 0) {
  const rng = createRng(seed);
  const A = rng.fillNormal(new Float64Array(m * n), 0, 1 / Math.sqrt(m));
  const x0 = rng.sparseVector(n, k, 'gaussian', new Float64Array(n));
  const e = rng.fillNormal(new Float64Array(m), 0, noise || 1);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * x0[j];
    y[i] = s + (noise ? e[i] : 0);
  }
  const rows = Array.from({ length: m }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));
  writeNpyFile(f(`${tag}_A.npy`), { shape: [m, n], data: A, complex: false });
  writeNpyFile(f(`${tag}_y.npy`), { shape: [m], data: y, complex: false });
  writeNpyFile(f(`${tag}_x0.npy`), { shape: [n], data: x0, complex: false });
  writeFileSync(f(`${tag}_A.json`), JSON.stringify(rows));
  writeFileSync(f(`${tag}_y.json`), JSON.stringify(Array.from(y)));
  writeFileSync(f(`${tag}_A.csv`), rows.map((r) => r.join(',')).join('\n'));
  writeFileSync(f(`${tag}_y.csv`), `y\n${Array.from(y).join('\n')}\n`);
  return { A, x0, y, e: noise ? e : null, n, m };
}

/** An .npy file of float64 or complex128 parsed here (not by src/io), as a flat list. */
function parseNpy(path: string): Float64Array {
  const b = readFileSync(path);
  assert.equal(b.subarray(0, 6).toString('latin1'), '\x93NUMPY');
  const hlen = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + hlen).toString('latin1');
  assert.match(header, /'descr': '<(f8|c16)'/);
  const body = b.subarray(10 + hlen);
  return new Float64Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
}

function relErr(x: ArrayLike<number>, x0: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < x0.length; i++) {
    d += (x[i] - x0[i]) ** 2;
    s += x0[i] ** 2;
  }
  return Math.sqrt(d / s);
}

function json(args: string[]) {
  const r = candor([...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout);
}

const P = writeProblem('g', 128, 64, 8, 7);
const sigma = 0.01;
const N = writeProblem('noisy', 128, 64, 8, 8, sigma);
writeProblem('far', 128, 16, 12, 11);

describe('candor recover (real binary)', () => {
  it('recovers a Gaussian problem (n=128, m=64, k=8) from .npy, .json and .csv with bp-homotopy: error <= 1e-8, certified', () => {
    for (const ext of ['npy', 'json', 'csv']) {
      const out = json(['recover', '--A', f(`g_A.${ext}`), '--y', f(`g_y.${ext}`), '--truth', f('g_x0.npy'), '--ensemble', 'gaussian']);
      assert.equal(out.solver.name, 'bp-homotopy');
      assert.equal(out.solver.converged, true);
      assert.equal(out.solver.stopReason, 'optimal');
      assert.ok(out.truth.relativeError <= 1e-8, `${ext}: error ${out.truth.relativeError}`);
      assert.ok(out.solver.relativeResidual <= 1e-12);
      assert.equal(out.certificate.verdict, 'certified unique l1 minimiser');
      assert.ok(out.certificate.theta < 1);
      assert.deepEqual(out.certificate.support, Array.from(P.x0.keys()).filter((j) => P.x0[j] !== 0));
      assert.equal(out.explanation.outcome, 'success');
      assert.match(out.explanation.paragraph, /^With m = 64 measurements of a k = 8-sparse signal in n = 128 unknowns/);
      assert.equal(out.problem.m, 64);
      assert.equal(out.problem.n, 128);
    }
  });

  it('prints what it did, the certificate and the explanation', () => {
    const r = candor(['recover', '--A', f('g_A.npy'), '--y', f('g_y.npy'), '--truth', f('g_x0.npy')]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `recover: A ${f('g_A.npy')} (64 x 128 matrix), y ${f('g_y.npy')}`);
    assert.equal(lines[1], '  problem    basis pursuit: min ||x||_1 s.t. Ax = y');
    assert.equal(lines[2], '  solver     bp-homotopy (auto: noiseless data -> exact basis pursuit by the l1 homotopy)');
    assert.match(lines[3], /^ {2}stopped {4}after \d+ iterations: optimal \(converged\) in [\d.]+ ms$/);
    assert.match(lines[4], /^ {2}residual {3}\|\|Ax - y\|\| = \S+ \(relative \S+\)$/);
    assert.equal(lines[5], '  nonzeros   8 of 128 (|x_j| > 1e-9 max|x|)');
    assert.match(lines[6], /^ {2}truth {6}relative error \S+ against /);
    assert.equal(lines[7], 'certificate: certified unique l1 minimiser');
    assert.match(r.stdout, /\nexplanation \(success\): With m = 64 measurements/);
  });

  it('--out writes x atomically as .npy, .json and .csv that read back equal', () => {
    const xs: Float64Array[] = [];
    for (const ext of ['npy', 'json', 'csv']) {
      const r = candor(['recover', '--A', f('g_A.npy'), '--y', f('g_y.npy'), '--out', f(`x.${ext}`)]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(` {2}wrote {6}${f(`x.${ext}`)}\n`));
      const text = readFileSync(f(`x.${ext}`), 'utf8');
      xs.push(ext === 'npy' ? parseNpy(f('x.npy')) : ext === 'json' ? Float64Array.from(JSON.parse(text)) : Float64Array.from(text.trim().split('\n'), Number));
    }
    assert.equal(xs[0].length, 128);
    assert.ok(relErr(xs[0], P.x0) <= 1e-8);
    for (const x of xs.slice(1)) for (let j = 0; j < 128; j++) assert.ok(Object.is(x[j], xs[0][j]), `entry ${j}: ${x[j]} vs ${xs[0][j]}`);
  });

  it('--sigma on noisy data: SPGL1 meets the BPDN constraint; the support premise of the bound is checked against the truth', () => {
    let ee = 0;
    for (const v of N.e as Float64Array) ee += v * v;
    const s = Math.sqrt(ee); // the noise level ||e||
    const out = json(['recover', '--A', f('noisy_A.csv'), '--y', f('noisy_y.json'), '--truth', f('noisy_x0.npy'), '--sigma', String(s)]);
    assert.equal(out.solver.name, 'spgl1');
    assert.equal(out.solver.converged, true);
    assert.ok(out.solver.residualNorm <= s * (1 + 1e-6), `||Ax - y|| = ${out.solver.residualNorm} > sigma = ${s}`);
    assert.ok(out.solver.residualNorm >= s * (1 - 1e-6), 'the constraint is active at the BPDN solution');
    assert.equal(out.certificate.kind, 'bpdn');
    assert.equal(out.certificate.feasible, true);
    // the bound assumes x0 has the support of x^; the truth is 8-sparse, so that premise holds only if |S| <= 8
    const premiseFails = out.certificate.support.length > 8;
    assert.equal(out.certificate.premise, premiseFails ? 'fails' : 'possible');
    assert.equal(
      out.certificate.verdict,
      premiseFails ? "feasible, no error bound certified (the bound's support premise fails)" : 'certified error bound (conditional on the support)',
    );
    assert.ok(out.truth.relativeError < 0.1, `error ${out.truth.relativeError}`);
    // success is judged by the stated oracle rule, not by the noiseless 1e-5
    const truth = out.explanation.findings.find((x: { topic: string }) => x.topic === 'truth');
    assert.equal(truth.data.rule, 'oracle');
    assert.equal(truth.data.success, out.truth.relativeError <= 3 * truth.data.oracleRelativeError + 1e-5);
    assert.doesNotMatch(out.explanation.paragraph, /check the solver|Nothing needs to change/);
  });

  it('--lambda: the KKT residual of the LASSO solution is <= 1e-6 lambda (reported, and checked here from --out)', () => {
    const lambda = 0.01;
    for (const solver of ['auto', 'fista', 'bp-homotopy', 'admm']) {
      const out = json(['recover', '--A', f('noisy_A.npy'), '--y', f('noisy_y.npy'), '--lambda', String(lambda), '--solver', solver, '--tol', '1e-12', '--max-iter', '100000', '--out', f(`xl_${solver}.npy`)]);
      assert.equal(out.solver.name, solver === 'auto' ? 'lasso-cd' : solver);
      assert.equal(out.certificate.kind, 'lasso');
      assert.ok(out.certificate.kktRelative <= 1e-6, `${solver}: KKT ${out.certificate.kktRelative}`);
      assert.equal(out.certificate.verdict, 'certified unique LASSO solution');
      // independent check: g = A^T (y - A x) equals lambda sign(x) on the support, |g| <= lambda off it
      const x = parseNpy(f(`xl_${solver}.npy`));
      const { A, y, n, m } = N;
      const r = Float64Array.from(y);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) r[i] -= A[i * n + j] * x[j];
      let kkt = 0;
      for (let j = 0; j < n; j++) {
        let g = 0;
        for (let i = 0; i < m; i++) g += A[i * n + j] * r[i];
        kkt = Math.max(kkt, x[j] !== 0 ? Math.abs(g - lambda * Math.sign(x[j])) : Math.max(0, Math.abs(g) - lambda));
      }
      assert.ok(kkt <= 1e-6 * lambda, `${solver}: independent KKT residual ${kkt}`);
    }
  });

  it('agrees with scipy linprog (BP) and scikit-learn Lasso on a numpy-written problem (C and Fortran order)', () => {
    const ref = JSON.parse(readFileSync(fx('small_ref.json'), 'utf8'));
    for (const [A, solver] of [['small_A.npy', 'bp-homotopy'], ['small_A_fortran.npy', 'bp-lp']]) {
      const out = f(`small_${solver}.npy`);
      const r = candor(['recover', '--A', fx(A), '--y', fx('small_y.npy'), '--solver', solver, '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(relErr(parseNpy(out), ref.x_bp) <= 1e-9, `${solver} vs linprog`);
    }
    const out = f('small_lasso.npy');
    const r = candor(['recover', '--A', fx('small_A.npy'), '--y', fx('small_y.npy'), '--lambda', String(ref.lambda), '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(relErr(parseNpy(out), ref.x_lasso) <= 1e-8, 'lasso-cd vs sklearn Lasso');
  });

  it('operator specs match numpy/scipy transforms: partial DCT (JSON y), partial Hadamard (CSV y), partial Fourier (complex y)', () => {
    const x0 = JSON.parse(readFileSync(fx('pdct_x0.json'), 'utf8'));
    for (const [spec, y, solver, tol] of [
      ['pdct_spec.json', 'pdct_y.json', 'bp-homotopy', 1e-9],
      ['phad_spec.json', 'phad_y.csv', 'bp-homotopy', 1e-9],
      ['pfft_spec.json', 'pfft_y.npy', 'admm', 1e-9],
    ] as const) {
      const out = json(['recover', '--operator', fx(spec), '--y', fx(y), '--truth', fx('pdct_x0.json'), '--tol', '1e-13']);
      assert.equal(out.solver.name, solver);
      assert.ok(out.truth.relativeError <= tol, `${spec}: error ${out.truth.relativeError}`);
      assert.equal(out.problem.m, 24);
      if (solver === 'admm') {
        assert.equal(out.problem.complex, true);
        assert.equal(out.certificate.verdict, 'not computed');
      } else assert.equal(out.certificate.verdict, 'certified unique l1 minimiser');
    }
    // the complex x written as complex128 .npy: real part x0, imaginary part ~ 0
    const r = candor(['recover', '--operator', fx('pfft_spec.json'), '--y', fx('pfft_y.npy'), '--tol', '1e-13', '--out', f('xc.npy')]);
    assert.equal(r.code, 0, r.stderr);
    const z = parseNpy(f('xc.npy'));
    assert.equal(z.length, 128);
    assert.ok(relErr(Float64Array.from(x0, (_, j) => z[2 * j]), x0) <= 1e-9);
    assert.ok(z.every((v, i) => i % 2 === 0 || Math.abs(v) <= 1e-9));
  });

  it('--nonneg: nonnegative basis pursuit by the positive homotopy and LP, certified for the nonnegative program', () => {
    const rng = createRng(21);
    const [n, m] = [128, 40];
    const A = rng.fillNormal(new Float64Array(m * n), 0, 1 / Math.sqrt(m));
    const x0 = rng.sparseVector(n, 10, 'nonneg-gaussian', new Float64Array(n));
    const y = Float64Array.from({ length: m }, (_, i) => x0.reduce((s, v, j) => s + A[i * n + j] * v, 0));
    writeNpyFile(f('nn_A.npy'), { shape: [m, n], data: A, complex: false });
    writeNpyFile(f('nn_y.npy'), { shape: [m], data: y, complex: false });
    writeNpyFile(f('nn_x0.npy'), { shape: [n], data: x0, complex: false });
    for (const solver of ['bp-homotopy', 'bp-lp']) {
      const out = json(['recover', '--A', f('nn_A.npy'), '--y', f('nn_y.npy'), '--truth', f('nn_x0.npy'), '--nonneg', '--solver', solver]);
      assert.ok(out.truth.relativeError <= 1e-8, `${solver}: error ${out.truth.relativeError}`);
      assert.equal(out.problem.statement, 'basis pursuit: min ||x||_1 s.t. Ax = y, x >= 0');
      assert.equal(out.certificate.verdict, 'certified unique l1 minimiser');
      assert.match(out.explanation.paragraph, /^With m = 40 measurements of a k = 10-sparse nonnegative signal in n = 128 unknowns/);
    }
  });

  it('a Gaussian operator spec regenerates the matrix from its seed', () => {
    writeFileSync(f('gspec.json'), JSON.stringify({ type: 'gaussian', m: 64, n: 128, seed: 3 }));
    // y from the library's own gaussian(64, 128, createRng(3)) (the documented convention)
    const A = createRng(3).fillNormal(new Float64Array(64 * 128), 0, 1 / 8);
    const y = Array.from({ length: 64 }, (_, i) => P.x0.reduce((s, v, j) => s + A[i * 128 + j] * v, 0));
    writeFileSync(f('gspec_y.json'), JSON.stringify(y));
    const out = json(['recover', '--operator', f('gspec.json'), '--y', f('gspec_y.json'), '--truth', f('g_x0.npy')]);
    assert.ok(out.truth.relativeError <= 1e-8, `error ${out.truth.relativeError}`);
    assert.equal(out.problem.ensemble, 'gaussian');
  });

  it('far below the transition (n=128, m=16, k=12): recovery fails and the explanation names the remedies', () => {
    // exact BP: x^ is certified as the unique l1 minimiser (a fact about x^), but with |S| = m nothing
    // follows about the truth, and the truth shows the failure
    const bp = json(['recover', '--A', f('far_A.npy'), '--y', f('far_y.npy'), '--truth', f('far_x0.npy'), '--ensemble', 'gaussian']);
    assert.ok(bp.truth.relativeError > 0.5, `error ${bp.truth.relativeError}`);
    assert.equal(bp.certificate.truth.maxTruthSparsity, 0);
    assert.match(bp.certificate.truth.statement, /nothing is concluded about the truth/);
    assert.equal(bp.explanation.outcome, 'failure');
    assert.match(bp.explanation.paragraph, /sits far below the predicted phase transition/);
    assert.match(bp.explanation.paragraph, /To change the outcome: with m >= \d+ the predicted success rate is \d+%; or reduce k to \d+/);
    const remedy = bp.explanation.findings.find((x: { topic: string }) => x.topic === 'remedy');
    assert.ok(remedy.data.mNeeded > 16 && remedy.data.kFeasible < 12);
    // greedy solvers at the true k: the result is not certified
    for (const solver of ['omp', 'cosamp']) {
      const r = candor(['recover', '--A', f('far_A.npy'), '--y', f('far_y.npy'), '--truth', f('far_x0.npy'), '--solver', solver, '--k', '12']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /\ncertificate: not certified\n/);
      assert.match(r.stdout, /\n {2}FAILED polish: /);
      assert.match(r.stdout, /\nexplanation \(failure\): .*To change the outcome: with m >= \d+ the predicted success rate is \d+%; or reduce k to \d+ /);
    }
  });
});

describe('candor recover: bad input gets one line and exit 1 (files) or 2 (usage)', { concurrency: 4 }, () => {
  writeFileSync(f('bad.csv'), '1\n2\nNaN\n');
  writeFileSync(f('A.txt'), '1 2\n');
  writeFileSync(f('short.npy'), readFileSync(f('g_A.npy')).subarray(0, 100));
  writeNpyFile(f('y63.npy'), { shape: [63], data: new Float64Array(63), complex: false });
  writeFileSync(f('spec_m.json'), JSON.stringify({ type: 'gaussian', m: -3, n: 128, seed: 1 }));
  writeFileSync(f('spec_x.json'), JSON.stringify({ type: 'partial-dct', n: 128, rows: [1, 2], seed: 4 }));
  writeFileSync(f('spec_t.json'), JSON.stringify({ type: 'wavelet', n: 128 }));
  writeFileSync(f('spec_r.json'), JSON.stringify({ type: 'partial-dct', n: 128, rows: [0, 5, 128] }));
  writeFileSync(f('spec_h.json'), JSON.stringify({ type: 'partial-hadamard', n: 100, m: 10, seed: 1 }));
  writeFileSync(f('spec_u.json'), JSON.stringify({ type: 'rademacher', m: 10, n: 20, seed: 1, rows: [1] }));
  writeFileSync(f('spec_j.json'), '{"type": "gaussian",');
  const A = ['--A', f('g_A.npy')];
  const Y = ['--y', f('g_y.npy')];
  const cases: [string[], number, string][] = [
    [['--A', f('nope.npy'), ...Y], 1, `A ${f('nope.npy')}: file: expected a readable file, got no such file or directory (ENOENT)`],
    [[...A, '--y', f('nope.json')], 1, `y ${f('nope.json')}: file: expected a readable file, got no such file or directory (ENOENT)`],
    [['--A', f('A.txt'), ...Y], 1, `A ${f('A.txt')}: file extension: expected one of .npy .json .csv .cfl .hdr .png .dcm .nii .nii.gz (or, under another name, the content of an NPY, PNG, DICOM or NIfTI file), got "${f('A.txt')}"`],
    [['--A', f('short.npy'), ...Y], 1, `readNpy(${f('short.npy')}): header length: expected at most 90 bytes (file size), got 118`],
    [[...A, '--y', f('y63.npy')], 1, `y ${f('y63.npy')}: length: expected 64 (rows of A ${f('g_A.npy')}), got 63`],
    [[...A, ...Y, '--truth', f('g_y.npy')], 1, `truth ${f('g_y.npy')}: length: expected 128 (columns of A ${f('g_A.npy')}), got 64`],
    [['--A', f('g_x0.npy'), ...Y], 1, `A ${f('g_x0.npy')}: shape: expected a 2-D matrix (rows x columns), got 128`],
    [[...A, '--y', f('bad.csv')], 1, `readCsv(${f('bad.csv')}): line 3, column 1: expected a finite number, got "NaN"`],
    [['--operator', f('spec_m.json'), ...Y], 1, `operator ${f('spec_m.json')}: field "m": expected an integer in [1, 16777216] (the number of measurements), got -3`],
    [['--operator', f('spec_x.json'), ...Y], 1, `operator ${f('spec_x.json')}: field "seed": expected either "rows" or "m" and "seed" (random rows), not both, got both`],
    [['--operator', f('spec_t.json'), ...Y], 1, `operator ${f('spec_t.json')}: field "type": expected one of gaussian, rademacher, partial-dct, partial-real-fourier, partial-fourier, partial-hadamard, got "wavelet"`],
    [['--operator', f('spec_r.json'), ...Y], 1, `operator ${f('spec_r.json')}: field "rows"[2]: expected an integer row index in [0, 127], got 128`],
    [['--operator', f('spec_h.json'), ...Y], 1, `operator ${f('spec_h.json')}: field "n": expected a power of two for partial-hadamard (for example 64 or 128), got 100`],
    [['--operator', f('spec_u.json'), ...Y], 1, `operator ${f('spec_u.json')}: field "rows": expected one of the fields of a rademacher spec: type, m, n, seed, got an unknown field`],
    [[...A, ...Y, '--lambda', '0.1', '--sigma', '0.1'], 2, 'candor recover: options --lambda and --sigma: expected at most one of them (--lambda: the LASSO, --sigma: BPDN), got both'],
    [[...A, ...Y, '--operator', f('spec_m.json')], 2, 'candor recover: options --A and --operator: expected one of them (a matrix file or an operator spec), got both'],
    [[...Y], 2, 'candor recover: options --A and --operator: expected one of them (a matrix file or an operator spec), got neither'],
    [[...A], 2, "candor: required option '--y <file>' not specified"],
    [[...A, ...Y, '--lambda', '-1'], 2, 'candor: option --lambda: expected a number > 0, got "-1"'],
    [[...A, ...Y, '--sigma', 'abc'], 2, 'candor: option --sigma: expected a number > 0, got "abc"'],
    [[...A, ...Y, '--k', '0'], 2, 'candor: option --k: expected an integer >= 1, got "0"'],
    [[...A, ...Y, '--k', '100', '--solver', 'omp'], 2, 'candor recover: option --k: expected an integer in [1, min(m, n) = 64], got 100'],
    [[...A, ...Y, '--solver', 'cosamp'], 2, 'candor recover: option --k: expected the sparsity k (cosamp keeps k entries), got none'],
    [[...A, ...Y, '--solver', 'fista'], 2, 'candor recover: option --solver: expected a solver for basis pursuit (no --lambda or --sigma): bp-homotopy, bp-lp, spgl1, admm, omp, cosamp, subspace-pursuit, iht, niht, htp, amp, got "fista"'],
    [[...A, ...Y, '--solver', 'nope'], 2, 'candor: option --solver: expected one of auto, bp-homotopy, bp-lp, spgl1, admm, chambolle-pock, fista, ista, lasso-cd, omp, cosamp, subspace-pursuit, iht, niht, htp, amp, got "nope"'],
    [[...A, ...Y, '--nonneg', '--solver', 'omp'], 2, 'candor recover: option --nonneg: expected a solver with a nonnegative variant (bp-homotopy, bp-lp, amp), got --solver omp'],
    [[...A, ...Y, '--out', f('x.txt')], 2, `candor: option --out: expected a file ending in .npy, .json, .csv, got "${f('x.txt')}"`],
    [['--operator', fx('pfft_spec.json'), '--y', fx('pfft_y.npy'), '--solver', 'lasso-cd', '--lambda', '0.1'], 2, 'candor recover: option --solver: expected a solver for complex data: admm, chambolle-pock, fista, ista, got "lasso-cd"'],
    [['--operator', fx('pdct_spec.json'), '--y', fx('pdct_y.json'), '--solver', 'lasso-cd', '--lambda', '0.1'], 2, 'candor recover: option --solver: expected a solver for an operator without an explicit matrix: bp-homotopy, admm, chambolle-pock, fista, ista, got "lasso-cd"'],
    [['--operator', fx('pfft_spec.json'), '--y', fx('pfft_y.npy'), '--out', f('x.csv')], 2, `candor recover: option --out: expected a .npy or .json file for a complex x (CSV holds real vectors), got "${f('x.csv')}"`],
    [[...A, '--y', fx('pfft_y.npy')], 1, `y ${fx('pfft_y.npy')}: length: expected 64 (rows of A ${f('g_A.npy')}), got 24`],
    [[...A, ...Y, '--bogus'], 2, "candor: unknown option '--bogus'"],
  ];
  for (const [args, code, message] of cases) {
    it(`${code}: ${message.slice(0, 90)}`, async () => {
      const r = await candorAsync(['recover', ...args]);
      assert.equal(r.stderr, `${message.startsWith('candor') ? '' : 'candor: '}${message}\n`);
      assert.equal(r.code, code);
      assert.equal(r.stdout, '');
    });
  }

  it('1: an operator spec that is not JSON names the file (the reason of the parser follows)', () => {
    const r = candor(['recover', '--operator', f('spec_j.json'), '--y', f('g_y.npy')]);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.startsWith(`candor: operator ${f('spec_j.json')}: contents: expected valid JSON (an operator spec object), got `), r.stderr);
    assert.equal(r.stderr.split('\n').length, 2);
  });

  it('a failed --out write leaves no file and exits 1; --debug shows the stack', () => {
    const r = candor(['recover', '--A', f('g_A.npy'), '--y', f('g_y.npy'), '--out', join(dir, 'no-such-dir', 'x.npy')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^candor: writeNpy\(.*\/no-such-dir\/x\.npy\): output file: expected a writable path .*\/no-such-dir\/x\.npy, got no such file or directory \(ENOENT\)\n$/);
    assert.equal(r.stdout, '');
    const d = candor(['recover', '--A', f('nope.npy'), '--y', f('g_y.npy'), '--debug']);
    assert.equal(d.code, 1);
    assert.match(d.stderr, /\n {4}at /);
  });
});

describe('candor recover --sigma with ||y|| <= sigma', () => {
  it('y = 0, --sigma 0.1: x = 0, certified as the unique BPDN solution (feasible with ||x||_1 = 0; any other x has ||x||_1 > 0)', () => {
    const { m } = writeProblem('zero', 40, 20, 2, 9);
    writeNpyFile(f('zero_y0.npy'), { shape: [m], data: new Float64Array(m), complex: false });
    const r = candor(['recover', '--A', f('zero_A.npy'), '--y', f('zero_y0.npy'), '--sigma', '0.1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.solver.nonzeros, 0);
    assert.equal(j.certificate.verdict, 'certified unique BPDN solution (x = 0, ||y|| <= sigma)');
    assert.equal(j.certificate.certified, true);
    assert.equal(j.certificate.feasible, true);
    const t = candor(['recover', '--A', f('zero_A.npy'), '--y', f('zero_y0.npy'), '--sigma', '0.1']);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /\ncertificate: certified unique BPDN solution \(x = 0, \|\|y\|\| <= sigma\)\n/);
    // with k known the explanation runs too, and says why x = 0 is the answer
    const k = candor(['recover', '--A', f('zero_A.npy'), '--y', f('zero_y0.npy'), '--sigma', '0.1', '--k', '2']);
    assert.equal(k.code, 0, k.stderr);
    assert.ok(k.stdout.includes('x = 0 is the unique BPDN solution: ||y|| = 0.000 <= sigma = 0.100, so x = 0 is feasible with ||x||_1 = 0 and any other x has ||x||_1 > 0;'), k.stdout);
  });
});
