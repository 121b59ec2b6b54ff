/**
 * `candor sweep run|report|list`: phase-transition sweeps stored in SQLite (see docs/experiments.md).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CandorError } from '../../core/errors.ts';
import { runSweep } from '../../experiments/node/run-sweep.ts';
import { reportSweep } from '../../experiments/node/report.ts';
import { requireStoreFile, Store } from '../../experiments/node/store.ts';
import { ENSEMBLES, parseSpec, SIGNALS } from '../../experiments/spec.ts';
import { sweepSolverNames } from '../../experiments/solvers.ts';
import { SOLVER_NAMES } from '../../solvers/registry.ts';
import { UsageError } from '../errors.ts';
import { choiceOption, intOption } from '../options.ts';
import { makeProgress, runInterruptible } from '../progress.ts';
import { QUEUE_NAME_HELP, queueExecutorFor, queueNameOption, queueUrlOption, type QueueRunOptions } from '../queue.ts';
import { noteResolvedOptions, noteStoreSweeps } from '../receipts.ts';
import { registerSweepStatus } from './sweep-status.ts';

const DEFAULT_STORE = 'candor.db';

/** "0.1:0.9:15" (from:to:count) or "0.1,0.2,0.3". */
function gridOption(flag: string) {
  return (v: string): unknown => {
    const parts = v.split(':');
    if (parts.length === 3) {
      const [from, to, count] = parts.map(Number);
      if ([from, to, count].every(Number.isFinite) && Number.isInteger(count)) return { from, to, count };
    } else {
      const list = v.split(',').map((s) => Number(s.trim()));
      if (list.length > 0 && v.trim() !== '' && list.every(Number.isFinite)) return list;
    }
    throw new UsageError('candor', `option ${flag}`, 'from:to:count (e.g. 0.05:0.95:15) or a comma-separated list', JSON.stringify(v));
  };
}

function readSpecFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CandorError('candor sweep run', `spec file ${path}`, 'a readable JSON or YAML file', (e as NodeJS.ErrnoException).code ?? String(e), 'usage');
  }
}

