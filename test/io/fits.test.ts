import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatCards, headerValue, parseHeader, readBinTable, readFitsImage, writeFitsImage } from '../../src/io/index.ts';

interface ImageRec {
  shape: number[];
  bitpix: number;
  data: (number | string)[] | null;
  sum: number;
  nan: number;
  samples: { k: number; value: number | string }[];
  cards: Record<string, number | string | boolean>;
  history: string[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/io/fits_expected.json', import.meta.url), 'utf8')) as {
  sdo: ImageRec;
  small: Record<string, ImageRec & { columns?: Record<string, (number | string)[]> }>;
};
const file = (n: string) => new Uint8Array(readFileSync(new URL(`../fixtures/io/fits/${n}`, import.meta.url)));
const num = (v: number | string) => (v === 'nan' ? Number.NaN : Number(v));

describe('readFitsImage against astropy', () => {
  for (const name of ['u8.fits', 'i16.fits', 'i32.fits', 'i64.fits', 'f32.fits', 'f64_3d.fits', 'u16.fits', 'i16_scaled_blank.fits', 'cards.fits']) {
    it(`${name}: shape, BITPIX and every value as astropy reads them`, () => {
      const ref = fx.small[name];
      const img = readFitsImage(file(name), { name, allowNonFinite: true });
      assert.deepEqual(img.shape, ref.shape);
      assert.equal(img.bitpix, ref.bitpix);
      assert.deepEqual(Array.from(img.data), ref.data!.map(num));
    });
  }
  it('u16.fits: unsigned 16-bit through BZERO 32768 reads as astropy uint16', () => {
    const img = readFitsImage(file('u16.fits'));
    assert.equal(img.bzero, 32768);
    assert.equal(Math.max(...img.data), 34 * 1800);
  });
  it('i16_scaled_blank.fits: BLANK reads as NaN and BSCALE/BZERO apply to the rest; NaN is refused unless allowed', () => {
    const img = readFitsImage(file('i16_scaled_blank.fits'), { allowNonFinite: true });
    assert.deepEqual([img.bscale, img.bzero, img.blank], [0.25, -3.5, -32768]);
    assert.ok(Number.isNaN(img.data[2 * 7 + 3]));
    assert.equal(fx.small['i16_scaled_blank.fits'].nan, 1);
    assert.throws(() => readFitsImage(file('i16_scaled_blank.fits'), { name: 'b.fits' }), {
      message: 'readFitsImage(b.fits): data: expected finite values, got NaN at [2, 3]',
    });
  });
  it('the real SDO/AIA image (BITPIX -64, an ignored BLANK in a float image): shape, sum and samples', () => {
    const img = readFitsImage(new Uint8Array(readFileSync('../shared/data/astro/reproject_sdo_aia_171_level1.fits')));
    assert.deepEqual(img.shape, fx.sdo.shape);
    let s = 0;
    for (const v of img.data) s += v;
    assert.ok(Math.abs(s - fx.sdo.sum) <= 1e-9 * Math.abs(fx.sdo.sum));
    for (const { k, value } of fx.sdo.samples) assert.equal(img.data[k], num(value));
    assert.equal(headerValue(img.header, 'CTYPE1'), fx.sdo.cards.CTYPE1);
    assert.equal(headerValue(img.header, 'CDELT1'), fx.sdo.cards.CDELT1);
    assert.equal(headerValue(img.header, 'DATE-OBS'), fx.sdo.cards['DATE-OBS']);
    assert.equal(img.blank, undefined);
  });
});

describe('FITS header cards against astropy', () => {
  it('CONTINUE long strings, HIERARCH, a Fortran D exponent, an undefined value and HISTORY', () => {
    const img = readFitsImage(file('cards.fits'));
    const ref = fx.small['cards.fits'].cards;
    assert.equal(headerValue(img.header, 'LONGSTR'), ref.LONGSTR);
    assert.equal(headerValue(img.header, 'ESO DET CHIP NAME'), ref['ESO DET CHIP NAME']);
    assert.equal(headerValue(img.header, 'DEXP'), 1.5);
    assert.equal(headerValue(img.header, 'UNDEF'), null);
    const hist = img.header.cards.filter((c) => c.key === 'HISTORY').map((c) => c.comment?.trim());
    assert.deepEqual(hist, fx.small['cards.fits'].history);
  });
  it('formatCards then parseHeader gives the cards back (strings with quotes, long strings, floats, logicals)', () => {
    const cards = [
      { key: 'A', value: "it's" },
      { key: 'B', value: 'x'.repeat(150) + "'q'" },
      { key: 'C', value: -5.555555555555556e-7 },
      { key: 'D', value: true },
      { key: 'E', value: 42, comment: 'answer' },
      { key: 'F', value: 1e300 },
    ];
    const { header, end } = parseHeader(formatCards(cards), 0, 't');
    assert.equal(end % 2880, 0);
    assert.equal(headerValue(header, 'A'), "it's");
    assert.equal(headerValue(header, 'B'), 'x'.repeat(150) + "'q'");
    assert.ok(Math.abs((headerValue(header, 'C') as number) / -5.555555555555556e-7 - 1) < 1e-14);
    assert.equal(headerValue(header, 'D'), true);
    assert.equal(headerValue(header, 'E'), 42);
    assert.equal(header.cards[4].comment, 'answer');
    assert.equal(headerValue(header, 'F'), 1e300);
  });
});

describe('readBinTable against astropy', () => {
  it('L B I J K A E D C M, a 0-width column and TSCAL/TZERO: every value as astropy reads it', () => {
    const t = readBinTable(file('table.fits'), 'TESTTAB');
    const ref = fx.small['table.fits'].columns!;
    assert.equal(t.rows, 3);
    for (const [name, vals] of Object.entries(ref)) {
      const c = t.column(name);
      if (c.strings) assert.deepEqual(c.strings, vals, name);
      else assert.deepEqual(Array.from(c.values!), vals, name);
    }
    assert.equal(t.column('EMPTY').values!.length, 0);
    assert.equal(t.column('FLOAT').unit, 'HZ');
  });
});

describe('writeFitsImage round trips', () => {
  const shape = [3, 5];
  const data = Float64Array.from({ length: 15 }, (_, k) => (k - 7) * 3);
  for (const bitpix of [8, 16, 32, 64, -32, -64] as const) {
    it(`BITPIX ${bitpix}: read back equal`, () => {
      const d = bitpix === 8 ? data.map((x) => x + 21) : data;
      const back = readFitsImage(writeFitsImage({ shape, data: d, complex: false }, { bitpix }));
      assert.deepEqual(back.shape, shape);
      assert.deepEqual(Array.from(back.data), Array.from(d));
    });
  }
  it('float64 keeps every bit (NaN-free random-ish values)', () => {
    const d = Float64Array.from({ length: 64 }, (_, k) => Math.sin(k * 1.7) * 10 ** ((k % 9) - 4));
    const back = readFitsImage(writeFitsImage({ shape: [8, 8], data: d, complex: false }));
    assert.deepEqual(back.data, d);
  });
});

describe('bad FITS input gets one clear error naming the file', () => {
  it('a truncated file', () => {
    assert.throws(() => readFitsImage(file('bad_truncated.fits'), { name: 'bad_truncated.fits' }), {
      message: 'readFitsImage(bad_truncated.fits) primary HDU: data size: expected 35 bytes (BITPIX 8, 7x5), got 10 bytes left in the file (truncated file or wrong NAXISn/GCOUNT/PCOUNT)',
    });
  });
  it('an absurd NAXIS1 is refused before any allocation', () => {
    assert.throws(() => readFitsImage(file('bad_absurd_naxis.fits'), { name: 'x.fits' }), {
      message: 'readFitsImage(x.fits) primary HDU: data size: expected 10000000000 bytes (BITPIX 8, 2000000000x5), got 2880 bytes left in the file (truncated file or wrong NAXISn/GCOUNT/PCOUNT)',
    });
  });
  it('not a FITS file', () => {
    assert.throws(() => readFitsImage(new TextEncoder().encode('hello world'), { name: 'h.txt' }), {
      message: `readFitsImage(h.txt): start of file: expected 'SIMPLE  =' (a FITS file), got "hello wor"`,
    });
  });
  it('a header without END', () => {
    const b = new TextEncoder().encode(`${'SIMPLE  =                    T'.padEnd(80)}${'BITPIX  =                    8'.padEnd(80)}`);
    assert.throws(() => readFitsImage(b, { name: 'n.fits' }), {
      message: 'readFitsImage(n.fits): header at byte 0: expected an END card before the end of the file, got 160 bytes without END (truncated file)',
    });
  });
  it('a UVFITS where an image is expected', () => {
    assert.throws(() => readFitsImage(file('bad_no_vv.uvfits'), { name: 'v.uvfits' }), {
      message: 'readFitsImage(v.uvfits): primary HDU: expected an image, got random groups (a UVFITS visibility file: use readUvfits)',
    });
  });
  it('writing: an int16 value out of range, NaN without blank, complex data', () => {
    const a = { shape: [2], data: Float64Array.of(1, 40000), complex: false };
    assert.throws(() => writeFitsImage(a, { bitpix: 16, name: 'o.fits' }), {
      message: 'writeFitsImage(o.fits): data: expected stored values in [-32768, 32767] for BITPIX 16, got 40000 -> 40000 at [1]',
    });
    assert.throws(() => writeFitsImage({ shape: [1], data: Float64Array.of(Number.NaN), complex: false }, { bitpix: 32 }), {
      message: 'writeFitsImage: data: expected finite values (or give blank for NaN), got NaN at [0]',
    });
    assert.throws(() => writeFitsImage({ shape: [1], data: Float64Array.of(1, 0), complex: true }), {
      message: 'writeFitsImage: array: expected real data (FITS images are real), got complex data',
    });
  });
});
