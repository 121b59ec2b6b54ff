// Receipts of the planning and imaging commands replay identical (issue 18 review): seismic plan
// (its prediction's run time declared volatile; with --verify the store is an output compared by
// its canonical export and the ORIGINAL store is left unchanged, its sha256 by Python's hashlib),
// mri plan --predict, radio image --method cs (the solver's run time declared volatile), and a
// deleted store is reported as missing, compared with the recorded canonical export hash.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MULTICOIL_RECON_DEFAULTS } from '../../src/apps/mri/recon/multicoil.ts';
import { multiCoilDefaultIters } from '../../src/cli/commands/mri-recon.ts';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-receipts-plans-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const data = (p: string) => new URL(`../../../shared/data/${p}`, import.meta.url).pathname;

/** sha256 by Python's hashlib (not our code). */
function pySha256(path: string): string {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())', path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('seismic plan --out and mri plan --predict --out replay identical', () => {
  const gather = data('seismic/pylops_mobil_viking_graben_crg.npy');

  it('seismic plan --out: identical, $.prediction.seconds declared volatile', () => {
    const w = join(dir, 'sp');
    mkdirSync(w);
    let r = candor(['seismic', 'plan', '--data', gather, '--out', 'sp'], { cwd: w });
    assert.equal(r.code, 0, r.stderr);
    r = candor(['replay', join(w, 'sp', 'receipt.json'), '--out', join(w, 'again')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, `identical: 1 output replayed in ${join(w, 'again')} (declared volatile: plan.json:$.prediction.seconds, plan.json:$.store, plan.json:$.sweep, plan.json:$.resumed)\n`);
  });

  it('seismic plan --verify --store sp.db: the store is an output; the replay writes its own and leaves the original as it was', () => {
    const w = join(dir, 'spv');
    mkdirSync(w);
    let r = candor(['seismic', 'plan', '--data', gather, '--verify', '--keeps', '0.5', '--repeats', '1', '--store', 'sp.db', '--out', 'spv', '--quiet'], { cwd: w });
    assert.equal(r.code, 0, r.stderr);
    const rc = JSON.parse(readFileSync(join(w, 'spv', 'receipt.json'), 'utf8'));
    const store = rc.outputs.find((o: { role: string }) => o.role === 'store');
    assert.deepEqual({ path: store.path, compare: store.compare, sweeps: store.sweeps }, { path: 'sp.db', compare: 'sqlite-export', sweeps: [1] });
    const before = pySha256(join(w, 'sp.db'));
    r = candor(['replay', join(w, 'spv', 'receipt.json'), '--out', join(w, 'again')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^identical: 2 outputs replayed in /);
    assert.ok(r.stderr.includes(` --store=${join(w, 'again', 'store-sp.db')} `), r.stderr);
    assert.equal(pySha256(join(w, 'sp.db')), before, 'the original store is unchanged');

    // a deleted store: said, and compared with the recorded canonical export hash
    rmSync(join(w, 'sp.db'));
    r = candor(['replay', join(w, 'spv', 'receipt.json'), '--out', join(w, 'again2')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.split('\n')[1], `  note store:sp.db: the original store ${join(w, 'sp.db')} is missing (compared with the recorded canonical export sha256)`);
  });

  it('mri plan --predict --out: identical ($.prediction.seconds declared volatile), no store recorded', () => {
    const w = join(dir, 'mp');
    mkdirSync(w);
    let r = candor(['mri', 'plan', '--size', '32', '--predict', '--out', 'mp'], { cwd: w });
    assert.equal(r.code, 0, r.stderr);
    const rc = JSON.parse(readFileSync(join(w, 'mp', 'receipt.json'), 'utf8'));
    assert.deepEqual(rc.outputs.map((o: { role: string; path: string }) => `${o.role}:${o.path}`), ['out:plan.json']);
    r = candor(['replay', join(w, 'mp', 'receipt.json'), '--out', join(w, 'again')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^identical: 1 output replayed in /);
  });
});

describe('radio image --method cs --out replays identical', () => {
  it('the solver run time ($.details.cs.solverSeconds) is declared volatile, nothing else', () => {
    const w = join(dir, 'radio');
    mkdirSync(w);
    let r = candor(['radio', 'image', '--vis', data('astro/pyuvdata_vlba_mojave.uvfits'), '--size', '32', '--cell', '0.4mas', '--method', 'cs', '--out', 'cs'], { cwd: w, timeout: 300000 });
    assert.equal(r.code, 0, r.stderr);
    r = candor(['replay', join(w, 'cs', 'receipt.json'), '--out', join(w, 'again')], { timeout: 300000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, `identical: 5 outputs replayed in ${join(w, 'again')} (declared volatile: summary.json:$.seconds, summary.json:$.details.cs.solverSeconds)\n`);
  });
});

describe('multi-coil mri recon --method cg-sense without --iters replays identical', () => {
  it('the method\'s own iteration count (30, not --iters\' default 100) is stated in the receipt and passed by the replay', () => {
    const w = join(dir, 'cg');
    mkdirSync(w);
    let r = candor(['mri', 'simulate', '--size', '32', '--coils', '4', '--out', 'sim'], { cwd: w });
    assert.equal(r.code, 0, r.stderr);
    r = candor(['mri', 'recon', '--kspace', 'sim/kspace.cfl', '--sens', 'sim/sens-true.cfl', '--method', 'cg-sense', '--out', 'rec'], { cwd: w });
    assert.equal(r.code, 0, r.stderr);
    const rc = JSON.parse(readFileSync(join(w, 'rec', 'receipt.json'), 'utf8'));
    assert.deepEqual(rc.command.options.iters, { value: 30, source: 'resolved', flag: '--iters <n>', arg: '30' });
    r = candor(['replay', join(w, 'rec', 'receipt.json'), '--out', join(w, 'again')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // recon.cfl, recon.hdr, recon.png, zero-filled.png (the coil-combined adjoint), recon.json
    assert.match(r.stdout, /^identical: 5 outputs replayed in /);
  });

  it('mri report states the iterations by the same helper as mri recon (30 for cg-sense, 100 for the others)', () => {
    assert.deepEqual([multiCoilDefaultIters('cg-sense'), multiCoilDefaultIters('l1-wavelet'), multiCoilDefaultIters('tv')], [MULTICOIL_RECON_DEFAULTS.cgIter, MULTICOIL_RECON_DEFAULTS.maxIter, MULTICOIL_RECON_DEFAULTS.maxIter]);
    assert.deepEqual([MULTICOIL_RECON_DEFAULTS.cgIter, MULTICOIL_RECON_DEFAULTS.maxIter], [30, 100]);
    const w = join(dir, 'cg');
    const r = candor(['mri', 'report', '--kspace', 'sim/kspace.cfl', '--sens', 'sim/sens-true.cfl', '--method', 'cg-sense', '--replicas', '2', '--out', 'rep'], { cwd: w });
    assert.equal(r.code, 0, r.stderr);
    const rc = JSON.parse(readFileSync(join(w, 'rep', 'receipt.json'), 'utf8'));
    assert.deepEqual(rc.command.options.iters, { value: 30, source: 'resolved', flag: '--iters <n>', arg: '30' });
  });
});
