import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCsvArray, readJsonArray } from '../../src/io/text.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('numbers from text files', () => {
  it('JSON: vectors, matrices and { shape, data, complex }', () => {
    assert.deepEqual(readJsonArray(enc('[1, 2.5, -3e-2]')).data, Float64Array.of(1, 2.5, -0.03));
    const m = readJsonArray(enc('[[1, 2, 3], [4, 5, 6]]'));
    assert.deepEqual(m.shape, [2, 3]);
    assert.deepEqual([...m.data], [1, 2, 3, 4, 5, 6]);
    const c = readJsonArray(enc('{"shape": [2], "data": [1, 0, 0, 1], "complex": true}'));
    assert.equal(c.complex, true);
    assert.deepEqual(c.shape, [2]);
  });
  it('CSV: header skipped, column or row vectors, matrices, comments', () => {
    assert.deepEqual(readCsvArray(enc('y\n1\n2\n3\n')).shape, [3]);
    assert.deepEqual(readCsvArray(enc('1, 2, 3\n')).shape, [3]);
    const m = readCsvArray(enc('# A\n1;2\n3;4\n\n5;6\n'));
    assert.deepEqual(m.shape, [3, 2]);
    assert.deepEqual([...m.data], [1, 2, 3, 4, 5, 6]);
  });
  it('bad input names the file, line and column', () => {
    assert.throws(() => readJsonArray(enc('[[1, 2], [3]]'), { name: 'A.json' }), {
      message: 'readJson(A.json): row 1: expected an array of 2 numbers (like row 0), got array of length 1',
    });
    assert.throws(() => readJsonArray(enc('[1, "x"]'), { name: 'y.json' }), { message: 'readJson(y.json): entry [1]: expected a number, got "x"' });
    assert.throws(() => readJsonArray(enc('{nope'), { name: 'y.json' }), (e: unknown) => (e as Error).message.startsWith('readJson(y.json): contents: expected valid JSON, got '));
    assert.throws(() => readCsvArray(enc('1,2\n3,abc\n'), { name: 'A.csv' }), { message: 'readCsv(A.csv): line 2, column 2: expected a finite number, got "abc"' });
    assert.throws(() => readCsvArray(enc('1,2\n3\n'), { name: 'A.csv' }), { message: 'readCsv(A.csv): line 2: expected 2 values (like the first data line), got 1' });
    assert.throws(() => readCsvArray(enc('\n\n'), { name: 'e.csv' }), { message: 'readCsv(e.csv): contents: expected at least one line of numbers, got no data lines' });
  });
});
