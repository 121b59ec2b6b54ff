/**
 * A FITS file followed as a stream arrives (fitsStreamExtent): each HDU's header parsed as it
 * comes, its data skipped by their declared size, the size final once the block after the last
 * HDU starts no XTENSION; through a pipe, a file over 1 MiB whose extension header straddles the
 * reader's 1 MiB chunks is read whole, and the same file followed by zeros is refused where it ends.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { FITS_STREAM_PADDING, fitsStreamExtent } from '../../src/io/fits/hdus.ts';
import { formatCards, writeFitsImage } from '../../src/io/fits/index.ts';

/** A primary image of `n` bytes (BITPIX 8) and an IMAGE extension of 10 bytes. */
function twoHdus(n: number): Uint8Array {
  const primary = writeFitsImage(
    { shape: [1, n], data: Float64Array.from({ length: n }, (_, i) => i % 251), complex: false },
    { bitpix: 8 },
  );
  const ext = formatCards([
    { key: 'XTENSION', value: 'IMAGE' },
    { key: 'BITPIX', value: 8 },
    { key: 'NAXIS', value: 1 },
    { key: 'NAXIS1', value: 10 },
    { key: 'PCOUNT', value: 0 },
    { key: 'GCOUNT', value: 1 },
  ]);
  const out = new Uint8Array(primary.length + ext.length + 2880);
  out.set(primary);
  out.set(ext, primary.length);
  return out;
}

describe('fitsStreamExtent', () => {
  it('answers the size declared so far as bytes arrive, final after the last HDU', () => {
    const f = twoHdus(5000); // primary: 2880 header + 5760 data; extension: 2880 + 2880
    assert.equal(f.length, 14400);
    const follow = fitsStreamExtent('s');
    const answers: (string | undefined)[] = [];
    for (const have of [0, 100, 2880, 8640, 8649, 11520, 14400, 14409]) {
      const bytes = new Uint8Array(have);
      bytes.set(f.subarray(0, Math.min(have, f.length)));
      const r = follow((o, n) => (o + n <= have ? bytes.subarray(o, o + n) : null));
      answers.push(r && `${r.bytes}${r.final ? ' final' : ''}`);
    }
    // nothing; a header block; the primary HDU's end (header and data: 8640) until the next HDU
    // starts, its header's block once XTENSION is seen, then its end; final after a block of no XTENSION
    assert.deepEqual(answers, [
      undefined,
      '2880',
      '8640',
      '8640',
      '11520',
      '14400',
      '14400',
      `${14400 + FITS_STREAM_PADDING} final`,
    ]);
  });

  it('names a bad header byte at once, counted from the start of the stream', () => {
    const f = twoHdus(5000);
    f[8640 + 85] = 0;
    const follow = fitsStreamExtent('s');
    assert.throws(() => follow((o, n) => (o + n <= f.length ? f.subarray(o, o + n) : null)), {
      message:
        's: header card at byte 8720: expected printable ASCII text (a FITS header), got byte 0x00 at byte 8725',
    });
    assert.throws(() => fitsStreamExtent('s')((_o, n) => new Uint8Array(n).fill(0x41)), {
      message: `s: start of file: expected 'SIMPLE  =' (a FITS file), got "AAAAAAAAA"`,
    });
  });

  it('a header whose cards never end is refused after 10 000 blocks, not read to 2 GiB', () => {
    const first = twoHdus(10).subarray(0, 2880).slice();
    // the primary header with its END card blanked: cards for ever after
    const text = new TextDecoder('latin1').decode(first);
    const end = text.indexOf('END     ');
    first.fill(0x20, end, end + 80);
    const blank = new Uint8Array(2880).fill(0x20);
    const follow = fitsStreamExtent('s');
    let asked = 0;
    assert.throws(
      () =>
        follow((o, n) => {
          asked = Math.max(asked, o + n);
          return o === 0 ? first.subarray(0, n) : blank.subarray(0, n);
        }),
      {
        message:
          's: header at byte 0: expected an END card within 10000 blocks (360000 cards) on a stream, got 28800000 bytes of cards without END',
      },
    );
    assert.equal(asked, 28800000);
  });

  it('through a pipe: a file over 1 MiB is read whole, and refused when zeros follow it', () => {
    // the extension header starts at 1048320 and crosses the 1 MiB chunk boundary (1048576)
    const f = twoHdus(1045440);
    assert.equal(f.length, 1048320 + 2880 + 2880);
    const code =
      "const { readFitsImageFile } = await import('./src/io/node/formats.ts');" +
      "try { const im = readFitsImageFile('/dev/stdin'); process.stdout.write(im.shape.join('x') + ' ' + im.data[1045439]); }" +
      'catch (e) { process.stdout.write(e.message); }';
    const run = (input: Uint8Array) =>
      spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        input,
        encoding: 'utf8',
        cwd: new URL('../..', import.meta.url).pathname,
      }).stdout;
    assert.equal(run(f), `1x1045440 ${1045439 % 251}`);
    const more = new Uint8Array(f.length + FITS_STREAM_PADDING + 1);
    more.set(f);
    assert.equal(
      run(more),
      `readFitsImage(/dev/stdin): file: expected the ${f.length} bytes its FITS HDUs declare and up to 28800 bytes of padding, got a stream that went on past them`,
    );
    assert.equal(run(more.subarray(0, f.length + FITS_STREAM_PADDING)), `1x1045440 ${1045439 % 251}`);
  });
});
