/**
 * Multi-coil SENSE forward operators (Pruessmann et al., "SENSE: sensitivity encoding for fast
 * MRI", MRM 42 (1999) 952; "Advances in sensitivity encoding with arbitrary k-space
 * trajectories", MRM 46 (2001) 638), images [ny, nx] (complex) to the coils' samples,
 * concatenated coil by coil:
 *
 * - `senseCartesian(maps, mask)`:  A = [M F_c S_1; ...; M F_c S_nc] with S_c = diag(map c), F_c
 *   the centred unitary 2-D DFT (../kspace.ts) and M the sampled entries in row-major order of the
 *   mask (the data vector of `gatherSamples`, per coil). The normal operator is
 *   A^H A = sum_c S_c^H F_c^H M^T M F_c S_c. The centring shifts of F_c are folded into the maps
 *   and the mask (both stored in FFT order once), so each coil costs one plain FFT per
 *   direction and no shift passes: apply and adjoint nc FFTs each, normal 2 nc.
 * - `senseNonCartesian(maps, coords)`: A = [N S_1; ...; N S_nc] with N the NUFFT of the
 *   trajectory (../../linops/nufft.ts, the same centred convention), normal
 *   sum_c S_c^H T S_c with T = N^H N the Toeplitz embedding (one FFT pair on the 2x grid per
 *   coil, no gridding; ../../linops/nufft-toeplitz.ts).
 *
 * ||A||^2 <= max_r sum_c |S_c(r)|^2 (times ||N||^2 for the NUFFT, bounded by max |Khat|): the
 * Lipschitz bound the reconstructions use (`senseLipschitzBound`); ESPIRiT maps have
 * sum_c |S_c|^2 = 1 in the support, so the bound is 1 for Cartesian sampling.
 *
 * @example
 * import { senseCartesian } from './sense.ts';
 * // maps: CoilArray (nc maps), mask: Uint8Array ny nx
 * // const A = senseCartesian(maps, mask);  A.rows === nc * (number of samples)
 */
import { CandorError, describe } from '../../core/errors.ts';
import { fft2Plan } from '../../core/fft/fft2.ts';
import { ifftshift2 } from '../../core/fft/shift.ts';
import type { Team } from '../../core/parallel/team.ts';
import { accumulateCoil, scatterSamples, weightCoil, zeroUnsampled } from '../../linops/coil-normal-kernels.ts';
import { defineOperator } from '../../linops/define.ts';
import { type NufftPlan, nufftPlan } from '../../linops/nufft-plan.ts';
import { ToeplitzKernel } from '../../linops/nufft-toeplitz.ts';
import type { LinearOperator } from '../../linops/types.ts';
import type { CoilArray } from './coils/types.ts';
import { checkMask } from './masks/common.ts';

function checkMaps(where: string, maps: CoilArray): void {
  if (typeof maps !== 'object' || maps === null || !(maps.data instanceof Float64Array)) {
    throw new CandorError(where, 'coil maps', 'a CoilArray { ny, nx, nc, data }', describe(maps));
  }
  const { ny, nx, nc } = maps;
  if (!Number.isInteger(ny) || !Number.isInteger(nx) || !Number.isInteger(nc) || ny < 1 || nx < 1 || nc < 1 || maps.data.length !== 2 * ny * nx * nc) {
    throw new CandorError(where, 'coil maps', `${2 * ny * nx * nc} values (${nc} complex ${ny}x${nx} maps)`, describe(maps.data));
  }
}

/** FFT-order index of every pixel (ifftshift, the same map for k-space under fftshift^-1). */
function shiftIndex(ny: number, nx: number): Int32Array {
  const hy = ny >> 1;
  const hx = nx >> 1;
  const p = new Int32Array(ny * nx);
  for (let i = 0; i < ny; i++) {
    const ti = (i + ny - hy) % ny;
    for (let j = 0; j < nx; j++) p[i * nx + j] = ti * nx + ((j + nx - hx) % nx);
  }
  return p;
}

