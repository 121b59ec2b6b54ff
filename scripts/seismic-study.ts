/**
 * Runs the acceptance study of docs/seismic.md on the real gathers of ../shared/data and prints
 * a markdown table (median SNR over the missing traces, linear interpolation, the gain with its
 * min-max spread). Usage:
 *
 *   node --import tsx scripts/seismic-study.ts [vg|f3|synthetic] [seeds] [method,method,...] [pattern,pattern,...]
 *   node --import tsx scripts/seismic-study.ts list      (the methods and variants)
 *   node --import tsx scripts/seismic-study.ts loo [vg|f3] [method,...]
 *       leave one out: each interior trace removed alone, all others kept; the SNR over the
 *       removed traces (sum of their energy over the sum of their errors): how predictable a
 *       trace is from all its neighbours, an upper bound on what 50% decimation can give
 *
 * Methods are the named ones of `candor seismic interpolate` (pocs, fista-fk, spgl1-fk,
 * fista-radon) and the variants below: settings and pre-processing a geophysicist would try
 * (gain, time windows, warm starts, other transforms and solver schedules, f-x prediction) and
 * the oracle bounds of src/apps/seismic/bounds.ts (marked `oracle-`: they read the complete
 * gather, no method can).
 */
import { readFileSync } from 'node:fs';
import { decodeGather, gatherPanels, subGather } from '../src/apps/seismic/gather.ts';
import { type InterpolationMethod, interpolateGather } from '../src/apps/seismic/interpolate.ts';
import { decimationStudy, type StudyVariant } from '../src/apps/seismic/study.ts';
import { syntheticGather } from '../src/apps/seismic/synthetic.ts';
import type { DecimationPattern } from '../src/apps/seismic/decimate.ts';
import { type Interpolator, withTimeGain } from '../src/apps/seismic/gain.ts';
import { inTimeWindows } from '../src/apps/seismic/windows.ts';
import { defaultNxPad, type PocsOptions, pocsInterpolate } from '../src/apps/seismic/pocs.ts';
import { type SparseOptions, sparseInterpolate } from '../src/apps/seismic/sparse.ts';
import { fxPredictInterpolate } from '../src/apps/seismic/fx-predict.ts';
import { linearInterpolate } from '../src/apps/seismic/linear.ts';
import { supportOracle, wienerOracle } from '../src/apps/seismic/bounds.ts';
import { nextPow2 } from '../src/linops/fk.ts';

const [which = 'vg', seedsArg = '10', methodsArg = 'pocs,fista-fk,spgl1-fk', patternsArg = 'random,jitter,regular'] = process.argv.slice(2);
const VG = '../shared/data/seismic/pylops_mobil_viking_graben_crg.npy';
const F3 = '../shared/data/seismic/segyio_f3.sgy';
const load = (p: string) => decodeGather(new Uint8Array(readFileSync(p)), p);

const pocs = (o: PocsOptions = {}): Interpolator => (d, nx, nt, kept) => pocsInterpolate(d, nx, nt, kept, o).data;
const sparse = (o: SparseOptions): Interpolator => (d, nx, nt, kept) => sparseInterpolate(d, nx, nt, kept, o).data;
const fxp = (order: number, band = 16): Interpolator => (d, nx, nt, kept) => fxPredictInterpolate(d, nx, nt, kept, { order, band });
/** The first sample whose RMS over the kept traces reaches 1% of the largest (the first break), as a time. */
function firstBreak(d: Float64Array, nx: number, nt: number, kept: Uint8Array, dt: number): number {
  const rms = new Float64Array(nt);
  for (let x = 0; x < nx; x++) if (kept[x]) for (let j = 0; j < nt; j++) rms[j] += d[x * nt + j] ** 2;
  let big = 0;
  for (const v of rms) big = Math.max(big, v);
  let j = 0;
  while (j < nt - 1 && rms[j] < 1e-4 * big) j++;
  return Math.max(j, 1) * dt;
}

