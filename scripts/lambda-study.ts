/** y = A x0 + e: Gaussian A (N(0, 1/m) entries), k signed unit spikes, noise sigma, from one rng. */
function lassoProblem(rng: ReturnType<typeof createRng>, m: number, n: number, k: number, sigma: number) {
  const A = gaussianMatrix(m, n, rng);
  const x0 = rng.sparseVector(n, k, 'signed', new Float64Array(n));
  const y = gemv(A, x0, new Float64Array(m));
  const e = rng.fillNormal(new Float64Array(m), 0, sigma);
  for (let i = 0; i < m; i++) y[i] += e[i];
  return { A, x0, y };
}

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
 *   node --import tsx scripts/lambda-study.ts lasso-stop [seeds=50]
 *     The same problems with the noise std given, scaled by 0.8, 1 and 1.25: SURE on the whole
 *     50-point exact path, and for each case the smallest `stopAfter` (grid points past the running
 *     minimum, ./src/solvers/lambda-choice.ts) that still reaches the grid's minimum. The default
 *     (8) is set from this table.
 *   node --import tsx scripts/lambda-study.ts lasso-stop-shapes [seeds=40]
 *     The stop across shapes from 20 x 80 to 300 x 1000 (k random in [0.05 m, 0.3 m), sigma 0.01,
 *     0.05, 0.2): the stop needed, the support at the minimum it waited past, and whether the
 *     default (8, only with m >= 150 and that support <= m / 2) chooses the whole grid's weight.
 *   node --import tsx scripts/lambda-study.ts mri [seeds=20] [size=256] [rules=cv,sure,gcv,discrepancy,lcurve] [out=lambda-study-mri.jsonl]
 *     Shepp-Logan size x size and the EPI slice (nibabel_example4d, z 12, t 0, 128 x 96; k-space
 *     simulated from the magnitude image), Poisson disc R = 4, SNR 20 and 30 dB, noise seeds
 *     100 ... 100 + seeds - 1, l1-wavelet with the defaults: the automatic weight (noise
 *     estimated from the k-space) counts when its PSNR is within 0.5 dB of the oracle, the best
 *     PSNR of the standard reconstruction over a 30-point geometric grid from 0.1 down to 1e-4.
 *     One JSON line per case is appended to `out` as it finishes (a rerun skips what is there).
 *   node --import tsx scripts/lambda-study.ts mri-table [file=lambda-study-mri.jsonl]
 *     The per-rule table of a (partial) run.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { acquisition } from '../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../src/apps/mri/masks/index.ts';
import { sheppLogan } from '../src/apps/mri/phantom.ts';
import { reconstruct } from '../src/apps/mri/recon/reconstruct.ts';
import { gemv } from '../src/core/dense/gemv.ts';
import { psnr } from '../src/core/imaging/metrics.ts';
import { createRng } from '../src/core/rng/index.ts';
import { relError } from '../src/core/vec.ts';
import { niftiSlice } from '../src/io/nifti.ts';
import { readNiftiFile } from '../src/io/node/formats.ts';
import { gaussianMatrix } from '../src/linops/matrix.ts';
import { lassoHomotopy } from '../src/solvers/homotopy.ts';
import { geometricLambdas, type LambdaRule } from '../src/solvers/lambda-choice.ts';
import { chooseLassoLambda, LASSO_LAMBDA_DEFAULTS } from '../src/solvers/lambda-lasso.ts';
import { lambdaMax } from '../src/solvers/lambda.ts';
import { lassoGridPath } from '../src/solvers/lambda-lasso-path.ts';

