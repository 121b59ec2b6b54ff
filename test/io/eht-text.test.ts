import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readEhtText } from '../../src/io/index.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/io/fits_expected.json', import.meta.url), 'utf8')) as {
  eht_text: { mjd: number; freq: number; n: number; time: number[]; t1: string[]; t2: string[]; u: number[]; v: number[]; amp: number[]; phase: number[]; sigma: number[] };
};
const file = (n: string) => new Uint8Array(readFileSync(new URL(`../fixtures/io/fits/${n}`, import.meta.url)));
const ref = fx.eht_text;

describe('readEhtText: the EHT 2019 release layouts and eht-imaging save_txt', () => {
  for (const [name, format] of [
    ['eht_release.txt', 'eht-release-txt'],
    ['eht_release.csv', 'eht-release-csv'],
    ['ehtim_obs.txt', 'ehtim-txt-stokes'],
  ] as const) {
    it(`${name} (${format}): source, MJD, frequency, stations, u, v, amplitude, phase and sigma as printed`, () => {
      const e = readEhtText(file(name), { name });
      assert.equal(e.format, format);
      assert.deepEqual([e.source, e.mjd, e.n], ['M87', ref.mjd, ref.n]);
      assert.ok(Math.abs(e.freqHz - ref.freq) < 1e-3);
      assert.deepEqual(e.t1, ref.t1);
      assert.deepEqual(e.t2, ref.t2);
      assert.deepEqual(Array.from(e.timeHours), ref.time);
      assert.deepEqual(Array.from(e.u), ref.u);
      assert.deepEqual(Array.from(e.v), ref.v);
      assert.deepEqual(Array.from(e.sigma), ref.sigma);
      for (let k = 0; k < e.n; k++) {
        const z = Math.PI / 180;
        assert.ok(Math.abs(e.vis[2 * k] - ref.amp[k] * Math.cos(ref.phase[k] * z)) < 1e-15);
        assert.ok(Math.abs(e.vis[2 * k + 1] - ref.amp[k] * Math.sin(ref.phase[k] * z)) < 1e-15);
      }
    });
  }
  it('the first row written from the UVFITS (I = (RR + LL)/2, sigma^2 = (1/w_RR + 1/w_LL)/4) is the published release CSV row', () => {
    // 2019-D01-01 csv/SR1_M87_2017_095_lo_hops_netcal_StokesI.csv, line 3
    const published = '00.76805556,AA,PV,-4361512960.0000,-4470103552.0000,0.15033433,172.4572,0.00471922';
    const ours = new TextDecoder().decode(file('eht_release.csv')).split('\n')[2];
    assert.equal(ours, published);
  });
  it('bad text: no header, ragged rows, a non-number', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    assert.throws(() => readEhtText(enc('1 2 3\n'), { name: 'x.txt' }), {
      message: `readEhtText(x.txt): header: expected '# SRC:... DATE(MJD):... FREQ:...GHz' (EHT release) or '# SRC:', '# MJD:', '# RF: ... GHz' lines (eht-imaging), got no # header lines`,
    });
    const head = '# SRC:M87 DATE(MJD):57848 FREQ:227.0707GHz\n# time(UTC) T1 T2 U V Iamp Iphase Isigma\n';
    assert.throws(() => readEhtText(enc(`${head}1 AA AP 1 2 3 4 5\n1 AA AP 1 2 3 4\n`), { name: 'r.txt' }), {
      message: 'readEhtText(r.txt): line 4: expected 8 columns (like the first row), got 7 columns',
    });
    assert.throws(() => readEhtText(enc(`${head}1 AA AP 1 x 3 4 5\n`), { name: 'n.txt' }), {
      message: 'readEhtText(n.txt): line 3 column V: expected a finite number, got "x"',
    });
    assert.throws(() => readEhtText(enc(`${head.replace('227.0707', '0')}1 AA AP 1 2 3 4 5\n`), { name: 'f.txt' }), {
      message: 'readEhtText(f.txt): header frequency: expected a positive number of GHz (FREQ: or RF:), got 0 GHz',
    });
  });
});
