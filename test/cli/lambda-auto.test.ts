import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeNpyFile } from '../../src/io/node/formats.ts';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-lambda-auto-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const f = (name: string) => join(dir, name);

// scikit-learn's lasso_path with SURE / GCV (scripts/fixtures/lambda_ic.py)
const F = JSON.parse(readFileSync(new URL('../fixtures/lambda_ic.json', import.meta.url), 'utf8')).sure_gcv;
writeNpyFile(f('A.npy'), { shape: [F.m, F.n], data: Float64Array.from(F.A), complex: false });
writeNpyFile(f('y.npy'), { shape: [F.m], data: Float64Array.from(F.y), complex: false });

describe('candor recover --lambda auto', () => {
  it('auto:sure with --noise-std: the grid point scikit-learn lasso_path + SURE picks, the choice in the JSON', () => {
    const r = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', 'auto:sure', '--noise-std', String(F.sigma), '--no-lp', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    const c = j.lambdaChoice;
    assert.equal(c.rule, 'sure');
    assert.equal(c.noiseSource, 'given (--noise-std)');
    // the same 50-point grid as the reference: the same grid point
    assert.ok(Math.abs(c.gridLambda / F.lambdas[F.sure_index] - 1) < 1e-12, `${c.gridLambda} vs ${F.lambdas[F.sure_index]}`);
    // m = 60 < 150: the default walks the whole grid
    assert.equal(c.path.length, 50);
    assert.ok(!c.notes.some((t: string) => t.startsWith('the path stopped')));
    // the LASSO is then solved at the chosen weight
    assert.equal(j.problem.kind, 'lasso');
    assert.equal(j.problem.lambda, c.lambda);
    // stopped 8 grid points past SURE's minimum on request: the same choice, and a note says so
    const st = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', 'auto:sure', '--noise-std', String(F.sigma), '--no-lp', '--json', '--lambda-stop-after', '8']);
    assert.equal(st.code, 0, st.stderr);
    const cs = JSON.parse(st.stdout).lambdaChoice;
    assert.equal(cs.path.length, F.sure_index + 9);
    assert.equal(cs.lambda, c.lambda);
    assert.match(cs.notes[0], /^the path stopped at lambda = \S+, 8 grid points past the criterion's running minimum \(stopAfter 8\)/);
    const zero = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', 'auto:sure', '--noise-std', String(F.sigma), '--lambda-stop-after', '0']);
    assert.equal(zero.code, 2);
    assert.equal(zero.stderr.trim(), 'candor recover: option --lambda-stop-after: expected an integer >= 1 or all for the rule sure (its running minimum needs a later point above it), got 0');
    const lc = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', 'auto:lcurve', '--lambda-stop-after', '3']);
    assert.equal(lc.code, 2);
    assert.equal(lc.stderr.trim(), 'candor recover: option --lambda-stop-after: expected none with the rule lcurve (its corner needs the whole grid), got 3');
    const allFixed = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', '0.1', '--lambda-stop-after', 'all']);
    assert.equal(allFixed.code, 2);
    assert.equal(allFixed.stderr.trim(), 'candor recover: option --lambda-stop-after: expected only with --lambda auto, got all');
    const bad = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', 'auto', '--lambda-stop-after', 'some']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim(), 'candor: option --lambda-stop-after: expected an integer >= 0 or all, got "some"');
    const fixed = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', '0.1', '--lambda-stop-after', '3']);
    assert.equal(fixed.code, 2);
    assert.equal(fixed.stderr.trim(), 'candor recover: option --lambda-stop-after: expected only with --lambda auto, got 3');
  });
  it('auto:sure with --lambda-figure: the figure has the grid curve, the knot curve and the choice; the JSON names it', () => {
    const svg = f('choice.svg');
    const r = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', 'auto:sure', '--noise-std', String(F.sigma), '--no-lp', '--json', '--lambda-figure', svg]);
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout).lambdaChoice;
    assert.equal(c.figure, svg);
    assert.match(c.exactPath.method, /^l1 homotopy/);
    assert.ok(c.exactPath.knots.length > 50);
    const text = readFileSync(svg, 'utf8');
    assert.match(text, /^<svg /);
    assert.match(text, new RegExp(`exact path: ${c.exactPath.knots.length} knots \\(grey\\); minimum over them at lambda = \\S+ \\(df \\d+, ring\\)`));
    assert.equal((text.match(/<polyline /g) ?? []).length, 2);
    const n = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', '0.1', '--lambda-figure', svg]);
    assert.equal(n.code, 2);
    assert.equal(n.stderr.trim(), `candor recover: option --lambda-figure: expected only with --lambda auto, got ${svg}`);
    const p = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', 'auto', '--lambda-figure', f('choice.png')]);
    assert.equal(p.code, 2);
    assert.equal(p.stderr.trim(), `candor recover: option --lambda-figure: expected a file name ending in .svg, got ${f('choice.png')}`);
  });
  it('refuses --noise-std without auto, auto with --sigma, and an unknown rule', () => {
    const a = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--noise-std', '0.1']);
    assert.equal(a.code, 2);
    assert.equal(a.stderr.trim(), 'candor recover: option --noise-std: expected only with --lambda auto, got 0.1');
    const b = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', 'auto', '--sigma', '0.5']);
    assert.equal(b.code, 2);
    assert.equal(b.stderr.trim(), 'candor recover: options: expected --lambda auto or --sigma, not both, got --lambda auto --sigma');
    const c = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', 'auto:aic']);
    assert.equal(c.code, 2);
    assert.equal(c.stderr.trim(), 'candor: option --lambda: expected a number, auto or auto:<rule> with a rule among sure, gcv, discrepancy, lcurve, got "auto:aic"');
    // the hold-out rule needs a reconstruction without some samples: MRI only
    const d = candor(['recover', '--A', f('A.npy'), '--y', f('y.npy'), '--lambda', 'auto:cv']);
    assert.equal(d.code, 2);
    assert.equal(d.stderr.trim(), 'candor: option --lambda: expected a number, auto or auto:<rule> with a rule among sure, gcv, discrepancy, lcurve, got "auto:cv"');
  });
});

