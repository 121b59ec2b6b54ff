/**
 * Issue 19, defect 8: the smaller hostile-user findings, each against the real binary or the
 * function it names.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { intOption } from '../../src/cli/options.ts';
import { Store } from '../../src/experiments/node/store.ts';
import { writeNpyFile } from '../../src/io/node/formats.ts';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-hardening-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('smaller hardening findings (issue 19, defect 8)', () => {
  it('an integer option takes exponent notation for an integer (--iters 1e12) and says why otherwise', () => {
    assert.equal(intOption('--max-iter', 1)('1e12'), 1e12);
    assert.equal(intOption('--max-iter', 1)('2E3'), 2000);
    assert.throws(() => intOption('--max-iter', 1)('1.5'), { message: 'candor: option --max-iter: expected an integer >= 1, got "1.5"' });
    assert.throws(() => intOption('--port', 0, 65535)('1e5'), { message: 'candor: option --port: expected an integer in [0, 65535], got "1e5"' });
    assert.throws(() => intOption('--n', 1)('1e400'), { message: 'candor: option --n: expected an integer >= 1, got "1e400"' });
  });

  it('a directory or an empty file as --store is named as such', () => {
    const d = join(dir, 'a-directory');
    mkdirSync(d);
    const r = candor(['plan', '--n', '100', '--k', '5', '--store', d]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), `candor: store ${d}: file: expected a SQLite file, got a directory`);
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const e = candor(['plan', '--n', '100', '--k', '5', '--store', empty]);
    assert.equal(e.code, 1);
    assert.equal(e.stderr.trim(), `candor: store ${empty}: contents: expected a Candor store (made by candor sweep run), got an empty file`);
  });

  it('a grid with a bad count names the count, not "object"', () => {
    const r = candor(['sweep', 'run', '--n', '50', '--delta', '0.9:0.1:-3', '--store', join(dir, 'g.db')]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'candor: sweep spec: field delta.count: expected an integer in [1, 10000], got -3');
  });

  it('entries that overflow double precision are refused, not solved into Infinity and NaN', () => {
    const A = join(dir, 'A_huge.npy');
    const data = new Float64Array(4 * 8);
    for (let i = 0; i < data.length; i++) data[i] = ((i * 7) % 5) - 2;
    data[9] = 1e300;
    writeNpyFile(A, { shape: [4, 8], data, complex: false });
    const y = join(dir, 'y.json');
    writeFileSync(y, '[1, 2, 3, 4]');
    const r = candor(['recover', '--A', A, '--y', y]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), `candor: A ${A}: magnitude: expected entries with |v| <= 1e+150 (larger ones overflow double precision in norms and products: scale the data), got 1e+300 at index 9`);
  });

  it('mri recon --out under /proc fails with a message instead of looping', () => {
    const sim = join(dir, 'sim');
    assert.equal(candor(['mri', 'simulate', '--size', '32', '--out', sim]).code, 0);
    const r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--out', '/proc/candor-x', '--iters', '5'], { timeout: 60000 });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr.trim(), /^candor: mri recon: output directory: expected a writable directory \/proc\/candor-x, got no such file or directory \(ENOENT\)$/);
  });

  it('the README recover example runs as written', () => {
    const line = readFileSync('README.md', 'utf8').split('\n').find((l) => l.startsWith('npx candor recover'));
    assert.ok(line);
    const args = line.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
    const r = candor(args, { cwd: process.cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /certificate: certified unique l1 minimiser/);
  });

  it('reading a store leaves no -wal or -shm file behind', () => {
    const p = join(dir, 'w.db');
    Store.open(p).close();
    Store.open(p, { readonly: true }).close();
    assert.equal(existsSync(`${p}-wal`), false);
    assert.equal(existsSync(`${p}-shm`), false);
  });
});
