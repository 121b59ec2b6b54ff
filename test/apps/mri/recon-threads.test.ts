/**
 * The l1-wavelet reconstruction on a team (issue 12: two-core parallelism with results
 * bit-identical to one thread): the image of a two-thread team equals the one-thread team's bit
 * for bit, and the library's plain one-thread path to rounding; `candor mri recon --threads 1`
 * and `--threads 2` write identical files.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { maxAbs, maxAbsDiff } from './helpers.ts';
import { acquisition } from '../../../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../../../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../../../src/apps/mri/masks/index.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { reconstruct } from '../../../src/apps/mri/recon/reconstruct.ts';
import { reconstructMultiCoil } from '../../../src/apps/mri/recon/multicoil.ts';
import { simulatedCoilMaps, simulateMultiCoil } from '../../../src/apps/mri/coils/simulate.ts';
import { calibrationKspace, multiCoilAcquisition } from '../../../src/apps/mri/multicoil.ts';
import { espirit } from '../../../src/apps/mri/coils/espirit.ts';
import { senseCartesian } from '../../../src/apps/mri/sense.ts';
import { soloTeam, type Team, teamScope } from '../../../src/core/parallel/team.ts';
import { createRng } from '../../../src/core/rng/index.ts';
import { startTeam } from '../../../src/experiments/node/team-threads.ts';
import { candor } from '../../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-threads-'));
let team: Team | undefined;
after(() => {
  team?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Largest difference relative to the largest entry of the reference b. */
const maxRel = (a: Float64Array, b: Float64Array) => maxAbsDiff(a, b) / maxAbs(b);

