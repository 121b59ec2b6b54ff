/**
 * Random phase-encode lines (1-D Cartesian undersampling): whole k-space rows (constant ky, the
 * phase-encoding direction; every row is read out fully along kx) are kept. The `calib` central
 * rows are always kept; the other rows are drawn without replacement with probability
 * proportional to (1 - |ky| / (ny/2))^power (power 0: uniform), until round(ny / R) rows are kept.
 * Same weighted draw as ./variable-density.ts, in one dimension.
 *
 * @example
 * import { linesMask } from './lines.ts';
 * const m = linesMask(256, 256, { acceleration: 4, calib: 16, seed: 2 });
 * m.samples; // 64 * 256 (64 rows)
 */
import { checkNumber } from '../../../core/errors.ts';
import { createRng } from '../../../core/rng/index.ts';
import { type MaskCommonOptions, type SamplingMask, commonOptions, finish } from './common.ts';

export interface LinesOptions extends MaskCommonOptions {
  /** Density power along ky (default 2). */
  power?: number;
}

/** Defaults of {@link linesMask}: density power 2 along ky. */
export const LINES_DEFAULTS = Object.freeze({ power: 2 });

/**
 * Random phase-encode lines: the `calib` central rows plus rows drawn without replacement with
 * probability proportional to (1 - |ky| / (ny/2))^power until round(ny / R) rows are kept.
 */
export function linesMask(ny: number, nx: number, opts: LinesOptions): SamplingMask {
  const where = 'linesMask';
  const { target, calib, seed } = commonOptions(where, ny, nx, opts, ny);
  const power = checkNumber(where, 'power', opts.power ?? LINES_DEFAULTS.power, 0, 100);
  const keep = new Uint8Array(ny);
  const y0 = Math.floor((ny - calib) / 2);
  for (let i = y0; i < y0 + calib; i++) keep[i] = 1;
  const want = Math.max(0, Math.min(ny - calib, Math.round(ny / target) - calib));
  const rng = createRng(seed, 0x6c6e);
  const keys = new Float64Array(ny).fill(-Infinity);
  const c = Math.floor(ny / 2);
  for (let i = 0; i < ny; i++) {
    if (keep[i]) continue;
    const w = Math.max(0, 1 - Math.abs(i - c) / Math.max(1, ny / 2 + 1)) ** power;
    const u = rng.uniform();
    keys[i] = w > 0 ? Math.log(u > 0 ? u : Number.MIN_VALUE) / w : -Infinity;
  }
  const order = Array.from({ length: ny }, (_, i) => i).filter((i) => !keep[i]);
  order.sort((a, b) => keys[b] - keys[a] || a - b);
  for (let t = 0; t < want; t++) keep[order[t]] = 1;
  const mask = new Uint8Array(ny * nx);
  for (let i = 0; i < ny; i++) if (keep[i]) mask.fill(1, i * nx, (i + 1) * nx);
  return finish('lines', ny, nx, mask, target, calib, seed, { power, lines: want + calib });
}
