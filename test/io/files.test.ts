import assert from 'node:assert/strict';
import {
  closeSync,
  existsSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { NdArray } from '../../src/io/ndarray.ts';
import { sniffFormat } from '../../src/io/sniff.ts';
import { writeFileAtomic, writeFilesAtomic } from '../../src/io/node/files.ts';
import {
  cflAllZero,
  readArrayFile,
  readCflFiles,
  readNpyFile,
  readPngFile,
  writeCflFiles,
  writeNpyFile,
  writePngFile,
} from '../../src/io/node/formats.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-io-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const img: NdArray = { shape: [2, 3], data: Float64Array.of(0, 1, 2, 3, 4, 5), complex: false };

describe('browser safety', () => {
  it('the byte-level parsers in src/io/*.ts import no node: module (Node helpers live in src/io/node/)', () => {
    const src = new URL('../../src/io/', import.meta.url);
    const files = readdirSync(src).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length >= 7);
    for (const f of files) {
      const text = readFileSync(new URL(f, src), 'utf8');
      assert.equal(/from\s+['"](node:|fs['"]|path['"])/.test(text), false, f);
    }
  });
});

describe('file round trips', () => {
  it('writes and reads NPY, CFL and PNG by path; readArrayFile picks the format by extension', () => {
    writeNpyFile(join(dir, 'a.npy'), img);
    writeCflFiles(join(dir, 'a'), img);
    writePngFile(join(dir, 'a.png'), img);
    assert.deepEqual(readNpyFile(join(dir, 'a.npy')).data, img.data);
    assert.deepEqual(readArrayFile(join(dir, 'a.npy')).data, img.data);
    const c = readCflFiles(join(dir, 'a.cfl'));
    assert.deepEqual(c.shape, [2, 3]);
    assert.deepEqual(Array.from(c.data), [0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0]);
    assert.deepEqual(readArrayFile(join(dir, 'a.hdr')).shape, [2, 3]);
    assert.deepEqual(
      Array.from(readPngFile(join(dir, 'a.png'), { scale: 'levels' }).data),
      [0, 51, 102, 153, 204, 255],
    );
    assert.deepEqual(readArrayFile('../shared/data/mri/pydicom_MR_small.dcm').shape, [64, 64]);
    assert.deepEqual(readArrayFile('../shared/data/mri/nibabel_example4d.nii.gz').shape, [128, 96, 24, 2]);
    assert.deepEqual(readdirSync(dir).sort(), ['a.cfl', 'a.hdr', 'a.npy', 'a.png']);
  });
  it('a name without a known extension (a pipe, a copy named .bin) is read by its signature: the same array as by name', () => {
    const files = [join(dir, 'a.npy'), join(dir, 'a.png'), '../shared/data/mri/pydicom_MR_small.dcm', '../shared/data/mri/nibabel_example4d.nii.gz'];
    const kinds = ['.npy', '.png', '.dcm', '.nii.gz'];
    for (const [i, f] of files.entries()) {
      const bytes = new Uint8Array(readFileSync(f));
      assert.equal(sniffFormat(bytes), kinds[i], f);
      const copy = join(dir, `sniffed-${i}.bin`);
      writeFileSync(copy, bytes);
      const a = readArrayFile(f);
      const b = readArrayFile(copy);
      assert.deepEqual(b.shape, a.shape);
      assert.deepEqual(b.data, a.data);
    }
    // the uncompressed NIfTI header (sizeof_hdr 348, magic n+1 at 344) and a FITS first card
    const nii = new Uint8Array(352);
    new DataView(nii.buffer).setInt32(0, 348, true);
    nii.set([0x6e, 0x2b, 0x31, 0], 344);
    assert.equal(sniffFormat(nii), '.nii');
    assert.equal(sniffFormat(new Uint8Array(readFileSync('../shared/data/astro/pyuvdata_vlba_mojave.uvfits'))), '.fits');
    assert.equal(sniffFormat(Uint8Array.from({ length: 400 }, (_, i) => (i * 37) % 256)), null);
    assert.equal(sniffFormat(new Uint8Array(0)), null);
  });
  it('readArrayFile rejects unknown extensions', () => {
    assert.throws(() => readArrayFile('scan.jpg'), {
      message:
        'readArrayFile: file extension: expected one of .npy .json .csv .cfl .hdr .png .dcm .nii .nii.gz (or, under another name, the content of an NPY, PNG, DICOM or NIfTI file), got "scan.jpg"',
    });
  });
});

