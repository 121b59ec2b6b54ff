import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { smallUvfits } from '../../scripts/fixtures/fits_written.ts';
import { paramBase, readUvfits, type Uvfits, visOffset, writeUvfits } from '../../src/io/index.ts';

interface UvRec {
  header: Record<string, number | string>;
  groups: number;
  array_shape: number[];
  parnames: string[];
  param_index: number[];
  params: { ptype: string; pscal: number; pzero: number; at: number[]; sum: number }[];
  date_at: number[];
  date_sum: number;
  ant1: number[];
  ant2: number[];
  samples: { group: number; k: number; value: number | string }[];
  sums: Record<string, { re: number; im: number; w_finite: number; w_nonfinite: number; flagged: number }>;
  tables: Record<string, { rows: number; columns: Record<string, (number | string)[]> }>;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/io/fits_expected.json', import.meta.url), 'utf8')) as {
  vlba: UvRec;
  eht: UvRec;
  small: Record<string, { uvw_wavelengths: number[]; ant1: number[]; ant2: number[]; data: number[]; freq: number; date: number[] }>;
};
const FILES = {
  vlba: '../shared/data/astro/pyuvdata_vlba_mojave.uvfits',
  eht: '../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits',
} as const;
const fixture = (n: string) => new Uint8Array(readFileSync(new URL(`../fixtures/io/fits/${n}`, import.meta.url)));
const num = (v: number | string) => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? Number.NaN : Number(v));
const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);

const cache = new Map<string, Uvfits>();
const load = (k: keyof typeof FILES) => {
  if (!cache.has(k)) cache.set(k, readUvfits(new Uint8Array(readFileSync(FILES[k])), { name: FILES[k] }));
  return cache.get(k)!;
};

for (const key of ['vlba', 'eht'] as const) {
  describe(`readUvfits on the real ${key === 'vlba' ? 'VLBA 8 GHz' : 'EHT 2017 230 GHz'} M87 file against astropy`, () => {
    const ref = fx[key];
    it('groups, parameter names, PSCAL/PZERO, array shape and header values', () => {
      const uv = load(key);
      assert.equal(uv.nGroups, ref.groups);
      assert.deepEqual(
        uv.params.map((p) => p.ptype),
        ref.params.map((p) => p.ptype),
      );
      assert.deepEqual(
        uv.params.map((p) => [p.pscal, p.pzero]),
        ref.params.map((p) => [p.pscal, p.pzero]),
      );
      // astropy's data shape (DEC, RA, IF, FREQ, STOKES, COMPLEX) is our axes reversed
      assert.deepEqual(
        uv.axes.map((a) => a.n).reverse(),
        ref.array_shape,
      );
      assert.equal(uv.object, ref.header.OBJECT);
      assert.equal(uv.telescope, ref.header.TELESCOP);
      assert.equal(uv.dateObs, ref.header['DATE-OBS']);
      assert.equal(uv.refFreq, ref.header.CRVAL4);
      assert.equal(uv.raDeg, ref.header.CRVAL6);
      assert.equal(uv.decDeg, ref.header.CRVAL7);
    });
    it("physical parameter values (PSCAL * stored + PZERO) equal astropy's at 24 seeded groups; DATE is the sum of both DATE parameters", () => {
      const uv = load(key);
      ref.params.forEach((p, k) => {
        const mine = uv.params[k];
        p.at.forEach((v, i) => {
          const g = ref.param_index[i];
          const got = mine.pscal * mine.raw[g] + mine.pzero;
          assert.ok(close(got, v, 1e-15), `${p.ptype} group ${g}: ${got} vs ${v}`);
        });
      });
      ref.param_index.forEach((g, i) => {
        assert.ok(Math.abs(uv.jd[g] - ref.date_at[i]) < 1e-9, `date ${g}`);
      });
      let s = 0;
      for (const x of uv.jd) s += x;
      assert.ok(close(s, ref.date_sum, 1e-14));
    });
    it('u, v, w are the UU/VV/WW parameters in seconds; baselines decode to 256 a1 + a2', () => {
      const uv = load(key);
      const iu = ref.params.findIndex((p) => paramBase(p.ptype) === 'UU');
      ref.param_index.forEach((g, i) => {
        assert.ok(close(uv.uu[g], ref.params[iu].at[i], 1e-15));
        assert.equal(uv.ant1[g], ref.ant1[i]);
        assert.equal(uv.ant2[g], ref.ant2[i]);
      });
      assert.equal(uv.uvwUnit, 'seconds');
    });
    it('visibility values at 40 seeded positions and per-(IF, Stokes) sums of re, im and weight', () => {
      const uv = load(key);
      for (const { group, k, value } of ref.samples) assert.equal(uv.data[group * uv.groupSize + k], num(value));
      for (const [ks, r] of Object.entries(ref.sums)) {
        const [i, s] = ks.split(',').map(Number);
        let [re, im, w, nonfinite, flagged] = [0, 0, 0, 0, 0];
        for (let g = 0; g < uv.nGroups; g++) {
          for (let c = 0; c < uv.nFreq; c++) {
            const o = visOffset(uv, g, i, c, s);
            re += uv.data[o];
            im += uv.data[o + uv.strides.complex];
            const wt = uv.data[o + 2 * uv.strides.complex];
            if (Number.isFinite(wt)) w += wt;
            else nonfinite++;
            if (wt <= 0) flagged++;
          }
        }
        assert.ok(close(re, r.re, 1e-12) && close(im, r.im, 1e-12) && close(w, r.w_finite, 1e-12), ks);
        assert.deepEqual([nonfinite, flagged], [r.w_nonfinite, r.flagged], ks);
      }
    });
    it('AIPS AN and FQ tables: station names and positions, IF frequency offsets', () => {
      const uv = load(key);
      const an = ref.tables['AIPS AN'].columns;
      assert.deepEqual(
        uv.antennas.map((a) => a.name),
        an.ANNAME,
      );
      assert.deepEqual(
        uv.antennas.flatMap((a) => a.xyz),
        an.STABXYZ,
      );
      const fq = ref.tables['AIPS FQ'].columns['IF FREQ'] as number[];
      for (let i = 0; i < uv.nIf; i++) assert.equal(uv.freqs[i * uv.nFreq] - uv.refFreq, fq[i]);
    });
    it('a write and read back is lossless: parameters, visibilities, tables', () => {
      const uv = load(key);
      const back = readUvfits(writeUvfits(uv));
      assert.equal(back.nGroups, uv.nGroups);
      uv.params.forEach((p, k) => {
        assert.deepEqual(back.params[k].raw, p.raw);
        assert.equal(back.params[k].ptype, p.ptype);
      });
      assert.deepEqual(back.data, uv.data);
      assert.deepEqual(back.antennas, uv.antennas);
      assert.deepEqual(back.freqs, uv.freqs);
      assert.equal(back.object, uv.object);
    });
  });
}

