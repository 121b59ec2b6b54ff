/**
 * The theory layer: predict (statistical dimension, phase-transition curves, AMP state evolution,
 * nuclear norm, success probabilities, the planner), certify (coherence, PSF/TPSF, ERC, dual
 * certificates, KKT, RIP bounds) and explain. See docs/theory-predict.md and docs/theory-certify.md.
 */
export * from './validate.ts';
export * from './statdim.ts';
export * from './statdim-mc.ts';
export * from './transition.ts';
export * from './facecount.ts';
export * from './amp.ts';
export * from './nuclear.ts';
export * from './probability.ts';
export * from './rip-bounds.ts';
export * from './plan.ts';
export * from './columns.ts';
export * from './support.ts';
export * from './support-factor.ts';
export * from './coherence.ts';
export * from './psf.ts';
export * from './tpsf.ts';
export * from './psf-nonuniform.ts';
export * from './dct-coherence.ts';
export * from './erc.ts';
export * from './certificate.ts';
export * from './certificate-lp.ts';
export * from './certify-bp.ts';
export * from './certify-bpdn.ts';
export * from './kkt.ts';
export * from './rip-lower.ts';
export * from './explain-parts.ts';
export * from './explain.ts';
