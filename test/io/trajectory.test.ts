/**
 * Trajectory files: BART's layout (a real `bart traj -r -x 32 -y 8` + `bart scale 0.5` file written by
 * scripts/fixtures/nufft.py into test/fixtures/nufft/) and SigPy's [..., d] NPY layout, the round
 * trip through trajectoryToCfl, and one clear error per bad file naming the file and the sample.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import { readCfl, trajectoryFromCfl, trajectoryFromNpy, trajectoryToCfl, writeCfl } from '../../src/io/index.ts';
import { readCflFiles, writeNpyFile } from '../../src/io/node/formats.ts';
import { readTrajectoryFile } from '../../src/io/node/trajectory-file.ts';
import { radialTrajectory } from '../../src/linops/trajectories.ts';

const FILE = 'test/fixtures/nufft/bart_traj_r_x32_y8';
const throwsMsg = (f: () => unknown, msg: string) => assert.throws(f, (e: unknown) => e instanceof CandorError && e.message === msg);

describe('trajectoryFromCfl (BART layout 3 x samples x spokes)', () => {
  it("reads bart traj -r -x 32 -y 8 scaled by 0.5 for a 16x16 image: radialTrajectory(8, 32), samples in C order over [samples, spokes]", () => {
    const t = readTrajectoryFile(`${FILE}.cfl`, [16, 16]);
    assert.deepEqual(t.sampleShape, [32, 8]);
    assert.equal(t.samples, 256);
    const ours = radialTrajectory(8, 32);
    for (let s = 0; s < 32; s++) {
      for (let p = 0; p < 8; p++) {
        const j = s * 8 + p;
        const k = p * 32 + s;
        for (let i = 0; i < 2; i++) assert.ok(Math.abs(t.coords[2 * j + i] - ours[2 * k + i]) < 1e-7);
      }
    }
  });
  it('round trip: trajectoryToCfl then trajectoryFromCfl returns the coordinates (2-D and 3-D)', () => {
    const c = radialTrajectory(3, 6);
    const back = trajectoryFromCfl(trajectoryToCfl(c, [8, 10], [6, 3]), [8, 10]);
    assert.deepEqual(back.sampleShape, [6, 3]);
    for (let i = 0; i < c.length; i++) assert.ok(Math.abs(back.coords[i] - c[i]) < 1e-16);
    const c3 = Float64Array.of(0.1, -0.2, 0.5, -0.5, 0, 0.25);
    const b3 = trajectoryFromCfl(readCfl(...Object.values(writeCfl(trajectoryToCfl(c3, [4, 8, 16]))) as [Uint8Array, Uint8Array]), [4, 8, 16]);
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(b3.coords[i] - c3[i]) < 1e-7);
  });
  it('wrong layout, out-of-range coordinates, kz for a 2-D image, imaginary parts: one message naming the file', () => {
    const arr = readCflFiles(FILE);
    throwsMsg(() => trajectoryFromCfl(arr, [8, 8], { name: FILE }), `trajectoryFromCfl(${FILE}): coordinate at [0, 0, 2]: expected a k-space position in [-4, 4] (the grid of the 8-point axis spans [-n/2, n/2)), got -5.480077266693115`);
    const ks = { shape: [1, 32, 8], data: new Float64Array(512), complex: true };
    throwsMsg(() => trajectoryFromCfl(ks, [16, 16], { name: 'kspace' }), "trajectoryFromCfl(kspace): layout: expected BART's trajectory layout 3 x samples x spokes (dims[0] = 3 coordinates), got 1x32x8");
    const kz = trajectoryToCfl(radialTrajectory(2, 4), [8, 8]);
    kz.data[2 * (2 * 8 + 5)] = 1;
    throwsMsg(() => trajectoryFromCfl(kz, [8, 8], { name: 't' }), 'trajectoryFromCfl(t): coordinate at [2, 5]: expected 0 (k-space axis 2 does not exist for a 2-D image 8x8), got 1');
    const im = trajectoryToCfl(radialTrajectory(2, 4), [8, 8]);
    im.data[2 * 3 + 1] = 0.5;
    throwsMsg(() => trajectoryFromCfl(im, [8, 8], { name: 't' }), 'trajectoryFromCfl(t): imaginary part at [0, 3]: expected 0 (trajectory coordinates are real), got 0.5');
    const nan = trajectoryToCfl(radialTrajectory(2, 4), [8, 8]);
    nan.data[2 * 9] = Number.NaN;
    throwsMsg(() => trajectoryFromCfl(nan, [8, 8], { name: 't' }), 'trajectoryFromCfl(t): coordinate at [1, 1]: expected a k-space position in [-4, 4] (the grid of the 8-point axis spans [-n/2, n/2)), got NaN');
    throwsMsg(() => trajectoryFromCfl(arr, [16, 16, 16, 16]), 'trajectoryFromCfl: image shape: expected [n], [ny, nx] or [nz, ny, nx] with positive integer sizes, got [16,16,16,16]');
  });
});

describe('trajectoryFromNpy ([..., d], k-space units or cycles per sample)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candor-traj-'));
  it('reads a [spokes, samples, 2] file in k-space units and in cycles per sample', () => {
    const c = radialTrajectory(4, 10);
    const k = c.map((v, i) => v * (i % 2 === 0 ? 12 : 20));
    writeNpyFile(join(dir, 'k.npy'), { shape: [4, 10, 2], data: k, complex: false });
    const t = readTrajectoryFile(join(dir, 'k.npy'), [12, 20]);
    assert.deepEqual(t.sampleShape, [4, 10]);
    for (let i = 0; i < c.length; i++) assert.ok(Math.abs(t.coords[i] - c[i]) < 1e-15);
    const u = trajectoryFromNpy({ shape: [40, 2], data: c, complex: false }, [12, 20], { units: 'cycles' });
    assert.deepEqual([...u.coords], [...c]);
  });
  it('bad layout, range and units name the file', () => {
    writeNpyFile(join(dir, 'bad.npy'), { shape: [10, 3], data: new Float64Array(30), complex: false });
    throwsMsg(() => readTrajectoryFile(join(dir, 'bad.npy'), [8, 8]), `trajectoryFromNpy(${join(dir, 'bad.npy')}): layout: expected [..., 2] (the last axis holds the 2 coordinates of each sample of a 2-D image), got 10x3`);
    throwsMsg(() => trajectoryFromNpy({ shape: [2, 1], data: Float64Array.of(0.2, 0.7), complex: false }, [4], { name: 'w.npy', units: 'cycles' }), 'trajectoryFromNpy(w.npy): coordinate at [1, 0]: expected a coordinate in [-0.5, 0.5] cycles per sample, got 0.7');
    throwsMsg(() => trajectoryFromNpy({ shape: [1, 1], data: Float64Array.of(0), complex: false }, [4], { units: 'hz' as never }), "trajectoryFromNpy: options.units: expected 'kspace' or 'cycles', got \"hz\"");
    throwsMsg(() => readTrajectoryFile('k.txt', [8]), 'readTrajectoryFile: file extension: expected .npy, .cfl or .hdr (or, under another name, the content of an NPY file), got "k.txt"');
  });
  it('under a name without an extension (a pipe), an NPY array is read by its content; text is refused on its first bytes; a missing file says so', () => {
    const c = radialTrajectory(4, 10);
    const k = c.map((v, i) => v * (i % 2 === 0 ? 12 : 20));
    writeNpyFile(join(dir, 'k2.npy'), { shape: [4, 10, 2], data: k, complex: false });
    renameSync(join(dir, 'k2.npy'), join(dir, 'traj'));
    const t = readTrajectoryFile(join(dir, 'traj'), [12, 20]);
    assert.deepEqual(t.sampleShape, [4, 10]);
    assert.deepEqual(t.coords, readTrajectoryFile(join(dir, 'k.npy'), [12, 20]).coords);
    writeFileSync(join(dir, 'notes'), 'spokes 4\n');
    throwsMsg(() => readTrajectoryFile(join(dir, 'notes'), [12, 20]), `readTrajectoryFile: file extension: expected .npy, .cfl or .hdr (or, under another name, the content of an NPY file), got "${join(dir, 'notes')}"`);
    throwsMsg(() => readTrajectoryFile(join(dir, 'nothing'), [12, 20]), `readTrajectoryFile(${join(dir, 'nothing')}): file: expected a readable file, got no such file or directory (ENOENT)`);
  });
  it('cleanup', () => rmSync(dir, { recursive: true, force: true }));
});
