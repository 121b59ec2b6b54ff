/**
 * `candor mri transition`: a structured phase-transition sweep (src/experiments/levels-kind.ts):
 * a sampling family (Poisson disc, variable density, lines, radial, spiral, radial trajectory)
 * against signals sparse in levels, stored in SQLite as it runs (resumable after kill -9, on
 * worker threads), then the empirical 50% surface beside the prediction of the phase transition
 * in levels (the state evolution's rho(K) = 1; src/experiments/levels-analysis.ts). No calibrated
 * transition predictor is shipped yet (it needs structured sweeps over several families to be fitted
 * and held back), so only the theory curve is drawn. With --out: surface.svg, surface.png and
 * transition.json.
 */
import { noteStoreSweeps } from '../receipts.ts';
import type { Command } from 'commander';
import { MRI_FAMILIES } from '../../apps/mri/levels-families.ts';
import { runLevelsSweep } from '../../apps/mri/node/levels-sweep.ts';
import { CandorError } from '../../core/errors.ts';
import { levelsCellStats, levelsPredictor, levelsSurface, levelsSurfaceSpec } from '../../experiments/levels-analysis.ts';
import { type LevelsSweepSpec, levelsSweepSpec } from '../../experiments/levels-kind.ts';
import { renderSvg, svgToPng } from '../../experiments/node/render.ts';
import { ensureDir, writeFilesAtomic } from '../../io/node/files.ts';
import { optionsCall, UsageError } from '../errors.ts';
import { choiceOption, intOption, numberListOption } from '../options.ts';
import { makeProgress, runInterruptible } from '../progress.ts';

