/**
 * The multi-coil rows of the MRI benchmark (issue 14), whole process against the whole BART
 * pipeline, on BART's 8-coil Shepp-Logan phantom at 256 x 256 (`bart phantom -s 8 -k -x 256`;
 * without bart, our own simulated 8-coil phantom, and the rows say the peer is missing):
 *
 * - Cartesian: the phantom's k-space times our seeded Poisson-disc mask (R ~ 6, 24 x 24 centre);
 *   ours `candor mri recon --kspace kspace.cfl --method l1-wavelet` (ESPIRiT inside) against
 *   `bart ecalib -m1` + `bart pics -S -l1 -r 0.005` (FISTA both: target 1.0).
 * - Radial: 48 spokes of `bart traj -r -x 512 -y 48` scaled 0.5, `bart phantom -s 8 -t`; ours
 *   `candor mri recon --traj traj.cfl --method tv` (ESPIRiT on the gridded centre) against
 *   `bart nufft -i -t` + `bart fft -u 3` + `bart ecalib -m1` + `bart pics -S -R T:3:0:0.005 -t`
 *   (BART's TV is ADMM, ours primal-dual: the rows compare the two pipelines end to end, target 1.0
 *   as issue 14 asks, the algorithm difference stated).
 *
 * Truth: the fully sampled reference, root sum of squares of the inverse FFT of the full
 * Cartesian k-space. Both sides are scored by the NRMSE of the magnitude with the optimal real
 * scale (each side's maps carry their own phase).
 *
 * Stopping rules (both sides the same rule):
 * (a) fixed count: ours --iters 100 --tol 0, BART pics -i 100 (Cartesian only: for ADMM -i counts
 *     conjugate-gradient steps, not iterations); accuracy rule ours NRMSE <= BART's;
 * (b) target NRMSE: T = the larger of ours after 100 iterations and BART's after -i 100
 *     (Cartesian) or at its default iterations (radial); each side stops at its first iteration
 *     with NRMSE <= T (ours: per-iteration NRMSE of one in-process run; BART: a sweep of
 *     pics -i 1, 2, ... on its own maps, cached in the case folder); accuracy rule ours <= T.
 *     BART's timed runs are scored too and reported, not gated: the same radial pipeline does not
 *     give the same NRMSE every run (measured Dec 2026: pics at its default iterations 0.07925 in
 *     the cached sweep, 0.07901 in four one-thread runs a day later, a timed run 0.07936, and
 *     pics -i 28 at two threads 0.07890 and 0.07881 on the same maps; the cause is not
 *     identified), so a gate on BART's run failed rows on BART's noise. A timed run above T
 *     stopped short of the target, which only makes BART's time shorter.
 *
 * Timing: ours is the whole `candor mri recon` process (spawn to exit: Node and tsx start-up,
 * reading the CFL, ESPIRiT, the reconstruction, writing the outputs); BART's is every command of
 * its pipeline spawn to exit, summed, at OMP_NUM_THREADS 1 and 2, the faster compared
 * (bench/peers/mri_bart_pi.py).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { espirit } from '../../src/apps/mri/coils/espirit.ts';
import { simulatedCoilMaps, simulateMultiCoil } from '../../src/apps/mri/coils/simulate.ts';
import { coilMajorToLast, coilsLastToMajor, rootSumOfSquares } from '../../src/apps/mri/coils/types.ts';
import { kspaceToImage } from '../../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../../src/apps/mri/masks/index.ts';
import { calibrationKspace, multiCoilAcquisition, nonCartesianAcquisition } from '../../src/apps/mri/multicoil.ts';
import { sheppLogan } from '../../src/apps/mri/phantom.ts';
import { type MultiCoilMethod, reconstructMultiCoil } from '../../src/apps/mri/recon/multicoil.ts';
import { magnitude, nrmseScaled } from '../../src/core/imaging/metrics.ts';
import { readCflFiles, writeCflFiles } from '../../src/io/node/formats.ts';
import { readCfl } from '../../src/io/cfl.ts';
import { trajectoryFromCfl, trajectoryToCfl } from '../../src/io/trajectory.ts';
import { radialTrajectory } from '../../src/linops/trajectories.ts';
import type { BenchCase } from '../harness.ts';
import { atMost } from '../verdict.ts';
import { bartVersion } from './bart.ts';

const N = 256;
const NC = 8;
const FIXED = 100;
type Kind = 'cartesian' | 'radial';

interface Setup {
  dir: string;
  truth: Float64Array;
  method: MultiCoilMethod;
  pics: string[];
  /** Our NRMSE after each iteration 1..FIXED. */
  curve: number[];
  bart: boolean;
}

