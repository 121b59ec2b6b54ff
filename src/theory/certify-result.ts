/**
 * The certificate that fits a reconstruction's problem kind, with its verdict: the library
 * service behind `candor recover | certify | explain` and the lab server.
 *
 * - basis pursuit (`mode: 'bp'`): `certifyBP` (./certify-bp.ts), verdict `certified unique l1
 *   minimiser` or `not certified`; with the truth's sparsity k, a certified minimiser with more
 *   than k nonzeros is flagged (`kSparse: false`: basis pursuit failed);
 * - the LASSO (`mode: 'lasso'`): `lassoKkt` (./kkt.ts): `certified unique LASSO solution`
 *   (unique and optimal), `LASSO optimal, uniqueness not certified` (KKT residual <= 1e-6
 *   lambda) or `not certified`;
 * - BPDN (`mode: 'bpdn'`): `certifyBPDN` (./certify-bpdn.ts): `certified error bound
 *   (conditional on the support)` (feasible, a bound, and its premise possible: x0 may have the
 *   support of x), `feasible, no error bound certified` or `not certified`; with k, a support
 *   larger than k makes the premise fail; x = 0 with ||y|| <= sigma is `certified unique BPDN
 *   solution (x = 0, ||y|| <= sigma)` (feasible with ||x||_1 = 0, every other x has ||x||_1 > 0).
 * The BP and BPDN certificates need real A; complex data get kind 'none' with the reason.
 *
 * @example
 * import { certifyResult } from './certify-result.ts';
 * const c = certifyResult(A, y, x, { mode: 'bp', nonneg: false });
 * c.verdict;   // 'certified unique l1 minimiser'
 */
import type { OperatorInput } from '../linops/types.ts';
import { makeProblem } from '../solvers/problem.ts';
import { type BpReconstructionCertificate, certifyBP } from './certify-bp.ts';
import { type CertifyBPDN, certifyBPDN } from './certify-bpdn.ts';
import { type LassoKkt, lassoKkt } from './kkt.ts';

/** The problem a result solved: its kind and parameters, and what is known about the truth. */
export interface ResultSettings {
  mode: 'bp' | 'lasso' | 'bpdn';
  lambda?: number;
  sigma?: number;
  nonneg: boolean;
  /** false: skip the optimal LP certificate (HiGHS), keep the least-norm one. */
  lp?: boolean;
  /** The truth's sparsity when known: premises about the support are checked against it. */
  k?: number;
  ensemble?: string;
  xTrue?: Float64Array;
}

/**
 * The certificate that fits a result's problem kind ({@link certifyResult}): basis pursuit,
 * LASSO or BPDN, each with a verdict; 'none' (with the reason) when it cannot be computed.
 */
export type ResultCertificate =
  | { kind: 'bp'; verdict: string; certified: boolean; bp: BpReconstructionCertificate; lpSkipped: boolean; kSparse: boolean | null }
  | { kind: 'lasso'; verdict: string; certified: boolean; lasso: LassoKkt; optimal: boolean }
  | { kind: 'bpdn'; verdict: string; certified: boolean; bpdn: CertifyBPDN | null; premise: 'fails' | 'possible' | 'unchecked' | null; reason: string | null }
  | { kind: 'none'; verdict: 'not computed'; certified: false; reason: string };

/** The certificate for x as a solution of the problem `s.mode` (see the file comment). */
export function certifyResult(A: OperatorInput, y: Float64Array, x: Float64Array, s: ResultSettings): ResultCertificate {
  if (s.mode === 'lasso') {
    const k = lassoKkt(A, y, x, s.lambda as number);
    const optimal = k.kktRelative !== null && k.kktRelative <= 1e-6;
    const verdict = k.unique ? 'certified unique LASSO solution' : optimal ? 'LASSO optimal, uniqueness not certified' : 'not certified';
    return { kind: 'lasso', verdict, certified: k.unique, lasso: k, optimal };
  }
  if (makeProblem('certifyResult', A, y).complex) {
    return { kind: 'none', verdict: 'not computed', certified: false, reason: `no ${s.mode === 'bpdn' ? 'BPDN' : 'BP'} certificate: the certificates are implemented for real A (this operator is complex)` };
  }
  const noLp = s.lp === false ? { lp: false } : {};
  if (s.mode === 'bp') {
    const c = certifyBP(A, y, x, { signal: s.nonneg ? 'nonneg' : 'signed', ensemble: s.ensemble, xTrue: s.xTrue, ...noLp });
    const ce = c.certificate;
    const lpSkipped = s.lp === false && ce !== null && ce.thetaLP === null && !ce.certified;
    return { kind: 'bp', verdict: c.verdict, certified: c.certified, bp: c, lpSkipped, kSparse: s.k === undefined ? null : c.support.length <= s.k };
  }
  const b = certifyBPDN(A, y, x, s.sigma as number, noLp);
  if (b.support.length === 0) {
    // x = 0: the unique BPDN solution when ||y|| <= sigma (feasible with ||x||_1 = 0; any other x has ||x||_1 > 0)
    return b.feasible
      ? { kind: 'bpdn', verdict: 'certified unique BPDN solution (x = 0, ||y|| <= sigma)', certified: true, bpdn: b, premise: null, reason: null }
      : { kind: 'bpdn', verdict: 'not certified', certified: false, bpdn: b, premise: null, reason: 'x = 0 is not feasible: ||y|| > sigma' };
  }
  // the bound's premise is "x0 has the support S of x^": a k-sparse truth with k < |S| cannot
  const premiseFails = s.k !== undefined && b.support.length > s.k;
  const premise = b.bound.value === null ? null : premiseFails ? 'fails' : s.k !== undefined ? 'possible' : 'unchecked';
  const certified = b.feasible && b.bound.value !== null && !premiseFails;
  const verdict = certified
    ? 'certified error bound (conditional on the support)'
    : b.feasible
      ? premiseFails
        ? "feasible, no error bound certified (the bound's support premise fails)"
        : 'feasible, no error bound certified'
      : 'not certified';
  return { kind: 'bpdn', verdict, certified, bpdn: b, premise, reason: null };
}
