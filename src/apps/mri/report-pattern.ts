/**
 * What the theory report may say about a sampling pattern's aliasing, by the pattern's kind, so
 * the words match what the figure shows (Lustig, Donoho & Pauly, MRM 58 (2007) 1182, sec. 3):
 *
 * - Poisson-disc and variable-density random masks: random samples alias incoherently, and a low
 *   transform point-spread (TPSF) side lobe means the aliases spread like noise;
 * - random phase-encode **lines**: whole k-space rows are kept or dropped, so the aliasing stays
 *   along the phase-encode direction (1-D random undersampling: incoherent along y only);
 * - **radial** spokes: the point-spread function is a star of lines through its peak, so aliases
 *   are coherent streaks, whatever the TPSF side-lobe level (a low TPSF does not make them noise);
 * - an unknown pattern (a mask read from a file): the low-TPSF reading is stated conditionally.
 *
 * Only the two random kinds are "variable density"; lines and spokes are not, whatever the
 * density of their centre.
 *
 * @example
 * import { detectPattern, patternPhrase } from './report-pattern.ts';
 * const m = new Uint8Array(16); m.fill(1, 4, 8);   // row 1 of a 4x4 grid fully sampled
 * detectPattern(m, 4, 4);       // 'lines'
 * patternPhrase('radial');      // 'radial Fourier sampling'
 */
import type { MaskKind } from './masks/common.ts';

/** 'lines' when every row (or every column) is fully sampled or empty (and some are empty); else null. */
export function detectPattern(mask: Uint8Array, ny: number, nx: number): MaskKind | null {
  const uniform = (count: number, len: number, at: (a: number, b: number) => number): boolean => {
    let empty = 0;
    for (let a = 0; a < count; a++) {
      const first = at(a, 0);
      for (let b = 1; b < len; b++) if (at(a, b) !== first) return false;
      if (first === 0) empty++;
    }
    return empty > 0 && empty < count;
  };
  if (ny > 1 && nx > 1 && (uniform(ny, nx, (i, j) => mask[i * nx + j]) || uniform(nx, ny, (j, i) => mask[i * nx + j]))) return 'lines';
  return null;
}

/** How the sampling is named in "no empirical data exists for ...". */
export function patternPhrase(kind: MaskKind | null): string {
  switch (kind) {
    case 'poisson-disc':
      return 'variable-density Poisson-disc Fourier sampling';
    case 'variable-density':
      return 'variable-density random Fourier sampling';
    case 'lines':
      return 'random phase-encode line sampling';
    case 'radial':
      return 'radial Fourier sampling';
    default:
      return 'this Fourier sampling pattern';
  }
}

/** The planner ensemble whose baseline stands for the pattern (random kinds: variable-density; others: gaussian). */
export function patternEnsemble(kind: MaskKind | null): string {
  return kind === 'lines' || kind === 'radial' ? 'gaussian' : 'variable-density';
}

/** Whether the kind samples at random over the whole plane (its aliasing can be noise-like). */
export function isRandom2d(kind: MaskKind | null): boolean {
  return kind === 'poisson-disc' || kind === 'variable-density';
}

const LUSTIG = '(Lustig, Donoho & Pauly 2007)';

/**
 * The sentence ending of the aliasing reading. `tpsf`: the TPSF side-lobe-to-peak with the
 * wavelet, or null when the reconstruction has no wavelet (TV).
 */
export function aliasingText(kind: MaskKind | null, tpsf: number | null): string {
  if (kind === 'radial') {
    return ' Radial spokes alias as coherent streaks, not as noise: the point-spread function is a star of lines through its peak, so every edge leaves streaks that fade only as spokes are added, and the reconstruction has to remove structured artefacts ' + `${LUSTIG}.`;
  }
  if (kind === 'lines') {
    return ' Whole phase-encode lines are kept or dropped, so the aliasing stays along the phase-encode direction: random lines spread it along that axis only, and the readout direction gets no incoherence at all (1-D random undersampling, Lustig, Donoho & Pauly 2007).';
  }
  if (tpsf !== null && tpsf > 1) return '';
  if (tpsf === null) {
    return isRandom2d(kind) ? ` The random pattern spreads its aliasing like noise rather than as coherent copies ${LUSTIG}.` : '';
  }
  if (tpsf >= 0.35) return ', high enough that part of the aliasing is coherent: structured artefacts may survive the reconstruction; a more random or variable-density pattern lowers it.';
  if (isRandom2d(kind)) return `, so undersampling aliases spread like noise rather than as coherent copies ${LUSTIG}.`;
  return `; for a random pattern this means the aliases spread like noise ${LUSTIG}, but a structured pattern (radial spokes) aliases as streaks even at a low level.`;
}
