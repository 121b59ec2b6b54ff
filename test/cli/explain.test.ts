import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-explain-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fx = (name: string) => new URL(`../fixtures/cli/${name}`, import.meta.url).pathname;
const f = (name: string) => join(dir, name);

// the BP solution of the numpy-written problem, by scipy linprog (scripts/fixtures/cli_problems.py)
const ref = JSON.parse(readFileSync(fx('small_ref.json'), 'utf8'));
writeFileSync(f('x_bp.json'), JSON.stringify(ref.x_bp));
const A = ['--A', fx('small_A.npy'), '--y', fx('small_y.npy')];

/** A seeded Gaussian problem far below the transition: n=128, m=16, k=12, as JSON files. */
function farProblem(): void {
  const [n, m, k] = [128, 16, 12];
  const rng = createRng(11);
  const M = rng.fillNormal(new Float64Array(m * n), 0, 1 / Math.sqrt(m));
  const x0 = rng.sparseVector(n, k, 'gaussian', new Float64Array(n));
  const rows = Array.from({ length: m }, (_, i) => Array.from(M.subarray(i * n, (i + 1) * n)));
  writeFileSync(f('far_A.json'), JSON.stringify(rows));
  writeFileSync(f('far_y.json'), JSON.stringify(rows.map((r) => r.reduce((s, v, j) => s + v * x0[j], 0))));
  writeFileSync(f('far_x0.json'), JSON.stringify(Array.from(x0)));
}
farProblem();

