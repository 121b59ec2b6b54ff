import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseCflHeader, readCfl, writeCfl } from '../../src/io/cfl.ts';
import type { NdArray } from '../../src/io/ndarray.ts';
import { readCflFiles, readPngFile, writeCflFiles } from '../../src/io/node/formats.ts';
import { bart } from '../commands.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/io/cfl_expected.json', import.meta.url), 'utf8')) as {
  files: Record<string, { dims: number[]; shape: number[]; data: number[] }>;
  checks: Record<string, number | number[]>;
};
const fixture = (name: string) => new URL(`../fixtures/io/cfl/${name}`, import.meta.url).pathname;
const bytes = (name: string) => new Uint8Array(readFileSync(fixture(name)));
const readFixture = (name: string) => readCfl(bytes(`${name}.hdr`), bytes(`${name}.cfl`), { name });

/**
 * Independent reference: the centred unitary DFT along `axis` of a complex C-order array,
 * X[k] = n^-1/2 sum_m x[m] exp(-2 pi i (k - c)(m - c) / n) with c = floor(n / 2), which equals
 * numpy's fftshift(fft(ifftshift(x), norm='ortho')).
 */
function centredDft(a: NdArray, axis: number): Float64Array {
  const { shape } = a;
  const n = shape[axis];
  const c = Math.floor(n / 2);
  let inner = 1;
  for (let j = axis + 1; j < shape.length; j++) inner *= shape[j];
  const outer = a.data.length / 2 / (n * inner);
  const out = new Float64Array(a.data.length);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      for (let k = 0; k < n; k++) {
        let re = 0;
        let im = 0;
        for (let m = 0; m < n; m++) {
          const idx = 2 * ((o * n + m) * inner + q);
          const ph = (-2 * Math.PI * (k - c) * (m - c)) / n;
          re += a.data[idx] * Math.cos(ph) - a.data[idx + 1] * Math.sin(ph);
          im += a.data[idx] * Math.sin(ph) + a.data[idx + 1] * Math.cos(ph);
        }
        const dst = 2 * ((o * n + k) * inner + q);
        out[dst] = re / Math.sqrt(n);
        out[dst + 1] = im / Math.sqrt(n);
      }
    }
  }
  return out;
}

/** max |x - y| / max |y|: BART computes in float32, so agreement is to ~1e-7 relative. */
function relErr(x: Float64Array, y: Float64Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    d = Math.max(d, Math.abs(x[i] - y[i]));
    m = Math.max(m, Math.abs(y[i]));
  }
  return d / m;
}

describe('readCfl against files written by BART 0.8', () => {
  for (const [name, f] of Object.entries(fx.files)) {
    it(`${name}: shape and values as BART's readcfl (python/cfl.py) gives them`, () => {
      const a = readFixture(name);
      assert.deepEqual(a.shape, f.shape);
      assert.deepEqual(a.cfl.dims, f.dims);
      assert.equal(a.complex, true);
      assert.deepEqual(Array.from(a.data), f.data);
    });
  }
  it('axis convention: our [i0, i1] is BART sample (i0, i1); the ramp is i0 + 10 i1', () => {
    const a = readFixture('ramp');
    assert.deepEqual(a.shape, [6, 4]);
    for (let i0 = 0; i0 < 6; i0++) {
      for (let i1 = 0; i1 < 4; i1++) {
        assert.equal(a.data[2 * (i0 * 4 + i1)], i0 + 10 * i1);
        assert.equal(a.data[2 * (i0 * 4 + i1) + 1], 0);
      }
    }
  });
  it('bart fft -u 1 (dims[0]) is the centred unitary DFT along our axis 0, not axis 1', () => {
    const ramp = readFixture('ramp');
    const k1 = readFixture('ramp_k1');
    assert.ok(relErr(k1.data, centredDft(ramp, 0)) < 1e-6);
    assert.ok(relErr(k1.data, centredDft(ramp, 1)) > 0.5);
  });
  it('bart fft -u 3 is the centred unitary 2-D DFT (numpy fftshift(fft2(ifftshift(x), norm="ortho")))', () => {
    const p = readFixture('phantom8');
    const k = readFixture('phantom8_k');
    const ref = centredDft({ ...p, data: centredDft(p, 0) }, 1);
    assert.ok(relErr(k.data, ref) < 1e-6);
    assert.ok((fx.checks.fft_u3_vs_numpy_fft2_maxabs as number) < 1e-6);
  });
  it('bart toimg draws dims[0] down the rows (PNG height 6, width 4 for dims [6, 4])', () => {
    assert.deepEqual(fx.checks.toimg_png_width_height, [4, 6]);
  });
});

