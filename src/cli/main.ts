/**
 * The `candor` command line: one small file per command under ./commands/, each registering
 * itself on the commander program (help text with examples, a declarative options table, parse,
 * one library call, write). Errors become one line and an exit code (./errors.ts). Only the
 * command being run is loaded (./commands/index.ts): start-up stays short however many commands
 * there are.
 */
import { Command, CommanderError } from 'commander';
import { codeVersion } from '../experiments/node/version.ts';
import { bundleDir, distWasmDir, installWasmCache } from '../experiments/node/wasm-cache.ts';
import { EXIT, exitCodeFor, formatError } from './errors.ts';
import { type Register, registrations } from './commands/index.ts';
import { installReceipts } from './receipts.ts';

/** The program with the given commands registered (all of them, loaded: `loadAll()`). */
export function buildProgram(commands: readonly Register[]): Command {
  const program = new Command('candor')
    .description('Compressed sensing with its theory: predict, recover, certify and explain.')
    .option('-V, --version', 'print the version (with the git commit when run from a checkout: 0.1.0+1a2b3c4)')
    .on('option:version', () => {
      // asked for only here: the commit costs two git calls, which other starts do without
      const v = codeVersion();
      process.stdout.write(`${v}\n`);
      throw new CommanderError(EXIT.ok, 'commander.version', v);
    })
    .option('--debug', 'show stack traces on errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 failure, 2 usage error.\nRun `candor <command> --help` for a command\'s options and examples.',
    );
  for (const register of commands) register(program);
  installReceipts(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  // assembled WebAssembly modules from the bundle's cache (../experiments/node/wasm-cache.ts):
  // bin/candor.mjs names the bundled team worker, whose directory is the bundle's; the installed
  // package's are in dist/wasm/
  const dir = bundleDir((globalThis as { __candorTeamWorker?: string }).__candorTeamWorker) ?? distWasmDir(import.meta.url);
  if (dir) installWasmCache(dir);
  const program = buildProgram(await registrations(argv));
  try {
    await program.parseAsync(argv, { from: 'user' });
    // an action may set a failure code of its own (e.g. `trial reproduce` finding a difference)
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      process.stderr.write(`candor: ${e.message.replace(/^error: /, '')}\n`);
      return EXIT.usage;
    }
    const line = formatError(e, debug);
    process.stderr.write(`${line.startsWith('candor') ? '' : 'candor: '}${line}\n`);
    return exitCodeFor(e);
  }
}
