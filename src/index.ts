/**
 * Candor: compressed sensing with its theory. The package's stable surface (`import ... from
 * 'candor'`, Node and browsers): predict how many measurements a sparse recovery needs, recover
 * it with a chosen solver, certify and explain the result. Layer subpaths hold the rest:
 * `candor/core`, `candor/linops`, `candor/prox`, `candor/solvers`, `candor/predict`,
 * `candor/theory`, `candor/experiments`, `candor/mri`, `candor/seismic`, `candor/radio`,
 * `candor/io`, and `candor/node` (files, SQLite, worker threads; Node only).
 *
 * @example
 * import { createRng, explain, gaussianMatrix, gemv, initHighs, plan, recover } from 'candor';
 * await initHighs();
 * const p = plan({ n: 256, k: 20, target: 0.95 });          // p.m = 83
 * const rng = createRng(1, 0, 0);
 * const A = gaussianMatrix(p.m, 256, rng);
 * const x0 = rng.sparseVector(256, 20, 'signed', new Float64Array(256));
 * const y = gemv(A, x0, new Float64Array(p.m));
 * const r = recover(A, y);                                  // r.certificate.verdict
 * console.log(explain({ A, y, xTrue: x0, ensemble: 'gaussian' }, r.result).paragraph);
 */
export { CandorError, type ErrorKind } from './core/errors.ts';
export { createRng, Rng, type SeedLike } from './core/rng/index.ts';
export { gemv, type Matrix, matrix } from './core/dense/index.ts';
export { gaussianMatrix, rademacherMatrix } from './linops/index.ts';
export type { LinearOperator } from './linops/types.ts';
export { initHighs, SOLVER_NAMES, type SolverName, type SolverResult } from './solvers/index.ts';
export { type PlanOptions, type PlanResult, plan } from './predict/index.ts';
export { certifyBP, certifyResult, explain, type Recovery, type RecoverOptions, recover, type ResultCertificate } from './theory/index.ts';
