/**
 * `candor bench [group...]`: the benchmarks side by side with their peers, exactly as
 * `npm run bench -- <groups>` (`node --import tsx bench/run.ts <groups>` from the package root),
 * with the output streamed as it comes. `--list` lists the groups (bench/groups/*.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CandorError } from '../../core/errors.ts';
import { UsageError } from '../errors.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GROUPS_DIR = `${ROOT}bench/groups/`;
/** The order bench/run.ts runs all groups in. */
const ORDER = ['core', 'solvers', 'theory', 'experiments', 'mri'];

interface Group {
  name: string;
  /** The case files of a group that loads a folder (bench/groups/<name>/*.ts). */
  parts: string[];
}

/** The groups bench/run.ts knows: bench/groups/<name>.ts, in its order. */
export function benchGroups(): Group[] {
  if (!existsSync(GROUPS_DIR)) {
    throw new CandorError('candor bench', 'benchmarks', `the bench/groups folder of a source checkout (${GROUPS_DIR})`, 'no such folder', 'io');
  }
  const names = readdirSync(GROUPS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort()
    .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
  return names.map((name) => {
    const sub = `${GROUPS_DIR}${name}`;
    const parts = existsSync(sub) && statSync(sub).isDirectory() ? readdirSync(sub).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort() : [];
    return { name, parts };
  });
}

function run(groups: string[]): Promise<number | string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...groups], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? `signal ${signal}`));
  });
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .argument('[group...]', 'benchmark groups to run (default: all; see --list)')
    .description('run the benchmarks against their peers (as npm run bench), printing ratios')
    .option('--list', 'list the benchmark groups and exit')
    .addHelpText(
      'after',
      `
Each group prints a table: case, ours and the peer's median time, the ratio ours/peer (median,
min-max over alternated pairs), the accuracy of each, the target and the verdict; results also go
to bench/results/<group>.json. Needs the source checkout (bench/) and, for the peers, Debian's
python3-numpy, python3-scipy, python3-sklearn, python3-pywt and bart; a missing peer is reported
in its row and the group still runs ours.

Examples:
  candor bench --list
  candor bench core
  candor bench solvers theory`,
    )
    .action(async (groups: string[], o: { list?: boolean }) => {
      const known = benchGroups();
      if (o.list) {
        for (const g of known) console.log(`${g.name.padEnd(13)}bench/groups/${g.name}.ts${g.parts.length ? ` (${g.parts.join(', ')})` : ''}`);
        return;
      }
      const names = known.map((g) => g.name);
      for (const g of groups) {
        if (!names.includes(g)) throw new UsageError('candor bench', 'group', `one of ${names.join(', ')}`, JSON.stringify(g));
      }
      const code = await run(groups);
      if (code !== 0) throw new CandorError('candor bench', 'benchmark run', 'exit code 0', typeof code === 'number' ? `exit code ${code}` : code, 'io');
    });
}
