/**
 * The `candor` command equivalent to what a lab page computes, from the page's settings (pure
 * functions, no DOM: test/web/commands.test.ts runs each command through the CLI and compares).
 * Where the lab and the command line differ (an uploaded file the lab pads and scales, one panel
 * of a 3-D file), a `#` line says how.
 *
 * @example
 * planCommand({ n: 200, k: 20, ensemble: 'gaussian', signal: 'signed', target: 0.95 });
 * // 'candor plan --n 200 --k 20 --ensemble gaussian --signal signed --target 0.95'
 */

import { shellWord } from '../io/receipt.ts';
import { coilCalibDefault } from '../apps/mri/scan-multicoil.ts';

/** A word for a POSIX shell (the receipt's rule: the lab's commands and its receipts quote alike). */
export { shellWord };

function cmd(words: (string | number)[]): string {
  return words.map((w) => shellWord(String(w))).join(' ');
}

export interface SweepSettings {
  ensemble: string;
  signal: string;
  solver: string;
  n: number;
  nDelta: number;
  nRho: number;
  trials: number;
  seed: number;
}

/** The grid of the phase lab: `count` points from 0.05 to 0.95 (the page's fixed range). */
export const SWEEP_GRID = Object.freeze({ from: 0.05, to: 0.95 });

/** The sweep spec of the page's settings, as `parseSpec` takes it (the page and the test use it). */
export function sweepSpecInput(s: SweepSettings): Record<string, unknown> {
  const g = (count: number) => ({ from: SWEEP_GRID.from, to: SWEEP_GRID.to, count });
  return { ensemble: s.ensemble, signal: s.signal, solver: s.solver, n: s.n, delta: g(s.nDelta), rho: g(s.nRho), trials: s.trials, seed: s.seed };
}

/** `candor sweep run` with the page's spec (it stores the sweep; `sweep report` draws it). */
export function sweepCommand(s: SweepSettings): string {
  const grid = (count: number) => `${SWEEP_GRID.from}:${SWEEP_GRID.to}:${count}`;
  return cmd(['candor', 'sweep', 'run', '--ensemble', s.ensemble, '--signal', s.signal, '--solver', s.solver, '--n', s.n, '--delta', grid(s.nDelta), '--rho', grid(s.nRho), '--trials', s.trials, '--seed', s.seed]);
}

export interface PlanSettings {
  n: number;
  k: number;
  ensemble: string;
  signal: string;
  target: number;
  /** The lab server's store (its empirical curves); omitted: candor.db when present. */
  store?: string;
}

export function planCommand(s: PlanSettings): string {
  return cmd(['candor', 'plan', '--n', s.n, '--k', s.k, '--ensemble', s.ensemble, '--signal', s.signal, '--target', s.target, ...(s.store ? ['--store', s.store] : [])]);
}

export interface MriSettings {
  /** 'phantom' or an uploaded file's name. */
  image: string;
  /** Phantom side (ignored for an upload). */
  size: number;
  mask: string;
  acceleration: number;
  method: string;
  maxIter: number;
  seed: number;
  /** Receive coils simulated on the image (absent or 1: single-coil). */
  coils?: number;
  /** The upload is fully sampled coil k-space (`image` its file name). */
  kspace?: boolean;
}

function mriImage(s: MriSettings): { words: (string | number)[]; notes: string[] } {
  if (s.image === 'phantom') return { words: ['--size', s.size], notes: [] };
  return {
    words: ['--image', s.image],
    notes: [`# the lab takes the magnitude of ${s.image}, scales it to a peak of 1 and zero-pads it to multiples of 16; the command reads it as it is`],
  };
}

/**
 * `candor mri simulate` (the same image, mask and seed; NPY keeps float64 k-space) then
 * `candor mri report` (the same reconstruction and its theory report, the mask kind named).
 */