const ONE = { ...process.env, OMP_NUM_THREADS: '1' };
function bartRun(dir: string, args: string[]): void {
  execFileSync('bart', args, { cwd: dir, stdio: 'pipe', env: ONE });
}
const magErr = (x: Float64Array, truth: Float64Array) => nrmseScaled(magnitude(x, N * N), truth);

const setups = new Map<Kind, Setup>();
function setup(kind: Kind): Setup {
  const known = setups.get(kind);
  if (known) return known;
  const dir = `bench/results/mri-pi-${kind}`;
  mkdirSync(dir, { recursive: true });
  const haveBart = bartVersion() !== null;
  const n = N * N;
  let full: Float64Array;
  if (haveBart) {
    bartRun(dir, ['phantom', '-s', String(NC), '-k', '-x', String(N), 'kfull']);
    full = coilsLastToMajor(readCflFiles(join(dir, 'kfull')).data, N, N, NC);
  } else {
    full = simulateMultiCoil(sheppLogan(N, N, { grid: 'bart' }), simulatedCoilMaps(N, N, NC)).kspace.data;
  }
  const imgs = new Float64Array(full.length);
  for (let c = 0; c < NC; c++) imgs.set(kspaceToImage(full.subarray(2 * n * c, 2 * n * (c + 1)), N, N), 2 * n * c);
  const truth = rootSumOfSquares({ ny: N, nx: N, nc: NC, data: imgs });
  writeCflFiles(join(dir, 'truth'), { shape: [N, N], data: truth, complex: false });
  const curve: number[] = [];
  const onIterate = (it: { x: Float64Array }) => {
    curve.push(magErr(it.x, truth));
  };
  let s: Setup;
  if (kind === 'cartesian') {
    const m = poissonDiscMask(N, N, { acceleration: 6, calib: 24, seed: 1 });
    const und = full.slice();
    for (let c = 0; c < NC; c++) for (let i = 0; i < n; i++) if (!m.mask[i]) und.fill(0, 2 * (c * n + i), 2 * (c * n + i) + 2);
    writeCflFiles(join(dir, 'kspace'), { shape: [N, N, 1, NC], data: coilMajorToLast(und, N, N, NC), complex: true });
    const k = { ny: N, nx: N, nc: NC, data: und };
    reconstructMultiCoil(multiCoilAcquisition(k), espirit(k).maps, { method: 'l1-wavelet', maxIter: FIXED, tol: 0, onIterate });
    s = { dir, truth, method: 'l1-wavelet', pics: ['-l1', '-r', '0.005'], curve, bart: haveBart };
  } else {
    let coords: Float64Array;
    let samples: Float64Array;
    if (haveBart) {
      bartRun(dir, ['traj', '-r', '-x', String(2 * N), '-y', '48', 't0']);
      bartRun(dir, ['scale', '0.5', 't0', 'traj']);
      bartRun(dir, ['phantom', '-s', String(NC), '-t', 'traj', 'kspace']);
      const t = trajectoryFromCfl(readCflFiles(join(dir, 'traj')), [N, N], { name: 'traj' });
      coords = t.coords;
      samples = coilsLastToMajor(readCflFiles(join(dir, 'kspace')).data, 1, t.samples, NC);
    } else {
      coords = radialTrajectory(48, 2 * N);
      const M = coords.length / 2;
      const T = trajectoryToCfl(coords, [N, N], [48, 2 * N]);
      writeCflFiles(join(dir, 'traj'), T);
      samples = new Float64Array(2 * M * NC); // no BART phantom to sample: a flat point for ours alone
      for (let c = 0; c < NC; c++) for (let j = 0; j < M; j++) samples[2 * (c * M + j)] = 1 / N;
      writeCflFiles(join(dir, 'kspace'), { shape: [1, 48, 2 * N, NC], data: coilMajorToLast(samples, 1, M, NC), complex: true });
    }
    const acq = nonCartesianAcquisition(N, N, coords, samples, NC);
    reconstructMultiCoil(acq, espirit(calibrationKspace(acq)).maps, { method: 'tv', maxIter: FIXED, tol: 0, onIterate });
    s = { dir, truth, method: 'tv', pics: ['-R', 'T:3:0:0.005'], curve, bart: haveBart };
  }
  setups.set(kind, s);
  return s;
}

