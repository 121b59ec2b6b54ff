// Receipts and `candor replay` (issue 18) on the real binary: every --out command writes a receipt
// whose hashes match the files (checked with Python's hashlib, an independent sha256), a replay of
// recover, mri recon and sweep run is identical, a changed input is refused before anything runs
// (exact message), a tampered output is found (exit 1, the file named, its largest difference),
// and malformed or foreign receipts get one clear error each.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { candor, pySha256 } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-receipts-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fx = (name: string) => new URL(`../fixtures/cli/${name}`, import.meta.url).pathname;

/** Adds `delta` to the last float64 of a little-endian float64 NPY or CFL-free raw file. */
function bumpLastFloat64(path: string, delta: number): void {
  const b = readFileSync(path);
  b.writeDoubleLE(b.readDoubleLE(b.length - 8) + delta, b.length - 8);
  writeFileSync(path, b);
}

describe('candor recover --out: receipt and replay', () => {
  const d = join(dir, 'recover');
  mkdirSync(d);
  copyFileSync(fx('small_A.npy'), join(d, 'A.npy'));
  copyFileSync(fx('small_y.npy'), join(d, 'y.npy'));
  const receipt = join(d, 'x.npy.receipt.json');

  it('writes x.npy.receipt.json beside x.npy: every option resolved (defaults included), inputs and output hashed', () => {
    const r = candor(['recover', '--A', 'A.npy', '--y', 'y.npy', '--out', 'x.npy'], { cwd: d });
    assert.equal(r.code, 0, r.stderr);
    const rc = JSON.parse(readFileSync(receipt, 'utf8'));
    assert.equal(rc.schema, 'candor-receipt');
    assert.equal(rc.schemaVersion, 1);
    assert.deepEqual(rc.command.words, ['recover']);
    assert.deepEqual(rc.command.argv, ['recover', '--A', 'A.npy', '--y', 'y.npy', '--out', 'x.npy']);
    assert.equal(rc.command.cwd, d);
    assert.equal(rc.command.outKind, 'file');
    assert.deepEqual(rc.command.options.target, { value: 0.95, source: 'default', flag: '--target <p>', arg: '0.95' });
    assert.deepEqual(rc.command.options.solver, { value: 'auto', source: 'default', flag: '--solver <name>', arg: 'auto' });
    assert.deepEqual(rc.command.options.lp, { value: true, source: 'default', flag: '--no-lp', arg: null });
    assert.deepEqual(rc.command.options.A, { value: 'A.npy', source: 'cli', flag: '--A <file>', arg: 'A.npy' });
    assert.deepEqual(
      rc.inputs.map((f: { role: string; path: string; sha256: string }) => [f.role, f.path, f.sha256]),
      [
        ['--A', 'A.npy', pySha256(join(d, 'A.npy'))],
        ['--y', 'y.npy', pySha256(join(d, 'y.npy'))],
      ],
    );
    assert.deepEqual(rc.outputs, [{ role: 'out', path: 'x.npy', sha256: pySha256(join(d, 'x.npy')), bytes: readFileSync(join(d, 'x.npy')).length }]);
    assert.match(rc.command.line, /^candor recover --A A\.npy .*--solver auto .*--target 0\.95 /);
    assert.equal(rc.exitCode, 0);
    assert.ok(rc.timings.seconds > 0 && !Number.isNaN(Date.parse(rc.timings.startedAt)));
  });

  it('replay: identical, exit 0, the replay beside the file and its receipt equal in hashes', () => {
    const r = candor(['replay', receipt, '--out', join(d, 'again')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `identical: 1 output replayed in ${join(d, 'again')}\n`);
    // the re-run states every option, defaults included (a default changed since cannot change it),
    // each as one word --flag=TEXT written from the real command's flag (a value cannot become a flag)
    assert.equal(r.stderr.split('\n').find((l) => l.includes('re-running')), `candor replay: re-running in ${join(d, 'again')}: candor recover --A=A.npy --out=${join(d, 'again', 'x.npy')} --solver=auto --store=candor.db --target=0.95 --y=y.npy`);
    assert.equal(pySha256(join(d, 'again', 'x.npy')), pySha256(join(d, 'x.npy')));
    const j = candor(['replay', receipt, '--json']);
    assert.equal(j.code, 0, j.stderr);
    const out = JSON.parse(j.stdout);
    assert.equal(out.identical, true);
    assert.ok(out.outDir.startsWith(join(d, 'x.npy.replay-')), out.outDir);
    assert.deepEqual(out.outputs, [{ output: 'x.npy', status: 'identical' }]);
  });

  it('replay --out onto an existing path: usage error', () => {
    const r = candor(['replay', receipt, '--out', d]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `candor replay: option --out ${d}: expected a folder that does not exist yet (the replay writes a fresh one), got an existing path\n`);
  });

  it('a tampered output: exit 1 naming the file and its largest difference', () => {
    const x = join(d, 'x.npy');
    const before = pySha256(x);
    bumpLastFloat64(x, 0.25);
    try {
      const r = candor(['replay', receipt, '--out', join(d, 'tampered-out')]);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(
        r.stdout.split('\n')[0],
        `differs: x.npy: largest absolute difference 0.250 (the original no longer has the recorded sha256 ${before.slice(0, 12)}...: changed after the run)`,
      );
      const j = JSON.parse(candor(['replay', receipt, '--json']).stdout);
      assert.equal(j.identical, false);
      assert.equal(j.first.output, 'x.npy');
      assert.equal(j.first.largestDifference, 0.25);
    } finally {
      bumpLastFloat64(x, -0.25);
    }
    assert.equal(pySha256(x), before);
  });

  it('a changed input is refused up front with its old and new sha256 (nothing re-run)', () => {
    const y = join(d, 'y.npy');
    const old = pySha256(y);
    bumpLastFloat64(y, 1);
    const now = pySha256(y);
    try {
      const r = candor(['replay', receipt, '--out', join(d, 'never')]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `candor replay: input y.npy (--y) changed: expected sha256 was ${old}, got sha256 is now ${now}\n`);
      assert.equal(spawnSync('ls', [join(d, 'never')]).status, 2, 'no replay folder made');
    } finally {
      bumpLastFloat64(y, -1);
    }
  });
});

describe('candor mri recon --out: receipt and replay', () => {
  const sim = join(dir, 'sim');
  const rec = join(dir, 'rec');

  it('replay of a reconstruction is identical; a changed sample of recon.cfl is found with its size; a changed metric by its JSON path', () => {
    let r = candor(['mri', 'simulate', '--size', '32', '--seed', '3', '--out', sim]);
    assert.equal(r.code, 0, r.stderr);
    r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--truth', join(sim, 'truth.cfl'), '--iters', '15', '--out', rec]);
    assert.equal(r.code, 0, r.stderr);
    const rc = JSON.parse(readFileSync(join(rec, 'receipt.json'), 'utf8'));
    assert.deepEqual(rc.volatile, ['recon.json:$.files', 'recon.json:$.seconds']);
    assert.deepEqual(
      rc.outputs.map((o: { path: string }) => o.path),
      ['error.png', 'recon.cfl', 'recon.hdr', 'recon.json', 'recon.png', 'truth.png', 'zero-filled.png'],
    );
    for (const o of rc.outputs) assert.equal(o.sha256, pySha256(join(rec, o.path)), o.path);
    assert.equal(rc.seeds.seed, 0);
    r = candor(['replay', join(rec, 'receipt.json'), '--out', join(dir, 'rec-again')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `identical: 7 outputs replayed in ${join(dir, 'rec-again')} (declared volatile: recon.json:$.files, recon.json:$.seconds)\n`);

    // recon.cfl holds complex float32 samples: the last imaginary part + 0.5
    const cfl = join(rec, 'recon.cfl');
    const b = readFileSync(cfl);
    const was = b.readFloatLE(b.length - 4);
    b.writeFloatLE(was + 0.5, b.length - 4);
    writeFileSync(cfl, b);
    const expected = Math.abs(Math.fround(was + 0.5) - was);
    r = candor(['replay', join(rec, 'receipt.json'), '--json']);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.first.output, 'recon.cfl');
    assert.equal(j.first.largestDifference, expected);
    b.writeFloatLE(was, b.length - 4);
    writeFileSync(cfl, b);

    const rj = join(rec, 'recon.json');
    const text = readFileSync(rj, 'utf8');
    const m = JSON.parse(text);
    m.metrics.recon.ssim += 0.01;
    writeFileSync(rj, JSON.stringify(m, null, 2));
    r = candor(['replay', join(rec, 'receipt.json')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^differs: recon\.json: first difference at \$\.metrics\.recon\.ssim: /);
    writeFileSync(rj, text);
  });
});

describe('candor sweep run --out: replay into a fresh store', () => {
  const w = join(dir, 'sweep');
  mkdirSync(w);

  it('replay compares the stored results (canonical export), not the SQLite bytes; a changed stored trial is found', () => {
    let r = candor(['sweep', 'run', '--store', 'runs.db', '--n', '30', '--delta', '0.4,0.7', '--rho', '0.2', '--trials', '2', '--seed', '5', '--workers', '0', '--quiet', '--out', 'rep'], { cwd: w });
    assert.equal(r.code, 0, r.stderr);
    const rc = JSON.parse(readFileSync(join(w, 'rep', 'receipt.json'), 'utf8'));
    const store = rc.outputs.find((o: { role: string }) => o.role === 'store');
    assert.deepEqual({ path: store.path, compare: store.compare, sweeps: store.sweeps }, { path: 'runs.db', compare: 'sqlite-export', sweeps: [1] });
    assert.deepEqual(rc.seeds, { seed: 5 });
    // options the spec resolves itself are stated (a replay passes them explicitly)
    assert.deepEqual(rc.command.options.ensemble, { value: 'gaussian', source: 'resolved', flag: '--ensemble <name>', arg: 'gaussian' });
    assert.deepEqual(rc.command.options.rho, { value: [0.2], source: 'cli', flag: '--rho <grid>', arg: '0.2' });
    r = candor(['replay', join(w, 'rep', 'receipt.json'), '--out', join(w, 'again')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^identical: 7 outputs replayed in /);
    assert.match(r.stderr, / --store=\S+\/again\/store-runs\.db /);

    const db = new Database(join(w, 'runs.db'));
    const row = db.prepare('SELECT cell, trial, error FROM trials ORDER BY cell, trial LIMIT 1').get() as { cell: number; trial: number; error: number };
    db.prepare('UPDATE trials SET error = ? WHERE cell = ? AND trial = ?').run(row.error + 1, row.cell, row.trial);
    db.close();
    r = candor(['replay', join(w, 'rep', 'receipt.json')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^differs: store:runs\.db: the stored results in \S+runs\.db changed after the run \(canonical export sha256 was [0-9a-f]{64}, is now [0-9a-f]{64}\)/);
  });
});

describe('candor seismic decimate / interpolate --report: single-file outputs and a second output folder', () => {
  const w = join(dir, 'seismic');
  mkdirSync(w);
  const gather = new URL('../../../shared/data/seismic/pylops_mobil_viking_graben_crg.npy', import.meta.url).pathname;

  it('receipts beside the files, the report folder compared with its declared run times left out; replays identical', () => {
    let r = candor(['seismic', 'decimate', '--in', gather, '--keep', '0.5', '--seed', '1', '--out', 'half.npy'], { cwd: w });
    assert.equal(r.code, 0, r.stderr);
    r = candor(['seismic', 'interpolate', '--in', 'half.npy', '--out', 'full.npy', '--report', 'rep'], { cwd: w });
    assert.equal(r.code, 0, r.stderr);
    const rc = JSON.parse(readFileSync(join(w, 'full.npy.receipt.json'), 'utf8'));
    assert.deepEqual(rc.inputs.map((f: { role: string; path: string; sha256: string }) => [f.role, f.path, f.sha256]), [['--in', 'half.npy', pySha256(join(w, 'half.npy'))]]);
    assert.deepEqual(rc.command.roots, { out: 'full.npy', report: 'rep' });
    assert.ok(rc.outputs.some((o: { role: string; path: string }) => o.role === 'report' && o.path === 'report.json'));
    assert.ok(rc.volatile.includes('report:report.json:~ iterations in [0-9.]+ s'));
    for (const receipt of ['half.npy.receipt.json', 'full.npy.receipt.json']) {
      r = candor(['replay', join(w, receipt)]);
      assert.equal(r.code, 0, `${receipt}: ${r.stdout} ${r.stderr}`);
      assert.match(r.stdout, /^identical: \d+ outputs? replayed in /);
    }
  });
});

describe('malformed and foreign receipts: one clear error each', () => {
  const m = join(dir, 'bad');
  mkdirSync(m);
  const good = () => JSON.parse(readFileSync(join(dir, 'recover', 'x.npy.receipt.json'), 'utf8'));
  const refuse = (name: string, body: string | null, message: string) => {
    const p = join(m, name);
    if (body !== null) writeFileSync(p, body);
    const r = candor(['replay', p]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `candor: ${message.replace('$P', p)}\n`);
  };

  it('not JSON, not an object, another schema, another schema version, another major version, a web receipt, missing, a folder', () => {
    refuse('text.json', 'hello', 'receipt $P: contents: expected JSON (a receipt.json written by candor), got text that is not JSON (Unexpected token \'h\', "hello" is not valid JSON)');
    refuse('array.json', '[1]', 'receipt $P: contents: expected a JSON object, got an array');
    refuse('schema.json', JSON.stringify({ ...good(), schema: 'bart-receipt' }), 'receipt $P: field schema: expected "candor-receipt" (a receipt written by candor), got "bart-receipt"');
    refuse('version.json', JSON.stringify({ ...good(), schemaVersion: 2 }), 'receipt $P: field schemaVersion: expected 1 (this candor reads receipts of schema version 1), got 2');
    const major = good();
    major.candor.version = '7.2.0';
    refuse('major.json', JSON.stringify(major), 'receipt $P: candor version: expected a receipt of candor 0.x (this is $V), got one written by candor 7.2.0'.replace('$V', versionOfThisCheckout()));
    refuse('web.json', JSON.stringify({ ...good(), origin: 'web' }), 'receipt $P: origin: expected a receipt of a candor command (a web lab receipt carries its equivalent command: run that), got "web"');
    refuse('hash.json', JSON.stringify({ ...good(), inputs: [{ role: '--A', path: 'A.npy', sha256: 'abc', bytes: 3 }] }), 'receipt $P: field inputs[0].sha256: expected 64 hex digits or null, got "abc"');
    refuse('missing.json', null, 'receipt $P: file: expected a readable receipt.json, got no such file (ENOENT)');
    refuse('', null, 'receipt $P: file: expected a readable receipt.json, got a directory (EISDIR)');
  });

  it('a huge file is refused by its size before it is read', () => {
    const p = join(m, 'huge.json');
    writeFileSync(p, '');
    truncateSync(p, 5 * 1024 * 1024);
    const r = candor(['replay', p]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `candor: receipt ${p}: size: expected at most 4194304 bytes (a receipt.json written by candor), got 5242880 bytes\n`);
  });
});

/** The version string `codeVersion()` reports here (package version + commit), read independently. */
function versionOfThisCheckout(): string {
  const root = new URL('../../', import.meta.url).pathname;
  const v = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const sha = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no', 'src'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  return sha ? `${v}+${sha}${dirty ? '-dirty' : ''}` : v;
}
