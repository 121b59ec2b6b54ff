/**
 * SVD coil compression (src/apps/mri/coils/compress.ts) against BART 0.8's `cc -S` at test time
 * (runs `bart` itself; without it the tests fail and name the package), on `bart phantom -s 8 -k`:
 *
 * - the virtual coils span BART's: each of ours has correlation magnitude 1 with BART's of the same
 *   rank (they may differ by a phase), and the root sum of squares over the virtual coils (which a
 *   phase or a unitary mix leaves unchanged) equals BART's to float32 accuracy, with the matrix
 *   from every sample (`-A`) and from the 24 x 24 centre (BART's default);
 * - the retained energy is BART's output energy over its input energy (`-A`);
 * - the whole pipeline on 4 virtual coils (Poisson disc R ~ 4, 128 x 128): ESPIRiT + l1-wavelet
 *   NRMSE within BART's 8-coil parallel-imaging test threshold (tests/pics.mk: 0.23), and the
 *   same NRMSE (to 1e-5 relative) as ESPIRiT + l1-wavelet on BART's own `cc -p 4 -S` output (so
 *   the compression, not only its subspace, is interchangeable with BART's);
 * - bad input: more virtual coils than coils, a compression matrix of other coils.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { calibrationRegion } from '../../../src/apps/mri/coils/calibration.ts';
import { compressAcquisition, compressCoils, compressionMatrix } from '../../../src/apps/mri/coils/compress.ts';
import { espirit } from '../../../src/apps/mri/coils/espirit.ts';
import { type CoilArray, coilMajorToLast, coilsLastToMajor, rootSumOfSquares } from '../../../src/apps/mri/coils/types.ts';
import { kspaceToImage } from '../../../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../../../src/apps/mri/masks/index.ts';
import { multiCoilAcquisition } from '../../../src/apps/mri/multicoil.ts';
import { reconstructMultiCoil } from '../../../src/apps/mri/recon/multicoil.ts';
import { magnitude, nrmseScaled } from '../../../src/core/imaging/metrics.ts';
import { readCfl, writeCfl } from '../../../src/io/cfl.ts';
import { bart } from '../../commands.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cc-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, OMP_NUM_THREADS: '1' };
function run(args: string[]): void {
  const r = bart(args, { cwd: dir, env });
  assert.equal(r.status, 0, `bart ${args.join(' ')}: ${r.stderr}`);
}
const read = (b: string) => readCfl(readFileSync(join(dir, `${b}.hdr`)), readFileSync(join(dir, `${b}.cfl`)), { name: b });

function rss(d: Float64Array, nc: number, n: number): Float64Array {
  return rootSumOfSquares({ ny: 1, nx: n, nc, data: d });
}
function relErr(a: Float64Array, b: Float64Array): number {
  let e = 0;
  let r = 0;
  for (let i = 0; i < a.length; i++) {
    e += (a[i] - b[i]) ** 2;
    r += b[i] ** 2;
  }
  return Math.sqrt(e / r);
}
/** |<a, b>| / (||a|| ||b||) of coil j of two coil-major arrays. */
function correlation(a: Float64Array, b: Float64Array, j: number, n: number): number {
  let re = 0;
  let im = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 2 * n * j; i < 2 * n * (j + 1); i += 2) {
    re += a[i] * b[i] + a[i + 1] * b[i + 1];
    im += a[i] * b[i + 1] - a[i + 1] * b[i];
    aa += a[i] ** 2 + a[i + 1] ** 2;
    bb += b[i] ** 2 + b[i + 1] ** 2;
  }
  return Math.hypot(re, im) / Math.sqrt(aa * bb);
}