interface RunOpts extends QueueRunOptions {
  store: string;
  workers?: number;
  ensemble?: string;
  signal?: string;
  solver?: string;
  n?: number;
  delta?: unknown;
  rho?: unknown;
  trials?: number;
  seed?: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerSweep(program: Command): void {
  const sweep = program.command('sweep').description('phase-transition sweeps: run (resumable, on one machine or many), report, list, status');
  sweep
    .command('run')
    .argument('[spec]', 'sweep spec file (JSON or YAML); flags override its fields')
    .description('run or resume a sweep on all cores, storing every trial in SQLite')
    .option('--store <file>', 'SQLite store', DEFAULT_STORE)
    .option('--workers <n>', 'threads running trials, this one included (default: all cores; 0 or 1 = in-process)', intOption('--workers', 0, 256))
    .option('--ensemble <name>', `measurement ensemble: ${ENSEMBLES.join(', ')}`, choiceOption('--ensemble', ENSEMBLES))
    .option('--signal <model>', `signal model: ${SIGNALS.join(', ')}`, choiceOption('--signal', SIGNALS))
    .option('--solver <name>', `solver: ${SOLVER_NAMES.join(', ')} (see \`candor sweep solvers\`)`)
    .option('--n <n>', 'ambient dimension', intOption('--n', 2, 100000))
    .option('--delta <grid>', 'delta = m/n grid: from:to:count or a list (default 0.05:0.95:15)', gridOption('--delta'))
    .option('--rho <grid>', 'rho = k/m grid: from:to:count or a list (default 0.05:0.95:15)', gridOption('--rho'))
    .option('--trials <n>', 'trials per cell', intOption('--trials', 1))
    .option('--seed <n>', 'master seed', intOption('--seed', 0))
    .option('--out <dir>', 'also write the report (figures, CSV, JSON) to this folder')
    .option('--queue <url>', 'run the trials as jobs on a Redis queue (redis://HOST:PORT), served by `candor worker` on any number of machines', queueUrlOption)
    .option('--queue-name <name>', QUEUE_NAME_HELP, queueNameOption)
    .option('--no-local', 'with --queue: only coordinate (no trials on this machine)')
    .option('--batch <n>', 'with --queue: trials per job (default: timed, ~0.1 s of work per job, at least 32 jobs)', intOption('--batch', 1, 1 << 20))
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no progress output')
    .addHelpText(
      'after',
      `
Examples:
  candor sweep run --ensemble gaussian --n 200 --trials 20      (the default 15 x 15 grid)
  candor sweep run --ensemble partial-dct --n 256 --delta 0.1:0.6:6 --rho 0.05,0.1,0.2,0.3
  candor sweep run spec.yaml --workers 2 --out results/gaussian
  candor sweep run spec.json --seed 7        (another seed is another sweep)
  candor sweep run spec.yaml --queue redis://10.0.0.5:6379 --no-local   (workers: candor worker)
An interrupted run (Ctrl-C, kill -9) resumes where it stopped when run again with the same spec.
With --queue, results are stored here as workers deliver them; see docs/cluster.md.`,
    )
    .action(async (specPath: string | undefined, o: RunOpts) => {
      const base: unknown = specPath ? readSpecFile(specPath) : {};
      const spec = parseSpec(base, { ensemble: o.ensemble, signal: o.signal, solver: o.solver, n: o.n, delta: o.delta, rho: o.rho, trials: o.trials, seed: o.seed });
      // the spec's own defaults, stated in the receipt (the solver stays as given: a spec file may give its options)
      const resolved = { ensemble: spec.ensemble, signal: spec.signal, n: spec.n, delta: spec.delta, rho: spec.rho, trials: spec.trials, seed: spec.seed };
      noteResolvedOptions(Object.fromEntries(Object.entries(resolved).map(([k, v]) => [k, { value: v, arg: Array.isArray(v) ? v.join(',') : String(v) }])));
      const say = (s: string) => !(o.quiet || o.json) && process.stderr.write(`candor sweep: ${s}\n`);
      const executor = await queueExecutorFor(o, say);
      const bar = makeProgress('candor sweep', { quiet: o.quiet || o.json });
      const r = await runInterruptible(bar, (hooks) => runSweep(spec, { store: o.store, workers: o.workers, executor, ...hooks }));
      noteStoreSweeps([r.sweep.id]); // its receipt compares this sweep's stored results
      const rep = r.complete || o.out ? await reportSweep(o.store, r.sweep.id, o.out) : null;
      const summary = {
        sweep: r.sweep.id,
        store: o.store,
        resumed: r.resumed,
        ran: r.ran,
        done: r.sweep.done,
        total: r.sweep.totalTrials,
        complete: r.complete,
        seconds: r.seconds,
        trialsPerSecond: r.trialsPerSecond,
        transition: rep
          ? { maxDeviation: rep.transition.maxDeviation, meanDeviation: rep.transition.meanDeviation, maxDeviationInSd: rep.transition.maxDeviationInSd, fitted: rep.transition.fitted, considered: rep.transition.considered }
          : null,
        files: rep?.files ?? [],
      };
      if (o.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      console.log(`sweep ${r.sweep.id} (${spec.ensemble}, ${spec.signal}, ${spec.solver.name}, n=${spec.n}) in ${o.store}: ${r.sweep.done}/${r.sweep.totalTrials} trials${r.resumed ? ' (resumed)' : ''}`);
      console.log(`  this run: ${r.ran} trials in ${r.seconds.toFixed(1)} s (${r.trialsPerSecond.toFixed(1)} trials/s)`);
      if (rep) printTransition(rep.transition);
      if (!r.complete) console.log('  incomplete: run the same command again to resume');
      for (const f of summary.files) console.log(`  wrote ${f}`);
    });

  registerSweepStatus(sweep);

  sweep
    .command('report')
    .argument('<id>', 'sweep id (see `candor sweep list`)', intOption('<id>', 1))
    .description('analyse a stored sweep: success rates, fitted 50% curve vs theory, figures and tables')
    .option('--store <file>', 'SQLite store (must exist)', DEFAULT_STORE)
    .option('--out <dir>', 'write figures (SVG, PNG) and tables (CSV, JSON) here')
    .option('--json', 'print the analysis as JSON')
    .addHelpText('after', '\nExamples:\n  candor sweep report 1 --out results/sweep1\n  candor sweep report 2 --store runs.db --json')
    .action(async (id: number, o: { store: string; out?: string; json?: boolean }) => {
      requireStoreFile(o.store); // a report never creates a store
      const rep = await reportSweep(o.store, id, o.out);
      if (o.json) {
        console.log(JSON.stringify({ sweep: rep.sweep, transition: rep.transition, files: rep.files }, null, 2));
        return;
      }
      console.log(`sweep ${rep.sweep.id}: ${rep.spec.ensemble}, ${rep.spec.signal}, ${rep.spec.solver.name}, n=${rep.spec.n}, ${rep.sweep.done}/${rep.sweep.totalTrials} trials`);
      printTransition(rep.transition);
      for (const f of rep.files) console.log(`  wrote ${f}`);
    });

  sweep
    .command('list')
    .description('list the sweeps in a store')
    .option('--store <file>', 'SQLite store', DEFAULT_STORE)
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExamples:\n  candor sweep list\n  candor sweep list --store runs.db --json')
    .action((o: { store: string; json?: boolean }) => {
      const store = Store.open(o.store, { readonly: true });
      try {
        const rows = store.sweeps();
        if (o.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        if (rows.length === 0) console.log(`no sweeps in ${o.store}`);
        for (const s of rows) {
          console.log(`${s.id}  ${s.name}  ${s.spec.ensemble}/${s.spec.signal}/${s.spec.solver.name}  n=${s.spec.n}  ${s.done}/${s.totalTrials} trials  ${s.finishedAt ? 'complete' : 'incomplete'}  ${s.createdAt}`);
        }
      } finally {
        store.close();
      }
    });

  sweep
    .command('solvers')
    .description('list the solvers a sweep can use (the solver registry)')
    .option('--json', 'print the list as JSON')
    .addHelpText('after', '\nExamples:\n  candor sweep solvers\n  candor sweep solvers --json\n  candor sweep run --solver bp-lp --n 100 --delta 0.5 --rho 0.2')
    .action((o: { json?: boolean }) => {
      const list = sweepSolverNames();
      if (o.json) {
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      for (const s of list) {
        const tags = `${s.exact ? '[exact] ' : ''}${s.operator === 'matrix-free' ? '[matrix-free] ' : ''}`;
        console.log(`${s.name.padEnd(18)}${tags}${s.describe}${s.needs ? ` (sweeps: ${s.needs})` : ''}`);
      }
    });
}

function printTransition(t: import('../../experiments/analysis.ts').TransitionSummary): void {
  console.log('  delta   m    rho50 (95% CI)            theory rho_W   finite-n   |dev|');
  for (const p of t.points) {
    const e = p.rho50 === null ? `${'-'.padEnd(26)}` : `${p.rho50.toFixed(3)} (${p.rho50Lo!.toFixed(3)}-${p.rho50Hi!.toFixed(3)})`.padEnd(26);
    const dev = p.rho50 === null ? (p.note ?? '') : Math.abs(p.rho50 - p.theoryRho).toFixed(3);
    console.log(`  ${p.delta.toFixed(3)}  ${String(p.m).padStart(4)}  ${e}${p.theoryRho.toFixed(3).padEnd(15)}${p.finiteRho.toFixed(3).padEnd(11)}${dev}`);
  }
  if (t.maxDeviation !== null) {
    console.log(`  deviation from rho_W over delta in [${t.range[0]}, ${t.range[1]}] (${t.fitted}/${t.considered} fitted): max ${t.maxDeviation.toFixed(4)}, mean ${t.meanDeviation!.toFixed(4)}, max ${t.maxDeviationInSd!.toFixed(2)} predicted sd`);
  }
}
