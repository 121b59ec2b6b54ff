import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-certify-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fx = (name: string) => new URL(`../fixtures/cli/${name}`, import.meta.url).pathname;
const f = (name: string) => join(dir, name);

// references computed by scipy linprog (BP) and scikit-learn Lasso: scripts/fixtures/cli_problems.py
const ref = JSON.parse(readFileSync(fx('small_ref.json'), 'utf8'));
writeFileSync(f('x_bp.json'), JSON.stringify(ref.x_bp));
writeFileSync(f('x_lasso.json'), JSON.stringify(ref.x_lasso));
const support = ref.x_bp.flatMap((v: number, j: number) => (Math.abs(v) > 1e-9 ? [j] : []));
// wrong signs: the BP solution with one entry negated (polishing restores the sign)
const flipped = ref.x_bp.slice();
flipped[support[0]] = -flipped[support[0]];
writeFileSync(f('x_flipped.json'), JSON.stringify(flipped));
// a missing entry: the smallest one dropped (the data are not fit on the rest)
const dropped = ref.x_bp.slice();
const smallest = support.reduce((a: number, j: number) => (Math.abs(ref.x_bp[j]) < Math.abs(ref.x_bp[a]) ? j : a), support[0]);
dropped[smallest] = 0;
writeFileSync(f('x_dropped.json'), JSON.stringify(dropped));

/** A .npy (float64) written byte by byte here, so it may hold what src/io refuses to write. */
function rawNpy(path: string, values: number[]): void {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${values.length},), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = Buffer.concat([Buffer.from('\x93NUMPY\x01\x00', 'latin1'), Buffer.from([header.length & 255, header.length >> 8]), Buffer.from(header, 'latin1')]);
  writeFileSync(path, Buffer.concat([head, Buffer.from(Float64Array.from(values).buffer)]));
}

const A = ['--A', fx('small_A.npy'), '--y', fx('small_y.npy')];

