/**
 * Lambda benchmark (issue 18): what choosing the regularisation weight automatically costs, as a
 * multiple of one reconstruction at the chosen weight (the target: at most 3x, thanks to
 * warm starts along the path). Ours alone: no peer chooses the weight this way (BART and SigPy
 * have no automatic weight; scikit-learn's LassoCV / LassoLarsIC solve a different path), so the
 * rows are informational and the cost ratio, measured side by side in the same timed call
 * (the choice, then one cold reconstruction at the chosen weight, alternated), is the detail.
 *
 * Cases:
 * - MRI: Shepp-Logan 256 x 256, Poisson disc R = 4 (seed 1), 30 dB (seed 3), l1-wavelet (FISTA,
 *   cycle spinning, 100 iterations): `reconstruct(acq, { autoLambda: { rule } })` (the noise
 *   estimated from the k-space) against `reconstruct(acq, { lambda: chosen })`, for SURE (the
 *   default: a 10-point path and its Monte-Carlo probe chain, 7 iterations per point), the
 *   hold-out rule cv (the same two chains on the kept 85% of the samples) and the discrepancy
 *   principle (one 12-point chain of 8 iterations per point).
 * - LASSO: n = 1000, m = 300, k = 30, sigma = 0.01 and 0.05 given: `chooseLassoLambda` (SURE over
 *   50 weights on the exact homotopy path, df = support size, plus the criterion at every knot)
 *   against one reconstruction at the chosen weight as `candor recover --lambda <chosen>` runs it:
 *   chooseSolver's default for a dense real matrix, `lassoCD` (tolerance 1e-9), cold.
 */
import { acquisition } from '../../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../../src/apps/mri/masks/index.ts';
import { sheppLogan } from '../../src/apps/mri/phantom.ts';
import { reconstruct } from '../../src/apps/mri/recon/reconstruct.ts';
import { gemv } from '../../src/core/dense/gemv.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { lassoCD } from '../../src/solvers/coordinate-descent.ts';
import type { LambdaRule } from '../../src/solvers/lambda-choice.ts';
import { chooseLassoLambda } from '../../src/solvers/lambda-lasso.ts';
import type { BenchCase } from '../harness.ts';

const INFO = 'ours alone: no peer chooses the weight this way; the issue target (choice <= 3x one reconstruction) is the ratio in the detail';
const ANY = { rule: 'none: the chosen weight is the same in every run (deterministic); the cost ratio is the measurement', check: () => true };

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[s.length >> 1] : Number.NaN;
}

/** One timed call = the choice and then one reconstruction at the chosen weight; both recorded. */
function costCase(name: string, note: string, prepare: () => { choose: () => number; once: (lambda: number) => void }): BenchCase {
  return {
    name,
    target: null,
    informational: INFO,
    accuracy: ANY,
    pairs: 3,
    minSeconds: 0,
    note,
    ours: () => {
      const p = prepare();
      const choice: number[] = [];
      const single: number[] = [];
      let lambda = Number.NaN;
      return {
        run: () => {
          let t = performance.now();
          lambda = p.choose();
          choice.push(performance.now() - t);
          t = performance.now();
          p.once(lambda);
          single.push(performance.now() - t);
        },
        error: () => null,
        detail: () =>
          `choice ${(median(choice) / 1000).toFixed(2)} s, one reconstruction at lambda = ${lambda.toPrecision(3)} ${(median(single) / 1000).toFixed(2)} s: ` +
          `the choice costs ${(median(choice) / median(single)).toFixed(2)}x (target <= 3x; per-run ratios ${choice.map((c, i) => (c / single[i]).toFixed(2)).join(', ')})`,
      };
    },
  };
}

function mriCase(rule: LambdaRule): BenchCase {
  return costCase(
    `MRI l1-wavelet 256x256 R=4 30 dB: --lambda auto:${rule}`,
    'timed: the whole choice (path + final reconstruction warm-started) then one cold reconstruction at the chosen weight',
    () => {
      const N = 256;
      const truth = sheppLogan(N);
      const { mask } = poissonDiscMask(N, N, { acceleration: 4, seed: 1 });
      const { kspace } = simulateKspace(truth, N, N, { mask, snrDb: 30, seed: 3 });
      const acq = acquisition(kspace, mask, N, N);
      return {
        choose: () => reconstruct(acq, { method: 'l1-wavelet', autoLambda: { rule } }).lambda,
        once: (lambda) => {
          reconstruct(acq, { method: 'l1-wavelet', lambda });
        },
      };
    },
  );
}

export function lassoCase(sigma: number): BenchCase {
  const note = 'timed: chooseLassoLambda (noise given; the exact path) then lassoCD at the chosen weight, cold (what recover --lambda <chosen> runs: chooseSolver picks lasso-cd)';
  return costCase(`LASSO n=1000 m=300 k=30 sigma=${sigma}: SURE over 50 weights (exact path)`, note, () => {
    const n = 1000;
    const m = 300;
    const rng = createRng(0, 77);
    const A = gaussianMatrix(m, n, rng);
    const x0 = rng.sparseVector(n, 30, 'signed', new Float64Array(n));
    const y = gemv(A, x0, new Float64Array(m));
    const e = rng.fillNormal(new Float64Array(m), 0, sigma);
    for (let i = 0; i < m; i++) y[i] += e[i];
    return {
      choose: () => chooseLassoLambda(A, y, { rule: 'sure', noiseStd: sigma }).lambda,
      once: (lambda) => {
        lassoCD(A, y, { lambda });
      },
    };
  });
}

export function cases(): BenchCase[] {
  return [mriCase('sure'), mriCase('cv'), mriCase('discrepancy'), lassoCase(0.01), lassoCase(0.05)];
}
