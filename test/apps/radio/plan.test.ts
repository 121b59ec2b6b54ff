/**
 * `candor radio plan`: the starlet levels, the sampled cells and the sampled share of each level's
 * atoms against numpy (scripts/fixtures/radio_plan_levels.py), the coverage per track fraction on
 * the real EHT tracks, the uncalibrated label, the --verify check on a ring, and exact errors.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseAngle } from '../../../src/apps/radio/angles.ts';
import { readUvfitsFile } from '../../../src/apps/radio/node/files.ts';
import { runRadioVerify } from '../../../src/apps/radio/node/plan-verify-scan.ts';
import { radioPlan, trackFraction } from '../../../src/apps/radio/plan.ts';
import { verifyRadioPlan } from '../../../src/apps/radio/plan-verify.ts';
import { ringSky } from '../../../src/apps/radio/skies.ts';
import { type Visibilities, visibilitiesFromUvfits } from '../../../src/apps/radio/visibilities.ts';
import { Store } from '../../../src/experiments/node/store.ts';
import { celestialWcsCards, writeFitsImage } from '../../../src/io/index.ts';
import { candor } from '../../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-radio-plan-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const EHT = '../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits';

function syntheticVis(u: number[], v: number[], time: number[]): Visibilities {
  const n = u.length;
  return {
    name: 'fixture',
    object: 'fixture',
    telescope: 'fixture',
    n,
    u: Float64Array.from(u),
    v: Float64Array.from(v),
    w: new Float64Array(n),
    vis: new Float64Array(2 * n),
    weight: new Float64Array(n).fill(1),
    time: Float64Array.from(time),
    t0Jd: 0,
    ant1: Int32Array.from({ length: n }, (_, k) => k % 5),
    ant2: Int32Array.from({ length: n }, (_, k) => 5 + (k % 7)),
    freq: new Float64Array(n).fill(1),
    refFreq: 1,
    raDeg: 0,
    decDeg: 0,
    stations: new Map(),
    stokesFrom: 'I',
    counts: { samples: n, flagged: 0, zeroWeight: 0, nonFinite: 0, autocorrelations: 0, used: n },
    notes: [],
  } as unknown as Visibilities;
}

describe('the radio plan levels against numpy (32 x 32 sky, 40 seeded uv points)', () => {
  const fx = JSON.parse(readFileSync(new URL('../../fixtures/radio/plan_levels.json', import.meta.url), 'utf8'));
  const vs = syntheticVis(fx.u, fx.v, fx.time);
  const p = radioPlan(vs, fx.size, fx.cell, { sky: Float64Array.from(fx.sky), fractions: [0.5, 1] });

  it('has the starlet energy shares and sparsities at 99.9 % of numpy', () => {
    assert.equal(p.scales, fx.scales);
    assert.deepEqual(
      p.levels?.map((l) => l.sparsity),
      fx.sparsity999,
    );
    p.levels?.forEach((l, j) => {
      assert.ok(Math.abs(l.energyShare - fx.energyShare[j]) < 1e-10, `level ${j}: ${l.energyShare} vs ${fx.energyShare[j]}`);
    });
  });

  it('has the sampled cells and the sampled share of every level for half and all of the track', () => {
    assert.deepEqual(
      p.rows.map((r) => r.sampledCells),
      fx.cells,
    );
    p.rows.forEach((r, i) => {
      r.levelSampled?.forEach((s, j) => {
        assert.ok(Math.abs(s - fx.levelSampled[i][j]) < 1e-10, `fraction ${r.fraction}, level ${j}: ${s} vs ${fx.levelSampled[i][j]}`);
      });
    });
    // the constants are calibrated on the EHT tracks: this coverage and grid lie outside
    assert.equal(p.calibrated, true);
    assert.equal(p.confident, false);
    assert.deepEqual(p.outside, ['a coverage of 40 visibilities (calibrated on one: EHT 2017 M87 day 95 (6453 visibilities))', 'a 32 x 32 grid of 206.26 uas (calibrated: 64 x 64 of 2.00 uas)']);
    const own = radioPlan(vs, fx.size, fx.cell, { sky: Float64Array.from(fx.sky), fractions: [1], model: { c: 1, s: 1, b: 0 } });
    assert.equal(own.calibrated, false);
    assert.match(own.provenance, /^uncalibrated: /);
  });
});

describe('candor radio plan on the real EHT tracks (64 x 64 at 2 uas)', () => {
  const cell = parseAngle('2uas');
  const sky = ringSky(64, cell, { diameter: parseAngle('40uas'), flux: 0.6 });
  const fits = join(dir, 'ring.fits');
  writeFileSync(fits, writeFitsImage({ shape: [64, 64], data: sky, complex: false }, { cards: celestialWcsCards({ nx: 64, ny: 64, raDeg: 0, decDeg: 0, cellDeg: (cell * 180) / Math.PI, bunit: 'JY/PIXEL' }) }));

  it('reports the coverage per track fraction, the levels, the calibrated prediction and the simulated check; on the held-back 40 uas ring both recommend the whole track for NRMSE 0.3', () => {
    const r = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--sky', fits, '--fractions', '0.5,1', '--verify', '--iterations', '150', '--store', ':memory:', '--workers', '0', '--json'], { timeout: 600000 });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.calibrated, true);
    assert.equal(j.confident, true, j.outside.join('; '));
    assert.match(j.error, /^held back \(3 skies, 9 sky\/target pairs\)/);
    assert.deepEqual(
      j.rows.map((x: { fraction: number }) => x.fraction),
      [0.5, 1],
    );
    // more of the track: more visibilities and sampled cells, lower side lobes
    assert.ok(j.rows[1].visibilities > j.rows[0].visibilities && j.rows[1].sampledCells > j.rows[0].sampledCells);
    assert.ok(j.rows[1].gridSideLobe < j.rows[0].gridSideLobe);
    assert.equal(j.levels.length, j.scales + 1);
    assert.equal(j.verify.rows.length, 2);
    // the whole track images the ring better than half of it; prediction and check agree
    assert.ok(j.verify.rows[1].nrmse < j.verify.rows[0].nrmse, JSON.stringify(j.verify.rows));
    assert.equal(j.verify.recommended, 1);
    assert.equal(j.recommended, 1);
  });

  it('a --verify run killed with SIGKILL resumes with no fraction lost or imaged twice, and equals an uninterrupted run', { timeout: 600000 }, async () => {
    const path = join(dir, 'killed.db');
    // enough images that the run outlasts several of the store's one-second commits (on a quiet
    // machine four 100-iteration images took well under a second and were stored in one commit)
    const fractions = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1];
    const iterations = 300;
    const child = spawn(process.execPath, [new URL('../../../bin/candor.mjs', import.meta.url).pathname, 'radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--sky', fits, '--fractions', fractions.join(','), '--verify', '--iterations', String(iterations), '--store', path, '--workers', '0', '--json'], { stdio: 'ignore' });
    const stored = () => {
      try {
        const s = Store.open(path, { readonly: true });
        try {
          return s.sweeps('radio-plan-verify')[0]?.done ?? 0;
        } finally {
          s.close();
        }
      } catch {
        return 0;
      }
    };
    const t0 = Date.now();
    while (Date.now() - t0 < 300000 && stored() < 1) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = stored();
    assert.ok(before >= 1 && before < fractions.length, `killed with ${before} of ${fractions.length} fractions stored`);
    const vs = visibilitiesFromUvfits(readUvfitsFile(EHT), { name: EHT });
    const o = { targetNrmse: 0.3, maxIter: iterations };
    const resumed = await runRadioVerify(vs, 64, cell, sky, fractions, o, { store: path, workers: 0 });
    assert.equal(resumed.resumed, true);
    assert.equal(resumed.ran, fractions.length - before);
    const clean = await runRadioVerify(vs, 64, cell, sky, fractions, o, { store: join(dir, 'clean.db'), workers: 0 });
    const strip = (v: typeof clean.verify) => v && { ...v, rows: v.rows.map(({ seconds: _s, ...row }) => row) };
    assert.deepEqual(strip(resumed.verify), strip(clean.verify));
    assert.deepEqual(strip(resumed.verify), strip(verifyRadioPlan(vs, 64, cell, sky, fractions, o)));
  });

  it('the first fraction of the track keeps the visibilities up to that time', () => {
    const r = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--fractions', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).rows[0].predictedNrmse, null);
    assert.throws(() => trackFraction(syntheticVis([1], [1], [0]), 0), { message: 'trackFraction: fraction: expected a number in (0, 1], got 0' });
  });

  it('says "the whole track" for fraction 1; a sky without CDELT is placed at --cell (the same plan as with CDELT = --cell), a different CDELT is noted', () => {
    const r = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--sky', fits, '--fractions', '0.5,1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\npredicted: the whole track \(7\.4 h\) for NRMSE <= 0\.3\n/);
    assert.doesNotMatch(r.stdout, /the first 1 of the track/);
    const bare = join(dir, 'ring-no-cdelt.fits');
    writeFileSync(bare, writeFitsImage({ shape: [64, 64], data: sky, complex: false }));
    const a = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--sky', fits, '--fractions', '0.5,1', '--json']);
    const b = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--sky', bare, '--fractions', '0.5,1', '--json']);
    assert.equal(b.code, 0, b.stderr);
    const ja = JSON.parse(a.stdout);
    const jb = JSON.parse(b.stdout);
    assert.deepEqual(jb.notes, [`${bare}: no CDELT1/CDELT2 in the header: pixels of the given cell (2.00 uas) assumed`, `${bare}: BUNIT absent: pixel values taken as Jy/pixel`]);
    assert.deepEqual({ ...jb, sky: null, notes: [] }, { ...ja, sky: null, notes: [] });
    const other = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '3uas', '--sky', fits, '--fractions', '1']);
    assert.equal(other.code, 0, other.stderr);
    assert.equal(other.stderr, `candor: note: ${fits}: pixels of 2.00 uas in the header: the sky is placed at --cell 3.00 uas\n`);
  });

  it('--out DIR writes plan.json (the --json text) with a receipt that replays identically', () => {
    const out = join(dir, 'radio-plan-out');
    const r = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--sky', fits, '--fractions', '0.5,1', '--json', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(out, 'plan.json'), 'utf8'), r.stdout);
    const receipt = JSON.parse(readFileSync(join(out, 'receipt.json'), 'utf8'));
    assert.deepEqual(receipt.outputs.map((o: { path: string }) => o.path), ['plan.json']);
    const rep = candor(['replay', join(out, 'receipt.json')]);
    assert.equal(rep.code, 0, rep.stderr);
    assert.match(rep.stdout, /identical: 1 output replayed/);
  });

  it('refuses an odd --size, a repeated track fraction and a target NRMSE outside (0, 1], naming the option', () => {
    let r = candor(['radio', 'plan', '--vis', EHT, '--size', '65', '--cell', '2uas']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --size: expected an even integer in [16, 4096], got "65"\n');
    r = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--fractions', '0.5,0.5']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --fractions: expected a comma-separated list of distinct fractions in (0, 1], got "0.5,0.5" (0.5 twice)\n');
    for (const t of ['1e9', '0', '1.5']) {
      r = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--target-nrmse', t]);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `candor: option --target-nrmse: expected a number in (0, 1], got "${t}"\n`);
    }
  });

  it('rejects --verify without a sky, a sky of the wrong size and a fraction out of range with one clear line', () => {
    let r = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--verify']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --verify: expected a reference sky (--sky) to simulate, got no --sky\n');
    r = candor(['radio', 'plan', '--vis', EHT, '--size', '128', '--cell', '2uas', '--sky', fits]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `candor: radio plan(${fits}): sky size: expected 128 x 128 pixels (--size), got 64 x 64\n`);
    r = candor(['radio', 'plan', '--vis', EHT, '--size', '64', '--cell', '2uas', '--fractions', '0,1']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --fractions: expected a comma-separated list of distinct fractions in (0, 1], got "0,1"\n');
  });
});
