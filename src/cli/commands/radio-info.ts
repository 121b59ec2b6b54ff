/**
 * `candor radio info FILE`: what a visibility file holds and what it can image (object,
 * telescope, frequencies, IFs, Stokes, stations, baselines, visibilities flagged/used, time range,
 * uv range, resolution, largest scale, suggested cell and size); with --cell, the cell check and
 * the uv-grid filling fraction; with --plots DIR, the uv coverage and amplitude-vs-uv-distance
 * figures (SVG and PNG).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  checkCell,
  fillingFraction,
  formatAngle,
  formatWavelengths,
  gridCoherence,
  infoFromVisibilities,
  parseAngle,
  radioInfo,
} from '../../apps/radio/index.ts';
import { coverageFigures, readVisibilityFile } from '../../apps/radio/node/files.ts';
import { CandorError } from '../../core/errors.ts';
import { ensureDir, writeFilesAtomic } from '../../io/node/files.ts';
import { UsageError } from '../errors.ts';
import { intOption } from '../options.ts';

interface InfoOpts {
  cell?: number;
  size?: number;
  plots?: string;
  allowSingleHand?: boolean;
  json?: boolean;
}

/** `--cell 2uas`: radians, or a usage error naming the option. */
export function cellOption(v: string): number {
  try {
    return parseAngle(v, 'option --cell');
  } catch (e) {
    if (e instanceof CandorError) throw new UsageError('candor', 'option --cell', e.expected, e.got);
    throw e;
  }
}

const hz = (f: number) => (f >= 1e9 ? `${(f / 1e9).toFixed(4)} GHz` : `${(f / 1e6).toFixed(3)} MHz`);

