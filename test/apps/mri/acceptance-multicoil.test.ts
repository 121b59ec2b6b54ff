/**
 * Issue 14 acceptance against BART 0.8 at 256 x 256 with 8 coils (runs `bart` itself; without it
 * the tests fail and name the package). The truth for both sides is the fully sampled reference:
 * the root sum of squares of the coil images of `bart phantom -s 8 -k -x 256` (inverse FFT of
 * the full k-space). Both reconstructions carry their maps' phase, so both are compared by
 * magnitude with the optimal real scale (nrmseScaled of |x| against the reference).
 *
 * - Cartesian: the identical k-space (BART's phantom k-space times our seeded Poisson-disc mask,
 *   R ~ 6 with a 24 x 24 centre, written as CFL); BART: `ecalib -m1` then
 *   `pics -S -l1 -r 0.005 -i 100` with those maps; ours: ESPIRiT and l1-wavelet with the defaults.
 * - Radial: 48 spokes of `bart traj -r -x 512 -y 48` scaled 0.5 (256 x 256 image),
 *   `bart phantom -s 8 -t`; BART: maps from `nufft -i -t` (inverse NUFFT), `fft -u 3`,
 *   `ecalib -m1`, then `pics -S -R T:3:0:0.005 -t traj`; ours: ESPIRiT on the gridded centre and TV
 *   with the defaults.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { espirit } from '../../../src/apps/mri/coils/espirit.ts';
import { coilMajorToLast, coilsLastToMajor, rootSumOfSquares } from '../../../src/apps/mri/coils/types.ts';
import { kspaceToImage } from '../../../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../../../src/apps/mri/masks/index.ts';
import { calibrationKspace, multiCoilAcquisition, nonCartesianAcquisition } from '../../../src/apps/mri/multicoil.ts';
import { reconstructMultiCoil } from '../../../src/apps/mri/recon/multicoil.ts';
import { magnitude, nrmseScaled } from '../../../src/core/imaging/metrics.ts';
import { readCfl, writeCfl } from '../../../src/io/cfl.ts';
import { trajectoryFromCfl } from '../../../src/io/trajectory.ts';
import { bart } from '../../commands.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-pi-acc-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, OMP_NUM_THREADS: '1' };
function run(args: string[]): void {
  const r = bart(args, { cwd: dir, env });
  assert.equal(r.status, 0, `bart ${args.join(' ')}: ${r.stderr}`);
}
const read = (b: string) => readCfl(readFileSync(join(dir, `${b}.hdr`)), readFileSync(join(dir, `${b}.cfl`)), { name: b });
const N = 256;
const n = N * N;

/** The fully sampled reference: RSS of the inverse FFT of BART's 8-coil phantom k-space. */
function reference(): { full: Float64Array; truth: Float64Array } {
  run(['phantom', '-s', '8', '-k', '-x', String(N), 'kfull']);
  const k = read('kfull');
  const full = coilsLastToMajor(k.data, N, N, 8);
  const imgs = new Float64Array(full.length);
  for (let c = 0; c < 8; c++) imgs.set(kspaceToImage(full.subarray(2 * n * c, 2 * n * (c + 1)), N, N), 2 * n * c);
  return { full, truth: rootSumOfSquares({ ny: N, nx: N, nc: 8, data: imgs }) };
}

describe('issue 14 acceptance vs bart (256 x 256, 8 coils)', () => {
  const { full, truth } = reference();

  it('Cartesian Poisson disc R ~ 6: l1-wavelet with ESPIRiT NRMSE <= BART ecalib -m1 + pics -l1 -r 0.005 -i 100', () => {
    const m = poissonDiscMask(N, N, { acceleration: 6, calib: 24, seed: 1 });
    assert.ok(m.acceleration > 5.5 && m.acceleration < 6.5, `R ${m.acceleration}`);
    const und = full.slice();
    for (let c = 0; c < 8; c++) for (let i = 0; i < n; i++) if (!m.mask[i]) und.fill(0, 2 * (c * n + i), 2 * (c * n + i) + 2);
    const { hdr, cfl } = writeCfl({ shape: [N, N, 1, 8], data: coilMajorToLast(und, N, N, 8), complex: true });
    writeFileSync(join(dir, 'k6.hdr'), hdr);
    writeFileSync(join(dir, 'k6.cfl'), cfl);
    run(['ecalib', '-m1', 'k6', 's6']);
    run(['pics', '-S', '-l1', '-r', '0.005', '-i', '100', 'k6', 's6', 'r6']);
    const bartErr = nrmseScaled(magnitude(read('r6').data, n), truth);
    const k = { ny: N, nx: N, nc: 8, data: und };
    const ours = reconstructMultiCoil(multiCoilAcquisition(k), espirit(k).maps, { method: 'l1-wavelet' });
    const oursErr = nrmseScaled(magnitude(ours.image, n), truth);
    assert.ok(oursErr <= bartErr, `ours ${oursErr} vs BART ${bartErr}`);
  });

  it('radial, 48 spokes: TV with ESPIRiT NRMSE <= BART nufft -i + ecalib -m1 + pics -R T:3:0:0.005 on the same trajectory', () => {
    run(['traj', '-r', '-x', String(2 * N), '-y', '48', 't0']);
    run(['scale', '0.5', 't0', 'traj']);
    run(['phantom', '-s', '8', '-t', 'traj', 'kr']);
    run(['nufft', '-i', '-t', 'traj', 'kr', 'ig']);
    run(['fft', '-u', '3', 'ig', 'kg']);
    run(['ecalib', '-m1', 'kg', 'sr']);
    run(['pics', '-S', '-R', 'T:3:0:0.005', '-t', 'traj', 'kr', 'sr', 'rr']);
    const bartErr = nrmseScaled(magnitude(read('rr').data, n), truth);
    const t = trajectoryFromCfl(read('traj'), [N, N], { name: 'traj' });
    const kr = read('kr');
    const acq = nonCartesianAcquisition(N, N, t.coords, coilsLastToMajor(kr.data, 1, t.samples, 8), 8);
    const ours = reconstructMultiCoil(acq, espirit(calibrationKspace(acq)).maps, { method: 'tv' });
    const oursErr = nrmseScaled(magnitude(ours.image, n), truth);
    assert.ok(oursErr <= bartErr, `ours ${oursErr} vs BART ${bartErr}`);
  });
});