describe('l1-wavelet on a team', () => {
  it('Shepp-Logan 160 and a random 45x38 image (odd side): two threads = one thread bit for bit; = the plain path to 1e-12', async () => {
    team = await startTeam({ threads: 2 });
    const cases: [number, number, Float64Array][] = [[160, 160, sheppLogan(160)]];
    const rng = createRng(7);
    const img = new Float64Array(2 * 45 * 38);
    for (let i = 0; i < img.length; i += 2) img[i] = rng.uniform() < 0.2 ? 1 : 0;
    cases.push([45, 38, img]);
    for (const [ny, nx, truth] of cases) {
      const m = poissonDiscMask(ny, nx, { acceleration: 3, calib: 12, seed: 1 });
      const { kspace } = simulateKspace(truth, ny, nx, { mask: m.mask });
      const acq = acquisition(kspace, m.mask, ny, nx);
      const o = { method: 'l1-wavelet' as const, maxIter: 60, tol: 0 };
      const plain = reconstruct(acq, o);
      const one = reconstruct(acq, { ...o, team: soloTeam(2) });
      const two = reconstruct(acq, { ...o, team });
      assert.equal(two.iterations, 60);
      assert.deepEqual(two.image, one.image, `${ny}x${nx}: two threads differ from one`);
      assert.ok(maxRel(one.image, plain.image) <= 1e-12, `${ny}x${nx}: ${maxRel(one.image, plain.image)}`);
      assert.equal(two.image.buffer instanceof SharedArrayBuffer, false); // a plain array is returned
    }
  });

  it('multi-coil (5 coils, 96x80, Poisson disc R 3): two threads = one thread bit for bit; = the team-less path to 1e-12; ESPIRiT maps identical; CG-SENSE on the team too; TV ignores it', () => {
    const [ny, nx] = [96, 80];
    const maps = simulatedCoilMaps(ny, nx, 5);
    const m = poissonDiscMask(ny, nx, { acceleration: 3, calib: 16, seed: 2 });
    const truth = sheppLogan(ny, nx);
    const acq = multiCoilAcquisition(simulateMultiCoil(truth, maps, { mask: m.mask, snrDb: 30, seed: 1 }).kspace, m.mask);
    const o = { method: 'l1-wavelet' as const, maxIter: 40, tol: 0 };
    const plain = reconstructMultiCoil(acq, maps, o);
    const one = reconstructMultiCoil(acq, maps, { ...o, team: soloTeam(2) });
    const two = reconstructMultiCoil(acq, maps, { ...o, team });
    assert.equal(two.iterations, 40);
    assert.deepEqual(two.image, one.image, 'two threads differ from one');
    assert.ok(maxRel(one.image, plain.image) <= 1e-12, String(maxRel(one.image, plain.image)));
    assert.ok(maxRel(one.image, plain.image) > 0, 'the team path ran (its coil sum rounds differently)');
    assert.equal(two.image.buffer instanceof SharedArrayBuffer, false);
    assert.equal(two.history.objective.length, plain.history.objective.length);
    // ESPIRiT's per-pixel eigenvectors split by rows: the same maps bit for bit
    const cal = calibrationKspace(acq);
    const e0 = espirit(cal);
    const e2 = espirit(cal, { team });
    assert.deepEqual(e2.maps.data, e0.maps.data);
    assert.deepEqual(e2.eigenvalues, e0.eigenvalues);
    assert.deepEqual(espirit(cal, { team: soloTeam(3) }).maps.data, e0.maps.data);
    // CG-SENSE runs its normal on the team too (two threads = one, = the team-less path to rounding); TV ignores the team
    const cg = reconstructMultiCoil(acq, maps, { method: 'cg-sense', maxIter: 5, team });
    assert.deepEqual(cg.image, reconstructMultiCoil(acq, maps, { method: 'cg-sense', maxIter: 5, team: soloTeam(2) }).image);
    assert.ok(maxRel(cg.image, reconstructMultiCoil(acq, maps, { method: 'cg-sense', maxIter: 5 }).image) <= 1e-12);
    const tv = reconstructMultiCoil(acq, maps, { method: 'tv', maxIter: 5, team });
    assert.deepEqual(tv.image, reconstructMultiCoil(acq, maps, { method: 'tv', maxIter: 5 }).image);
  });

  it('what runs outside the iterations (no iteration, a residual, an aborted run) works on a team too', () => {
    const truth = sheppLogan(64);
    const m = poissonDiscMask(64, 64, { acceleration: 3, calib: 12, seed: 1 });
    const acq = acquisition(simulateKspace(truth, 64, 64, { mask: m.mask }).kspace, m.mask, 64, 64);
    const zero = reconstruct(acq, { method: 'l1-wavelet', maxIter: 0, team });
    assert.deepEqual(zero.image, reconstruct(acq, { method: 'l1-wavelet', maxIter: 0 }).image);
    const ac = new AbortController();
    ac.abort();
    const stopped = reconstruct(acq, { method: 'l1-wavelet', maxIter: 10, team, signal: ac.signal });
    assert.equal(stopped.stopReason, 'aborted');
    assert.ok(Number.isFinite(stopped.dataResidual));
  });

  it("Cartesian SENSE on a team's scope: the adjoint on two threads equals the one-thread operator's; after the scope closes the operator falls back to one thread and its maps are intact", () => {
    // a fully sampled mask: the samples' shared copy then has the length of the maps' (the case
    // where a closed scope's pool could hand back a freed array of the operator's)
    const ny = 12;
    const nx = 10;
    const nc = 3;
    const maps = simulatedCoilMaps(ny, nx, nc);
    const mask = new Uint8Array(ny * nx).fill(1);
    const plain = senseCartesian(maps, mask);
    const scope = teamScope(team as Team);
    const A = senseCartesian(maps, mask, { team: scope });
    const rng = createRng(5);
    const y = new Float64Array(2 * ny * nx * nc).map(() => rng.normal());
    const x = new Float64Array(2 * ny * nx).map(() => rng.normal());
    const want = plain.adjoint(y, new Float64Array(2 * ny * nx));
    assert.ok(maxRel(A.adjoint(y, new Float64Array(2 * ny * nx)), want) <= 1e-14);
    scope.close();
    assert.ok(maxRel(A.adjoint(y, new Float64Array(2 * ny * nx)), want) <= 1e-14);
    const ax = plain.apply(x, new Float64Array(2 * ny * nx * nc));
    assert.ok(maxRel(A.apply(x, new Float64Array(2 * ny * nx * nc)), ax) <= 1e-14);
  });

  it('candor mri recon --threads 1 and --threads 2 write the same image; a bad count is a usage error; --threads where it does not apply is said', () => {
    const sim = join(dir, 'sim');
    let r = candor(['mri', 'simulate', '--size', '160', '--accel', '4', '--seed', '3', '--out', sim]);
    assert.equal(r.code, 0, r.stderr);
    const files: Buffer[] = [];
    for (const t of ['1', '2']) {
      r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--iters', '40', '--threads', t, '--out', join(dir, `t${t}`)]);
      assert.equal(r.code, 0, r.stderr);
      files.push(readFileSync(join(dir, `t${t}`, 'recon.cfl')));
    }
    assert.ok(files[0].equals(files[1]));
    r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--threads', '0', '--out', join(dir, 'bad')]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --threads: expected an integer in [1, 2], got "0"\n');
    // the summary says how many ran; --threads with a method that has no team says so
    assert.equal(JSON.parse(readFileSync(join(dir, 't2', 'recon.json'), 'utf8')).threads, 2);
    r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--method', 'tv', '--iters', '5', '--threads', '2', '--out', join(dir, 'tv')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'candor: warning: --threads is used by l1-wavelet with the haar wavelet and FISTA only; this reconstruction ran on one thread\n');
    assert.equal(JSON.parse(readFileSync(join(dir, 'tv', 'recon.json'), 'utf8')).threads, 1);
  });

  it('multi-coil candor mri recon --threads 1 and 2 (ESPIRiT and l1-wavelet on the team) write the same image and maps; --sens with tv says --threads went unused', () => {
    const sim = join(dir, 'sim-coils');
    let r = candor(['mri', 'simulate', '--size', '96', '--coils', '4', '--accel', '4', '--seed', '2', '--out', sim]);
    assert.equal(r.code, 0, r.stderr);
    const files: Buffer[][] = [];
    for (const t of ['1', '2']) {
      r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--iters', '30', '--threads', t, '--out', join(dir, `c${t}`)]);
      assert.equal(r.code, 0, r.stderr);
      files.push(['recon.cfl', 'sens.cfl'].map((f) => readFileSync(join(dir, `c${t}`, f))));
      assert.equal(JSON.parse(readFileSync(join(dir, `c${t}`, 'recon.json'), 'utf8')).threads, Number(t));
    }
    assert.ok(files[0][0].equals(files[1][0]), 'recon.cfl differs');
    assert.ok(files[0][1].equals(files[1][1]), 'sens.cfl differs');
    r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--sens', join(sim, 'sens-true.cfl'), '--method', 'tv', '--iters', '5', '--threads', '2', '--out', join(dir, 'ctv')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /--threads is used by ESPIRiT and by Cartesian CG-SENSE and l1-wavelet with the haar wavelet; this reconstruction ran on one thread/);
  });
});