describe('missing and unreadable files are named', () => {
  it('NPY, CFL (either half of the pair) and PNG', () => {
    assert.throws(() => readNpyFile(join(dir, 'nope.npy')), {
      message: `readNpy(${dir}/nope.npy): file: expected a readable file, got no such file or directory (ENOENT)`,
    });
    writeFileSync(join(dir, 'half.hdr'), '# Dimensions\n1\n');
    assert.throws(() => readCflFiles(join(dir, 'half')), {
      message: `readCfl(${dir}/half): data file (.cfl): expected a readable file, got no such file or directory (ENOENT)`,
    });
    writeFileSync(join(dir, 'other.cfl'), new Uint8Array(8));
    assert.throws(() => readCflFiles(join(dir, 'other.cfl')), {
      message: `readCfl(${dir}/other): header file (.hdr): expected a readable file, got no such file or directory (ENOENT)`,
    });
    rmSync(join(dir, 'other.cfl'));
    assert.throws(() => readPngFile(dir), {
      message: `readPng(${dir}): file: expected a readable file, got a directory (EISDIR)`,
    });
    rmSync(join(dir, 'half.hdr'));
  });
});

describe('a .cfl is checked against its header before it is read', () => {
  it('a 3 GB sparse .cfl under a 4 x 4 header is refused by its size, without reading it', () => {
    writeFileSync(join(dir, 'huge.hdr'), '# Dimensions\n4 4 1\n');
    const fd = openSync(join(dir, 'huge.cfl'), 'w');
    ftruncateSync(fd, 3 * 2 ** 30);
    closeSync(fd);
    const rss0 = process.memoryUsage().rss;
    // reading it would fail with Node's 2 GiB file limit instead of this message
    assert.throws(() => readCflFiles(join(dir, 'huge')), {
      message: `readCfl(${dir}/huge): .cfl size: expected 128 bytes (dims 4 4 1 from ${dir}/huge.hdr, complex64), got 3221225472 bytes`,
    });
    assert.ok(process.memoryUsage().rss - rss0 < 256 * 2 ** 20);
    rmSync(join(dir, 'huge.hdr'));
    rmSync(join(dir, 'huge.cfl'));
  });
});

