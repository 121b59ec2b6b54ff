/**
 * Theory benchmark group (issue 4, predict): the statistical-dimension computations against the
 * same equations solved with SciPy (bench/peers/theory.py: scipy.optimize.brentq on
 * scipy.special.erfc-based formulas, one scalar root per problem, single-threaded).
 *
 * - `statdim, 10,000 (k, n) pairs`: statdim({ n, k }) (tau* by Brent on the stationarity equation,
 *   n psi(k/n), the ALMT bounds and the first-order width sigma) for n = 100..5050 and k in
 *   [1, n - 1]; the peer computes tau*, n psi and sigma.
 * - `DT curve, 1,000-point delta grid`: dtCurve(grid) (weak threshold by psi inversion along the
 *   stationarity curve, one root per delta); the peer solves the same equation with brentq.
 *
 * Accuracy rule: each side's max relative deviation from ../shared/theory-reference-values.json
 * (psi_signed; rho_W_statdim) is at most 1e-9 (both shown), and ours agrees with the peer's outputs
 * to 1e-9 relative (in the detail).
 *
 * Both rows are informational (no target): the peer is an interpreted per-item Python loop (one
 * brentq call with a Python callback per pair or per delta), not a vectorised peer.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { statdim } from '../../../src/predict/statdim.ts';
import { dtCurve } from '../../../src/predict/transition.ts';
import type { BenchCase } from '../../harness.ts';
import { atMost } from '../../verdict.ts';

const DIR = 'bench/results';
const PER_ITEM = 'the peer is an interpreted per-item Python loop (one scipy brentq call with a Python callback per item)';
const TOL = 1e-9;
const REF = '../shared/theory-reference-values.json';

function readF64(path: string): Float64Array {
  const b = readFileSync(path);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** The 10,000 (n, k) pairs: n = 100 + 50 (i mod 100), k = 1 + (7919 i mod (n - 1)). */
export function statdimPairs(count = 10000): Float64Array {
  const out = new Float64Array(2 * count);
  for (let i = 0; i < count; i++) {
    const n = 100 + 50 * (i % 100);
    out[2 * i] = n;
    out[2 * i + 1] = 1 + ((i * 7919) % (n - 1));
  }
  return out;
}

function statdimCase(): BenchCase {
  const input = `${DIR}/theory-statdim.input.f64`;
  const peerOut = `${DIR}/theory-statdim.peer.f64`;
  let vsPeer: { dv: number; ds: number } | null = null;
  return {
    name: 'statdim, 10,000 (k, n) pairs',
    target: null,
    informational: PER_ITEM,
    accuracy: {
      rule: `max relative deviation of psi from the theory reference values <= ${TOL} (both sides), n psi and sigma within ${TOL} (relative) of the peer's`,
      check: (ours, peer) => atMost(ours, TOL) && atMost(peer, TOL) && vsPeer !== null && atMost(Math.max(vsPeer.dv, vsPeer.ds), TOL),
    },
    ours: () => {
      const pairs = statdimPairs();
      mkdirSync(DIR, { recursive: true });
      writeFileSync(input, new Uint8Array(pairs.buffer));
      rmSync(peerOut, { force: true }); // never judge by a stale file
      const count = pairs.length / 2;
      const res = new Float64Array(2 * count);
      const run = () => {
        for (let i = 0; i < count; i++) {
          const s = statdim({ n: pairs[2 * i], k: pairs[2 * i + 1] });
          res[2 * i] = s.value;
          res[2 * i + 1] = s.sigma;
        }
      };
      return {
        run,
        error: () => {
          const ref = JSON.parse(readFileSync(REF, 'utf8'));
          let e = 0;
          for (const r of ref.l1_statistical_dimension) {
            const v = statdim({ n: 1e6, k: Math.round(r.rho_k_over_n * 1e6) }).psi;
            e = Math.max(e, Math.abs(v - r.psi_signed) / r.psi_signed);
          }
          if (!existsSync(peerOut)) return e;
          run();
          const peer = readF64(peerOut);
          let dv = 0;
          let ds = 0;
          for (let i = 0; i < count; i++) {
            dv = Math.max(dv, Math.abs(res[2 * i] - peer[2 * i]) / peer[2 * i]);
            ds = Math.max(ds, Math.abs(res[2 * i + 1] - peer[2 * i + 1]) / peer[2 * i + 1]);
          }
          vsPeer = { dv, ds };
          return e;
        },
        detail: () =>
          vsPeer ? `vs peer: n psi ${vsPeer.dv.toExponential(1)}, sigma ${vsPeer.ds.toExponential(1)} (max relative)` : 'no peer output',
      };
    },
    peer: {
      cmd: ['/usr/bin/python3', 'bench/peers/theory.py', 'statdim', input, peerOut],
      env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      pkg: 'python3-scipy',
    },
    note: 'ours builds the full statdim result (bounds, CRPW, warnings) per pair; the peer returns n psi and sigma',
  };
}

function curveCase(): BenchCase {
  const input = `${DIR}/theory-curve.input.f64`;
  const peerOut = `${DIR}/theory-curve.peer.f64`;
  let vsPeer: number | null = null;
  return {
    name: 'DT curve, 1,000-point delta grid',
    target: null,
    informational: PER_ITEM,
    accuracy: {
      rule: `max relative deviation of rho_W from the theory reference values <= ${TOL} (both sides), within ${TOL} (relative) of the peer's curve`,
      check: (ours, peer) => atMost(ours, TOL) && atMost(peer, TOL) && atMost(vsPeer, TOL),
    },
    ours: () => {
      const grid = Float64Array.from({ length: 1000 }, (_, i) => (i + 1) / 1001);
      mkdirSync(DIR, { recursive: true });
      writeFileSync(input, new Uint8Array(grid.buffer));
      rmSync(peerOut, { force: true }); // never judge by a stale file
      let last = dtCurve(grid);
      const run = () => {
        last = dtCurve(grid);
      };
      return {
        run,
        error: () => {
          const ref = JSON.parse(readFileSync(REF, 'utf8'));
          const ds = ref.dt_plane_weak_threshold.map((r: { delta_m_over_n: number }) => r.delta_m_over_n);
          const c = dtCurve(ds);
          let e = 0;
          ref.dt_plane_weak_threshold.forEach((r: { rho_W_statdim: number }, i: number) => {
            e = Math.max(e, Math.abs(c.rho[i] - r.rho_W_statdim) / r.rho_W_statdim);
          });
          if (!existsSync(peerOut)) return e;
          const peer = readF64(peerOut);
          let d = 0;
          for (let i = 0; i < grid.length; i++) d = Math.max(d, Math.abs(last.rho[i] - peer[i]) / peer[i]);
          vsPeer = d;
          return e;
        },
        detail: () => (vsPeer === null ? 'no peer output' : `vs peer: rho_W ${vsPeer.toExponential(1)} (max relative)`),
      };
    },
    peer: {
      cmd: ['/usr/bin/python3', 'bench/peers/theory.py', 'curve', input, peerOut],
      env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      pkg: 'python3-scipy',
    },
    note: "same equation both sides (Candor's 'statdim' route: one root in tau per delta)",
  };
}

export function cases(): BenchCase[] {
  return [statdimCase(), curveCase()];
}
