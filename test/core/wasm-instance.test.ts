/**
 * src/core/wasm/instance.ts: a refused instance (here a memory that cannot grow to 8 GiB) makes
 * the next 256 requests return null at once (the callers keep their JavaScript kernels, which give
 * the same numbers), then instances are made again; bytes that do not compile give null.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { END, funcBody, wasmModule } from '../../src/core/wasm/asm.ts';
import { compileWasm, instantiateWithMemory } from '../../src/core/wasm/instance.ts';

it('a refusal skips the next 256 requests, then instances are made again; bad bytes compile to null', () => {
  const mod = compileWasm(() => wasmModule(0, [{ name: 'noop', body: funcBody(0, 0, [END]) }]));
  assert.ok(mod !== null);
  const ok = instantiateWithMemory<{ noop: () => void }>(mod, 1 << 20);
  assert.ok(ok !== null && ok.mem.buffer.byteLength >= 1 << 20);
  assert.equal(instantiateWithMemory(mod, 2 ** 33), null, 'a memory past the 4 GiB of wasm32 is refused');
  let nulls = 0;
  while (instantiateWithMemory(mod, 1 << 16) === null) nulls++;
  assert.equal(nulls, 256);
  assert.equal(compileWasm(() => Uint8Array.of(0, 97, 115, 109, 9)), null);
});
