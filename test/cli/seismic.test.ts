import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readNpy, writeNpy } from '../../src/io/npy.ts';
import { readSegy, writeSegy } from '../../src/io/segy.ts';
import { NTRACE_FIELDS, traceFieldIndex } from '../../src/io/segy-fields.ts';
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
    assert.deepEqual(d.notes, ['NPY holds no sample interval: 4 ms assumed (axis 0 traces, axis 1 time)']);
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

describe('candor seismic: inputs and outputs a review broke', () => {
  const half = join(dir, 'rv-half.npy');
  it('--out naming --in (or --truth) is refused before anything is read, the input intact', () => {
    const d = candor(['seismic', 'decimate', '--in', VG, '--keep', '0.5', '--seed', '1', '--out', half]);
    assert.equal(d.code, 0, d.stderr);
    // what the reader assumed is said, as interpolate says it
    assert.equal(d.stderr, 'candor: note: NPY holds no sample interval: 4 ms assumed (axis 0 traces, axis 1 time)\n');
    const before = readFileSync(half);
    for (const cmd of [
      ['seismic', 'decimate', '--in', half, '--keep', '0.5', '--out', half],
      ['seismic', 'interpolate', '--in', half, '--out', half],
    ]) {
      const r = candor(cmd);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `candor: option --out: expected a file other than --in (the input gather would be overwritten), got "${half}"\n`);
    }
    const t = candor(['seismic', 'interpolate', '--in', half, '--truth', join(dir, 'rv-truth.npy'), '--out', join(dir, 'rv-truth.npy')]);
    assert.equal(t.code, 2);
    assert.match(t.stderr, /^candor: option --out: expected a file other than --truth \(the reference gather would be overwritten\)/);
    assert.deepEqual(readFileSync(half), before);
  });
  it('a --report that cannot be written leaves --out unwritten (one unit); a directory under /proc fails at once', () => {
    const out = join(dir, 'rv-out.npy');
    writeFileSync(join(dir, 'rv-afile'), 'x');
    const r = candor(['seismic', 'interpolate', '--in', half, '--out', out, '--report', join(dir, 'rv-afile', 'rep')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^candor: seismic interpolate --report: output directory: expected a writable directory .*rv-afile\/rep, got /);
    assert.ok(!existsSync(out));
    const p = candor(['seismic', 'interpolate', '--in', half, '--out', out, '--report', '/proc/candor-nope']);
    assert.equal(p.code, 1);
    assert.equal(p.stderr, 'candor: seismic interpolate --report: output directory: expected a writable directory /proc/candor-nope, got no such file or directory (ENOENT)\n');
    assert.ok(!existsSync(out));
    // an --out inside the report folder, or in a folder that does not exist: refused before the work, nothing made
    const inside = candor(['seismic', 'interpolate', '--in', half, '--out', join(dir, 'rv-rep', 'report.html'), '--report', join(dir, 'rv-rep')]);
    assert.equal(inside.code, 2);
    assert.match(inside.stderr, /^candor: option --out: expected a path outside --report \(the report folder is written with the gather: its files would replace it\), got /);
    const nodir = candor(['seismic', 'interpolate', '--in', half, '--out', join(dir, 'rv-none', 'x.sgy'), '--report', join(dir, 'rv-rep')]);
    assert.equal(nodir.code, 1);
    assert.equal(nodir.stderr, `candor: gather ${join(dir, 'rv-none', 'x.sgy')}: output file: expected a path in an existing directory, got no directory ${join(dir, 'rv-none')}\n`);
    assert.ok(!existsSync(join(dir, 'rv-rep')));
  });
  it('a regular decimation that keeps every trace is refused; a sample interval SEG-Y cannot hold is refused, not clamped', () => {
    const r = candor(['seismic', 'decimate', '--in', VG, '--pattern', 'regular', '--keep', '0.7', '--out', join(dir, 'rv-all.npy')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'candor seismic decimate: --keep: expected a fraction that removes traces (the regular pattern keeps every trace at 0.7: it keeps one trace in round(1/keep), so below 2/3 for every other trace), got 60 of 60 traces kept\n');
    assert.ok(!existsSync(join(dir, 'rv-all.npy')));
    const s = candor(['seismic', 'interpolate', '--in', half, '--dt', '40', '--out', join(dir, 'rv.sgy')]);
    assert.equal(s.code, 1);
    assert.equal(s.stderr, `candor: gather ${join(dir, 'rv.sgy')}: sample interval: expected 1 us to 32.767 ms for SEG-Y (a 16-bit count of microseconds): write .npy, or give --dt within that range, got 40 ms\n`);
    // nor rounded: SEG-Y and SU store whole microseconds; refused before the interpolation runs
    const w = candor(['seismic', 'interpolate', '--in', half, '--dt', '2.0004', '--method', 'fista-radon', '--out', join(dir, 'rw.su')]);
    assert.equal(w.code, 1);
    assert.equal(w.stderr, `candor: gather ${join(dir, 'rw.su')}: sample interval: expected a whole number of microseconds for SU (a 16-bit count of microseconds): write .npy, or give --dt in whole microseconds, got 2.0004 ms (2000.4 us)\n`);
    assert.ok(!existsSync(join(dir, 'rw.su')));
    const ok = candor(['seismic', 'decimate', '--in', VG, '--dt', '2', '--keep', '0.5', '--out', join(dir, 'rw2.sgy')]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(readSegy(new Uint8Array(readFileSync(join(dir, 'rw2.sgy')))).interval, 2000);
    // an endless device is judged on its first bytes, in every format; a device is not an output
    for (const [format, expected] of [
      ['segy', 'a SEG-Y binary header with its samples per trace'],
      ['su', 'an SU trace header with its number of samples'],
      ['npy', 'an NPY file (its magic \\x93NUMPY)'],
    ]) {
      const z = candor(['seismic', 'decimate', '--in', '/dev/zero', '--format', format, '--keep', '0.5', '--out', join(dir, 'z.npy')]);
      assert.equal(z.code, 1);
      assert.equal(z.stderr, `candor: gather /dev/zero: header: expected ${expected}, got none in its first bytes (a stream refused before the rest was read)\n`);
    }
    const dev = candor(['seismic', 'decimate', '--in', VG, '--keep', '0.5', '--out', '/dev/null']);
    assert.equal(dev.code, 1);
    assert.equal(dev.stderr, 'candor: gather /dev/null: output /dev/null: expected a regular file or a new path (written by a rename beside it), got a device, pipe or socket\n');
  });
  it('traces on different time axes and amplitudes whose squares overflow are refused naming the trace and the value', () => {
    // the binary header's interval rules over stale trace values (said in a note); without one the
    // traces' own must agree
    const f = readSegy(new Uint8Array(readFileSync(F3)), { name: F3 });
    const k = traceFieldIndex('TRACE_SAMPLE_INTERVAL');
    for (let t = 0; t < f.ntraces; t++) f.headers[t * NTRACE_FIELDS + k] = 4;
    writeFileSync(join(dir, 'rv-stale.sgy'), writeSegy(f));
    const st = candor(['seismic', 'info', join(dir, 'rv-stale.sgy'), '--json']);
    assert.equal(st.code, 0, st.stderr);
    assert.deepEqual([JSON.parse(st.stdout).dtMs, JSON.parse(st.stdout).notes], [4, ['the trace headers give a sample interval of 4 us (trace 0), the binary header 4000 us: the binary header\'s used']]);
    for (let t = 0; t < f.ntraces; t++) f.headers[t * NTRACE_FIELDS + k] = t === 1 ? 2000 : 4000;
    f.binary.Interval = 0;
    writeFileSync(join(dir, 'rv-vardt.sgy'), writeSegy(f));
    const r = candor(['seismic', 'info', join(dir, 'rv-vardt.sgy')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `candor: gather ${join(dir, 'rv-vardt.sgy')}: trace 1 sample interval: expected 4000 us as trace 0 gives (one time axis for every trace: traces of different sample intervals cannot be interpolated together), got 2000 us\n`);
    const a = readNpy(new Uint8Array(readFileSync(VG)));
    writeFileSync(join(dir, 'rv-huge.npy'), writeNpy({ shape: a.shape, data: a.data.map((v) => v * 1e300), complex: false }));
    const h = candor(['seismic', 'info', join(dir, 'rv-huge.npy')]);
    assert.equal(h.code, 1);
    assert.match(h.stderr, /: amplitudes: expected samples of size at most 1e100 \(their squares are summed: rescale the data\), got largest \d\.\d\de\+302\n$/);
  });
});
