import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { writeNpyFile } from '../../src/io/node/formats.ts';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-recover-explain-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const f = (name: string) => join(dir, name);

/** Seeded Gaussian y = A x0 + e, A N(0, 1/m), x0 k-sparse, ||e|| = rel ||A x0||; written as .npy. */
function problem(tag: string, m: number, n: number, k: number, seed: number, rel: number) {
  const rng = createRng(seed);
  const A = rng.fillNormal(new Float64Array(m * n), 0, 1 / Math.sqrt(m));
  const x0 = rng.sparseVector(n, k, 'gaussian', new Float64Array(n));
  const e = rng.fillNormal(new Float64Array(m), 0, 1);
  const y0 = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) y0[i] += A[i * n + j] * x0[j];
  const scale = rel * Math.hypot(...y0) / Math.hypot(...e);
  const y = Float64Array.from(y0, (v, i) => v + scale * e[i]);
  writeNpyFile(f(`${tag}_A.npy`), { shape: [m, n], data: A, complex: false });
  writeNpyFile(f(`${tag}_y.npy`), { shape: [m], data: y, complex: false });
  writeNpyFile(f(`${tag}_x0.npy`), { shape: [n], data: x0, complex: false });
  return { A, x0, y, m, n, noise: rel * Math.hypot(...y0) };
}

/** ||x_or - x0|| / ||x0||, x_or = least squares on the true support by the normal equations (Gauss-Jordan), independent of src. */
function oracle(P: ReturnType<typeof problem>): number {
  const { A, x0, y, m, n } = P;
  const S = Array.from(x0.keys()).filter((j) => x0[j] !== 0);
  const k = S.length;
  const M = S.map((a) => [...S.map((b) => { let s = 0; for (let i = 0; i < m; i++) s += A[i * n + a] * A[i * n + b]; return s; }), (() => { let s = 0; for (let i = 0; i < m; i++) s += A[i * n + a] * y[i]; return s; })()]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const q = M[r][c] / M[c][c];
      for (let t = c; t <= k; t++) M[r][t] -= q * M[c][t];
    }
  }
  let d = 0;
  for (let t = 0; t < k; t++) d += (M[t][k] / M[t][t] - x0[S[t]]) ** 2;
  return Math.sqrt(d) / Math.hypot(...x0);
}