describe('cflAllZero: an all-zero .cfl is recognised by streaming, not by reading it whole', () => {
  /** A pair whose header declares the data's size (complex64: 8 bytes a sample). */
  const pair = (name: string, bytes: Uint8Array) => {
    writeFileSync(join(dir, `${name}.hdr`), `# Dimensions\n${bytes.length / 8} 1\n`);
    writeFileSync(join(dir, `${name}.cfl`), bytes);
    return join(dir, `${name}.cfl`);
  };
  const f32 = (vals: ArrayLike<number>) => new Uint8Array(Float32Array.from(vals).buffer);

  it('zeros and negative zeros are zero; one non-zero value past the first chunks is found', () => {
    assert.equal(cflAllZero(pair('z1', f32([0, -0, 0, -0]))), true);
    assert.equal(cflAllZero(join(dir, 'z1')), true, 'the base name or either file of the pair');
    assert.equal(cflAllZero(join(dir, 'z1.hdr')), true);
    // 300 KiB of zeros (past the 64 KiB and 256 KiB chunks), then one subnormal float32
    const big = new Float32Array(75 * 1024);
    assert.equal(cflAllZero(pair('z2', new Uint8Array(big.buffer))), true);
    big[big.length - 1] = 1e-40;
    assert.equal(cflAllZero(pair('z2', new Uint8Array(big.buffer))), false);
  });

  it('false when the reader has something else to say: missing files, a bad header, a size the header does not declare', () => {
    assert.equal(cflAllZero(join(dir, 'missing.cfl')), false);
    writeFileSync(join(dir, 'z3.hdr'), '# Dimensions\n64 x\n');
    writeFileSync(join(dir, 'z3.cfl'), new Uint8Array(8));
    assert.equal(cflAllZero(join(dir, 'z3.cfl')), false);
    writeFileSync(join(dir, 'z3.hdr'), '# Dimensions\n4 4\n');
    assert.equal(cflAllZero(join(dir, 'z3.cfl')), false);
    assert.throws(() => readCflFiles(join(dir, 'z3')), /\.cfl size: expected 128 bytes/);
    // a directory where the .cfl should be (its header declaring the directory's size)
    mkdirSync(join(dir, 'zd.cfl'));
    const { size } = statSync(join(dir, 'zd.cfl'));
    writeFileSync(join(dir, 'zd.hdr'), `# Dimensions\n${size / 8} 1\n`);
    assert.equal(cflAllZero(join(dir, 'zd.cfl')), false);
    assert.throws(() => readCflFiles(join(dir, 'zd')), /expected a readable file, got a directory/);
    // over the reader's 2 GiB: not scanned (a 3 GiB sparse file, its header matching)
    writeFileSync(join(dir, 'zh.hdr'), `# Dimensions\n${3 * 2 ** 27} 1\n`);
    const fd = openSync(join(dir, 'zh.cfl'), 'w');
    ftruncateSync(fd, 3 * 2 ** 30);
    closeSync(fd);
    assert.equal(cflAllZero(join(dir, 'zh.cfl')), false);
    rmSync(join(dir, 'zh.cfl'));
  });

  it('a 1 GiB sparse all-zero .cfl: true, with the memory of one chunk', () => {
    writeFileSync(join(dir, 'zbig.hdr'), `# Dimensions\n${2 ** 27} 1\n`);
    const fd = openSync(join(dir, 'zbig.cfl'), 'w');
    ftruncateSync(fd, 2 ** 30);
    closeSync(fd);
    const rss0 = process.memoryUsage().rss;
    assert.equal(cflAllZero(join(dir, 'zbig.cfl')), true);
    assert.ok(process.memoryUsage().rss - rss0 < 64 * 2 ** 20);
    rmSync(join(dir, 'zbig.cfl'));
  });
});

