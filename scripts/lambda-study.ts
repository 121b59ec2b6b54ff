/**
 * The acceptance study of docs/lambda.md (issue 18): how often the automatically chosen weight is
 * as good as the best weight on a grid (the oracle). Prints one markdown row per case and rule.
 *
 *   node --import tsx scripts/lambda-study.ts lasso [seeds=50] [noise=given|estimated] [rows.jsonl]
 *     n = 1000, m = 300, k = 30 (Gaussian A, N(0, 1/m) entries, signed unit spikes), sigma 0.01
 *     and 0.05: SURE's weight (50-point exact path from lambda_max down to 1e-3 lambda_max)
 *     counts when its relative error ||x - x0|| / ||x0|| is within 10% of the path's best (the
 *     oracle: the best of the same 50 grid solutions). The reconstruction at the chosen weight is
 *     the exact LASSO solution there (lassoHomotopy); SURE's minimum over the path's knots
 *     (exactPath.minimum) is scored too. One JSON line per seed goes to rows.jsonl as it is done.
 *   node --import tsx scripts/lambda-study.ts mri [seeds=20] [size=256] [rules=sure,gcv,discrepancy,lcurve]
 *     Shepp-Logan size x size, Poisson disc R = 4, SNR 20 and 30 dB, l1-wavelet: the automatic
 *     weight counts when its PSNR is within 0.5 dB of the best of a 30-point grid from 0.1 down
 *     to 1e-4 (noise estimated from the k-space).
 */
import { acquisition } from '../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../src/apps/mri/masks/index.ts';
import { sheppLogan } from '../src/apps/mri/phantom.ts';
import { reconstruct } from '../src/apps/mri/recon/reconstruct.ts';
import { gemv } from '../src/core/dense/gemv.ts';
import { psnr } from '../src/core/imaging/metrics.ts';
import { createRng } from '../src/core/rng/index.ts';
import { relError } from '../src/core/vec.ts';
import { gaussianMatrix } from '../src/linops/matrix.ts';
import { appendFileSync } from 'node:fs';
import { lassoHomotopy } from '../src/solvers/homotopy.ts';
import { geometricLambdas, type LambdaRule } from '../src/solvers/lambda-choice.ts';
import { chooseLassoLambda } from '../src/solvers/lambda-lasso.ts';
import { lassoGridPath } from '../src/solvers/lambda-lasso-path.ts';

const [what = 'lasso', seedsArg, third, fourth] = process.argv.slice(2);

