/**
 * Our DEFLATE decoder and gzip/zlib containers (src/io/inflate.ts, src/io/gzip.ts) against
 * node:zlib (the zlib C library) as the independent reference: seeded data of several kinds,
 * every compression level and strategy, each stream decoded back byte for byte; every truncation
 * of a stream is a CandorError; the output cap holds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constants, crc32 as zcrc32, deflateSync, gzipSync } from 'node:zlib';
import { CandorError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { adler32, crc32, gunzip, unzlib } from '../../src/io/gzip.ts';

const STRATEGIES = [constants.Z_DEFAULT_STRATEGY, constants.Z_FILTERED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FIXED];

function sample(kind: number, n: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    b[i] = kind === 0 ? u * 256 : kind === 1 ? (u < 0.9 ? 0 : u * 40) : kind === 2 ? 'the quick brown fox '.charCodeAt(i % 20) ^ (u < 0.01 ? 1 : 0) : (i * i + (i >> 7)) & 0x3f;
  }
  return b;
}

describe('io/gzip: inflate, gunzip and unzlib match zlib', () => {
  it('decodes zlib-written streams of every level and strategy byte for byte', () => {
    let cases = 0;
    for (let kind = 0; kind < 4; kind++) {
      for (const n of [0, 1, 300, 70000]) {
        const data = sample(kind, n, 100 * kind + n);
        for (let level = 0; level <= 9; level += 3) {
          for (const strategy of STRATEGIES) {
            assert.deepEqual(gunzip(gzipSync(data, { level, strategy }), { where: 't', maxOutput: n }), data);
            assert.deepEqual(unzlib(deflateSync(data, { level, strategy }), { where: 't', maxOutput: n, checkAdler: true }), data);
            cases++;
          }
        }
      }
    }
    assert.equal(cases, 320);
  });

  it('crc32 and adler32 agree with zlib', () => {
    for (const n of [0, 1, 5552, 5553, 100000]) {
      const b = sample(0, n, n);
      assert.equal(crc32(b), zcrc32(b));
      const z = deflateSync(b);
      assert.equal(adler32(b), z.readUInt32BE(z.length - 4));
    }
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926); // the CRC-32 check value
  });

  it('every truncation of a stream is a CandorError, never a short result', () => {
    const data = sample(2, 5000, 7);
    const gz = gzipSync(data);
    for (let cut = 0; cut < gz.length; cut++) {
      assert.throws(() => gunzip(gz.subarray(0, cut), { where: 'cut', maxOutput: 1 << 20 }), (e) => e instanceof CandorError && e.message.startsWith('cut: '));
    }
  });

  it('stops at the output cap', () => {
    const data = sample(1, 100000, 3);
    assert.throws(() => gunzip(gzipSync(data), { where: 'w', maxOutput: 99999, limitReason: 'the test cap' }), {
      message: 'w: decompressed size: expected at most 99999 bytes (the test cap), got more (refused before decompressing further: a corrupt file or a decompression bomb)',
    });
  });

  it('refuses a wrong Adler-32 when asked to check it', () => {
    const z = deflateSync(sample(0, 100, 1));
    z[z.length - 1] ^= 1;
    assert.throws(() => unzlib(z, { where: 'z', maxOutput: 1000, checkAdler: true }), { message: /^z: zlib trailer: expected Adler-32 0x[0-9a-f]{8} \(of the decompressed data\), got 0x[0-9a-f]{8} \(a corrupt or altered file\)$/ });
  });
});
