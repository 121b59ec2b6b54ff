/**
 * ISMRMRD raw data (the ISMRM raw data format, Inati et al., "ISMRM Raw data format: a proposed
 * standard for MRI raw datasets", MRM 77 (2017) 411) read from the bytes of an HDF5 file with
 * h5wasm (browser-safe: the file lives in h5wasm's in-memory file system for the duration of
 * the call).
 *
 * Layout read: a group (default `/dataset`, else the only top-level group holding both) with
 * - `xml`: the XML header (one variable-length string); `encoding/encodedSpace/matrixSize`
 *   x (readout) and y (phase encoding) give the Cartesian grid, `trajectory` says whether it is
 *   `cartesian`;
 * - `data`: one compound record per acquisition { head: AcquisitionHeader, traj: float[],
 *   data: float[] }, data holding active_channels x number_of_samples complex samples
 *   (channel-major, re/im float32), traj trajectory_dimensions x number_of_samples floats.
 * Noise-measurement acquisitions (flag bit 19, ACQ_IS_NOISE_MEASUREMENT) are skipped.
 *
 * `readIsmrmrd` returns every imaging acquisition (header fields the MRI application needs,
 * samples, trajectory). Each size a record declares is checked against what it holds, and the
 * XML's matrix against `maxSamples`, before anything is allocated from them. Errors name the
 * file (`opts.name`).
 *
 * Hostile files in a long-lived process (issue 19): reads go through a private h5wasm (HDF5)
 * instance (./hdf5-instance.ts). HDF5 reports errors as JavaScript exceptions thrown through its C
 * frames, which skips its cleanup; after any such error the instance is reset to its state right
 * after start-up (its memory and stack pointer written back, a ~19 MB copy, a few ms,
 * synchronous) before the error is reported, so the next read starts from a clean HDF5. Reads
 * that fail in our own checks (a CandorError raised between HDF5 calls) close their file
 * normally and need no reset. While one file is read HDF5's heap may grow by at most 64 MiB + 16 x
 * the file's size (memory WebAssembly never gives back): a file declaring more (a fuzzed 77 kB
 * file asked for ~660 MB) fails inside HDF5 with the usual CandorError.
 *
 * @example
 * import { readIsmrmrd } from './ismrmrd.ts';
 * // const f = await readIsmrmrd(bytes, { name: 'scan.h5' });
 * // f.matrix: { x: 128, y: 64 }; f.acquisitions[0].line; f.acquisitions[0].data (coils x samples complex)
 */
import { CandorError, describe } from '../core/errors.ts';
import { hdf5DeclaredBytes } from './hdf5-superblock.ts';
import { type Hdf5Instance, type H5Api, loadHdf5 } from './hdf5-instance.ts';
import { DEFAULT_MAX_SAMPLES, ioWhere } from './ndarray.ts';

export interface IsmrmrdAcquisition {
  /** Phase-encoding line (idx.kspace_encode_step_1). */
  line: number;
  /** idx.kspace_encode_step_2, slice, repetition. */
  partition: number;
  slice: number;
  repetition: number;
  samples: number;
  channels: number;
  /** Index of the k-space centre along the readout. */
  centerSample: number;
  /** channels x samples complex (interleaved re/im), channel-major. */
  data: Float64Array;
  /** trajectoryDimensions x samples, per sample (empty when none). */
  traj: Float64Array;
  trajectoryDimensions: number;
}

export interface IsmrmrdFile {
  xml: string;
  /** encodedSpace matrix size (readout x, phase y, z). */
  matrix: { x: number; y: number; z: number };
  /** reconSpace matrix size. */
  reconMatrix: { x: number; y: number; z: number } | null;
  /** `trajectory` element of the encoding ('cartesian', 'radial', 'spiral', 'other'). */
  trajectory: string;
  acquisitions: IsmrmrdAcquisition[];
  /** Acquisitions skipped as noise measurements. */
  noiseAcquisitions: number;
}