/** The support oracle with s atoms per frequency (at most the kept traces less one) on the POCS padding. */
const support =
  (s: number): StudyVariant['run'] =>
  (_d, nx, nt, kept, truth) =>
    supportOracle(truth, nx, nt, kept, Math.min(s, kept.reduce((a, b) => a + b, 0) - 1), { nxPad: defaultNxPad(nx) });

function variants(dt: number): Record<string, StudyVariant['run']> {
  const v = (run: Interpolator): StudyVariant['run'] => (d, nx, nt, kept) => run(d, nx, nt, kept);
  const gainFb = (power: number, run: Interpolator): StudyVariant['run'] => (d, nx, nt, kept) =>
    withTimeGain(run, dt, power, firstBreak(d, nx, nt, kept, dt))(d, nx, nt, kept);
  const warm = (init: Interpolator, pmax: number): StudyVariant['run'] => (d, nx, nt, kept) =>
    pocsInterpolate(d, nx, nt, kept, { init: init(d, nx, nt, kept), pmax }).data;
  return {
    // pre-processing: a time-power gain (removed after; the SNR is on the ungained data)
    'pocs-gain-t1': v(withTimeGain(pocs(), dt, 1)),
    'pocs-gain-t2': v(withTimeGain(pocs(), dt, 2)),
    'pocs-gain-fb1': gainFb(1, pocs()),
    'pocs-gain-fb2': gainFb(2, pocs()),
    'fista-fk-gain-fb2': gainFb(2, sparse({ transform: 'fk' })),
    // time windows (time-variant threshold), half overlap
    'pocs-win64': v(inTimeWindows(pocs(), 64, 32)),
    'pocs-win128': v(inTimeWindows(pocs(), 128, 64)),
    'pocs-win256': v(inTimeWindows(pocs(), 256, 128)),
    'pocs-win128-gain-fb2': gainFb(2, inTimeWindows(pocs(), 128, 64)),
    // schedules and padding
    'pocs-exp': v(pocs({ schedule: 'exponential' })),
    'pocs-pmin0.001': v(pocs({ pmin: 0.001 })),
    'pocs-iter300': v(pocs({ iterations: 300 })),
    'pocs-nx2': v((d, nx, nt, kept) => pocsInterpolate(d, nx, nt, kept, { nxPad: 2 * nextPow2(nx) }).data),
    // warm starts
    'pocs-warm-linear-p0.3': warm(linearInterpolate, 0.3),
    'pocs-warm-linear-p0.1': warm(linearInterpolate, 0.1),
    'pocs-warm-fxp1-p0.3': warm(fxp(1), 0.3),
    // solver schedules
    'fista-fk-lam0.001': v(sparse({ transform: 'fk', lambda: 0.001 })),
    'fista-fk-lam0.02': v(sparse({ transform: 'fk', lambda: 0.02 })),
    'fista-fk-rw2': v(sparse({ transform: 'fk', reweight: 2 })),
    'fista-fk-lam0.02-rw2': v(sparse({ transform: 'fk', lambda: 0.02, reweight: 2 })),
    'spgl1-fk-sigma0.05': v(sparse({ transform: 'fk', solver: 'spgl1', misfit: 0.05 })),
    'spgl1-fk-sigma0.1': v(sparse({ transform: 'fk', solver: 'spgl1', misfit: 0.1 })),
    'spgl1-fk-sigma0.15': v(sparse({ transform: 'fk', solver: 'spgl1', misfit: 0.15 })),
    // other transforms (local f-k, parabolic Radon, DCT, wavelets)
    'fista-fk-patches64': v(sparse({ transform: 'fk-patches' })),
    'fista-fk-patches128': (d, nx, nt, kept) => sparse({ transform: 'fk-patches', patch: [nx, 128] })(d, nx, nt, kept),
    'fista-radon-parabolic': v(sparse({ transform: 'radon-parabolic' })),
    'fista-dct': v(sparse({ transform: 'dct' })),
    'fista-wavelet': v(sparse({ transform: 'wavelet' })),
    // f-x prediction (Spitz-type, irregular gaps)
    'fx-predict-p1': v(fxp(1)),
    'fx-predict-p2': v(fxp(2)),
    'fx-predict-p3': v(fxp(3)),
    'fx-predict-p5': v(fxp(5)),
    // oracle bounds: they read the complete gather
    'oracle-wiener-b2': (_d, nx, nt, kept, truth) => wienerOracle(truth, nx, nt, kept, { band: 2 }),
    'oracle-wiener-b8': (_d, nx, nt, kept, truth) => wienerOracle(truth, nx, nt, kept, { band: 8 }),
    'oracle-support-s4': support(4),
    'oracle-support-s8': support(8),
    'oracle-support-s12': support(12),
    'oracle-support-s16': support(16),
    'oracle-support-s24': support(24),
  };
}