/** BART's maps once (the pipeline's calibration steps), then pics -i j scored on magnitudes. */
function bartPicsError(kind: Kind, s: Setup, iters: number | null): number {
  const sens = join(s.dir, 'sens-sweep.cfl');
  if (!existsSync(sens)) {
    if (kind === 'cartesian') bartRun(s.dir, ['ecalib', '-m1', 'kspace', 'sens-sweep']);
    else {
      bartRun(s.dir, ['nufft', '-i', '-t', 'traj', 'kspace', 'ig-sweep']);
      bartRun(s.dir, ['fft', '-u', '3', 'ig-sweep', 'kg-sweep']);
      bartRun(s.dir, ['ecalib', '-m1', 'kg-sweep', 'sens-sweep']);
    }
  }
  const it = iters === null ? [] : ['-i', String(iters)];
  bartRun(s.dir, ['pics', '-S', ...s.pics, ...it, ...(kind === 'radial' ? ['-t', 'traj'] : []), 'kspace', 'sens-sweep', 'recon-sweep']);
  return magErr(readCfl(readFileSync(join(s.dir, 'recon-sweep.hdr')), readFileSync(join(s.dir, 'recon-sweep.cfl'))).data, s.truth);
}

interface Plan {
  ours100: number;
  bartRef: number;
  target: number;
  oursFirst: number;
  bartFirst: number;
}
const plans = new Map<Kind, Plan>();
function plan(kind: Kind): Plan {
  const known = plans.get(kind);
  if (known) return known;
  const s = setup(kind);
  const cache = join(s.dir, 'plan.json');
  const h = createHash('sha256');
  for (const f of ['kspace.cfl', 'truth.cfl']) h.update(readFileSync(join(s.dir, f)));
  h.update(JSON.stringify({ kind, pics: s.pics, version: bartVersion(), curve: s.curve }));
  const key = h.digest('hex');
  if (existsSync(cache)) {
    const c = JSON.parse(readFileSync(cache, 'utf8')) as { key: string; plan: Plan };
    if (c.key === key) {
      plans.set(kind, c.plan);
      return c.plan;
    }
  }
  const ours100 = s.curve[FIXED - 1];
  const bartRef = bartPicsError(kind, s, kind === 'cartesian' ? FIXED : null);
  const target = Math.max(ours100, bartRef);
  const oursFirst = s.curve.findIndex((e) => e <= target) + 1;
  let bartFirst = 0;
  for (let i = 1; i <= FIXED && bartFirst === 0; i++) if (bartPicsError(kind, s, i) <= target) bartFirst = i;
  if (oursFirst < 1 || bartFirst < 1) throw new Error(`bench mri: ${kind}: the target NRMSE ${target} was not reached within ${FIXED} iterations`);
  const p = { ours100, bartRef, target, oursFirst, bartFirst };
  writeFileSync(cache, `${JSON.stringify({ key, plan: p })}\n`);
  plans.set(kind, p);
  return p;
}

