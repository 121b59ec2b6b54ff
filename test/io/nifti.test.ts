import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type NiftiVolume, niftiSlice, readNifti } from '../../src/io/nifti.ts';
import { readNiftiFile } from '../../src/io/node/formats.ts';

interface Small {
  shape: number[];
  dtype: string;
  complex: boolean;
  spacing: number[];
  data: number[];
}
const fx = JSON.parse(
  readFileSync(new URL('../fixtures/io/nifti_expected.json', import.meta.url), 'utf8'),
) as {
  real: {
    shape: number[];
    dtype: string;
    pixdim: number[];
    vox_offset: number;
    space_unit: string;
    time_unit: string;
    datatype: number;
    min: number;
    max: number;
    sum_per_volume: number[];
    sumsq_per_volume: number[];
    samples: { index: number[]; value: number }[];
    slice_z12_t1: { sum: number; sumsq: number; weighted: number; corners: number[] };
  };
  small: Record<string, Small>;
};
const REAL = '../shared/data/mri/nibabel_example4d.nii.gz';
const bytesOf = (file: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/io/nifti/${file}`, import.meta.url)));
/** C-order flat index of [i, j, k, t] in shape s. */
const at = (s: number[], ix: number[]) => ix.reduce((acc, v, d) => acc * s[d] + v, 0);

describe('readNifti on the real EPI volume (nibabel example4d; MIT)', () => {
  let vol: NiftiVolume | undefined;
  const get = () => (vol ??= readNiftiFile(REAL));
  it("has nibabel's shape, dtype, pixdim, units and data offset", () => {
    const v = get();
    const r = fx.real;
    assert.deepEqual(v.shape, r.shape);
    assert.equal(v.dtype, r.dtype);
    assert.equal(v.nifti.datatype, r.datatype);
    assert.deepEqual(v.nifti.pixdim, r.pixdim);
    assert.deepEqual(v.spacing, r.pixdim.slice(1, 5));
    assert.equal(v.nifti.voxOffset, r.vox_offset);
    assert.equal(v.nifti.spaceUnit, r.space_unit);
    assert.equal(v.nifti.timeUnit, r.time_unit === 'sec' ? 's' : r.time_unit);
    assert.equal(v.nifti.version, 1);
    assert.equal(v.complex, false);
  });
  it("gives nibabel's value at 64 seeded random voxels a[i, j, k, t]", () => {
    const v = get();
    for (const { index, value } of fx.real.samples)
      assert.equal(v.data[at(v.shape, index)], value, `${index}`);
  });
  it("matches nibabel's min, max, and per-volume sums and sums of squares", () => {
    const v = get();
    const per = v.data.length / 2;
    let mn = Infinity;
    let mx = -Infinity;
    for (let t = 0; t < 2; t++) {
      let s = 0;
      let s2 = 0;
      // C order [x, y, z, t]: t is the fastest index
      for (let k = t; k < v.data.length; k += 2) {
        s += v.data[k];
        s2 += v.data[k] ** 2;
        mn = Math.min(mn, v.data[k]);
        mx = Math.max(mx, v.data[k]);
      }
      assert.equal(s, fx.real.sum_per_volume[t]);
      assert.equal(s2, fx.real.sumsq_per_volume[t]);
    }
    assert.equal(per, 128 * 96 * 24);
    assert.deepEqual([mn, mx], [fx.real.min, fx.real.max]);
  });
  it('niftiSlice(vol, 12, 1) is nibabel a[:, :, 12, 1]: sums and a position-weighted sum', () => {
    const s = niftiSlice(get(), 12, 1);
    assert.deepEqual(s.shape, [128, 96]);
    assert.deepEqual(s.spacing, [2, 2]);
    assert.equal(s.dtype, 'int16');
    let sum = 0;
    let sumsq = 0;
    let w = 0;
    for (let i = 0; i < 128; i++) {
      for (let j = 0; j < 96; j++) {
        const x = s.data[i * 96 + j];
        sum += x;
        sumsq += x * x;
        w += x * (97 * i + 13 * j + 1);
      }
    }
    const ref = fx.real.slice_z12_t1;
    assert.deepEqual([sum, sumsq, w], [ref.sum, ref.sumsq, ref.weighted]);
    assert.deepEqual([s.data[0], s.data[127 * 96], s.data[95], s.data[64 * 96 + 48]], ref.corners);
  });
});

describe('readNifti on small files written by nibabel', () => {
  for (const [name, c] of Object.entries(fx.small)) {
    it(`${name}: shape, dtype, spacing and values as nibabel reads them`, () => {
      const v = readNifti(bytesOf(name), { name });
      assert.deepEqual(v.shape, c.shape);
      assert.equal(v.dtype, c.dtype);
      assert.equal(v.complex, c.complex);
      assert.deepEqual(v.spacing, c.spacing);
      assert.deepEqual(Array.from(v.data), c.data);
    });
  }
  it('reports byte order, NIfTI version and scaling from the header', () => {
    assert.equal(readNifti(bytesOf('i16_be_4d.nii')).nifti.littleEndian, false);
    assert.equal(readNifti(bytesOf('nifti2_i16.nii')).nifti.version, 2);
    const sc = readNifti(bytesOf('i16_scaled.nii'));
    assert.deepEqual([sc.nifti.sclSlope, sc.nifti.sclInter], [2, -1]);
    assert.deepEqual(
      Array.from(readNifti(bytesOf('i16_scaled.nii'), { scale: false }).data),
      [-2, -1, 0, 1, 2, 3],
    );
  });
  it('niftiSlice keeps complex samples and works on 2-D and 3-D volumes', () => {
    const c = readNifti(bytesOf('c64_3d.nii')); // [2, 3, 2]
    const s = niftiSlice(c, 1);
    assert.deepEqual(s.shape, [2, 3]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const src = 2 * at([2, 3, 2], [i, j, 1]);
        assert.deepEqual(
          [s.data[2 * (i * 3 + j)], s.data[2 * (i * 3 + j) + 1]],
          [c.data[src], c.data[src + 1]],
        );
      }
    }
    const u = readNifti(bytesOf('u8_2d.nii'));
    assert.deepEqual(niftiSlice(u, 0).data, u.data);
  });
});

describe('NIfTI bad input', () => {
  const small = bytesOf('u8_2d.nii'); // 352-byte header, 15 bytes of data
  const patch = (b: Uint8Array, f: (v: DataView) => void) => {
    const c = b.slice();
    f(new DataView(c.buffer));
    return c;
  };
  it('rejects a truncated or corrupt gzip stream, naming the file', () => {
    const gz = new Uint8Array(readFileSync(REAL));
    assert.throws(() => readNifti(gz.subarray(0, 100000), { name: 'epi.nii.gz' }), {
      message:
        'readNifti(epi.nii.gz): compressed data: expected a complete deflate stream, got data that ends early (truncated)',
    });
    const bad = gz.slice();
    bad[500] ^= 0xff;
    bad[501] ^= 0x55;
    assert.throws(() => readNifti(bad, { name: 'epi.nii.gz' }), {
      message:
        'readNifti(epi.nii.gz): compressed data: expected a valid deflate stream, got a distance 12235 reaching before the start of the output (2075 bytes)',
    });
  });
  it('rejects short headers, wrong sizeof_hdr and the .hdr/.img pair magic', () => {
    assert.throws(() => readNifti(small.subarray(0, 100), { name: 'a.nii' }), {
      message: 'readNifti(a.nii): header: expected at least 348 bytes (a NIfTI-1 header), got 100 bytes',
    });
    assert.throws(
      () =>
        readNifti(
          patch(small, (v) => v.setInt32(0, 1234, true)),
          { name: 'a.nii' },
        ),
      {
        message:
          'readNifti(a.nii): header: expected sizeof_hdr 348 (NIfTI-1) or 540 (NIfTI-2), got 1234 (bytes D2 04 00 00)',
      },
    );
    assert.throws(
      () =>
        readNifti(
          patch(small, (v) => v.setUint8(345, 'i'.charCodeAt(0))),
          { name: 'a.nii' },
        ),
      {
        message: `readNifti(a.nii): magic: expected 'n+1' (a single-file .nii), got "ni1" (a .hdr/.img pair, not supported: convert to .nii)`,
      },
    );
  });
  it('rejects bad dims, unsupported datatypes and an inconsistent bitpix', () => {
    assert.throws(() => readNifti(patch(small, (v) => v.setInt16(40, 9, true))), {
      message: 'readNifti: dim[0]: expected an integer in [1, 7], got 9',
    });
    assert.throws(() => readNifti(patch(small, (v) => v.setInt16(44, 0, true))), {
      message: 'readNifti: dims: expected positive dim[1..2], got [5, 0]',
    });
    const rgb = patch(small, (v) => {
      v.setInt16(70, 128, true);
      v.setInt16(72, 24, true);
    });
    assert.throws(() => readNifti(rgb, { name: 'rgb.nii' }), {
      message:
        'readNifti(rgb.nii): datatype: expected one of uint8 (2), int16 (4), int32 (8), float32 (16), complex64 (32), float64 (64), int8 (256), uint16 (512), uint32 (768), int64 (1024), uint64 (1280), complex128 (1792), got 128',
    });
    assert.throws(() => readNifti(patch(small, (v) => v.setInt16(72, 16, true))), {
      message: 'readNifti: bitpix: expected 8 for uint8, got 16',
    });
    assert.throws(() => readNifti(patch(small, (v) => v.setFloat32(108, 100, true))), {
      message: 'readNifti: vox_offset: expected an integer >= 348 (the header size), got 100',
    });
  });
  it('rejects data shorter than the header says', () => {
    assert.throws(() => readNifti(small.subarray(0, small.length - 4), { name: 'a.nii' }), {
      message:
        'readNifti(a.nii): data size: expected 15 bytes from offset 352 (5x3 uint8), got 11 bytes (truncated)',
    });
  });
  it('rejects non-finite float voxels unless allowed', () => {
    const f = bytesOf('c64_3d.nii');
    const bad = patch(f, (v) => v.setFloat32(352 + 8 * 7 + 4, Number.NaN, true)); // Fortran voxel 7 = [1, 0, 1], imaginary
    assert.throws(() => readNifti(bad, { name: 'c.nii' }), {
      message: 'readNifti(c.nii): data: expected finite values, got NaN (imaginary part) at [1, 0, 1]',
    });
    assert.ok(Number.isNaN(readNifti(bad, { allowNonFinite: true }).data[2 * at([2, 3, 2], [1, 0, 1]) + 1]));
  });
  it('niftiSlice rejects out-of-range z and t and unsliceable shapes', () => {
    const vol = readNifti(bytesOf('i16_be_4d.nii')); // [2, 3, 2, 2]
    assert.throws(() => niftiSlice(vol, 2), {
      message: 'niftiSlice: z: expected an integer in [0, 1], got 2',
    });
    assert.throws(() => niftiSlice(vol, 0, -1), {
      message: 'niftiSlice: t: expected an integer in [0, 1], got -1',
    });
    assert.throws(() => niftiSlice({ shape: [4], data: new Float64Array(4), complex: false }, 0), {
      message:
        'niftiSlice: volume shape: expected [nx, ny], [nx, ny, nz] or [nx, ny, nz, nt] (extra axes of length 1), got [4]',
    });
  });
  it('names a missing file', () => {
    assert.throws(() => readNiftiFile('missing.nii.gz'), {
      message:
        'readNifti(missing.nii.gz): file: expected a readable file, got no such file or directory (ENOENT)',
    });
  });
});
