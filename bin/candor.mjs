#!/usr/bin/env node
// The `candor` command. Runs src/cli/main.ts from its cached esbuild bundle (./cli-bundle.mjs:
// rebuilt when a source changes), or, where that cannot be built, through tsx. Exit codes:
// 0 success, 1 failure, 2 usage error (see docs/cli.md).
import { cliBundle } from './cli-bundle.mjs';

// `candor ... | head` closes the pipe early: stop quietly instead of printing an EPIPE trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const bundled = await cliBundle();
if (bundled && process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
let main;
if (bundled) ({ main } = await import(bundled.href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
