import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CandorError, checkFinite, checkInt, checkLength, checkNumber } from '../src/core/errors.ts';

describe('errors', () => {
  it('CandorError messages name where, what, expected and got', () => {
    const e = new CandorError('dct', 'length n', 'a positive integer', '0');
    assert.equal(e.message, 'dct: length n: expected a positive integer, got 0');
    assert.equal(e.kind, 'input');
  });
  it('checkFinite names the first bad index and value', () => {
    assert.throws(() => checkFinite('omp', 'y', Float64Array.of(1, Number.NaN, Infinity)), {
      message: 'omp: y: expected finite values, got NaN at index 1',
    });
    assert.throws(() => checkFinite('omp', 'y', Float64Array.of(1, -Infinity)), {
      message: 'omp: y: expected finite values, got -Infinity at index 1',
    });
    checkFinite('omp', 'y', Float64Array.of(0, -1e308));
  });
  it('checkInt, checkNumber and checkLength reject with the expected range', () => {
    assert.throws(() => checkInt('plan', 'k', 2.5, 1), { message: 'plan: k: expected an integer >= 1, got 2.5' });
    assert.throws(() => checkInt('plan', 'k', 9, 0, 8), { message: 'plan: k: expected an integer in [0, 8], got 9' });
    assert.throws(() => checkNumber('fista', 'lambda', -1, 0), {
      message: 'fista: lambda: expected a finite number >= 0, got -1',
    });
    assert.throws(() => checkLength('omp', 'y', new Float64Array(3), 4, 'rows of A'), {
      message: 'omp: y length: expected 4 (rows of A), got 3',
    });
  });
});