function json(args: string[]) {
  const r = candor([...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const finding = (e: { findings: { topic: string }[] }, topic: string) => e.findings.find((x) => x.topic === topic) as { topic: string; severity: string; text: string; data: Record<string, number | string | boolean | null> };

const N = problem('n', 90, 256, 20, 31, 0.02);
const io = (tag: string) => ['--A', f(`${tag}_A.npy`), '--y', f(`${tag}_y.npy`), '--truth', f(`${tag}_x0.npy`)];

describe('candor recover on noisy data: success against the noise level (oracle rule)', () => {
  it('--sigma and --lambda: the truth is judged by ||x - x0|| <= sqrt(2 ln n + 1) ||x_or - x0|| + 1e-5 ||x0||, with the oracle computed independently', () => {
    const ref = oracle(N);
    const C = Math.sqrt(2 * Math.log(256) + 1); // 3.48
    for (const opt of [['--sigma', String(N.noise)], ['--lambda', '0.01'], ['--sigma', String(N.noise), '--solver', 'omp', '--k', '20']]) {
      const out = json(['recover', ...io('n'), ...opt]);
      const t = finding(out.explanation, 'truth');
      assert.equal(t.data.rule, 'oracle', opt.join(' '));
      assert.ok(Math.abs((t.data.oracleRelativeError as number) - ref) <= 1e-9 * ref, `${t.data.oracleRelativeError} vs ${ref}`);
      const ok = out.truth.relativeError <= C * ref + 1e-5;
      assert.ok(Math.abs((t.data.oracleFactor as number) - C) <= 1e-12);
      assert.equal(t.data.success, ok);
      assert.equal(out.explanation.outcome, ok ? 'success' : 'failure');
      assert.match(t.text, /noisy data count as recovered when \|\|x - x0\|\| <= 3\.48 \|\|x_or - x0\|\| \+ 1e-5 \|\|x0\|\|/);
      assert.doesNotMatch(out.explanation.paragraph, /check the solver|Nothing needs to change/);
      if (!ok) assert.match(finding(out.explanation, 'remedy').text, /^To reach the oracle level: a k-sparse least-squares fit without shrinkage: --solver omp --k 20 or --solver cosamp --k 20/);
    }
    // this draw: BPDN at sigma = ||e|| is 3.2 x the oracle (within 3.48); with sigma 1.6 ||e|| the
    // shrinkage bias exceeds the rule although the support is found, and the text says which
    const bpdn = json(['recover', ...io('n'), '--sigma', String(N.noise * 1.6)]);
    const t = finding(bpdn.explanation, 'truth');
    assert.equal(t.data.success, false);
    assert.equal(t.data.supportMisses, 0);
    assert.match(t.text, /the true support is among its 20 largest entries: the excess is the l1 shrinkage bias/);
  });

  it('an explicit --success-tol wins over the oracle rule', () => {
    const out = json(['recover', ...io('n'), '--lambda', '0.01', '--success-tol', '0.5']);
    const t = finding(out.explanation, 'truth');
    assert.equal(t.data.rule, 'relative');
    assert.equal(t.data.successTol, 0.5);
    assert.equal(out.explanation.outcome, 'success');
    assert.match(t.text, /\(relative error <= 0\.5 counts as success\): the recovery succeeded\.$/);
  });

  it('the BPDN bound states its premise; with |S| > k it does not apply and is not certified', () => {
    const r = candor(['recover', ...io('n'), '--sigma', String(N.noise * 1.4)]);
    assert.equal(r.code, 0, r.stderr);
    const S = Number(/\n {2}\|S\| = (\d+), /.exec(r.stdout)?.[1]);
    assert.ok(S > 20, r.stdout);
    assert.match(r.stdout, /\ncertificate: feasible, no error bound certified \(the bound's support premise fails\)\n/);
    assert.match(r.stdout, new RegExp(`\\n {2}premise: the bound DOES NOT APPLY: its premise \\(x0 has the support S of x\\^, \\|S\\| = ${S}\\) cannot hold for a k = 20-sparse truth, so it guarantees nothing here\\n`));
    assert.match(r.stdout, /The BPDN error bound \(\S+\) does not apply: its premise is that the truth has the reconstruction's support/);
  });

  it('a stalled solver is not called converged, and remedies name CLI options, not library functions', () => {
    const r = candor(['recover', ...io('n'), '--solver', 'iht', '--k', '20']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\n {2}stopped {4}after \d+ iterations: \S+ \(its stopping test passed, but x does NOT solve Ax = y: \|\|Ax - y\|\|\/\|\|y\|\| = [\d.]+\) in /);
    assert.doesNotMatch(r.stdout, /certifyBPDN|lassoKkt|\(converged\)/);
    assert.match(r.stdout, /noisy data\? give --sigma \(the noise level \|\|e\|\|\) or --lambda/);
    assert.match(r.stdout, /either y is noisy \(then give --sigma, the noise level, or --lambda\) or the solver stalled \(try --solver niht, cosamp or bp-homotopy\)/);
  });

  it('nonzeros are counted above a stated relative threshold, the same |S| as the certificate', () => {
    const out = json(['recover', ...io('n'), '--sigma', String(N.noise)]);
    assert.equal(out.solver.nonzeroRelTol, 1e-9);
    assert.equal(out.solver.nonzeros, out.certificate.support.length);
  });
});

describe('below the transition (m = 50, n = 256, k = 20): a certified l1 minimiser that is not k-sparse', () => {
  const B = problem('b', 50, 256, 20, 32, 0);
  const x = f('b_x.npy');
  const r = candor(['recover', '--A', f('b_A.npy'), '--y', f('b_y.npy'), '--out', x]);
  assert.equal(r.code, 0, r.stderr);

  it('explain --k 20 reports a failure, says why and gives the remedies; without --k it stays "certified"', () => {
    const r = candor(['explain', '--A', f('b_A.npy'), '--y', f('b_y.npy'), '--x', x, '--k', '20']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[1], 'outcome: failure (n = 256, m = 50, k = 20 given by --k)');
    assert.match(r.stdout, /but it has \|S\| = 50 = m nonzeros while the signal is k = 20-sparse: the l1 minimiser is not the sparse signal, so basis pursuit failed \(below the phase transition, as predicted\)\./);
    assert.match(r.stdout, /\n {2}certificate bad {6}The dual certificate proves/);
    assert.match(r.stdout, /\n {2}remedy {6}info {5}To change the outcome: with m >= \d+ the predicted success rate is \d+%; or reduce k to \d+ /);
    const e = json(['explain', '--A', f('b_A.npy'), '--y', f('b_y.npy'), '--x', x]);
    assert.equal(e.kSource, 'reconstruction');
    assert.equal(e.outcome, 'certified');
    assert.equal(B.m, 50);
  });

  it('certify with --truth notes that the unique l1 minimiser is not k-sparse', () => {
    const r = candor(['certify', '--A', f('b_A.npy'), '--y', f('b_y.npy'), '--x', x, '--truth', f('b_x0.npy')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\n {2}note: \|S\| = 50 = m > k = 20: the unique l1 minimiser is not k-sparse, so it is not the k-sparse truth \(basis pursuit failed\)\n/);
  });
});

describe('--no-lp skips the LP certificate and says so', () => {
  it('certify, recover and explain accept --no-lp; the certificate is the least-norm one and the output says the LP was skipped', () => {
    const x = f('n_x.npy');
    assert.equal(candor(['recover', ...io('n'), '--solver', 'omp', '--k', '20', '--out', x]).code, 0);
    const c = json(['certify', '--A', f('n_A.npy'), '--y', f('n_y.npy'), '--x', x, '--sigma', String(N.noise), '--no-lp']);
    assert.equal(c.certificate.certificateUsed, 'least-norm');
    const t = candor(['certify', '--A', f('n_A.npy'), '--y', f('n_y.npy'), '--x', x, '--sigma', String(N.noise), '--no-lp']);
    assert.match(t.stdout, /\n {2}note: the LP certificate was skipped \(--no-lp\): the bound uses the least-norm certificate\n/);
    const rec = candor(['recover', '--A', f('b_A.npy'), '--y', f('b_y.npy'), '--no-lp']);
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(rec.stdout, /\n {2}note: the LP certificate was skipped \(--no-lp\)/);
    const e = json(['explain', '--A', f('b_A.npy'), '--y', f('b_y.npy'), '--x', f('b_x.npy'), '--no-lp']);
    assert.equal(finding(e, 'certificate').data.kind, 'bp');
  });
});