export function registerRadioInfo(radio: Command): void {
  radio
    .command('info')
    .description('summarise a visibility file: object, frequencies, stations, flags, time and uv range, resolution, suggested cell')
    .argument('<file>', 'visibilities: UVFITS (.uvfits, .uvf, .fits) or an EHT text export (.txt, .csv)')
    .option('--cell <angle>', 'check this pixel size against the longest baseline (e.g. 2uas, 0.1mas, 1arcsec)', cellOption)
    .option('--size <n>', 'image side for the uv-grid filling fraction (default: the suggested size)', intOption('--size', 8, 16384))
    .option('--plots <dir>', 'write uv-coverage.{svg,png} and amplitude.{svg,png} into this directory')
    .option('--allow-single-hand', 'use a lone unflagged RR or LL (XX or YY) as Stokes I')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  candor radio info ../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits\n' +
        '  candor radio info ../shared/data/astro/pyuvdata_vlba_mojave.uvfits --cell 0.1mas --plots vlba\n' +
        '  candor radio info SR1_M87_2017_095_lo_hops_netcal_StokesI.csv --json',
    )
    .action(async (file: string, o: InfoOpts) => {
      const f = readVisibilityFile(file);
      const { info, vis, coverage } = f.kind === 'uvfits' ? radioInfo(f.uv, file, { allowSingleHand: o.allowSingleHand }) : infoFromVisibilities(f.vis, file);
      const warnings: string[] = [];
      const cell = o.cell ?? coverage.suggestedCell;
      const size = o.size ?? coverage.suggestedSize;
      if (o.cell !== undefined) {
        const w = checkCell(o.cell, coverage, file);
        if (w) warnings.push(w);
      }
      const fill = fillingFraction(vis, size, cell);
      const coh = fill.sampledCells > 0 ? gridCoherence(vis, size, cell) : null;
      if (fill.outside > 0 && o.cell === undefined) warnings.push(`${file}: ${fill.outside} samples fall outside the ${size}x${size} uv grid`);
      const written: string[] = [];
      if (o.plots) {
        const f = await coverageFigures(vis);
        ensureDir(o.plots, 'radio info');
        const files = [
          { path: join(o.plots, 'uv-coverage.svg'), data: new TextEncoder().encode(f.uvSvg) },
          { path: join(o.plots, 'uv-coverage.png'), data: f.uvPng },
          { path: join(o.plots, 'amplitude.svg'), data: new TextEncoder().encode(f.ampSvg) },
          { path: join(o.plots, 'amplitude.png'), data: f.ampPng },
        ];
        writeFilesAtomic(files, 'radio info');
        written.push(...files.map((x) => x.path));
      }
      const grid = {
        size,
        cellRad: cell,
        cell: formatAngle(cell),
        fillingFraction: fill.grid,
        fillingFractionDisc: fill.disc,
        sampledCells: fill.sampledCells,
        outside: fill.outside,
        coherence: coh?.coherence ?? null,
        coherenceShift: coh?.shift ?? null,
        sideLobe: coh?.sideLobe ?? null,
        sideLobeShift: coh?.sideLobeShift ?? null,
        mainLobePixels: coh?.mainLobePixels ?? null,
        welchBound: coh?.welch ?? null,
      };
      if (o.json) {
        console.log(JSON.stringify({ ...info, grid, warnings, files: written }, null, 2));
        return;
      }
      for (const w of warnings) process.stderr.write(`candor: warning: ${w}\n`);
      const c = info.visibilities;
      const lines = [
        `${file}`,
        `  object      ${info.object || '(none)'}   telescope ${info.telescope || '(none)'}${info.instrument && info.instrument !== info.telescope ? ` / ${info.instrument}` : ''}   date ${info.dateObs || '(none)'}`,
        `  centre      ${info.phaseCentre.text} (RA ${info.phaseCentre.raDeg.toFixed(6)} deg, Dec ${info.phaseCentre.decDeg.toFixed(6)} deg)`,
        `  frequency   ${hz(info.frequency.referenceHz)} reference; ${info.frequency.ifs} IF${info.frequency.ifs > 1 ? 's' : ''} x ${info.frequency.channels} channel${info.frequency.channels > 1 ? 's' : ''}${info.frequency.ifs > 1 ? ` at ${info.frequency.ifFrequenciesHz.map(hz).join(', ')}` : ''}`,
        `  Stokes      ${info.stokes.join(' ')} -> ${info.stokesI}`,
        `  stations    ${info.stations.length}: ${info.stations.map((s) => s.name).join(' ')}`,
        `  baselines   ${info.baselines}`,
        `  visibilities ${c.samples} samples (groups x IFs x channels): ${c.used} used, ${c.flagged} flagged (${c.zeroWeight} weight 0, ${c.nonFinite} non-finite), ${c.autocorrelations} autocorrelations`,
        `  time        ${info.time.startUtc} to ${info.time.endUtc} (${info.time.hours.toFixed(2)} h${info.time.integrationSeconds ? `, ${Number(info.time.integrationSeconds.toPrecision(3))} s integrations` : ''})`,
        `  uv range    ${formatWavelengths(info.uv.minLambda)} (${info.uv.shortest}) to ${formatWavelengths(info.uv.maxLambda)} (${info.uv.longest})`,
        `  resolution  ${info.resolution.text} (lambda/B_max)   largest scale ${info.largestScale.text} (lambda/B_min)`,
        `  suggested   --cell ${info.suggested.cell} --size ${info.suggested.size} (cell = 1/(4 u_max); Nyquist limit ${formatAngle(info.suggested.nyquistCellRad)})`,
        `  uv grid     ${size}x${size} at ${formatAngle(cell)}: ${(100 * fill.grid).toFixed(2)}% of cells sampled, ${(100 * fill.disc).toFixed(2)}% within |uv| <= u_max`,
      ];
      if (coh) {
        lines.push(
          `  PSF         side lobe ${coh.sideLobe.toFixed(3)} at [${coh.sideLobeShift.join(', ')}] px outside a main lobe of ${coh.mainLobePixels} px; pixel coherence ${coh.coherence.toFixed(3)} (Welch bound ${coh.welch.toFixed(3)} for ${coh.m} of ${coh.n} cells; uniform weighting on the grid)`,
        );
      }
      for (const n of info.notes) lines.push(`  note        ${n}`);
      for (const w of written) lines.push(`  wrote       ${w}`);
      console.log(lines.join('\n'));
    });
}

