/**
 * Parallel imaging against BART 0.8 (run here: without `bart` these tests fail and name the
 * package). BART's 8-coil Shepp-Logan phantom at 128 x 128 (`bart phantom -s 8 -k`, its true
 * sensitivities `bart phantom -S 8`, the image `bart phantom`), as BART's own tests use them:
 *
 * - ESPIRiT maps against `bart ecalib -m1` (magnitude correlation in BART's support), and the
 *   POCSENSE check of tests/ecalib.mk run by BART on OUR maps: `bart pocsense -i1` then
 *   `bart nrmse -t 0.05` against the k-space;
 * - tests/pics.mk test-pics-pi: parallel imaging with the true coils, scaled by 128, NRMSE <= 0.23
 *   against the phantom (ours: CG-SENSE);
 * - tests/pics.mk test-pics-cs: radial TV, 48 spokes of `bart traj -r -x256 -y48` scaled 0.5,
 *   one coil of ones, scaled by 128, NRMSE <= 0.22;
 * - the fast Cartesian SENSE operator equals the composition of library operators
 *   (`senseOperator`: vstack of partial DFT o diagonal) to 1e-12.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { espirit } from '../../../src/apps/mri/coils/espirit.ts';
import { type CoilArray, coilMajorToLast, coilsLastToMajor } from '../../../src/apps/mri/coils/types.ts';
import { calibrationKspace, multiCoilAcquisition, nonCartesianAcquisition } from '../../../src/apps/mri/multicoil.ts';
import { senseOperator } from '../../../src/apps/mri/operators.ts';
import { reconstructMultiCoil } from '../../../src/apps/mri/recon/multicoil.ts';
import { senseCartesian } from '../../../src/apps/mri/sense.ts';
import { kspaceToImage, imageToKspace } from '../../../src/apps/mri/kspace.ts';
import { nrmse } from '../../../src/core/imaging/metrics.ts';
import { readCfl, writeCfl } from '../../../src/io/cfl.ts';
import { trajectoryFromCfl } from '../../../src/io/trajectory.ts';
import { bart } from '../../commands.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-pi-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): string {
  const r = bart(args, { cwd: dir, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  assert.equal(r.status, 0, `bart ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const read = (b: string) => readCfl(readFileSync(join(dir, `${b}.hdr`)), readFileSync(join(dir, `${b}.cfl`)), { name: b });
function write(b: string, shape: number[], data: Float64Array): void {
  const { hdr, cfl } = writeCfl({ shape, data, complex: true }, { name: b });
  writeFileSync(join(dir, `${b}.hdr`), hdr);
  writeFileSync(join(dir, `${b}.cfl`), cfl);
}
/** A BART [ny, nx, 1, nc] array as a CoilArray. */
function coilsOf(b: string): CoilArray {
  const a = read(b);
  const [ny, nx] = a.shape;
  const nc = a.shape[3] ?? 1;
  return { ny, nx, nc, data: coilsLastToMajor(a.data, ny, nx, nc) };
}
const mag = (x: Float64Array, n: number) => Float64Array.from({ length: n }, (_, i) => Math.hypot(x[2 * i], x[2 * i + 1]));