describe('readUvfits: the newer ANTENNA1/ANTENNA2 form, u, v, w in wavelengths, 2-entry COMPLEX (written by astropy)', () => {
  const ref = fx.small['groups_antenna12_wavelengths.uvfits'];
  it('antennas, dates, u v w converted from wavelengths to seconds at the reference frequency, weights absent', () => {
    const uv = readUvfits(fixture('groups_antenna12_wavelengths.uvfits'));
    assert.deepEqual(Array.from(uv.ant1), ref.ant1);
    assert.deepEqual(Array.from(uv.ant2), ref.ant2);
    assert.deepEqual(Array.from(uv.jd), ref.date);
    assert.equal(uv.uvwUnit, 'wavelengths');
    for (let g = 0; g < uv.nGroups; g++) {
      assert.ok(close(uv.uu[g] * ref.freq, ref.uvw_wavelengths[3 * g], 1e-15));
      assert.ok(close(uv.vv[g] * ref.freq, ref.uvw_wavelengths[3 * g + 1], 1e-15));
    }
    assert.equal(uv.nComplex, 2);
    assert.deepEqual(uv.stokes, [-5, -6]);
    assert.deepEqual(Array.from(uv.data), ref.data);
    assert.ok(uv.notes.some((n) => n.includes('no AIPS AN table')));
  });
  it("uvwUnit 'seconds' overrides the guess", () => {
    const uv = readUvfits(fixture('groups_antenna12_wavelengths.uvfits'), { uvwUnit: 'seconds' });
    assert.equal(uv.uu[0], ref.uvw_wavelengths[0]);
  });
});

