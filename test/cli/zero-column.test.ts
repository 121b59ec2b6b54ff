/**
 * Issue 19, defect 6: a matrix with an all-zero column. No measurement sees that entry of x, so it
 * cannot be recovered and coherence is undefined for it; the solve itself is fine. recover,
 * certify and explain used to stop with "mutualCoherence: column j: ..." and write nothing; now
 * they certify what can be certified and state the unseen column in the report and the JSON.
 *
 * The matrix is the cli_problems fixture with one column zeroed outside the support of scipy's
 * basis-pursuit solution, so that solution (linprog, small_ref.json) is still the BP solution of
 * the new problem: zeroing a column only removes feasible points other than it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readNpyFile, writeNpyFile } from '../../src/io/node/formats.ts';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-zero-column-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fx = (name: string) => new URL(`../fixtures/cli/${name}`, import.meta.url).pathname;
const ref = JSON.parse(readFileSync(fx('small_ref.json'), 'utf8'));
const xbp: number[] = ref.x_bp;
const A = readNpyFile(fx('small_A.npy'));
const [m, n] = A.shape;
const zero = xbp.findIndex((v, j) => j > 3 && Math.abs(v) < 1e-12);
for (let i = 0; i < m; i++) A.data[i * n + zero] = 0;
const A0 = join(dir, 'A0.npy');
writeNpyFile(A0, A);
const xFile = join(dir, 'x_bp.json');
writeFileSync(xFile, JSON.stringify(xbp));
const args = ['--A', A0, '--y', fx('small_y.npy')];
const note = `column ${zero} of A is all zeros: no measurement sees x[${zero}], so it cannot be recovered (any value fits the data) and coherence is undefined for it`;

describe('an all-zero column of A', () => {
  it('recover solves, writes x, and reports the unseen column', () => {
    const out = join(dir, 'x.npy');
    const r = candor(['recover', ...args, '--out', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const x = readNpyFile(out).data;
    for (let j = 0; j < n; j++) assert.ok(Math.abs(x[j] - xbp[j]) <= 1e-6, `x[${j}] = ${x[j]}, scipy ${xbp[j]}`);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.zeroColumns, [zero]);
    assert.ok(JSON.stringify(j).includes(note));
  });

  it('certify certifies scipy\'s BP solution and concludes nothing about the truth (spark(A) = 1)', () => {
    const r = candor(['certify', ...args, '--x', xFile, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.certificate.verdict, 'certified unique l1 minimiser');
    assert.deepEqual(j.zeroColumns, [zero]);
    assert.equal(j.certificate.truth.maxTruthSparsity, 0);
    const text = candor(['certify', ...args, '--x', xFile]);
    assert.equal(text.code, 0, text.stderr);
    assert.ok(text.stdout.includes(note), text.stdout);
  });

  it('explain explains, naming the unseen column', () => {
    const r = candor(['explain', ...args, '--x', xFile, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.zeroColumns, [zero]);
    const text = candor(['explain', ...args, '--x', xFile]);
    assert.equal(text.code, 0, text.stderr);
    assert.ok(text.stdout.includes(note), text.stdout);
  });
});
