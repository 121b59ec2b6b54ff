import assert from 'node:assert/strict';
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { spawn, spawnSync } from 'node:child_process';
import { writeNpy } from '../../src/io/npy.ts';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-mri-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sim = join(dir, 'sim');

describe('candor mri (real binary)', () => {
  it('simulate -> recon -> report on a 64x64 phantom: files, JSON metrics, NRMSE bounds', () => {
    let r = candor(['mri', 'simulate', '--size', '64', '--accel', '3', '--seed', '2', '--out', sim]);
    assert.equal(r.code, 0, r.stderr);
    for (const f of ['kspace.hdr', 'kspace.cfl', 'mask.cfl', 'truth.cfl', 'truth.png', 'simulate.json']) assert.ok(existsSync(join(sim, f)), f);
    const s = JSON.parse(readFileSync(join(sim, 'simulate.json'), 'utf8'));
    assert.ok(Math.abs(s.mask.acceleration - 3) < 0.1);
    const rec = join(dir, 'rec');
    r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--mask', join(sim, 'mask.cfl'), '--truth', join(sim, 'truth.cfl'), '--out', rec, '--format', 'npy']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^l1-wavelet: 64x64, 100 iterations/);
    const m = JSON.parse(readFileSync(join(rec, 'recon.json'), 'utf8'));
    assert.ok(m.metrics.recon.nrmseScaled <= 0.1, `l1-wavelet NRMSE ${m.metrics.recon.nrmseScaled}`);
    assert.ok(m.metrics.recon.nrmseScaled < 0.5 * m.metrics.zeroFilled.nrmseScaled);
    for (const f of ['recon.npy', 'recon.png', 'zero-filled.png', 'error.png', 'truth.png']) assert.ok(existsSync(join(rec, f)), f);
    const rep = join(dir, 'rep');
    r = candor(['mri', 'report', '--kspace', join(sim, 'kspace.cfl'), '--mask', join(sim, 'mask.cfl'), '--truth', join(sim, 'truth.cfl'), '--method', 'tv', '--out', rep]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /The mask keeps m = [\d,]+ of n = 4,096 k-space samples/);
    const t = JSON.parse(readFileSync(join(rep, 'report.json'), 'utf8'));
    assert.ok(t.metrics.recon.nrmseScaled <= 0.1, `TV NRMSE ${t.metrics.recon.nrmseScaled}`);
    assert.equal(t.prediction.provenance, 'asymptotic');
  });

  it('recon into a folder an earlier run used: the files this run did not write are named (left in place), the inputs are not', () => {
    const k = join(sim, 'kspace.cfl');
    const d = join(dir, 'reuse');
    let r = candor(['mri', 'recon', '--kspace', k, '--truth', join(sim, 'truth.cfl'), '--iters', '5', '--out', d]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    r = candor(['mri', 'recon', '--kspace', k, '--iters', '5', '--out', d]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `candor: note: ${d} also holds truth.png, error.png from an earlier run (not written by this one; left in place)\n`);
    assert.ok(existsSync(join(d, 'truth.png')) && existsSync(join(d, 'error.png')));
    // a reconstruction written beside its own inputs (kspace.cfl/.hdr) names only outputs of earlier runs
    const inPlace = join(dir, 'in-place');
    mkdirSync(inPlace);
    for (const f of ['kspace.cfl', 'kspace.hdr']) writeFileSync(join(inPlace, f), readFileSync(join(sim, f)));
    writeFileSync(join(inPlace, 'recon.hdr'), readFileSync(join(sim, 'kspace.hdr')));
    writeFileSync(join(inPlace, 'recon.cfl'), readFileSync(join(sim, 'kspace.cfl')));
    r = candor(['mri', 'recon', '--kspace', join(inPlace, 'recon.cfl'), '--iters', '5', '--format', 'npy', '--out', inPlace]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
  });

  const bad = (args: string[], message: string, out: string) => {
    const r = candor(args);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, `candor: ${message}\n`);
    assert.ok(!existsSync(out) || readdirSync(out).length === 0, `no output left in ${out}`);
  };

  it('bad input: one line naming the file and the problem, exit 1, no output files', () => {
    const out = join(dir, 'bad');
    const ksp = join(sim, 'kspace.cfl');
    // mask of another size
    const small = join(dir, 'small');
    mkdirSync(small, { recursive: true });
    writeFileSync(join(small, 'm.hdr'), '# Dimensions\n8 8 1 1 1 1 1 1 1 1 1 1 1 1 1 1 \n');
    writeFileSync(join(small, 'm.cfl'), new Uint8Array(8 * 64));
    bad(['mri', 'recon', '--kspace', ksp, '--mask', join(small, 'm.cfl'), '--out', out], `mask ${join(small, 'm.cfl')}: size: expected 64x64 (the k-space ${ksp}), got 8x8`, out);
    // all-zero mask of the right size
    writeFileSync(join(small, 'z.hdr'), '# Dimensions\n64 64 1 1 1 1 1 1 1 1 1 1 1 1 1 1 \n');
    writeFileSync(join(small, 'z.cfl'), new Uint8Array(8 * 4096));
    bad(['mri', 'recon', '--kspace', ksp, '--mask', join(small, 'z.cfl'), '--out', out], `k-space ${ksp}: mask: expected at least one sampled k-space entry, got an all-zero mask`, out);
    // all-zero k-space
    bad(['mri', 'recon', '--kspace', join(small, 'z.cfl'), '--out', out], `k-space ${join(small, 'z.cfl')}: k-space: expected at least one non-zero sample, got all zeros`, out);
    // a 1 GiB all-zero 8-coil k-space (sparse): refused as all zeros by streaming before anything
    // reads it whole (it used to take 3.2 GB of float64 copies first; the bounded memory of the
    // scan is tested in test/io/files.test.ts)
    writeFileSync(join(small, 'zz.hdr'), '# Dimensions\n4096 4096 1 8 1 1 1 1 1 1 1 1 1 1 1 1 \n');
    const fd = openSync(join(small, 'zz.cfl'), 'w');
    ftruncateSync(fd, 2 ** 30);
    closeSync(fd);
    for (const cmd of [['mri', 'recon'], ['mri', 'ecalib']]) {
      bad([...cmd, '--kspace', join(small, 'zz.cfl'), '--out', out], `k-space ${join(small, 'zz.cfl')}: k-space: expected at least one non-zero sample, got all zeros`, out);
    }
    rmSync(join(small, 'zz.cfl'));
    // corrupt header
    writeFileSync(join(small, 'c.hdr'), '# Dimensions\n64 x\n');
    writeFileSync(join(small, 'c.cfl'), new Uint8Array(8));
    const r = candor(['mri', 'recon', '--kspace', join(small, 'c.cfl'), '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^candor: readCfl\\(${join(small, 'c').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): `));
    assert.ok(!existsSync(out));
    // a PNG that is not an image
    writeFileSync(join(small, 'x.png'), 'not a png at all');
    const p = candor(['mri', 'simulate', '--image', join(small, 'x.png'), '--out', out]);
    assert.equal(p.code, 1);
    assert.match(p.stderr, /^candor: readPng\(.*x\.png\): /);
    assert.ok(!existsSync(out));
    // a volume without --slice
    const v = candor(['mri', 'simulate', '--image', '../shared/data/mri/nibabel_example4d.nii.gz', '--out', out], );
    assert.equal(v.code, 1);
    assert.equal(v.stderr, 'candor: image ../shared/data/mri/nibabel_example4d.nii.gz: shape: expected a 2-D array (give --slice z[,t] to pick a slice of a volume), got [128, 96, 24, 2]\n');
    // a mask or k-space volume: no --slice advice (those options do not take one)
    const m = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--mask', '../shared/data/mri/nibabel_example4d.nii.gz', '--out', out]);
    assert.equal(m.code, 1);
    assert.equal(m.stderr, 'candor: mask ../shared/data/mri/nibabel_example4d.nii.gz: shape: expected a 2-D array, got [128, 96, 24, 2]\n');
    const k = candor(['mri', 'recon', '--kspace', '../shared/data/mri/nibabel_example4d.nii.gz', '--out', out]);
    assert.equal(k.code, 1);
    assert.equal(k.stderr, 'candor: k-space ../shared/data/mri/nibabel_example4d.nii.gz: shape: expected a 2-D array (one coil; multi-coil k-space: CFL coils in dimension 3, NPY with --coil-axis), got [128, 96, 24, 2]\n');
  });

  it('options the method does not use are warned about; an all-zero image is refused at simulate', () => {
    const r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--method', 'tv', '--lambda', '0.1', '--noise-std', '0.1', '--iters', '5', '--out', join(dir, 'ign')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'candor: warning: --lambda is not used by --method tv\ncandor: warning: --noise-std is used only with --constrained and --lambda auto\n');
    const zero = join(dir, 'zero.npy');
    writeFileSync(zero, writeNpy({ shape: [16, 16], data: new Float64Array(256), complex: false }));
    const z = candor(['mri', 'simulate', '--image', zero, '--out', join(dir, 'z')]);
    assert.equal(z.code, 1);
    assert.equal(z.stderr, `candor: image ${zero}: values: expected some nonzero pixels, got an all-zero image\n`);
    assert.ok(!existsSync(join(dir, 'z')));
  });

  it('a real-valued NPY k-space: warned once on stderr, and in the --json summary too (not on stderr only)', () => {
    const k = join(dir, 'kreal.npy');
    const d = new Float64Array(32 * 32);
    for (let i = 0; i < d.length; i++) d[i] = ((i * 7919) % 13) - 6;
    writeFileSync(k, writeNpy({ shape: [32, 32], data: d, complex: false }));
    const warning = `the k-space ${k} holds real values (a real NPY dtype): read with zero imaginary parts; measured k-space is complex, so check it is not an image or the magnitude of k-space`;
    const r = candor(['mri', 'recon', '--kspace', k, '--iters', '5', '--out', join(dir, 'kreal')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `candor: warning: ${warning}\n`);
    const j = candor(['mri', 'recon', '--kspace', k, '--iters', '5', '--out', join(dir, 'kreal-json'), '--json']);
    assert.equal(j.code, 0, j.stderr);
    assert.equal(j.stderr, '');
    assert.deepEqual(JSON.parse(j.stdout).warnings, [warning]);
    // the same bytes through a pipe: read by their signature, the same image; the receipt says the
    // input was a stream, and a replay refuses it (its content was not kept) instead of reading its own stdin
    const p = candor(['mri', 'recon', '--kspace', '/dev/stdin', '--iters', '5', '--out', join(dir, 'kpipe')], { input: readFileSync(k) });
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual(readFileSync(join(dir, 'kpipe', 'recon.cfl')), readFileSync(join(dir, 'kreal', 'recon.cfl')));
    const receipt = JSON.parse(readFileSync(join(dir, 'kpipe', 'receipt.json'), 'utf8'));
    assert.deepEqual(receipt.inputs, [{ role: '--kspace', path: '/dev/stdin', sha256: null, bytes: null, stream: true }]);
    const rp = candor(['replay', join(dir, 'kpipe', 'receipt.json'), '--out', join(dir, 'kpipe-replay')]);
    assert.equal(rp.code, 1);
    assert.equal(rp.stderr, 'candor replay: input /dev/stdin (--kspace): expected a file the receipt can check, got a stream when recorded (a pipe, a device or a descriptor such as /dev/stdin: its content was not kept; run the command again with the data in a file)\n');
    // a receipt written before streams were marked (no input listed) is refused the same way
    const old = join(dir, 'kpipe', 'old-receipt.json');
    writeFileSync(old, JSON.stringify({ ...receipt, inputs: [] }));
    const ro = candor(['replay', old, '--out', join(dir, 'kpipe-replay')]);
    assert.equal(ro.code, 1);
    assert.match(ro.stderr, /^candor replay: input \/dev\/stdin \(--kspace\): expected a file the receipt can check, got a stream when recorded/);
    // two options naming the same stream: refused before anything is read
    const both = candor(['mri', 'recon', '--kspace', '/dev/stdin', '--truth', '/dev/stdin', '--out', join(dir, 'kboth')], { input: readFileSync(k) });
    assert.equal(both.code, 2);
    assert.equal(both.stderr, 'candor: --kspace and --truth: expected different inputs (a stream is read once: /dev/stdin cannot be both), got /dev/stdin for both\n');
    // an empty stream says so
    const empty = candor(['mri', 'recon', '--kspace', '/dev/stdin', '--out', join(dir, 'kempty')], { input: new Uint8Array(0) });
    assert.equal(empty.code, 1);
    assert.equal(empty.stderr, 'candor: readArrayFile(/dev/stdin): file: expected an NPY, PNG, DICOM or NIfTI file, got 0 bytes (an empty input)\n');
    // another name of the same stream is the same stream
    const alias = candor(['mri', 'recon', '--kspace', '/dev/stdin', '--truth', '/dev/fd/0', '--out', join(dir, 'kboth')], { input: readFileSync(k) });
    assert.equal(alias.code, 2);
    assert.equal(alias.stderr, 'candor: --kspace and --truth: expected different inputs (a stream is read once: /dev/fd/0 cannot be both), got /dev/stdin and /dev/fd/0, one stream under two names\n');
    // so is a symlink to it, and a descriptor duplicated from it (3<&0): one pipe under any name,
    // refused as two inputs, and read (probe, then load) as one stream under a name of its own
    const link = join(dir, 'k-link');
    symlinkSync('/dev/stdin', link);
    const linked = candor(['mri', 'recon', '--kspace', link, '--truth', '/dev/stdin', '--out', join(dir, 'kboth')], { input: readFileSync(k) });
    assert.equal(linked.code, 2);
    assert.equal(linked.stderr, `candor: --kspace and --truth: expected different inputs (a stream is read once: /dev/stdin cannot be both), got ${link} and /dev/stdin, one stream under two names\n`);
    const cli = new URL('../../bin/candor.mjs', import.meta.url).pathname;
    const dup = spawnSync('bash', ['-c', `exec 3<&0; '${process.execPath}' '${cli}' mri recon --kspace /dev/fd/3 --truth /dev/stdin --out '${join(dir, 'kboth')}'`], { input: readFileSync(k), encoding: 'utf8' });
    assert.equal(dup.status, 2);
    assert.equal(dup.stderr, 'candor: --kspace and --truth: expected different inputs (a stream is read once: /dev/stdin cannot be both), got /dev/fd/3 and /dev/stdin, one stream under two names\n');
    const viaDup = spawnSync('bash', ['-c', `exec 3<&0 0</dev/null; '${process.execPath}' '${cli}' mri recon --kspace /dev/fd/3 --iters 5 --out '${join(dir, 'kdup')}'`], { input: readFileSync(k), encoding: 'utf8' });
    assert.equal(viaDup.status, 0, viaDup.stderr);
    assert.deepEqual(readFileSync(join(dir, 'kdup', 'recon.cfl')), readFileSync(join(dir, 'kpipe', 'recon.cfl')));
    // /dev/fd/N of a descriptor not given to read: named (Node's own pipes and event descriptors
    // under /dev/fd/N hung or failed with EINVAL); one given is read, through a symlink too
    const sh = (line: string, input?: Buffer) => spawnSync('bash', ['-c', line.replaceAll('CANDOR', `'${process.execPath}' '${cli}'`)], { input, encoding: 'utf8', timeout: 30000 });
    const closed = sh(`CANDOR mri recon --kspace /dev/fd/200 --out '${join(dir, 'kfd')}'`);
    assert.equal(closed.status, 1);
    assert.equal(closed.stderr, 'candor: readArrayFile(/dev/fd/200): file: expected a descriptor passed to this command to read (open it in the shell, e.g. 200<file), got /dev/fd/200: descriptor 200 is not open\n');
    const writeOnly = sh(`CANDOR mri recon --kspace /dev/fd/5 --out '${join(dir, 'kfd')}' 5>'${join(dir, 'w5.txt')}'`);
    assert.equal(writeOnly.status, 1);
    assert.equal(writeOnly.stderr, 'candor: readArrayFile(/dev/fd/5): file: expected a descriptor passed to this command to read (open it in the shell, e.g. 5<file), got /dev/fd/5: descriptor 5 is open for writing only\n');
    symlinkSync('/dev/fd/7', join(dir, 'fd7-link'));
    const given = sh(`CANDOR mri recon --kspace '${join(dir, 'fd7-link')}' --iters 5 --out '${join(dir, 'kfd7')}' 7<&0 0</dev/null`, readFileSync(k));
    assert.equal(given.status, 0, given.stderr);
    assert.deepEqual(readFileSync(join(dir, 'kfd7', 'recon.cfl')), readFileSync(join(dir, 'kpipe', 'recon.cfl')));
    // the command's own output or error as an input: refused (reading its pipe waited for ever)
    symlinkSync('/dev/stdout', join(dir, 'out-link'));
    for (const [name, which] of [
      ['/dev/stderr', 'standard error'],
      ['/dev/fd/1', 'standard output'],
      [join(dir, 'out-link'), 'standard output'],
    ]) {
      const own = candor(['mri', 'recon', '--kspace', k, '--truth', name, '--out', join(dir, 'kown')], { timeout: 30000 });
      assert.equal(own.code, 1);
      assert.equal(own.stderr, `candor: readArrayFile(${name}): file: expected a file or stream to read, got ${name}, this command's own ${which} (where it writes, not an input)\n`);
    }
    // the file its standard output goes to, by its own path
    const log = join(dir, 'own-log.txt');
    const byPath = sh(`CANDOR mri recon --kspace '${k}' --truth '${log}' --out '${join(dir, 'kown')}' > '${log}'`);
    assert.equal(byPath.status, 1);
    assert.equal(byPath.stderr, `candor: readArrayFile(${log}): file: expected a file or stream to read, got ${log}, this command's own standard output (where it writes, not an input)\n`);
    // unknown content through a pipe is named as such (the multi-coil probe's refusal is kept), not called empty
    const hello = candor(['mri', 'recon', '--kspace', '/dev/stdin', '--out', join(dir, 'khello')], { input: 'hello world\n' });
    assert.equal(hello.code, 1);
    assert.match(hello.stderr, /^candor: k-space \/dev\/stdin: file extension: expected one of .*, or \.h5 for ISMRMRD raw data .* got "\/dev\/stdin"\n$/);
    // a named FIFO is read once (the multi-coil probe keeps its bytes): the same image, no hang
    const fifo = join(dir, 'k.fifo');
    spawnSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat '${k}' > '${fifo}'`]);
    const viaFifo = candor(['mri', 'recon', '--kspace', fifo, '--iters', '5', '--out', join(dir, 'kfifo')], { timeout: 30000 });
    writer.kill();
    assert.equal(viaFifo.code, 0, viaFifo.stderr);
    assert.deepEqual(readFileSync(join(dir, 'kfifo', 'recon.cfl')), readFileSync(join(dir, 'kreal', 'recon.cfl')));
    // a stream is read no further than its NPY header declares, and a declared size no stream can
    // hold is refused at once (a valid header followed by /dev/zero was read to 2 GiB)
    const header = writeNpy({ shape: [64, 64], data: new Float64Array(2 * 64 * 64), complex: true });
    const hdrLen = header.length - 64 * 64 * 16;
    const longer = new Uint8Array(header.length + (1 << 20));
    longer.set(header);
    for (const extra of [[], ['--coil-axis', '0']]) {
      const past = candor(['mri', 'recon', '--kspace', '/dev/stdin', ...extra, '--out', join(dir, 'kpast')], { input: longer });
      assert.equal(past.code, 1);
      assert.equal(past.stderr, `candor: k-space /dev/stdin: file: expected the ${header.length} bytes its header declares, got a stream that went on past them\n`);
    }
    const huge = new Uint8Array(header.subarray(0, hdrLen));
    const text = new TextDecoder('latin1').decode(huge).replace("'shape': (64, 64), }      ", "'shape': (99999, 99999), }"); // the same length
    const hugeHeader = Uint8Array.from(text, (c) => c.charCodeAt(0));
    assert.equal(hugeHeader.length, hdrLen);
    const declared = candor(['mri', 'recon', '--kspace', '/dev/stdin', '--out', join(dir, 'kdeclared')], { input: hugeHeader });
    assert.equal(declared.code, 1);
    assert.equal(declared.stderr, `candor: k-space /dev/stdin: file: expected a stream of at most 2147483647 bytes, got a header declaring ${hugeHeader.length + 99999 * 99999 * 16} bytes\n`);
    // an endless device is judged on its first bytes (single- and multi-coil readers), not read to the 2 GiB limit
    const zero = candor(['mri', 'recon', '--kspace', '/dev/zero', '--out', join(dir, 'kzero')]);
    assert.equal(zero.code, 1);
    assert.match(zero.stderr, /^candor: k-space \/dev\/zero: file extension: expected one of .*, or \.h5 for ISMRMRD raw data .* got "\/dev\/zero"\n$/);
    const zero3 = candor(['mri', 'recon', '--kspace', '/dev/zero', '--coil-axis', '0', '--out', join(dir, 'kzero')]);
    assert.equal(zero3.code, 1);
    assert.match(zero3.stderr, /^candor: k-space \/dev\/zero: file extension: expected .cfl, .hdr or .npy .* got "\/dev\/zero"\n$/);
    assert.ok(!existsSync(join(dir, 'kpipe-replay')));
  });

  it('usage errors exit 2', () => {
    const r = candor(['mri', 'simulate', '--accel', '0.5', '--out', join(dir, 'u')]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --accel: expected a number in (1, 1000], got "0.5"\n');
    // option values only the library can judge are usage errors too, and leave no output
    const w = candor(['mri', 'simulate', '--size', '32', '--wavelet', 'db9', '--out', join(dir, 'u')]);
    assert.equal(w.code, 2);
    assert.equal(w.stderr, 'candor: fourierWaveletCoherence: wavelet: expected one of haar, db1, db2, db3, db4, db5, db6, db7, db8, got "db9"\n');
    const c = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--constrained', '--out', join(dir, 'u')]);
    assert.equal(c.code, 2);
    assert.equal(c.stderr, 'candor: reconstruct: noiseStd: expected a noise level > 0 for the constrained form (the acquisition noise, or --noise-std at the command line), got undefined\n');
    assert.ok(!existsSync(join(dir, 'u')));
  });

  it('plan: retrospective acceleration scan of the phantom, JSON and plan.json, usage errors exit 2', () => {
    const out = join(dir, 'plan');
    const store = join(dir, 'plan.db');
    const args = ['mri', 'plan', '--size', '48', '--accelerations', '8,2,4', '--repeats', '2', '--metric', 'nrmse', '--target', '0.4', '--store', store];
    const r = candor([...args, '--json', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout);
    assert.equal(p.image, 'phantom');
    assert.deepEqual(
      p.rows.map((x: { target: number }) => x.target),
      [2, 4, 8],
    );
    assert.equal(p.recommended, 4);
    assert.ok(p.rows[2].nrmse > 0.4 && p.rows[1].nrmse < 0.4, JSON.stringify(p.rows.map((x: { nrmse: number }) => x.nrmse)));
    const stored = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8'));
    assert.deepEqual(stored.rows.map((x: { quality: number[] }) => x.quality), p.rows.map((x: { quality: number[] }) => x.quality));
    const text = candor([...args, '--quiet']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^48x48 phantom: l1-wavelet, 2 poisson-disc mask\(s\) per R, target NRMSE\(s\) <= 0\.4\n/);
    assert.match(text.stdout, /\nrecommended: R <= 4 \(actual 4\.00\)\n/);
    // the second run found every mask stored by the first: nothing reconstructed again
    assert.match(text.stdout, new RegExp(`\\nresumed scan 1 in ${store.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: 0 of 6 masks reconstructed in this run\\n`));
    assert.equal(text.stderr, '');
    for (const [flag, value, message] of [
      ['--accelerations', '1,2', 'candor: option --accelerations: expected a comma-separated list of numbers > 1 (e.g. 2,4,6,8), got "1,2"\n'],
      ['--target', '1.5', 'candor: option --target: expected an SSIM in [0, 1] with --metric ssim, got "1.5"\n'],
      ['--repeats', '0', 'candor: option --repeats: expected an integer in [1, 1000], got "0"\n'],
      ['--lambdas', '0.01,0', 'candor: option --lambdas: expected a comma-separated list of weights > 0 (e.g. 0.001,0.002,0.005,0.01), got "0.01,0"\n'],
      ['--calib', '100', 'candor: poissonDiscMask: calib: expected an integer in [0, 48], got 100\n'],
      ['--metric=nrmse --target', '20', 'candor: planAcceleration: target (scaled NRMSE): expected a finite number in [0, 10], got 20\n'],
    ]) {
      const e = candor(['mri', 'plan', '--size', '48', '--store', store, ...flag.split(' '), value]);
      assert.equal(e.code, 2, `${flag} ${value}: ${e.stderr}`);
      assert.equal(e.stderr, message);
    }
  });
});