describe('writeCfl', () => {
  for (const name of Object.keys(fx.files)) {
    it(`rewrites BART's ${name}.cfl byte for byte, with BART's dims line`, () => {
      const { hdr, cfl } = writeCfl(readFixture(name));
      assert.deepEqual(cfl, bytes(`${name}.cfl`));
      const dims = [...fx.files[name].dims];
      while (dims.length < 16) dims.push(1);
      assert.equal(new TextDecoder().decode(hdr), `# Dimensions\n${dims.join(' ')} \n`);
    });
  }
  it('round-trips real and complex arrays of any shape up to 5 axes exactly at float32 precision (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 5 }),
        fc.boolean(),
        (shape, complex) => {
          const n = shape.reduce((p, d) => p * d, 1) * (complex ? 2 : 1);
          const data = Float64Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 1.7) * 100));
          const { hdr, cfl } = writeCfl({ shape, data, complex });
          const back = readCfl(hdr, cfl);
          let trimmed = [...shape];
          while (trimmed.length > 1 && trimmed[trimmed.length - 1] === 1) trimmed = trimmed.slice(0, -1);
          assert.deepEqual(back.shape, trimmed.length ? trimmed : [1]);
          const want = complex
            ? data
            : Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 0 : data[i / 2]));
          assert.deepEqual(back.data, want);
        },
      ),
      { seed: 20240904, numRuns: 100 },
    );
  });
});

describe('CFL float32 conversion', () => {
  it('writes each sample as DataView.setFloat32 (little-endian, round to nearest) and reads it back the same from any byte offset', () => {
    const vals = [0, -0, 1, -1, 1 / 3, 0.1, 1e-40, -1e-45, 3.4028234663852886e38, 16777217, 2 ** -149, Math.PI * 1e20];
    const data = Float64Array.from({ length: 2 * 6 * 4 }, (_, i) => vals[i % vals.length] * (i % 5 === 0 ? -1 : 1));
    const { cfl } = writeCfl({ shape: [6, 4], data, complex: true });
    // the reference bytes: the samples in Fortran order (axis 0 fastest), each through a DataView
    const ref = new Uint8Array(cfl.length);
    const dv = new DataView(ref.buffer);
    for (let i1 = 0; i1 < 4; i1++)
      for (let i0 = 0; i0 < 6; i0++)
        for (let p = 0; p < 2; p++) dv.setFloat32(4 * (2 * (i1 * 6 + i0) + p), data[2 * (i0 * 4 + i1) + p], true);
    assert.deepEqual(cfl, ref);
    const hdr = new TextEncoder().encode('# Dimensions\n6 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 \n');
    const aligned = readCfl(hdr, cfl).data;
    // a .cfl at an odd byte offset (a slice of a larger buffer) takes the DataView path: same samples
    const shifted = new Uint8Array(cfl.length + 1);
    shifted.set(cfl, 1);
    assert.deepEqual(readCfl(hdr, shifted.subarray(1)).data, aligned);
    for (let k = 0; k < aligned.length; k++) assert.equal(aligned[k], Math.fround(aligned[k]));
  });
});

