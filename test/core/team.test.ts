/**
 * Teams (src/core/parallel/team.ts): parts cover their items, sums are added in part order, a
 * thread team computes exactly what the solo team does, the split transforms (2-D FFT columns
 * and rows, Haar steps, the partial DFT) equal the whole ones, and misuse gets a clear error.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { maxAbs, maxAbsDiff } from '../apps/mri/helpers.ts';
import { fft2Plan } from '../../src/core/fft/fft2.ts';
import { C_DONE, C_SEQ, partRange, partRangeComplex, registerKernel, soloTeam, type Team, teamScope } from '../../src/core/parallel/team.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { Haar2AnyPlan } from '../../src/core/wavelets/haar-any.ts';
import { partialDft2 } from '../../src/linops/fourier.ts';
import { startTeam } from '../../src/experiments/node/team-threads.ts';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { hostTeam, teamShared } from '../../src/core/parallel/host.ts';

function randomArray(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

/** Largest difference relative to the largest entry of the reference b. */
const maxRel = (a: Float64Array, b: Float64Array) => maxAbsDiff(a, b) / maxAbs(b);

registerKernel('test.sum', ({ part, parts, arrays, out, o }) => {
  const a = arrays[0] as Float64Array;
  const [lo, hi] = partRange(a.length, part, parts);
  let s = 0;
  for (let i = lo; i < hi; i++) s += a[i];
  out[o] = s;
});

describe('parts', () => {
  it('partRange splits n items into P contiguous ranges that cover them, the first n mod P one longer', () => {
    for (const [n, P] of [
      [10, 3],
      [2, 5],
      [0, 2],
      [320, 2],
    ]) {
      let next = 0;
      for (let p = 0; p < P; p++) {
        const [lo, hi] = partRange(n, p, P);
        assert.equal(lo, next);
        assert.equal(hi - lo, Math.floor(n / P) + (p < n % P ? 1 : 0));
        next = hi;
      }
      assert.equal(next, n);
    }
    assert.deepEqual(partRangeComplex(10, 1, 2), [6, 10]); // 5 complex entries: 3 + 2
  });

  it('a solo team adds the parts in order: (1 + 2) + (3 + 4), and 0.1 + 0.2 + 0.3 as (0.1 + 0.2) + 0.3 with 2 parts of 3', () => {
    const t = soloTeam(2);
    const a = t.f64(4);
    a.set([1, 2, 3, 4]);
    t.run('test.sum', [a]);
    assert.equal(t.sums[0], 10);
    const b = t.f64(3);
    b.set([0.1, 0.2, 0.3]);
    t.run('test.sum', [b]);
    assert.equal(t.sums[0], 0.1 + 0.2 + 0.3);
    const t3 = soloTeam(3);
    const c = t3.f64(3);
    c.set([1e16, 1, -1e16]);
    t3.run('test.sum', [c]);
    assert.equal(t3.sums[0], 1e16 + 1 - 1e16); // = 0: the parts' order, not a compensated sum
  });

  it('misuse: an unknown kernel, an array not from the team, bad parts', () => {
    const t = soloTeam();
    assert.throws(() => t.run('no.such', []), /team: kernel: expected a registered kernel \(.*test\.sum.*\), got "no.such"/);
    assert.throws(() => soloTeam(0), /soloTeam: parts: expected an integer in \[1, 64\] \(at least the thread count 1\), got 0/);
    assert.throws(() => t.run('test.sum', new Array(13).fill(t.f64(1))), /at most 12 arrays and 16 scalars, got 13 and 0/);
  });
});

