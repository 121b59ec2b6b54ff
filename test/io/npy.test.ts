import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cToFortran, fortranToC } from '../../src/io/ndarray.ts';
import { type NpyWriteDtype, readNpy, writeNpy } from '../../src/io/npy.ts';

interface Case {
  file: string;
  shape: number[];
  dtype: string;
  complex: boolean;
  fortran: boolean;
  data: number[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/io/npy_expected.json', import.meta.url), 'utf8')) as {
  cases: Record<string, Case>;
  byte_identical: Record<string, NpyWriteDtype>;
  bad: Record<string, { file: string; message: string }>;
};
const bytesOf = (file: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/io/${file}`, import.meta.url)));

describe('readNpy against files written by numpy', () => {
  for (const [name, c] of Object.entries(fx.cases)) {
    it(`${name}.npy reads with numpy's shape, dtype and C-order values`, () => {
      const a = readNpy(bytesOf(c.file), { name: `${name}.npy` });
      assert.deepEqual(a.shape, c.shape);
      assert.equal(a.dtype, c.dtype);
      assert.equal(a.complex, c.complex);
      assert.deepEqual(Array.from(a.data), c.data);
    });
  }
  it('covers every readable dtype, both byte orders, Fortran order and header versions 1-3', () => {
    const dtypes = new Set(Object.values(fx.cases).map((c) => c.dtype));
    for (const d of [
      'float32',
      'float64',
      'complex64',
      'complex128',
      'int8',
      'int16',
      'int32',
      'int64',
      'uint8',
      'uint16',
      'uint32',
      'uint64',
      'bool',
    ]) {
      assert.ok(dtypes.has(d), d);
    }
    assert.ok(Object.values(fx.cases).filter((c) => c.fortran).length >= 3);
    assert.equal(bytesOf('npy/v2.npy')[6], 2);
    assert.equal(bytesOf('npy/v3.npy')[6], 3);
  });
});

describe('writeNpy', () => {
  for (const [name, dtype] of Object.entries(fx.byte_identical)) {
    it(`rewrites ${name}.npy (${dtype}) byte for byte as np.save wrote it`, () => {
      const bytes = bytesOf(`npy/${name}.npy`);
      assert.deepEqual(writeNpy(readNpy(bytes), { dtype }), bytes);
    });
  }
  it('round-trips any shape exactly in <f8 and <c16 (property)', () => {
    const shapes = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
    fc.assert(
      fc.property(shapes, fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (shape, complex, seed) => {
        const n = shape.reduce((p, d) => p * d, 1) * (complex ? 2 : 1);
        const data = new Float64Array(n);
        let s = seed;
        for (let i = 0; i < n; i++) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          data[i] = (s / 2 ** 32 - 0.5) * 10 ** ((s % 40) - 20);
        }
        const back = readNpy(writeNpy({ shape, data, complex }));
        assert.deepEqual(back.shape, shape);
        assert.equal(back.complex, complex);
        assert.deepEqual(back.data, data);
      }),
      { seed: 20240903, numRuns: 100 },
    );
  });
  it('narrows to float32 for <f4 and <c8, and writes real data as complex with zero imaginary parts', () => {
    const x = { shape: [3], data: Float64Array.of(0.1, -1 / 3, 1e30), complex: false };
    assert.deepEqual(
      Array.from(readNpy(writeNpy(x, { dtype: '<f4' })).data),
      [0.1, -1 / 3, 1e30].map(Math.fround),
    );
    const z = readNpy(writeNpy(x, { dtype: '<c16' }));
    assert.equal(z.dtype, 'complex128');
    assert.deepEqual(Array.from(z.data), [0.1, 0, -1 / 3, 0, 1e30, 0]);
    assert.deepEqual(Array.from(readNpy(writeNpy(x, { dtype: '<c8' })).data), [
      Math.fround(0.1),
      0,
      Math.fround(-1 / 3),
      0,
      Math.fround(1e30),
      0,
    ]);
  });
});

describe('Fortran-order reordering', () => {
  it('fortranToC puts a[i][j][k] from i + 2j + 6k at 12i + 4j + k, and cToFortran undoes it', () => {
    const shape = [2, 3, 4];
    const f = new Float64Array(24);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) f[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
    const c = fortranToC(f, shape, false);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 4; k++) assert.equal(c[12 * i + 4 * j + k], 100 * i + 10 * j + k);
    assert.deepEqual(cToFortran(c, shape, false), f);
    const z = Float64Array.from({ length: 48 }, (_, i) => i);
    assert.deepEqual(cToFortran(fortranToC(z, shape, true), shape, true), z);
  });
});