export function mriReconCommand(s: MriSettings): string {
  if (s.kspace) {
    return [
      `# the lab undersamples the coil k-space of ${s.image} with the ${s.mask} mask (centre: ESPIRiT's calibration size) and reconstructs it with ESPIRiT + SENSE;`,
      '# no command undersamples a file retrospectively alone: its acceleration scan is',
      cmd(['candor', 'mri', 'plan', '--kspace', s.image, '--mask', s.mask, '--accelerations', s.acceleration, '--repeats', 1, '--seed', s.seed, '--method', s.method, '--iters', s.maxIter]),
    ].join('\n');
  }
  const img = mriImage(s);
  if ((s.coils ?? 1) > 1) {
    // multi-coil: the coils simulated on the image, the mask's centre ESPIRiT's; recon (ESPIRiT + SENSE) against the truth
    const calib = coilCalibDefault(s.image === 'phantom' ? s.size : 0, s.image === 'phantom' ? s.size : 0);
    const sim = cmd(['candor', 'mri', 'simulate', ...img.words, '--coils', s.coils as number, '--mask', s.mask, '--accel', s.acceleration, ...(s.image === 'phantom' ? ['--calib', calib] : []), '--seed', s.seed, '--format', 'npy', '--out', 'mri-sim']);
    const rec = cmd(['candor', 'mri', 'recon', '--kspace', 'mri-sim/kspace.npy', '--truth', 'mri-sim/truth.npy', '--method', s.method, '--iters', s.maxIter, '--out', 'mri-recon']);
    // mri simulate --coils defaults its centre to ESPIRiT's calibration size, as the lab does
    return [...img.notes, `${sim} &&`, `  ${rec}`].join('\n');
  }
  const sim = cmd(['candor', 'mri', 'simulate', ...img.words, '--mask', s.mask, '--accel', s.acceleration, '--seed', s.seed, '--format', 'npy', '--out', 'mri-sim']);
  const rep = cmd(['candor', 'mri', 'report', '--kspace', 'mri-sim/kspace.npy', '--mask', 'mri-sim/mask.npy', '--truth', 'mri-sim/truth.npy', '--method', s.method, '--iters', s.maxIter, '--pattern', s.mask, '--out', 'mri-recon']);
  return [...img.notes, `${sim} &&`, `  ${rep}`].join('\n');
}

export interface MriPlanSettings extends MriSettings {
  repeats: number;
  targetSsim: number;
}

/** `candor mri plan` on the same image (the default accelerations, SSIM target). */
export function mriPlanCommand(s: MriPlanSettings): string {
  if (s.kspace) return cmd(['candor', 'mri', 'plan', '--kspace', s.image, '--mask', s.mask, '--repeats', s.repeats, '--seed', s.seed, '--target', s.targetSsim, '--method', s.method, '--iters', s.maxIter]);
  const img = mriImage(s);
  const coils = (s.coils ?? 1) > 1 ? ['--coils', s.coils as number] : [];
  const plan = cmd(['candor', 'mri', 'plan', ...img.words, ...coils, '--mask', s.mask, '--repeats', s.repeats, '--seed', s.seed, '--target', s.targetSsim, '--method', s.method, '--iters', s.maxIter]);
  return [...img.notes, plan].join('\n');
}

export interface SeismicSettings {
  /** 'synthetic' or an uploaded file's name. */
  source: string;
  panel: number;
  /** Panels of the uploaded file (1 for a 2-D gather). */
  panels?: number;
  pattern: string;
  keep: number;
  seed: number;
  method: string;
  iterations: number;
  /** Sample interval of the gather in seconds (NPY files store none; the CLI assumes 4 ms). */
  dt?: number;
}

/** The file the lab offers for the synthetic gather (its "NPY" download). */
export const SYNTHETIC_FILE = 'synthetic-gather.npy';

/** `candor seismic decimate` then `candor seismic interpolate --truth --report` on the same gather. */
export function seismicCommand(s: SeismicSettings): string {
  const input = s.source === 'synthetic' ? SYNTHETIC_FILE : s.source;
  const ext = input.toLowerCase().endsWith('.npy') ? 'npy' : input.toLowerCase().endsWith('.su') ? 'su' : 'sgy';
  const dtMs = s.dt !== undefined && ext === 'npy' && Math.abs(s.dt - 0.004) > 1e-12 ? ['--dt', Number((s.dt * 1000).toPrecision(12))] : [];
  const notes: string[] = [];
  if (s.source === 'synthetic') notes.push(`# ${SYNTHETIC_FILE}: the lab's synthetic gather (its NPY download on the seismic page)`);
  if ((s.panels ?? 1) > 1) notes.push(`# the lab shows panel ${s.panel} of ${s.panels}; the command interpolates every panel (the same masks) and its report shows panel 0`);
  const dec = cmd(['candor', 'seismic', 'decimate', '--in', input, ...dtMs, '--keep', s.keep, '--seed', s.seed, '--pattern', s.pattern, '--out', `decimated.${ext}`]);
  const itp = cmd(['candor', 'seismic', 'interpolate', '--in', `decimated.${ext}`, ...dtMs, '--out', `interpolated.${ext}`, '--method', s.method, '--iters', s.iterations, '--truth', input, '--report', 'seismic-report']);
  return [...notes, `${dec} &&`, `  ${itp}`].join('\n');
}
