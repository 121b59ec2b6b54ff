/** Proximal operators: see ./types.ts for the contract and docs/prox.md for the catalogue. */
export { moreauConj, type Prox } from './types.ts';
export { l1, weightedL1, l1Transform } from './l1.ts';
export { nonneg, box, l2Ball, zero } from './indicators.ts';
export { simplex, projectSimplex } from './simplex.ts';
export { l21 } from './mixed.ts';
export { tv1d, tv2d, condatTV1d, type TVOptions } from './tv.ts';
export { type DualTerm, l1AnalysisTerm, type L1AnalysisOptions, tvTerm } from './dual-terms.ts';
export { type SpinWaveletOptions, spinWaveletL1 } from './spin-wavelet.ts';
