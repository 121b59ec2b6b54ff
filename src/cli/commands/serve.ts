/**
 * `candor serve`: the web lab (phase-transition lab, MRI lab, planner) on a local server, bound to
 * 127.0.0.1 unless --host says otherwise.
 */
import type { Command } from 'commander';
import { buildWeb } from '../../server/build-web.ts';
import { createLabServer, listen, stopOnSignals } from '../../server/server.ts';
import type { QueueUrl } from '../../experiments/node/queue/url.ts';
import { intOption } from '../options.ts';
import { QUEUE_NAME_HELP, queueNameOption, queueUrlOption } from '../queue.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web lab on a local server (phase transitions, MRI, planner)')
    .option('--port <n>', 'port (0 = any free port)', intOption('--port', 0, 65535), 8765)
    .option('--host <addr>', 'address to bind (default loopback only)', '127.0.0.1')
    .option('--store <file>', 'SQLite store of sweeps to browse', 'candor.db')
    .option('--rebuild', 'rebuild the web app even if it is up to date')
    .option('--web <dir>', 'serve an already built web lab from this folder (no build)')
    .option('--queue <url>', "show a distributed sweep's progress on the phase page: its Redis queue (redis://HOST:PORT)", queueUrlOption)
    .option('--queue-name <name>', QUEUE_NAME_HELP, queueNameOption)
    .addHelpText('after', '\nExamples:\n  candor serve\n  candor serve --port 9000 --store runs.db\n  candor serve --host 0.0.0.0   (exposes the lab on your network)\n  candor serve --queue redis://10.0.0.5:6379   (the phase page follows a distributed sweep)')
    .action(async (o: { port: number; host: string; store: string; rebuild?: boolean; web?: string; queue?: QueueUrl; queueName?: string }) => {
      const root = o.web ?? (await buildWeb({ force: o.rebuild, log: (s) => process.stderr.write(`${s}\n`) }));
      const queue = o.queue ? { url: o.queue, name: o.queueName } : undefined;
      const server = createLabServer({ host: o.host, port: o.port, storePath: o.store, webRoot: root, queue });
      const a = await listen(server, o.port, o.host);
      console.log(`candor lab: http://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}/  (store ${o.store}; Ctrl-C to stop)`);
      await stopOnSignals(server);
    });
}
