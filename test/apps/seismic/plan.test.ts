/**
 * `candor seismic plan`: the f-k levels of the model against numpy (scripts/fixtures/
 * seismic_plan_levels.py on a crop of the real Viking Graben gather), the prediction judged
 * against the retrospective scan on a reference outside the calibration set (the default
 * synthetic gather), the scan as a stored sweep killed with SIGKILL and resumed, and the exact
 * errors for bad input.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readGatherFile } from '../../../src/apps/seismic/node/files.ts';
import { runDecimationScan } from '../../../src/apps/seismic/node/plan-scan.ts';
import { fkContext, pocsFloor, tailShare } from '../../../src/apps/seismic/plan/model.ts';
import { predictDecimation } from '../../../src/apps/seismic/plan/predict-decimation.ts';
import { decimationScanKind, decimationScanPlan, decimationScanSpec, runDecimationTask } from '../../../src/apps/seismic/plan/scan.ts';
import { syntheticGather } from '../../../src/apps/seismic/synthetic.ts';
import { Store } from '../../../src/experiments/node/store.ts';
import { writeNpy } from '../../../src/io/npy.ts';
import { candor } from '../../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-seismic-plan-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const VG = '../shared/data/seismic/pylops_mobil_viking_graben_crg.npy';
const all = (n: number) => [Int32Array.from({ length: n }, (_, i) => i)];

describe('the f-k levels of the seismic plan against numpy (Viking Graben crop, 60 x 250)', () => {
  const fx = JSON.parse(readFileSync(new URL('../../fixtures/seismic/plan_levels.json', import.meta.url), 'utf8'));
  const full = readGatherFile(VG).gather;
  const { traces, samples, first_sample: t0 } = fx.crop;
  const data = new Float64Array(traces * samples);
  for (let x = 0; x < traces; x++) data.set(full.data.subarray(x * full.ns + t0, x * full.ns + t0 + samples), x * samples);
  const ctx = fkContext({ ntraces: traces, ns: samples, dt: 0.004, data }, all(traces));
  const p = ctx.panels[0];

  it('has the grid, the level sizes, energy shares and sparsities at 99.9 % of numpy', () => {
    assert.deepEqual([p.N, p.nf], [fx.NX, fx.nf]);
    assert.deepEqual(p.levels.levels.map((l) => l.size), fx.sizes);
    p.levels.levels.forEach((l, i) => {
      assert.ok(Math.abs(l.energyShare - fx.energyShare[i]) < 1e-10, `level ${i}: ${l.energyShare} vs ${fx.energyShare[i]}`);
    });
    assert.deepEqual(p.levels.levels.map((l) => l.sparsity), fx.sparsity999);
  });

  it('has the best-k error share per frequency slice of numpy, with and without the POCS floor', () => {
    fx.budgets.forEach((b: number, i: number) => {
      assert.ok(Math.abs(tailShare(ctx, [b]) - fx.tailShare[i]) < 1e-10, `budget ${b}: ${tailShare(ctx, [b])} vs ${fx.tailShare[i]}`);
    });
    const floor = pocsFloor(p, fx.floorKeep, 0.01);
    const got = tailShare(ctx, [16], [floor]);
    assert.ok(Math.abs(got - fx.tailShareWithFloor16) < 1e-10, `${got} vs ${fx.tailShareWithFloor16}`);
    assert.ok(got > tailShare(ctx, [16]), 'the floor keeps fewer coefficients on this gather');
  });
});

describe('the prediction judged against the retrospective scan', () => {
  it('on the default synthetic gather (not a calibration reference) the predicted smallest kept fraction is within one step of the scan, for both patterns and two targets', () => {
    const g = syntheticGather();
    for (const pattern of ['random', 'jitter'] as const) {
      for (const targetSnr of [10, 15]) {
        const p = predictDecimation(g, all(g.ntraces), { pattern, targetSnr });
        assert.equal(p.confident, true, p.outside.join('; '));
        const spec = decimationScanSpec(g, all(g.ntraces), { pattern, targetSnr, repeats: 3 });
        const plan = decimationScanPlan(spec, spec.keeps.flatMap((_, c) => [0, 1, 2].map((t) => runDecimationTask(spec, c, t))));
        assert.ok(p.recommended !== null && plan.recommended !== null, `${pattern} ${targetSnr}: predicted ${p.recommended}, scan ${plan.recommended}`);
        const steps = Math.abs(spec.keeps.indexOf(p.recommended) - spec.keeps.indexOf(plan.recommended));
        assert.ok(steps <= 1, `${pattern} ${targetSnr} dB: predicted keep ${p.recommended}, scan ${plan.recommended}`);
      }
    }
  });

  it('says it does not know on the Viking Graben gather (1000 samples per trace: outside the calibrated 75 .. 256)', () => {
    const g = readGatherFile(VG).gather;
    const p = predictDecimation(g, all(g.ntraces), { targetSnr: 10 });
    assert.equal(p.confident, false);
    assert.ok(p.outside.includes('traces of 1000 samples, calibrated on 75 to 256'), p.outside.join('; '));
    assert.match(p.provenance, /^empirical, structured, calibrated on 12 references/);
    assert.equal(p.levels.length, 5);
    assert.equal(p.levels.reduce((s, l) => s + l.size, 0), 64 * 513);
  });
});

describe('the decimation scan on the sweep engine', () => {
  it('a run of `candor seismic plan --verify` killed with SIGKILL resumes with no task lost or counted twice, and equals an uninterrupted run', { timeout: 600000 }, async () => {
    const g = readGatherFile(VG).gather;
    const path = join(dir, 'killed.db');
    const keeps = [0.8, 0.6, 0.5, 0.4, 0.33, 0.25];
    // enough tasks that the run outlasts several of the store's one-second commits (a run shorter
    // than one commit stores everything at once, and there is nothing in between to kill)
    const repeats = 30;
    const TOTAL = keeps.length * repeats;
    const child = spawn(process.execPath, [new URL('../../../bin/candor.mjs', import.meta.url).pathname, 'seismic', 'plan', '--data', VG, '--keeps', keeps.join(','), '--repeats', String(repeats), '--verify', '--store', path, '--workers', '0', '--quiet'], { stdio: 'ignore' });
    const stored = () => {
      try {
        const s = Store.open(path, { readonly: true });
        try {
          return s.sweeps('seismic-decimation')[0]?.done ?? 0;
        } finally {
          s.close();
        }
      } catch {
        return 0;
      }
    };
    let done = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < 300000) {
      await new Promise((r) => setTimeout(r, 20));
      done = stored();
      if (done >= 1) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = stored();
    assert.ok(before >= 1 && before < TOTAL, `killed with ${before} of ${TOTAL} tasks stored`);
    const resumed = await runDecimationScan(g, all(g.ntraces), { keeps, repeats }, { store: path, workers: 0 });
    assert.equal(resumed.resumed, true);
    assert.equal(resumed.ran, TOTAL - before);
    assert.equal(resumed.complete, true);
    const clean = await runDecimationScan(g, all(g.ntraces), { keeps, repeats }, { store: join(dir, 'clean.db'), workers: 0 });
    assert.deepEqual(resumed.plan, clean.plan);
    const records = (p: string) => {
      const s = Store.open(p, { readonly: true });
      try {
        return s.results(s.sweeps('seismic-decimation')[0].id).map((r) => ({ cell: r.cell, trial: r.trial, record: r.record }));
      } finally {
        s.close();
      }
    };
    const a = records(path);
    assert.equal(new Set(a.map((r) => `${r.cell}/${r.trial}`)).size, TOTAL);
    assert.deepEqual(a, records(join(dir, 'clean.db')));
    // the same record in this thread, without the store
    const spec = decimationScanSpec(g, all(g.ntraces), { keeps });
    const { cell: _c, trial: _t, seconds: _s, ...again } = decimationScanKind.run(spec, a[0].cell, a[0].trial);
    assert.deepEqual(again, a[0].record);
  });
});

describe('candor seismic plan', () => {
  const npy = join(dir, 'synthetic.npy');
  const g = syntheticGather();
  writeFileSync(npy, writeNpy({ shape: [g.ntraces, g.ns], complex: false, data: g.data }));

  it('prints the prediction with its levels, provenance and error; --json gives the same numbers', () => {
    const r = candor(['seismic', 'plan', '--data', npy, '--target-snr', '10']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /predicted: keep >= 0\.6 \(decimation factor <= 1\.67\)\n/);
    assert.match(r.stdout, /\|k\| <= 1 /);
    assert.match(r.stdout, /provenance: empirical, structured, calibrated on 12 references/);
    assert.match(r.stdout, /error: held back \(10 references, 40 reference\/target pairs\)/);
    const out = join(dir, 'out');
    const j = candor(['seismic', 'plan', '--data', npy, '--target-snr', '10', '--json', '--out', out]);
    assert.equal(j.code, 0, j.stderr);
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')), JSON.parse(j.stdout));
    const p = JSON.parse(j.stdout).prediction;
    assert.equal(p.recommended, 0.6);
    assert.equal(p.confident, true);
  });

  it('rejects a pattern it has no plan for, a kept fraction out of range and a reference with missing traces, with one clear line each', () => {
    let r = candor(['seismic', 'plan', '--data', npy, '--pattern', 'regular']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --pattern: expected one of random, jitter, got "regular"\n');
    r = candor(['seismic', 'plan', '--data', npy, '--keeps', '0.5,1']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --keeps: expected a comma-separated list of distinct fractions in (0, 1), got "0.5,1"\n');
    const holes = g.data.slice();
    holes.fill(0, 5 * g.ns, 7 * g.ns);
    const bad = join(dir, 'holes.npy');
    writeFileSync(bad, writeNpy({ shape: [g.ntraces, g.ns], complex: false, data: holes }));
    // the prediction and --verify refuse it alike, naming the file and the dead traces
    const dead = `candor seismic plan: --data ${bad}: expected a fully sampled section (no all-zero trace; a decimated section is not a reference), got 2 all-zero traces of 64 (trace indices 5, 6, from 0)\n`;
    r = candor(['seismic', 'plan', '--data', bad, '--verify', '--store', ':memory:']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, dead);
    r = candor(['seismic', 'plan', '--data', bad]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, dead);
    assert.throws(() => predictDecimation({ ...g, data: holes }, all(g.ntraces)), {
      message: 'predictDecimation: reference: expected a fully sampled section (no all-zero trace; a decimated section is not a reference), got 2 all-zero traces of 64 (trace indices 5, 6, from 0)',
    });
  });

  it('names the file and the option, never an internal function: 2 traces, all zeros, one dead trace, another extension, a repeated kept fraction', () => {
    const write = (name: string, ntraces: number, f: (d: Float64Array) => void) => {
      const d = g.data.slice(0, ntraces * g.ns);
      f(d);
      const path = join(dir, name);
      writeFileSync(path, writeNpy({ shape: [ntraces, g.ns], complex: false, data: d }));
      return path;
    };
    const two = write('two.npy', 2, () => {});
    let r = candor(['seismic', 'plan', '--data', two]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `candor seismic plan: --data ${two}: expected panels of at least 3 traces (the first and last are always kept), got 2 traces in panel 0\n`);
    const zero = write('zero.npy', 10, (d) => d.fill(0));
    r = candor(['seismic', 'plan', '--data', zero]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `candor seismic plan: --data ${zero}: expected a fully sampled section (no all-zero trace; a decimated section is not a reference), got 10 all-zero traces of 10 (trace indices 0, 1, 2, 3, 4, 5, 6, 7 and 2 more, from 0)\n`);
    const one = write('one.npy', 64, (d) => d.fill(0, 9 * g.ns, 10 * g.ns));
    r = candor(['seismic', 'plan', '--data', one]);
    assert.equal(r.stderr, `candor seismic plan: --data ${one}: expected a fully sampled section (no all-zero trace; a decimated section is not a reference), got 1 all-zero trace of 64 (trace index 9, from 0)\n`);
    const uv = join(dir, 'vis.uvfits');
    writeFileSync(uv, readFileSync(npy));
    r = candor(['seismic', 'plan', '--data', uv]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `candor: option --data: expected a gather file named .sgy, .segy, .su, .npy (or its format given by --format segy|su|npy), got ${JSON.stringify(uv)}\n`);
    r = candor(['seismic', 'decimate', '--in', uv, '--keep', '0.5', '--out', join(dir, 'd.npy')]);
    assert.equal(r.stderr, `candor: option --in: expected a gather file named .sgy, .segy, .su, .npy (or its format given by --format segy|su|npy), got ${JSON.stringify(uv)}\n`);
    assert.equal(candor(['seismic', 'plan', '--data', uv, '--format', 'npy', '--json']).code, 0);
    r = candor(['seismic', 'plan', '--data', npy, '--keeps', '0.5,0.4,0.5']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --keeps: expected a comma-separated list of distinct fractions in (0, 1), got "0.5,0.4,0.5" (0.5 twice)\n');
  });

  it('--pattern takes the names of seismic decimate (random, jitter; jittered read as jitter) and prints jitter everywhere; the sampled share says its kept fraction', () => {
    const a = candor(['seismic', 'plan', '--data', npy, '--pattern', 'jitter', '--json']);
    assert.equal(a.code, 0, a.stderr);
    const b = candor(['seismic', 'plan', '--data', npy, '--pattern', 'jittered', '--json']);
    const pa = JSON.parse(a.stdout).prediction;
    const pb = JSON.parse(b.stdout).prediction;
    assert.equal(pa.pattern, 'jitter');
    assert.deepEqual({ ...pb, seconds: 0 }, { ...pa, seconds: 0 });
    const t = candor(['seismic', 'plan', '--data', npy, '--pattern', 'jitter']);
    assert.equal(t.code, 0, t.stderr);
    assert.doesNotMatch(t.stdout, /jittered/);
    assert.match(t.stdout, /predicted without interpolating, pattern jitter, pocs,/);
    assert.match(t.stdout, new RegExp(`sampled share at keep ${pa.recommended}\n`));
    assert.ok(t.stdout.includes('(sampled share: m / N of the first panel at the recommended kept fraction; '));
  });
});
