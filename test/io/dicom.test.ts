import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readDicom } from '../../src/io/dicom.ts';
import { readDicomFile } from '../../src/io/node/formats.ts';

interface Synth {
  shape: number[];
  pixel_array: number[];
  modality_lut: number[];
  spacing: number[] | null;
}
const fx = JSON.parse(
  readFileSync(new URL('../fixtures/io/dicom_expected.json', import.meta.url), 'utf8'),
) as {
  real: {
    transfer_syntax: string;
    rows: number;
    columns: number;
    bits_allocated: number;
    bits_stored: number;
    signed: boolean;
    spacing: number[];
    modality: string;
    dtype: string;
    min: number;
    max: number;
    pixel_array: number[];
  };
  synthetic: Record<string, Synth>;
};
const REAL = '../shared/data/mri/pydicom_MR_small.dcm';
const bytesOf = (file: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/io/dicom/${file}`, import.meta.url)));

describe('readDicom on the real MR image (pydicom MR_small, NEMA WG04; MIT)', () => {
  it("matches pydicom's pixel_array, header fields and pixel spacing", () => {
    const img = readDicomFile(REAL);
    const r = fx.real;
    assert.deepEqual(img.shape, [r.rows, r.columns]);
    assert.deepEqual(img.shape, [64, 64]);
    assert.equal(img.dtype, r.dtype);
    assert.deepEqual(img.spacing, r.spacing);
    assert.equal(img.dicom.transferSyntax, r.transfer_syntax);
    assert.equal(img.dicom.bitsAllocated, r.bits_allocated);
    assert.equal(img.dicom.bitsStored, r.bits_stored);
    assert.equal(img.dicom.signed, r.signed);
    assert.equal(img.dicom.modality, r.modality);
    assert.deepEqual(Array.from(img.data), r.pixel_array);
    assert.equal(Math.min(...img.data), 127);
    assert.equal(Math.max(...img.data), 2145);
  });
});

describe('readDicom on synthetic files written by pydicom', () => {
  for (const [name, s] of Object.entries(fx.synthetic)) {
    it(`${name}: stored values, modality LUT and spacing`, () => {
      const raw = readDicom(bytesOf(`${name}.dcm`), { rescale: false });
      assert.deepEqual(raw.shape, s.shape);
      assert.deepEqual(Array.from(raw.data), s.pixel_array);
      const img = readDicom(bytesOf(`${name}.dcm`));
      assert.deepEqual(Array.from(img.data), s.modality_lut);
      if (s.spacing) assert.deepEqual(img.spacing?.slice(-2), s.spacing);
      else assert.equal(img.spacing, undefined);
    });
  }
  it('12-bit signed: masks the unused high bits and sign-extends from bit 11 (PS3.5 8.1.1)', () => {
    const img = readDicom(bytesOf('signed12_rescale.dcm'), { rescale: false });
    assert.equal(img.dtype, 'int16');
    assert.deepEqual([img.dicom.bitsStored, img.dicom.signed], [12, true]);
    assert.deepEqual(Array.from(img.data.subarray(0, 3)), [-2048, -1, 0]);
    const lut = readDicom(bytesOf('signed12_rescale.dcm'));
    assert.deepEqual([lut.dicom.rescaleSlope, lut.dicom.rescaleIntercept], [2.5, -1024]);
  });
  it('multi-frame: shape [frames, rows, columns], spacing with Spacing Between Slices; MONOCHROME1 kept as stored', () => {
    const img = readDicom(bytesOf('implicit_u8_frames.dcm'));
    assert.deepEqual(img.shape, [2, 3, 4]);
    assert.deepEqual(img.spacing, [3, 1.25, 1.5]);
    assert.equal(img.dicom.photometric, 'MONOCHROME1');
    assert.equal(img.dicom.transferSyntax, '1.2.840.10008.1.2');
    assert.equal(img.dtype, 'uint8');
  });
  it('explicit VR big endian: 16-bit unsigned samples read big endian', () => {
    const img = readDicom(bytesOf('bigendian_u16.dcm'));
    assert.equal(img.dicom.transferSyntax, '1.2.840.10008.1.2.2');
    assert.deepEqual(Array.from(img.data), [0, 1, 65535, 40000, 258, 12345]);
  });
});

describe('DICOM bad input', () => {
  const real = new Uint8Array(readFileSync(REAL));
  it('rejects a file without the DICM prefix, naming the file', () => {
    assert.throws(() => readDicom(new Uint8Array(200), { name: 'scan.dcm' }), {
      message:
        "readDicom(scan.dcm): header: expected the 'DICM' prefix at byte 128 (DICOM Part 10), got 00 00 00 00",
    });
    assert.throws(() => readDicom(new Uint8Array(20), { name: 'scan.dcm' }), {
      message:
        "readDicom(scan.dcm): header: expected the 'DICM' prefix at byte 128 (DICOM Part 10), got a file of 20 bytes",
    });
  });
  it('rejects a truncated header and truncated pixel data', () => {
    assert.throws(() => readDicom(real.subarray(0, 600), { name: 'cut.dcm' }), {
      message:
        'readDicom(cut.dcm): data set: expected a complete DICOM data set, got dicomParser:parseDicomDataSetExplicit: buffer overrun (truncated or corrupt)',
    });
    assert.throws(() => readDicom(real.subarray(0, 140), { name: 'cut.dcm' }), {
      message:
        'readDicom(cut.dcm): data set: expected a complete DICOM data set, got dicomParser.parseDicom: missing required meta header attribute 0002,0010 (truncated or corrupt)',
    });
    // The pixel data element starts at byte 1500 and holds 8192 bytes.
    assert.throws(() => readDicom(real.subarray(0, 5000), { name: 'cut.dcm' }), {
      message: 'readDicom(cut.dcm): pixel data: expected 8192 bytes, got 3500 bytes (truncated)',
    });
  });
  it('rejects colour images and compressed transfer syntaxes', () => {
    assert.throws(() => readDicom(bytesOf('bad_rgb.dcm'), { name: 'rgb.dcm' }), {
      message:
        'readDicom(rgb.dcm): photometric interpretation: expected MONOCHROME1 or MONOCHROME2 with 1 sample per pixel (a magnitude image), got RGB with 3 samples per pixel',
    });
    assert.throws(() => readDicom(bytesOf('bad_jpeg.dcm'), { name: 'jpeg.dcm' }), {
      message:
        'readDicom(jpeg.dcm): transfer syntax: expected an uncompressed one (1.2.840.10008.1.2, 1.2.840.10008.1.2.1, 1.2.840.10008.1.2.2), got "1.2.840.10008.1.2.4.50"',
    });
  });
  it('names a missing file', () => {
    assert.throws(() => readDicomFile('no/such/scan.dcm'), {
      message:
        'readDicom(no/such/scan.dcm): file: expected a readable file, got no such file or directory (ENOENT)',
    });
  });
});
