/**
 * The demo's steps as library calls, each returning the numbers the report shows:
 * predict (planner), recover and certify and explain (a 1-D sparse signal, at the planned m and
 * below it), acquire and reconstruct an MR phantom, and a small phase-transition sweep.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AccelerationPlan,
  acquisition,
  magnitude,
  nrmseScaled,
  planAcceleration,
  poissonDiscMask,
  psnr,
  reconstruct,
  sheppLogan,
  simulateKspace,
  ssim,
  theoryReport,
} from '../../apps/mri/index.ts';
import type { TheoryReport } from '../../apps/mri/report.ts';
import { gemv } from '../../core/dense/gemv.ts';
import { createRng } from '../../core/rng/index.ts';
import { relError } from '../../core/vec.ts';
import type { TransitionSummary } from '../../experiments/analysis.ts';
import { reportSweep } from '../../experiments/node/report.ts';
import { runSweep } from '../../experiments/node/run-sweep.ts';
import { gaussianMatrix } from '../../linops/matrix.ts';
import { bpHomotopy } from '../../solvers/homotopy.ts';
import { initHighs } from '../../solvers/highs-runtime.ts';
import { certifyBP } from '../../theory/certify-bp.ts';
import { explain } from '../../theory/explain.ts';
import { type PlanResult, plan } from '../../predict/plan.ts';
import { successProbability } from '../../predict/probability.ts';

export interface PredictStep {
  n: number;
  k: number;
  plan: PlanResult;
  curve: { m: number; p: number }[];
}

export function predictStep(n: number, k: number): PredictStep {
  const p = plan({ n, k, target: 0.95 });
  const lo = Math.max(1, Math.floor(p.delta - 4 * p.sigma));
  const hi = Math.min(n, Math.ceil(p.delta + 4 * p.sigma));
  const curve = [];
  for (let m = lo; m <= hi; m++) curve.push({ m, p: successProbability({ n, k, m }).probability });
  return { n, k, plan: p, curve };
}

export interface RecoveryStep {
  n: number;
  m: number;
  k: number;
  error: number;
  success: boolean;
  iterations: number;
  seconds: number;
  verdict: string;
  /** Nonzeros of the BP solution and what the certificate concludes about the truth. */
  supportSize: number;
  truthStatement: string;
  certificate: { theta: number | null; margin: number | null; sigmaMin: number | null; method: string | null };
  predicted: number;
  paragraph: string;
  x0: Float64Array;
  x: Float64Array;
}

export async function recoveryStep(n: number, k: number, m: number, seed: number): Promise<RecoveryStep> {
  await initHighs();
  const rng = createRng(seed, 1, m);
  const A = gaussianMatrix(m, n, rng);
  const x0 = rng.sparseVector(n, k, 'signed', new Float64Array(n));
  const y = gemv(A, x0, new Float64Array(m));
  const r = bpHomotopy(A, y);
  const error = relError(r.x, x0);
  const cert = certifyBP(A, y, r.x, { ensemble: 'gaussian', xTrue: x0 });
  const ex = explain({ A, y, xTrue: x0, ensemble: 'gaussian' }, r);
  const c = cert.certificate;
  return {
    n,
    m,
    k,
    error,
    success: error <= 1e-6,
    iterations: r.iterations,
    seconds: r.seconds,
    verdict: cert.verdict,
    supportSize: cert.support.length,
    truthStatement: cert.truth.statement,
    certificate: { theta: c?.theta ?? null, margin: c?.margin ?? null, sigmaMin: c?.sigmaMin ?? null, method: c?.method ?? null },
    predicted: successProbability({ n, k, m }).probability,
    paragraph: ex.paragraph,
    x0,
    x: r.x,
  };
}

export interface MriStep {
  size: number;
  acceleration: number;
  samples: number;
  truth: Float64Array;
  zeroFilled: Float64Array;
  recon: Float64Array;
  mask: Uint8Array;
  metrics: { zeroFilled: { nrmse: number; psnr: number; ssim: number }; recon: { nrmse: number; psnr: number; ssim: number } };
  method: string;
  iterations: number;
  seconds: number;
  report: TheoryReport;
}

export function mriStep(size: number, acceleration: number, seed: number): MriStep {
  const truth = sheppLogan(size);
  const mk = poissonDiscMask(size, size, { acceleration, seed });
  const { kspace } = simulateKspace(truth, size, size, { mask: mk.mask });
  const acq = acquisition(kspace, mk.mask, size, size);
  const zf = reconstruct(acq, { method: 'zero-filled' });
  const r = reconstruct(acq, { method: 'l1-wavelet' });
  const n = size * size;
  const m = (img: Float64Array) => ({ nrmse: nrmseScaled(img, truth), psnr: psnr(img, truth), ssim: ssim(magnitude(img, n), truth, size, size) });
  return {
    size,
    acceleration: mk.acceleration,
    samples: mk.samples,
    truth,
    zeroFilled: magnitude(zf.image, n),
    recon: magnitude(r.image, n),
    mask: mk.mask,
    metrics: { zeroFilled: m(zf.image), recon: m(r.image) },
    method: r.method,
    iterations: r.iterations,
    seconds: r.seconds,
    report: theoryReport(acq, r, { truth, pattern: mk.kind }),
  };
}

/** Accelerations of the demo's MRI plan (one mask each; the first is the demo's own R = 4). */
export const DEMO_PLAN_R = [4, 6, 8, 10, 12];

/**
 * How far the same acquisition could go: planAcceleration on the phantom at R = 4 ... 12, one
 * Poisson-disc mask per R with the demo's seed (so its R = 4 row is the reconstruction above).
 */
export function mriPlanStep(size: number, seed: number): AccelerationPlan {
  return planAcceleration(sheppLogan(size), size, size, { accelerations: DEMO_PLAN_R, repeats: 1, seed });
}

export interface SweepStep {
  n: number;
  trials: number;
  ran: number;
  seconds: number;
  trialsPerSecond: number;
  transition: TransitionSummary;
  svg: string;
  files: string[];
}

export async function sweepStep(outDir: string, workers: number, onProgress: (done: number, total: number, rate: number, eta: number) => void): Promise<SweepStep> {
  const store = join(outDir, 'demo-sweeps.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(store + suffix, { force: true });
  const spec = { name: 'demo', ensemble: 'gaussian', signal: 'signed', solver: 'bp-homotopy', n: 100, delta: { from: 0.1, to: 0.9, count: 9 }, rho: { from: 0.05, to: 0.85, count: 9 }, trials: 12, seed: 1 };
  const r = await runSweep(spec, { store, workers, onProgress: (p) => onProgress(p.done, p.total, p.rate, p.eta) });
  const rep = await reportSweep(store, r.sweep.id, join(outDir, 'phase-transition'));
  const svg = readFileSync(join(outDir, 'phase-transition', 'phase-diagram.svg'), 'utf8');
  return { n: 100, trials: r.sweep.done, ran: r.ran, seconds: r.seconds, trialsPerSecond: r.trialsPerSecond, transition: rep.transition, svg, files: rep.files };
}
