#!/usr/bin/env node
// The `candor` command. From the installed package it runs the compiled JavaScript (dist/). In a
// source checkout (src/ present) it runs src/cli/main.ts from its cached esbuild bundle
// (./cli-bundle.mjs: rebuilt when a source changes), or, where that cannot be built, through tsx;
// CANDOR_FROM=dist runs the compiled build there too (npm run build first). Exit codes: 0 success,
// 1 failure, 2 usage error (see docs/cli.md).
import { existsSync, readFileSync } from 'node:fs';

// `candor ... | head` closes the pipe early: stop quietly instead of printing an EPIPE trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const dist = new URL('../dist/cli/main.js', import.meta.url);
const fromDist = process.env.CANDOR_FROM === 'dist' || !existsSync(new URL('../src/cli/main.ts', import.meta.url));
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
let main;
// `mri recon` and `mri report` reconstruct l1-wavelet (haar, FISTA) on two threads from 256x256,
// and multi-coil `mri recon` runs ESPIRiT and Cartesian haar l1-wavelet on two from 256x256 coil
// pixels (src/cli/commands/recon-team.ts): start the second thread now, so that it loads while this
// one does (src/experiments/node/team-threads.ts takes it; its first message says it loaded). Started
// only when the command will want it: the method, and the size from a CFL k-space's header.
function wantsTeam(argv) {
  const [cmd, sub] = argv;
  if (cmd !== 'mri' || (sub !== 'recon' && sub !== 'report')) return false;
  const opt = (name) => {
    const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    return i < 0 ? undefined : argv[i].includes('=') ? argv[i].slice(name.length + 1) : (argv[i + 1] ?? '');
  };
  if (opt('--help') !== undefined || opt('-h') !== undefined) return false;
  // the haar l1-wavelet FISTA (single-coil; multi-coil Cartesian) and ESPIRiT (multi-coil without --sens)
  const haarL1 =
    (opt('--method') ?? 'l1-wavelet') === 'l1-wavelet' && ['haar', 'db1'].includes(opt('--wavelet') ?? 'haar') && opt('--constrained') === undefined;
  const threads = opt('--threads');
  const k = opt('--kspace') ?? '';
  let dims = null;
  if (/\.(cfl|hdr)$/i.test(k)) {
    try {
      dims = readFileSync(k.replace(/\.(cfl|hdr)$/i, '.hdr'), 'utf8').split('\n')[1].trim().split(/\s+/).map(Number);
    } catch {
      return false; // the command reports the file
    }
  }
  const coils = dims ? (dims[3] ?? 1) : 1;
  const multi = coils > 1 || ['--sens', '--traj', '--coil-axis', '--virtual-coils'].some((f) => opt(f) !== undefined);
  const teamed = multi
    ? opt('--sens') === undefined || ((haarL1 || opt('--method') === 'cg-sense') && opt('--traj') === undefined)
    : haarL1 && opt('--solver') !== 'primal-dual' && !(opt('--lambda') ?? '').startsWith('auto');
  if (!teamed) return false;
  if (threads !== undefined) return threads === '2';
  if (!dims) return !multi;
  return dims[0] * (dims[1] ?? 1) * coils >= 256 * 256;
}
async function prestart(url) {
  if (process.env.CANDOR_PRESTART === '0' || !wantsTeam(process.argv.slice(2))) return;
  const { Worker } = await import('node:worker_threads');
  let worker;
  try {
    // no flags of this process (a worker refuses some, e.g. --expose-gc)
    worker = new Worker(url, { workerData: { entry: url.href }, execArgv: [] });
  } catch {
    return; // startTeam starts its own, and says what fails
  }
  worker.unref();
  const loaded = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the thread exited with code ${code}`)));
  });
  loaded.catch(() => {}); // reported by the startTeam that takes it
  globalThis.__candorPrestarted = [{ worker, loaded }];
}
if (fromDist) {
  await prestart(new URL('../dist/experiments/node/team-worker.js', import.meta.url));
  ({ main } = await import(dist.href));
} else {
  const { cliBundle } = await import('./cli-bundle.mjs');
  const bundled = await cliBundle();
  if (bundled) {
    // the team worker bundled beside main.mjs (bin/cli-bundle.mjs; src/experiments/node/team-threads.ts)
    globalThis.__candorTeamWorker = new URL('./team-worker.mjs', bundled).href;
    await prestart(new URL(globalThis.__candorTeamWorker));
    ({ main } = await import(bundled.href));
  }
  else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../src/cli/main.ts'));
  }
}
process.exitCode = await main(process.argv.slice(2));
