/**
 * The acceptance check of the MRI acceleration predictor (issue 21): on the four judged references
 * (Shepp-Logan phantom 128 and 256, the EPI slice z 12 t 0, the DICOM image) and the two calibrated
 * mask families, the predicted largest R (`candor mri plan --predict`) against the retrospective
 * scan's recommended R (`candor mri plan` with its defaults: R = 2, 3, 4, 5, 6, 8, 10, 12, three
 * masks each, l1-wavelet with the MRI defaults), for SSIM >= 0.95 and for scaled NRMSE <= 0.1.
 *
 * The scans are costly (minutes each on a loaded machine), so their answers are cached in
 * ./mri-scan-check.json (committed): a scan already there is not run again (delete its entry, or
 * pass --rescan, to redo it). The predictions are always recomputed with the current code. The
 * scans run through the real CLI with one SQLite store (--store, default a temporary file), so the
 * NRMSE pass re-uses the SSIM pass's reconstructions.
 *
 * None of these references is in the predictor's calibration or held-back sets
 * (src/apps/mri/node/calibration-set.ts).
 *
 *     nice -n 10 node --import tsx scripts/calibrate/mri-predict-check.ts [--store /tmp/scan.db] [--rescan] [--only phantom-128]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTruth } from '../../src/cli/commands/mri-common.ts';
import { PLAN_ACCELERATION_DEFAULTS } from '../../src/apps/mri/plan-acceleration.ts';
import { predictAcceleration } from '../../src/apps/mri/predict/predict-acceleration.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const store = arg('--store', '/tmp/candor-mri-predict-check.db');
const only = arg('--only', '');
const rescan = process.argv.includes('--rescan');
const cacheFile = fileURLToPath(new URL('./mri-scan-check.json', import.meta.url));
const cli = fileURLToPath(new URL('../../bin/candor.mjs', import.meta.url));

interface Reference {
  id: string;
  label: string;
  args: string[];
  /** The metric that suits the reference (docs/mri.md): SSIM for the noiseless phantoms, NRMSE for the noisy EPI and DICOM images. */
  suits: 'ssim' | 'nrmse';
  image: string;
  size?: number;
  slice?: number[];
}
const REFERENCES: Reference[] = [
  { id: 'phantom-128', label: 'phantom 128', args: ['--size', '128'], suits: 'ssim', image: 'phantom', size: 128 },
  { id: 'phantom-256', label: 'phantom 256', args: ['--size', '256'], suits: 'ssim', image: 'phantom', size: 256 },
  { id: 'epi-z12', label: 'EPI z12 (128x96)', args: ['--image', '../shared/data/mri/nibabel_example4d.nii.gz', '--slice', '12,0'], suits: 'nrmse', image: '../shared/data/mri/nibabel_example4d.nii.gz', slice: [12, 0] },
  { id: 'dicom', label: 'DICOM (64x64)', args: ['--image', '../shared/data/mri/pydicom_MR_small.dcm'], suits: 'nrmse', image: '../shared/data/mri/pydicom_MR_small.dcm' },
];
const FAMILIES = ['poisson-disc', 'variable-density'] as const;
const TARGETS = [
  { metric: 'ssim' as const, target: 0.95 },
  { metric: 'nrmse' as const, target: 0.1 },
];

interface ScanEntry {
  recommended: number | null;
  atEdge: boolean;
  accelerations: number[];
  repeats: number;
  rows: { R: number; ssim: number; nrmse: number; passed: number }[];
  command: string;
  date: string;
}
const cache: Record<string, ScanEntry> = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};

function scan(ref: Reference, family: string, metric: 'ssim' | 'nrmse', target: number): ScanEntry {
  const key = `${ref.id} ${family} ${metric} ${target}`;
  if (cache[key] && !rescan) return cache[key];
  const args = ['mri', 'plan', ...ref.args, '--mask', family, '--metric', metric, '--target', String(target), '--store', store, '--workers', '1', '--json', '--quiet'];
  process.stderr.write(`scan: candor ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`scan ${key} failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout);
  const entry: ScanEntry = {
    recommended: j.recommended,
    atEdge: j.atEdge,
    accelerations: j.rows.map((x: { target: number }) => x.target),
    repeats: j.repeats,
    rows: j.rows.map((x: { target: number; ssim: number; nrmse: number; passed: number }) => ({ R: x.target, ssim: x.ssim, nrmse: x.nrmse, passed: x.passed })),
    command: `candor ${args.filter((a, i) => !['--store', '--workers', '--json', '--quiet'].includes(a) && !['--store', '--workers'].includes(args[i - 1])).join(' ')}`,
    date: new Date().toISOString().slice(0, 10),
  };
  cache[key] = entry;
  writeFileSync(cacheFile, `${JSON.stringify(cache, null, 1)}\n`);
  return entry;
}

const lines: string[] = ['| reference | family | SSIM >= 0.95: predicted / scan | NRMSE <= 0.1: predicted / scan |', '|---|---|---|---|'];
let within = 0;
let withinSuits = 0;
let pairs = 0;
let seconds = 0;
let predictions = 0;
for (const ref of REFERENCES) {
  if (only && ref.id !== only) continue;
  const truth = loadTruth(ref.image, ref.size ?? 128, ref.slice);
  for (const family of FAMILIES) {
    const cells: string[] = [];
    for (const t of TARGETS) {
      const s = scan(ref, family, t.metric, t.target);
      const p = predictAcceleration(truth.data, truth.ny, truth.nx, { mask: family, metric: t.metric, target: t.target, accelerations: PLAN_ACCELERATION_DEFAULTS.accelerations });
      seconds += p.seconds;
      predictions++;
      const fmt = (r: number | null, edge: boolean) => (r === null ? 'none' : `${r}${edge ? '+' : ''}`);
      const ok = p.recommended === s.recommended || (p.recommended !== null && s.recommended !== null && Math.abs(p.recommended - s.recommended) <= 1);
      pairs++;
      if (ok) within++;
      if (ok && t.metric === ref.suits) withinSuits++;
      const d = p.recommended !== null && s.recommended !== null ? Math.abs(p.recommended - s.recommended) : null;
      cells.push(`${fmt(p.recommended, p.atEdge)} / ${fmt(s.recommended, s.atEdge)}${ok ? '' : d === null ? ' (off)' : ` (off by ${d})`}${p.confident ? '' : ' [outside calibration]'}${t.metric === ref.suits ? ' *' : ''}`);
    }
    lines.push(`| ${ref.label} | ${family} | ${cells.join(' | ')} |`);
  }
}
console.log(lines.join('\n'));
console.log(`\n(* the metric that suits the reference; + every R of the list met: the limit lies beyond.) Within 1: ${withinSuits} of ${pairs / 2} with the suiting metric, ${within} of ${pairs} over both. Mean prediction time ${(seconds / predictions).toFixed(2)} s.`);