function lassoStudy(seeds: number, noiseGiven: boolean, rowsFile?: string): void {
  const n = 1000;
  const m = 300;
  const k = 30;
  console.log(`| LASSO n ${n}, m ${m}, k ${k} | sigma | noise | seeds | SURE within 10% of the oracle | median error ratio | worst |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const sigma of [0.01, 0.05]) {
    let ok = 0;
    const ratios: number[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const rng = createRng(seed, 77);
      const A = gaussianMatrix(m, n, rng);
      const x0 = rng.sparseVector(n, k, 'signed', new Float64Array(n));
      const y = gemv(A, x0, new Float64Array(m));
      const e = rng.fillNormal(new Float64Array(m), 0, sigma);
      for (let i = 0; i < m; i++) y[i] += e[i];
      const t0 = performance.now();
      const c = chooseLassoLambda(A, y, { rule: 'sure', ...(noiseGiven ? { noiseStd: sigma } : {}) });
      const seconds = (performance.now() - t0) / 1000;
      // the oracle: the best relative error on the same grid, the path's exact solutions
      const grid = lassoGridPath(A, y, Float64Array.from(c.path, (q) => q.lambda));
      let best = Number.POSITIVE_INFINITY;
      let bestLambda = Number.NaN;
      for (let i = 0; i < grid.xs.length; i++) {
        const e = relError(grid.xs[i], x0);
        if (e < best) {
          best = e;
          bestLambda = c.path[i].lambda;
        }
      }
      const err = relError(lassoHomotopy(A, y, { lambda: c.lambda, historyEvery: 0 }).x, x0);
      const knot = c.exactPath?.minimum ?? null;
      const knotErr = knot ? relError(lassoHomotopy(A, y, { lambda: knot.lambda, historyEvery: 0 }).x, x0) : Number.NaN;
      ratios.push(err / best);
      if (err <= 1.1 * best) ok++;
      if (rowsFile) {
        const row = { sigma, noise: noiseGiven ? 'given' : 'estimated', seed, noiseStd: c.noiseStd, lambda: c.lambda, index: c.position.index, error: err, oracle: best, oracleLambda: bestLambda, ratio: err / best, knotLambda: knot?.lambda ?? null, knotRatio: knotErr / best, seconds };
        appendFileSync(rowsFile, `${JSON.stringify(row)}\n`);
      }
    }
    ratios.sort((a, b) => a - b);
    console.log(`| | ${sigma} | ${noiseGiven ? 'given' : 'estimated'} | ${seeds} | ${ok}/${seeds} (${((100 * ok) / seeds).toFixed(0)}%) | ${ratios[ratios.length >> 1].toFixed(3)} | ${ratios[ratios.length - 1].toFixed(3)} |`);
  }
}

function mriStudy(seeds: number, size: number, rules: LambdaRule[]): void {
  const truth = sheppLogan(size);
  const { mask } = poissonDiscMask(size, size, { acceleration: 4, seed: 1 });
  const grid = geometricLambdas(0.1, 1e-4, 30);
  console.log(`| Shepp-Logan ${size}, R 4 | SNR dB | rule | seeds | within 0.5 dB of the oracle | median PSNR gap dB | worst | cost / one recon |`);
  console.log('|---|---|---|---|---|---|---|---|');
  for (const snr of [20, 30]) {
    const gaps = new Map<LambdaRule, number[]>(rules.map((r) => [r, []]));
    const costs = new Map<LambdaRule, number[]>(rules.map((r) => [r, []]));
    for (let seed = 0; seed < seeds; seed++) {
      const { kspace } = simulateKspace(truth, size, size, { mask, snrDb: snr, seed: 100 + seed });
      const acq = acquisition(kspace, mask, size, size);
      let oracle = Number.NEGATIVE_INFINITY;
      for (const l of grid) oracle = Math.max(oracle, psnr(reconstruct(acq, { method: 'l1-wavelet', lambda: l }).image, truth));
      let t = performance.now();
      reconstruct(acq, { method: 'l1-wavelet' });
      const one = performance.now() - t;
      for (const rule of rules) {
        t = performance.now();
        const r = reconstruct(acq, { method: 'l1-wavelet', autoLambda: { rule } });
        costs.get(rule)?.push((performance.now() - t) / one);
        gaps.get(rule)?.push(oracle - psnr(r.image, truth));
      }
    }
    for (const rule of rules) {
      const g = (gaps.get(rule) as number[]).sort((a, b) => a - b);
      const c = (costs.get(rule) as number[]).sort((a, b) => a - b);
      const ok = g.filter((v) => v <= 0.5).length;
      console.log(`| | ${snr} | ${rule} | ${seeds} | ${ok}/${seeds} | ${g[g.length >> 1].toFixed(2)} | ${g[g.length - 1].toFixed(2)} | ${c[c.length >> 1].toFixed(2)} |`);
    }
  }
}

if (what === 'lasso') lassoStudy(Number(seedsArg ?? 50), (third ?? 'given') === 'given', fourth);
else if (what === 'mri') mriStudy(Number(seedsArg ?? 20), Number(third ?? 256), (fourth ?? 'sure,gcv,discrepancy,lcurve').split(',') as LambdaRule[]);
else throw new Error(`lambda-study: expected lasso or mri, got ${what}`);
