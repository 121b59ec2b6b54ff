/**
 * Web Worker of the seismic lab: reads the gather (the synthetic one, or uploaded SEG-Y, SU or NPY
 * bytes decoded here by the same readers as the CLI), removes traces with the chosen pattern,
 * interpolates them with the library's own methods (the code of `candor seismic interpolate`),
 * posting the gather every few POCS iterations, then the metrics, the theory report and the
 * figures (f-k spectra and PSF as SVG).
 */
import { applyMask, type DecimationPattern, decimationMask } from '../../apps/seismic/decimate.ts';
import { fkFigure, psfFigure } from '../../apps/seismic/figures.ts';
import { decodeGather, type Gather, gatherPanels, subGather } from '../../apps/seismic/gather.ts';
import { type InterpolationMethod, interpolateGather } from '../../apps/seismic/interpolate.ts';
import { seismicReport } from '../../apps/seismic/report.ts';
import { syntheticGather } from '../../apps/seismic/synthetic.ts';

export interface SeismicJob {
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

self.onmessage = (ev: MessageEvent<SeismicJob>) => {
  const j = ev.data;
  try {
    let g: Gather;
    let label = 'synthetic gather (three linear events and a hyperbola)';
    if (j.source === 'upload') {
      const name = j.name ?? 'upload';
      const l = decodeGather(new Uint8Array(j.bytes as ArrayBuffer), name);
      const panels = gatherPanels(l);
      if (!(Number.isInteger(j.panel) && j.panel >= 0 && j.panel < panels.length)) {
        throw new Error(`panel: expected an integer in [0, ${panels.length - 1}], got ${j.panel}`);
      }
      g = panels.length > 1 ? subGather(l.gather, panels[j.panel]) : l.gather;
      label = `${name}${panels.length > 1 ? `, panel ${j.panel} of ${panels.length}` : ''}`;
    } else g = syntheticGather();
    const kept = decimationMask(g.ntraces, j.keep, j.pattern, j.seed);
    const d = applyMask(g.data, g.ns, kept);
    self.postMessage({ kind: 'setup', label, nx: g.ntraces, nt: g.ns, dt: g.dt, truth: f32(g.data), input: f32(d), kept });
    const r = interpolateGather(
      { ...g, data: d },
      {
        method: j.method,
        kept,
        pocs: { iterations: j.iterations },
        sparse: { iterations: Math.max(1, Math.round(j.iterations / 4)) },
        onIterate: (k, snap) => {
          if (snap && k % 10 === 0) self.postMessage({ kind: 'step', iteration: k, data: f32(snap()) });
        },
      },
    );
    const rep = seismicReport({ decimated: d, nx: g.ntraces, nt: g.ns, dt: g.dt, result: r, truth: g.data });
    const panels = [
      { title: 'input', data: d, kept },
      { title: `output (${j.method})`, data: r.data },
      { title: 'truth', data: g.data },
    ];
    self.postMessage({
      kind: 'done',
      data: f32(r.data),
      iterations: r.iterations,
      seconds: r.seconds,
      metrics: rep.metrics,
      psfSideLobe: rep.theory.psf.sideLobe,
      tracesNeeded: rep.theory.plan.tracesNeeded,
      kept: rep.theory.pattern.m,
      paragraph: rep.paragraph,
      aliased: rep.aliased,
      fkSvg: fkFigure(panels, g.ntraces, g.ns, g.dt),
      psfSvg: psfFigure(rep.theory.psf.magnitude, 'point-spread function of the kept traces'),
    });
  } catch (e) {
    self.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
