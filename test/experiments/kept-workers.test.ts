import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stopIdleWorkers } from '../../src/experiments/node/executor.ts';
import { runSweep } from '../../src/experiments/node/run-sweep.ts';
import { Store } from '../../src/experiments/node/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-kept-'));
after(async () => {
  await stopIdleWorkers();
  rmSync(dir, { recursive: true, force: true });
});

const spec = (seed: number) => ({ n: 60, delta: [0.5], rho: [0.2], trials: 40, solver: 'bp-homotopy', seed });

function rows(path: string) {
  const s = Store.open(path, { readonly: true });
  try {
    return s.trials(s.sweeps()[0].id).map((t) => [t.cell, t.trial, t.error, t.success, t.iterations, t.stopReason]);
  } finally {
    s.close();
  }
}

describe('worker threads kept between runs', () => {
  it('a later run of the same kind takes the kept thread (a new spec, the same rows as the calling thread alone)', async () => {
    // the first run must start a thread: no calling-thread help, so every trial runs on it
    const a = await runSweep(spec(1), { store: join(dir, 'a.db'), workers: 1, mainThreadHelps: false });
    assert.equal(a.ranOnWorkers, 40);
    // 40 quick trials: alone, the first batch's estimate would keep them on the calling thread;
    // with a kept thread at hand, it runs some, under another seed than the thread was started with
    const b = await runSweep(spec(2), { store: join(dir, 'b.db'), workers: 2 });
    assert.ok(b.ranOnWorkers > 0, `the kept thread ran ${b.ranOnWorkers} of 40 trials`);
    const ref = await runSweep(spec(2), { store: join(dir, 'ref.db'), workers: 1 });
    assert.equal(ref.ranOnWorkers, 0);
    assert.deepEqual(rows(join(dir, 'b.db')), rows(join(dir, 'ref.db')));
    assert.notDeepEqual(rows(join(dir, 'a.db')), rows(join(dir, 'b.db')));
  });

  it('after stopIdleWorkers a small run stays on the calling thread (no thread is started for it)', async () => {
    await runSweep(spec(3), { store: join(dir, 'c.db'), workers: 1, mainThreadHelps: false });
    await stopIdleWorkers();
    const d = await runSweep(spec(3), { store: join(dir, 'd.db'), workers: 2 });
    assert.equal(d.ranOnWorkers, 0);
    assert.deepEqual(rows(join(dir, 'd.db')), rows(join(dir, 'c.db')));
  });

  it('kept threads do not hold the process open: a process ends as soon as its sweep does', () => {
    const file = join(dir, 'one-sweep.mts');
    const src = new URL('../../src/experiments/node/run-sweep.ts', import.meta.url).href;
    writeFileSync(
      file,
      `import { runSweep } from '${src}';\n` +
        "const r = await runSweep({ n: 60, delta: [0.5], rho: [0.2], trials: 40, solver: 'bp-homotopy', seed: 4 }, { store: ':memory:', workers: 1, mainThreadHelps: false });\n" +
        'console.log(r.ranOnWorkers);\n',
    );
    // a kept thread holding the process open would keep it for the 30 s idle time: killed at 25 s
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 25000 });
    assert.equal(r.signal, null, 'the process was still running after 25 s');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '40');
  });
});