/** max_r sum_c |S_c(r)|^2: a bound on ||A||^2 of Cartesian SENSE (times ||N||^2 for the NUFFT). */
export function mapsPeakPower(maps: CoilArray): number {
  const n = maps.ny * maps.nx;
  const p = new Float64Array(n);
  for (let c = 0; c < maps.nc; c++) addCoilPower(maps.data, 2 * n * c, p);
  let m = 0;
  for (let i = 0; i < n; i++) if (p[i] > m) m = p[i];
  return m;
}

/** p_i += |S_c(i)|^2 for the coil at offset o (a function per coil: compiled after the first, where one loop over all coils ran cold). */
function addCoilPower(data: Float64Array, o: number, p: Float64Array): void {
  for (let i = 0; i < p.length; i++) {
    const re = data[o + 2 * i];
    const im = data[o + 2 * i + 1];
    p[i] += re * re + im * im;
  }
}

/** Options of {@link senseCartesian}. */
export interface CartesianSenseOptions {
  /**
   * A team (../../core/parallel/team.ts): the normal operator then splits the coils among its
   * parts (../../linops/coil-normal-kernels.ts) when given arrays from team.f64, and adds the
   * parts' sums in part order, so the result is bit-identical for any thread count of teams with
   * the same parts (other arrays: the one-thread operator, which sums the coils in one pass).
   */
  team?: Team;
}

/** Ids of Cartesian SENSE operators on a team (the `coils.normal` kernel's: whose maps its resident copy holds). */
let operators = 0;

