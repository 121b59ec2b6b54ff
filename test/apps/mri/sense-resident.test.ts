/**
 * The Cartesian SENSE normal operator and adjoint on a team run their coil passes resident in the FFT's
 * WebAssembly memory (src/linops/coil-normal-resident.ts): bit for bit the JavaScript loops, with
 * the maps uploaded once and uploaded again whenever another operator or another FFT used the
 * memory in between; images the FFT transforms in blocks take the JavaScript loops.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { senseCartesian } from '../../../src/apps/mri/sense.ts';
import { fft2Plan } from '../../../src/core/fft/fft2.ts';
import { fftWasm, setFftWasm } from '../../../src/core/fft/wasm.ts';
import { soloTeam, type Team } from '../../../src/core/parallel/team.ts';
import { createRng } from '../../../src/core/rng/index.ts';

afterEach(() => setFftWasm(true));

function problem(ny: number, nx: number, nc: number, seed: number, team: Team) {
  const n = ny * nx;
  const r = createRng(seed);
  const maps = { ny, nx, nc, data: Float64Array.from({ length: 2 * n * nc }, () => r.normal()) };
  const mask = Uint8Array.from({ length: n }, () => (r.uniform() < 0.4 ? 1 : 0));
  const x = team.f64(2 * n);
  for (let i = 0; i < 2 * n; i++) x[i] = r.normal();
  return { A: senseCartesian(maps, mask, { team }), x, n };
}

/** The normal of A at x, and how many regions of the FFT's memory it asked for. */
function normal(A: ReturnType<typeof problem>['A'], x: Float64Array, team: Team) {
  const w = fftWasm();
  const before = w?.regionCount() ?? 0;
  const out = A.normal(x, team.f64(x.length)).slice();
  return { out, regions: (w?.regionCount() ?? 0) - before };
}

const identical = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('Cartesian SENSE normal resident in WebAssembly', () => {
  it('64x48, 5 coils, two parts: one region per part, bit for bit the JavaScript loops, also after another operator and another FFT used the memory', () => {
    const team = soloTeam(2);
    const p = problem(64, 48, 5, 3, team);
    const q = problem(64, 48, 5, 4, team);
    const first = normal(p.A, p.x, team); // registers the plan's twiddles: more regions
    assert.equal(
      normal(p.A, p.x, team).regions,
      2,
      'the resident path ran (one region per part, none per coil)',
    );
    const other = normal(q.A, p.x, team).out;
    const again = normal(p.A, p.x, team).out;
    fft2Plan(32, 32).exec(new Float64Array(2048), 0, new Float64Array(2048), 0, false);
    const afterFft = normal(p.A, p.x, team).out;
    setFftWasm(false);
    const js = normal(p.A, p.x, team);
    assert.equal(js.regions, 0);
    assert.ok(identical(first.out, js.out), 'resident = JavaScript loops');
    assert.ok(identical(again, js.out), 'after another operator');
    assert.ok(identical(afterFft, js.out), 'after another FFT');
    assert.ok(identical(other, normal(q.A, p.x, team).out), "the other operator's maps");
    assert.ok(!identical(other, js.out), 'the two operators differ');
  });

  it('the adjoint too (40x30, 3 coils, three parts): one region per part, bit for bit; a normal after it uses the maps it uploaded', () => {
    const team = soloTeam(3);
    const p = problem(40, 30, 3, 6, team);
    const r = createRng(7);
    const y = Float64Array.from({ length: 2 * p.A.rows }, () => r.normal());
    const adjoint = () => {
      const w = fftWasm();
      const before = w?.regionCount() ?? 0;
      return {
        out: p.A.adjoint(y, new Float64Array(2 * p.n)).slice(),
        regions: (w?.regionCount() ?? 0) - before,
      };
    };
    const first = adjoint();
    const second = adjoint();
    assert.equal(second.regions, 3);
    const n1 = normal(p.A, p.x, team).out;
    setFftWasm(false);
    const js = adjoint();
    assert.ok(identical(first.out, js.out) && identical(second.out, js.out));
    assert.ok(identical(n1, normal(p.A, p.x, team).out));
  });

  it('an image over 2^17 pixels (8 x 20000) takes the JavaScript loops: two regions per coil, the same result as without SIMD', () => {
    const team = soloTeam(2);
    const p = problem(8, 20000, 2, 5, team);
    const simd = normal(p.A, p.x, team);
    assert.equal(normal(p.A, p.x, team).regions, 4);
    setFftWasm(false);
    assert.ok(identical(simd.out, normal(p.A, p.x, team).out));
  });
});
