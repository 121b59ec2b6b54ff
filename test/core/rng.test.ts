import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { detExp, detLog } from '../../src/core/rng/detmath.ts';
import { createRng, mix64, Rng, type SparseModel } from '../../src/core/rng/index.ts';
import { NORMAL_CHUNK, normalWasmEnabled, setNormalWasm } from '../../src/core/rng/wasm-normal.ts';
import { ZIG_F, ZIG_K, ZIG_W } from '../../src/core/rng/ziggurat.ts';

interface Stream {
  ids: number[];
  uint64: string[];
  uint32: number[];
  uniform: number[];
  normal: number[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/core_rng.json', import.meta.url), 'utf8')) as {
  seed: number;
  seed42_uint64: string[];
  streams: Record<string, Stream>;
  rare: { ids: number[]; tail: number; wedge: number; normal: number[] };
  int: { ids: number[]; values: Record<string, number[]> };
  permutation: { ids: number[]; n: number; value: number[] };
  sample: { ids: number[]; n: number; k: number; value: number[] }[];
  rademacher: { ids: number[]; value: number[] };
  sparse: { ids: number[]; model: SparseModel; n: number; k: number; support: number[]; value: number[] }[];
  tables: { K: number[]; W: number[]; F: number[] };
};
const SEED = fx.seed;

describe('rng: golden values from the independent Python implementation', () => {
  it('xoshiro256** reproduces the published outputs from the state {1, 2, 3, 4}', () => {
    const r = new Rng(Int32Array.of(0, 1, 0, 2, 0, 3, 0, 4));
    const got = Array.from({ length: 10 }, () => r.nextUint64());
    assert.deepEqual(got, [
      11520n,
      0n,
      1509978240n,
      1215971899390074240n,
      1216172134540287360n,
      607988272756665600n,
      16172922978634559625n,
      8476171486693032832n,
      10595114339597558777n,
      2904607092377533576n,
    ]);
  });

  it('mix64 is the SplitMix64 finaliser (published outputs for seed 1234567)', () => {
    const g = 0x9e3779b97f4a7c15n;
    const m = (1n << 64n) - 1n;
    const got = [1n, 2n, 3n].map((j) => mix64((1234567n + j * g) & m));
    assert.deepEqual(got, [6457827717110365317n, 3203168211198807973n, 9817491932198370423n]);
  });

  it('createRng(42) is xoshiro256** seeded by SplitMix64(42)', () => {
    const r = createRng(42);
    assert.deepEqual(
      fx.seed42_uint64.map(() => r.nextUint64()),
      fx.seed42_uint64.map(BigInt),
    );
  });

  for (const [name, s] of Object.entries(fx.streams)) {
    it(`stream (${name}): nextUint64, nextUint32, uniform and normal match bit for bit`, () => {
      const mk = () => createRng(SEED, ...s.ids);
      const a = mk();
      assert.deepEqual(
        s.uint64.map(() => a.nextUint64()),
        s.uint64.map(BigInt),
      );
      const b = mk();
      assert.deepEqual(
        s.uint32.map(() => b.nextUint32()),
        s.uint32,
      );
      const c = mk();
      assert.deepEqual(
        s.uniform.map(() => c.uniform()),
        s.uniform,
      );
      const d = mk();
      assert.deepEqual(
        s.normal.map(() => d.normal()),
        s.normal,
      );
      assert.deepEqual(Array.from(mk().fillNormal(new Float64Array(s.normal.length))), s.normal);
    });
  }

  it('the ziggurat tables have the same bits as the Python tables', () => {
    assert.deepEqual(Array.from(ZIG_K), fx.tables.K);
    assert.deepEqual(Array.from(ZIG_W), fx.tables.W);
    assert.deepEqual(Array.from(ZIG_F), fx.tables.F);
  });

  it(`normals through the wedge (${fx.rare.wedge}x) and tail (${fx.rare.tail}x) paths match, single and bulk`, () => {
    const r = createRng(SEED, ...fx.rare.ids);
    assert.deepEqual(
      fx.rare.normal.map(() => r.normal()),
      fx.rare.normal,
    );
    const bulk = createRng(SEED, ...fx.rare.ids).fillNormal(new Float64Array(fx.rare.normal.length));
    assert.deepEqual(Array.from(bulk), fx.rare.normal);
    assert.ok(fx.rare.normal.some((v) => Math.abs(v) > 3.6541528853610088), 'fixture contains a tail sample');
  });

  it('int(n) matches Lemire (n <= 2^32) and 53-bit rejection (n > 2^32)', () => {
    const r = createRng(SEED, ...fx.int.ids);
    for (const [n, vals] of Object.entries(fx.int.values)) {
      assert.deepEqual(
        vals.map(() => r.int(Number(n))),
        vals,
        `n = ${n}`,
      );
    }
  });

  it('permutation, sampleWithoutReplacement (both set representations) and fillRademacher match', () => {
    assert.deepEqual(Array.from(createRng(SEED, ...fx.permutation.ids).permutation(fx.permutation.n)), fx.permutation.value);
    for (const s of fx.sample) {
      const out = createRng(SEED, ...s.ids).sampleWithoutReplacement(s.n, s.k, new Int32Array(s.k));
      assert.deepEqual(Array.from(out), s.value, `n = ${s.n}, k = ${s.k}`);
    }
    const rad = createRng(SEED, ...fx.rademacher.ids).fillRademacher(new Float64Array(fx.rademacher.value.length));
    assert.deepEqual(Array.from(rad), fx.rademacher.value);
  });

  for (const s of fx.sparse) {
    it(`sparseVector '${s.model}' matches (support and amplitudes)`, () => {
      const supp = new Int32Array(s.k);
      const x = createRng(SEED, ...s.ids).sparseVector(s.n, s.k, s.model, new Float64Array(s.n).fill(7), supp);
      assert.deepEqual(Array.from(supp), s.support);
      assert.deepEqual(Array.from(x), s.value);
    });
  }
});

describe('rng: the WebAssembly fillNormal path equals the JavaScript path bit for bit', () => {
  /** fillNormal with the WebAssembly path on or off, and the next uniform (the state afterwards). */
  const draw = (wasm: boolean, n: number, seed: number, mean: number, std: number) => {
    setNormalWasm(wasm);
    try {
      const r = createRng(seed, 3);
      const x = r.fillNormal(new Float64Array(n), mean, std);
      return { x, next: r.uniform() };
    } finally {
      setNormalWasm(true);
    }
  };

  it('the runtime here has the WebAssembly path (else the comparisons below compare JS with JS)', () => {
    assert.equal(normalWasmEnabled(), true);
  });

  for (const n of [64, 65, 1000, NORMAL_CHUNK, NORMAL_CHUNK + 1, 3 * NORMAL_CHUNK + 17]) {
    it(`n = ${n}: same samples (rare wedge/tail draws included) and the same state afterwards`, () => {
      for (const seed of [1, 2, 3]) {
        const a = draw(true, n, seed, 0.25, 1.5);
        const b = draw(false, n, seed, 0.25, 1.5);
        assert.deepEqual(a.x, b.x);
        assert.equal(a.next, b.next);
      }
    });
  }

  it('the golden rare-draw fixture through the JavaScript path alone', () => {
    setNormalWasm(false);
    try {
      const bulk = createRng(SEED, ...fx.rare.ids).fillNormal(new Float64Array(fx.rare.normal.length));
      assert.deepEqual(Array.from(bulk), fx.rare.normal);
    } finally {
      setNormalWasm(true);
    }
  });
});

describe('rng: reproducibility and streams', () => {
  it('the same (seed, ids) gives the same stream; bigint and number seeds agree', () => {
    const a = createRng(123, 4, 5).fillNormal(new Float64Array(1000));
    const b = createRng(123n, 4n, 5).fillNormal(new Float64Array(1000));
    assert.deepEqual(a, b);
  });

  it('different ids, id order or id count give different streams', () => {
    const first = (r: Rng) => [r.nextUint64(), r.nextUint64()].join(',');
    const keys = [
      first(createRng(1)),
      first(createRng(1, 0)),
      first(createRng(1, 0, 0)),
      first(createRng(1, 3, 7)),
      first(createRng(1, 7, 3)),
      first(createRng(1, 3, 8)),
      first(createRng(2, 3, 7)),
    ];
    assert.equal(new Set(keys).size, keys.length);
  });

  it('seeds up to 2^64 - 1 are accepted and distinct from their low 53 bits', () => {
    const big = createRng((1n << 64n) - 1n).nextUint64();
    const low = createRng(Number.MAX_SAFE_INTEGER).nextUint64();
    assert.notEqual(big, low);
  });

  it('clone() continues the same stream independently', () => {
    const r = createRng(9);
    r.normal();
    const c = r.clone();
    assert.deepEqual(r.fillNormal(new Float64Array(50)), c.fillNormal(new Float64Array(50)));
  });

  it('bulk fills equal repeated single calls (fillNormal with mean/std, fillUniform with lo/hi)', () => {
    const a = createRng(77).fillNormal(new Float64Array(5000), 2, 3);
    const r = createRng(77);
    assert.deepEqual(
      Array.from(a),
      Array.from(a, () => 2 + 3 * r.normal()),
    );
    const u = createRng(78).fillUniform(new Float64Array(100), -1, 3);
    const q = createRng(78);
    assert.deepEqual(
      Array.from(u),
      Array.from(u, () => -1 + 4 * q.uniform()),
    );
  });

  it('detExp and detLog stay within 1 ulp of Math.exp and Math.log', () => {
    const r = createRng(5);
    for (let i = 0; i < 20000; i++) {
      const x = -40 + 80 * r.uniform();
      const e = Math.exp(x);
      assert.ok(Math.abs(detExp(x) - e) <= 2.3e-16 * e, `exp(${x})`);
      const y = Math.exp(x);
      const l = Math.log(y);
      assert.ok(Math.abs(detLog(y) - l) <= 2.3e-16 * Math.abs(l) || detLog(y) === l, `log(${y})`);
    }
    assert.equal(detExp(0), 1);
    assert.equal(detLog(1), 0);
    assert.equal(detExp(-800), 0);
    assert.ok(Number.isNaN(detLog(-1)));
  });
});

describe('rng: bad input', () => {
  const seedMsg = (what: string, got: string) =>
    `createRng: ${what}: expected a non-negative safe integer or a bigint in [0, 2^64), got ${got}`;
  it('rejects bad seeds and stream ids', () => {
    assert.throws(() => createRng(-1), { name: 'CandorError', message: seedMsg('seed', '-1') });
    assert.throws(() => createRng(1.5), { message: seedMsg('seed', '1.5') });
    assert.throws(() => createRng(Number.NaN), { message: seedMsg('seed', 'NaN') });
    assert.throws(() => createRng(2 ** 53), { message: seedMsg('seed', '9007199254740992') });
    assert.throws(() => createRng(1n << 64n), { message: seedMsg('seed', '18446744073709551616n') });
    assert.throws(() => createRng('7' as unknown as number), { message: seedMsg('seed', '"7"') });
    assert.throws(() => createRng(1, 2, -3), { message: seedMsg('stream id 1', '-3') });
  });

  it('rejects bad arguments to the samplers', () => {
    const r = createRng(1);
    assert.throws(() => r.int(0), { message: 'int: n: expected an integer in [1, 9007199254740992], got 0' });
    assert.throws(() => r.int(2.5), { message: 'int: n: expected an integer in [1, 9007199254740992], got 2.5' });
    assert.throws(() => r.fillNormal(new Float64Array(2), 0, -1), {
      message: 'fillNormal: std: expected a finite number >= 0, got -1',
    });
    assert.throws(() => r.fillNormal(new Float64Array(2), Number.NaN), {
      message: 'fillNormal: mean: expected a finite number, got NaN',
    });
    assert.throws(() => r.fillNormal([0, 0] as unknown as Float64Array), {
      message: 'fillNormal: out: expected a Float64Array, got array of length 2',
    });
    assert.throws(() => r.fillUniform(new Float64Array(2), 1, 0), {
      message: 'fillUniform: hi: expected a finite number >= 1, got 0',
    });
    assert.throws(() => r.fillComplexNormal(new Float64Array(3)), {
      message: 'fillComplexNormal: out length: expected an even length (interleaved re/im), got 3',
    });
    assert.throws(() => r.sampleWithoutReplacement(5, 6, new Int32Array(6)), {
      message: 'sampleWithoutReplacement: k: expected an integer in [0, 5], got 6',
    });
    assert.throws(() => r.sampleWithoutReplacement(10, 3, new Int32Array(2)), {
      message: 'sampleWithoutReplacement: out length: expected at least k = 3, got 2',
    });
    assert.throws(() => r.permutation(-1), { message: 'permutation: n: expected an integer in [0, 2147483647], got -1' });
    assert.throws(() => r.sparseVector(10, 2, 'binary' as SparseModel, new Float64Array(10)), {
      message: "sparseVector: model: expected one of 'signed', 'gaussian', 'nonneg', 'nonneg-gaussian', got \"binary\"",
    });
    assert.throws(() => r.sparseVector(10, 2, 'signed', new Float64Array(9)), {
      message: 'sparseVector: out length: expected 10, got 9',
    });
    assert.throws(() => new Rng(new Int32Array(8)), {
      message: 'Rng: state: expected an Int32Array of 8 halves, not all zero, got Int32Array of length 8',
    });
  });
});