interface TransitionOpts {
  family: string;
  size: number;
  levels: number;
  wavelet: string;
  fractions: number[];
  profiles: number[][];
  rho: number[];
  trials: number;
  seed: number;
  store: string;
  workers?: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

/** `--profiles "1,0.5,0.2;1,1,0.1"`: per-level weights in [0, 1], profiles separated by ';'. */
function profilesOption(v: string): number[][] {
  const ps = v.split(';').map((p) => p.split(',').map((x) => Number(x.trim())));
  if (v.trim() === '' || ps.some((p) => p.length === 0 || p.some((x) => !Number.isFinite(x) || x < 0 || x > 1))) {
    throw new UsageError('candor', 'option --profiles', "per-level weights in [0, 1], comma-separated, profiles separated by ';' (e.g. 1,0.5,0.2;1,1,0.1)", JSON.stringify(v));
  }
  return ps;
}

/** `--rho 0.02:0.3:8` (from:to:count) or a list. */
function rhoOption(v: string): number[] {
  const parts = v.split(':');
  if (parts.length === 3) {
    const [a, b, c] = parts.map(Number);
    if ([a, b, c].every(Number.isFinite) && Number.isInteger(c) && c >= 1 && a > 0 && b <= 1 && a <= b) {
      return Array.from({ length: c }, (_, i) => (c === 1 ? a : a + ((b - a) * i) / (c - 1)));
    }
  } else {
    const xs = v.split(',').map((s) => Number(s.trim()));
    if (v.trim() !== '' && xs.every((x) => Number.isFinite(x) && x > 0 && x <= 1)) return xs;
  }
  throw new UsageError('candor', 'option --rho', 'from:to:count in (0, 1] (e.g. 0.02:0.3:8) or a comma-separated list', JSON.stringify(v));
}

export const TRANSITION_DEFAULTS = Object.freeze({
  fractions: Object.freeze([0.15, 0.25, 0.35, 0.5, 0.65]),
  profiles: Object.freeze([Object.freeze([1, 0.5, 0.2]), Object.freeze([1, 0.25, 0.05])]),
  rho: Object.freeze([0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6]),
});

export function registerMriTransition(mri: Command): void {
  mri
    .command('transition')
    .description('structured phase transition: a sampling family against signals sparse in wavelet levels (stored, resumable), with the predicted 50% surface')
    .option('--family <name>', `sampling family: ${Object.keys(MRI_FAMILIES).join(', ')}`, choiceOption('--family', Object.keys(MRI_FAMILIES)), 'poisson-disc')
    .option('--size <n>', 'grid side n (n x n)', intOption('--size', 8, 1024), 64)
    .option('--levels <L>', 'wavelet decomposition levels (L + 1 sparsity levels)', intOption('--levels', 1, 10), 2)
    .option('--wavelet <name>', 'wavelet: haar, db1 ... db8', 'haar')
    .option('--fractions <list>', 'sampling fractions m/n (1/R)', numberListOption('--fractions', (x) => x > 0 && x < 1, 'a comma-separated list of numbers in (0, 1)'), [...TRANSITION_DEFAULTS.fractions])
    .option('--profiles <p;p>', "per-level weights (approximation, then coarse to fine), profiles separated by ';'", profilesOption, TRANSITION_DEFAULTS.profiles.map((p) => [...p]))
    .option('--rho <grid>', 'rho grid (s_l = rho weight_l N_l): from:to:count or a list', rhoOption, [...TRANSITION_DEFAULTS.rho])
    .option('--trials <n>', 'trials per cell', intOption('--trials', 1, 100000), 8)
    .option('--seed <n>', 'master seed', intOption('--seed'), 0)
    .option('--store <file>', 'SQLite store (an interrupted run resumes when run again)', 'candor.db')
    .option('--workers <n>', 'threads running trials, this one included (default: all cores; 0 or 1 = in-process)', intOption('--workers', 0, 256))
    .option('--out <dir>', 'write surface.svg, surface.png and transition.json')
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no progress output')
    .addHelpText('after', '\nExamples:\n  candor mri transition --size 64 --trials 8 --out pd64\n  candor mri transition --family variable-density --fractions 0.2,0.3 --rho 0.05:0.4:6')
    .action(async (o: TransitionOpts) => {
      const spec: LevelsSweepSpec = optionsCall(() =>
        levelsSweepSpec({ family: o.family, ny: o.size, nx: o.size, levels: o.levels, wavelet: o.wavelet, fractions: o.fractions, profiles: o.profiles, rho: o.rho, trials: o.trials, seed: o.seed }, MRI_FAMILIES),
      );
      const bar = makeProgress('candor mri transition', { quiet: o.quiet || o.json });
      const run = await runInterruptible(bar, (hooks) => runLevelsSweep(spec, { store: o.store, workers: o.workers, ...hooks }));
      if (!run.results) {
        throw new CandorError('candor mri transition', 'sweep', 'every task', `${run.sweep.done} of ${run.sweep.totalTrials} stored in ${o.store} (interrupted: run the same command again to resume)`);
      }
      noteStoreSweeps([run.sweep.id]); // its receipt compares this sweep's stored results
      const stats = levelsCellStats(spec, run.results);
      const surface = levelsSurface(spec, stats);
      const theory = levelsPredictor(spec, MRI_FAMILIES);
      const rows = surface.map((p) => ({ ...p, theory: theory.rho50(p.fraction, spec.profiles[p.profile]) }));
      const summary = {
        store: o.store,
        sweep: run.sweep.id,
        resumed: run.resumed,
        ran: run.ran,
        spec: { family: spec.family, size: o.size, levels: spec.levels, wavelet: spec.wavelet, fractions: spec.fractions, profiles: spec.profiles, rho: spec.rho, trials: spec.trials, seed: spec.seed },
        surface: rows,
        prediction: 'theory: state evolution in levels (VDAMP-style coloured aliasing), rho(K) = 1, from the mean band fractions of the first 4 patterns per fraction; large-system, AMP heuristic for ADMM basis pursuit, not calibrated',
      };
      if (o.out) {
        const fig = levelsSurfaceSpec({
          empirical: surface,
          theory: rows.map((r) => ({ fraction: r.fraction, profile: r.profile, rho50: r.theory })),
          calibrated: null,
          profiles: spec.profiles,
          title: `${spec.family} ${o.size}x${o.size}, ${spec.levels + 1} sparsity levels (${spec.wavelet}), ${spec.trials} trials per cell`,
        });
        const svg = await renderSvg(fig);
        const png = await svgToPng(svg);
        const enc = new TextEncoder();
        ensureDir(o.out, 'candor mri transition');
        writeFilesAtomic(
          [
            { path: `${o.out}/surface.svg`, data: enc.encode(svg) },
            { path: `${o.out}/surface.png`, data: png },
            { path: `${o.out}/transition.json`, data: enc.encode(`${JSON.stringify({ ...summary, cells: stats }, null, 2)}\n`) },
          ],
          'candor mri transition',
        );
      }
      if (o.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      const f = (v: number | null) => (v === null ? '   n/a' : v.toFixed(3).padStart(6));
      console.log(`${spec.family} ${o.size}x${o.size}, ${spec.levels + 1} sparsity levels (${spec.wavelet}), ${spec.trials} trials per cell: rho of 50% success`);
      console.log('fraction  profile               empirical (95%)          theory');
      for (const r of rows) {
        const ci = r.rho50 === null ? (r.note ?? '').padEnd(24) : `${f(r.rho50)} [${f(r.lo)}, ${f(r.hi)}]`.padEnd(24);
        console.log(`${r.fraction.toFixed(3).padStart(8)}  ${`[${spec.profiles[r.profile].join(', ')}]`.padEnd(20)}  ${ci} ${f(r.theory)}`);
      }
      console.log('theory: state evolution in levels, rho(K) = 1 (large-system AMP heuristic, not calibrated)');
      console.log(`${run.resumed ? `resumed sweep ${run.sweep.id}` : `sweep ${run.sweep.id}`} in ${o.store}: ${run.ran} of ${run.sweep.totalTrials} tasks run now`);
      if (o.out) console.log(`wrote ${o.out}/surface.svg, surface.png, transition.json`);
    });
}
