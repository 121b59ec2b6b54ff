/**
 * Candor's solvers, one calling convention (./types.ts): `solver(A, y, ..., opts)` returns a
 * SolverResult; `solverSteps(problem, ...)` is the step generator behind it. See docs/solvers-*.md.
 */
export * from './types.ts';
export { makeProblem, type DenseLike, type OperatorInput, type Problem } from './problem.ts';
export { runSteps } from './run.ts';
export { estimateLipschitz } from './lipschitz.ts';
// convex
export { fista, ista, fistaSteps, FISTA_DEFAULTS, type FistaOptions } from './fista.ts';
export { lassoCD, lassoCDSteps, LASSO_CD_DEFAULTS, type LassoCDOptions } from './coordinate-descent.ts';
export { bpdn, bpdnSteps, projectL1Ball, BPDN_DEFAULTS, type BpdnOptions } from './spgl1.ts';
export { admm, admmSteps, ADMM_DEFAULTS, type AdmmOptions } from './admm.ts';
export { chambollePock, chambollePockSteps, tvAnalysis, CHAMBOLLE_POCK_DEFAULTS, type ChambollePockOptions } from './chambolle-pock.ts';
export { primalDual, primalDualSteps, primalDualStepSizes, resolvePrimalDual, PRIMAL_DUAL_DEFAULTS, type PrimalDualOptions, type PrimalDualPlan } from './primal-dual.ts';
export { lambdaMax, lambdaFromNoise, lambdaGrid, lassoPath, type LassoPath, type LassoPathOptions, type LassoSolver } from './lambda.ts';
// exact
export { bpLP, bpLPSteps, BPLP_DEFAULTS, type BpLPOptions, type BpLPExtra } from './bp-lp.ts';
export { initHighs, highsReady } from './highs-runtime.ts';
export { bpHomotopy, lassoHomotopy, homotopySteps, HOMOTOPY_DEFAULTS, type HomotopyOptions, type HomotopyExtra } from './homotopy.ts';
// greedy and message passing
export { omp, ompSteps, OMP_DEFAULTS, type OmpOptions } from './omp.ts';
export { cosamp, cosampSteps, COSAMP_DEFAULTS, type CosampOptions } from './cosamp.ts';
export { subspacePursuit, subspacePursuitSteps, SUBSPACE_PURSUIT_DEFAULTS, type SubspacePursuitOptions } from './subspace-pursuit.ts';
export { iht, niht, ihtSteps, IHT_DEFAULTS, NIHT_DEFAULTS, type IhtOptions, type NihtOptions } from './iht.ts';
export { htp, htpSteps, HTP_DEFAULTS, type HtpOptions } from './htp.ts';
export { amp, ampSteps, ampAlpha, AMP_DEFAULTS, type AmpOptions } from './amp.ts';
export * from './registry.ts';
export * from './choose.ts';
// smooth nonlinear objectives with bounds (not a sparse-recovery solver)
export { lbfgsb, LBFGSB_DEFAULTS, type LbfgsbOptions, type LbfgsbResult, type SmoothObjective } from './lbfgsb.ts';
