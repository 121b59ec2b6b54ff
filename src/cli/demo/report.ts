/**
 * The demo's self-contained HTML report: one section per step (predict, recover, certify and
 * explain, MRI, phase transition), figures inlined (SVG) or embedded (PNG data URIs).
 */
import { esc, figure, htmlReport, keyNumbers, para, table } from '../../apps/report/html.ts';
import { renderSvg } from '../../experiments/node/render.ts';
import { nativeDeflate } from '../../io/node/formats.ts';
import { writePng } from '../../io/png.ts';
import type { AccelerationPlan } from '../../apps/mri/index.ts';
import type { MriStep, PredictStep, RecoveryStep, SweepStep } from './steps.ts';

export interface DemoData {
  seed: number;
  predict: PredictStep;
  ok: RecoveryStep;
  bad: RecoveryStep;
  mri: MriStep;
  mriPlan: AccelerationPlan;
  sweep: SweepStep;
  seconds: number;
  version: string;
  machine: string;
}

const f3 = (x: number) => (Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(3) : x.toExponential(2));

async function planFigure(p: AccelerationPlan): Promise<string> {
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Retrospective undersampling, ${p.ny}x${p.nx} phantom, ${p.method}`,
    width: 380,
    height: 200,
    layer: [
      {
        data: { values: p.rows.map((r) => ({ R: r.acceleration, ssim: r.ssim })) },
        mark: { type: 'line', point: true, color: '#2f6fde' },
        encoding: { x: { field: 'R', type: 'quantitative', title: 'acceleration R' }, y: { field: 'ssim', type: 'quantitative', title: 'SSIM', scale: { zero: false } } },
      },
      { data: { values: [{ t: p.target }] }, mark: { type: 'rule', color: '#e4572e', strokeDash: [4, 3] }, encoding: { y: { field: 't', type: 'quantitative' } } },
    ],
    config: { font: 'DejaVu Sans' },
  });
}

function png(img: Float64Array, ny: number, nx: number, window: [number, number]): Uint8Array {
  return writePng({ shape: [ny, nx], data: img, complex: false }, { window, deflate: nativeDeflate });
}

async function predictFigure(p: PredictStep): Promise<string> {
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Predicted success of basis pursuit, n = ${p.n}, k = ${p.k}`,
    width: 380,
    height: 220,
    layer: [
      { data: { values: p.curve }, mark: { type: 'line', color: '#2f6fde' }, encoding: { x: { field: 'm', type: 'quantitative', title: 'measurements m' }, y: { field: 'p', type: 'quantitative', title: 'P(success)', scale: { domain: [0, 1] } } } },
      { data: { values: [{ m: p.plan.m }] }, mark: { type: 'rule', color: '#e4572e', strokeDash: [4, 3] }, encoding: { x: { field: 'm', type: 'quantitative' } } },
    ],
    config: { font: 'DejaVu Sans' },
  });
}

async function recoveryFigure(r: RecoveryStep, title: string): Promise<string> {
  const values = [];
  for (let i = 0; i < r.n; i++) {
    if (r.x0[i] !== 0) values.push({ i, v: r.x0[i], series: 'truth' });
    if (Math.abs(r.x[i]) > 1e-9) values.push({ i, v: r.x[i], series: 'recovered' });
  }
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 380,
    height: 160,
    data: { values },
    layer: [
      { transform: [{ filter: "datum.series == 'truth'" }], mark: { type: 'point', filled: false, size: 90, strokeWidth: 1.5 } },
      { transform: [{ filter: "datum.series == 'recovered'" }], mark: { type: 'point', shape: 'cross', filled: true, size: 30 } },
    ],
    encoding: {
      x: { field: 'i', type: 'quantitative', title: 'index', scale: { domain: [0, r.n] } },
      y: { field: 'v', type: 'quantitative', title: 'value' },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['truth', 'recovered'], range: ['#1d2433', '#e4572e'] } },
    },
    config: { font: 'DejaVu Sans' },
  });
}

