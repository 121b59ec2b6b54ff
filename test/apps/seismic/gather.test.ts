import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeGather, encodeGather, encodeGatherAs, gatherPanels, liveTraces, putTraces, subGather } from '../../../src/apps/seismic/gather.ts';
import { gatherInfo } from '../../../src/apps/seismic/info.ts';
import { readNpy } from '../../../src/io/npy.ts';
import { readSegy, writeSegy } from '../../../src/io/segy.ts';
import { NTRACE_FIELDS, traceFieldIndex } from '../../../src/io/segy-fields.ts';
import { readSu } from '../../../src/io/su.ts';

const F3 = '../shared/data/seismic/segyio_f3.sgy';
const VG = '../shared/data/seismic/pylops_mobil_viking_graben_crg.npy';
const bytes = (p: string) => new Uint8Array(readFileSync(p));

describe('gathers from files', () => {
  it('the F3 crop: 414 traces x 75 samples at 4 ms, 23 inline panels of 18 traces (segyio: 23 inlines x 18 crosslines)', () => {
    const g = decodeGather(bytes(F3), F3);
    assert.equal(g.format, 'segy');
    assert.deepEqual([g.gather.ntraces, g.gather.ns, g.gather.dt], [414, 75, 0.004]);
    const panels = gatherPanels(g);
    assert.equal(panels.length, 23);
    assert.ok(panels.every((p) => p.length === 18));
    assert.deepEqual(Array.from(panels[1].slice(0, 3)), [18, 19, 20]);
    assert.equal(gatherPanels(g, 'none').length, 1);
    assert.equal(gatherInfo(g).panels, 23);
  });
  it('traces out of crossline order within an inline: each panel is taken in crossline order (said in a note), the file order kept; descending order and unset numbers keep the file order', () => {
    const f = readSegy(bytes(F3), { name: F3 });
    const T = NTRACE_FIELDS;
    /** F3 with inline 1's traces (file positions 18..35) placed by `to`, headers with their samples. */
    const moved = (to: (i: number) => number, xl0 = -1) => {
      const h = f.headers.slice();
      const d = f.data.slice();
      for (let i = 0; i < 18; i++) {
        h.set(f.headers.subarray((18 + i) * T, (19 + i) * T), (18 + to(i)) * T);
        d.set(f.data.subarray((18 + i) * f.ns, (19 + i) * f.ns), (18 + to(i)) * f.ns);
      }
      if (xl0 >= 0) h[xl0 * T + traceFieldIndex('CROSSLINE_3D')] = 0;
      return decodeGather(writeSegy({ ...f, headers: h, data: d }), 'moved.sgy');
    };
    // the first and third traces swapped
    const g = moved((i) => (i === 0 ? 2 : i === 2 ? 0 : i));
    assert.deepEqual(Array.from(gatherPanels(g)[1].slice(0, 4)), [20, 19, 18, 21]);
    assert.deepEqual(Array.from(gatherPanels(g)[0].slice(0, 3)), [0, 1, 2]);
    assert.deepEqual(g.notes, ["traces out of crossline order in 1 of 23 inlines: each panel taken in crossline order (the output keeps the file's trace order)"]);
    for (const h of [moved((i) => 17 - i), moved((i) => (i === 0 ? 2 : i === 2 ? 0 : i), 19)]) {
      assert.deepEqual(Array.from(gatherPanels(h)[1].slice(0, 3)), [18, 19, 20]);
      assert.deepEqual(h.notes, []);
    }
  });
  it('one 2-D line with its traces out of CDP order is taken in CDP order (said in a note); descending and repeated CDPs (a CDP gather) keep the file order', () => {
    const f = readSegy(bytes(F3), { name: F3 });
    const T = NTRACE_FIELDS;
    /** Inline 1 of F3 (18 traces) as a line of its own, trace i with CDP cdp(i), placed at to(i). */
    const line = (to: (i: number) => number, cdp: (i: number) => number) => {
      const h = new Int32Array(18 * T);
      const d = new Float64Array(18 * f.ns);
      for (let i = 0; i < 18; i++) {
        h.set(f.headers.subarray((18 + i) * T, (19 + i) * T), to(i) * T);
        h[to(i) * T + traceFieldIndex('CDP')] = cdp(i);
        d.set(f.data.subarray((18 + i) * f.ns, (19 + i) * f.ns), to(i) * f.ns);
      }
      return decodeGather(writeSegy({ ...f, ntraces: 18, headers: h, data: d }), 'line.sgy');
    };
    const swap = (i: number) => (i === 0 ? 2 : i === 2 ? 0 : i);
    const g = line(swap, (i) => 101 + i);
    assert.deepEqual(Array.from(gatherPanels(g)[0].slice(0, 4)), [2, 1, 0, 3]);
    assert.deepEqual(g.notes, ["traces out of CDP order: the line taken in CDP order (the output keeps the file's trace order)"]);
    for (const h of [line((i) => 17 - i, (i) => 101 + i), line(swap, () => 7)]) {
      assert.deepEqual(Array.from(gatherPanels(h)[0].slice(0, 3)), [0, 1, 2]);
      assert.deepEqual(h.notes, []);
    }
  });
  it('the Viking Graben NPY gather: [60, 1000] float32, dt assumed 4 ms (said so)', () => {
    const g = decodeGather(bytes(VG), VG);
    assert.deepEqual([g.format, g.gather.ntraces, g.gather.ns, g.gather.dt], ['npy', 60, 1000, 0.004]);
    assert.match(g.notes[0], /NPY holds no sample interval: 4 ms assumed/);
    assert.equal(decodeGather(bytes(VG), VG, { dt: 0.002 }).gather.dt, 0.002);
  });
  it('writes back in the same format with every header kept; integer formats get rounded samples', () => {
    const g = decodeGather(bytes(F3), F3);
    const data = g.gather.data.map((v) => v + 0.4);
    const back = readSegy(encodeGather(g, data));
    assert.deepEqual(back.headers, g.segy!.headers);
    assert.deepEqual(back.data, g.gather.data);
    const v = decodeGather(bytes(VG), VG);
    const arr = readNpy(encodeGather(v, v.gather.data));
    assert.deepEqual(arr.shape, [60, 1000]);
    assert.equal(arr.dtype, 'float32');
    assert.deepEqual(arr.data, v.gather.data);
  });
  it('converts between formats (SEG-Y -> SU keeps the trace headers; -> NPY the samples)', () => {
    const g = decodeGather(bytes(F3), F3);
    const su = readSu(encodeGatherAs(g, g.gather.data, 'su'));
    assert.deepEqual(su.data, g.gather.data);
    assert.equal(su.interval, 4000);
    assert.deepEqual(su.headers.subarray(91, 182), g.segy!.headers.subarray(91, 182).map((v, j) => (j === 38 ? 75 : v)));
    const npy = readNpy(encodeGatherAs(g, g.gather.data, 'npy'));
    assert.deepEqual(npy.shape, [414, 75]);
  });
  it('sub-gathers, putting traces back, and live (non-zero) traces', () => {
    const g = { ntraces: 3, ns: 2, dt: 0.004, data: Float64Array.of(1, 2, 0, 0, 5, 6) };
    assert.deepEqual(Array.from(liveTraces(g)), [1, 0, 1]);
    const s = subGather(g, [2, 0]);
    assert.deepEqual(Array.from(s.data), [5, 6, 1, 2]);
    const out = new Float64Array(6);
    putTraces(out, 2, [2, 0], s.data);
    assert.deepEqual(Array.from(out), [1, 2, 0, 0, 5, 6]);
  });
  it('an NPY that is not a 2-D real array gets one error naming the file', () => {
    const npy3 = readFileSync('test/fixtures/io/npy/f8_fortran.npy');
    assert.throws(() => decodeGather(new Uint8Array(npy3), 'cube.npy'), {
      message: 'readNpy(cube.npy): gather shape: expected a real 2-D array [traces, time samples], got [2, 3, 4]',
    });
  });
});