describe('bad UVFITS input gets one clear error naming the file', () => {
  it('a FITS image without random groups', () => {
    assert.throws(() => readUvfits(fixture('u8.fits'), { name: 'u8.fits' }), {
      message: 'readUvfits(u8.fits): primary HDU: expected random groups (GROUPS = T, NAXIS1 = 0): a UVFITS visibility file, got a primary image of 7x5 (NAXIS1 = 7, GROUPS undefined)',
    });
  });
  it('missing VV', () => {
    assert.throws(() => readUvfits(fixture('bad_no_vv.uvfits'), { name: 'bad_no_vv.uvfits' }), {
      message: "readUvfits(bad_no_vv.uvfits): group parameters: expected UU and VV (PTYPEn 'UU', 'UU--' or 'UU---SIN'; 'VV' likewise), got UU, WW, BASELINE, DATE",
    });
  });
  it('a truncated real file (the data area cut short)', () => {
    const b = new Uint8Array(readFileSync(FILES.eht)).subarray(0, 100000);
    assert.throws(() => readUvfits(b, { name: 'cut.uvfits' }), {
      message: 'readUvfits(cut.uvfits) primary HDU: data size: expected 542052 bytes (BITPIX -32, GCOUNT 6453 x (PCOUNT 9 + 3x4x1x1x1x1)), got 91360 bytes left in the file (truncated file or wrong NAXISn/GCOUNT/PCOUNT)',
    });
  });
  // found by the uvfits fuzz target (issue 19): both threw a TypeError / RangeError before
  /** candor_small.uvfits with the card starting `from` in its AIPS AN header replaced by `to` (80 columns). */
  const patchAn = (from: string, to: string) => {
    const b = fixture('candor_small.uvfits').slice();
    const text = new TextDecoder('latin1').decode(b);
    const at = text.indexOf(from, text.indexOf("XTENSION= 'BINTABLE'"));
    assert.ok(at > 0, from);
    new TextEncoder().encodeInto(to.padEnd(80), b.subarray(at, at + 80));
    return b;
  };
  it('an antenna table whose ANNAME is not a character column', () => {
    assert.throws(() => readUvfits(patchAn("TFORM1  = '8A", "TFORM1  = '8B      '"), { name: 'an.uvfits' }), {
      name: 'CandorError',
      message: "readUvfits(an.uvfits): AIPS AN table ANNAME: expected a character column (TFORMn 'nA'), got type B",
    });
  });
  it('an antenna table whose STABXYZ does not hold 3 numbers per row', () => {
    assert.throws(() => readUvfits(patchAn("TFORM2  = '3D", "TFORM2  = '24A     '"), { name: 'an.uvfits' }), {
      name: 'CandorError',
      message: 'readUvfits(an.uvfits): AIPS AN table STABXYZ: expected a real numeric column (TFORMn B, I, J, K, E or D), got type A',
    });
  });
  it('a table whose header declares less data than its rows (GCOUNT 0)', () => {
    assert.throws(() => readUvfits(patchAn('GCOUNT  =', 'GCOUNT  =                    0'), { name: 'an.uvfits' }), {
      name: 'CandorError',
      // the AIPS FQ table's header follows where the AN rows should be
      message:
        'readUvfits(an.uvfits) HDU 1: data size: expected data that end where the next extension header starts (byte 20160), got 0 bytes declared (BITPIX 8, NAXISn 54x3, GCOUNT 0, PCOUNT 0), ending at byte 17280: wrong NAXISn/GCOUNT/PCOUNT',
    });
  });
  /** The EHT file with the primary header's card starting `key` replaced by `card`. */
  const patchPrimary = (key: string, card: string) => {
    const b = new Uint8Array(readFileSync(FILES.eht)).slice();
    const at = new TextDecoder('latin1').decode(b.subarray(0, 4 * 2880)).indexOf(key);
    assert.ok(at >= 0, key);
    new TextEncoder().encodeInto(card.padEnd(80), b.subarray(at, at + 80));
    return b;
  };
  it('a GCOUNT smaller than the groups written: the AIPS tables after them are not dropped silently', () => {
    assert.throws(() => readUvfits(patchPrimary('GCOUNT  =', 'GCOUNT  =                 6000'), { name: 'gc.uvfits' }), {
      name: 'CandorError',
      message:
        'readUvfits(gc.uvfits) primary HDU: data size: expected data that end where the next extension header starts (byte 552960), got 504000 bytes declared (BITPIX -32, NAXISn 0x3x4x1x1x1x1, GCOUNT 6000, PCOUNT 9), ending at byte 512640: wrong NAXISn/GCOUNT/PCOUNT',
    });
  });
  it('a zero PSCAL of a uv coordinate (every u would read PZERO, 0) is refused naming the parameter', () => {
    assert.throws(() => readUvfits(patchPrimary('PSCAL1  =', 'PSCAL1  =                  0.0'), { name: 'p.uvfits' }), {
      name: 'CandorError',
      message: /^readUvfits\(p\.uvfits\)[^:]*: PSCAL1 \(UU[-A-Z]*\): expected a non-zero scale \(physical = PSCAL x stored \+ PZERO\), got 0$/,
    });
  });
  it('a zero PSCAL of BASELINE (every group one baseline) is refused too; a constant DATE parameter (the day in PZERO) is read', () => {
    assert.throws(() => readUvfits(patchPrimary('PSCAL4  =', 'PSCAL4  =                  0.0'), { name: 'b.uvfits' }), {
      name: 'CandorError',
      message: /^readUvfits\(b\.uvfits\)[^:]*: PSCAL4 \(BASELINE\): expected a non-zero scale \(physical = PSCAL x stored \+ PZERO\), got 0$/,
    });
    // DATE parameters are added: with PSCAL5 0 every group's first DATE reads its PZERO
    const d = readUvfits(patchPrimary('PSCAL5  =', 'PSCAL5  =                  0.0'), { name: 'd.uvfits' });
    assert.equal(d.params[4].pscal, 0);
    // but every DATE constant (one time for every group) is refused
    const both = patchPrimary('PSCAL5  =', 'PSCAL5  =                  0.0');
    const at6 = new TextDecoder('latin1').decode(both.subarray(0, 4 * 2880)).indexOf('PSCAL6  =');
    new TextEncoder().encodeInto('PSCAL6  =                  0.0'.padEnd(80), both.subarray(at6, at6 + 80));
    assert.throws(() => readUvfits(both, { name: 'dd.uvfits' }), {
      name: 'CandorError',
      message: /^readUvfits\(dd\.uvfits\)[^:]*: PSCAL5, PSCAL6 \(DATE\): expected a non-zero scale on at least one DATE parameter/,
    });
    // with ANTENNA1 and ANTENNA2 (parameters 4 and 7 renamed here) those are checked, not a BASELINE
    const patch = (b: Uint8Array, key: string, card: string) => {
      const at = new TextDecoder('latin1').decode(b.subarray(0, 4 * 2880)).indexOf(key);
      assert.ok(at >= 0, key);
      new TextEncoder().encodeInto(card.padEnd(80), b.subarray(at, at + 80));
      return b;
    };
    const pair = () => patch(patch(new Uint8Array(readFileSync(FILES.eht)).slice(), 'PTYPE4  =', "PTYPE4  = 'ANTENNA1'"), 'PTYPE7  =', "PTYPE7  = 'ANTENNA2'");
    assert.throws(() => readUvfits(patch(pair(), 'PSCAL7  =', 'PSCAL7  =                  0.0'), { name: 'a.uvfits' }), {
      name: 'CandorError',
      message: /^readUvfits\(a\.uvfits\)[^:]*: PSCAL7 \(ANTENNA2\): expected a non-zero scale \(physical = PSCAL x stored \+ PZERO\), got 0$/,
    });
    // ANTENNA1 alone: the decoder uses BASELINE, so BASELINE is the one checked
    const lone = patch(new Uint8Array(readFileSync(FILES.eht)).slice(), 'PTYPE7  =', "PTYPE7  = 'ANTENNA1'");
    assert.throws(() => readUvfits(patch(lone, 'PSCAL4  =', 'PSCAL4  =                  0.0'), { name: 'l.uvfits' }), {
      name: 'CandorError',
      message: /^readUvfits\(l\.uvfits\)[^:]*: PSCAL4 \(BASELINE\): expected a non-zero scale/,
    });
  });
  it('SIMPLE = F (a file that says it does not conform to FITS)', () => {
    assert.throws(() => readUvfits(patchPrimary('SIMPLE  =', 'SIMPLE  =                    F'), { name: 'f.uvfits' }), {
      name: 'CandorError',
      message: 'readUvfits(f.uvfits) primary HDU: SIMPLE: expected T (a file that conforms to the FITS standard), got false',
    });
  });
  it('an absurd GCOUNT is refused before allocating', () => {
    const b = new Uint8Array(readFileSync(FILES.eht));
    const text = new TextDecoder('latin1').decode(b.subarray(0, 2880));
    const at = text.indexOf('GCOUNT  =');
    const patched = b.slice();
    new TextEncoder().encodeInto('GCOUNT  =          99999999999'.padEnd(30), patched.subarray(at, at + 30));
    assert.throws(() => readUvfits(patched, { name: 'big.uvfits' }), /^CandorError: readUvfits\(big\.uvfits\) primary HDU: data size: expected 8399999999916 bytes/);
  });
  it('an AIPS AN table whose ANNAME is not a character column, or STABXYZ not three numbers (found by the uvfits fuzz target)', () => {
    const uv = smallUvfits();
    const withColumn = (name: string, col: Record<string, unknown>) => {
      const tables = uv.tables.map((t) => (t.name === 'AIPS AN' ? { ...t, columns: t.columns.map((c) => (c.name === name ? { ...c, ...col } : c)) } : t));
      return writeUvfits({ ...uv, tables } as Uvfits);
    };
    assert.throws(() => readUvfits(withColumn('ANNAME', { type: 'J', repeat: 1, strings: undefined, values: Float64Array.of(1, 2, 3) }), { name: 'an.uvfits' }), {
      message: "readUvfits(an.uvfits): AIPS AN table ANNAME: expected a character column (TFORMn 'nA'), got type J",
    });
    assert.throws(() => readUvfits(withColumn('STABXYZ', { repeat: 1, values: Float64Array.of(1, 2, 3) }), { name: 'an.uvfits' }), {
      message: 'readUvfits(an.uvfits): AIPS AN table STABXYZ: expected 3 value(s) per row, got 1',
    });
  });
});
