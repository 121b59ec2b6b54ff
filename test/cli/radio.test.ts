import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readPng, writeUvfits } from '../../src/io/index.ts';
import { smallUvfits } from '../../scripts/fixtures/fits_written.ts';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-radio-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const VLBA = '../shared/data/astro/pyuvdata_vlba_mojave.uvfits';
const EHT = '../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits';
const model = JSON.parse(readFileSync(new URL('../fixtures/radio_model.json', import.meta.url), 'utf8')) as Record<string, { uv_max: number; uv_min: number; used: number; samples: number; zero_weight: number }>;
const fitsRef = JSON.parse(readFileSync(new URL('../fixtures/io/fits_expected.json', import.meta.url), 'utf8')) as Record<string, { tables: Record<string, { columns: Record<string, string[]> }>; header: Record<string, string> }>;

describe('candor radio info (real binary)', () => {
  it('the VLBA file: object, stations, baselines, counts, uv range and resolution as the references say; figures written', () => {
    const plots = join(dir, 'plots');
    const r = candor(['radio', 'info', VLBA, '--json', '--plots', plots]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.object, fitsRef.vlba.header.OBJECT);
    assert.deepEqual(
      j.stations.map((s: { name: string }) => s.name),
      fitsRef.vlba.tables['AIPS AN'].columns.ANNAME,
    );
    assert.equal(j.baselines, 45); // 10 stations: 10 * 9 / 2 (data README)
    assert.deepEqual([j.visibilities.samples, j.visibilities.used, j.visibilities.zeroWeight], [model.vlba.samples, model.vlba.used, model.vlba.zero_weight]);
    assert.ok(Math.abs(j.uv.maxLambda / model.vlba.uv_max - 1) < 1e-14 && Math.abs(j.uv.minLambda / model.vlba.uv_min - 1) < 1e-14);
    assert.equal(j.resolution.rad, 1 / model.vlba.uv_max);
    assert.deepEqual(j.stokes, ['RR', 'LL', 'RL', 'LR']);
    assert.equal(j.frequency.ifs, 2);
    assert.equal(j.time.startUtc.slice(0, 10), '2006-06-15');
    assert.equal(j.grid.size, 128);
    assert.ok(j.grid.welchBound < j.grid.sideLobe && j.grid.sideLobe < j.grid.coherence && j.grid.coherence < 1);
    for (const f of ['uv-coverage.svg', 'uv-coverage.png', 'amplitude.svg', 'amplitude.png']) assert.ok(existsSync(join(plots, f)), f);
    const png = readPng(new Uint8Array(readFileSync(join(plots, 'uv-coverage.png'))));
    assert.ok(png.shape[0] > 400 && png.shape[1] > 400);
    assert.match(readFileSync(join(plots, 'uv-coverage.svg'), 'utf8'), /uv coverage: 1228\+126/);
  });
  it('the EHT file as text: 7 stations with data, 21 baselines, resolution about 25 uas, suggested cell', () => {
    const r = candor(['radio', 'info', EHT]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /baselines {3}21\n/);
    // 1/u_max: u_max from the numpy fixture, in uas
    const res = 1 / model.eht.uv_max / (Math.PI / 180 / 3600 / 1e6);
    assert.match(r.stdout, new RegExp(`resolution  ${res.toFixed(1)} uas`));
    assert.match(r.stdout, /suggested {3}--cell 6\.24 uas --size 128/);
    assert.equal(r.stderr, '');
  });
  it('--cell coarser than 1/(2 u_max) warns on stderr, naming the file and the right cell', () => {
    const r = candor(['radio', 'info', EHT, '--cell', '20uas']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stderr,
      `candor: warning: ${EHT}: cell 20.00 uas undersamples the longest baseline (8.26 Glambda): use a cell <= 12.48 uas (1/(2 u_max)); suggested 6.24 uas (1/(4 u_max))\n`,
    );
  });
  it('an EHT CSV export is read too', () => {
    const r = candor(['radio', 'info', 'test/fixtures/io/fits/eht_release.csv', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.visibilities.used, 40);
    assert.equal(j.object, 'M87');
  });
});

describe('candor radio info: bad input, one line naming the file, no stack', () => {
  const fails = (args: string[], code: number, stderr: string, input?: Buffer) => {
    const r = candor(args, input ? { input } : {});
    assert.equal(r.code, code, r.stdout);
    assert.equal(r.stderr, `${stderr}\n`);
  };
  it('a missing file', () => {
    fails(['radio', 'info', join(dir, 'nope.uvfits')], 1, `candor: readUvfits(${join(dir, 'nope.uvfits')}): file: expected a readable file, got no such file or directory (ENOENT)`);
  });
  it('a FITS image (no random groups)', () => {
    fails(
      ['radio', 'info', '../shared/data/astro/reproject_sdo_aia_171_level1.fits'],
      1,
      'candor: readUvfits(../shared/data/astro/reproject_sdo_aia_171_level1.fits): primary HDU: expected random groups (GROUPS = T, NAXIS1 = 0): a UVFITS visibility file, got a primary image of 128x128 (NAXIS1 = 128, GROUPS undefined)',
    );
  });
  it('missing VV', () => {
    fails(
      ['radio', 'info', 'test/fixtures/io/fits/bad_no_vv.uvfits'],
      1,
      "candor: readUvfits(test/fixtures/io/fits/bad_no_vv.uvfits): group parameters: expected UU and VV (PTYPEn 'UU', 'UU--' or 'UU---SIN'; 'VV' likewise), got UU, WW, BASELINE, DATE",
    );
  });
  it('every visibility flagged', () => {
    const uv = smallUvfits();
    const data = uv.data.slice();
    for (let k = 2; k < data.length; k += 3) data[k] = -1;
    const f = join(dir, 'flagged.uvfits');
    writeFileSync(f, writeUvfits({ ...uv, data }));
    fails(
      ['radio', 'info', f],
      1,
      `candor: visibilities(${f}): visibilities: expected at least one unflagged Stokes I sample with a positive weight, got none of 24 (24 flagged, 0 with weight 0, 0 non-finite, 0 autocorrelations)`,
    );
  });
  it('a truncated file', () => {
    const f = join(dir, 'cut.uvfits');
    writeFileSync(f, readFileSync(EHT).subarray(0, 50000));
    fails(
      ['radio', 'info', f],
      1,
      `candor: readUvfits(${f}) primary HDU: data size: expected 542052 bytes (BITPIX -32, GCOUNT 6453 x (PCOUNT 9 + 3x4x1x1x1x1)), got 41360 bytes left in the file (truncated file or wrong NAXISn/GCOUNT/PCOUNT)`,
    );
  });
  it('a bad --cell is a usage error (exit 2)', () => {
    fails(['radio', 'info', EHT, '--cell', '5'], 2, 'candor: option --cell: expected a positive number with a unit: uas, mas, arcsec, arcmin, deg or rad (e.g. 2uas, 0.1mas, 1arcsec), got "5"');
  });
  it('a pipe (/dev/stdin, no extension) is read by its content: the UVFITS and the EHT export give what their files give', () => {
    for (const f of [VLBA, 'test/fixtures/io/fits/eht_release.csv']) {
      const byName = candor(['radio', 'info', f, '--json']);
      const piped = candor(['radio', 'info', '/dev/stdin', '--json'], { input: readFileSync(f) });
      assert.equal(piped.code, 0, piped.stderr);
      const strip = (s: string) => JSON.stringify({ ...JSON.parse(s), file: null });
      assert.equal(strip(piped.stdout), strip(byName.stdout));
    }
    // a UVFITS stream is followed HDU by HDU: tape padding after its last HDU is read, a stream going
    // on past it (a valid file, then /dev/zero) is refused there, not read to the 2 GiB limit
    const uv = readFileSync(VLBA);
    const padded = candor(['radio', 'info', '/dev/stdin', '--json'], { input: Buffer.concat([uv, Buffer.alloc(2880)]) });
    assert.equal(padded.code, 0, padded.stderr);
    fails(
      ['radio', 'info', '/dev/stdin'],
      1,
      `candor: radio: visibility file /dev/stdin: file: expected the ${uv.length} bytes its FITS HDUs declare and up to 28800 bytes of padding, got a stream that went on past them`,
      Buffer.concat([uv, Buffer.alloc(1 << 20)]),
    );
    // zeros where a header goes on: the card named at once (the byte counted in the stream)
    fails(['radio', 'info', '/dev/stdin'], 1, 'candor: readUvfits(/dev/stdin): header card at byte 5760: expected printable ASCII text (a FITS header), got byte 0x00 at byte 5760', Buffer.concat([uv.subarray(0, 5760), Buffer.alloc(1 << 20)]));
    // an endless device is judged on its first bytes, not read to the 2 GiB limit
    fails(['radio', 'info', '/dev/zero'], 1, 'candor: radio: visibility file /dev/zero: expected a .uvfits (.uvf, .fits) file or an EHT .txt/.csv export (or, under another name, the content of either), got "zero"');
    // text that does not open like an EHT export (its # header) is refused on its first bytes, not parsed whole
    const txt = candor(['radio', 'info', '/dev/stdin'], { input: 'y\n'.repeat(200000) });
    assert.equal(txt.code, 1);
    assert.match(txt.stderr, /^candor: radio: visibility file \/dev\/stdin: expected a .uvfits .* got "stdin"\n$/);
    fails(['radio', 'simulate', '--vis', VLBA, '--sky', '/dev/zero', '--out', join(dir, 'z.uvfits')], 1, 'candor: sky /dev/zero: first card: expected SIMPLE  = T (a FITS file), got binary bytes (not a FITS card)');
    // a FITS sky through a pipe is followed HDU by HDU too: a valid image, then zeros, stops there
    const skyFits = readFileSync('../shared/data/astro/reproject_sdo_aia_171_level1.fits');
    fails(
      ['radio', 'simulate', '--vis', VLBA, '--sky', '/dev/stdin', '--out', join(dir, 'z.uvfits')],
      1,
      `candor: radio simulate(/dev/stdin): file: expected the ${skyFits.length} bytes its FITS HDUs declare and up to 28800 bytes of padding, got a stream that went on past them`,
      Buffer.concat([skyFits, Buffer.alloc(1 << 20)]),
    );
    // bytes that are neither: the extension error, naming the file
    const bin = join(dir, 'noise.bin');
    writeFileSync(bin, Uint8Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
    fails(['radio', 'info', bin], 1, `candor: radio: visibility file ${bin}: expected a .uvfits (.uvf, .fits) file or an EHT .txt/.csv export (or, under another name, the content of either), got "noise.bin"`);
  });
  it('an unknown extension', () => {
    fails(['radio', 'info', 'x.ms'], 1, 'candor: radio: visibility file x.ms: expected a .uvfits (.uvf, .fits) file or an EHT .txt/.csv export (or, under another name, the content of either), got "x.ms"');
  });
});

describe('candor radio image on EHT data without its short-baseline handling', () => {
  it('an image with no positive pixel warns with the cause and the two fixes, and its PNG is not black', () => {
    const out = join(dir, 'eht-clean');
    const r = candor(['radio', 'image', '--vis', EHT, '--size', '64', '--cell', '2uas', '--method', 'clean', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    // 1/field = 1 / (64 x 2 uas) = 1.61e9 wavelengths
    assert.match(
      r.stderr,
      /^candor: warning: \.\.\/shared\/data\/astro\/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI\.uvfits: the clean image has no positive pixel \(peak 0\.00, total flux -[0-9.]+ Jy; image\.png shows it linearly from its minimum to its maximum\): [0-9]+ of 6453 visibilities are on baselines shorter than 1\/field \(1\.61e\+9 wavelengths\), which see structure larger than the 128\.00 uas field \(for EHT data, the intra-site baselines see the extended jet\); leave them out \(--uv-min 1\.61e\+9\) or scale them to the compact flux \(--zero-baseline <Jy>\)\n$/,
    );
    const png = readPng(readFileSync(join(out, 'image.png')));
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of png.data) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    assert.ok(hi > lo, 'image.png is one flat grey');
    // the first fix works: a positive peak, no warning
    const f = candor(['radio', 'image', '--vis', EHT, '--size', '64', '--cell', '2uas', '--method', 'clean', '--uv-min', '1.61e9', '--out', join(dir, 'eht-uvmin'), '--json']);
    assert.equal(f.code, 0, f.stderr);
    assert.equal(f.stderr, '');
    assert.ok(JSON.parse(f.stdout).peak > 0);
  });
});

