/**
 * Issue 6 acceptance against BART 0.8 (runs `bart` itself; without it the tests fail and say which
 * package to install): identical k-space and mask written as CFL, `bart pics -S -l1 -r 0.005 -i 100`
 * and ours with the defaults, both compared with one metric (nrmseScaled = `bart nrmse -s`) against
 * the truth.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { acquisition } from '../../../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../../../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../../../src/apps/mri/masks/index.ts';
import { nrmseScaled } from '../../../src/core/imaging/metrics.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { reconstruct } from '../../../src/apps/mri/recon/reconstruct.ts';
import { readCfl } from '../../../src/io/cfl.ts';
import { niftiSlice } from '../../../src/io/nifti.ts';
import { readNiftiFile, writeCflFiles } from '../../../src/io/node/formats.ts';
import { bart } from '../../commands.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-mri-acc-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function bartPics(tag: string, kspace: Float64Array, ny: number, nx: number): Float64Array {
  writeCflFiles(join(dir, `${tag}-k`), { shape: [ny, nx], data: kspace, complex: true });
  writeCflFiles(join(dir, `${tag}-s`), { shape: [ny, nx], data: new Float64Array(ny * nx).fill(1), complex: false });
  const r = bart(['pics', '-S', '-l1', '-r', '0.005', '-i', '100', `${tag}-k`, `${tag}-s`, `${tag}-r`], {
    cwd: dir,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  assert.equal(r.status, 0, r.stderr);
  return readCfl(readFileSync(join(dir, `${tag}-r.hdr`)), readFileSync(join(dir, `${tag}-r.cfl`))).data;
}

describe('acceptance vs bart pics', () => {
  it('Shepp-Logan 256, Poisson disc R ~4.5 with a 24x24 centre: l1-wavelet NRMSE <= BART l1; TV <= 0.05', () => {
    const truth = sheppLogan(256);
    const m = poissonDiscMask(256, 256, { acceleration: 4.5, calib: 24, seed: 1 });
    assert.ok(m.acceleration > 4 && m.acceleration < 5);
    const { kspace } = simulateKspace(truth, 256, 256, { mask: m.mask });
    const acq = acquisition(kspace, m.mask, 256, 256);
    const bart = nrmseScaled(bartPics('sl', kspace, 256, 256), truth);
    const ours = nrmseScaled(reconstruct(acq, { method: 'l1-wavelet' }).image, truth);
    assert.ok(ours <= bart, `ours ${ours} vs BART ${bart}`);
    const tv = nrmseScaled(reconstruct(acq, { method: 'tv' }).image, truth);
    assert.ok(tv <= 0.05, `TV ${tv}`);
  });
  it('EPI slice (z 12, t 0) of nibabel_example4d, k-space simulated from the magnitude image: l1-wavelet NRMSE <= BART l1', () => {
    const s = niftiSlice(readNiftiFile('../shared/data/mri/nibabel_example4d.nii.gz'), 12, 0);
    const [ny, nx] = s.shape;
    const m = poissonDiscMask(ny, nx, { acceleration: 4.5, calib: 12, seed: 1 });
    const { kspace } = simulateKspace(s.data, ny, nx, { mask: m.mask });
    const bart = nrmseScaled(bartPics('epi', kspace, ny, nx), s.data);
    const ours = nrmseScaled(reconstruct(acquisition(kspace, m.mask, ny, nx), { method: 'l1-wavelet' }).image, s.data);
    assert.ok(ours <= bart, `ours ${ours} vs BART ${bart}`);
  });
});
