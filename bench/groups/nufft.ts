/**
 * NUFFT benchmark (issue 13): ours against BART 0.8 `nufft` on a 256 x 256 image, with
 *   - radial: `bart traj -r -x 512 -y 64` scaled by 0.5 (64 spokes of 512 samples, 2x readout
 *     oversampling, |k| <= 127.75 of the grid's [-128, 128)), made by BART;
 *   - spiral: our constant-density spiral, 16 interleaves x 2048 samples, 8 turns (Nyquist for 256),
 *     written in BART's layout.
 * Both sides read the same trajectory file (ours through src/io's readTrajectoryFile), the same
 * image and the same k-space; BART runs with -P (periodic k-space, its accurate setting at the
 * k-space edge, see the peer). Rows: forward (type 2), adjoint (type 1), and the inverse by 10 CG
 * iterations on the normal equations with the Toeplitz normal operator (BART: `nufft -i -m 10`,
 * whose A^H A is Toeplitz-embedded by default: PSF on a 2x grid, one FFT pair per iteration; ours:
 * toeplitzNormal, the same algorithm, plain CG from 0 as BART's iter_conjgrad with tol 0).
 *
 * Timing: BART's whole command (process start, reading and writing .cfl, its plan and transform),
 * with OMP_NUM_THREADS = 1 and 2; ours in this process, single-threaded, from arrays in memory,
 * *including* the plan (kernel values, sorting; for the inverse also the Toeplitz kernel) on every
 * call, excluding our file I/O and process start. The note gives our apply time with a precomputed
 * plan (repeated use on one trajectory) for orientation. Accuracy: relative error against the exact
 * result in numpy (NDFT, its adjoint, or 10 exact CG iterations), computed by the peer script.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRng } from '../../src/core/rng/index.ts';
import { readCflFiles, readNpyFile, writeCflFiles } from '../../src/io/node/formats.ts';
import { readTrajectoryFile } from '../../src/io/node/trajectory-file.ts';
import { trajectoryToCfl } from '../../src/io/trajectory.ts';
import { nufftPlan } from '../../src/linops/nufft-plan.ts';
import { ToeplitzKernel } from '../../src/linops/nufft-toeplitz.ts';
import { spiralTrajectory } from '../../src/linops/trajectories.ts';
import { timeCall, type BenchCase } from '../harness.ts';

const DIR = 'bench/results/nufft';
const N = 256;
const ITERS = 10;
type Traj = 'radial' | 'spiral';
type Mode = 'forward' | 'adjoint' | 'inverse';

function randomComplex(n: number, seed: number): Float64Array {
  const r = createRng(seed);
  const a = new Float64Array(2 * n);
  for (let i = 0; i < a.length; i++) a[i] = r.normal();
  return a;
}

let prepared = false;
function prepare(): void {
  if (prepared) return;
  mkdirSync(DIR, { recursive: true });
  writeCflFiles(`${DIR}/img`, { shape: [N, N], data: randomComplex(N * N, 1), complex: true });
  if (!existsSync(`${DIR}/radial.cfl`)) {
    try {
      execFileSync('bart', ['traj', '-r', '-x', '512', '-y', '64', 'radial_x'], { cwd: DIR, stdio: 'pipe' });
      execFileSync('bart', ['scale', '0.5', 'radial_x', 'radial'], { cwd: DIR, stdio: 'pipe' });
    } catch {
      // without bart: the same trajectory from our generator (equal to bart traj, test/linops/trajectories.test.ts)
      const c = radialOrdered(64, 512);
      writeCflFiles(`${DIR}/radial`, trajectoryToCfl(c, [N, N], [512, 64]));
    }
  }
  // the spiral in BART's sample order [samples, interleaves]
  const L = 16;
  const S = 2048;
  const sp = spiralTrajectory(L, S, 8);
  const ord = new Float64Array(sp.length);
  for (let s = 0; s < S; s++) for (let l = 0; l < L; l++) for (let i = 0; i < 2; i++) ord[2 * (s * L + l) + i] = sp[2 * (l * S + s) + i];
  writeCflFiles(`${DIR}/spiral`, trajectoryToCfl(ord, [N, N], [S, L]));
  for (const t of ['radial', 'spiral'] as const) {
    const { sampleShape } = readTrajectoryFile(`${DIR}/${t}.cfl`, [N, N]);
    const m = sampleShape[0] * sampleShape[1];
    writeCflFiles(`${DIR}/ks_${t}`, { shape: [1, ...sampleShape], data: randomComplex(m, t === 'radial' ? 2 : 3), complex: true });
  }
  prepared = true;
}

/** radialTrajectory's spokes in BART's [samples, spokes] C order (fallback when bart is missing). */
function radialOrdered(P: number, S: number): Float64Array {
  const c = new Float64Array(2 * P * S);
  for (let p = 0; p < P; p++) {
    const th = (Math.PI * p) / P;
    for (let s = 0; s < S; s++) {
      const r = (s - S / 2 + 0.5) / S;
      c[2 * (s * P + p)] = r * Math.sin(th);
      c[2 * (s * P + p) + 1] = r * Math.cos(th);
    }
  }
  return c;
}

