import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candor } from './helpers.ts';

describe('candor plan', () => {
  it('prints the asymptotic and rigorous m with their provenance (THEORY.md values)', () => {
    const r = candor(['plan', '--n', '200', '--k', '20', '--json', '--store', '/nonexistent/candor.db']);
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout);
    assert.equal(p.provenance, 'asymptotic');
    // n psi(20/200) from THEORY.md section 8: 65.76
    assert.ok(Math.abs(p.delta - 65.76) < 0.01, `delta ${p.delta}`);
    assert.equal(p.rigorous.provenance, 'rigorous');
    assert.ok(p.m > p.delta && p.m < p.rigorous.m);
  });
  it('k > n is a usage error: one line, exit 2', () => {
    const r = candor(['plan', '--n', '200', '--k', '300']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: plan: k: expected an integer in [1, n = 200], got 300\n');
  });
  it('a target outside (0, 1) is a usage error naming the target', () => {
    const r = candor(['plan', '--n', '200', '--k', '3', '--target', '1']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: plan: target: expected a probability in (0, 1), got 1\n');
  });
});
