/**
 * Decompression bombs and damaged gzip files (issue 19, defects 2 and 3). The bombs are real
 * (scripts/fuzz/hostile.ts): a PNG declaring 30000 x 30000 pixels in 875 KB, a .nii.gz whose 1 MB
 * hold 1 GiB. Every size is checked before memory is spent; every gzip trailer is checked; every
 * gzip member is read. The gzip files are written by node:zlib (the zlib C library), and the
 * volumes they hold are compared with the same bytes read uncompressed (pinned against nibabel by
 * test/io/nifti.test.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeImage2d } from '../../src/io/image.ts';
import { readNifti } from '../../src/io/nifti.ts';
import { readPng } from '../../src/io/png.ts';
import { niftiGzBomb, niftiHeader, pngBomb } from '../../scripts/fuzz/hostile.ts';

const u8 = (b: Buffer | Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const small = u8(readFileSync(new URL('../fixtures/io/nifti/u8_2d.nii', import.meta.url)));
const REAL = '../shared/data/mri/nibabel_example4d.nii.gz';

describe('PNG: declared dimensions are checked before inflating', () => {
  it('refuses a 30000 x 30000 PNG (875 KB, 900 MB inflated) from its IHDR', () => {
    const bomb = u8(pngBomb(30000, 30000));
    assert.ok(bomb.length < 1_000_000);
    assert.throws(() => readPng(bomb, { name: 'bomb.png' }), {
      message: `readPng(bomb.png): image size: expected at most 134217728 pixels (the reader's limit; maxPixels in the library), got 30000x30000 = 900000000 pixels`,
    });
    assert.throws(() => decodeImage2d(bomb, { name: 'bomb.png', maxPixels: 1024 * 1024 }), {
      message: `readPng(bomb.png): image size: expected at most 1048576 pixels (the reader's limit; maxPixels in the library), got 30000x30000 = 900000000 pixels`,
    });
  });

  it('refuses image data that inflates to more than the IHDR dimensions need', () => {
    const bomb = u8(pngBomb(100, 50, 64 << 20));
    assert.throws(() => readPng(bomb, { name: 'x.png' }), {
      message: 'readPng(x.png): decompressed size: expected at most 5050 bytes (what IHDR declares: 50 rows of 1 + 100 bytes), got more (refused before decompressing further: a corrupt file or a decompression bomb)',
    });
    // the same file with honest data reads as 50 x 100 zeros
    const ok = readPng(u8(pngBomb(100, 50)));
    assert.deepEqual(ok.shape, [50, 100]);
    assert.equal(ok.data.length, 5000);
  });
});

describe('NIfTI: declared size checked before decompressing, gzip trailers verified, every member read', () => {
  it('refuses a 1 MB .nii.gz holding 1 GiB from its header', () => {
    const bomb = u8(niftiGzBomb([1024, 1024, 1024]));
    assert.ok(bomb.length < 1_200_000);
    assert.throws(() => readNifti(bomb, { name: 'bomb.nii.gz' }), {
      message: `readNifti(bomb.nii.gz): volume size: expected at most 134217728 samples (the reader's limit; maxSamples in the library), got 1024x1024x1024 = 1073741824 samples`,
    });
    assert.throws(() => decodeImage2d(bomb, { name: 'bomb.nii.gz', maxPixels: 1 << 20 }), {
      message: `readNifti(bomb.nii.gz): volume size: expected at most 1048576 samples (the reader's limit; maxSamples in the library), got 1024x1024x1024 = 1073741824 samples`,
    });
  });

  it('refuses a stream that inflates to more than the header declares', () => {
    const bomb = u8(niftiGzBomb([8, 8], 64 << 20));
    assert.throws(() => readNifti(bomb, { name: 'b.nii.gz' }), {
      message: 'readNifti(b.nii.gz): decompressed size: expected at most 65952 bytes (what the header declares, 352 + 64 bytes, plus 64 KiB), got more (refused before decompressing further: a corrupt file or a decompression bomb)',
    });
    const fine = readNifti(u8(niftiGzBomb([8, 8], 100)), { name: 'b.nii.gz' });
    assert.deepEqual(fine.shape, [8, 8]);
  });

  it('a wrong CRC-32 or length in the gzip trailer is an error, not a zero-padded image', () => {
    const gz = u8(gzipSync(small));
    const n = gz.length;
    const badCrc = gz.slice();
    badCrc[n - 8] ^= 0xff;
    assert.throws(() => readNifti(badCrc, { name: 'a.nii.gz' }), {
      message: /^readNifti\(a\.nii\.gz\): gzip trailer \(member 1\): expected CRC-32 0x[0-9a-f]{8} \(of the decompressed data\), got 0x[0-9a-f]{8} \(a corrupt or altered file\)$/,
    });
    const badLen = gz.slice();
    new DataView(badLen.buffer).setUint32(n - 4, 1000, true);
    assert.throws(() => readNifti(badLen, { name: 'a.nii.gz' }), {
      message: `readNifti(a.nii.gz): gzip trailer (member 1): expected length ${small.length} (the decompressed size mod 2^32), got 1000 (a corrupt or altered file)`,
    });
    assert.throws(() => readNifti(gz.subarray(0, n - 3), { name: 'a.nii.gz' }), {
      message: 'readNifti(a.nii.gz): gzip trailer (member 1): expected CRC-32 and length (8 bytes), got 5 bytes (truncated)',
    });
  });

  it('reads every member of a multi-member gzip file (cat a.gz b.gz)', () => {
    const plain = readNifti(small, { name: 'a.nii' });
    for (const cut of [1, 100, 352, 360]) {
      const multi = u8(Buffer.concat([gzipSync(small.subarray(0, cut)), gzipSync(small.subarray(cut))]));
      const v = readNifti(multi, { name: 'a.nii.gz' });
      assert.deepEqual(v.shape, plain.shape);
      assert.deepEqual(v.data, plain.data);
    }
    const three = u8(Buffer.concat([gzipSync(small.subarray(0, 10)), gzipSync(new Uint8Array(0)), gzipSync(small.subarray(10))]));
    assert.deepEqual(readNifti(three).data, plain.data);
  });

  it('ignores zero padding after the last member and refuses other trailing bytes', () => {
    const plain = readNifti(small);
    const gz = gzipSync(small);
    assert.deepEqual(readNifti(u8(Buffer.concat([gz, Buffer.alloc(512)]))).data, plain.data);
    assert.throws(() => readNifti(u8(Buffer.concat([gz, Buffer.from('junk')])), { name: 'a.nii.gz' }), {
      message: 'readNifti(a.nii.gz): data after gzip member: expected another gzip member (1F 8B) or the end of the file, got 4 more bytes starting 6A 75 6E 6B',
    });
  });

  it('reads the real EPI volume exactly as before (nibabel example4d)', () => {
    const v = readNifti(u8(readFileSync(REAL)));
    assert.deepEqual(v.shape, [128, 96, 24, 2]);
  });

  it('an extension area that is not a valid extension list is ignored, not a JavaScript error', () => {
    const h = Buffer.concat([niftiHeader([4, 4]), Buffer.alloc(16), Buffer.alloc(16, 7)]);
    h.writeFloatLE(368, 108); // vox_offset after 16 bytes of "extensions"
    h[348] = 1; // extension flag set, but the esize that follows is 0
    const v = readNifti(u8(h), { name: 'ext.nii' });
    assert.deepEqual(v.shape, [4, 4]);
    assert.deepEqual([...v.data], new Array(16).fill(7));
  });
});
