/**
 * Phase-transition experiments (browser-safe): sweep specs, seeded trials, the sweep engine, the
 * analysis (empirical 50% curves against theory) and figures. Storage, worker threads and the
 * job queue are Node-only (`candor/node`). Package subpath `candor/experiments`.
 *
 * @example
 * import { runTrial } from 'candor/experiments';
 */
export * from './analysis.ts';
export * from './engine.ts';
export * from './figures.ts';
export * from './phase-kind.ts';
export * from './solvers.ts';
export * from './spec.ts';
export * from './trial.ts';
export * from './levels-analysis.ts';
export * from './levels-families.ts';
export * from './levels-kind.ts';