/** Cartesian SENSE (see the file comment). */
export function senseCartesian(maps: CoilArray, mask: ArrayLike<number>, opts: CartesianSenseOptions = {}): LinearOperator {
  const where = 'senseCartesian';
  checkMaps(where, maps);
  const { ny, nx, nc } = maps;
  const m0 = checkMask(where, mask, ny, nx);
  const n = ny * nx;
  const perm = shiftIndex(ny, nx);
  let m = 0;
  for (let i = 0; i < n; i++) m += m0[i];
  if (m === 0) throw new CandorError(where, 'mask', 'at least one sampled entry', 'all zeros');
  const sampleIdx = new Int32Array(m);
  const keep = new Int32Array(n);
  for (let i = 0, j = 0; i < n; i++) {
    if (m0[i]) {
      sampleIdx[j++] = perm[i];
      keep[perm[i]] = -1; // all bits set: the resident pass's SIMD mask (../../linops/coil-normal-resident.ts)
    }
  }
  const team = opts.team ?? null;
  // maps in FFT order
  const S = team ? team.f64(2 * n * nc) : new Float64Array(2 * n * nc);
  // each coil's map into FFT order (perm is this roll), whole rows at a time
  for (let c = 0; c < nc; c++) ifftshift2(maps.data.subarray(2 * n * c, 2 * n * (c + 1)), S.subarray(2 * n * c, 2 * n * (c + 1)), ny, nx);
  const plan = fft2Plan(ny, nx);
  const xp = team ? team.f64(2 * n) : new Float64Array(2 * n);
  const u = new Float64Array(2 * n);
  const acc = new Float64Array(2 * n);
  const scale = 1 / Math.sqrt(n);
  const permute = (x: Float64Array) => {
    for (let i = 0; i < n; i++) {
      const t = 2 * perm[i];
      xp[t] = x[2 * i];
      xp[t + 1] = x[2 * i + 1];
    }
  };
  const unpermute = (out: Float64Array, s: number) => {
    for (let i = 0; i < n; i++) {
      const t = 2 * perm[i];
      out[2 * i] = acc[t] * s;
      out[2 * i + 1] = acc[t + 1] * s;
    }
  };
  /** u <- S_c xp. */
  const weight = (c: number) => weightCoil(S, 2 * n * c, xp, u, 0, n);
  /** acc += conj(S_c) u. */
  const accumulate = (c: number) => accumulateCoil(S, 2 * n * c, u, 0, acc, 0, n);
  let onTeam: ((x: Float64Array, out: Float64Array) => Float64Array) | null = null;
  let adjointOnTeam: ((y: Float64Array, out: Float64Array) => Float64Array | null) | null = null;
  if (team) {
    const P = team.parts;
    // FFT order is the image rolled by (sy, sx) (perm, ifftshift)
    const sy = ny - (ny >> 1);
    const sx = nx - (nx >> 1);
    const tKeep = team.i32(n);
    tKeep.set(keep);
    const tAcc = team.f64(2 * n * P);
    const tU = team.f64(2 * n * P);
    const id = ++operators;
    onTeam = (x, out) => {
      const t = team as Team;
      t.run('coils.permute', [x, xp], ny, nx, sy, sx);
      t.run('coils.normal', [xp, S, tKeep, tAcc, tU], ny, nx, nc, id);
      t.run('coils.combine', [tAcc, out], 1 / n, P, ny, nx, sy, sx);
      return out;
    };
    // the adjoint's coils split among the parts too (the data's A^H y of a reconstruction's set-up);
    // its arrays made with the operator's (a copy made later could be handed a freed array of
    // this operator's by a closed scope's pool)
    const tIdx = team.i32(m);
    tIdx.set(sampleIdx);
    const tY = team.f64(2 * m * nc);
    const tOut = team.f64(2 * n);
    adjointOnTeam = (y, out) => {
      const t = team as Team;
      // a closed scope freed them: the one-thread path below, as the normal falls back
      if (!t.owns(tY) || !t.owns(S)) return null;
      tY.set(y);
      t.run('coils.adjoint', [tY, S, tIdx, tAcc, tU], ny, nx, nc, id);
      t.run('coils.combine', [tAcc, tOut], scale, P, ny, nx, sy, sx);
      out.set(tOut);
      return out;
    };
  }
  return defineOperator({
    name: `SENSE(${ny}x${nx}, ${nc} coils, ${m} samples${team ? `, ${team.parts} parts` : ''})`,
    domain: [ny, nx],
    range: [nc * m],
    field: 'complex',
    apply: (x, out) => {
      permute(x);
      for (let c = 0; c < nc; c++) {
        weight(c);
        plan.exec(u, 0, u, 0, false);
        const o = 2 * m * c;
        for (let j = 0; j < m; j++) {
          const t = 2 * sampleIdx[j];
          out[o + 2 * j] = u[t] * scale;
          out[o + 2 * j + 1] = u[t + 1] * scale;
        }
      }
      return out;
    },
    adjoint: (y, out) => {
      if (adjointOnTeam?.(y, out)) return out;
      acc.fill(0);
      for (let c = 0; c < nc; c++) {
        u.fill(0);
        scatterSamples(y, 2 * m * c, sampleIdx, u, 0);
        plan.exec(u, 0, u, 0, true);
        accumulate(c);
      }
      unpermute(out, scale);
      return out;
    },
    normal: (x, out) => {
      if (onTeam && team?.owns(x) && team.owns(out)) return onTeam(x, out);
      permute(x);
      acc.fill(0);
      for (let c = 0; c < nc; c++) {
        weight(c);
        plan.exec(u, 0, u, 0, false);
        zeroUnsampled(u, 0, keep, n);
        plan.exec(u, 0, u, 0, true);
        accumulate(c);
      }
      unpermute(out, 1 / n);
      return out;
    },
    cheapNormal: true,
  });
}

export interface NonCartesianSenseOptions {
  /** NUFFT kernel width (default the plan's, 7). */
  width?: number;
  /** NUFFT grid oversampling (default 2). */
  oversampling?: number;
  /** An existing plan of the trajectory (its shape must be [ny, nx]). */
  plan?: NufftPlan;
  /**
   * Sample weights w_j >= 0 (e.g. density compensation): the operator becomes W^{1/2} A, its
   * normal A^H W A (the Toeplitz kernel of the weights).
   */
  weights?: Float64Array;
}