function json(args: string[]) {
  const r = candor(['explain', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const topics = (e: { findings: { topic: string }[] }) => e.findings.map((x) => x.topic);

describe('candor explain (real binary)', () => {
  it('a successful recovery: paragraph and findings, k from the truth', () => {
    const e = json([...A, '--x', f('x_bp.json'), '--truth', fx('small_x0.npy'), '--ensemble', 'gaussian']);
    assert.equal(e.outcome, 'success');
    assert.equal(e.kSource, 'truth');
    assert.deepEqual([e.n, e.m, e.k], [48, 24, ref.k]);
    assert.match(e.paragraph, /^With m = 24 measurements of a k = 3-sparse signal in n = 48 unknowns, the problem sits /);
    assert.match(e.paragraph, /The dual certificate proves the reconstruction is the unique l1 minimiser/);
    assert.match(e.paragraph, /Against the known truth the relative error is \S+: the recovery succeeded/);
    assert.deepEqual(topics(e).slice(0, 5), ['transition', 'coherence', 'certificate', 'residual', 'truth']);
    assert.equal(e.paragraph, e.findings.map((x: { text: string }) => x.text).join(' '));
  });

  it('prints the outcome, the paragraph and one line per finding', () => {
    const r = candor(['explain', ...A, '--x', f('x_bp.json'), '--k', '3']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `explain: x ${f('x_bp.json')} for A ${fx('small_A.npy')} (24 x 48 matrix), y ${fx('small_y.npy')}`);
    assert.equal(lines[1], 'outcome: certified (n = 48, m = 24, k = 3 given by --k)');
    assert.match(lines[2], /^With m = 24 measurements of a k = 3-sparse signal/);
    assert.equal(lines[3], 'findings:');
    assert.match(lines[4], /^ {2}transition {2}(good|info|warning|bad) +With m = 24/);
    assert.ok(lines.slice(4).every((l) => /^ {2}(transition|coherence|certificate|residual|truth|remedy) +(good|info|warning|bad) +\S/.test(l)), lines.join('\n'));
  });

  it('without --k or --truth, k is the support of x and the text says so', () => {
    const e = json([...A, '--x', f('x_bp.json')]);
    assert.equal(e.kSource, 'reconstruction');
    assert.equal(e.k, 3);
    assert.match(e.paragraph, /\(k = 3 is the support size of the reconstruction; if the recovery failed it overstates the true k\.\)/);
    assert.match(e.paragraph, /\(The ensemble was not stated, so the Gaussian prediction is only a baseline\.\)/);
  });

  it("far below the transition: failure, with remedies that agree with `candor plan`", () => {
    const x = f('far_omp.json');
    const r = candor(['recover', '--A', f('far_A.json'), '--y', f('far_y.json'), '--solver', 'omp', '--k', '12', '--out', x]);
    assert.equal(r.code, 0, r.stderr);
    const e = json(['--A', f('far_A.json'), '--y', f('far_y.json'), '--x', x, '--truth', f('far_x0.json'), '--ensemble', 'gaussian']);
    assert.equal(e.outcome, 'failure');
    assert.match(e.paragraph, /sits far below the predicted phase transition/);
    assert.match(e.paragraph, /The reconstruction is not certified as the unique l1 minimiser/);
    const remedy = e.findings.find((x: { topic: string }) => x.topic === 'remedy');
    assert.match(remedy.text, /^To change the outcome: with m >= (\d+) the predicted success rate is \d+%; or reduce k to (\d+) \(predicted success \d+% at m = 16\)/);
    // no --store: a missing default store means no stored sweeps (an explicit missing --store is an error)
    const plan = JSON.parse(candor(['plan', '--n', '128', '--k', '12', '--json']).stdout);
    assert.equal(remedy.data.mNeeded, plan.m, 'the remedy m is the planner m');
    assert.ok(remedy.data.kFeasible >= 1 && remedy.data.kFeasible < 12);
  });

  it('a partial-Fourier spec: the coherence comes from the mask PSF; complex data get no BP certificate', () => {
    const x = f('pfft_x.npy');
    const r = candor(['recover', '--operator', fx('pfft_spec.json'), '--y', fx('pfft_y.npy'), '--tol', '1e-13', '--out', x]);
    assert.equal(r.code, 0, r.stderr);
    const e = json(['--operator', fx('pfft_spec.json'), '--y', fx('pfft_y.npy'), '--x', x, '--truth', fx('pdct_x0.json'), '--success-tol', '1e-8']);
    assert.equal(e.outcome, 'success');
    assert.match(e.paragraph, /\(mask PSF side lobe; Welch bound /);
    assert.match(e.paragraph, /No dual certificate was computed: the BP certificates are implemented for real A\./);
    assert.equal(e.problem.ensemble, 'partial-fourier');
  });
});

describe('candor explain: bad input', () => {
  const rng = createRng(5);
  const tall = Array.from({ length: 48 }, () => Array.from(rng.fillNormal(new Float64Array(24))));
  writeFileSync(f('tall_A.json'), JSON.stringify(tall));
  writeFileSync(f('tall_y.json'), JSON.stringify(new Array(48).fill(1)));
  writeFileSync(f('tall_x.json'), JSON.stringify(new Array(24).fill(1)));
  const cases: [string[], number, string][] = [
    [[...A, '--x', f('x_bp.json'), '--k', '49'], 2, 'candor explain: option --k: expected an integer in [1, n = 48], got 49'],
    [[...A, '--x', f('x_bp.json'), '--target', '1'], 2, 'candor: option --target: expected a probability in (0, 1), got "1"'],
    [[...A, '--x', f('x_bp.json'), '--ensemble', 'fourier'], 2, 'candor: option --ensemble: expected one of gaussian, rademacher, partial-dct, partial-real-fourier, partial-fourier, partial-hadamard, variable-density, got "fourier"'],
    [['--A', f('tall_A.json'), '--y', f('tall_y.json'), '--x', f('tall_x.json')], 1, 'explain: A shape: expected rows <= columns (m <= n: an underdetermined system), got 48 x 24'],
    [[...A, '--x', fx('small_y.npy')], 1, `x ${fx('small_y.npy')}: length: expected 48 (columns of A ${fx('small_A.npy')}), got 24`],
  ];
  for (const [args, code, message] of cases) {
    it(`${code}: ${message.slice(0, 90)}`, () => {
      const r = candor(['explain', ...args]);
      assert.equal(r.stderr, `${message.startsWith('candor') ? '' : 'candor: '}${message}\n`);
      assert.equal(r.code, code);
      assert.equal(r.stdout, '');
    });
  }
});