export interface ReadIsmrmrdOptions {
  name?: string;
  /** Dataset group (default 'dataset', else the only group with `data` and `xml`). */
  group?: string;
  /** Cap on matrix x * y * z * channels (default 2^27). */
  maxSamples?: number;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
let counter = 0;

function hasSignature(b: Uint8Array): boolean {
  // the superblock sits at 0, 512, 1024, 2048, ...
  for (let off = 0; off + 8 <= b.length; off = off === 0 ? 512 : off * 2) {
    let ok = true;
    for (let i = 0; i < 8 && ok; i++) if (b[off + i] !== SIGNATURE[i]) ok = false;
    if (ok) return true;
    if (off > 1 << 20) break;
  }
  return false;
}

function xmlNumber(xml: string, block: string, axis: string): number | null {
  const b = new RegExp(`<${block}>([\\s\\S]*?)</${block}>`).exec(xml);
  if (!b) return null;
  const ms = /<matrixSize>([\s\S]*?)<\/matrixSize>/.exec(b[1]);
  if (!ms) return null;
  const v = new RegExp(`<${axis}>\\s*([0-9]+)\\s*</${axis}>`).exec(ms[1]);
  return v ? Number(v[1]) : null;
}

let h5: Hdf5Instance | null = null;

/** HDF5's heap may grow by at most 64 MiB + 16 x the file's size while one file is read. */
const HEAP_GROWTH_BASE = 64 * 2 ** 20;
const HEAP_GROWTH_PER_BYTE = 16;

/**
 * Loads the private h5wasm instance once (./hdf5-instance.ts); `readIsmrmrdSync` needs it done.
 * Awaiting it once per process is enough: a read that fails inside HDF5 resets the instance
 * synchronously, so any number of hostile files can be read in one process.
 */
export async function initIsmrmrd(): Promise<void> {
  h5 ??= await loadHdf5();
}

/** Reads an ISMRMRD HDF5 file from its bytes (see the file comment). */
export async function readIsmrmrd(bytes: Uint8Array, opts: ReadIsmrmrdOptions = {}): Promise<IsmrmrdFile> {
  await initIsmrmrd();
  return readIsmrmrdSync(bytes, opts);
}

/** `readIsmrmrd` once `initIsmrmrd()` has resolved (h5wasm's API is synchronous after that). */
export function readIsmrmrdSync(bytes: Uint8Array, opts: ReadIsmrmrdOptions = {}): IsmrmrdFile {
  const where = ioWhere('readIsmrmrd', opts.name);
  if (!h5) throw new CandorError(where, 'h5wasm', 'initIsmrmrd() awaited before readIsmrmrdSync', 'h5wasm not loaded');
  if (!(bytes instanceof Uint8Array)) throw new CandorError(where, 'input', 'the bytes of an HDF5 file (Uint8Array)', describe(bytes));
  if (!hasSignature(bytes)) throw new CandorError(where, 'file', 'an HDF5 file (ISMRMRD raw data; signature \\x89HDF\\r\\n\\x1a\\n)', `${bytes.length} bytes without the HDF5 signature`);
  // the HDF5 library's own truncation test, said as such (it reports "unable to open file")
  const declared = hdf5DeclaredBytes(bytes);
  if (declared !== undefined && bytes.length < declared) {
    throw new CandorError(where, 'file', `the ${declared} bytes its HDF5 superblock declares (end-of-file address)`, `${bytes.length} bytes (truncated)`);
  }
  const maxSamples = opts.maxSamples ?? DEFAULT_MAX_SAMPLES;
  const inst = h5;
  const M = inst.module;
  const { FS } = M;
  const api = inst.api;
  const path = `/candor-ismrmrd-${++counter}.h5`;
  FS.writeFile(path, bytes);
  let f: InstanceType<H5Api['File']> | null = null;
  let failed = false;
  // what HDF5 may allocate for this file (a hostile one declared ~660 MB of a 77 kB file)
  inst.limitGrowth(HEAP_GROWTH_BASE + HEAP_GROWTH_PER_BYTE * bytes.length);
  try {
    // HDF5 errors become exceptions (not diagnostics on stderr) while this file is read
    M.activate_throwing_error_handler();
    f = new api.File(path, 'r');
    return readOpened(where, api, f, opts, maxSamples, bytes.length);
  } catch (e) {
    if (e instanceof CandorError) throw e;
    failed = true;
    throw new CandorError(where, 'file', 'a readable HDF5 file (ISMRMRD raw data)', `an HDF5 error: ${hdf5Reason(e)}`);
  } finally {
    try {
      f?.close();
    } catch {
      failed = true; // closing threw through HDF5 too
    }
    try {
      M.deactivate_throwing_error_handler();
    } catch {
      failed = true; // an HDF5 already damaged by this file
    }
    // HDF5 threw through its C frames: back to the state after start-up (see the file comment)
    if (failed) inst.reset();
    inst.limitGrowth(Number.POSITIVE_INFINITY);
    try {
      FS.unlink(path);
    } catch {
      /* not created */
    }
  }
}

/** The first reason in an HDF5 error stack ("#000: ... in H5X(): <reason>"), short. */
function hdf5Reason(e: unknown): string {
  const text = String((e as Error)?.message ?? e);
  const m = /#000:[^\n]*?\(\): ([^\n]*)/.exec(text);
  return (m ? m[1] : text.split('\n').find((l) => l.trim() !== '') ?? 'unknown').trim().slice(0, 160);
}

/** An acquisition record takes at least this many bytes of the file (its header alone is 340). */
const MIN_RECORD_BYTES = 64;

function readOpened(where: string, h5wasm: H5Api, f: InstanceType<H5Api['File']>, opts: ReadIsmrmrdOptions, maxSamples: number, fileBytes: number): IsmrmrdFile {
  {
    const top = f.keys();
    const expected = 'the ISMRMRD datasets <group>/xml and <group>/data (group "dataset")';
    let group = opts.group ?? 'dataset';
    if (!top.includes(group)) {
      const cands = top.filter((g) => {
        const e = f.get(g);
        return e instanceof h5wasm.Group && e.keys().includes('data') && e.keys().includes('xml');
      });
      if (opts.group !== undefined || cands.length !== 1) throw new CandorError(where, 'datasets', expected, top.length ? `top-level entries ${top.join(', ')}` : 'an empty file');
      group = cands[0];
    }
    const g = f.get(group);
    if (!(g instanceof h5wasm.Group)) throw new CandorError(where, 'datasets', expected, `"${group}" is not a group`);
    const keys = g.keys();
    for (const k of ['xml', 'data']) {
      if (!keys.includes(k)) throw new CandorError(where, 'datasets', expected, `${group}/ holds ${keys.length ? keys.join(', ') : 'nothing'} (no ${k})`);
    }
    const xd = g.get('xml');
    if (!(xd instanceof h5wasm.Dataset)) throw new CandorError(where, `${group}/xml`, 'a dataset holding the XML header', 'not a dataset');
    const xv = xd.value as unknown;
    const xml = Array.isArray(xv) ? String(xv[0]) : String(xv);
    if (!xml.includes('<ismrmrdHeader')) throw new CandorError(where, `${group}/xml`, 'an ISMRMRD XML header (<ismrmrdHeader>)', describe(xml));
    const ex = xmlNumber(xml, 'encodedSpace', 'x');
    const ey = xmlNumber(xml, 'encodedSpace', 'y');
    const ez = xmlNumber(xml, 'encodedSpace', 'z') ?? 1;
    if (ex === null || ey === null || ex < 1 || ey < 1) throw new CandorError(where, 'XML header', 'encoding/encodedSpace/matrixSize with x and y >= 1', 'none');
    const rx = xmlNumber(xml, 'reconSpace', 'x');
    const ry = xmlNumber(xml, 'reconSpace', 'y');
    const rz = xmlNumber(xml, 'reconSpace', 'z') ?? 1;
    const tm = /<trajectory>\s*([a-zA-Z]+)\s*<\/trajectory>/.exec(xml);
    const trajectory = tm ? tm[1] : 'cartesian';
    const dd = g.get('data');
    if (!(dd instanceof h5wasm.Dataset)) throw new CandorError(where, `${group}/data`, 'a dataset of acquisitions', 'not a dataset');
    const md = dd.metadata as { compound_type?: { members: { name: string; compound_type?: { members: { name: string; compound_type?: { members: { name: string }[] } }[] } }[] } };
    const members = md.compound_type?.members ?? [];
    const names = members.map((m) => m.name);
    for (const k of ['head', 'traj', 'data']) {
      if (!names.includes(k)) throw new CandorError(where, `${group}/data`, 'ISMRMRD acquisition records { head, traj, data }', `records with fields ${names.join(', ') || '(none)'}`);
    }
    const head = members[names.indexOf('head')].compound_type?.members ?? [];
    const hn = head.map((m) => m.name);
    const need = ['flags', 'number_of_samples', 'active_channels', 'center_sample', 'trajectory_dimensions', 'idx'];
    for (const k of need) if (!hn.includes(k)) throw new CandorError(where, `${group}/data head`, `the AcquisitionHeader fields ${need.join(', ')}`, `no ${k}`);
    const idxNames = (head[hn.indexOf('idx')].compound_type?.members ?? []).map((m) => m.name);
    const iLine = idxNames.indexOf('kspace_encode_step_1');
    const iPart = idxNames.indexOf('kspace_encode_step_2');
    const iSlice = idxNames.indexOf('slice');
    const iRep = idxNames.indexOf('repetition');
    if (iLine < 0) throw new CandorError(where, `${group}/data head.idx`, 'the field kspace_encode_step_1', `fields ${idxNames.join(', ')}`);
    const shape = dd.shape ?? [];
    const nrec = shape.length === 1 ? shape[0] : 0;
    if (shape.length !== 1) throw new CandorError(where, `${group}/data`, 'a 1-D dataset of acquisitions', `shape [${shape.join(', ')}]`);
    const hi = (k: string) => hn.indexOf(k);
    // the declared record count against the file's size, before h5wasm allocates for it
    if (nrec * MIN_RECORD_BYTES > fileBytes || nrec > maxSamples) {
      throw new CandorError(where, `${group}/data`, `at most ${Math.min(Math.floor(fileBytes / MIN_RECORD_BYTES), maxSamples)} acquisition records (a ${fileBytes}-byte file)`, `${nrec} declared`);
    }
    const rows: unknown[][] = [];
    for (let r0 = 0; r0 < nrec; r0 += 1024) {
      const part = dd.slice([[r0, Math.min(nrec, r0 + 1024)]]) as unknown as unknown[][];
      for (const row of part) rows.push(row);
    }
    const acquisitions: IsmrmrdAcquisition[] = [];
    let noise = 0;
    let total = 0;
    for (let r = 0; r < nrec; r++) {
      const row = rows[r];
      const h = row[names.indexOf('head')] as unknown[];
      const flags = BigInt(h[hi('flags')] as bigint | number);
      if ((flags >> 18n) & 1n) {
        noise++;
        continue;
      }
      const samples = Number(h[hi('number_of_samples')]);
      const channels = Number(h[hi('active_channels')]);
      const td = Number(h[hi('trajectory_dimensions')]);
      const at = `acquisition ${r}`;
      if (!(Number.isInteger(samples) && samples >= 1 && Number.isInteger(channels) && channels >= 1 && channels <= 1024)) {
        throw new CandorError(where, at, 'number_of_samples >= 1 and active_channels in [1, 1024]', `${samples} samples, ${channels} channels`);
      }
      total += samples * channels;
      if (total > maxSamples) throw new CandorError(where, 'samples', `at most ${maxSamples} complex samples in all (the reader's limit; maxSamples in the library)`, `more from ${at} on`);
      const raw = row[names.indexOf('data')] as Float32Array | number[];
      const len = raw ? raw.length : 0;
      if (len !== 2 * samples * channels) {
        throw new CandorError(where, `${at} data`, `${2 * samples * channels} floats (its header: ${channels} channels x ${samples} samples, complex)`, `${len}`);
      }
      const tr = (row[names.indexOf('traj')] as Float32Array | number[] | undefined) ?? [];
      if (tr.length !== td * samples) {
        throw new CandorError(where, `${at} traj`, `${td * samples} floats (trajectory_dimensions ${td} x ${samples} samples)`, `${tr.length}`);
      }
      const data = Float64Array.from(raw);
      for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) throw new CandorError(where, `${at} data`, 'finite samples', `${data[i]} at float ${i}`);
      const idx = h[hi('idx')] as number[];
      acquisitions.push({
        line: Number(idx[iLine]),
        partition: iPart >= 0 ? Number(idx[iPart]) : 0,
        slice: iSlice >= 0 ? Number(idx[iSlice]) : 0,
        repetition: iRep >= 0 ? Number(idx[iRep]) : 0,
        samples,
        channels,
        centerSample: Number(h[hi('center_sample')]),
        data,
        traj: Float64Array.from(tr),
        trajectoryDimensions: td,
      });
    }
    return {
      xml,
      matrix: { x: ex, y: ey, z: ez },
      reconMatrix: rx !== null && ry !== null ? { x: rx, y: ry, z: rz } : null,
      trajectory,
      acquisitions,
      noiseAcquisitions: noise,
    };
  }
}