describe('candor mri recon --lambda auto', () => {
  it('writes the criterion figure and lambdaChoice (rule, lambda, noise and its source, path) in recon.json', () => {
    const sim = candor(['mri', 'simulate', '--size', '64', '--accel', '4', '--snr-db', '25', '--seed', '1', '--out', f('sim')]);
    assert.equal(sim.code, 0, sim.stderr);
    const r = candor(['mri', 'recon', '--kspace', f('sim/kspace.cfl'), '--mask', f('sim/mask.cfl'), '--lambda', 'auto:discrepancy', '--out', f('rec')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /lambda {5}\S+ chosen by discrepancy over 12 weights \(12 short solves\); noise std \S+, estimated: MAD of y\(f\) - conj\(y\(-f\)\)/);
    const j = JSON.parse(readFileSync(f('rec/recon.json'), 'utf8'));
    assert.equal(j.lambda, j.lambdaChoice.lambda);
    assert.deepEqual(Object.keys(j.lambdaChoice).slice(0, 4), ['rule', 'lambda', 'noiseStd', 'noiseSource']);
    assert.equal(j.lambdaChoice.path.length, 12);
    assert.ok(existsSync(f('rec/lambda-choice.svg')));
    assert.match(readFileSync(f('rec/lambda-choice.svg'), 'utf8'), /^<svg [^>]*>[\s\S]*discrepancy: lambda = [\s\S]*<\/svg>\n$/);
  });
  it('an unknown rule is a usage error naming the MRI rules', () => {
    const r = candor(['mri', 'recon', '--kspace', f('sim/kspace.cfl'), '--lambda', 'auto:xyz', '--out', f('rec3')]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'candor: option --lambda: expected a number, auto or auto:<rule> with a rule among sure, gcv, discrepancy, lcurve, cv, got "auto:xyz"');
  });
  it('multi-coil (4 simulated coils, ESPIRiT maps): auto:cv with --noise-std writes the figure and lambdaChoice with the hold-out', () => {
    const sim = candor(['mri', 'simulate', '--coils', '4', '--size', '48', '--accel', '3', '--calib', '16', '--snr-db', '25', '--seed', '2', '--out', f('simc')]);
    assert.equal(sim.code, 0, sim.stderr);
    const noise = JSON.parse(readFileSync(f('simc/simulate.json'), 'utf8')).noiseStd;
    assert.ok(noise > 0);
    const r = candor(['mri', 'recon', '--kspace', f('simc/kspace.cfl'), '--lambda', 'auto:cv', '--noise-std', String(noise), '--out', f('recc')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^l1-wavelet: 48x48, 4 coils, cartesian, sensitivities ESPIRiT [^\n]*\n {2}lambda {5}\S+ chosen by cv over 10 weights \(20 short solves\); noise std \S+, given \(--noise-std\)/);
    const j = JSON.parse(readFileSync(f('recc/recon.json'), 'utf8'));
    assert.equal(j.lambdaChoice.rule, 'cv');
    assert.equal(j.lambda, j.lambdaChoice.lambda);
    assert.equal(j.lambdaChoice.holdout.heldOut, Math.round(0.15 * j.lambdaChoice.holdout.units));
    assert.equal(j.lambdaChoice.path.length, 10);
    assert.match(readFileSync(f('recc/lambda-choice.svg'), 'utf8'), /^<svg [^>]*>[\s\S]*cv: lambda = [\s\S]*hold-out image error estimate[\s\S]*<\/svg>\n$/);
  });
  it('a method without a weight is a usage error', () => {
    const r = candor(['mri', 'recon', '--kspace', f('sim/kspace.cfl'), '--method', 'zero-filled', '--lambda', 'auto', '--out', f('rec2')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /autoLambda: expected a method with a weight \(l1-wavelet, tv, wavelet-tv\), got "zero-filled"/);
  });
});
