import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decode } from 'fast-png';
import type { NdArray } from '../../src/io/ndarray.ts';
import { nativeDeflate } from '../../src/io/node/formats.ts';
import { LUMA_WEIGHTS, readPng, writePng } from '../../src/io/png.ts';

interface Case {
  file: string;
  shape: number[];
  depth: number;
  channels: number;
  levels: number[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/io/png_expected.json', import.meta.url), 'utf8')) as {
  weights: number[];
  cases: Record<string, Case>;
};
const bytesOf = (file: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/io/${file}`, import.meta.url)));

/** |a - b| within 2 ulps of b (the unit scale multiplies by 1 / (2^d - 1) instead of dividing). */
const close = (a: number, b: number) => Math.abs(a - b) <= 4.5e-16 * Math.max(1, Math.abs(b));

describe('readPng against files written by PIL (and raw zlib for 4-bit grey and 16-bit RGB)', () => {
  it('uses the BT.601 luma weights the fixtures were made with', () => {
    assert.deepEqual([...LUMA_WEIGHTS], fx.weights);
  });
  for (const [name, c] of Object.entries(fx.cases)) {
    it(`${name}: ${c.depth}-bit, ${c.channels} channel(s) -> grey [${c.shape}] levels and unit scale`, () => {
      const lv = readPng(bytesOf(c.file), { scale: 'levels', name: `${name}.png` });
      assert.deepEqual(lv.shape, c.shape);
      assert.equal(lv.complex, false);
      assert.equal(lv.png.channels, c.channels);
      for (let i = 0; i < c.levels.length; i++)
        assert.ok(close(lv.data[i], c.levels[i]), `${i}: ${lv.data[i]} vs ${c.levels[i]}`);
      const unit = readPng(bytesOf(c.file));
      const top = 2 ** c.depth - 1;
      for (let i = 0; i < c.levels.length; i++) assert.ok(close(unit.data[i], c.levels[i] / top), `${i}`);
    });
  }
});

describe('writePng', () => {
  const img: NdArray = { shape: [2, 3], data: Float64Array.of(-1, 0, 1, 2, 3, 4), complex: false };
  it('maps the min..max window to 0..255 with rounding, row 0 at the top', () => {
    const png = writePng(img);
    const d = decode(png);
    assert.deepEqual([d.width, d.height, d.depth, d.channels], [3, 2, 8, 1]);
    assert.deepEqual(Array.from(d.data), [0, 51, 102, 153, 204, 255]);
    assert.deepEqual(Array.from(readPng(png, { scale: 'levels' }).data), [0, 51, 102, 153, 204, 255]);
  });
  it('clamps to a given window and writes 16-bit on request', () => {
    const d8 = decode(writePng(img, { window: [0, 2] }));
    assert.deepEqual(Array.from(d8.data), [0, 0, 128, 255, 255, 255]);
    const d16 = decode(writePng(img, { window: [0, 4], bitDepth: 16 }));
    assert.equal(d16.depth, 16);
    assert.deepEqual(
      Array.from(d16.data),
      [0, 0, 16384, 32768, 49151, 65535].map((v, i) => (i === 4 ? Math.round(0.75 * 65535) : v)),
    );
  });
  it('writes complex data as its magnitude, and a constant image as zeros', () => {
    const z: NdArray = { shape: [1, 3], data: Float64Array.of(3, 4, 0, 0, 0, 10), complex: true };
    assert.deepEqual(Array.from(decode(writePng(z)).data), [128, 0, 255]);
    const flat: NdArray = { shape: [2, 2], data: new Float64Array(4).fill(7), complex: false };
    assert.deepEqual(Array.from(decode(writePng(flat)).data), [0, 0, 0, 0]);
  });
  it('round-trips 8-bit levels exactly through readPng', () => {
    const levels = Float64Array.from({ length: 64 }, (_, i) => (i * 37) % 256);
    levels[0] = 0;
    levels[1] = 255;
    const back = readPng(writePng({ shape: [8, 8], data: levels, complex: false }), { scale: 'levels' });
    assert.deepEqual(back.data, levels);
  });
});

describe('writePng with a native deflate (the PNG assembled by Candor around zlib)', () => {
  it('decodes (CRCs checked) to the same image as the fast-png path, 8- and 16-bit, odd sizes', () => {
    for (const [ny, nx] of [
      [1, 1],
      [7, 13],
      [64, 45],
    ]) {
      const data = Float64Array.from({ length: 2 * ny * nx }, (_, i) => Math.sin(0.37 * i) + (i % 7) * 0.1);
      for (const complex of [false, true]) {
        const arr: NdArray = { shape: [ny, nx], data: complex ? data : data.subarray(0, ny * nx), complex };
        for (const bitDepth of [8, 16] as const) {
          const ref = decode(writePng(arr, { bitDepth }), { checkCrc: true });
          const raws: Uint8Array[] = [];
          const spy = (raw: Uint8Array) => {
            raws.push(raw.slice());
            return nativeDeflate(raw);
          };
          const ours = decode(writePng(arr, { bitDepth, deflate: spy }), { checkCrc: true });
          // the scanlines went through the given compressor: one filter byte (0) per row, then the row
          assert.equal(raws.length, 1);
          assert.equal(raws[0].length, ny * (1 + (nx * bitDepth) / 8));
          for (let y = 0; y < ny; y++) assert.equal(raws[0][y * (1 + (nx * bitDepth) / 8)], 0);
          assert.deepEqual([ours.width, ours.height, ours.depth, ours.channels], [nx, ny, bitDepth, 1]);
          assert.deepEqual(Array.from(ours.data), Array.from(ref.data));
        }
      }
    }
  });
  it('writes the PNG signature, IHDR first and IEND last', () => {
    const png = writePng(
      { shape: [2, 3], data: Float64Array.of(-1, 0, 1, 2, 3, 4), complex: false },
      { deflate: nativeDeflate },
    );
    assert.deepEqual(Array.from(png.subarray(0, 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(new TextDecoder().decode(png.subarray(12, 16)), 'IHDR');
    assert.equal(new TextDecoder().decode(png.subarray(png.length - 8, png.length - 4)), 'IEND');
    assert.deepEqual(Array.from(readPng(png, { scale: 'levels' }).data), [0, 51, 102, 153, 204, 255]);
  });
});

describe('PNG bad input', () => {
  it('rejects bytes that are not a PNG, naming the file', () => {
    const npy = bytesOf('npy/f8_c.npy');
    assert.throws(() => readPng(npy, { name: 'scan.png' }), {
      message:
        'readPng(scan.png): signature: expected the PNG signature 89 50 4E 47 0D 0A 1A 0A, got 93 4E 55 4D 50 59 01 00',
    });
    assert.throws(() => readPng(new TextEncoder().encode('GIF89a')), {
      message:
        'readPng: signature: expected the PNG signature 89 50 4E 47 0D 0A 1A 0A, got 47 49 46 38 39 61',
    });
  });
  it('rejects a truncated or damaged PNG stream', () => {
    const good = bytesOf('png/grey8.png');
    assert.throws(() => readPng(good.subarray(0, 40), { name: 'cut.png' }), {
      message:
        'readPng(cut.png): PNG data: expected a complete, valid PNG stream, got data that ends early (truncated)',
    });
    const bad = good.slice();
    bad[45] ^= 0xff; // inside the IDAT chunk
    assert.throws(
      () => readPng(bad, { name: 'bad.png' }),
      (e: Error) =>
        /^readPng\(bad\.png\): PNG data: expected a complete, valid PNG stream, got CRC mismatch for chunk IDAT/.test(
          e.message,
        ),
    );
  });
  it('rejects an unknown scale option', () => {
    assert.throws(() => readPng(bytesOf('png/grey8.png'), { scale: 'raw' as 'unit' }), {
      message: `readPng: scale: expected 'unit' or 'levels', got "raw"`,
    });
  });
  it('writePng rejects non-2-D shapes, non-finite values, bad windows and bit depths', () => {
    const img = (shape: number[], v = 1): NdArray => ({
      shape,
      data: new Float64Array(shape.reduce((p, d) => p * d, 1)).fill(v),
      complex: false,
    });
    assert.throws(() => writePng(img([2, 2, 2]), { name: 'o.png' }), {
      message:
        'writePng(o.png): shape: expected a 2-D image [height, width] with positive sides, got [2, 2, 2]',
    });
    assert.throws(() => writePng(img([0, 2])), {
      message: 'writePng: shape: expected a 2-D image [height, width] with positive sides, got [0, 2]',
    });
    const nan = img([2, 2]);
    nan.data[3] = Number.NaN;
    assert.throws(() => writePng(nan), {
      message: 'writePng: data: expected finite values, got NaN at [1, 1]',
    });
    assert.throws(() => writePng(img([2, 2]), { window: [1, 1] }), {
      message: 'writePng: window: expected finite [lo, hi] with lo < hi, got [1, 1]',
    });
    assert.throws(() => writePng(img([2, 2]), { window: [0, Infinity] }), {
      message: 'writePng: window: expected finite [lo, hi] with lo < hi, got [0, Infinity]',
    });
    assert.throws(() => writePng(img([2, 2]), { bitDepth: 12 as 8 }), {
      message: 'writePng: bitDepth: expected 8 or 16, got 12',
    });
  });
});