/** Non-Cartesian SENSE through the NUFFT, with the Toeplitz normal (see the file comment). */
export function senseNonCartesian(maps: CoilArray, coords: ArrayLike<number>, opts: NonCartesianSenseOptions = {}): LinearOperator {
  const where = 'senseNonCartesian';
  checkMaps(where, maps);
  const { ny, nx, nc } = maps;
  const plan = opts.plan ?? nufftPlan([ny, nx], coords, { width: opts.width, oversampling: opts.oversampling });
  if (plan.shape.length !== 2 || plan.shape[0] !== ny || plan.shape[1] !== nx) {
    throw new CandorError(where, 'plan', `a NUFFT plan of ${ny}x${nx} images (the maps' size)`, plan.shape.join('x'));
  }
  const n = ny * nx;
  const M = plan.samples;
  const S = maps.data;
  const u = new Float64Array(2 * n);
  const v = new Float64Array(2 * n);
  let sqw: Float64Array | null = null;
  const weights = opts.weights ?? null;
  if (weights) {
    if (!(weights instanceof Float64Array) || weights.length !== M) throw new CandorError(where, 'weights', `${M} sample weights`, describe(weights));
    sqw = new Float64Array(M);
    for (let j = 0; j < M; j++) {
      if (!(weights[j] >= 0) || !Number.isFinite(weights[j])) throw new CandorError(where, `weight of sample ${j}`, 'a finite number >= 0', describe(weights[j]));
      sqw[j] = Math.sqrt(weights[j]);
    }
  }
  const yw = sqw ? new Float64Array(2 * M) : null;
  let toeplitz: ToeplitzKernel | null = null;
  const weight = (c: number, x: Float64Array) => {
    const o = 2 * n * c;
    for (let i = 0; i < 2 * n; i += 2) {
      const sr = S[o + i];
      const si = S[o + i + 1];
      u[i] = sr * x[i] - si * x[i + 1];
      u[i + 1] = sr * x[i + 1] + si * x[i];
    }
  };
  const accumulate = (c: number, src: Float64Array, out: Float64Array) => {
    const o = 2 * n * c;
    for (let i = 0; i < 2 * n; i += 2) {
      const sr = S[o + i];
      const si = S[o + i + 1];
      out[i] += sr * src[i] + si * src[i + 1];
      out[i + 1] += sr * src[i + 1] - si * src[i];
    }
  };
  return defineOperator({
    name: `SENSE-NUFFT(${ny}x${nx}, ${nc} coils, ${M} samples${weights ? ', weighted' : ''})`,
    domain: [ny, nx],
    range: [nc * M],
    field: 'complex',
    apply: (x, out) => {
      for (let c = 0; c < nc; c++) {
        weight(c, x);
        const o = out.subarray(2 * M * c, 2 * M * (c + 1));
        plan.forward(u, o);
        if (sqw) {
          for (let j = 0; j < M; j++) {
            o[2 * j] *= sqw[j];
            o[2 * j + 1] *= sqw[j];
          }
        }
      }
      return out;
    },
    adjoint: (y, out) => {
      out.fill(0);
      for (let c = 0; c < nc; c++) {
        let yc = y.subarray(2 * M * c, 2 * M * (c + 1));
        if (sqw && yw) {
          for (let j = 0; j < M; j++) {
            yw[2 * j] = yc[2 * j] * sqw[j];
            yw[2 * j + 1] = yc[2 * j + 1] * sqw[j];
          }
          yc = yw;
        }
        plan.adjoint(yc, v);
        accumulate(c, v, out);
      }
      return out;
    },
    normal: (x, out) => {
      toeplitz ??= new ToeplitzKernel(plan, weights);
      out.fill(0);
      for (let c = 0; c < nc; c++) {
        weight(c, x);
        toeplitz.apply(u, v);
        accumulate(c, v, out);
      }
      return out;
    },
    cheapNormal: true,
  });
}

/**
 * max |Khat|: a bound on the norm of the Toeplitz normal N^H W N of a plan (the circulant that
 * embeds it has the eigenvalues Khat).
 */
export function nufftNormBound(plan: NufftPlan, weights: Float64Array | null = null): number {
  const k = new ToeplitzKernel(plan, weights);
  let m = 0;
  const total = k.khat.length;
  for (let i = 0; i < total; i++) m = Math.max(m, Math.abs(k.khat[i]));
  return m * total;
}
