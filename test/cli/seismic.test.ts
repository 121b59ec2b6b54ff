import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
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
