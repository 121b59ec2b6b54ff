/**
 * `candor replay RECEIPT [--out NEWDIR]`: re-runs the command a receipt records and compares every
 * output with the original (../replay.ts, docs/receipts.md). Exit 0 and "identical" when all
 * outputs match; exit 1 naming the first differing output and its largest difference otherwise;
 * a changed input is refused before anything runs.
 */
import type { Command } from 'commander';
import { numberOption } from '../options.ts';
import { replay } from '../replay.ts';

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('re-run the command a receipt.json records and check that every output is identical')
    .argument('<receipt>', 'a receipt: <out>/receipt.json, or <file>.receipt.json beside a single-file output')
    .option('--out <dir>', 'write the replay here (a new folder; default: a fresh folder beside the original outputs, printed)')
    .option('--json', 'print the comparison as JSON')
    .option('--timeout <seconds>', 'stop the re-run after this many seconds (default: 10x the recorded run time + 60 s)', numberOption('--timeout', 0, Infinity, true))
    .addHelpText(
      'after',
      `
Every command that writes --out also writes a receipt (docs/receipts.md): the command with every
option resolved, the sha256 of each input and output, seeds, version and timings. Replay refuses a
changed input up front, re-runs with every option stated explicitly, and compares each output bit
for bit (arrays by their largest absolute difference, JSON by the first differing field, stores by
their stored results), leaving out only the command's declared volatile fields.
A replay runs only a command that writes receipts, rebuilt from that command's own options; it
never uses the network (--queue is refused) and writes only into its new folder (every output
option, the store included, is redirected there); it stops after --timeout seconds.

Examples:
  candor mri recon --kspace sim/kspace.cfl --out rec && candor replay rec/receipt.json
  candor recover --A A.npy --y y.npy --out x.npy && candor replay x.npy.receipt.json --json
  candor replay results/receipt.json --out /tmp/again`,
    )
    .action(async (receipt: string, o: { out?: string; json?: boolean; timeout?: number }) => {
      const r = await replay(receipt, { out: o.out, timeout: o.timeout, onLine: (s) => !o.json && process.stderr.write(`${s}\n`) });
      if (o.json) console.log(JSON.stringify(r, null, 2));
      else if (r.identical) {
        console.log(`identical: ${r.outputs.length} output${r.outputs.length === 1 ? '' : 's'} replayed in ${r.outDir}${r.volatile.length ? ` (declared volatile: ${r.volatile.join(', ')})` : ''}`);
        for (const x of r.outputs.filter((c) => c.detail)) console.log(`  note ${x.output}: ${x.detail}`);
      }
      else {
        const f = r.first;
        if (f) console.log(`differs: ${f.output}: ${f.status === 'missing' ? 'missing from the replay' : f.detail}`);
        else console.log(`differs: the replay wrote outputs the receipt does not list: ${r.extra.join(', ')}`);
        for (const x of r.outputs.filter((c) => c !== f && c.status !== 'identical')) console.log(`  also ${x.output}: ${x.detail ?? x.status}`);
        console.log(`replay in ${r.outDir}`);
      }
      if (!r.identical) process.exitCode = 1;
    });
}