function rel(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return Math.sqrt(d / s);
}

/** Plain CG on T x = b from 0 for `iters` iterations (BART's iter_conjgrad with tol 0). */
function cg(T: ToeplitzKernel, b: Float64Array, iters: number, x: Float64Array, r: Float64Array, p: Float64Array, q: Float64Array): Float64Array {
  x.fill(0);
  r.set(b);
  p.set(b);
  let rs = 0;
  for (let i = 0; i < r.length; i++) rs += r[i] * r[i];
  for (let it = 0; it < iters; it++) {
    T.apply(p, q);
    let pq = 0;
    for (let i = 0; i < p.length; i++) pq += p[i] * q[i];
    const alpha = rs / pq;
    let rn = 0;
    for (let i = 0; i < x.length; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      rn += r[i] * r[i];
    }
    const beta = rn / rs;
    for (let i = 0; i < p.length; i++) p[i] = r[i] + beta * p[i];
    rs = rn;
  }
  return x;
}

function nufftCase(traj: Traj, mode: Mode, threads: 1 | 2): BenchCase {
  let oursOut: Float64Array | null = null;
  let planned = Number.NaN;
  const label = mode === 'inverse' ? `inverse (${ITERS} CG iterations, Toeplitz normal)` : mode === 'forward' ? 'forward (type 2)' : 'adjoint (type 1)';
  const traits = traj === 'radial' ? '64 spokes x 512' : 'spiral 16 x 2048';
  return {
    name: `${label} 256x256, ${traits} vs bart (OMP ${threads})`,
    target: 1.0,
    pairs: 5,
    minSeconds: 0.5,
    accuracy: {
      rule: "relative error against the exact NDFT (numpy) at most BART's",
      check: (ours, peer) => (ours === null || peer === null ? null : ours <= peer),
    },
    ours: async () => {
      prepare();
      const { coords } = readTrajectoryFile(`${DIR}/${traj}.cfl`, [N, N]);
      const M = coords.length / 2;
      const img = readCflFiles(`${DIR}/img`).data;
      const ks = readCflFiles(`${DIR}/ks_${traj}`).data;
      const outM = new Float64Array(2 * M);
      const outN = new Float64Array(2 * N * N);
      const b = new Float64Array(2 * N * N);
      const work = [0, 1, 2, 3].map(() => new Float64Array(2 * N * N));
      const run = (): Float64Array => {
        const plan = nufftPlan([N, N], coords);
        if (mode === 'forward') return plan.forward(img, outM);
        if (mode === 'adjoint') return plan.adjoint(ks, outN);
        const T = new ToeplitzKernel(plan, null);
        plan.adjoint(ks, b);
        return cg(T, b, ITERS, work[0], work[1], work[2], work[3]);
      };
      oursOut = run().slice();
      // repeated use on one trajectory: the apply alone with a precomputed plan (and Toeplitz kernel)
      const plan = nufftPlan([N, N], coords);
      const T = mode === 'inverse' ? new ToeplitzKernel(plan, null) : null;
      planned = await timeCall(() => {
        if (mode === 'forward') plan.forward(img, outM);
        else if (mode === 'adjoint') plan.adjoint(ks, outN);
        else T?.apply(b, outN);
      }, 0.3);
      return {
        run,
        error: () => {
          const path = `${DIR}/ref_${traj}_${mode}${mode === 'inverse' ? `_${ITERS}` : ''}.npy`;
          if (!existsSync(path) || !oursOut) return null; // no reference: the peer is missing
          return rel(oursOut, readNpyFile(path).data);
        },
      };
    },
    peer: {
      cmd: ['/usr/bin/python3', 'bench/peers/nufft_bart.py', DIR, traj, mode, String(ITERS)],
      env: { OMP_NUM_THREADS: String(threads) },
      pkg: 'bart',
    },
    get note() {
      const what = mode === 'inverse' ? 'one Toeplitz normal application' : 'the transform';
      return `ours: plan + ${mode === 'inverse' ? 'Toeplitz kernel + adjoint + CG' : 'transform'} per call, width 7, grid 512x512; with a precomputed plan ${what} takes ${(planned * 1e3).toFixed(1)} ms`;
    },
  };
}

export function cases(): BenchCase[] {
  const out: BenchCase[] = [];
  for (const traj of ['radial', 'spiral'] as const) {
    for (const mode of ['forward', 'adjoint', 'inverse'] as const) {
      for (const threads of [1, 2] as const) out.push(nufftCase(traj, mode, threads));
    }
  }
  return out;
}
