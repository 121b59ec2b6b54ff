/**
 * The multi-coil theory report (issue 14): the pseudo-replica g-factor against the analytic SENSE
 * g-factor of regular undersampling (Pruessmann 1999, ./gfactor.test.ts checks that one against
 * numpy), the report's parts and paragraph, and `candor mri report` on multi-coil k-space
 * (gfactor files, --replicas 0, identical files on one and two threads).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { simulatedCoilMaps, simulateMultiCoil } from '../../../src/apps/mri/coils/simulate.ts';
import { gFactorCartesian } from '../../../src/apps/mri/gfactor.ts';
import { gFactorPseudoReplica } from '../../../src/apps/mri/gfactor-replica.ts';
import { makeMask } from '../../../src/apps/mri/masks/index.ts';
import { multiCoilAcquisition } from '../../../src/apps/mri/multicoil.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { reconstructMultiCoil } from '../../../src/apps/mri/recon/multicoil.ts';
import { multiCoilReport } from '../../../src/apps/mri/report-multicoil.ts';
import { candor } from '../../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-report-coils-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('pseudo-replica g-factor', () => {
  it('regular R = 2 (every other row), 4 coils: 64 replicas of converged CG-SENSE give the analytic g-factor (mean to 2%, pixels to 10% on average)', () => {
    const N = 32;
    const maps = simulatedCoilMaps(N, N, 4);
    const mask = new Uint8Array(N * N);
    for (let i = 0; i < N; i += 2) mask.fill(1, i * N, (i + 1) * N);
    const acq = multiCoilAcquisition(simulateMultiCoil(sheppLogan(N), maps, { mask }).kspace, mask);
    const exact = gFactorCartesian(maps, 2);
    const g = gFactorPseudoReplica(acq, maps, { replicas: 64, maxIter: 200 });
    let mean = 0;
    let dev = 0;
    let count = 0;
    for (let i = 0; i < N * N; i++) {
      if (!(exact[i] > 0)) continue;
      mean += exact[i];
      dev += Math.abs(g.map[i] - exact[i]) / exact[i];
      count++;
    }
    mean /= count;
    assert.equal(g.support, count);
    assert.equal(g.acceleration, 2);
    assert.ok(Math.abs(g.mean - mean) / mean < 0.02, `replica mean ${g.mean}, analytic ${mean}`);
    assert.ok(dev / count < 0.1, `mean relative pixel deviation ${dev / count} (expected ~ ${(0.8 * g.pixelError).toFixed(3)})`);
    assert.ok(mean > 1.2, 'R = 2 with 4 coils costs SNR beyond sqrt(R)');
  });

  it('full sampling (R = 1): g = 1 on average even with few replicas (the std corrected for its small-sample bias)', () => {
    const N = 32;
    const maps = simulatedCoilMaps(N, N, 4);
    const mask = new Uint8Array(N * N).fill(1);
    const acq = multiCoilAcquisition(simulateMultiCoil(sheppLogan(N), maps, { mask }).kspace, mask);
    for (const replicas of [4, 8]) {
      const g = gFactorPseudoReplica(acq, maps, { replicas, maxIter: 50 });
      assert.ok(Math.abs(g.mean - 1) < 0.02, `${replicas} replicas: mean g ${g.mean}`);
    }
  });

  it('is seeded: the same replicas give the same map; replicas < 2 and an all-zero k-space are named errors', () => {
    const N = 24;
    const maps = simulatedCoilMaps(N, N, 3);
    const m = makeMask('poisson-disc', N, N, { acceleration: 2, calib: 12, seed: 1 });
    const acq = multiCoilAcquisition(simulateMultiCoil(sheppLogan(N), maps, { mask: m.mask }).kspace, m.mask);
    assert.deepEqual(gFactorPseudoReplica(acq, maps, { replicas: 3, seed: 5 }).map, gFactorPseudoReplica(acq, maps, { replicas: 3, seed: 5 }).map);
    assert.throws(() => gFactorPseudoReplica(acq, maps, { replicas: 1 }), /replicas: expected an integer in \[2, 10000\], got 1/);
    assert.throws(() => gFactorPseudoReplica({ ...acq, y: new Float64Array(acq.y.length) }, maps), /k-space: expected non-zero samples/);
  });
});

describe('multiCoilReport', () => {
  it('8 coils, Poisson disc R 4, 64 x 64: mask, g-factor, sparsity, prediction, magnitude metrics and the paragraph', () => {
    const N = 64;
    const truth = sheppLogan(N);
    const maps = simulatedCoilMaps(N, N, 8);
    const m = makeMask('poisson-disc', N, N, { acceleration: 4, calib: 16, seed: 2 });
    const acq = multiCoilAcquisition(simulateMultiCoil(truth, maps, { mask: m.mask }).kspace, m.mask);
    const r = reconstructMultiCoil(acq, maps, { method: 'l1-wavelet', maxIter: 40 });
    const { report, gMap } = multiCoilReport(acq, maps, r, { truth, pattern: 'poisson-disc', replicas: 4 });
    assert.equal(report.coils, 8);
    assert.equal(report.m, m.samples);
    assert.ok(report.mask !== null && report.mask.tpsfSideLobe !== null);
    assert.ok(report.gFactor !== null && report.gFactor.mean >= 1 && report.gFactor.replicas === 4);
    assert.equal(gMap?.length, N * N);
    assert.ok(report.metrics !== null && report.metrics.recon.nrmseScaled < report.metrics.baseline.nrmseScaled / 3);
    assert.equal(report.sparsity.of, 'truth');
    assert.match(report.paragraph, /^Each of the 8 coils keeps m = [\d,]+ of n = 4,096 k-space samples \(acceleration 4\.\d\d\)\./);
    assert.match(report.paragraph, /the g-factor of this sampling \(pseudo-replicas of CG-SENSE, 4 replicas, Robson et al\. 2008\) is \d\.\d\d on average/);
    assert.match(report.paragraph, /The planner knows no coil model/);
    const none = multiCoilReport(acq, maps, r, { replicas: 0 });
    assert.equal(none.report.gFactor, null);
    assert.equal(none.gMap, null);
    assert.equal(none.report.sparsity.of, 'reconstruction');
    assert.equal(none.report.metrics, null);
  });

  it('candor mri report on 8-coil k-space writes the g-factor map; one and two threads write the same files; --replicas 0 writes none', () => {
    const sim = join(dir, 'sim');
    let r = candor(['mri', 'simulate', '--size', '64', '--coils', '8', '--accel', '4', '--calib', '16', '--seed', '2', '--out', sim]);
    assert.equal(r.code, 0, r.stderr);
    const files: Buffer[][] = [];
    for (const t of ['1', '2']) {
      const out = join(dir, `rep${t}`);
      r = candor(['mri', 'report', '--kspace', join(sim, 'kspace.cfl'), '--truth', join(sim, 'truth.cfl'), '--iters', '30', '--replicas', '4', '--threads', t, '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /the g-factor of this sampling \(pseudo-replicas of CG-SENSE, 4 replicas/);
      files.push(['recon.cfl', 'gfactor.cfl', 'gfactor.png'].map((f) => readFileSync(join(out, f))));
      const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      assert.equal(rep.coils, 8);
      assert.ok(rep.gFactor.mean >= 1);
    }
    for (let i = 0; i < 3; i++) assert.ok(files[0][i].equals(files[1][i]), `file ${i} differs between one and two threads`);
    r = candor(['mri', 'report', '--kspace', join(sim, 'kspace.cfl'), '--iters', '5', '--replicas', '0', '--out', join(dir, 'rep0'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).gFactor, null);
  });

  it('--replicas 1 (or beyond 1000) is a usage error naming the range, exit 2, before anything is read', () => {
    for (const v of ['1', '1001', '2.5']) {
      const out = join(dir, `rep-bad-${v}`);
      const r = candor(['mri', 'report', '--kspace', join(dir, 'none.cfl'), '--replicas', v, '--out', out]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, `candor: option --replicas: expected 0 (no g-factor map) or an integer in [2, 1000] (a standard deviation needs two replicas), got "${v}"\n`);
    }
  });
});
