/**
 * Runs the acceptance study of docs/radio.md (src/apps/radio/study.ts): each known sky observed
 * with the real VLBA or EHT coverage by `simulateUvfits` (the same UVFITS file goes to both
 * imagers), imaged by our methods in process and by WSClean (bench/peers/radio_wsclean.py: Hogbom
 * and -iuwt, 2000 iterations, gain 0.1, mgain 0.9, the case's weighting), scored by the NRMSE
 * against the sky convolved to the nominal resolution. Prints markdown tables and writes
 * bench/results/radio-study.json. Usage:
 *
 *   node --import tsx scripts/radio-study.ts [case,case,...] [method,method,...]
 *
 * Cases: eht-ring, eht-sdo, eht-corejet, vlba-corejet, vlba-sdo, vlba-ring (default all).
 * Methods: hogbom, cotton-schwab, cs-starlet, cs-sara, rml, wsclean-hogbom, wsclean-iuwt, and
 * wsclean-hogbom-at3, wsclean-iuwt-at3 (WSClean stopping at 3 sigma, -auto-threshold 3).
 * Times are wall-clock seconds: ours from visibilities in memory to the image (one run, in
 * process), WSClean's whole process (start to exit, reading the Measurement Set the peer wrote
 * from the same UVFITS; the conversion is not counted).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageStats } from '../src/apps/radio/coverage.ts';
import { type ImagingMethod, imageVisibilities } from '../src/apps/radio/image.ts';
import { simulateUvfits } from '../src/apps/radio/simulate.ts';
import { modelNrmse, nominalTruth, restoredNrmse, STUDY_CASES, STUDY_FILES, STUDY_SDO, type StudyCase, studySky } from '../src/apps/radio/study.ts';
import { visibilitiesFromUvfits } from '../src/apps/radio/visibilities.ts';
import { readFitsImage, readUvfits, writeUvfits } from '../src/io/index.ts';

const [casesArg = STUDY_CASES.map((c) => c.id).join(','), methodsArg = 'hogbom,cotton-schwab,cs-starlet,cs-sara,rml,wsclean-hogbom,wsclean-iuwt,wsclean-hogbom-at3,wsclean-iuwt-at3'] = process.argv.slice(2);
const OUT = 'bench/results/radio-study';
const DEG = Math.PI / 180;
const methods = methodsArg.split(',');
const sdoImg = readFitsImage(new Uint8Array(readFileSync(STUDY_SDO)), { name: STUDY_SDO, allowNonFinite: true }).data;

interface Row {
  case: string;
  method: string;
  nrmse: number;
  nrmseModel: number | null;
  seconds: number;
  reducedChi2: number | null;
  note: string;
}
const rows: Row[] = [];

function ours(c: StudyCase, method: string, vsPath: string, truth: Float64Array, res: number): Row {
  const vs = visibilitiesFromUvfits(readUvfits(new Uint8Array(readFileSync(vsPath)), { name: vsPath }), { name: vsPath });
  const m: ImagingMethod = method.startsWith('cs') ? 'cs' : method === 'rml' ? 'rml' : 'clean';
  const t0 = performance.now();
  const r = imageVisibilities(vs, {
    method: m,
    size: c.size,
    cell: c.cell,
    weighting: c.weighting,
    name: vsPath,
    clean: { algorithm: method === 'hogbom' ? 'hogbom' : 'cotton-schwab', niter: 2000, gain: 0.1, mgain: 0.9 },
    cs: { dictionary: method === 'cs-sara' ? 'sara' : 'starlet' },
    rml: { data: 'vis' },
  });
  const seconds = (performance.now() - t0) / 1000;
  const cp = { size: c.size, cell: c.cell };
  if (m === 'clean') {
    return { case: c.id, method, nrmse: restoredNrmse(r.image, r.beam, c.cell, truth), nrmseModel: modelNrmse(r.model as Float64Array, cp, res, truth), seconds, reducedChi2: r.summary.reducedChi2, note: `beam ${r.summary.beam.major} x ${r.summary.beam.minor}` };
  }
  return { case: c.id, method, nrmse: modelNrmse(r.image, cp, res, truth), nrmseModel: null, seconds, reducedChi2: r.summary.reducedChi2, note: JSON.stringify(r.summary.details.cs ?? { rml: (r.summary.details.rml as { chi2: unknown }).chi2 }) };
}

function wsclean(c: StudyCase, mode: 'hogbom' | 'iuwt', vsPath: string, dir: string, truth: Float64Array, res: number, autoThreshold?: number): Row {
  const tag = `wsclean-${mode}${autoThreshold ? `-at${autoThreshold}` : ''}`;
  const out = join(dir, tag);
  const extra = autoThreshold ? ['--auto-threshold', String(autoThreshold)] : [];
  const p = spawnSync('/usr/bin/python3', ['bench/peers/radio_wsclean.py', vsPath, '--size', String(c.size), '--cell', c.cellText, '--mode', mode, '--niter', '2000', '--mgain', '0.9', '--weight', c.weighting, '--out', out, ...extra], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_CORETYPE: undefined, OPENBLAS_L2_SIZE: undefined } as NodeJS.ProcessEnv,
  });
  const line = p.stdout.trim().split('\n').pop() ?? '';
  const j = JSON.parse(line) as { images: Record<string, string>; wsclean_seconds: number; missing?: string };
  if (j.missing) throw new Error(`peer missing: ${j.missing}`);
  const img = readFitsImage(new Uint8Array(readFileSync(j.images.image)), { name: j.images.image });
  const model = readFitsImage(new Uint8Array(readFileSync(j.images.model)), { name: j.images.model });
  const h = img.header;
  const card = (k: string) => Number(h.cards.find((x) => x.key === k)?.value);
  const beam = { major: card('BMAJ') * DEG, minor: card('BMIN') * DEG, pa: card('BPA') * DEG };
  const cp = { size: c.size, cell: c.cell };
  return {
    case: c.id,
    method: tag,
    nrmse: restoredNrmse(Float64Array.from(img.data), beam, c.cell, truth),
    nrmseModel: modelNrmse(Float64Array.from(model.data), cp, res, truth),
    seconds: j.wsclean_seconds,
    reducedChi2: null,
    note: `beam ${(beam.major / DEG) * 3.6e9} x ${(beam.minor / DEG) * 3.6e9} uas`,
  };
}

for (const id of casesArg.split(',')) {
  const c = STUDY_CASES.find((x) => x.id === id);
  if (!c) throw new Error(`unknown case ${id}`);
  const dir = join(OUT, c.id);
  mkdirSync(dir, { recursive: true });
  const sky = studySky(c, Float64Array.from(sdoImg));
  const src = STUDY_FILES[c.coverage];
  const uv = readUvfits(new Uint8Array(readFileSync(src)), { name: src });
  const sim = simulateUvfits(uv, { image: sky, size: c.size, cell: c.cell, name: c.id }, { seed: 1 });
  const vsPath = join(dir, 'sim.uvfits');
  writeFileSync(vsPath, writeUvfits(sim, { bitpix: -64 }));
  const vs = visibilitiesFromUvfits(readUvfits(new Uint8Array(readFileSync(vsPath)), { name: vsPath }), { name: vsPath });
  const res = coverageStats(vs).resolution;
  const truth = nominalTruth(sky, c, res);
  for (const m of methods) {
    const at = /-at(\d+(\.\d+)?)$/.exec(m);
    const row = m.startsWith('wsclean') ? wsclean(c, m.startsWith('wsclean-iuwt') ? 'iuwt' : 'hogbom', vsPath, dir, truth, res, at ? Number(at[1]) : undefined) : ours(c, m, vsPath, truth, res);
    rows.push(row);
    process.stderr.write(`${row.case} ${row.method}: NRMSE ${row.nrmse.toFixed(4)}${row.nrmseModel !== null ? ` (model * nominal ${row.nrmseModel.toFixed(4)})` : ''} ${row.seconds.toFixed(2)} s ${row.note}\n`);
  }
}
writeFileSync(`${OUT}.json`, JSON.stringify(rows, null, 2));
console.log('| case | method | NRMSE vs sky * nominal beam | model * nominal | seconds | reduced chi2 |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.case} | ${r.method} | ${r.nrmse.toFixed(4)} | ${r.nrmseModel === null ? '' : r.nrmseModel.toFixed(4)} | ${r.seconds.toFixed(2)} | ${r.reducedChi2 === null ? '' : r.reducedChi2.toFixed(3)} |`);
