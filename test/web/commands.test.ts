/**
 * The lab's "equivalent command" (src/web/commands.ts) is equivalent: each page's command, run
 * with the real `candor` binary in a temporary directory, computes what the page computes with
 * the same library calls (the page's worker code path, replayed here in-process).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  acquisition,
  coilCalibDefault,
  espirit,
  magnitude,
  makeMask,
  multiCoilAcquisition,
  planAcceleration,
  reconstruct,
  reconstructMultiCoil,
  sheppLogan,
  simulatedCoilMaps,
  simulateKspace,
  simulateMultiCoil,
  ssim,
  theoryReport,
} from '../../src/apps/mri/index.ts';
import type { MaskKind } from '../../src/apps/mri/masks/common.ts';
import { applyMask, decimationMask } from '../../src/apps/seismic/decimate.ts';
import { interpolateGather } from '../../src/apps/seismic/interpolate.ts';
import { seismicReport } from '../../src/apps/seismic/report.ts';
import { syntheticGather } from '../../src/apps/seismic/synthetic.ts';
import { Store } from '../../src/experiments/node/store.ts';
import { prepareSweepSolver } from '../../src/experiments/solvers.ts';
import { canonicalSpec, parseSpec } from '../../src/experiments/spec.ts';
import { runTrial } from '../../src/experiments/trial.ts';
import { writeNpy } from '../../src/io/npy.ts';
import { plan } from '../../src/predict/plan.ts';
import { mriPlanCommand, mriReconCommand, planCommand, SYNTHETIC_FILE, seismicCommand, shellWord, sweepCommand, sweepSpecInput } from '../../src/web/commands.ts';
import { candor } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-web-commands-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The argv of each command in a `a && b` line (comment lines dropped, single quotes honoured). */
function commands(text: string): string[][] {
  const line = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join(' ');
  return line.split('&&').map((part) => {
    const words: string[] = [];
    const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
    for (const m of part.matchAll(re)) words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]);
    assert.equal(words[0], 'candor');
    return words.slice(1);
  });
}

function run(argv: string[], cwd = dir): string {
  const r = candor(argv, { cwd });
  assert.equal(r.code, 0, `candor ${argv.join(' ')}\n${r.stderr}`);
  return r.stdout;
}

