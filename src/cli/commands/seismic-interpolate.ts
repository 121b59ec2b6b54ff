/**
 * `candor seismic interpolate`: fill the missing (all-zero) traces of a gather with POCS, FISTA
 * (f-k or Radon), SPGL1 or linear interpolation, panel by panel; `--report DIR` adds the theory
 * report and the figures (variable density, wiggle, f-k spectra before and after, PSF).
 */
import type { Command } from 'commander';
import { gatherPanels } from '../../apps/seismic/gather.ts';
import { INTERPOLATION_METHODS, type InterpolationMethod } from '../../apps/seismic/interpolate.ts';
import { encodeGatherFile, gatherOutputFormat } from '../../apps/seismic/node/files.ts';
import { reportDirFiles } from '../../apps/seismic/node/report-files.ts';
import { dirname, resolve, sep } from 'node:path';
import { ensureDir, isDirectory, sameFile, writeFilesAtomic } from '../../io/node/files.ts';
import { UsageError } from '../errors.ts';
import { interpolatePanels } from '../../apps/seismic/panels.ts';
import { seismicReport } from '../../apps/seismic/report.ts';
import { CandorError } from '../../core/errors.ts';
import { choiceOption, intOption } from '../options.ts';
import { type GatherReadOpts, gatherReadOptions, loadGather } from './seismic-common.ts';

interface InterpolateOpts extends GatherReadOpts {
  in: string;
  out: string;
  method: InterpolationMethod;
  iters?: number;
  truth?: string;
  report?: string;
  panels: 'auto' | 'none';
  json?: boolean;
}

export function registerSeismicInterpolate(seismic: Command): void {
  gatherReadOptions(seismic.command('interpolate').description('interpolate the missing (all-zero) traces with sparsity, and explain'))
    .requiredOption('--in <file>', 'gather with missing traces as all-zero traces (SEG-Y, SU, NPY)')
    .requiredOption('--out <file>', 'output gather (format by extension, default the input format)')
    .option('--method <m>', INTERPOLATION_METHODS.join(', '), choiceOption('--method', INTERPOLATION_METHODS), 'pocs')
    .option('--iters <n>', 'iterations (POCS; FISTA: per continuation stage; SPGL1: in all)', intOption('--iters', 1, 100000))
    .option('--truth <file>', 'the complete gather, for the SNR over the missing traces (method and linear)')
    .option('--report <dir>', 'write the theory report and figures (SVG and PNG) there')
    .option('--panels <mode>', 'auto (one panel per inline of a 3-D file) or none', choiceOption('--panels', ['auto', 'none'] as const), 'auto')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  candor seismic interpolate --in vg-half.npy --out vg-pocs.npy --report rep\n' +
        '  candor seismic interpolate --in vg-half.npy --out vg-radon.npy --method fista-radon --truth ../shared/data/seismic/pylops_mobil_viking_graben_crg.npy',
    )
    .action(async (o: InterpolateOpts) => {
      if (sameFile(o.out, o.in)) throw new UsageError('candor', 'option --out', 'a file other than --in (the input gather would be overwritten)', JSON.stringify(o.out));
      if (o.truth !== undefined && sameFile(o.out, o.truth)) throw new UsageError('candor', 'option --out', 'a file other than --truth (the reference gather would be overwritten)', JSON.stringify(o.out));
      if (o.report !== undefined) {
        const rep = resolve(o.report);
        const out = resolve(o.out);
        if (out === rep || out.startsWith(rep + sep)) {
          throw new UsageError('candor', 'option --out', 'a path outside --report (the report folder is written with the gather: its files would replace it)', JSON.stringify(o.out));
        }
      }
      // the gather's folder must exist (it is not made): checked before the work, not after it
      if (!isDirectory(dirname(resolve(o.out)))) {
        throw new CandorError(`gather ${o.out}`, 'output file', 'a path in an existing directory', `no directory ${dirname(o.out)}`, 'io');
      }
      const src = loadGather(o.in, o);
      gatherOutputFormat(o.out, src); // an interval the output format cannot store: refused before the work
      const g = src.gather;
      let truth: Float64Array | undefined;
      if (o.truth) {
        const t = loadGather(o.truth, o, 'option --truth').gather;
        if (t.ntraces !== g.ntraces || t.ns !== g.ns) {
          throw new CandorError(`truth ${o.truth}`, 'size', `${g.ntraces} traces x ${g.ns} samples (the input ${o.in})`, `${t.ntraces} x ${t.ns}`);
        }
        truth = t.data;
      }
      const panels = gatherPanels(src, o.panels);
      const iters = o.iters;
      // a failure here is the data's (all-zero gather, nothing missing): exit 1, not a usage error
      const r = interpolatePanels(g, panels, { method: o.method, pocs: { iterations: iters }, sparse: { iterations: iters } }, truth);
      const { format, bytes } = encodeGatherFile(o.out, src, r.data);
      const summary: Record<string, unknown> = { in: o.in, out: o.out, format, method: o.method, traces: g.ntraces, ns: g.ns, dtMs: g.dt * 1000, panels: r.panels, notes: src.notes };
      let paragraph = '';
      let reportFiles: { path: string; data: Uint8Array }[] = [];
      if (o.report && r.first) {
        const f = r.first;
        const rep = seismicReport({ decimated: f.decimated.data, nx: f.decimated.ntraces, nt: g.ns, dt: g.dt, result: f.result, truth: f.truth });
        summary.reportPanel = f.panel;
        reportFiles = await reportDirFiles(o.report, rep, { input: f.decimated.data, output: f.result.data, truth: f.truth, kept: f.result.kept, nx: f.decimated.ntraces, nt: g.ns, dt: g.dt }, summary);
        summary.files = reportFiles.map((x) => x.path);
        summary.paragraph = paragraph = rep.paragraph;
        ensureDir(o.report, 'seismic interpolate --report');
      }
      // the gather and the report as one unit: a report that cannot be written leaves --out as it was
      writeFilesAtomic([{ path: o.out, data: bytes }, ...reportFiles], 'seismic interpolate');
      if (o.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      for (const n of src.notes) process.stderr.write(`candor: note: ${n}\n`);
      const missing = r.panels.reduce((s, p) => s + p.missing, 0);
      const secs = r.panels.reduce((s, p) => s + p.seconds, 0);
      console.log(`${o.method}: interpolated ${missing} missing traces of ${g.ntraces} in ${r.panels.length} panel${r.panels.length === 1 ? '' : 's'} (${secs.toFixed(2)} s); wrote ${o.out}`);
      if (truth) {
        const snr = r.panels.map((p) => p.snr as number);
        const lin = r.panels.map((p) => p.snrLinear as number);
        const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor((a.length - 1) / 2)];
        console.log(`  SNR over the missing traces: ${med(snr).toFixed(2)} dB (linear interpolation ${med(lin).toFixed(2)} dB)${r.panels.length > 1 ? ', median over panels' : ''}`);
      }
      if (paragraph) console.log(`\n${paragraph}`);
    });
}
