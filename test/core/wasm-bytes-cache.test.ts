/**
 * The store of assembled WebAssembly modules (src/core/wasm/bytes-cache.ts) and the command's
 * file-backed one (src/experiments/node/wasm-cache.ts; the installed package's dist/wasm/ is covered by
 * the package check, test/package): bytes assembled once and stored, given
 * back on the next call without assembling; invalid stored bytes, a stored module whose digest
 * does not match, a directory or an oversized file assembled again (and replaced); a
 * failing store ignored; no store at all (the browser) assembles every time; the FFT's module
 * from a warm cache transforms exactly as a freshly assembled one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, afterEach, describe, it } from 'node:test';
import { assemble } from '../../src/core/fft/wasm.ts';
import { moduleBytes, type WasmBytesCache } from '../../src/core/wasm/bytes-cache.ts';
import { bundleDir, distWasmDir, installWasmCache, moduleFile } from '../../src/experiments/node/wasm-cache.ts';

const g = globalThis as { __candorWasmCache?: WasmBytesCache };
const dir = mkdtempSync(join(tmpdir(), 'candor-wasm-cache-'));
afterEach(() => {
  delete g.__candorWasmCache;
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('assembled WebAssembly modules kept between processes', () => {
  it('assembles once into the files beside the bundle, then reads them back without assembling', () => {
    installWasmCache(pathToFileURL(`${dir}/`));
    let made = 0;
    const make = () => {
      made++;
      return assemble();
    };
    const first = moduleBytes('fft', make);
    assert.equal(made, 1);
    // the file: the bytes' SHA-256, then the bytes
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'fft.wasm'))), moduleFile(first));
    const again = moduleBytes('fft', make);
    assert.equal(made, 1);
    assert.deepEqual(again, first);
  });

  it('assembles again and replaces stored bytes that do not validate', () => {
    installWasmCache(pathToFileURL(`${dir}/`));
    writeFileSync(join(dir, 'broken.wasm'), Buffer.from('not a module'));
    let made = 0;
    const bytes = moduleBytes('broken', () => {
      made++;
      return assemble();
    });
    assert.equal(made, 1);
    assert.ok(WebAssembly.validate(bytes));
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'broken.wasm'))), moduleFile(bytes));
  });

  it('never uses a stored module whose digest does not match (one flipped bit that still validates), nor a file that is not a small regular one', () => {
    installWasmCache(pathToFileURL(`${dir}/`));
    const good = assemble();
    const file = moduleFile(good);
    // f64x2.add -> f64x2.sub somewhere in the body: still a valid module, wrong numbers
    const at = 32 + good.indexOf(0xf0, 2000);
    file[at] ^= 1;
    assert.ok(WebAssembly.validate(file.subarray(32)));
    writeFileSync(join(dir, 'flipped.wasm'), file);
    mkdirSync(join(dir, 'adir.wasm'));
    writeFileSync(join(dir, 'huge.wasm'), '');
    truncateSync(join(dir, 'huge.wasm'), 512 << 20); // sparse: nothing is read
    for (const name of ['flipped', 'adir', 'huge']) {
      let made = 0;
      const bytes = moduleBytes(name, () => {
        made++;
        return good;
      });
      assert.equal(made, 1, name);
      assert.deepEqual(bytes, good, name);
    }
    // the flipped file is replaced by a good one
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'flipped.wasm'))), moduleFile(good));
  });

  it('ignores a store that throws, and assembles every time without one (the browser)', () => {
    g.__candorWasmCache = {
      get: () => {
        throw new Error('unreadable');
      },
      set: () => {
        throw new Error('read-only');
      },
    };
    let made = 0;
    const make = () => {
      made++;
      return assemble();
    };
    assert.ok(WebAssembly.validate(moduleBytes('fft', make)));
    delete g.__candorWasmCache;
    moduleBytes('fft', make);
    moduleBytes('fft', make);
    assert.equal(made, 3);
  });

  it('a cached FFT module is the assembled one, byte for byte (the cache is keyed by the bundle of the sources)', () => {
    installWasmCache(pathToFileURL(`${dir}/`));
    moduleBytes('fft2', assemble);
    assert.deepEqual(moduleBytes('fft2', () => new Uint8Array(0)), assemble());
  });

  it("bundleDir / distWasmDir: the bundle's directory, the installed package's dist/wasm/; the sources under tsx give none", () => {
    const u = 'file:///repo/node_modules/.cache/candor/cli-0123abcd/team-worker.mjs';
    assert.equal(bundleDir(u)?.href, 'file:///repo/node_modules/.cache/candor/cli-0123abcd/');
    assert.equal(bundleDir('file:///pkg/dist/experiments/node/team-worker.js')?.href, 'file:///pkg/dist/wasm/');
    assert.equal(bundleDir('file:///repo/src/experiments/node/team-worker.ts'), null);
    assert.equal(bundleDir(undefined), null);
    assert.equal(distWasmDir('file:///pkg/dist/cli/main.js')?.href, 'file:///pkg/dist/wasm/');
    assert.equal(distWasmDir('file:///repo/src/cli/main.ts'), null);
  });
});
