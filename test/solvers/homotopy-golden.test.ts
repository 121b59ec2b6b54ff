/**
 * Golden record of the l1 homotopy: bit-for-bit hashes of x, the breakpoints, the dual certificate
 * and the active set (and theta, the LASSO KKT residual and objective) on sweep trials across the
 * phase diagram (n = 200, delta 0.25|0.5|0.9 x rho 0.1|0.5|0.95, seed 5: easy cells with a few
 * events up to failure cells with ~240). Recorded before the speed work on homotopy.ts (commit
 * 23e353e): optimisations must reproduce the path exactly, not merely to a tolerance, so that
 * stored sweeps stay reproducible. The failure message prints the new record.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseSpec } from '../../src/experiments/spec.ts';
import { generateTrial } from '../../src/experiments/trial.ts';
import type { HomotopyExtra } from '../../src/solvers/homotopy.ts';
import { bpHomotopy, lassoHomotopy } from '../../src/solvers/homotopy.ts';

const hash = (...a: ArrayBufferView[]): string => {
  const h = createHash('sha256');
  for (const v of a) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  return h.digest('hex').slice(0, 32);
};

/** [events, stopReason, hash(x, breakpoints, dual, active), theta] */
const BP = [
  [7, 'optimal', 'c79866d4c51a0fdcf376c1f8df770849', 0.9952596900672585],
  [74, 'optimal', '88c45d2bc72bda0f7cff0c3d635d2538', 0.9877679914698005],
  [84, 'optimal', '831b4a76fc6d09a28373f894c75f5876', 0.984731930668888],
  [13, 'optimal', '20d81c60c5aec5617a8568835868b854', 0.9634601284567255],
  [120, 'optimal', 'c7f892fad5f92a70775d22ca1b52dcbb', 0.9806555849106693],
  [157, 'optimal', '8e198bcdc3ebc59084e8f9be1347446c', 0.9936336489159672],
  [18, 'optimal', '8d5b9c3ae3fdcf98a8c7583e9a708888', 0.9096218547970492],
  [138, 'optimal', 'e79572941d9dbcf170e064354c66fc38', 0.9880462289357306],
  [243, 'optimal', 'c3e7461b864087d799fcc2c4e4f90aa1', 0.9845234522220094],
];

/** lambda = 0.01: [events, stopReason, hash(x, breakpoints, dual), kkt, objective] */
const LASSO = [
  [7, 'optimal', 'c11f770b14f953aeb1b8f0abf1fbe8f4', 1.3357370765021415e-14, 0.04966006268280614],
  [74, 'optimal', 'c2983a9da199b279eeb21902172311d5', 6.886852199627924e-14, 0.18501940384587162],
  [83, 'optimal', '1d0a8b31a3d0fd411f55579417f1243b', 9.870576578308032e-14, 0.29047424577706504],
  [13, 'optimal', 'de1a088c115ef3671da77049cbc8f9a6', 5.117434254131581e-14, 0.0992963669119249],
  [118, 'optimal', '2ac4a2d2f24d5d0a748fd567525042ee', 1.5595164049031496e-13, 0.4513034406365611],
  [148, 'optimal', 'b58b7530a3f19d01c7c31bc86ecf5dc4', 1.4415552085367267e-13, 0.5820911827745134],
  [18, 'optimal', 'ae268ca545649610d95c13dd53662ee6', 7.719519468096792e-14, 0.17891651061544792],
  [138, 'optimal', 'cba203f71689d826894c9a573e83973b', 1.1397133237167623e-13, 0.8884555318300735],
  [208, 'optimal', '61cd7c41ad476dbaf8ba645bdd07119b', 2.0018708912772354e-13, 1.3730374200464484],
];

const spec = parseSpec({ n: 200, delta: [0.25, 0.5, 0.9], rho: [0.1, 0.5, 0.95], trials: 1, seed: 5 });

describe('homotopy golden record (bit-for-bit)', () => {
  it('bpHomotopy: x, breakpoints, certificate, active set and theta are unchanged on 9 cells', () => {
    const got = spec.cells.map((c) => {
      const d = generateTrial(spec, c, 0);
      const r = bpHomotopy(d.A, d.y);
      const e = r.extra as HomotopyExtra;
      return [
        r.iterations,
        r.stopReason,
        hash(r.x, e.breakpoints, e.dual ?? new Float64Array(0), e.active),
        e.theta,
      ];
    });
    assert.deepEqual(got, BP, JSON.stringify(got));
  });
  it('lassoHomotopy (lambda = 0.01): x, breakpoints, dual, KKT residual and objective are unchanged', () => {
    const got = spec.cells.map((c) => {
      const d = generateTrial(spec, c, 0);
      const r = lassoHomotopy(d.A, d.y, { lambda: 0.01 });
      const e = r.extra as HomotopyExtra;
      return [
        r.iterations,
        r.stopReason,
        hash(r.x, e.breakpoints, e.dual ?? new Float64Array(0)),
        e.kkt,
        r.objective,
      ];
    });
    assert.deepEqual(got, LASSO, JSON.stringify(got));
  });
});