describe('SVD coil compression vs bart cc -S', () => {
  const N = 64;
  const n = N * N;
  run(['phantom', '-s', '8', '-k', '-x', String(N), 'k']);
  const k = coilsLastToMajor(read('k').data, N, N, 8);

  for (const all of [true, false]) {
    it(`8 -> 4 virtual coils, matrix from ${all ? 'every sample (cc -A)' : 'the 24 x 24 centre (cc default)'}: the same virtual coils as BART`, () => {
      run(['cc', '-p', '4', '-S', ...(all ? ['-A'] : []), 'k', 'kc']);
      const b = read('kc');
      assert.deepEqual(b.shape, [N, N, 1, 4]);
      const theirs = coilsLastToMajor(b.data, N, N, 4);
      const cal = all ? k : calibrationRegion({ ny: N, nx: N, nc: 8, data: k }).data;
      const cc = compressionMatrix(cal, 8, 4);
      const ours = compressCoils(k, 8, n, cc);
      for (let j = 0; j < 4; j++) assert.ok(correlation(ours, theirs, j, n) > 1 - 1e-9, `virtual coil ${j}: ${correlation(ours, theirs, j, n)}`);
      const e = relErr(rss(ours, 4, n), rss(theirs, 4, n));
      assert.ok(e <= 1e-6, `RSS relative error ${e}`);
      if (all) {
        let kept = 0;
        let total = 0;
        for (const v of theirs) kept += v * v;
        for (const v of k) total += v * v;
        assert.ok(Math.abs(cc.retained - kept / total) <= 1e-6, `retained ${cc.retained} vs BART ${kept / total}`);
      }
    });
  }

  it('Cartesian data without a sampled centre: the matrix from every sample (as -A), no error', () => {
    const mask = new Uint8Array(n);
    for (let i = 1; i < N; i += 2) mask.fill(1, i * N, (i + 1) * N); // odd rows: row 32 (the centre) not sampled
    const acq = multiCoilAcquisition({ ny: N, nx: N, nc: 8, data: k }, mask);
    const c = compressAcquisition(acq, 4);
    assert.deepEqual(c.compression.matrix, compressionMatrix(acq.y, 8, 4).matrix);
    assert.equal(c.acq.nc, 4);
    assert.equal(c.acq.m, acq.m);
  });

  it('bad input: more virtual coils than coils; data of other coils than the matrix', () => {
    assert.throws(() => compressionMatrix(k, 8, 9), { message: 'compressionMatrix: virtual coils: expected an integer in [1, 8], got 9' });
    const cc = compressionMatrix(k, 8, 4);
    assert.throws(() => compressCoils(k.subarray(0, 2 * n * 6), 6, n, cc), { message: 'compressCoils: coils: expected 8 (the compression matrix\'s), got 6' });
    assert.throws(() => compressionMatrix(new Float64Array(16), 8, 4), { message: 'compressionMatrix: calibration samples: expected some non-zero samples, got all zeros' });
  });
});

describe('parallel imaging on 4 virtual coils (128 x 128, Poisson disc R ~ 4)', () => {
  it('ESPIRiT + l1-wavelet NRMSE <= 0.23 (tests/pics.mk), the same as on the output of bart cc -p 4 -S', () => {
    const N = 128;
    const n = N * N;
    run(['phantom', '-s', '8', '-k', '-x', String(N), 'k128']);
    const full = coilsLastToMajor(read('k128').data, N, N, 8);
    const imgs = new Float64Array(full.length);
    for (let c = 0; c < 8; c++) imgs.set(kspaceToImage(full.subarray(2 * n * c, 2 * n * (c + 1)), N, N), 2 * n * c);
    const truth = rootSumOfSquares({ ny: N, nx: N, nc: 8, data: imgs });
    const m = poissonDiscMask(N, N, { acceleration: 4, calib: 24, seed: 3 });
    const und = full.slice();
    for (let c = 0; c < 8; c++) for (let i = 0; i < n; i++) if (!m.mask[i]) und.fill(0, 2 * (c * n + i), 2 * (c * n + i) + 2);
    const { hdr, cfl } = writeCfl({ shape: [N, N, 1, 8], data: coilMajorToLast(und, N, N, 8), complex: true });
    writeFileSync(join(dir, 'u.hdr'), hdr);
    writeFileSync(join(dir, 'u.cfl'), cfl);
    run(['cc', '-p', '4', '-S', 'u', 'u4']);
    const b4 = multiCoilAcquisition({ ny: N, nx: N, nc: 4, data: coilsLastToMajor(read('u4').data, N, N, 4) });
    const onBart = nrmseScaled(magnitude(reconstructMultiCoil(b4, espirit(b4.kspace as CoilArray).maps, { method: 'l1-wavelet' }).image, n), truth);
    const c = compressAcquisition(multiCoilAcquisition({ ny: N, nx: N, nc: 8, data: und }), 4);
    assert.equal(c.acq.nc, 4);
    assert.ok(c.compression.retained > 0.9 && c.compression.retained < 1, `retained ${c.compression.retained}`);
    const k4 = c.acq.kspace;
    assert.ok(k4);
    const ours = reconstructMultiCoil(c.acq, espirit(k4).maps, { method: 'l1-wavelet' });
    const oursErr = nrmseScaled(magnitude(ours.image, n), truth);
    assert.ok(oursErr <= 0.23, `ours ${oursErr}`);
    assert.ok(Math.abs(oursErr - onBart) <= 1e-5 * onBart, `ours ${oursErr} vs on BART's compression ${onBart}`);
  });
});