const NAMED = ['pocs', 'fista-fk', 'spgl1-fk', 'fista-radon'];
if (which === 'list') {
  console.log([...NAMED, ...Object.keys(variants(0.004))].join('\n'));
  process.exit(0);
}
const loo = which === 'loo';
const args = loo ? process.argv.slice(3) : [which];
let g = load(VG).gather;
let label = 'Viking Graben 60 x 1000';
if (args[0] === 'synthetic') {
  g = syntheticGather();
  label = 'synthetic (three linear events, one hyperbola), 64 x 256';
} else if (args[0] === 'f3') {
  const f = load(F3);
  g = subGather(f.gather, gatherPanels(f)[11]);
  label = 'F3 inline 122, 18 x 75';
}
const table = variants(g.dt);
if (loo) {
  const names = (args[1] ?? 'linear,oracle-wiener-b2,fx-predict-p1,pocs').split(',');
  console.log(`\n${label}: leave one out (each interior trace alone)\n`);
  console.log('| method | SNR over the left-out traces (dB) |');
  console.log('|---|---|');
  for (const name of names) {
    let sig = 0;
    let err = 0;
    for (let t = 1; t < g.ntraces - 1; t++) {
      const kept = new Uint8Array(g.ntraces).fill(1);
      kept[t] = 0;
      const d = g.data.slice();
      d.fill(0, t * g.ns, (t + 1) * g.ns);
      const run = name === 'linear' ? linearInterpolate : NAMED.includes(name) ? null : table[name];
      if (run === undefined) throw new Error(`unknown method ${name}`);
      const r = run ? run(d, g.ntraces, g.ns, kept, g.data) : interpolateGather({ ...g, data: d }, { method: name as InterpolationMethod, kept }).data;
      for (let j = t * g.ns; j < (t + 1) * g.ns; j++) {
        sig += g.data[j] ** 2;
        err += (r[j] - g.data[j]) ** 2;
      }
    }
    console.log(`| ${name} | ${(10 * Math.log10(sig / err)).toFixed(2)} |`);
  }
  process.exit(0);
}
const methods = methodsArg.split(',').map((m) => {
  if (NAMED.includes(m)) return m as Exclude<InterpolationMethod, 'linear'>;
  const run = table[m];
  if (!run) throw new Error(`unknown method ${m}: expected one of ${[...NAMED, ...Object.keys(table)].join(', ')}`);
  return { name: m, run };
});
const patterns = patternsArg.split(',') as DecimationPattern[];
const res = decimationStudy(g, {
  patterns,
  methods,
  seeds: Number(seedsArg),
  onTrial: (t) => process.stderr.write(`${t.pattern} seed ${t.seed} ${t.method}: ${t.snr.toFixed(2)} dB (linear ${t.snrLinear.toFixed(2)}) ${t.seconds.toFixed(2)} s\n`),
});
const f = (v: number) => v.toFixed(2);
console.log(`\n${label}, 50% kept, seeds 0-${Number(seedsArg) - 1} (regular: one pattern)\n`);
console.log('| pattern | method | median SNR (dB) | linear (dB) | gain median (dB) | gain min .. max | gain IQR |');
console.log('|---|---|---|---|---|---|---|');
for (const s of res.summary) {
  console.log(`| ${s.pattern} | ${s.method} | ${f(s.snr.median)} | ${f(s.snrLinear.median)} | ${f(s.gain.median)} | ${f(s.gain.min)} .. ${f(s.gain.max)} | ${f(s.gain.q25)} .. ${f(s.gain.q75)} |`);
}