describe('parallel imaging vs BART (128 x 128, 8 coils)', () => {
  let ksp: CoilArray;
  before(() => {
    run(['phantom', '-s', '8', '-k', 'ksp']);
    run(['phantom', '-S', '8', 'coils']);
    run(['phantom', 'sl']);
    run(['ecalib', '-m1', 'ksp', 'bsens']);
    ksp = coilsOf('ksp');
  });

  it('ESPIRiT: magnitude correlation >= 0.99 with bart ecalib -m1 inside its support, the same support', () => {
    const ours = espirit(ksp);
    const b = coilsOf('bsens');
    const n = ksp.ny * ksp.nx;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    let support = 0;
    let disagree = 0;
    for (let i = 0; i < n; i++) {
      let inB = false;
      let inO = false;
      for (let c = 0; c < ksp.nc; c++) {
        const t = 2 * (c * n + i);
        if (b.data[t] !== 0 || b.data[t + 1] !== 0) inB = true;
        if (ours.maps.data[t] !== 0 || ours.maps.data[t + 1] !== 0) inO = true;
      }
      if (inB !== inO) disagree++;
      if (!inB) continue;
      support++;
      for (let c = 0; c < ksp.nc; c++) {
        const t = 2 * (c * n + i);
        const x = Math.hypot(ours.maps.data[t], ours.maps.data[t + 1]);
        const y = Math.hypot(b.data[t], b.data[t + 1]);
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
      }
    }
    const corr = sxy / Math.sqrt(sxx * syy);
    assert.ok(support > 0.3 * n, `support ${support}`);
    assert.ok(corr >= 0.99, `magnitude correlation ${corr}`);
    assert.ok(disagree <= 0.002 * support, `${disagree} pixels in one support only`);
  });

  it('ESPIRiT POCSENSE check (tests/ecalib.mk) by BART on our maps: bart pocsense -i1, bart nrmse -t 0.05; and our projection', () => {
    const ours = espirit(ksp);
    write('osens', [ksp.ny, ksp.nx, 1, ksp.nc], coilMajorToLast(ours.maps.data, ksp.ny, ksp.nx, ksp.nc));
    run(['pocsense', '-i1', 'ksp', 'osens', 'proj']);
    const r = bart(['nrmse', '-t', '0.05', 'proj', 'ksp'], { cwd: dir });
    assert.equal(r.status, 0, `bart nrmse -t 0.05 failed: ${r.stdout} ${r.stderr}`);
    // the same projection here: coil images -> S S^H -> k-space
    const { ny, nx, nc } = ksp;
    const n = ny * nx;
    const imgs = new Float64Array(2 * n * nc);
    for (let c = 0; c < nc; c++) imgs.set(kspaceToImage(ksp.data.subarray(2 * n * c, 2 * n * (c + 1)), ny, nx), 2 * n * c);
    const S = ours.maps.data;
    const proj = new Float64Array(2 * n * nc);
    for (let i = 0; i < n; i++) {
      let ar = 0;
      let ai = 0;
      for (let c = 0; c < nc; c++) {
        const t = 2 * (c * n + i);
        ar += S[t] * imgs[t] + S[t + 1] * imgs[t + 1];
        ai += S[t] * imgs[t + 1] - S[t + 1] * imgs[t];
      }
      for (let c = 0; c < nc; c++) {
        const t = 2 * (c * n + i);
        proj[t] = S[t] * ar - S[t + 1] * ai;
        proj[t + 1] = S[t] * ai + S[t + 1] * ar;
      }
    }
    const kp = new Float64Array(2 * n * nc);
    for (let c = 0; c < nc; c++) kp.set(imageToKspace(proj.subarray(2 * n * c, 2 * n * (c + 1)), ny, nx), 2 * n * c);
    const e = nrmse(kp, ksp.data);
    assert.ok(e <= 0.05, `our projection NRMSE ${e}`);
  });

  it('tests/pics.mk test-pics-pi: CG-SENSE with the true coils, scaled by 128, NRMSE <= 0.23 against the phantom', () => {
    const coils = coilsOf('coils');
    const sl = read('sl');
    const acq = multiCoilAcquisition(ksp);
    const r = reconstructMultiCoil(acq, coils, { method: 'cg-sense' });
    const x = r.image.map((v) => 128 * v);
    const e = nrmse(x, sl.data);
    assert.ok(e <= 0.23, `NRMSE ${e}`);
  });

  it('tests/pics.mk test-pics-cs: radial TV, 48 spokes, one coil of ones, scaled by 128, NRMSE <= 0.22', () => {
    run(['traj', '-r', '-x256', '-y48', 't0']);
    run(['scale', '0.5', 't0', 'traj']);
    run(['phantom', '-t', 'traj', 'rk']);
    const t = trajectoryFromCfl(read('traj'), [128, 128], { name: 'traj' });
    const k = read('rk');
    const acq = nonCartesianAcquisition(128, 128, t.coords, k.data, 1);
    const ones = { ny: 128, nx: 128, nc: 1, data: new Float64Array(2 * 128 * 128).map((_, i) => (i % 2 === 0 ? 1 : 0)) };
    const r = reconstructMultiCoil(acq, ones, { method: 'tv', lambdaTV: 0.001 });
    const sl = read('sl');
    const x = r.image.map((v) => 128 * v);
    const e = nrmse(x, sl.data);
    assert.ok(e <= 0.22, `NRMSE ${e}`);
  });

  it('calibrationKspace: with a given mask, only the acquired entries (zeros elsewhere); without one, the grid itself', () => {
    const n = ksp.ny * ksp.nx;
    const mask = new Uint8Array(n).fill(1);
    mask.fill(0, 60 * ksp.nx, 68 * ksp.nx); // rows 60-67 (around the centre row 64) not acquired
    const cal = calibrationKspace(multiCoilAcquisition(ksp, mask));
    for (let c = 0; c < ksp.nc; c++) {
      for (let i = 0; i < n; i++) {
        const p = 2 * (c * n + i);
        assert.deepEqual([cal.data[p], cal.data[p + 1]], mask[i] ? [ksp.data[p], ksp.data[p + 1]] : [0, 0]);
      }
    }
    assert.equal(calibrationKspace(multiCoilAcquisition(ksp)), ksp);
  });

  it('senseCartesian equals the composed senseOperator (vstack of partial DFT o diag) to 1e-12, and its normal A^H A', () => {
    const ny = 12;
    const nx = 10;
    const nc = 3;
    const n = ny * nx;
    const maps = new Float64Array(2 * n * nc).map((_, i) => Math.sin(0.37 * i) + 0.2 * Math.cos(1.3 * i));
    const mask = new Uint8Array(n).map((_, i) => (i % 3 === 0 || i % 7 === 2 ? 1 : 0));
    const A = senseCartesian({ ny, nx, nc, data: maps }, mask);
    const B = senseOperator(ny, nx, [0, 1, 2].map((c) => maps.slice(2 * n * c, 2 * n * (c + 1))), mask);
    const x = new Float64Array(2 * n).map((_, i) => Math.cos(0.91 * i));
    const a = A.apply(x, new Float64Array(2 * A.rows));
    const b = B.apply(x, new Float64Array(2 * B.rows));
    assert.ok(nrmse(a, b) <= 1e-12, `apply ${nrmse(a, b)}`);
    const na = A.normal(x, new Float64Array(2 * n));
    const nb = B.adjoint(b, new Float64Array(2 * n));
    assert.ok(nrmse(na, nb) <= 1e-12, `normal ${nrmse(na, nb)}`);
  });

  it('coil images on request: S_c x of the reconstruction, magnitude combination equals |x| where the maps have unit norm', () => {
    const e = espirit(ksp);
    const r = reconstructMultiCoil(multiCoilAcquisition(ksp), e.maps, { method: 'zero-filled', coilImages: true });
    const ci = r.coilImages as CoilArray;
    const n = ksp.ny * ksp.nx;
    const x = mag(r.image, n);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      let p = 0;
      for (let c = 0; c < ci.nc; c++) {
        s += ci.data[2 * (c * n + i)] ** 2 + ci.data[2 * (c * n + i) + 1] ** 2;
        p += e.maps.data[2 * (c * n + i)] ** 2 + e.maps.data[2 * (c * n + i) + 1] ** 2;
      }
      if (p > 0.5) worst = Math.max(worst, Math.abs(Math.sqrt(s) - x[i]) / Math.max(x[i], 1e-12));
    }
    assert.ok(worst <= 1e-9, `worst ${worst}`);
  });
});
