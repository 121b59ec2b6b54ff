/**
 * The theory layer above the solvers: certify (support factorisations, ERC, dual certificates by
 * LP, KKT residuals and duality gaps, RIP lower bounds) and explain (a plain-language paragraph on
 * why a reconstruction worked or failed). It re-exports the prediction layer (src/predict:
 * statistical dimension, transitions, AMP theory, the planner, coherence, PSF/TPSF), so
 * `theory/index.ts` remains the one import for predict, certify and explain.
 * See docs/theory-predict.md and docs/theory-certify.md.
 */
export * from '../predict/index.ts';
export * from './support.ts';
export { adjointColumns, factorSupport, leastNormDual, pinvApply, type SupportFactor } from './support-factor.ts';
export * from './erc.ts';
export * from './certificate.ts';
export * from './certificate-lp.ts';
export * from './certify-bp.ts';
export * from './certify-bpdn.ts';
export * from './kkt.ts';
export * from './rip-lower.ts';
export * from './explain-parts.ts';
export * from './explain.ts';
export * from './certify-result.ts';
export * from './recover.ts';
