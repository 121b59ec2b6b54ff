/**
 * Node-only: the `--report DIR` of `candor seismic interpolate`: the figures (variable density,
 * wiggle and f-k spectra before and after, the PSF of the decimation pattern) as SVG and PNG
 * (resvg), report.json and a self-contained report.html, in memory: the command writes them with
 * the interpolated gather as one atomic unit.
 *
 * @example
 * import { reportDirFiles } from './report-files.ts';
 * // const files = await reportDirFiles('rep', report, { input, output, truth, kept, nx, nt, dt }, summary);
 */
import { join } from 'node:path';
import { svgToPng } from '../../../experiments/node/render.ts';
import { figure, htmlReport, keyNumbers, para, table } from '../../report/html.ts';
import { densityFigure, fkFigure, type Panel, psfFigure, wiggleFigure } from '../figures.ts';
import type { SeismicReport } from '../report.ts';

export interface ReportFigures {
  input: Float64Array;
  output: Float64Array;
  truth?: Float64Array;
  kept: Uint8Array;
  nx: number;
  nt: number;
  dt: number;
}

/** The four figures as SVG text. */
export function reportSvgs(f: ReportFigures, psf: readonly number[], title: string): Record<string, string> {
  const panels: Panel[] = [
    { title: 'input (decimated)', data: f.input, kept: f.kept },
    { title: `output (${title})`, data: f.output, kept: f.kept },
  ];
  if (f.truth) panels.push({ title: 'truth', data: f.truth });
  const clip = undefined;
  return {
    density: densityFigure(panels, f.nx, f.nt, f.dt, clip),
    wiggle: wiggleFigure(panels, f.nx, f.nt, f.dt),
    fk: fkFigure(panels, f.nx, f.nt, f.dt),
    psf: psfFigure(psf, 'point-spread function of the kept traces'),
  };
}

/**
 * The report folder's files (figures as SVG and PNG, report.json with `summary`, report.html) in
 * memory: the caller writes them with its other outputs as one unit (`writeFilesAtomic`).
 */
export async function reportDirFiles(dir: string, report: SeismicReport, f: ReportFigures, summary: Record<string, unknown>): Promise<{ path: string; data: Uint8Array }[]> {
  const svgs = reportSvgs(f, report.theory.psf.magnitude, report.method);
  const files: { path: string; data: Uint8Array }[] = [];
  const enc = new TextEncoder();
  for (const [name, s] of Object.entries(svgs)) {
    files.push({ path: join(dir, `${name}.svg`), data: enc.encode(s) });
    files.push({ path: join(dir, `${name}.png`), data: await svgToPng(s, 1.5) });
  }
  files.push({ path: join(dir, 'report.json'), data: enc.encode(`${JSON.stringify({ ...summary, report }, null, 2)}\n`) });
  const th = report.theory;
  const keys = [
    { label: 'traces kept', value: `${th.pattern.m} of ${report.nx}` },
    { label: 'PSF side lobe', value: th.psf.sideLobe.toFixed(3), note: `Welch ${th.psf.welch.toFixed(3)}` },
    { label: 'f-k energy in top 10%', value: `${(100 * (th.sparsity.energyInLargest[3]?.energy ?? 0)).toFixed(1)}%`, note: `of the ${th.sparsity.of}` },
    { label: 'traces needed (planner)', value: th.plan.tracesNeeded === null ? '-' : String(th.plan.tracesNeeded) },
  ];
  if (report.metrics) {
    keys.push({ label: 'SNR missing traces', value: `${report.metrics.snr.toFixed(1)} dB`, note: `linear ${report.metrics.snrLinear.toFixed(1)} dB` });
  }
  const sections = [
    { id: 'explain', title: 'Explanation', body: keyNumbers(keys) + para(report.paragraph, 'explain') },
    {
      id: 'figures',
      title: 'Before and after',
      body: figure({ svg: svgs.density }, 'variable density') + figure({ svg: svgs.wiggle }, 'wiggle') + figure({ svg: svgs.fk }, 'f-k amplitude spectra') + figure({ svg: svgs.psf }, 'PSF of the decimation pattern'),
    },
    {
      id: 'sparsity',
      title: 'Sparsity',
      body: table(
        ['largest coefficients', 'share of f-k energy'],
        th.sparsity.energyInLargest.map((e) => [`${(100 * e.fraction).toFixed(0)}% (${e.k})`, `${(100 * e.energy).toFixed(2)}%`]),
      ),
    },
  ];
  const html = htmlReport(`Seismic interpolation: ${report.method}`, sections, { footer: 'candor seismic interpolate' });
  files.push({ path: join(dir, 'report.html'), data: enc.encode(html) });
  return files;
}
