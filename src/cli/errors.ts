/**
 * How the CLI reports failure: one line on stderr (`candor <command>: <message>`) and an exit
 * code: 2 for usage errors (unknown command or option, bad option value), 1 for every other
 * failure. `--debug` adds the stack trace.
 */
import { CandorError } from '../core/errors.ts';

/** Exit codes (docs/cli.md); 130 = 128 + SIGINT, the shell's code for a run stopped by Ctrl-C. */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2, interrupted: 130 });

/** A usage error raised by the CLI itself (bad flag value, missing argument). */
export class UsageError extends CandorError {
  constructor(where: string, what: string, expected: string, got: string) {
    super(where, what, expected, got, 'usage');
    this.name = 'UsageError';
  }
}

export function exitCodeFor(e: unknown): number {
  if (e instanceof CandorError && e.kind === 'usage') return EXIT.usage;
  const code = (e as { code?: string })?.code;
  if (typeof code === 'string' && code.startsWith('commander.')) return EXIT.usage;
  return EXIT.failure;
}

/** One line for the user: no stack unless debug. */
export function formatError(e: unknown, debug: boolean): string {
  if (debug && e instanceof Error && e.stack) return e.stack;
  if (e instanceof Error) return e.message.split('\n')[0];
  return String(e);
}

/**
 * Runs a library call whose arguments all come from command-line options: an input error it
 * raises (out-of-range numbers, inconsistent sizes) is the user's usage error (exit 2).
 */
export function optionsCall<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CandorError && e.kind === 'input') throw new UsageError(e.where, e.what, e.expected, e.got);
    throw e;
  }
}
