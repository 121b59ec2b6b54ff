/**
 * Web Worker of the radio lab: reads the uploaded visibility file (UVFITS, or an EHT text export)
 * with the same readers as `candor radio info`, optionally replaces the data by a known sky (a
 * 40 uas-scale ring or a core-jet source, sized to the field) observed with the file's own
 * coverage and noise, then images it with every chosen method through `imageVisibilities` (the
 * code of `candor radio image`), posting each image (north up, Jy/beam or Jy/pixel), its summary
 * (chi-squared, residual rms, dynamic range, peak, total flux, beam, jet, ring) and, for
 * simulations, its NRMSE against the sky convolved to the nominal resolution; the uv coverage as
 * SVG, and the theory paragraph.
 */
import { parseAngle } from '../../apps/radio/angles.ts';
import { coverageStats } from '../../apps/radio/coverage.ts';
import { type ImagingMethod, imageVisibilities } from '../../apps/radio/image.ts';
import { simulateVisibilities } from '../../apps/radio/simulate.ts';
import { coreJetSky, ringSky } from '../../apps/radio/skies.ts';
import { modelNrmse, nominalTruth, restoredNrmse } from '../../apps/radio/study.ts';
import { type Visibilities, visibilitiesFromEhtText, visibilitiesFromUvfits } from '../../apps/radio/visibilities.ts';
import type { CsDictionary } from '../../apps/radio/cs.ts';
import { readEhtText } from '../../io/eht-text.ts';
import { readUvfits } from '../../io/fits/uvfits.ts';

export interface RadioJob {
  bytes: ArrayBuffer;
  name: string;
  size: number;
  /** Pixel size as text (e.g. 0.2mas), or '' for the suggested cell. */
  cell: string;
  methods: ImagingMethod[];
  dictionary: CsDictionary;
  iterations: number;
  /** 'data' (image the file), 'ring' or 'corejet' (a known sky observed with the file's coverage). */
  sky: 'data' | 'ring' | 'corejet';
  seed: number;
}



/** North-up rows (the last row first) for drawing. */
function northUp(img: Float64Array, n: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let r = 0; r < n; r++) out.set(img.subarray(r * n, (r + 1) * n), (n - 1 - r) * n);
  return out;
}

/** The uv coverage (and its conjugate) as a small SVG scatter, east to the left as on the sky. */
function uvSvg(vs: Visibilities): string {
  let m = 0;
  for (let k = 0; k < vs.n; k++) m = Math.max(m, Math.abs(vs.u[k]), Math.abs(vs.v[k]));
  const step = Math.max(1, Math.floor(vs.n / 3000));
  const pts: string[] = [];
  for (let k = 0; k < vs.n; k += step) {
    const x = 150 - (140 * vs.u[k]) / m;
    const y = 150 - (140 * vs.v[k]) / m;
    pts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="1"/><circle cx="${(300 - x).toFixed(1)}" cy="${(300 - y).toFixed(1)}" r="1"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300"><rect width="300" height="300" fill="white" stroke="#ccc"/><g fill="#2f6fde">${pts.join('')}</g><text x="6" y="294" font-size="11" fill="#555">u (east left), v (north up); +-${(m / 1e6).toFixed(1)} Mlambda</text></svg>`;
}

self.onmessage = (ev: MessageEvent<RadioJob>) => {
  const j = ev.data;
  try {
    const bytes = new Uint8Array(j.bytes);
    const text = /\.(txt|csv)$/i.test(j.name);
    let vs = text ? visibilitiesFromEhtText(readEhtText(bytes, { name: j.name }), j.name) : visibilitiesFromUvfits(readUvfits(bytes, { name: j.name }), { name: j.name });
    const cov = coverageStats(vs);
    const cell = j.cell.trim() === '' ? cov.suggestedCell : parseAngle(j.cell, 'cell');
    let truth: Float64Array | null = null;
    if (j.sky !== 'data') {
      const field = j.size * cell;
      const sky = j.sky === 'ring' ? ringSky(j.size, cell, { diameter: field / 3, flux: 1 }) : coreJetSky(j.size, cell, { flux: 1 });
      vs = simulateVisibilities(vs, { image: sky, size: j.size, cell, name: j.sky }, { seed: j.seed });
      truth = nominalTruth(sky, { size: j.size, cell }, cov.resolution);
      self.postMessage({ kind: 'truth', size: j.size, image: northUp(truth, j.size) });
    }
    self.postMessage({ kind: 'setup', n: vs.n, uvSvg: uvSvg(vs), cell, resolution: cov.resolution, label: `${j.name}: ${vs.n} visibilities, ${vs.object || 'no object'}${truth ? `, replaced by a simulated ${j.sky} observed with its coverage` : ''}` });
    for (const method of j.methods) {
      const t0 = performance.now();
      const r = imageVisibilities(vs, { method, size: j.size, cell, name: j.name, cs: { dictionary: j.dictionary, maxIter: j.iterations }, rml: { data: 'vis', maxIter: Math.max(10, Math.round(j.iterations / 4)) } });
      let nrmse: number | null = null;
      if (truth) nrmse = method === 'clean' || method === 'dirty' ? restoredNrmse(r.image, r.beam, cell, truth) : modelNrmse(r.image, { size: j.size, cell }, cov.resolution, truth);
      const s = r.summary;
      self.postMessage({
        kind: 'image',
        method,
        size: j.size,
        image: northUp(r.image, j.size),
        unit: r.imageUnit,
        seconds: (performance.now() - t0) / 1000,
        nrmse,
        summary: { algorithm: s.algorithm, reducedChi2: s.reducedChi2, residualRms: s.residualRms, dynamicRange: s.dynamicRange, peak: s.peak, totalFlux: s.totalFlux, beam: `${s.beam.major} x ${s.beam.minor}, PA ${s.beam.bpaDeg.toFixed(0)} deg`, jetPa: s.jet?.paDeg ?? null, ring: s.ring?.diameter ?? null },
        explain: s.explain,
        warnings: s.warnings,
      });
    }
    self.postMessage({ kind: 'done' });
  } catch (e) {
    self.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};