describe('CFL bad input', () => {
  const hdr = bytes('phantom8.hdr');
  const cfl = bytes('phantom8.cfl');
  const text = (s: string) => new TextEncoder().encode(s);
  it('rejects a header without dimensions, or with bad ones', () => {
    assert.throws(() => readCfl(text('hello\n'), cfl, { name: 'k' }), {
      message: `readCfl(k): header: expected a '# Dimensions' line, got "hello"`,
    });
    assert.throws(() => readCfl(new Uint8Array(0), cfl, { name: 'k' }), {
      message: `readCfl(k): header: expected a '# Dimensions' line, got an empty header`,
    });
    assert.throws(() => readCfl(text('# Dimensions\n8 -8 1\n'), cfl, { name: 'k' }), {
      message: `readCfl(k): header dimensions: expected 1 to 16 positive integers after '# Dimensions', got "8 -8 1"`,
    });
    assert.throws(() => readCfl(text('# Dimensions\n'), cfl, { name: 'k' }), {
      message: `readCfl(k): header dimensions: expected 1 to 16 positive integers after '# Dimensions', got an empty line`,
    });
    assert.throws(() => parseCflHeader(`# Dimensions\n${'1 '.repeat(17)}\n`), {
      message: `parseCflHeader: header dimensions: expected 1 to 16 positive integers after '# Dimensions', got "1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1"`,
    });
    assert.throws(
      () => readCfl(text('# Dimensions\n2\n# SizesDimensions\n1\n# MultiDimensions\n1\n1\n'), cfl),
      {
        message: `readCfl: header: expected a single array, got a multi-array file ('# MultiDimensions', writemulticfl)`,
      },
    );
  });
  it('rejects a .cfl whose size does not match the .hdr (truncated or too long)', () => {
    assert.throws(() => readCfl(hdr, cfl.subarray(0, 500), { name: 'kspace' }), {
      message:
        'readCfl(kspace): .cfl size: expected 512 bytes (dims 8 8 1 1 1 1 1 1 1 1 1 1 1 1 1 1 from kspace.hdr, complex64), got 500 bytes',
    });
    assert.throws(() => readCfl(text('# Dimensions\n4 4\n'), cfl), {
      message: 'readCfl: .cfl size: expected 128 bytes (dims 4 4 from the .hdr, complex64), got 512 bytes',
    });
    // dims whose product leaves the exact range: the byte count still exact, not Infinity or 1.6e+21
    assert.throws(() => readCfl(text('# Dimensions\n99999999 99999999 999\n'), cfl), {
      message: 'readCfl: .cfl size: expected 79919998401600007992 bytes (dims 99999999 99999999 999 from the .hdr, complex64), got 512 bytes',
    });
    // a dimension past 2^53 (a 400-digit number read as Infinity): named with its length
    assert.throws(() => readCfl(text(`# Dimensions\n1 2 ${'9'.repeat(400)}\n`), cfl, { name: 'k' }), {
      message: 'readCfl(k): header dimension 3: expected a positive integer below 2^53, got a 400-digit number',
    });
  });
  it('rejects non-finite samples unless allowed, naming the index and part', () => {
    const bad = cfl.slice();
    new DataView(bad.buffer).setFloat32(4 * (2 * (3 + 8 * 2) + 1), Number.NaN, true); // BART (3, 2), imaginary
    assert.throws(() => readCfl(hdr, bad, { name: 'kspace' }), {
      message: 'readCfl(kspace): data: expected finite values, got NaN (imaginary part) at [3, 2]',
    });
    assert.ok(Number.isNaN(readCfl(hdr, bad, { allowNonFinite: true }).data[2 * (3 * 8 + 2) + 1]));
  });
  it('writeCfl rejects more than 16 axes, empty axes, non-finite and float32 overflow', () => {
    const one = (shape: number[], v = 1) => ({
      shape,
      data: new Float64Array(shape.reduce((p, d) => p * d, 1)).fill(v),
      complex: false,
    });
    assert.throws(() => writeCfl(one(new Array(17).fill(1)), { name: 'x' }), {
      message: "writeCfl(x): number of axes: expected at most 16 (BART's limit), got 17",
    });
    assert.throws(() => writeCfl(one([2, 0])), {
      message: 'writeCfl: shape: expected axis lengths >= 1 (BART has no empty arrays), got [2, 0]',
    });
    assert.throws(() => writeCfl(one([2], Infinity)), {
      message: 'writeCfl: data: expected finite values, got Infinity at [0]',
    });
    assert.throws(() => writeCfl(one([1], -1e40)), {
      message:
        'writeCfl: data: expected values within the float32 range (|v| <= 3.4028234663852886e+38), got -1e+40 at [0]',
    });
  });
});

describe('live round trip with BART (runs bart itself: fails, naming the package, when it is missing)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candor-cfl-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const r = bart(args, { cwd: dir });
    assert.equal(r.status, 0, `bart ${args.join(' ')}: ${r.stderr}`);
  };
  // A non-square, non-symmetric complex array [5, 3]: z[i, j] = (i + 1) - 2j + i(0.5 i j - 1)
  const z: NdArray = { shape: [5, 3], data: new Float64Array(30), complex: true };
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 3; j++) {
      z.data[2 * (i * 3 + j)] = i + 1 - 2 * j;
      z.data[2 * (i * 3 + j) + 1] = 0.5 * i * j - 1;
    }
  }
  it('BART reads our files: bart copy gives back the same samples', () => {
    writeCflFiles(join(dir, 'z'), z);
    run('copy', 'z', 'z2');
    const back = readCflFiles(join(dir, 'z2'));
    assert.deepEqual(back.shape, [5, 3]);
    assert.deepEqual(back.data, z.data);
  });
  it('bart fft -u 1 and -u 2 transform our axes 0 and 1', () => {
    writeCflFiles(join(dir, 'z'), z);
    run('fft', '-u', '1', 'z', 'k1');
    run('fft', '-u', '2', 'z', 'k2');
    assert.ok(relErr(readCflFiles(join(dir, 'k1')).data, centredDft(z, 0)) < 1e-6);
    assert.ok(relErr(readCflFiles(join(dir, 'k2')).data, centredDft(z, 1)) < 1e-6);
  });
  it('bart transpose 0 1 gives our transpose, and bart toimg draws our axis 0 down the rows', () => {
    writeCflFiles(join(dir, 'z'), z);
    run('transpose', '0', '1', 'z', 'zt');
    const t = readCflFiles(join(dir, 'zt'));
    assert.deepEqual(t.shape, [3, 5]);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 3; j++) assert.equal(t.data[2 * (j * 5 + i)], z.data[2 * (i * 3 + j)]);
    }
    run('toimg', 'z', 'zimg');
    assert.deepEqual(readPngFile(join(dir, 'zimg.png')).shape, [5, 3]);
  });
  it('bart phantom -x 8 today equals the committed fixture', () => {
    run('phantom', '-x', '8', 'p');
    assert.deepEqual(readCflFiles(join(dir, 'p')).data, readFixture('phantom8').data);
  });
});

