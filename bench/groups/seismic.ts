/**
 * Seismic benchmark (issue 15): POCS interpolation with a decreasing f-k threshold, ours against the
 * numpy peer bench/peers/seismic_pocs.py (the same algorithm: f-x form, 100 iterations, linear
 * thresholds 0.99 -> 0.01 of the largest coefficient, traces padded to NX, time to NT), on the real
 * Viking Graben gather (60 x 1000; NX 64, NT 1024) and on one F3 inline (18 x 75; NX 32, NT 128),
 * 50 % random trace removal (seed 1). Both sides read the same decimated gather and mask, written
 * here as raw float64 / uint8 files. Accuracy: the SNR over the missing traces (dB) of each side,
 * which must agree to 0.1 dB. The peer is single-threaded numpy (pocketfft); ours is one thread.
 * Ours skips the iterations that change nothing (staged activation, src/apps/seismic/pocs.ts);
 * the target rows time the plain numpy POCS of the issue, and two informational rows time a
 * numpy peer that skips the same work (POCS_STAGED=1), the like-for-like comparison.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { applyMask, decimationMask } from '../../src/apps/seismic/decimate.ts';
import { decodeGather, type Gather, gatherPanels, subGather } from '../../src/apps/seismic/gather.ts';
import { missingSnr } from '../../src/apps/seismic/metrics.ts';
import { defaultNxPad, pocsInterpolate } from '../../src/apps/seismic/pocs.ts';
import { nextPow2 } from '../../src/linops/fk.ts';
import type { BenchCase } from '../harness.ts';

const VG = '../shared/data/seismic/pylops_mobil_viking_graben_crg.npy';
const F3 = '../shared/data/seismic/segyio_f3.sgy';

function load(which: 'vg' | 'f3'): Gather {
  const l = decodeGather(new Uint8Array(readFileSync(which === 'vg' ? VG : F3)), which === 'vg' ? VG : F3);
  return which === 'vg' ? l.gather : subGather(l.gather, gatherPanels(l)[11]);
}

function pocsCase(which: 'vg' | 'f3', staged = false): BenchCase {
  const dir = `bench/results/seismic-${which}`;
  const iters = 100;
  let nx = 0;
  let nt = 0;
  let NX = 0;
  let NT = 0;
  return {
    name: `POCS f-k ${which === 'vg' ? 'Viking Graben 60x1000' : 'F3 inline 18x75'}, 50% random, ${iters} iterations vs numpy${staged ? ' with staged activation' : ''}`,
    target: staged ? null : 0.5,
    ...(staged
      ? {
          informational:
            'the peer also skips the iterations that change nothing (staged activation, as ours does; same result): the like-for-like work comparison; the issue\'s target is against the plain numpy POCS of the row above',
        }
      : {}),
    pairs: 7,
    minSeconds: 0.5,
    accuracy: {
      rule: "SNR over the missing traces within 0.1 dB of the peer's (the same algorithm, iterations and thresholds)",
      check: (ours, peer) => (ours === null || peer === null ? null : Math.abs(ours - peer) <= 0.1),
    },
    ours: () => {
      const g = load(which);
      nx = g.ntraces;
      nt = g.ns;
      NX = defaultNxPad(nx);
      NT = nextPow2(nt);
      const kept = decimationMask(nx, 0.5, 'random', 1);
      const d = applyMask(g.data, nt, kept);
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}/gather.f64`, new Uint8Array(d.buffer));
      writeFileSync(`${dir}/mask.u8`, kept);
      writeFileSync(`${dir}/truth.f64`, new Uint8Array(g.data.slice().buffer));
      const run = () => pocsInterpolate(d, nx, nt, kept, { iterations: iters });
      const snr = missingSnr(run().data, g.data, nt, kept);
      return { run, error: () => Number(snr.toFixed(4)) };
    },
    get peer() {
      return {
        cmd: ['/usr/bin/python3', 'bench/peers/seismic_pocs.py', `${dir}/gather.f64`, `${dir}/mask.u8`, String(nx), String(nt), String(iters), String(NX), String(NT), `${dir}/truth.f64`],
        env: { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', ...(staged ? { POCS_STAGED: '1' } : {}) },
        pkg: 'python3-numpy',
      };
    },
    note: 'errors are the SNR over the missing traces in dB (ours, peer): the same iterations and thresholds give the same traces, so they must agree; the ratio is the time ratio (ours skips the iterations that change nothing; the informational rows time a peer that skips them too)',
  };
}

export function cases(): BenchCase[] {
  return [pocsCase('vg'), pocsCase('f3'), pocsCase('vg', true), pocsCase('f3', true)];
}
