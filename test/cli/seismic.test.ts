import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeNpy } from '../../src/io/npy.ts';
import { readSegy } from '../../src/io/segy.ts';
import { candor } from './helpers.ts';

const F3 = '../shared/data/seismic/segyio_f3.sgy';
const VG = '../shared/data/seismic/pylops_mobil_viking_graben_crg.npy';
const dir = mkdtempSync(join(tmpdir(), 'candor-cli-seismic-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('candor seismic info (real binary)', () => {
  it('describes the F3 SEG-Y crop: format, size, headers, panels', () => {
    const r = candor(['seismic', 'info', F3]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\.\.\/shared\/data\/seismic\/segyio_f3\.sgy: SEG-Y, 414 traces x 75 samples, dt 4 ms \(296 ms\)\n/);
    assert.match(r.stdout, /SEG-Y rev 1\.0, big-endian, format 3 \(2-byte signed integer\), EBCDIC textual header/);
    assert.match(r.stdout, /INLINE_3D +111 \.\. 133 \(23 distinct\)/);
    assert.match(r.stdout, /CDP_X +620181\.9 \.\. 620622\.1/);
    assert.match(r.stdout, /23 panels \(one per inline\)/);
  });
  it('--json for scripts; NPY with --dt', () => {
    const r = candor(['seismic', 'info', VG, '--dt', '2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual([j.format, j.ntraces, j.ns, j.dtMs, j.missingTraces.length], ['NumPy', 60, 1000, 2, 0]);
  });
  it('bad input: one line, exit 1; a bad option value exits 2', () => {
    let r = candor(['seismic', 'info', 'test/fixtures/io/segy/bad_format13.sgy']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^candor: readSegy\(test\/fixtures\/io\/segy\/bad_format13\.sgy\): data sample format code \(bytes 3225-3226\): expected one of 1 \(4-byte IBM float\), .*, got 13\n$/);
    r = candor(['seismic', 'info', join(dir, 'none.sgy')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `candor: gather ${join(dir, 'none.sgy')}: file: expected a readable file, got no such file or directory (ENOENT)\n`);
    r = candor(['seismic', 'info', F3, '--dt', '-1']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --dt: expected a number in (0, 1000000], got "-1"\n');
  });
});

describe('candor seismic decimate and interpolate (real binary)', () => {
  it('decimate -> interpolate on the Viking Graben gather: files, SNR against the truth, report with figures', () => {
    const half = join(dir, 'vg-half.npy');
    let r = candor(['seismic', 'decimate', '--in', VG, '--keep', '0.5', '--seed', '3', '--out', half, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout);
    assert.deepEqual([d.kept, d.traces, d.keptTraces[0], d.keptTraces[29]], [30, 60, 0, 59]);
    const out = join(dir, 'vg-pocs.npy');
    const rep = join(dir, 'rep');
    r = candor(['seismic', 'interpolate', '--in', half, '--out', out, '--truth', VG, '--report', rep, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.panels.length, 1);
    assert.equal(s.panels[0].missing, 30);
    assert.ok(s.panels[0].snr > 8 && s.panels[0].snrLinear > 8, JSON.stringify(s.panels[0]));
    for (const f of ['density', 'wiggle', 'fk', 'psf']) for (const e of ['svg', 'png']) assert.ok(existsSync(join(rep, `${f}.${e}`)), `${f}.${e}`);
    assert.match(readFileSync(join(rep, 'report.html'), 'utf8'), /point-spread function/);
    assert.match(s.paragraph, /The input keeps m = 30 of n = 60 traces/);
    assert.ok(existsSync(out));
  });
  it('regular 2x decimation: the report states the aliasing limit', () => {
    const reg = join(dir, 'vg-reg.npy');
    assert.equal(candor(['seismic', 'decimate', '--in', VG, '--keep', '0.5', '--pattern', 'regular', '--out', reg]).code, 0);
    const r = candor(['seismic', 'interpolate', '--in', reg, '--out', join(dir, 'vg-reg-out.npy'), '--report', join(dir, 'rep-reg'), '--iters', '20']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /regular decimation of steep events cannot be undone by f-k sparsity/);
    assert.match(r.stdout, /events dipping more than [\d.]+ ms per trace are aliased/);
  });
  it('the F3 SEG-Y crop: one panel per inline, the output keeps every header and the format', () => {
    const dec = join(dir, 'f3-half.sgy');
    let r = candor(['seismic', 'decimate', '--in', F3, '--keep', '0.5', '--pattern', 'jitter', '--seed', '2', '--out', dec]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^kept 207 of 414 traces \(jitter, seed 2, 23 panels\); wrote /);
    const out = join(dir, 'f3-lin.sgy');
    r = candor(['seismic', 'interpolate', '--in', dec, '--out', out, '--method', 'linear', '--truth', F3]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^linear: interpolated 207 missing traces of 414 in 23 panels/);
    const a = readSegy(new Uint8Array(readFileSync(F3)));
    const b = readSegy(new Uint8Array(readFileSync(out)));
    assert.deepEqual(b.headers, a.headers);
    assert.equal(b.format, 3);
    assert.equal(b.text[0], a.text[0]);
  });
  it('bad input: keep outside (0, 1) exits 2; an all-zero gather, nothing missing, a truncated file exit 1 with one line', () => {
    let r = candor(['seismic', 'decimate', '--in', VG, '--keep', '1', '--out', join(dir, 'x.npy')]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --keep: expected a number in (0, 1), got "1"\n');
    r = candor(['seismic', 'decimate', '--in', VG, '--keep', '0', '--out', join(dir, 'x.npy')]);
    assert.equal(r.code, 2);
    const zero = join(dir, 'zero.npy');
    writeFileSync(zero, writeNpy({ shape: [8, 16], data: new Float64Array(128), complex: false }));
    r = candor(['seismic', 'interpolate', '--in', zero, '--out', join(dir, 'z-out.npy')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'candor: interpolate: gather: expected some non-zero traces (kept data), got an all-zero gather\n');
    assert.ok(!existsSync(join(dir, 'z-out.npy')));
    r = candor(['seismic', 'interpolate', '--in', VG, '--out', join(dir, 'full-out.npy')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'candor: interpolate: missing traces: expected at least one all-zero trace to interpolate, got all 60 traces hold data\n');
    r = candor(['seismic', 'interpolate', '--in', 'test/fixtures/io/segy/bad_truncated.sgy', '--out', join(dir, 't.sgy')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^candor: readSegy\(test\/fixtures\/io\/segy\/bad_truncated\.sgy\): trace data: expected a whole number of 272-byte traces/);
    r = candor(['seismic', 'interpolate', '--in', join(dir, 'vg-half.npy'), '--out', join(dir, 'y.npy'), '--truth', F3]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `candor: truth ${F3}: size: expected 60 traces x 1000 samples (the input ${join(dir, 'vg-half.npy')}), got 414 x 75\n`);
    r = candor(['seismic', 'interpolate', '--in', join(dir, 'vg-half.npy'), '--out', join(dir, 'y.npy'), '--method', 'kriging']);
    assert.equal(r.code, 2);
  });
});