describe('readNpy bad input', () => {
  const good = bytesOf('npy/f8_c.npy'); // header 118 bytes, data 96 bytes
  const withHeader = (text: string) => {
    const h = new TextEncoder().encode(text);
    const out = new Uint8Array(10 + h.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length, 0]);
    out.set(h, 10);
    return out;
  };
  it('names the file and the problem for a wrong magic string, version and truncated header', () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0);
    assert.throws(() => readNpy(png, { name: 'scan.npy' }), {
      message: 'readNpy(scan.npy): header: expected the magic string \\x93NUMPY, got 89 50 4E 47 0D 0A',
    });
    assert.throws(() => readNpy(new Uint8Array(0)), {
      message: 'readNpy: header: expected the magic string \\x93NUMPY, got no bytes',
    });
    const v4 = good.slice();
    v4[6] = 4;
    assert.throws(() => readNpy(v4, { name: 'a.npy' }), {
      message: 'readNpy(a.npy): format version: expected 1.0, 2.0 or 3.0, got 4.0',
    });
    assert.throws(() => readNpy(good.subarray(0, 50), { name: 'a.npy' }), {
      message: 'readNpy(a.npy): header length: expected at most 40 bytes (file size), got 118',
    });
    assert.throws(() => readNpy(good.subarray(0, 9), { name: 'a.npy' }), {
      message: 'readNpy(a.npy): header: expected at least 10 bytes, got 9 bytes',
    });
  });
  it('rejects corrupt header dicts with the position of the problem', () => {
    assert.throws(() => readNpy(withHeader("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,), }")), {
      message: `readNpy: header: expected a Python dict literal with a string, True, False or a tuple at offset 34, got "Maybe, 'shape': (2,)"`,
    });
    assert.throws(() => readNpy(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1), }")), {
      message: `readNpy: header: expected a Python dict literal with a non-negative integer at offset 54, got "-1), }"`,
    });
    assert.throws(() => readNpy(withHeader("{'descr': '<f8', 'shape': (2,), }")), {
      message: `readNpy: header keys: expected exactly 'descr', 'fortran_order', 'shape', got "descr, shape"`,
    });
    assert.throws(() => readNpy(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)")), {
      message:
        "readNpy: header: expected a Python dict literal with ',' or '}' at offset 54, got the end of the header",
    });
  });
  it('rejects data shorter or longer than the header says', () => {
    assert.throws(() => readNpy(good.subarray(0, good.length - 8), { name: 'scan.npy' }), {
      message: 'readNpy(scan.npy): data size: expected 96 bytes (shape 3x4 of <f8), got 88 bytes (truncated)',
    });
    const long = new Uint8Array(good.length + 3);
    long.set(good);
    assert.throws(() => readNpy(long, { name: 'scan.npy' }), {
      message: 'readNpy(scan.npy): data size: expected 96 bytes (shape 3x4 of <f8), got 99 bytes',
    });
  });
  for (const [name, b] of Object.entries(fx.bad)) {
    it(`rejects numpy's ${name}.npy: ${b.message.split(': ').slice(1, 2)[0]}`, () => {
      assert.throws(() => readNpy(bytesOf(b.file), { name: `${name}.npy` }), { message: b.message });
    });
  }
  it('reads non-finite values only when allowed', () => {
    const a = readNpy(bytesOf('npy/bad_nan.npy'), { allowNonFinite: true });
    assert.deepEqual(Array.from(a.data), [1, 2, Infinity, Number.NaN]);
  });
  it('rejects a non-Uint8Array input', () => {
    assert.throws(() => readNpy('abc' as unknown as Uint8Array), {
      message: 'readNpy: input: expected a Uint8Array of file bytes, got "abc"',
    });
  });
});

describe('writeNpy bad input', () => {
  const z = { shape: [2], data: Float64Array.of(1, 2, 3, 4), complex: true };
  it('names the problem: real dtype for complex data, non-finite and float32 overflow, bad arrays', () => {
    assert.throws(() => writeNpy(z, { dtype: '<f8', name: 'out.npy' }), {
      message: `writeNpy(out.npy): dtype: expected '<c16' or '<c8' for complex data, got "<f8"`,
    });
    assert.throws(
      () => writeNpy({ shape: [2, 2], data: Float64Array.of(1, 2, 3, Number.NaN), complex: false }),
      {
        message: 'writeNpy: data: expected finite values, got NaN at [1, 1]',
      },
    );
    assert.throws(() => writeNpy({ ...z, data: Float64Array.of(1, 2, 3, -Infinity) }), {
      message: 'writeNpy: data: expected finite values, got -Infinity (imaginary part) at [1]',
    });
    assert.throws(
      () => writeNpy({ shape: [2], data: Float64Array.of(1, 1e39), complex: false }, { dtype: '<f4' }),
      {
        message:
          'writeNpy: data: expected values within the float32 range (|v| <= 3.4028234663852886e+38), got 1e+39 at [1]',
      },
    );
    assert.throws(() => writeNpy({ shape: [3], data: Float64Array.of(1, 2), complex: false }), {
      message: 'writeNpy: data length: expected 3 (3), got 2',
    });
    assert.throws(
      () =>
        writeNpy(
          { shape: [2], data: Float64Array.of(1, 2), complex: false },
          { dtype: '>f8' as NpyWriteDtype },
        ),
      {
        message: `writeNpy: dtype: expected one of '<f8', '<c16', '<f4', '<c8', got ">f8"`,
      },
    );
    assert.throws(() => writeNpy({ shape: [1.5], data: Float64Array.of(1), complex: false }), {
      message: 'writeNpy: shape: expected non-negative integer axis lengths, got [1.5]',
    });
  });
});