const [what = 'lasso', seedsArg, third, fourth, fifth] = process.argv.slice(2);

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
      const { A, x0, y } = lassoProblem(rng, m, n, k, sigma);
      const t0 = performance.now();
      const c = chooseLassoLambda(A, y, { rule: 'sure', ...(noiseGiven ? { noiseStd: sigma } : {}) });
      const seconds = (performance.now() - t0) / 1000;
      // the oracle: the best relative error on the whole grid (the choice's path may stop early), the
      // path's exact solutions
      const top = lambdaMax(A, y);
      const lambdas = geometricLambdas(top, top * LASSO_LAMBDA_DEFAULTS.ratio, LASSO_LAMBDA_DEFAULTS.count);
      const grid = lassoGridPath(A, y, lambdas);
      let best = Number.POSITIVE_INFINITY;
      let bestLambda = Number.NaN;
      for (let i = 0; i < grid.xs.length; i++) {
        const e = relError(grid.xs[i], x0);
        if (e < best) {
          best = e;
          bestLambda = lambdas[i];
        }
      }
      const err = relError(lassoHomotopy(A, y, { lambda: c.lambda, historyEvery: 0 }).x, x0);
      const knot = c.exactPath?.minimum ?? null;
      const knotErr = knot ? relError(lassoHomotopy(A, y, { lambda: knot.lambda, historyEvery: 0 }).x, x0) : Number.NaN;
      ratios.push(err / best);
      if (err <= 1.1 * best) ok++;
      if (rowsFile) {
        const row = { sigma, noise: noiseGiven ? 'given' : 'estimated', seed, noiseStd: c.noiseStd, lambda: c.lambda, index: c.position.index, walked: c.path.length, error: err, oracle: best, oracleLambda: bestLambda, ratio: err / best, knotLambda: knot?.lambda ?? null, knotRatio: knotErr / best, seconds };
        appendFileSync(rowsFile, `${JSON.stringify(row)}\n`);
      }
    }
    ratios.sort((a, b) => a - b);
    console.log(`| | ${sigma} | ${noiseGiven ? 'given' : 'estimated'} | ${seeds} | ${ok}/${seeds} (${((100 * ok) / seeds).toFixed(0)}%) | ${ratios[ratios.length >> 1].toFixed(3)} | ${ratios[ratios.length - 1].toFixed(3)} |`);
  }
}

/** The smallest stopAfter that reaches the grid's SURE minimum, per case (see the file comment). */
function lassoStopStudy(seeds: number): void {
  const n = 1000;
  const m = 300;
  const k = 30;
  console.log('| sigma | noise std used | cases | stopAfter needed: max | distribution (needed: cases) |');
  console.log('|---|---|---|---|---|');
  for (const sigma of [0.01, 0.05]) {
    const need = new Map<number, number[]>([[0.8, []], [1, []], [1.25, []]]);
    for (let seed = 0; seed < seeds; seed++) {
      const rng = createRng(seed, 77);
      const { A, y } = lassoProblem(rng, m, n, k, sigma);
      for (const [scale, out] of need) {
        const c = chooseLassoLambda(A, y, { rule: 'sure', noiseStd: sigma * scale, stopAfter: Infinity, refine: false });
        const v = c.path.map((q) => q.criterion ?? Number.POSITIVE_INFINITY);
        // the stop is early when some point before the minimum is K or more past its running minimum
        let runMin = 0;
        let needed = 0;
        for (let i = 0; i < c.position.index; i++) {
          if (v[i] < v[runMin]) runMin = i;
          needed = Math.max(needed, i - runMin + 1);
        }
        out.push(needed);
      }
    }
    for (const [scale, out] of need) {
      const counts = new Map<number, number>();
      for (const v of out) counts.set(v, (counts.get(v) ?? 0) + 1);
      const dist = [...counts].sort((a, b) => a[0] - b[0]).map(([v, c]) => `${v}: ${c}`).join(', ');
      console.log(`| ${sigma} | ${scale} sigma | ${out.length} | ${Math.max(...out)} | ${dist} |`);
    }
  }
}

/**
 * The default stop across problem shapes (mode lasso-stop-shapes): per shape, random k in
 * [0.05 m, 0.3 m), sigma 0.01 / 0.05 / 0.2 in turn, the noise std given at 0.8, 1 and 1.25 sigma.
 * For each case the smallest stop that reaches the whole grid's SURE minimum (as lassoStopStudy),
 * the support / m at the running minimum that stop had to wait past, and whether the default
 * (`chooseLassoLambda` without `stopAfter`) chooses the whole grid's weight.
 */