function json(args: string[]) {
  const r = candor(['certify', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('candor certify (real binary)', () => {
  it("certifies scipy linprog's basis-pursuit solution as the unique l1 minimiser", () => {
    const out = json([...A, '--x', f('x_bp.json'), '--truth', fx('small_x0.npy'), '--ensemble', 'gaussian']);
    const c = out.certificate;
    assert.equal(c.verdict, 'certified unique l1 minimiser');
    assert.equal(c.certified, true);
    assert.deepEqual(c.support, support);
    assert.ok(c.theta < 1 && c.margin > 0 && Math.abs(c.theta + c.margin - 1) <= 1e-15);
    assert.ok(c.residualAfter <= 1e-12);
    // Gaussian A: spark m + 1, so any k0-sparse x0 with k0 <= m - |S| equals x^
    assert.equal(c.truth.maxTruthSparsity, 24 - support.length);
    assert.equal(c.truth.truth.covered, true);
    assert.ok(out.truth.relativeError <= 1e-9);
  });

  it('prints the verdict and its numbers', () => {
    const r = candor(['certify', ...A, '--x', f('x_bp.json')]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `certify: x ${f('x_bp.json')} for A ${fx('small_A.npy')} (24 x 48 matrix), y ${fx('small_y.npy')}`);
    assert.match(lines[1], /^ {2}residual \|\|Ax - y\|\| = \S+ \(relative \S+\)$/);
    assert.equal(lines[2], 'certificate: certified unique l1 minimiser');
    assert.match(lines[3], /^ {2}(least-norm|optimal LP) certificate: theta = max off-support \|A\^T v\| = 0\.\d+, margin 1 - theta = \S+$/);
    assert.match(lines[4], new RegExp(`^ {2}\\|S\\| = ${support.length}, sigma_min\\(A_S\\) = \\S+, cond\\(A_S\\) = \\S+$`));
    assert.deepEqual(
      lines.filter((l) => / {2}passed /.test(l)).map((l) => l.split(':')[0].trim()),
      ['passed support', 'passed rank', 'passed polish', 'passed certificate'],
    );
  });

  it('refuses an x with a wrong sign or a missing entry: not certified, naming the failed check', () => {
    for (const [file, detail] of [
      ['x_flipped.json', /^1 entry changed sign or vanished when polishing x_S = A_S\^\+ y: x\^ is not a BP solution on this support$/],
      ['x_dropped.json', /^x_S = A_S\^\+ y: relative residual \S+ > 1e-9: the data are not fit exactly on S/],
    ] as const) {
      const out = json([...A, '--x', f(file)]);
      assert.equal(out.certificate.verdict, 'not certified');
      assert.equal(out.certificate.certified, false);
      const failed = out.certificate.checks.find((c: { passed: boolean }) => !c.passed);
      assert.equal(failed.step, 'polish');
      assert.match(failed.detail, detail);
      assert.equal(out.certificate.truth.statement, 'not certified: nothing is concluded about the truth');
    }
  });

  it("--lambda: scikit-learn's LASSO solution satisfies the KKT conditions to 1e-6 lambda and is unique", () => {
    const out = json([...A, '--x', f('x_lasso.json'), '--lambda', String(ref.lambda)]);
    const c = out.certificate;
    assert.equal(c.kind, 'lasso');
    assert.ok(c.kktRelative <= 1e-6, `KKT ${c.kktRelative}`);
    assert.ok(Math.abs(c.kktResidual - ref.lasso_kkt) <= 1e-12, `ours ${c.kktResidual} vs sklearn's own ${ref.lasso_kkt}`);
    assert.ok(c.relativeGap <= 1e-10);
    assert.equal(c.verdict, 'certified unique LASSO solution');
    // the BP solution is not a LASSO solution at this lambda
    const bp = json([...A, '--x', f('x_bp.json'), '--lambda', String(ref.lambda)]);
    assert.equal(bp.certificate.verdict, 'not certified');
    assert.ok(bp.certificate.kktRelative > 0.1);
  });

  it('--sigma: a BPDN solution from `candor recover --sigma` is feasible with a certified bound', () => {
    const sigma = 0.05;
    const r = candor(['recover', ...A, '--sigma', String(sigma), '--out', f('x_bpdn.npy')]);
    assert.equal(r.code, 0, r.stderr);
    const out = json([...A, '--x', f('x_bpdn.npy'), '--sigma', String(sigma), '--truth', fx('small_x0.npy')]);
    const c = out.certificate;
    assert.equal(c.kind, 'bpdn');
    assert.equal(c.feasible, true);
    assert.ok(out.residualNorm <= sigma * (1 + 1e-6));
    assert.equal(c.verdict, 'certified error bound (conditional on the support)');
    // y is noiseless here, so ||e|| = 0 <= sigma and the truth has the support: the bound holds
    assert.ok(out.truth.relativeError * Math.hypot(...ref.x_bp) <= c.bound.value);
  });
});

describe('candor certify: bad input', () => {
  rawNpy(f('x_nan.npy'), [...ref.x_bp.slice(0, 47), Number.NaN]);
  rawNpy(f('x_short.npy'), ref.x_bp.slice(0, 24));
  const cases: [string[], number, string][] = [
    [[...A, '--x', f('x_nan.npy')], 1, `readNpy(${f('x_nan.npy')}): data: expected finite values, got NaN at [47]`],
    [[...A, '--x', f('x_short.npy')], 1, `x ${f('x_short.npy')}: length: expected 48 (columns of A ${fx('small_A.npy')}), got 24`],
    [[...A, '--x', f('missing.npy')], 1, `x ${f('missing.npy')}: file: expected a readable file, got no such file or directory (ENOENT)`],
    [[...A], 2, "candor: required option '--x <file>' not specified"],
    [[...A, '--x', f('x_bp.json'), '--lambda', '1', '--sigma', '1'], 2, 'candor certify: options --lambda and --sigma: expected at most one of them (--lambda: the LASSO, --sigma: BPDN), got both'],
    [[...A, '--x', f('x_bp.json'), '--lambda', '0'], 2, 'candor: option --lambda: expected a number > 0, got "0"'],
  ];
  for (const [args, code, message] of cases) {
    it(`${code}: ${message.slice(0, 90)}`, () => {
      const r = candor(['certify', ...args]);
      assert.equal(r.stderr, `${message.startsWith('candor') ? '' : 'candor: '}${message}\n`);
      assert.equal(r.code, code);
      assert.equal(r.stdout, '');
    });
  }
});
