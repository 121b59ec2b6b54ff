/**
 * The multi-coil MRI commands end to end (the real `candor` binary): simulate --coils, ecalib,
 * recon with ESPIRiT maps, with --sens, from NPY with --coil-axis, the non-Cartesian route with
 * --traj, and bad input: one line naming the file, exit 1, no output files.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import h5wasm from 'h5wasm';
import { coilsLastToMajor } from '../../src/apps/mri/coils/types.ts';
import { gFactorCartesian } from '../../src/apps/mri/gfactor.ts';
import { readCfl, writeCfl } from '../../src/io/cfl.ts';
import { ismrmrdXml, writeIsmrmrd } from '../../src/io/ismrmrd-write.ts';
import { writeNpy } from '../../src/io/npy.ts';
import { radialTrajectory } from '../../src/linops/trajectories.ts';
import { trajectoryToCfl } from '../../src/io/trajectory.ts';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-pi-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sim = join(dir, 'sim');

function cflDims(base: string): number[] {
  return readFileSync(`${base}.hdr`, 'utf8').split('\n')[1].trim().split(/\s+/).map(Number);
}

describe('candor mri, multi-coil', () => {
  it('simulate --coils 4 -> ecalib -> recon (ESPIRiT, then --sens): files in BART layout, NRMSE bounds', () => {
    const s = candor(['mri', 'simulate', '--coils', '4', '--size', '64', '--accel', '3', '--calib', '16', '--seed', '2', '--out', sim]);
    assert.equal(s.code, 0, s.stderr);
    assert.deepEqual(cflDims(join(sim, 'kspace')).slice(0, 4), [64, 64, 1, 4]);
    assert.deepEqual(cflDims(join(sim, 'sens-true')).slice(0, 4), [64, 64, 1, 4]);
    const e = candor(['mri', 'ecalib', '--kspace', join(sim, 'kspace.cfl'), '--out', join(dir, 'cal'), '--json']);
    assert.equal(e.code, 0, e.stderr);
    const ej = JSON.parse(e.stdout);
    assert.deepEqual(ej.calib, { sy: 16, sx: 16 });
    assert.deepEqual(cflDims(join(dir, 'cal', 'sens')).slice(0, 4), [64, 64, 1, 4]);
    const r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--truth', join(sim, 'truth.cfl'), '--out', join(dir, 'rec'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.nc, 4);
    assert.equal(j.method, 'l1-wavelet');
    assert.ok(j.metrics.recon.nrmseScaled <= 0.08, `ESPIRiT l1-wavelet NRMSE ${j.metrics.recon.nrmseScaled}`);
    for (const f of ['recon.cfl', 'recon.hdr', 'recon.png', 'zero-filled.png', 'truth.png', 'error.png', 'sens.cfl', 'recon.json']) assert.ok(existsSync(join(dir, 'rec', f)), f);
    // the zero-filled coil combination, judged as the recon is (by magnitude): far worse than it
    assert.ok(j.metrics.zeroFilled.nrmseScaled > 3 * j.metrics.recon.nrmseScaled, `zero-filled ${j.metrics.zeroFilled.nrmseScaled}`);
    const t = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--sens', join(sim, 'sens-true.cfl'), '--method', 'cg-sense', '--truth', join(sim, 'truth.cfl'), '--out', join(dir, 'rec-cg'), '--json']);
    assert.equal(t.code, 0, t.stderr);
    const tj = JSON.parse(t.stdout);
    assert.equal(tj.sensitivities, join(sim, 'sens-true.cfl'));
    assert.equal(tj.iterations, 30);
    assert.ok(tj.metrics.recon.nrmseScaled <= 0.12, `CG-SENSE NRMSE ${tj.metrics.recon.nrmseScaled}`);
    assert.ok(!tj.warnings.some((w: string) => w.includes('are real')), tj.warnings.join('; '));
    // the magnitudes of the true maps (imaginary parts zero): warned, and the reconstruction is worse
    const st = readCfl(readFileSync(join(sim, 'sens-true.hdr')), readFileSync(join(sim, 'sens-true.cfl')));
    const mag = new Float64Array(st.data.length);
    for (let i = 0; i < mag.length; i += 2) mag[i] = Math.hypot(st.data[i], st.data[i + 1]);
    const w = writeCfl({ shape: st.shape, data: mag, complex: true });
    writeFileSync(join(dir, 'sens-mag.hdr'), w.hdr);
    writeFileSync(join(dir, 'sens-mag.cfl'), w.cfl);
    const m = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--sens', join(dir, 'sens-mag.cfl'), '--method', 'cg-sense', '--truth', join(sim, 'truth.cfl'), '--out', join(dir, 'rec-mag'), '--json']);
    assert.equal(m.code, 0, m.stderr);
    const mj = JSON.parse(m.stdout);
    assert.ok(
      mj.warnings.includes(
        `the sensitivities ${join(dir, 'sens-mag.cfl')} are real (no imaginary part in any of the 4 maps): coil sensitivities are complex and SENSE needs their relative phases, so check they are not magnitudes`,
      ),
      mj.warnings.join('; '),
    );
    assert.ok(mj.metrics.recon.nrmseScaled > 2 * tj.metrics.recon.nrmseScaled, `magnitude maps NRMSE ${mj.metrics.recon.nrmseScaled}`);
  });

  it('ecalib --gfactor 2: the g-factor map of the maps it writes, mean and max in ecalib.json; a reduction that does not divide the image is a usage error', () => {
    const o = join(dir, 'cal-g');
    const r = candor(['mri', 'ecalib', '--kspace', join(sim, 'kspace.cfl'), '--gfactor', '2', '--out', o, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    const sens = readCfl(readFileSync(join(o, 'sens.hdr')), readFileSync(join(o, 'sens.cfl'))).data;
    // the library's map of the written (float32) maps; the numpy check of the formula is test/apps/mri/gfactor.test.ts
    const g = gFactorCartesian({ ny: 64, nx: 64, nc: 4, data: coilsLastToMajor(sens, 64, 64, 4) }, 2);
    const file = readCfl(readFileSync(join(o, 'gfactor.hdr')), readFileSync(join(o, 'gfactor.cfl'))).data;
    let max = 0;
    for (let i = 0; i < g.length; i++) {
      assert.ok(Math.abs(file[2 * i] - g[i]) <= 1e-4 * Math.max(1, g[i]), `pixel ${i}: ${file[2 * i]} vs ${g[i]}`);
      max = Math.max(max, g[i]);
    }
    assert.deepEqual([j.gfactor.ry, j.gfactor.rx, j.gfactor.unfoldable], [2, 1, 0]);
    assert.ok(Math.abs(j.gfactor.max - max) <= 1e-4 * max && j.gfactor.mean >= 1 && j.gfactor.mean <= max, JSON.stringify(j.gfactor));
    const out = join(dir, 'cal-g3');
    const e = candor(['mri', 'ecalib', '--kspace', join(sim, 'kspace.cfl'), '--gfactor', '3', '--out', out]);
    assert.equal(e.code, 2);
    assert.equal(e.stderr, 'candor: --gfactor 3: reduction: expected factors that divide the image (64 rows, 64 columns), got ry 3, rx 1\n');
    assert.ok(!existsSync(out) || readdirSync(out).length === 0);
  });

  it('--virtual-coils 3: SVD compression before ESPIRiT (and of --sens maps); more than the file has is refused', () => {
    const r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--virtual-coils', '3', '--truth', join(sim, 'truth.cfl'), '--out', join(dir, 'rec-vc'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.coils, 4);
    assert.equal(j.nc, 3);
    assert.equal(j.virtualCoils.coils, 3);
    assert.ok(j.virtualCoils.retainedEnergy > 0.9 && j.virtualCoils.retainedEnergy < 1, `retained ${j.virtualCoils.retainedEnergy}`);
    assert.deepEqual(cflDims(join(dir, 'rec-vc', 'sens')).slice(0, 4), [64, 64, 1, 3]);
    // the same bound as on the 4 physical coils (first test)
    assert.ok(j.metrics.recon.nrmseScaled <= 0.08, `ESPIRiT l1-wavelet on 3 virtual coils NRMSE ${j.metrics.recon.nrmseScaled}`);
    // 4 -> 4 virtual coils is a unitary mix of data and --sens maps alike: CG-SENSE is unchanged (first test's run)
    const t = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--sens', join(sim, 'sens-true.cfl'), '--virtual-coils', '4', '--method', 'cg-sense', '--truth', join(sim, 'truth.cfl'), '--out', join(dir, 'rec-vc-cg'), '--json']);
    assert.equal(t.code, 0, t.stderr);
    const vc = JSON.parse(t.stdout).metrics.recon.nrmseScaled;
    const physical = JSON.parse(readFileSync(join(dir, 'rec-cg', 'recon.json'), 'utf8')).metrics.recon.nrmseScaled;
    assert.ok(Math.abs(vc - physical) <= 1e-6 * physical, `CG-SENSE on 4 virtual coils ${vc} vs the physical coils ${physical}`);
    const ksp = join(sim, 'kspace.cfl');
    const out = join(dir, 'bad-vc');
    const e = candor(['mri', 'ecalib', '--kspace', ksp, '--virtual-coils', '5', '--out', out]);
    assert.equal(e.code, 1);
    assert.equal(e.stderr, `candor: k-space ${ksp}: --virtual-coils: expected at most the 4 coils of the file, got 5\n`);
    assert.ok(!existsSync(out));
  });

  it('NPY k-space with a coil axis (--coil-axis 2) gives the same reconstruction as the CFL', () => {
    const k = readCfl(readFileSync(join(sim, 'kspace.hdr')), readFileSync(join(sim, 'kspace.cfl')));
    // CFL [64, 64, 1, 4] read in C order = [64, 64, 4] with the coils last: axis 2
    writeFileSync(join(dir, 'k.npy'), writeNpy({ shape: [64, 64, 4], data: k.data, complex: true }));
    const a = candor(['mri', 'recon', '--kspace', join(dir, 'k.npy'), '--coil-axis', '2', '--method', 'zero-filled', '--out', join(dir, 'npy'), '--json']);
    const b = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--method', 'zero-filled', '--out', join(dir, 'cfl'), '--json']);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const ra = readCfl(readFileSync(join(dir, 'npy', 'recon.hdr')), readFileSync(join(dir, 'npy', 'recon.cfl'))).data;
    const rb = readCfl(readFileSync(join(dir, 'cfl', 'recon.hdr')), readFileSync(join(dir, 'cfl', 'recon.cfl'))).data;
    assert.deepEqual(ra, rb);
    // the NPY through a pipe (read by its signature, --coil-axis allowed): the same image
    const p = candor(['mri', 'recon', '--kspace', '/dev/stdin', '--coil-axis', '2', '--method', 'zero-filled', '--out', join(dir, 'npy-pipe')], { input: readFileSync(join(dir, 'k.npy')) });
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual(readFileSync(join(dir, 'npy-pipe', 'recon.cfl')), readFileSync(join(dir, 'npy', 'recon.cfl')));
  });

  it('a real-valued NPY k-space is read with a warning that names it (recon, ecalib); ecalib --threshold 1, --crop 1, --gfactor 2,2,2 are refused', () => {
    const k = readCfl(readFileSync(join(sim, 'kspace.hdr')), readFileSync(join(sim, 'kspace.cfl')));
    const re = Float64Array.from({ length: k.data.length / 2 }, (_, i) => k.data[2 * i]);
    const path = join(dir, 'kre.npy');
    writeFileSync(path, writeNpy({ shape: [64, 64, 4], data: re, complex: false }));
    const warning = `candor: warning: the k-space ${path} holds real values (a real NPY dtype): read with zero imaginary parts; measured k-space is complex, so check it is not an image or the magnitude of k-space\n`;
    const r = candor(['mri', 'recon', '--kspace', path, '--coil-axis', '2', '--method', 'zero-filled', '--out', join(dir, 'kre-rec')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, warning);
    const e = candor(['mri', 'ecalib', '--kspace', path, '--coil-axis', '2', '--out', join(dir, 'kre-cal')]);
    assert.equal(e.code, 0, e.stderr);
    assert.equal(e.stderr, warning);
    // and in ecalib.json (--json prints the same summary)
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'kre-cal', 'ecalib.json'), 'utf8')).warnings, [warning.slice('candor: warning: '.length, -1)]);
    const fromCfl = JSON.parse(candor(['mri', 'ecalib', '--kspace', join(sim, 'kspace.cfl'), '--json', '--out', join(dir, 'cfl-cal')]).stdout);
    assert.deepEqual(fromCfl.warnings, []);
    // settings that keep nothing (no kernel, no pixel) and a third g-factor reduction: usage errors
    for (const [flag, value, expected] of [
      ['--threshold', '1', 'a number in [0, 1)'],
      ['--crop', '1', 'a number in [0, 1)'],
      ['--gfactor', '2,2,2', 'ry or ry,rx: integers in [1, 64]'],
    ]) {
      const t = candor(['mri', 'ecalib', '--kspace', join(sim, 'kspace.cfl'), flag, value, '--out', join(dir, 'cal-refused')]);
      assert.equal(t.code, 2);
      assert.equal(t.stderr, `candor: option ${flag}: expected ${expected}, got "${value}"\n`);
      assert.ok(!existsSync(join(dir, 'cal-refused')));
    }
  });

  it('non-Cartesian: --traj (BART layout) with ESPIRiT on the gridded centre, TV and gridding', () => {
    const coords = radialTrajectory(64, 128);
    const t = trajectoryToCfl(coords, [64, 64], [128, 64]);
    const { hdr, cfl } = writeCfl(t);
    writeFileSync(join(dir, 'traj.hdr'), hdr);
    writeFileSync(join(dir, 'traj.cfl'), cfl);
    // a point at the image centre has flat k-space (1/sqrt(N) at every sample): its gridding peaks there
    const M = 128 * 64;
    const ksp = new Float64Array(2 * M * 4);
    for (let j = 0; j < M; j++) for (let c = 0; c < 4; c++) ksp[2 * (j * 4 + c)] = (1 + 0.1 * c) / 64;
    const kk = writeCfl({ shape: [1, 128, 64, 4], data: ksp, complex: true });
    writeFileSync(join(dir, 'kr.hdr'), kk.hdr);
    writeFileSync(join(dir, 'kr.cfl'), kk.cfl);
    const g = candor(['mri', 'recon', '--kspace', join(dir, 'kr.cfl'), '--traj', join(dir, 'traj.cfl'), '--method', 'gridding', '--out', join(dir, 'grid'), '--json']);
    assert.equal(g.code, 0, g.stderr);
    const gj = JSON.parse(g.stdout);
    assert.equal(gj.trajectory, 'non-cartesian');
    assert.equal(gj.ny, 64);
    assert.deepEqual(Object.keys(gj.files).filter((k) => k.endsWith('Png')), ['reconPng', 'griddingPng']);
    const x = readCfl(readFileSync(join(dir, 'grid', 'recon.hdr')), readFileSync(join(dir, 'grid', 'recon.cfl'))).data;
    // the gridded point sits at the image centre (32, 32)
    let best = 0;
    let at = -1;
    for (let i = 0; i < 64 * 64; i++) {
      const m = Math.hypot(x[2 * i], x[2 * i + 1]);
      if (m > best) {
        best = m;
        at = i;
      }
    }
    assert.equal(at, 32 * 64 + 32);
    // the same trajectory as an NPY array ([spokes, samples, 2], k-space units) through a pipe:
    // read by its content, the same image
    const npy = writeNpy({ shape: [64, 128, 2], data: coords.map((v) => 64 * v), complex: false });
    writeFileSync(join(dir, 'traj.npy'), npy);
    const byName = candor(['mri', 'recon', '--kspace', join(dir, 'kr.cfl'), '--traj', join(dir, 'traj.npy'), '--method', 'gridding', '--out', join(dir, 'grid-npy')]);
    assert.equal(byName.code, 0, byName.stderr);
    const p = candor(['mri', 'recon', '--kspace', join(dir, 'kr.cfl'), '--traj', '/dev/stdin', '--method', 'gridding', '--out', join(dir, 'grid-pipe')], { input: npy });
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual(readFileSync(join(dir, 'grid-pipe', 'recon.cfl')), readFileSync(join(dir, 'grid-npy', 'recon.cfl')));
    // one coil's samples as a 1-D NPY [samples]: read as [1, samples] with --coil-axis 0 is
    const one = new Float64Array(2 * M);
    for (let j = 0; j < M; j++) one[2 * j] = 1 / 64;
    writeFileSync(join(dir, 'k1d.npy'), writeNpy({ shape: [M], data: one, complex: true }));
    writeFileSync(join(dir, 'k1x.npy'), writeNpy({ shape: [1, M], data: one, complex: true }));
    const flat = candor(['mri', 'recon', '--kspace', join(dir, 'k1d.npy'), '--traj', join(dir, 'traj.npy'), '--method', 'gridding', '--out', join(dir, 'grid-1d')]);
    assert.equal(flat.code, 0, flat.stderr);
    const rowed = candor(['mri', 'recon', '--kspace', join(dir, 'k1x.npy'), '--coil-axis', '0', '--traj', join(dir, 'traj.npy'), '--method', 'gridding', '--out', join(dir, 'grid-1x')]);
    assert.equal(rowed.code, 0, rowed.stderr);
    assert.deepEqual(readFileSync(join(dir, 'grid-1d', 'recon.cfl')), readFileSync(join(dir, 'grid-1x', 'recon.cfl')));
    // a missing trajectory whose name has no extension is named as missing
    const missing = candor(['mri', 'recon', '--kspace', join(dir, 'kr.cfl'), '--traj', join(dir, 'no-traj'), '--out', join(dir, 'grid-missing')]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `candor: trajectory ${join(dir, 'no-traj')}: file: expected a readable file, got no such file or directory (ENOENT)\n`);
    // an empty trajectory or one whose name and content tell nothing: said as such, not a missing .hdr
    writeFileSync(join(dir, 'empty-traj'), '');
    writeFileSync(join(dir, 'notes-traj'), 'spokes 48\n');
    for (const [t, got] of [
      [join(dir, 'empty-traj'), 'file: expected an NPY file (or a .cfl/.hdr pair), got 0 bytes (an empty input)'],
      [join(dir, 'notes-traj'), `file extension: expected .npy, .cfl or .hdr (or, under another name, the content of an NPY file), got "${join(dir, 'notes-traj')}"`],
      ['/dev/zero', 'file extension: expected .npy, .cfl or .hdr (or, under another name, the content of an NPY file), got "/dev/zero"'],
    ]) {
      const r = candor(['mri', 'recon', '--kspace', join(dir, 'kr.cfl'), '--traj', t, '--out', join(dir, 'grid-bad')]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `candor: trajectory ${t}: ${got}\n`);
    }
    // (the CFL trajectory holds float32 coordinates: the same image to rounding)
    const xn = readCfl(readFileSync(join(dir, 'grid-npy', 'recon.hdr')), readFileSync(join(dir, 'grid-npy', 'recon.cfl'))).data;
    let d = 0;
    for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(xn[i] - x[i]));
    assert.ok(d <= 1e-5 * best, `${d} vs peak ${best}`);
  });

  const bad = (args: string[], message: string, out: string) => {
    const r = candor(args);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, `candor: ${message}\n`);
    assert.ok(!existsSync(out) || readdirSync(out).length === 0, `no output left in ${out}`);
  };

  it('bad input: coil axis, sensitivities of another shape, a trajectory outside [-n/2, n/2], ISMRMRD files without the datasets', async () => {
    const out = join(dir, 'bad');
    const ksp = join(sim, 'kspace.cfl');
    mkdirSync(join(dir, 'b'), { recursive: true });
    // a coil axis of the wrong length: axis 2 of [4, 64, 130] would be 130 coils
    const kb = join(dir, 'b', 'k130.npy');
    writeFileSync(kb, writeNpy({ shape: [4, 64, 130], data: new Float64Array(2 * 4 * 64 * 130).fill(1), complex: true }));
    bad(['mri', 'recon', '--kspace', kb, '--coil-axis', '2', '--out', out], `k-space ${kb}: coil axis: expected at most 128 coils (axis 2 of [4, 64, 130]), got 130`, out);
    // a coil count past the limit is refused on the header, before the data are read: here the
    // data are absent, and the coil count is what is named (not the missing bytes)
    const kNpyHead = join(dir, 'b', 'k100k.npy');
    const full = writeNpy({ shape: [100000, 1, 1], data: new Float64Array(2 * 100000), complex: true });
    writeFileSync(kNpyHead, full.subarray(0, full.length - 1600000));
    bad(['mri', 'ecalib', '--kspace', kNpyHead, '--out', out], `k-space ${kNpyHead}: coil axis: expected at most 128 coils (axis 0 of [100000, 1, 1]), got 100000`, out);
    // mri recon's default (single-coil) route too, and through a pipe, where the header's first
    // bytes decide before the rest of the stream is read
    bad(['mri', 'recon', '--kspace', kNpyHead, '--out', out], `k-space ${kNpyHead}: coil axis: expected at most 128 coils (axis 0 of [100000, 1, 1]), got 100000`, out);
    for (const cmd of ['recon', 'ecalib']) {
      const piped = candor(['mri', cmd, '--kspace', '/dev/stdin', '--out', out], { input: full });
      assert.equal(piped.code, 1);
      assert.equal(piped.stderr, 'candor: k-space /dev/stdin: coil axis: expected at most 128 coils (axis 0 of [100000, 1, 1]), got 100000\n');
    }
    // an empty stream is said to be empty (not a file-extension error)
    const emptyPipe = candor(['mri', 'ecalib', '--kspace', '/dev/stdin', '--out', out], { input: new Uint8Array(0) });
    assert.equal(emptyPipe.stderr, 'candor: k-space /dev/stdin: file: expected an NPY file (or a .cfl/.hdr pair), got 0 bytes (an empty input)\n');
    const kCflHead = join(dir, 'b', 'c100k');
    writeFileSync(`${kCflHead}.hdr`, '# Dimensions\n4 4 1 100000 1\n');
    writeFileSync(`${kCflHead}.cfl`, new Uint8Array(64));
    bad(['mri', 'recon', '--kspace', `${kCflHead}.cfl`, '--out', out], `k-space ${kCflHead}.cfl: coil axis: expected at most 128 coils (BART dimension 3), got 100000`, out);
    // sensitivities with another number of coils / another size
    const s3 = join(dir, 'b', 's3');
    const w3 = writeCfl({ shape: [64, 64, 1, 3], data: new Float64Array(2 * 64 * 64 * 3).fill(0.5), complex: true });
    writeFileSync(`${s3}.hdr`, w3.hdr);
    writeFileSync(`${s3}.cfl`, w3.cfl);
    bad(['mri', 'recon', '--kspace', ksp, '--sens', `${s3}.cfl`, '--out', out], `sensitivities ${s3}.cfl: shape: expected 4 coil maps of 64x64 (the k-space ${ksp}), got 3 coil maps of 64x64`, out);
    const s32 = join(dir, 'b', 's32');
    const w32 = writeCfl({ shape: [32, 32, 1, 4], data: new Float64Array(2 * 32 * 32 * 4).fill(0.5), complex: true });
    writeFileSync(`${s32}.hdr`, w32.hdr);
    writeFileSync(`${s32}.cfl`, w32.cfl);
    bad(['mri', 'recon', '--kspace', ksp, '--sens', `${s32}.cfl`, '--out', out], `sensitivities ${s32}.cfl: shape: expected 4 coil maps of 64x64 (the k-space ${ksp}), got 4 coil maps of 32x32`, out);
    // a trajectory outside [-n/2, n/2] for the image size given
    bad(
      ['mri', 'recon', '--kspace', join(dir, 'kr.cfl'), '--traj', join(dir, 'traj.cfl'), '--matrix', '32,32', '--out', out],
      `trajectoryFromCfl(${join(dir, 'traj')}): coordinate at [0, 22, 0]: expected a k-space position in [-16, 16] (the grid of the 32-point axis spans [-n/2, n/2)), got -16.32276153564453`,
      out,
    );
    // ISMRMRD: not an HDF5 file; an HDF5 file without /dataset/{xml,data}
    const notH5 = join(dir, 'b', 'x.h5');
    writeFileSync(notH5, 'not hdf5');
    bad(['mri', 'recon', '--kspace', notH5, '--out', out], `readIsmrmrd(${notH5}): file: expected an HDF5 file (ISMRMRD raw data; signature \\x89HDF\\r\\n\\x1a\\n), got 8 bytes without the HDF5 signature`, out);
    const { FS } = await h5wasm.ready;
    const f = new h5wasm.File('/other.h5', 'w');
    f.create_group('other').create_dataset({ name: 'values', data: new Float64Array([1, 2, 3]) });
    f.close();
    const other = join(dir, 'b', 'other.h5');
    writeFileSync(other, FS.readFile('/other.h5'));
    bad(['mri', 'ecalib', '--kspace', other, '--out', out], `readIsmrmrd(${other}): datasets: expected the ISMRMRD datasets <group>/xml and <group>/data (group "dataset"), got top-level entries other`, out);
    // a non-Cartesian ISMRMRD file whose header declares a matrix beyond --matrix's limit (4096)
    const S = 64;
    const recs = [0, 1, 2, 3].map((l) => {
      const traj = new Float32Array(2 * S);
      const data = new Float32Array(2 * S);
      for (let q = 0; q < S; q++) {
        traj[2 * q] = (q - S / 2) * 0.37 * Math.cos((l / 4) * Math.PI);
        traj[2 * q + 1] = (q - S / 2) * 0.37 * Math.sin((l / 4) * Math.PI);
        data[2 * q] = Math.cos(q);
      }
      return { line: l, samples: S, channels: 1, centerSample: S / 2, data, traj, trajectoryDimensions: 2 };
    });
    const huge = join(dir, 'b', 'huge.h5');
    writeFileSync(huge, writeIsmrmrd(ismrmrdXml({ nx: 5000, ny: 5000, coils: 1, trajectory: 'other' }), recs));
    bad(
      ['mri', 'recon', '--kspace', huge, '--method', 'gridding', '--out', out],
      `k-space ${huge}: encoded matrix size (ISMRMRD header encodedSpace/matrixSize): expected at most 4096 per axis (give --matrix ny,nx for the image size), got 5000 x 5000`,
      out,
    );
    // a trajectory whose extent one mis-scaled point sets (a 4000 x 4000 image, 16 GB): refused with the size the rest give
    const spokes = radialTrajectory(16, 64).map((v) => 64 * v);
    spokes[10] = 2000;
    const stray = join(dir, 'b', 'stray.npy');
    writeFileSync(stray, writeNpy({ shape: [16, 64, 2], data: spokes, complex: false }));
    const k1 = join(dir, 'b', 'k1024.npy');
    writeFileSync(k1, writeNpy({ shape: [1, 1024], data: new Float64Array(2 * 1024).fill(0.5), complex: true }));
    bad(
      ['mri', 'recon', '--kspace', k1, '--coil-axis', '0', '--traj', stray, '--method', 'gridding', '--out', out],
      `trajectory ${stray}: image size from its extent (2 ceil(max |k|) per axis, k in cycles per field of view): expected an extent the trajectory fills (more than 1 of its 1024 points beyond half the largest |k|), or --matrix ny,nx, got 4000 on axis 0 set by 1 point (the rest give 64): check for stray or mis-scaled coordinates`,
      out,
    );
    // coordinates normalised to +-0.5 (not cycles per field of view): a 2 x 2 image refused, not reconstructed
    const normalised = join(dir, 'b', 'normalised.npy');
    writeFileSync(normalised, writeNpy({ shape: [16, 64, 2], data: radialTrajectory(16, 64), complex: false }));
    bad(
      ['mri', 'recon', '--kspace', k1, '--coil-axis', '0', '--traj', normalised, '--method', 'gridding', '--out', out],
      `trajectory ${normalised}: image size from its extent (2 ceil(max |k|) per axis, k in cycles per field of view): expected at least 16 per axis (k within +-n/2 for an n-point image: coordinates normalised to +-0.5 or in radians need scaling by n or n/(2 pi)), or --matrix ny,nx, got 2 x 2`,
      out,
    );
    // one coil's samples without --traj: no k-space grid, said so (the default route made a 1 x 1024 "image")
    for (const method of ['l1-wavelet', 'cg-sense']) {
      const r = candor(['mri', 'recon', '--kspace', join(dir, 'k1d.npy'), '--method', method, '--out', out]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^candor: k-space .*k1d\.npy: shape: expected .*samples along a trajectory: give --traj\), got \[8192\]\n$/);
    }
    // a coil axis named on one coil's 1-D samples
    const axis1d = candor(['mri', 'recon', '--kspace', join(dir, 'k1d.npy'), '--coil-axis', '0', '--traj', join(dir, 'traj.npy'), '--out', out]);
    assert.equal(axis1d.code, 1);
    assert.equal(axis1d.stderr, `candor: k-space ${join(dir, 'k1d.npy')}: --coil-axis: expected an array with a coil axis besides its samples (a 1-D array is one coil: leave out --coil-axis), got 0 of [8192]\n`);
    // --matrix sizes a trajectory: on a Cartesian grid it is a usage error, not ignored
    const cart = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--matrix', '128,128', '--out', out]);
    assert.equal(cart.code, 2);
    assert.equal(cart.stderr, `candor: option --matrix: expected a trajectory to size (--traj, or ISMRMRD raw data with one): a Cartesian k-space has the size of its grid, got 128,128 with --kspace ${join(sim, 'kspace.cfl')}\n`);
    // a trajectory without its coordinate axis: the layout named, not an extent
    const flatTraj = join(dir, 'b', 'flat-traj.npy');
    writeFileSync(flatTraj, writeNpy({ shape: [2048], data: spokes.slice(0, 2048), complex: false }));
    bad(
      ['mri', 'recon', '--kspace', k1, '--coil-axis', '0', '--traj', flatTraj, '--method', 'gridding', '--out', out],
      `trajectory ${flatTraj}: layout: expected [..., 2] (the last axis holds the 2 coordinates of each sample of a 2-D image), got 2048`,
      out,
    );
    // a --matrix whose reconstruction would plan for more than half the machine's memory: 128 coils of 4096 x 4096
    spokes[10] = 0;
    const fine = join(dir, 'b', 'fine.npy');
    writeFileSync(fine, writeNpy({ shape: [16, 64, 2], data: spokes, complex: false }));
    const k128 = join(dir, 'b', 'k128.npy');
    writeFileSync(k128, writeNpy({ shape: [128, 1024], data: new Float64Array(2 * 128 * 1024).fill(0.5), complex: true }));
    const gb = (b: number) => `${(b / 1e9).toFixed(1)} GB`;
    const limit = process.constrainedMemory?.() ?? 0;
    const memory = limit > 0 && limit < totalmem() ? limit : totalmem();
    for (const cmd of ['recon', 'ecalib']) {
      bad(
        ['mri', cmd, '--kspace', k128, '--coil-axis', '0', '--traj', fine, '--matrix', '4096,4096', '--out', out],
        `k-space ${k128}: memory of the reconstruction: expected at most ${gb(memory / 2)} (half of the ${gb(memory)} ${memory === totalmem() ? 'of this machine' : 'this process may use'}; give a smaller --matrix ny,nx, fewer --virtual-coils or fewer samples), got about 113.2 GB for a 4096 x 4096 image of 128 coils and 1024 samples per coil`,
        out,
      );
    }
    // coils read as one coil's samples (an NPY [coils, samples] without --coil-axis): the option named
    bad(
      ['mri', 'recon', '--kspace', k128, '--traj', fine, '--method', 'gridding', '--out', out],
      `k-space ${k128}: samples per coil: expected 1024 (one per point of the trajectory ${fine}), got 131072 (per-coil shape [128, 1024]); 128 coils? give --coil-axis`,
      out,
    );
  });
  it('a wrong coil axis (one that leaves an image side shorter than the coil count) is named with the axis taken, its length and the other axes', () => {
    const w = join(dir, 'axis');
    mkdirSync(w, { recursive: true });
    const k = join(w, 'k4.npy');
    writeFileSync(k, writeNpy({ shape: [4, 32, 32], data: new Float64Array(2 * 4 * 32 * 32).fill(1), complex: true }));
    const last = join(w, 'klast.npy');
    writeFileSync(last, writeNpy({ shape: [32, 32, 4], data: new Float64Array(2 * 4 * 32 * 32).fill(1), complex: true }));
    const cases: [string[], string][] = [
      [['mri', 'recon', '--kspace', k, '--coil-axis', '1'], `k-space ${k}: coil axis: expected a coil count no larger than the image's sides (check --coil-axis), got axis 1 of [4, 32, 32] taken as 32 coils, leaving a 4x32 image from axes 0 and 2`],
      [['mri', 'ecalib', '--kspace', k, '--coil-axis', '2'], `k-space ${k}: coil axis: expected a coil count no larger than the image's sides (check --coil-axis), got axis 2 of [4, 32, 32] taken as 32 coils, leaving a 4x32 image from axes 0 and 1`],
      // the default axis 0 of an array with the coils last
      [['mri', 'recon', '--kspace', last], `k-space ${last}: coil axis: expected a coil count no larger than the image's sides (check --coil-axis), got axis 0 of [32, 32, 4] taken as 32 coils, leaving a 32x4 image from axes 1 and 2`],
      [['mri', 'plan', '--kspace', k, '--coil-axis', '1', '--store', ':memory:'], `k-space ${k}: coil axis: expected a coil count no larger than the image's sides (check --coil-axis), got axis 1 of [4, 32, 32] taken as 32 coils, leaving a 4x32 image from axes 0 and 2`],
    ];
    for (const [args, msg] of cases) {
      const out = join(w, 'out');
      const r = candor([...args, ...(args[1] === 'plan' ? [] : ['--out', out])]);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stderr, `candor: ${msg}\n`);
      assert.equal(existsSync(out), false);
    }
  });

  it('a named coil axis is taken as given when the maps are given (a small image with more coils than its short side), and --coil-axis names an NPY --sens beside a CFL k-space', () => {
    const w = join(dir, 'axis-given');
    mkdirSync(w, { recursive: true });
    // 8 coils of a 6 x 33 image: more coils than the short side, which the default-axis check refuses
    const n = 6 * 33;
    const maps = new Float64Array(2 * 8 * n);
    for (let i = 0; i < 8 * n; i++) maps[2 * i] = 1 / Math.sqrt(8);
    const ksp = new Float64Array(2 * 8 * n).map((_, i) => ((i * 37) % 11) / 11 - 0.5);
    const k = join(w, 'k.npy');
    const s = join(w, 's.npy');
    writeFileSync(k, writeNpy({ shape: [8, 6, 33], data: ksp, complex: true }));
    writeFileSync(s, writeNpy({ shape: [8, 6, 33], data: maps, complex: true }));
    let r = candor(['mri', 'recon', '--kspace', k, '--coil-axis', '0', '--sens', s, '--method', 'cg-sense', '--out', join(w, 'o1')]);
    assert.equal(r.code, 0, r.stderr);
    // without the maps ESPIRiT would run on a 6 x 33 image: the axis is checked
    r = candor(['mri', 'recon', '--kspace', k, '--coil-axis', '0', '--out', join(w, 'o2')]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, `candor: k-space ${k}: coil axis: expected a coil count no larger than the image's sides (check --coil-axis), got axis 0 of [8, 6, 33] taken as 8 coils, leaving a 6x33 image from axes 1 and 2\n`);
    // a CFL k-space (coils in dimension 3) with NPY maps whose coils are last: --coil-axis 2 names the maps' axis
    const kc = join(w, 'kc');
    const kcfl = writeCfl({ shape: [32, 32, 1, 4], data: new Float64Array(2 * 32 * 32 * 4).map((_, i) => ((i * 13) % 7) / 7), complex: true });
    writeFileSync(`${kc}.hdr`, kcfl.hdr);
    writeFileSync(`${kc}.cfl`, kcfl.cfl);
    const sl = join(w, 'slast.npy');
    writeFileSync(sl, writeNpy({ shape: [32, 32, 4], data: new Float64Array(2 * 32 * 32 * 4).map((_, i) => (i % 2 ? 0 : 0.5)), complex: true }));
    r = candor(['mri', 'recon', '--kspace', `${kc}.cfl`, '--sens', sl, '--coil-axis', '2', '--method', 'cg-sense', '--out', join(w, 'o3')]);
    assert.equal(r.code, 0, r.stderr);
  });
  it('--coil-axis with a CFL or ISMRMRD k-space is a usage error (exit 2): their layouts fix the coils', () => {
    for (const [cmd, k, layout] of [
      ['recon', join(sim, 'kspace.cfl'), 'a CFL keeps them in BART dimension 3'],
      ['ecalib', join(sim, 'kspace.h5'), 'an ISMRMRD .h5 keeps them in its receiver channels'],
    ]) {
      const out = join(dir, `axis-${cmd}`);
      const r = candor(['mri', cmd, '--kspace', k, '--coil-axis', '3', '--out', out]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, `candor: option --coil-axis: expected an NPY k-space (the coils' axis of an NPY array; ${layout}), got 3 with --kspace ${k}\n`);
      assert.equal(existsSync(out), false);
    }
  });

  it('--method cg-sense and gridding on single-coil k-space without --sens: the coil sensitivity is 1 (no ESPIRiT), and CG-SENSE returns the zero-filled image', () => {
    const one = join(dir, 'one-coil');
    const s = candor(['mri', 'simulate', '--size', '32', '--format', 'npy', '--out', one]);
    assert.equal(s.code, 0, s.stderr);
    const k = join(one, 'kspace.npy');
    const truth = join(one, 'truth.npy');
    for (const method of ['cg-sense', 'gridding']) {
      const r = candor(['mri', 'recon', '--kspace', k, '--method', method, '--truth', truth, '--out', join(one, method), '--json']);
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.sensitivities, 'one coil: sensitivity 1 (no ESPIRiT)');
      assert.equal(j.espirit, null);
      // A = M F with F unitary: A^H A is a projection, so CG's first step lands on A^H y exactly
      const zf = j.metrics.zeroFilled.nrmse;
      assert.ok(zf > 0.3, `the 4.5x undersampled zero-filled image is far from the truth: ${zf}`);
      assert.ok(Math.abs(j.metrics.recon.nrmse - zf) < 1e-9 * zf, `${method}: ${j.metrics.recon.nrmse} vs zero-filled ${zf}`);
      if (method === 'cg-sense') assert.equal(j.iterations, 1);
      assert.equal(existsSync(join(one, method, 'sens.npy')), false);
    }
    const rep = candor(['mri', 'report', '--kspace', k, '--method', 'cg-sense', '--out', join(one, 'cg-report')]);
    assert.equal(rep.code, 0, rep.stderr);
  });

  it('simulate --coils without --calib gives a centre ESPIRiT calibrates on (16 at 64x64, not the masks\' 6): recon runs', () => {
    const d = join(dir, 'default-calib');
    const s = candor(['mri', 'simulate', '--coils', '4', '--size', '64', '--out', d, '--json']);
    assert.equal(s.code, 0, s.stderr);
    assert.equal(JSON.parse(s.stdout).mask.calib, 16);
    const r = candor(['mri', 'recon', '--kspace', join(d, 'kspace.cfl'), '--out', join(d, 'rec'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).espirit.calib, { sy: 16, sx: 16 });
    // single-coil simulation keeps the masks' own centre
    const one = candor(['mri', 'simulate', '--size', '64', '--out', join(dir, 'default-calib1'), '--json']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(JSON.parse(one.stdout).mask.calib, 6);
  });

  it('a calibration centre too small for ESPIRiT (--calib 6 at 64x64): exit 1 naming its size and --calib/--sens, not an error about zero maps', () => {
    const small = join(dir, 'small-calib');
    const s = candor(['mri', 'simulate', '--coils', '4', '--size', '64', '--accel', '3', '--calib', '6', '--seed', '1', '--out', small]);
    assert.equal(s.code, 0, s.stderr);
    const k = join(small, 'kspace.cfl');
    const msg = `candor: k-space ${k}: calibration region: expected a fully sampled centre large enough for ESPIRiT to find coil maps (BART's default is 24x24): acquire a larger one (candor mri simulate --calib) or use more of it (mri ecalib --calib, at most the fully sampled centre), lower the crop (mri ecalib --crop) or the threshold (mri ecalib --threshold, when few kernels are kept) or give the maps (mri recon --sens), got a 6x6 centre, too small: 1 of 144 kernels kept, no pixel's eigenvalue reached the crop 0.8, maps zero everywhere\n`;
    for (const cmd of ['recon', 'ecalib']) {
      const out = join(small, `out-${cmd}`);
      const r = candor(['mri', cmd, '--kspace', k, '--out', out]);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stderr, msg);
      assert.equal(existsSync(out), false);
    }
    // with the true maps the same data reconstructs
    const t = candor(['mri', 'recon', '--kspace', k, '--sens', join(small, 'sens-true.cfl'), '--out', join(small, 'with-sens')]);
    assert.equal(t.code, 0, t.stderr);
    // all-zero --sens maps are the file's failure (exit 1), not a usage error
    const zero = join(small, 'zero-sens');
    writeFileSync(`${zero}.hdr`, '# Dimensions\n64 64 1 4 1 1 1 1 1 1 1 1 1 1 1 1\n');
    writeFileSync(`${zero}.cfl`, new Uint8Array(8 * 64 * 64 * 4));
    const z = candor(['mri', 'recon', '--kspace', k, '--sens', `${zero}.cfl`, '--out', join(small, 'zero-out')]);
    assert.equal(z.code, 1, z.stderr);
    assert.equal(z.stderr, `candor: sensitivities ${zero}.cfl: values: expected coil maps that are not all zero, got zeros everywhere\n`);
  });
});