describe('CFL samples in file order (readCflSamples, writeCflSamples)', () => {
  it('equal readCfl reordered, and write back the same bytes', async () => {
    const { readCflSamples, writeCflSamples } = await import('../../src/io/cfl.ts');
    const { fortranToC } = await import('../../src/io/ndarray.ts');
    const shape = [3, 4, 1, 2];
    const data = new Float64Array(2 * 24).map((_, i) => (i % 7) - 3 + i / 8);
    const { hdr, cfl } = writeCfl({ shape, data, complex: true });
    const raw = readCflSamples(hdr, cfl);
    assert.deepEqual(raw.dims.slice(0, 4), shape);
    assert.ok(raw.data instanceof Float32Array);
    assert.deepEqual(fortranToC(Float64Array.from(raw.data), shape, true), readCfl(hdr, cfl).data);
    const again = writeCflSamples(shape, Float64Array.from(raw.data));
    assert.deepEqual(again.cfl, cfl);
    assert.deepEqual(again.hdr, hdr);
    // float32 samples: the same bytes, and (little-endian) the file bytes are the samples' own memory
    const f32 = Float32Array.from(raw.data);
    const direct = writeCflSamples(shape, f32);
    assert.deepEqual(direct.cfl, cfl);
    assert.deepEqual(direct.hdr, hdr);
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) assert.equal(direct.cfl.buffer, f32.buffer);
    const bad = f32.slice();
    bad[2 * 5] = Number.POSITIVE_INFINITY; // sample (2, 1), real part
    assert.throws(() => writeCflSamples(shape, bad, { name: 'o' }), { message: 'writeCfl(o): data: expected finite values, got Infinity (real part) at [2, 1, 0, 0]' });
  });

  it('name a non-finite sample by its BART index, and refuse values beyond float32', async () => {
    const { readCflSamples, writeCflSamples } = await import('../../src/io/cfl.ts');
    const { hdr, cfl } = writeCfl({ shape: [2, 3], data: new Float64Array(12), complex: true });
    const f = new Float32Array(cfl.buffer);
    f[2 * (1 + 2 * 2) + 1] = Number.NaN; // sample (1, 2), imaginary part
    assert.throws(() => readCflSamples(hdr, cfl, { name: 'k' }), { message: 'readCfl(k): data: expected finite values, got NaN (imaginary part) at [1, 2]' });
    const big = new Float64Array(12);
    big[2 * 3] = 1e39; // sample (1, 1)
    assert.throws(() => writeCflSamples([2, 3], big, { name: 'o' }), { message: 'writeCfl(o): data: expected values within the float32 range (|v| <= 3.4028234663852886e+38), got 1e+39 at [1, 1]' });
    assert.throws(() => writeCflSamples([2, 3], new Float64Array(10)), /writeCfl: data: expected a Float64Array or Float32Array of 12 values \(complex, dims 2x3\), got/);
    const nan = new Float64Array(12);
    nan[2 * 4] = Number.NaN; // sample (0, 2), real part
    assert.throws(() => writeCflSamples([2, 3], nan, { name: 'o' }), { message: 'writeCfl(o): data: expected finite values, got NaN (real part) at [0, 2]' });
  });
});

describe('multi-coil CFL order (coilsFromFortran, coilsToFortran)', () => {
  it('equal the C-order reorder then coils-last to coil-major, and invert each other', async () => {
    const { coilsFromFortran, coilsToFortran, coilsLastToMajor } = await import('../../src/apps/mri/coils/types.ts');
    const { fortranToC } = await import('../../src/io/ndarray.ts');
    const [A, B, nc] = [37, 3, 2]; // two strips of 16 and a remainder
    const raw = new Float64Array(2 * A * B * nc).map((_, i) => i * 0.5 - 7);
    const viaC = coilsLastToMajor(fortranToC(raw, [A, B, 1, nc], true), A, B, nc);
    const direct = coilsFromFortran(raw, A, B, nc);
    assert.deepEqual(direct, viaC);
    assert.deepEqual(coilsToFortran(direct, A, B, nc), raw);
    // into a given float32 array: the same values rounded to float32; a wrong length is refused
    assert.deepEqual(coilsToFortran(direct, A, B, nc, new Float32Array(raw.length)), Float32Array.from(raw));
    assert.throws(() => coilsToFortran(direct, A, B, nc, new Float32Array(4)), { message: `coilsToFortran: out: expected ${raw.length} values, got 4` });
  });
});
