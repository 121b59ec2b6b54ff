/**
 * What astropy sees in the files Candor writes. scripts/fixtures/io_fits.py ran
 * scripts/fixtures/fits_written.ts, opened its output with astropy (and astropy.wcs) and recorded
 * the result; here we check that the writers still produce exactly those bytes, so that record is
 * about today's writers, and that astropy's reading equals what we meant to write.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { pixelToWorld } from '../../src/io/index.ts';
import { REWRITTEN, rewrite, smallUvfits, WCS_CASES, writtenFiles } from '../../scripts/fixtures/fits_written.ts';

interface Rec {
  verify: string;
  shape: number[];
  data: (number | string)[];
  cards: Record<string, number | string | boolean>;
  history: string[];
  wcs?: {
    pixels0: number[][];
    world: number[][];
    ctype: string[];
    crpix: number[];
    cdelt: number[];
    crval: number[];
    cunit: string[];
    restfrq: number;
    radesys: string;
  };
  all_params?: Record<string, number[]>;
  all_data?: number[];
  parnames?: string[];
  tables?: Record<string, { rows: number; columns: Record<string, (number | string)[]> }>;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/io/fits_expected.json', import.meta.url), 'utf8')) as {
  written: Record<string, Rec> & { rewritten: Record<string, Record<string, boolean | string>> };
};
const files = writtenFiles();
const committed = (n: string) => new Uint8Array(readFileSync(new URL(`../fixtures/io/fits/${n}`, import.meta.url)));

describe('files written by Candor, as astropy reads them', () => {
  it('the writers produce the committed bytes (the files astropy checked)', () => {
    for (const [name, bytes] of Object.entries(files)) assert.deepEqual(bytes, committed(name), name);
    assert.deepEqual(Object.keys(files).sort(), Object.keys(fx.written).filter((k) => k !== 'rewritten').sort());
  });
  for (const [name, src] of Object.entries(REWRITTEN)) {
    it(`the real ${name.replace('.uvfits', '').toUpperCase()} file read and written back: astropy finds every parameter, visibility and table equal to the original`, () => {
      const r = fx.written.rewritten[name];
      // the bytes astropy checked are the bytes the writer produces today
      assert.equal(createHash('sha256').update(rewrite(src)).digest('hex'), r.sha256);
      assert.deepEqual(
        { verify: r.verify, parnames: r.parnames, params: r.params, data: r.data, tables: r.tables, header: r.header },
        { verify: 'ok', parnames: true, params: true, data: true, tables: true, header: true },
      );
    });
  }
  it("astropy's standard verification (verify('exception')) passes on every file we write", () => {
    for (const [name, r] of Object.entries(fx.written)) if (name !== 'rewritten') assert.equal(r.verify, 'ok', name);
  });
  for (const [key, w] of Object.entries(WCS_CASES)) {
    const name = `candor_wcs_${key}.fits`;
    it(`${name}: astropy.wcs reads RA---SIN/DEC--SIN, deg units, ICRS, RESTFRQ, and gives the sky position of each pixel as pixelToWorld`, () => {
      const r = fx.written[name].wcs!;
      assert.deepEqual(r.ctype, ['RA---SIN', 'DEC--SIN']);
      assert.deepEqual(r.cunit, ['deg', 'deg']);
      assert.equal(r.radesys, 'ICRS');
      assert.equal(r.restfrq, 2.3e11);
      assert.deepEqual(r.crval, [w.raDeg, w.decDeg]);
      assert.deepEqual(r.crpix, [Math.floor(w.nx / 2) + 1, Math.floor(w.ny / 2) + 1]);
      // CDELT is written in at most 20 columns: equal to 15 significant digits
      assert.ok(Math.abs(r.cdelt[0] / -w.cellDeg - 1) < 1e-14 && Math.abs(r.cdelt[1] / w.cellDeg - 1) < 1e-14);
      const wcs = { raDeg: w.raDeg, decDeg: w.decDeg, crpix1: r.crpix[0], crpix2: r.crpix[1], cdelt1: r.cdelt[0], cdelt2: r.cdelt[1] };
      r.pixels0.forEach(([x, y], i) => {
        const [ra, dec] = pixelToWorld(wcs, x + 1, y + 1);
        const [ra0, dec0] = r.world[i];
        // 1e-9 deg = 3.6 uas; the M87 case's pixels are 2 mas apart, the wide case's 0.02 deg
        assert.ok(Math.abs(ra - ra0) * Math.cos((dec0 * Math.PI) / 180) < 1e-9 && Math.abs(dec - dec0) < 1e-9, `${name} pixel ${x},${y}: ${ra},${dec} vs ${ra0},${dec0}`);
      });
      const rec = fx.written[name];
      assert.deepEqual(rec.shape, [w.ny, w.nx]);
      assert.equal(rec.cards.BUNIT, 'JY/BEAM');
      assert.equal(rec.cards.BPA, -70);
    });
  }
  it("the pixel values astropy reads equal the arrays written (float64, int16 with BSCALE/BZERO/BLANK, uint8, float32 cube)", () => {
    const m = fx.written['candor_wcs_m87.fits'];
    assert.equal(m.data[1 * 16 + 2], Math.sin(0.6) + 0.1 + 0.002);
    const i16 = fx.written['candor_i16_scaled.fits'];
    assert.equal(i16.data[8], 'nan');
    assert.equal(i16.data[0], -4.5);
    assert.equal(i16.data[34], (6 - 3) * 1.5 + 4 * 100.5);
    assert.deepEqual(fx.written['candor_u8.fits'].data.slice(0, 5), [0, 1, 2, 3, 20]);
    const cube = fx.written['candor_f32_3d.fits'];
    assert.deepEqual(cube.shape, [2, 3, 4]);
    assert.equal(cube.data[23], 23 - 7.25);
    assert.equal(cube.cards.LONGSTR, `${'a long string value that needs the CONTINUE convention, '.repeat(3)}end`);
    assert.deepEqual(cube.history, ['made by Candor']);
  });
  it('candor_small.uvfits: astropy reads our parameters (DATE summed), visibilities and AIPS AN/FQ tables', () => {
    const uv = smallUvfits();
    const r = fx.written['candor_small.uvfits'];
    assert.deepEqual(r.parnames, ['UU---SIN', 'VV---SIN', 'WW---SIN', 'BASELINE', 'DATE', 'DATE', 'INTTIM']);
    const phys = (k: number) => Array.from(uv.params[k].raw, (x) => uv.params[k].pscal * x + uv.params[k].pzero);
    const uu = r.all_params!['UU---SIN'];
    phys(0).forEach((x, g) => {
      assert.ok(Math.abs(x - uu[g]) <= 1e-15 * Math.abs(x));
    });
    assert.deepEqual(r.all_params!.BASELINE, phys(3));
    const date = phys(4).map((x, g) => x + phys(5)[g]);
    date.forEach((d, g) => {
      assert.ok(Math.abs(d - r.all_params!.DATE[g]) < 1e-9);
    });
    assert.deepEqual(r.all_data, Array.from(uv.data));
    assert.deepEqual(r.tables!['AIPS AN'].columns.ANNAME, ['BR', 'FD', 'HN']);
    assert.deepEqual(r.tables!['AIPS FQ'].columns['IF FREQ'], [0, 8e6]);
  });
});