describe('equivalent commands', () => {
  it('shellWord quotes only what a shell would split or expand', () => {
    assert.equal(shellWord('0.05:0.95:4'), '0.05:0.95:4');
    assert.equal(shellWord('my scan.dcm'), "'my scan.dcm'");
    assert.equal(shellWord("it's.png"), "'it'\\''s.png'");
    assert.deepEqual(commands(`candor mri simulate --image ${shellWord("a b'c.png")} --out x`), [['mri', 'simulate', '--image', "a b'c.png", '--out', 'x']]);
  });

  it('planner: candor plan gives the m of plan() for the same settings', () => {
    const s = { n: 300, k: 25, ensemble: 'rademacher', signal: 'nonneg', target: 0.9 };
    const text = planCommand(s);
    assert.equal(text, 'candor plan --n 300 --k 25 --ensemble rademacher --signal nonneg --target 0.9');
    const [argv] = commands(text);
    const out = JSON.parse(run([...argv, '--json'])) as { m: number; provenance: string };
    const p = plan({ n: 300, k: 25, ensemble: 'rademacher', signal: 'nonneg', target: 0.9 });
    assert.equal(out.m, p.m);
    assert.equal(out.provenance, p.provenance);
    assert.equal(planCommand({ ...s, store: 'runs.db' }).endsWith('--store runs.db'), true);
  });

  it('phase lab: candor sweep run stores the page\'s spec and the same trials', async () => {
    const s = { ensemble: 'gaussian', signal: 'signed', solver: 'bp-lp', n: 30, nDelta: 3, nRho: 2, trials: 2, seed: 7 };
    const text = sweepCommand(s);
    assert.equal(text, 'candor sweep run --ensemble gaussian --signal signed --solver bp-lp --n 30 --delta 0.05:0.95:3 --rho 0.05:0.95:2 --trials 2 --seed 7');
    const store = join(dir, 'sweep.db');
    const [argv] = commands(text);
    run([...argv, '--store', store, '--workers', '0', '--json', '--quiet']);
    const page = parseSpec(sweepSpecInput(s));
    await prepareSweepSolver('bp-lp');
    const st = Store.open(store, { readonly: true });
    try {
      const [sw] = st.sweeps();
      assert.deepEqual(sw.spec, canonicalSpec(page));
      const stored = st.trials(sw.id);
      assert.equal(stored.length, page.cells.length * page.trials);
      for (const t of stored) {
        const mine = runTrial(page, page.cells[t.cell], t.trial);
        assert.equal(t.success, mine.success, `cell ${t.cell} trial ${t.trial}`);
        assert.equal(t.error, mine.error);
      }
    } finally {
      st.close();
    }
  });

  it('MRI lab: mri simulate + mri report reproduce the page\'s reconstruction and theory report', () => {
    const s = { image: 'phantom', size: 32, mask: 'radial', acceleration: 3, method: 'tv', maxIter: 8, seed: 3 };
    const text = mriReconCommand(s);
    const cwd = mkdtempSync(join(dir, 'mri-'));
    const [sim, rep] = commands(text);
    run(sim, cwd);
    run(rep, cwd);
    const report = JSON.parse(readFileSync(join(cwd, 'mri-recon', 'report.json'), 'utf8'));
    // the page's worker: mask, k-space, acquisition, reconstruction, report told the mask kind
    const truth = sheppLogan(32);
    const mk = makeMask('radial', 32, 32, { acceleration: 3, seed: 3 });
    const acq = acquisition(simulateKspace(truth, 32, 32, { mask: mk.mask }).kspace, mk.mask, 32, 32);
    const mine = theoryReport(acq, reconstruct(acq, { method: 'tv', maxIter: 8 }), { truth, pattern: 'radial' as MaskKind });
    assert.equal(report.paragraph, mine.paragraph);
    assert.equal(report.metrics.recon.nrmseScaled, mine.metrics?.recon.nrmseScaled);
    assert.equal(report.pattern, 'radial');
  });

  it('MRI lab: mri plan reproduces the page\'s acceleration plan', () => {
    const s = { image: 'phantom', size: 32, mask: 'poisson-disc', acceleration: 4, method: 'l1-wavelet', maxIter: 5, seed: 2, repeats: 1, targetSsim: 0.8 };
    const text = mriPlanCommand(s);
    assert.equal(text, 'candor mri plan --size 32 --mask poisson-disc --repeats 1 --seed 2 --target 0.8 --method l1-wavelet --iters 5');
    const [argv] = commands(text);
    const out = JSON.parse(run([...argv, '--store', ':memory:', '--workers', '0', '--json', '--quiet']));
    const mine = planAcceleration(sheppLogan(32), 32, 32, { mask: 'poisson-disc', repeats: 1, seed: 2, target: 0.8, recon: { method: 'l1-wavelet', maxIter: 5 } });
    assert.deepEqual(
      out.rows.map((r: { ssim: number }) => r.ssim),
      mine.rows.map((r) => r.ssim),
    );
    assert.equal(out.recommended, mine.recommended);
  });

  it('multi-coil MRI lab: simulate --coils + recon give the page worker\'s SSIM (ESPIRiT + SENSE on the same mask)', () => {
    const s = { image: 'phantom', size: 32, mask: 'poisson-disc', acceleration: 3, method: 'l1-wavelet', maxIter: 10, seed: 2, coils: 4 };
    const text = mriReconCommand(s);
    const cwd = mkdtempSync(join(dir, 'mri-coils-'));
    const [sim, rec] = commands(text);
    assert.deepEqual(sim.slice(0, 6), ['mri', 'simulate', '--size', '32', '--coils', '4']);
    run(sim, cwd);
    run(rec, cwd);
    const out = JSON.parse(readFileSync(join(cwd, 'mri-recon', 'recon.json'), 'utf8'));
    // the page's worker: the coils on the image, the mask with ESPIRiT's centre, ESPIRiT, SENSE
    const truth = sheppLogan(32);
    const mk = makeMask('poisson-disc', 32, 32, { acceleration: 3, calib: coilCalibDefault(32, 32), seed: 2 });
    const { kspace } = simulateMultiCoil(truth, simulatedCoilMaps(32, 32, 4), { mask: mk.mask });
    const r = reconstructMultiCoil(multiCoilAcquisition(kspace, mk.mask), espirit(kspace).maps, { method: 'l1-wavelet', maxIter: 10 });
    const mine = ssim(magnitude(r.image, 32 * 32), truth, 32, 32);
    // the command's run sums its coils in the team's two parts: the same to rounding
    assert.ok(Math.abs(out.metrics.recon.ssim - mine) < 1e-9, `${out.metrics.recon.ssim} vs ${mine}`);
    assert.match(mriPlanCommand({ ...s, repeats: 1, targetSsim: 0.9 }), /^candor mri plan --size 32 --coils 4 --mask poisson-disc/);
  });

  it('an uploaded image: the command reads the file and says how the lab prepares it', () => {
    const text = mriReconCommand({ image: 'knee scan.dcm', size: 128, mask: 'lines', acceleration: 4, method: 'l1-wavelet', maxIter: 50, seed: 1 });
    assert.match(text, /^# the lab takes the magnitude of knee scan\.dcm, scales it to a peak of 1 and zero-pads it to multiples of 16; the command reads it as it is\n/);
    assert.deepEqual(commands(text)[0].slice(0, 4), ['mri', 'simulate', '--image', 'knee scan.dcm']);
  });

  it('seismic lab: decimate + interpolate on the synthetic gather\'s NPY give the page\'s SNR', () => {
    const s = { source: 'synthetic', panel: 0, pattern: 'jitter', keep: 0.5, seed: 4, method: 'pocs', iterations: 40, dt: 0.004 };
    const text = seismicCommand(s);
    const cwd = mkdtempSync(join(dir, 'seis-'));
    const g = syntheticGather();
    // the page's "Synthetic gather (NPY)" download
    writeFileSync(join(cwd, SYNTHETIC_FILE), writeNpy({ shape: [g.ntraces, g.ns], data: g.data, complex: false }));
    const [dec, itp] = commands(text);
    run(dec, cwd);
    const out = JSON.parse(run([...itp, '--json'], cwd));
    // the page's worker
    const kept = decimationMask(g.ntraces, 0.5, 'jitter', 4, 0);
    const d = applyMask(g.data, g.ns, kept);
    const r = interpolateGather({ ...g, data: d }, { method: 'pocs', kept, pocs: { iterations: 40 }, sparse: { iterations: 40 } });
    const rep = seismicReport({ decimated: d, nx: g.ntraces, nt: g.ns, dt: g.dt, result: r, truth: g.data });
    assert.equal(out.panels.length, 1);
    const snr = (rep.metrics as { snr: number }).snr;
    assert.ok(Math.abs(out.panels[0].snr - snr) < 1e-9, `${out.panels[0].snr} vs ${snr}`);
    // equal but for the wall time
    const untimed = (p: string) => p.replace(/ in \d+\.\d+ s /, ' in (time) s ');
    assert.equal(untimed(out.paragraph), untimed(rep.paragraph));
  });

  it('a panel of a 3-D upload and an NPY interval other than 4 ms are said', () => {
    const text = seismicCommand({ source: 'f3.sgy', panel: 3, panels: 23, pattern: 'random', keep: 0.5, seed: 1, method: 'fista-fk', iterations: 100 });
    assert.match(text, /^# the lab shows panel 3 of 23; the command interpolates every panel \(the same masks\) and its report shows panel 0$/m);
    assert.match(seismicCommand({ source: 'g.npy', panel: 0, pattern: 'random', keep: 0.5, seed: 1, method: 'pocs', iterations: 10, dt: 0.002 }), /--in g\.npy --dt 2 --keep/);
  });
});