describe('split transforms equal the whole ones', () => {
  it('2-D FFT: columns then rows over any split = exec (SIMD and JavaScript lengths, odd and prime sides)', () => {
    for (const [ny, nx] of [
      [320, 320],
      [230, 180],
      [5, 7],
      [17, 64],
    ]) {
      const p = fft2Plan(ny, nx);
      const x = randomArray(2 * ny * nx, ny);
      const whole = new Float64Array(x.length);
      p.exec(x, 0, whole, 0, false);
      const split = new Float64Array(x.length);
      for (const P of [1, 2, 3]) {
        for (let q = 0; q < P; q++) p.columns(x, split, ...partRange(nx, q, P), false);
        for (let q = 0; q < P; q++) p.rows(split, ...partRange(ny, q, P), false);
        assert.ok(maxRel(split, whole) <= 1e-14, `${ny}x${nx} in ${P} parts: ${maxRel(split, whole)}`);
      }
      // the inverse, in place
      const back = whole.slice();
      p.columns(back, back, 0, nx, true);
      p.rows(back, 0, ny, true);
      for (let i = 0; i < back.length; i++) back[i] /= ny * nx;
      assert.ok(maxRel(back, x) <= 1e-13);
    }
  });

  it('Haar of any size: its steps over items split in 3 parts = analysis and synthesis, exactly', () => {
    for (const [ny, nx] of [
      [320, 320],
      [230, 180],
      [31, 17],
    ]) {
      const p = new Haar2AnyPlan(ny, nx);
      const x = randomArray(2 * ny * nx, nx);
      const c = p.analysis(x, new Float64Array(x.length), 5, 3);
      const c3 = new Float64Array(x.length);
      for (let i = 0; i < p.steps.length; i++) for (let q = 0; q < 3; q++) p.step(i, false, x, c3, 5, 3, ...partRange(p.steps[i].items, q, 3));
      assert.deepEqual(c3, c);
      const out = new Float64Array(x.length);
      for (let i = p.steps.length - 1; i >= 0; i--) for (let q = 0; q < 3; q++) p.step(i, true, c3, out, 5, 3, ...partRange(p.steps[i].items, q, 3));
      assert.ok(maxRel(out, x) <= 1e-14);
    }
  });
});

