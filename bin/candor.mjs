#!/usr/bin/env node
// The `candor` command. From the installed package it runs the compiled JavaScript (dist/). In a
// source checkout (src/ present) it runs src/cli/main.ts from its cached esbuild bundle
// (./cli-bundle.mjs: rebuilt when a source changes), or, where that cannot be built, through tsx;
// CANDOR_FROM=dist runs the compiled build there too (npm run build first). Exit codes: 0 success,
// 1 failure, 2 usage error (see docs/cli.md).
import { existsSync } from 'node:fs';

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
// `mri recon` and `mri report` reconstruct on two threads: start the second now, so that it loads
// while this one does (src/solvers/node/threads.ts takes it; its first message says it loaded)
const [cmd, sub] = process.argv.slice(2);
const teamed = cmd === 'mri' && (sub === 'recon' || sub === 'report') && !process.argv.some((a) => a === '--help' || a === '-h' || a === '--threads=1') && process.argv[process.argv.indexOf('--threads') + 1] !== '1';
async function prestart(url) {
  if (!teamed || process.env.CANDOR_PRESTART === '0') return;
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(url, { workerData: { entry: url.href } });
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
  await prestart(new URL('../dist/solvers/node/team-worker.js', import.meta.url));
  ({ main } = await import(dist.href));
} else {
  const { cliBundle } = await import('./cli-bundle.mjs');
  const bundled = await cliBundle();
  if (bundled) {
    // the team worker bundled beside main.mjs (bin/cli-bundle.mjs; src/solvers/node/threads.ts)
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
