#!/usr/bin/env node
// The `candor` command. Registers tsx so the TypeScript sources run directly, then hands over to
// src/cli/main.ts. Exit codes: 0 success, 1 failure, 2 usage error (see docs/cli.md).
import { register } from 'tsx/esm/api';

register();
// `candor ... | head` closes the pipe early: stop quietly instead of printing an EPIPE trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