function recoverySection(r: RecoveryStep): string {
  return [
    keyNumbers([
      { label: 'measurements m', value: String(r.m), note: `n = ${r.n}, k = ${r.k}` },
      { label: 'predicted P(success)', value: f3(r.predicted) },
      { label: 'relative error', value: r.error.toExponential(1), note: r.success ? 'recovered' : 'not recovered' },
      {
        label: 'BP solution',
        value: r.verdict !== 'certified unique l1 minimiser' ? 'not certified' : r.supportSize <= r.k ? 'certified' : 'unique, not sparse',
        note: `${r.supportSize} nonzeros${r.certificate.theta === null ? '' : `, theta = ${f3(r.certificate.theta)}`}`,
      },
    ]),
    para(`Certificate: ${r.verdict}${r.certificate.theta === null ? '' : ` (max off-support |A^T v| = ${f3(r.certificate.theta)}, margin ${f3(r.certificate.margin ?? Number.NaN)}, sigma_min(A_S) = ${f3(r.certificate.sigmaMin ?? Number.NaN)}, ${r.certificate.method})`}.`),
    para(`What it says about the truth: ${r.truthStatement}`),
    `<div class="explain">${esc(r.paragraph)}</div>`,
  ].join('\n');
}

export async function demoReport(d: DemoData): Promise<string> {
  const p = d.predict.plan;
  const sections = [];
  sections.push({
    id: 'predict',
    title: '1. Predict: how many measurements?',
    body: [
      para(`Before acquiring anything: a ${d.predict.k}-sparse signal of length ${d.predict.n}, Gaussian measurements, basis pursuit. The statistical dimension of the l1 descent cone is ${p.delta.toFixed(2)} (ALMT 2014) and the transition has width ${p.sigma.toFixed(2)} measurements.`),
      keyNumbers([
        { label: `m for ${Math.round(p.target * 100)}% success`, value: String(p.m), note: p.provenance },
        { label: 'rigorous m (ALMT Thm II)', value: p.rigorous ? String(p.rigorous.m) : '-', note: 'Gaussian, guaranteed' },
        { label: 'statistical dimension', value: p.delta.toFixed(1) },
      ]),
      figure({ svg: await predictFigure(d.predict) }, 'Normal approximation of the intrinsic-volume law: P(success) against m; dashed: the planned m.'),
    ].join('\n'),
  });
  sections.push({
    id: 'recover',
    title: '2. Recover, certify and explain',
    body: [
      para(`At the planned m = ${d.ok.m}: basis pursuit by the l1 homotopy (${d.ok.iterations} path events, ${(d.ok.seconds * 1000).toFixed(1)} ms), then a dual certificate and an explanation.`),
      recoverySection(d.ok),
      figure({ svg: await recoveryFigure(d.ok, `m = ${d.ok.m}: recovered`) }, 'Truth (circles) and the recovered nonzeros (crosses).'),
      para(`Below the transition, m = ${d.bad.m}: the same solver, the same checks.`),
      recoverySection(d.bad),
      figure({ svg: await recoveryFigure(d.bad, `m = ${d.bad.m}: not recovered`) }, 'Too few measurements: basis pursuit finds a different, non-sparse solution.'),
    ].join('\n'),
  });
  const s = d.mri.size;
  const peak = Math.max(...d.mri.truth);
  const err = d.mri.recon.map((v, i) => Math.abs(v - d.mri.truth[i]));
  const maskImg = Float64Array.from(d.mri.mask);
  const mm = d.mri.metrics;
  sections.push({
    id: 'mri',
    title: '3. MRI: undersampled k-space',
    body: [
      para(
        `A ${s}x${s} modified Shepp-Logan phantom (Toft), centred unitary k-space, a Poisson-disc mask with a fully sampled centre at acceleration ${d.mri.acceleration.toFixed(2)} (${d.mri.samples} of ${s * s} samples), single coil, noiseless (simulated k-space). Reconstruction: ${d.mri.method}, ${d.mri.iterations} iterations in ${d.mri.seconds.toFixed(2)} s.`,
      ),
      table(
        ['image', 'NRMSE (scaled)', 'PSNR (dB)', 'SSIM'],
        [
          ['zero-filled', f3(mm.zeroFilled.nrmse), mm.zeroFilled.psnr.toFixed(1), f3(mm.zeroFilled.ssim)],
          [d.mri.method, f3(mm.recon.nrmse), mm.recon.psnr.toFixed(1), f3(mm.recon.ssim)],
        ],
      ),
      figure({ png: png(d.mri.truth, s, s, [0, peak]) }, 'truth'),
      figure({ png: png(maskImg, s, s, [0, 1]) }, 'sampling mask'),
      figure({ png: png(d.mri.zeroFilled, s, s, [0, peak]) }, 'zero-filled'),
      figure({ png: png(d.mri.recon, s, s, [0, peak]) }, d.mri.method),
      figure({ png: png(err, s, s, [0, 0.1 * peak]) }, 'error x10'),
      `<div class="explain">${esc(d.mri.report.paragraph)}</div>`,
      para(
        `How far could this acquisition go? Before scanning, the answer comes from retrospective undersampling of a reference: the same phantom at R = ${d.mriPlan.rows.map((r) => r.target).join(', ')}, one Poisson-disc mask each (the seed of the mask above, so R = 4 is the reconstruction shown), reconstructed and scored against the truth (\`candor mri plan\`).`,
      ),
      figure({ svg: await planFigure(d.mriPlan) }, `SSIM against acceleration; the dashed line is the target SSIM ${d.mriPlan.target}.`),
      table(
        ['R', 'actual', 'SSIM', 'NRMSE (scaled)', 'zero-filled SSIM', 'TPSF side lobe'],
        d.mriPlan.rows.map((r) => [String(r.target), r.acceleration.toFixed(2), f3(r.ssim), f3(r.nrmse), f3(r.zeroFilledSsim), r.tpsfSideLobe === null ? 'n/a' : f3(r.tpsfSideLobe)]),
      ),
      `<div class="explain">${esc(d.mriPlan.paragraph)}</div>`,
    ].join('\n'),
  });
  const t = d.sweep.transition;
  sections.push({
    id: 'sweep',
    title: '4. Phase transition: experiment against theory',
    body: [
      para(
        `A seeded sweep over the Donoho-Tanner plane: Gaussian matrices, n = ${d.sweep.n}, 9 x 9 cells, 12 trials each (${d.sweep.trials} trials, ${d.sweep.trialsPerSecond.toFixed(0)} trials/s on all cores), basis pursuit by homotopy; success = relative error <= 1e-5.`,
      ),
      keyNumbers([
        { label: 'max |rho50 - rho_W|', value: t.maxDeviation === null ? '-' : t.maxDeviation.toFixed(3), note: `delta in [${t.range[0]}, ${t.range[1]}], ${t.fitted}/${t.considered} columns fitted` },
        { label: 'mean |rho50 - rho_W|', value: t.meanDeviation === null ? '-' : t.meanDeviation.toFixed(3) },
        { label: 'max deviation / predicted width', value: t.maxDeviationInSd === null ? '-' : t.maxDeviationInSd.toFixed(2) },
      ]),
      figure({ svg: d.sweep.svg }, 'Success rate per cell with the theoretical weak threshold (white) and the empirical 50% transition (red, 95% intervals).'),
      table(
        ['delta', 'm', 'empirical rho50', 'theory rho_W', 'finite-n'],
        t.points.map((q) => [q.delta.toFixed(2), q.m, q.rho50 === null ? '-' : q.rho50.toFixed(3), q.theoryRho.toFixed(3), q.finiteRho.toFixed(3)]),
      ),
    ].join('\n'),
  });
  sections.push({
    id: 'about',
    title: 'About this run',
    body: para(`candor ${d.version}, seed ${d.seed}, ${d.seconds.toFixed(1)} s on ${d.machine}. Every number above is reproducible: run \`candor demo --seed ${d.seed}\` again.`),
  });
  return htmlReport('Candor demo: compressed sensing with its theory', sections, {
    subtitle: 'Predict before acquiring, recover, certify and explain after, and check theory against experiment.',
    footer: 'Generated by candor demo. Shepp-Logan phantom: Shepp & Logan 1974, modified intensities of Toft 1996.',
  });
}
