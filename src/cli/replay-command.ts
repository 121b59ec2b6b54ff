/**
 * What a replay may run (docs/receipts.md, "Security model"): the command line of a replay is
 * rebuilt from the receipt against the REAL command, never taken from it.
 *
 * - The command words must name a command that writes receipts: one registered with an `--out`
 *   option whose policy is not `none` ({@link RECEIPT_POLICIES}). `serve`, `bench`, `worker`,
 *   `sweep status`, `replay` itself have no receipt and are refused.
 * - Every option is looked up by name on that command (commander's own option list): an unknown
 *   option is refused, and each is written from the command's own long flag as `--flag=TEXT`
 *   (one word: a value starting with `-` cannot become a flag). Its text must be a string.
 * - Options that reach the network ({@link NETWORK_OPTIONS}: `--queue`) are refused.
 * - Every option naming an output (`--out`, further output folders and files, the store the
 *   command writes) is redirected into the replay folder, whether the receipt names it or the
 *   command would use its default.
 * - Positional arguments: at most the command's declared ones, none starting with `-`, after `--`.
 *
 * @example
 * // const argv = await replayCommandLine(receipt, 'rec/receipt.json', { out: '/tmp/r' });
 * // ['mri', 'recon', '--iters=15', '--kspace=sim/kspace.cfl', '--out=/tmp/r', ...]
 */
import type { Command, Option } from 'commander';
import { CandorError } from '../core/errors.ts';
import type { Receipt } from '../io/receipt.ts';
import { registrations } from './commands/index.ts';
import { buildProgram } from './main.ts';
import { outputOptions, RECEIPT_POLICIES, type ReceiptPolicy } from './receipts.ts';

/** Options whose use reaches another machine: never run by a replay. */
export const NETWORK_OPTIONS: readonly string[] = Object.freeze(['queue']);

/** The registered command a list of words names, or null. */
export async function findCommand(words: readonly string[]): Promise<Command | null> {
  const program = buildProgram(await registrations(words));
  let c: Command | undefined = program;
  for (const w of words) {
    c = c?.commands.find((s) => s.name() === w);
    if (!c) return null;
  }
  return c === program ? null : (c ?? null);
}

/** The replayable command a receipt names, and its receipt policy; refuses any other (exit 2). */
export async function replayableCommand(r: Receipt, name: string): Promise<{ cmd: Command; policy: ReceiptPolicy }> {
  const words = r.command.words;
  const policy = RECEIPT_POLICIES[words.join(' ')] ?? {};
  const cmd = words.every((w) => /^[a-z][a-z-]*$/.test(w)) ? await findCommand(words) : null;
  if (!cmd || policy.none || !cmd.options.some((o) => o.long === '--out')) {
    throw new CandorError(`receipt ${name}`, 'field command.words', 'a candor command that writes receipts (one with --out; not serve, bench, worker or replay)', JSON.stringify(words.join(' ')).slice(0, 60), 'usage');
  }
  return { cmd, policy };
}

/**
 * The argument vector of a replay: the command's words, every option of the receipt written
 * from the real command's flag, the output options set to `redirect` (role -> new path), `--`
 * and the positional arguments. Refuses unknown options, network options, non-text option
 * values and flag-like positional arguments (exit 2).
 */
export function replayCommandLine(r: Receipt, name: string, cmd: Command, policy: ReceiptPolicy, redirect: Readonly<Record<string, string>>): string[] {
  const where = `receipt ${name}`;
  const refuse = (what: string, expected: string, got: string): never => {
    throw new CandorError(where, what, expected, got, 'usage');
  };
  const opts = cmd.options as readonly Option[];
  const outs = outputOptions(policy).filter((k) => opts.some((o) => o.attributeName() === k));
  for (const k of outs) {
    if (!(k in redirect) && r.command.options[k]?.value !== null && r.command.options[k]?.value !== undefined) {
      refuse(`field command.options.${k}`, 'an output option redirected into the replay folder', 'one with no replay path');
    }
  }
  const argv: string[] = [...r.command.words];
  const names = new Set(Object.keys(r.command.options));
  for (const k of Object.keys(redirect)) names.add(k);
  for (const k of [...names].sort()) {
    const o = r.command.options[k];
    const real = opts.filter((x) => x.attributeName() === k);
    if (real.length === 0) refuse(`field command.options.${k}`, `an option of candor ${r.command.words.join(' ')}`, 'an unknown option');
    const positive = real.find((x) => !x.negate);
    const negative = real.find((x) => x.negate);
    const value = o?.value;
    if (NETWORK_OPTIONS.includes(k) && value !== null && value !== undefined && value !== false) {
      refuse(`option --${k}`, 'no option that reaches the network (a replay runs on this machine only)', JSON.stringify(value).slice(0, 60));
    }
    if (k in redirect) {
      // an output: into the replay folder (':memory:' keeps nothing: left as it is)
      if (value === ':memory:') argv.push(`${(positive ?? real[0]).long}=:memory:`);
      else argv.push(`${(positive ?? real[0]).long}=${redirect[k]}`);
      continue;
    }
    if (o === undefined || value === undefined || value === null) continue;
    if (typeof value === 'boolean') {
      if (value && positive && !positive.required && !positive.optional) argv.push(positive.long as string);
      else if (!value && negative) argv.push(negative.long as string);
      continue;
    }
    if (o.arg === undefined || o.arg === null) continue;
    if (typeof o.arg !== 'string') refuse(`field command.options.${k}.arg`, 'the text of the option (a string)', Array.isArray(o.arg) ? 'an array' : typeof o.arg);
    if (!positive || (!positive.required && !positive.optional)) return refuse(`field command.options.${k}`, `a value only for an option that takes one (${(positive ?? real[0]).flags})`, JSON.stringify(o.arg).slice(0, 60));
    argv.push(`${positive.long}=${o.arg}`);
  }
  const declared = cmd.registeredArguments;
  const variadic = declared.at(-1)?.variadic ?? false;
  if (!variadic && r.command.args.length > declared.length) refuse('field command.args', `at most ${declared.length} positional argument${declared.length === 1 ? '' : 's'} (candor ${r.command.words.join(' ')})`, `${r.command.args.length}`);
  for (const a of r.command.args) if (a.startsWith('-')) refuse('field command.args', 'positional arguments (not flags)', JSON.stringify(a).slice(0, 60));
  if (r.command.args.length > 0) argv.push('--', ...r.command.args);
  return argv;
}