describe('a thread team', () => {
  let team: Team;
  after(() => team?.close());

  it('starts two threads whose sums and partial DFT equal the solo team, bit for bit', async () => {
    team = await startTeam({ threads: 2 });
    assert.equal(team.threads, 2);
    assert.equal(team.parts, 2);
    const solo = soloTeam(2);
    const data = randomArray(100_001, 3);
    const a = team.f64(data.length);
    a.set(data);
    const b = solo.f64(data.length);
    b.set(data);
    team.run('fista.distance', [a, team.f64(data.length)]);
    solo.run('fista.distance', [b, solo.f64(data.length)]);
    assert.equal(team.sums[0], solo.sums[0]);
    // the centred partial DFT on the team = the plain operator (same arithmetic per sample)
    const ny = 230;
    const nx = 180;
    const mask = new Uint8Array(ny * nx);
    const rng = createRng(4);
    for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() < 0.3 ? 1 : 0;
    const scope = teamScope(team);
    const At = partialDft2(ny, nx, mask, { centered: true, team: scope });
    const A = partialDft2(ny, nx, mask, { centered: true });
    const x = randomArray(2 * ny * nx, 5);
    const xt = scope.f64(x.length);
    xt.set(x);
    const yt = At.apply(xt, scope.f64(2 * A.rows));
    const y = A.apply(x, new Float64Array(2 * A.rows));
    assert.ok(maxRel(yt, y) <= 1e-14, `apply ${maxRel(yt, y)}`);
    const zt = At.adjoint(yt, scope.f64(x.length));
    const z = A.adjoint(y, new Float64Array(x.length));
    assert.ok(maxRel(zt, z) <= 1e-14, `adjoint ${maxRel(zt, z)}`);
    // arrays the team does not share run on the calling thread: the one-thread operator's result
    assert.deepEqual(At.apply(x, new Float64Array(2 * A.rows)), y);
    scope.close();
    assert.equal(scope.owns(xt), false);
  });

  it('a kernel error in a run is reported and the team keeps working', () => {
    const a = team.f64(8);
    // step 99 of a plan with 9 steps: both threads fail
    assert.throws(() => team.run('haar.step', [a, team.f64(8)], 2, 2, 1, 1, 99, 0, 0, 0), TypeError);
    team.run('fista.distance', [a, team.f64(8)]);
    assert.equal(team.sums[0], 0);
    // a kernel this test file registered exists in the calling thread only: the worker's part fails
    assert.throws(
      () => team.run('test.sum', [a]),
      /team\.run\(test\.sum\): worker thread: expected its part to run, got an error: kernel "test\.sum" is not registered in the team's threads \(they load the modules src\/solvers\/team-kernels\.ts imports\)$/,
    );
    team.run('fista.distance', [a, team.f64(8)]);
    assert.equal(team.sums[0], 0);
    // again: the same clear message, not an unknown id
    assert.throws(() => team.run('test.sum', [a]), /kernel "test\.sum" is not registered in the team's threads/);
    // freed arrays come back zeroed for the next allocation of their length, and are refused meanwhile
    const b = team.f64(8);
    b.fill(3);
    team.free(b);
    assert.throws(() => team.run('fista.distance', [b, a]), /array 0: expected an array from this team's f64 or i32/);
    const c = team.f64(8);
    assert.equal(c, b);
    assert.deepEqual([...c], new Array(8).fill(0));
    assert.throws(() => team.run('fista.distance', [a, new Float64Array(8)]), /team\.run\(fista\.distance\): array 1: expected an array from this team's f64 or i32 \(shared with its threads\), got another array/);
  });

  it('a stray wake-up is not a run: a notify that comes after the worker went back to sleep leaves it asleep', async () => {
    // the worker of startTeam, driven here through a control block this test holds: the caller's
    // notify of a run can reach a worker that already saw the bump, did the run and slept again
    const shared = teamShared(2, 2);
    const w = new Worker(new URL('../../src/experiments/node/worker-entry.mjs', import.meta.url), {
      workerData: { entry: new URL('../../src/experiments/node/team-worker.ts', import.meta.url).href },
      execArgv: [],
    });
    const next = () => new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await next(); // 'loaded'
    const reg = new MessageChannel();
    const fail = new MessageChannel();
    const ready = next();
    w.postMessage({ shared: { ...shared, member: 1 }, port: reg.port2, failures: fail.port2 }, [reg.port2, fail.port2]);
    await ready;
    const t = hostTeam({
      threads: 2,
      parts: 2,
      shared,
      post: (m) => reg.port1.postMessage(m),
      receiveFailure: () => receiveMessageOnPort(fail.port1)?.message as string | undefined,
      close: () => {
        reg.port1.close();
        fail.port1.close();
        void w.terminate();
      },
    });
    const ctl = new Int32Array(shared.control);
    const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    try {
      const n = 1000;
      const a = t.f64(n);
      const ax = t.f64(n);
      const az = t.f64(n);
      for (let round = 0; round < 3; round++) {
        a.fill(round + 1);
        ax.fill(0);
        // az = a + 0.5 (a - ax), ax = a: a second run would give az = a in the worker's half
        t.run('fista.momentumData', [a, ax, az], 0.5);
        pause(20); // the worker has spun out and sleeps on the sequence word
        Atomics.notify(ctl, C_SEQ);
        pause(50);
        assert.equal(Atomics.load(ctl, C_DONE), 1, `round ${round}: the worker counted a run nobody started`);
        assert.deepEqual([...new Set(az)], [1.5 * (round + 1)], `round ${round}: az was recomputed`);
      }
      // and the team still works
      t.run('fista.distance', [a, az]);
      assert.equal(t.sums[0], n * (1.5 * 3 - 3) ** 2);
    } finally {
      t.close();
    }
  });

  it('a closed team refuses work', () => {
    const t = team;
    t.close();
    assert.throws(() => t.run('fista.distance', []), /team\.run\(fista\.distance\): team: expected an open team, got a closed one/);
  });

  it('rejects a bad thread count', async () => {
    await assert.rejects(startTeam({ threads: 0 }), /startTeam: threads: expected an integer in \[1, 64\], got 0/);
    await assert.rejects(startTeam({ threads: 2, parts: 1 }), /startTeam: parts: expected an integer in \[2, 64\] \(at least the thread count 2\), got 1/);
  });
});