describe('atomic writes leave no partial file behind', () => {
  const listing = () => readdirSync(dir).sort();
  it('a bad array is rejected before any file is touched, and an old file stays intact', () => {
    writeNpyFile(join(dir, 'keep.npy'), img);
    const before = readFileSync(join(dir, 'keep.npy'));
    const names = listing();
    const nan: NdArray = { ...img, data: Float64Array.of(0, 1, Number.NaN, 3, 4, 5) };
    assert.throws(() => writeNpyFile(join(dir, 'keep.npy'), nan), {
      message: `writeNpy(${dir}/keep.npy): data: expected finite values, got NaN at [0, 2]`,
    });
    assert.throws(() => writeCflFiles(join(dir, 'k'), nan), {
      message: `writeCfl(${dir}/k): data: expected finite values, got NaN at [0, 2]`,
    });
    assert.deepEqual(listing(), names);
    assert.deepEqual(readFileSync(join(dir, 'keep.npy')), before);
  });
  it('a failure in the middle of writing removes the temporary file and keeps the old target', () => {
    const target = join(dir, 'stream.bin');
    writeFileSync(target, 'old');
    const names = listing();
    function* chunks() {
      yield new Uint8Array(1000).fill(1);
      throw new Error('producer failed after 1000 bytes');
    }
    assert.throws(() => writeFileAtomic(target, chunks()), { message: 'producer failed after 1000 bytes' });
    assert.deepEqual(listing(), names);
    assert.equal(readFileSync(target, 'utf8'), 'old');
  });
  it('a missing directory is a named error and creates nothing', () => {
    const target = join(dir, 'no', 'such', 'out.npy');
    assert.throws(() => writeNpyFile(target, img), {
      message: `writeNpy(${target}): output file: expected a writable path ${target}, got no such file or directory (ENOENT)`,
    });
    assert.equal(existsSync(join(dir, 'no')), false);
  });
  it('a failed rename (the target is a directory) removes the temporary file', () => {
    const target = join(dir, 'isdir.png');
    mkdirSync(join(target, 'inside'), { recursive: true });
    const names = listing();
    assert.throws(
      () => writePngFile(target, img),
      (e: Error) =>
        e.message.startsWith(`writePng(${target}): output file: expected a writable path ${target}, got `),
    );
    assert.deepEqual(listing(), names);
    rmSync(target, { recursive: true });
  });
  it('a CFL pair whose second half cannot be written leaves neither half', () => {
    const base = join(dir, 'pair');
    mkdirSync(`${base}.cfl`);
    const names = listing();
    assert.throws(
      () => writeCflFiles(base, img),
      (e: Error) =>
        e.message.startsWith(`writeCfl(${base}): output file: expected a writable path ${base}.cfl, got `),
    );
    assert.deepEqual(listing(), names);
    assert.equal(existsSync(`${base}.hdr`), false);
    rmSync(`${base}.cfl`, { recursive: true });
  });
  it('writeFilesAtomic writes every file or none', () => {
    const ok = [
      { path: join(dir, 'x1'), data: Uint8Array.of(1) },
      { path: join(dir, 'x2'), data: [Uint8Array.of(2), Uint8Array.of(3)] },
    ];
    writeFilesAtomic(ok);
    assert.deepEqual([...readFileSync(join(dir, 'x1'))], [1]);
    assert.deepEqual([...readFileSync(join(dir, 'x2'))], [2, 3]);
    rmSync(join(dir, 'x1'));
    rmSync(join(dir, 'x2'));
  });
  it("a failed rename puts back the files the call already replaced (an earlier run's results are never lost)", () => {
    const sub = mkdtempSync(join(dir, 'keep-'));
    const [a, b, c] = ['a.cfl', 'b.png', 'c.json'].map((f) => join(sub, f));
    writeFilesAtomic([
      { path: a, data: Uint8Array.of(1, 1) },
      { path: c, data: Uint8Array.of(3) },
    ]);
    mkdirSync(b); // the second target is now a directory: its rename fails after a's succeeded
    assert.throws(
      () =>
        writeFilesAtomic([
          { path: a, data: Uint8Array.of(9) },
          { path: b, data: Uint8Array.of(9) },
          { path: c, data: Uint8Array.of(9) },
        ]),
      { message: `writeFilesAtomic: output file: expected a writable path ${b}, got a directory (EISDIR)` },
    );
    assert.deepEqual([...readFileSync(a)], [1, 1]);
    assert.deepEqual([...readFileSync(c)], [3]);
    // no temporaries or kept copies left behind
    assert.deepEqual(readdirSync(sub).sort(), ['a.cfl', 'b.png', 'c.json']);
    // a target that did not exist before is removed again
    const d = join(sub, 'd.hdr');
    assert.throws(() =>
      writeFilesAtomic([
        { path: d, data: Uint8Array.of(4) },
        { path: b, data: Uint8Array.of(9) },
      ]),
    );
    assert.equal(existsSync(d), false);
    assert.deepEqual(readdirSync(sub).sort(), ['a.cfl', 'b.png', 'c.json']);
  });
  it('a symbolic link among the targets is put back as the same link when a later rename fails', () => {
    const sub = mkdtempSync(join(dir, 'link-'));
    const store = join(sub, 'store.cfl');
    writeFileSync(store, Uint8Array.of(5, 5));
    const a = join(sub, 'a.cfl');
    symlinkSync(store, a);
    const b = join(sub, 'b.png');
    mkdirSync(b);
    assert.throws(() =>
      writeFilesAtomic([
        { path: a, data: Uint8Array.of(9) },
        { path: b, data: Uint8Array.of(9) },
      ]),
    );
    assert.ok(lstatSync(a).isSymbolicLink());
    assert.equal(readlinkSync(a), store);
    assert.deepEqual([...readFileSync(a)], [5, 5]);
    assert.deepEqual(readdirSync(sub).sort(), ['a.cfl', 'b.png', 'store.cfl']);
  });
});
