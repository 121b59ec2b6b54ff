/**
 * The problem-kind options of `candor recover | certify | explain` (--lambda, --sigma, --nonneg)
 * and the CLI's view of the library's solver choice (src/solvers/choose.ts, with the registry of
 * src/solvers/registry.ts): the same function, its messages naming the CLI's flags.
 *
 * @example
 * import { chooseSolver } from '../solvers/choose.ts';
 * chooseSolver('candor recover', { solver: 'auto', nonneg: false }, { m: 64, n: 128, complex: false, dense: true }).name; // 'bp-homotopy'
 */
import type { Command } from 'commander';
import { CandorError } from '../core/errors.ts';
import { solveModeOf } from '../solvers/choose.ts';
import type { SolveMode } from '../solvers/registry.ts';
import { lambdaOrAutoOption, numberOption } from './options.ts';

export type Mode = SolveMode;

/**
 * Adds --lambda, --sigma and --nonneg (the problem kind; shared by recover, certify, explain);
 * with `autoLambda` (recover) --lambda also takes auto[:rule] and --noise-std is added.
 */
export function problemKindOptions(cmd: Command, opts: { autoLambda?: boolean } = {}): Command {
  if (opts.autoLambda) {
    cmd
      .option(
        '--lambda <l>',
        'the LASSO: min 1/2||Ax - y||^2 + lambda ||x||_1; or auto[:sure|gcv|discrepancy|lcurve], the weight chosen from the data (default rule sure; docs/lambda.md)',
        lambdaOrAutoOption('--lambda', 0, true),
      )
      .option('--noise-std <s>', 'noise std per measurement for --lambda auto (default: estimated, docs/lambda.md)', numberOption('--noise-std', 0, Infinity, true));
  } else {
    cmd.option('--lambda <l>', 'the LASSO: min 1/2||Ax - y||^2 + lambda ||x||_1', numberOption('--lambda', 0, Infinity, true));
  }
  return cmd
    .option('--sigma <s>', 'BPDN: min ||x||_1 s.t. ||Ax - y||_2 <= sigma (the noise level ||e||_2)', numberOption('--sigma', 0, Infinity, true))
    .option('--nonneg', 'nonnegative signal (x >= 0)');
}

/** The problem kind from --lambda / --sigma (both is a usage error). */
export function modeOf(where: string, o: { lambda?: number; sigma?: number }): Mode {
  return solveModeOf(where, o);
}

/** Checks --k against the size of A: k <= max, where `label` says what max is ('n = 128'). */
export function checkK(where: string, k: number | undefined, max: number, label: string): void {
  if (k !== undefined && k > max) throw new CandorError(where, 'option --k', `an integer in [1, ${label}]`, String(k), 'usage');
}