function lassoStopShapes(seeds: number): void {
  const shapes = [
    [20, 80],
    [40, 100],
    [60, 200],
    [100, 300],
    [120, 400],
    [150, 600],
    [150, 1200],
    [200, 400],
    [250, 1000],
    [300, 1000],
  ];
  console.log('| m x n | cases | stop needed: max | needed > 8 (df / m at that minimum) | default stopped early | default = whole grid |');
  console.log('|---|---|---|---|---|---|');
  for (const [m, n] of shapes) {
    let maxNeed = 0;
    let stopped = 0;
    let same = 0;
    const over: string[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const rng = createRng(seed, 0x73686170 + m * 7919 + n);
      const k = Math.max(1, Math.floor(m * (0.05 + 0.25 * rng.uniform())));
      const sigma = [0.01, 0.05, 0.2][seed % 3];
      const { A, y } = lassoProblem(rng, m, n, k, sigma);
      for (const scale of [0.8, 1, 1.25]) {
        const o = { rule: 'sure' as const, noiseStd: sigma * scale, refine: false };
        const c = chooseLassoLambda(A, y, { ...o, stopAfter: Infinity });
        const v = c.path.map((q) => q.criterion ?? Number.POSITIVE_INFINITY);
        let runMin = 0;
        let needed = 0;
        let from = 0;
        for (let i = 0; i < c.position.index; i++) {
          if (v[i] < v[runMin]) runMin = i;
          if (i - runMin + 1 > needed) {
            needed = i - runMin + 1;
            from = runMin;
          }
        }
        maxNeed = Math.max(maxNeed, needed);
        if (needed > 8) over.push(`${needed} (${((c.path[from].df as number) / m).toFixed(2)})`);
        const d = chooseLassoLambda(A, y, o);
        if (d.grid.stoppedAt !== null) stopped++;
        if (d.position.index === c.position.index) same++;
      }
    }
    const cases = 3 * seeds;
    console.log(`| ${m} x ${n} | ${cases} | ${maxNeed} | ${over.length}${over.length ? `: ${over.join(', ')}` : ''} | ${stopped} | ${same} / ${cases} |`);
  }
}

/** The MRI cases of the acceptance study: the 256 phantom and the EPI slice (z 12, t 0). */
function mriImages(size: number): { name: string; image: Float64Array; ny: number; nx: number }[] {
  const epi = niftiSlice(readNiftiFile('../shared/data/mri/nibabel_example4d.nii.gz'), 12, 0);
  return [
    { name: `Shepp-Logan ${size}`, image: sheppLogan(size), ny: size, nx: size },
    { name: 'EPI slice (nibabel_example4d z 12, t 0; k-space simulated from the magnitude)', image: Float64Array.from(epi.data), ny: epi.shape[0], nx: epi.shape[1] },
  ];
}

/**
 * One JSON line per case (image, SNR, seed) appended to `out` as it finishes (partial results
 * survive), then the per-rule table over what is in the file.
 */
