/**
 * Web Worker of the seismic lab: reads the gather (the synthetic one, or uploaded SEG-Y, SU or NPY
 * bytes decoded here by the same readers as the CLI), removes traces with the chosen pattern
 * (panel p of a 3-D file with the CLI's panel seed, as `candor seismic decimate`), times a pilot
 * and posts the run-time estimate (./protocol.ts), interpolates with the library's own methods
 * (the code of `candor seismic interpolate`, the same iteration count for every method), posting
 * the gather every ten POCS iterations, then the metrics, the theory report, the figures (f-k
 * spectra and PSF as SVG) and their data (f-k energy in dB, PSF magnitude) for the CSV downloads.
 */
import { applyMask, type DecimationPattern, decimationMask } from '../../apps/seismic/decimate.ts';
import { fkFigure, psfFigure } from '../../apps/seismic/figures.ts';
import { decodeGather, type Gather, gatherPanels, subGather } from '../../apps/seismic/gather.ts';
import { type InterpolationMethod, interpolateGather } from '../../apps/seismic/interpolate.ts';
import { seismicReport } from '../../apps/seismic/report.ts';
import { syntheticGather } from '../../apps/seismic/synthetic.ts';
import { fkEnergy } from '../../apps/seismic/theory.ts';
import { estimated, iterationEstimate, serve } from './protocol.ts';

export interface SeismicJob {
  confirmAbove: number;
  source: 'synthetic' | 'upload';
  bytes?: ArrayBuffer;
  name?: string;
  panel: number;
  pattern: DecimationPattern;
  keep: number;
  seed: number;
  method: InterpolationMethod;
  iterations: number;
}

const f32 = (x: Float64Array) => Float32Array.from(x);

/** f-k energy in dB below the input's peak, per panel: [NX, nf] each. */
function fkData(panels: { title: string; data: Float64Array }[], nx: number, nt: number) {
  const spectra = panels.map((p) => fkEnergy(p.data, nx, nt));
  let peak = 0;
  for (const v of spectra[0].energy) peak = Math.max(peak, v);
  return {
    NX: spectra[0].NX,
    nf: spectra[0].nf,
    NT: spectra[0].NT,
    titles: panels.map((p) => p.title),
    db: spectra.map((s) => Float32Array.from(s.energy, (v) => 10 * Math.log10(Math.max(v, 1e-30) / peak))),
  };
}

serve<SeismicJob>(async (j, post) => {
  let g: Gather;
  let label = 'synthetic gather (three linear events and a hyperbola)';
  let panelCount = 1;
  if (j.source === 'upload') {
    const name = j.name ?? 'upload';
    const l = decodeGather(new Uint8Array(j.bytes as ArrayBuffer), name);
    const panels = gatherPanels(l);
    panelCount = panels.length;
    if (!(Number.isInteger(j.panel) && j.panel >= 0 && j.panel < panels.length)) {
      throw new Error(`panel (inline): expected an integer in [0, ${panels.length - 1}] (the panels of ${name}), got ${j.panel}`);
    }
    g = panels.length > 1 ? subGather(l.gather, panels[j.panel]) : l.gather;
    label = `${name}${panels.length > 1 ? `, panel ${j.panel} of ${panels.length}` : ''}`;
  } else g = syntheticGather();
  // as candor seismic decimate: panel p's mask uses the panel index with the seed
  const kept = decimationMask(g.ntraces, j.keep, j.pattern, j.seed, panelCount > 1 ? j.panel : 0);
  const d = applyMask(g.data, g.ns, kept);
  post({ kind: 'setup', label, nx: g.ntraces, nt: g.ns, dt: g.dt, panels: panelCount, truth: f32(g.data), input: f32(d), kept });
  const opts = (iterations: number) => ({ method: j.method, kept, pocs: { iterations }, sparse: { iterations } });
  if (j.method !== 'linear') {
    const e = iterationEstimate((k) => interpolateGather({ ...g, data: d }, opts(k)), j.iterations);
    await estimated(post, j.confirmAbove, e.seconds, e.basis);
  }
  const r = interpolateGather(
    { ...g, data: d },
    {
      ...opts(j.iterations),
      onIterate: (k, snap) => {
        if (snap && k % 10 === 0) post({ kind: 'step', iteration: k, data: f32(snap()) });
      },
    },
  );
  const rep = seismicReport({ decimated: d, nx: g.ntraces, nt: g.ns, dt: g.dt, result: r, truth: g.data });
  const panels = [
    { title: 'input', data: d, kept },
    { title: `output (${j.method})`, data: r.data },
    { title: 'truth', data: g.data },
  ];
  post({
    kind: 'done',
    data: f32(r.data),
    iterations: r.iterations,
    seconds: r.seconds,
    metrics: rep.metrics,
    psfSideLobe: rep.theory.psf.sideLobe,
    psf: Float32Array.from(rep.theory.psf.magnitude),
    tracesNeeded: rep.theory.plan.tracesNeeded,
    kept: rep.theory.pattern.m,
    paragraph: rep.paragraph,
    aliased: rep.aliased,
    fk: fkData(panels, g.ntraces, g.ns),
    fkSvg: fkFigure(panels, g.ntraces, g.ns, g.dt),
    psfSvg: psfFigure(rep.theory.psf.magnitude, 'point-spread function of the kept traces'),
  });
});
