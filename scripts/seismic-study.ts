/**
 * Runs the acceptance study of docs/seismic.md on the real gathers of ../shared/data and prints
 * a markdown table (median SNR over the missing traces, linear interpolation, the gain with its
 * min-max spread). Usage:
 *
 *   node --import tsx scripts/seismic-study.ts [vg|f3|synthetic] [seeds] [method,method,...] [pattern,pattern,...]
 */
import { readFileSync } from 'node:fs';
import { decodeGather, gatherPanels, subGather } from '../src/apps/seismic/gather.ts';
import type { InterpolationMethod } from '../src/apps/seismic/interpolate.ts';
import { decimationStudy } from '../src/apps/seismic/study.ts';
import { syntheticGather } from '../src/apps/seismic/synthetic.ts';
import type { DecimationPattern } from '../src/apps/seismic/decimate.ts';

const [which = 'vg', seedsArg = '10', methodsArg = 'pocs,fista-fk,spgl1-fk', patternsArg = 'random,jitter,regular'] = process.argv.slice(2);
const VG = '../shared/data/seismic/pylops_mobil_viking_graben_crg.npy';
const F3 = '../shared/data/seismic/segyio_f3.sgy';
const load = (p: string) => decodeGather(new Uint8Array(readFileSync(p)), p);
let g = load(VG).gather;
let label = 'Viking Graben 60 x 1000';
if (which === 'synthetic') {
  g = syntheticGather();
  label = 'synthetic (three linear events, one hyperbola), 64 x 256';
} else if (which === 'f3') {
  const f = load(F3);
  g = subGather(f.gather, gatherPanels(f)[11]);
  label = 'F3 inline 122, 18 x 75';
}
const methods = methodsArg.split(',') as Exclude<InterpolationMethod, 'linear'>[];
const patterns = patternsArg.split(',') as DecimationPattern[];
const res = decimationStudy(g, {
  patterns,
  methods,
  seeds: Number(seedsArg),
  onTrial: (t) => process.stderr.write(`${t.pattern} seed ${t.seed} ${t.method}: ${t.snr.toFixed(2)} dB (linear ${t.snrLinear.toFixed(2)}) ${t.seconds.toFixed(2)} s\n`),
});
const f = (v: number) => v.toFixed(2);
console.log(`\n${label}, 50% kept, seeds 0-${Number(seedsArg) - 1} (regular: one pattern)\n`);
console.log('| pattern | method | median SNR (dB) | linear (dB) | gain median (dB) | gain min .. max | gain IQR |');
console.log('|---|---|---|---|---|---|---|');
for (const s of res.summary) {
  console.log(`| ${s.pattern} | ${s.method} | ${f(s.snr.median)} | ${f(s.snrLinear.median)} | ${f(s.gain.median)} | ${f(s.gain.min)} .. ${f(s.gain.max)} | ${f(s.gain.q25)} .. ${f(s.gain.q75)} |`);
}