function mriStudy(seeds: number, size: number, rules: LambdaRule[], out: string): void {
  const grid = geometricLambdas(0.1, 1e-4, 30);
  const done = new Set<string>();
  if (existsSync(out)) for (const l of readFileSync(out, 'utf8').split('\n')) if (l.trim()) done.add(JSON.parse(l).key);
  const images = mriImages(size);
  // seeds outermost, so that a partial run covers every image and SNR
  for (let seed = 0; seed < seeds; seed++) {
    for (const im of images) {
      const { mask, acceleration } = poissonDiscMask(im.ny, im.nx, { acceleration: 4, seed: 1 });
      for (const snr of [20, 30]) {
        const key = `${im.name}|${snr}|${seed}`;
        if (done.has(key)) continue;
        const { kspace } = simulateKspace(im.image, im.ny, im.nx, { mask, snrDb: snr, seed: 100 + seed });
        const acq = acquisition(kspace, mask, im.ny, im.nx);
        const oracle = { lambda: 0, psnr: Number.NEGATIVE_INFINITY };
        for (const l of grid) {
          const p = psnr(reconstruct(acq, { method: 'l1-wavelet', lambda: l }).image, im.image);
          if (p > oracle.psnr) {
            oracle.psnr = p;
            oracle.lambda = l;
          }
        }
        const auto: Record<string, { lambda: number; psnr: number; seconds: number; oneSeconds: number; atEdge: string | null }> = {};
        for (const rule of rules) {
          let t = performance.now();
          const r = reconstruct(acq, { method: 'l1-wavelet', autoLambda: { rule } });
          const seconds = (performance.now() - t) / 1000;
          t = performance.now();
          reconstruct(acq, { method: 'l1-wavelet', lambda: r.lambda });
          const oneSeconds = (performance.now() - t) / 1000;
          auto[rule] = { lambda: r.lambda, psnr: psnr(r.image, im.image), seconds, oneSeconds, atEdge: r.lambdaChoice?.position.atEdge ?? null };
        }
        appendFileSync(out, `${JSON.stringify({ key, image: im.name, snr, seed, acceleration, oracle, auto })}\n`);
        console.error(`${key}: oracle ${oracle.psnr.toFixed(2)} at ${oracle.lambda.toExponential(2)}; ${rules.map((r) => `${r} ${(oracle.psnr - auto[r].psnr).toFixed(2)} dB`).join(', ')}`);
      }
    }
  }
  mriTable(out);
}

/** The per-rule table of a study file (`mri-table FILE` prints it for a partial run). */
function mriTable(out: string): void {
  const rows = readFileSync(out, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  console.log('| image | SNR dB | rule | cases | within 0.5 dB of the oracle | median gap dB | worst gap dB | median cost / one recon at the choice |');
  console.log('|---|---|---|---|---|---|---|---|');
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(`${r.image}|${r.snr}`, [...(groups.get(`${r.image}|${r.snr}`) ?? []), r]);
  const med = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1];
  const totals = new Map<string, [number, number]>();
  for (const [k, g] of groups) {
    const [image, snr] = k.split('|');
    for (const rule of Object.keys(g[0].auto)) {
      const gaps = g.map((r) => r.oracle.psnr - r.auto[rule].psnr);
      const ok = gaps.filter((v) => v <= 0.5).length;
      const t = totals.get(rule) ?? [0, 0];
      totals.set(rule, [t[0] + ok, t[1] + g.length]);
      const cost = med(g.map((r) => r.auto[rule].seconds / r.auto[rule].oneSeconds));
      console.log(`| ${image} | ${snr} | ${rule} | ${g.length} | ${ok}/${g.length} | ${med([...gaps]).toFixed(2)} | ${Math.max(...gaps).toFixed(2)} | ${cost.toFixed(2)} |`);
    }
  }
  for (const [rule, [ok, n]] of totals) console.log(`| all | | ${rule} | ${n} | ${ok}/${n} (${((100 * ok) / n).toFixed(0)}%) | | | |`);
}

if (what === 'lasso') lassoStudy(Number(seedsArg ?? 50), (third ?? 'given') === 'given', fourth);
else if (what === 'lasso-stop') lassoStopStudy(Number(seedsArg ?? 50));
else if (what === 'lasso-stop-shapes') lassoStopShapes(Number(seedsArg ?? 40));
else if (what === 'mri') mriStudy(Number(seedsArg ?? 20), Number(third ?? 256), (fourth ?? 'cv,sure,gcv,discrepancy,lcurve').split(',') as LambdaRule[], fifth ?? 'lambda-study-mri.jsonl');
else if (what === 'mri-table') mriTable(seedsArg ?? 'lambda-study-mri.jsonl');
else throw new Error(`lambda-study: expected lasso, lasso-stop, lasso-stop-shapes, mri or mri-table, got ${what}`);