function multiCoilCase(kind: Kind, rule: 'fixed' | 'target'): BenchCase {
  const dir = `bench/results/mri-pi-${kind}`;
  const label = kind === 'cartesian' ? 'l1-wavelet SL 256, 8 coils, Poisson R6, ESPIRiT' : 'tv SL 256, 8 coils, radial 48 spokes, ESPIRiT';
  const bartSide = kind === 'cartesian' ? 'ecalib + pics -l1 -r 0.005' : 'nufft -i + fft + ecalib + pics -R T:3:0:0.005 -t';
  let pl: Plan | null = null;
  let oursErr = Number.NaN;
  let iters = FIXED;
  const peerArgs = ['/usr/bin/python3', 'bench/peers/mri_bart_pi.py', dir, kind, String(FIXED), '1,2', ...(kind === 'cartesian' ? ['-l1', '-r', '0.005'] : ['-R', 'T:3:0:0.005'])];
  const fixedRule = `both stop after ${FIXED} iterations (ours --iters ${FIXED} --tol 0; BART pics -i ${FIXED}); ours NRMSE <= BART's`;
  const targetRule =
    `both stop at their first iteration with NRMSE <= T = max(ours after ${FIXED}, BART after ${kind === 'cartesian' ? `-i ${FIXED}` : 'its default iterations'}) ` +
    '(ours: per-iteration NRMSE of one run; BART: sweep of pics -i 1, 2, ... on its maps); ours NRMSE <= T ' +
    "(BART's timed run is reported beside it, not gated: its NRMSE moves by ~3e-4 from run to run, and a run above T stopped early, which only shortens BART's time)";
  return {
    name: `multi-coil ${label}, whole process, ${rule === 'fixed' ? `both ${FIXED} it.` : 'both to target NRMSE'} vs bart ${bartSide}`,
    target: 1.0,
    accuracy:
      rule === 'fixed'
        ? { rule: fixedRule, check: (ours, peer) => peer !== null && atMost(ours, peer) }
        : { rule: targetRule, check: (ours) => pl !== null && atMost(ours, pl.target) },
    pairs: 3,
    minSeconds: 0.5,
    ours: () => {
      const s = setup(kind);
      if (s.bart) pl = plan(kind);
      if (rule === 'target' && pl) iters = pl.oursFirst;
      peerArgs[4] = rule === 'target' && pl ? String(pl.bartFirst) : String(FIXED);
      const out = mkdtempSync(join(tmpdir(), 'candor-bench-pi-'));
      const args = ['bin/candor.mjs', 'mri', 'recon', '--kspace', `${dir}/kspace.cfl`, ...(kind === 'radial' ? ['--traj', `${dir}/traj.cfl`] : []), '--method', s.method, '--iters', String(iters), '--tol', '0', '--threads', '2', '--out', out];
      const run = () => execFileSync(process.execPath, args, { stdio: 'pipe' });
      run();
      oursErr = magErr(readCfl(readFileSync(join(out, 'recon.hdr')), readFileSync(join(out, 'recon.cfl'))).data, s.truth);
      process.once('exit', () => rmSync(out, { recursive: true, force: true }));
      return {
        run,
        error: () => oursErr,
        detail: () =>
          `ours ${iters} iterations${pl ? `; BART pics ${rule === 'target' ? `-i ${pl.bartFirst}` : `-i ${FIXED}`}` : ''}` +
          (pl && rule === 'target' ? `; T = ${pl.target.toFixed(5)} (ours ${pl.ours100.toFixed(5)}, BART ${pl.bartRef.toFixed(5)})` : ''),
      };
    },
    peer: { cmd: peerArgs, pkg: 'bart' },
    note:
      'ratio = whole candor process (start-up, CFL read, ESPIRiT, reconstruction, outputs) / whole BART pipeline (every command spawn to exit, summed) at its faster OMP_NUM_THREADS (1 or 2); ' +
      `NRMSE of magnitudes against the fully sampled RSS; peer ${bartVersion() ?? 'missing'}` +
      (kind === 'radial' ? "; BART's pics -R T runs ADMM, ours primal-dual (pipelines compared end to end)" : ''),
  };
}

export function multiCoilCases(): BenchCase[] {
  return [multiCoilCase('cartesian', 'fixed'), multiCoilCase('cartesian', 'target'), multiCoilCase('radial', 'target')];
}
