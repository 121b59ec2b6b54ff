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
if (fromDist) ({ main } = await import(dist.href));
else {
  const { cliBundle } = await import('./cli-bundle.mjs');
  const bundled = await cliBundle();
  if (bundled) {
    // the team worker bundled beside main.mjs (bin/cli-bundle.mjs; src/solvers/node/threads.ts)
    globalThis.__candorTeamWorker = new URL('./team-worker.mjs', bundled).href;
    ({ main } = await import(bundled.href));
  }
  else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../src/cli/main.ts'));
  }
}
process.exitCode = await main(process.argv.slice(2));
