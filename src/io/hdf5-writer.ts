/**
 * A minimal HDF5 writer (browser-safe, no dependencies): nested groups and contiguous datasets of
 * integers, floats, fixed-size arrays, compounds and variable-length sequences and strings, the
 * subset ISMRMRD needs (./ismrmrd-write.ts). h5wasm (HDF5 compiled to WebAssembly), which Candor
 * reads with, cannot write variable-length members inside a compound (its writer throws) nor
 * array members, and ISMRMRD's acquisitions are compounds holding both.
 *
 * File layout (HDF5 File Format Specification version 3.0, the "latest format" objects):
 * superblock version 2 (48 bytes, Jenkins lookup3 checksum) | global heap collections holding
 * the variable-length data ("GCOL", version 1; at least 4096 bytes each, at most 65535 objects) |
 * each dataset's raw data (contiguous, little-endian, compound members packed in order) | object
 * headers version 2 ("OHDR", lookup3 checksum): datasets (dataspace v2, datatype, fill value v3,
 * layout v3 contiguous), then groups (link info, group info, one link message per child, compact
 * storage), the root group last. Datatypes: fixed-point and IEEE floats (version 1), compound and
 * array (version 3), variable-length sequence and string (version 1; a string's base type is the
 * 1-byte unsigned integer, as libhdf5 writes it). A variable-length element on disk is its length
 * (4 bytes) and a global heap ID (collection address, 8 bytes; object index, 4 bytes); an empty
 * one has address 0 and index 0.
 *
 * Checked by reading back with h5wasm (libhdf5 1.14), `h5dump` and the ISMRMRD tools
 * (test/io/hdf5-writer.test.ts).
 *
 * @example
 * import { writeHdf5 } from './hdf5-writer.ts';
 * const bytes = writeHdf5({ groups: { g: { datasets: { x: { type: { kind: 'float', size: 8 }, shape: [3], values: [1, 2, 3] } } } } });
 */
import { CandorError, describe } from '../core/errors.ts';

/** A datatype the writer can encode. */
export type H5Type =
  | { kind: 'int'; size: 1 | 2 | 4 | 8; signed: boolean }
  | { kind: 'float'; size: 4 | 8 }
  | { kind: 'array'; base: H5Type; dims: number[] }
  | { kind: 'compound'; members: { name: string; type: H5Type }[] }
  | { kind: 'vlen'; base: H5Type }
  | { kind: 'vlen-string' };

/**
 * A dataset: its type, shape and values in row-major order, one per element: numbers (or bigint
 * for 8-byte integers) for int and float, arrays (or typed arrays) for array and vlen, objects
 * keyed by member name for compound, strings for vlen-string.
 */
export interface H5Dataset {
  type: H5Type;
  shape: number[];
  values: ArrayLike<unknown>;
}

/** A group: datasets and subgroups by name. */
export interface H5Group {
  datasets?: Record<string, H5Dataset>;
  groups?: Record<string, H5Group>;
}

const UNDEF = 0xffffffffffffffffn;
const SUPERBLOCK = 48;
const GCOL_MIN = 4096;
const GCOL_MAX_OBJECTS = 65535;

/** Bob Jenkins' lookup3 hashlittle (the checksum of HDF5's version 2 metadata). */
export function lookup3(k: Uint8Array, init = 0): number {
  let length = k.length;
  let a = (0xdeadbeef + length + init) >>> 0;
  let b = a;
  let c = a;
  const rot = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;
  let o = 0;
  while (length > 12) {
    a = (a + (k[o] | (k[o + 1] << 8) | (k[o + 2] << 16) | (k[o + 3] << 24))) >>> 0;
    b = (b + (k[o + 4] | (k[o + 5] << 8) | (k[o + 6] << 16) | (k[o + 7] << 24))) >>> 0;
    c = (c + (k[o + 8] | (k[o + 9] << 8) | (k[o + 10] << 16) | (k[o + 11] << 24))) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rot(c, 4)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rot(a, 6)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rot(b, 8)) >>> 0; b = (b + a) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rot(c, 16)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rot(a, 19)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rot(b, 4)) >>> 0; b = (b + a) >>> 0;
    length -= 12;
    o += 12;
  }
  if (length === 0) return c;
  // the last 1 - 12 bytes, as lookup3's byte-wise tail
  const t = (i: number) => (i < length ? k[o + i] : 0);
  a = (a + (t(0) | (t(1) << 8) | (t(2) << 16) | (t(3) << 24))) >>> 0;
  b = (b + (t(4) | (t(5) << 8) | (t(6) << 16) | (t(7) << 24))) >>> 0;
  c = (c + (t(8) | (t(9) << 8) | (t(10) << 16) | (t(11) << 24))) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 24)) >>> 0;
  return c;
}

/** A growable little-endian byte buffer. */
class Bytes {
  buf = new Uint8Array(256);
  view = new DataView(this.buf.buffer);
  length = 0;
  private room(n: number): number {
    if (this.length + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.length + n) size *= 2;
      const b = new Uint8Array(size);
      b.set(this.buf.subarray(0, this.length));
      this.buf = b;
      this.view = new DataView(b.buffer);
    }
    const at = this.length;
    this.length += n;
    return at;
  }
  u8(v: number): this {
    const at = this.room(1);
    this.view.setUint8(at, v);
    return this;
  }
  u16(v: number): this {
    const at = this.room(2);
    this.view.setUint16(at, v, true);
    return this;
  }
  u32(v: number): this {
    const at = this.room(4);
    this.view.setUint32(at, v >>> 0, true);
    return this;
  }
  u64(v: number | bigint): this {
    const at = this.room(8);
    this.view.setBigUint64(at, BigInt(v), true);
    return this;
  }
  /** Unsigned integer of `size` bytes. */
  uint(v: number, size: number): this {
    for (let i = 0; i < size; i++) this.u8(Math.floor(v / 256 ** i) % 256);
    return this;
  }
  bytes(b: Uint8Array): this {
    const at = this.room(b.length);
    this.buf.set(b, at);
    return this;
  }
  zeros(n: number): this {
    const at = this.room(n);
    this.buf.fill(0, at, this.length);
    return this;
  }
  out(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Bytes one element of the type takes in the file. */
export function typeSize(t: H5Type): number {
  switch (t.kind) {
    case 'int':
    case 'float':
      return t.size;
    case 'array':
      return typeSize(t.base) * t.dims.reduce((p, q) => p * q, 1);
    case 'compound':
      return t.members.reduce((s, m) => s + typeSize(m.type), 0);
    default:
      return 16; // vlen: length (4) + collection address (8) + object index (4)
  }
}

/** The datatype message's encoding of a type (see the file comment). */
function encodeType(t: H5Type, w: Bytes): void {
  const size = typeSize(t);
  switch (t.kind) {
    case 'int':
      w.u8(0x10).u8(t.signed ? 0x08 : 0).u8(0).u8(0).u32(size).u16(0).u16(8 * size);
      return;
    case 'float': {
      const [sign, exp, expSize, mantSize, bias] = t.size === 4 ? [31, 23, 8, 23, 127] : [63, 52, 11, 52, 1023];
      // bit field: little-endian, implied mantissa msb (2 << 4), sign location in bits 8-15
      w.u8(0x11).u8(0x20).u8(sign).u8(0).u32(size).u16(0).u16(8 * size).u8(exp).u8(expSize).u8(0).u8(mantSize).u32(bias);
      return;
    }
    case 'compound': {
      const n = t.members.length;
      w.u8(0x36).u8(n & 0xff).u8(n >> 8).u8(0).u32(size);
      const offBytes = size < 256 ? 1 : size < 65536 ? 2 : size < 2 ** 24 ? 3 : 4;
      let off = 0;
      for (const m of t.members) {
        w.bytes(new TextEncoder().encode(m.name)).u8(0);
        w.uint(off, offBytes);
        encodeType(m.type, w);
        off += typeSize(m.type);
      }
      return;
    }
    case 'array':
      w.u8(0x3a).u8(0).u8(0).u8(0).u32(size).u8(t.dims.length);
      for (const d of t.dims) w.u32(d);
      encodeType(t.base, w);
      return;
    case 'vlen':
      w.u8(0x19).u8(0).u8(0).u8(0).u32(16);
      encodeType(t.base, w);
      return;
    case 'vlen-string':
      // type 1 (string), null-terminated padding, ASCII; base: 1-byte unsigned integer
      w.u8(0x19).u8(0x01).u8(0).u8(0).u32(16);
      encodeType({ kind: 'int', size: 1, signed: false }, w);
      return;
  }
}

/** A variable-length payload placed in a global heap collection. */
interface HeapObject {
  data: Uint8Array;
  collection: number;
  index: number;
}

/** Encodes one element into w; variable-length payloads go to `heap` (their IDs patched later). */
function encodeValue(t: H5Type, v: unknown, w: Bytes, heap: HeapObject[], refs: { at: number; obj: HeapObject }[], where: string): void {
  switch (t.kind) {
    case 'int': {
      if (t.size === 8) {
        const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v ?? 0)));
        w.u64(BigInt.asUintN(64, b));
        return;
      }
      const n = Math.trunc(Number(v ?? 0));
      if (!Number.isFinite(n)) throw new CandorError(where, 'value', 'a finite integer', describe(v));
      const u = n < 0 ? n + 2 ** (8 * t.size) : n;
      w.uint(u, t.size);
      return;
    }
    case 'float': {
      const at = w.length;
      w.zeros(t.size);
      if (t.size === 4) w.view.setFloat32(at, Number(v ?? 0), true);
      else w.view.setFloat64(at, Number(v ?? 0), true);
      return;
    }
    case 'array': {
      const count = t.dims.reduce((p, q) => p * q, 1);
      const a = (v ?? []) as ArrayLike<unknown>;
      for (let i = 0; i < count; i++) encodeValue(t.base, i < a.length ? a[i] : 0, w, heap, refs, where);
      return;
    }
    case 'compound': {
      const o = (v ?? {}) as Record<string, unknown>;
      for (const m of t.members) encodeValue(m.type, o[m.name], w, heap, refs, where);
      return;
    }
    case 'vlen':
    case 'vlen-string': {
      let data: Uint8Array;
      let count: number;
      if (t.kind === 'vlen-string') {
        data = new TextEncoder().encode(String(v ?? ''));
        count = data.length;
      } else {
        const a = (v ?? []) as ArrayLike<unknown>;
        count = a.length;
        const b = new Bytes();
        for (let i = 0; i < count; i++) encodeValue(t.base, a[i], b, heap, refs, where);
        data = b.out();
      }
      w.u32(count);
      if (count === 0) {
        w.zeros(12); // the null heap ID
        return;
      }
      const obj: HeapObject = { data, collection: -1, index: 0 };
      heap.push(obj);
      refs.push({ at: w.length, obj });
      w.zeros(12);
      return;
    }
  }
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** One message of an object header: type and data. */
type Message = [type: number, data: Uint8Array, flags?: number];

/** An object header version 2 with the messages (see the file comment). */
function objectHeader(messages: Message[]): Uint8Array {
  const body = new Bytes();
  for (const [type, data, flags] of messages) body.u8(type).u16(data.length).u8(flags ?? 0).bytes(data);
  const w = new Bytes();
  w.bytes(new TextEncoder().encode('OHDR')).u8(2).u8(0x02).u32(body.length).bytes(body.out());
  const head = w.out();
  return new Bytes().bytes(head).u32(lookup3(head)).out();
}

/** The bytes of an HDF5 file holding `root` (see the file comment). */
export function writeHdf5(root: H5Group): Uint8Array {
  const where = 'writeHdf5';
  // 1. every dataset's raw data, its variable-length payloads collected
  interface Encoded {
    ds: H5Dataset;
    raw: Bytes;
    refs: { at: number; obj: HeapObject }[];
  }
  const heap: HeapObject[] = [];
  const encoded = new Map<H5Dataset, Encoded>();
  const visit = (g: H5Group, path: string) => {
    for (const [name, ds] of Object.entries(g.datasets ?? {})) {
      const count = ds.shape.reduce((p, q) => p * q, 1);
      if (ds.values.length !== count) throw new CandorError(where, `dataset ${path}${name}`, `${count} values (shape [${ds.shape.join(', ')}])`, `${ds.values.length}`);
      const raw = new Bytes();
      const refs: Encoded['refs'] = [];
      for (let i = 0; i < count; i++) encodeValue(ds.type, ds.values[i], raw, heap, refs, `${where}: ${path}${name}`);
      encoded.set(ds, { ds, raw, refs });
    }
    for (const [name, sub] of Object.entries(g.groups ?? {})) visit(sub, `${path}${name}/`);
  };
  visit(root, '/');
  // 2. global heap collections after the superblock
  const file = new Bytes();
  file.zeros(SUPERBLOCK);
  let i = 0;
  while (i < heap.length) {
    let used = 16;
    let j = i;
    while (j < heap.length && j - i < GCOL_MAX_OBJECTS) {
      used += 16 + align8(heap[j].data.length);
      j++;
    }
    const size = Math.max(GCOL_MIN, used + 16);
    const addr = file.length;
    file.bytes(new TextEncoder().encode('GCOL')).u8(1).zeros(3).u64(size);
    for (let q = i; q < j; q++) {
      const o = heap[q];
      o.collection = addr;
      o.index = q - i + 1;
      file.u16(o.index).u16(0).u32(0).u64(o.data.length).bytes(o.data).zeros(align8(o.data.length) - o.data.length);
    }
    // the free space: object 0, its size counting its own header
    file.u16(0).u16(0).u32(0).u64(size - used).zeros(size - used - 16);
    i = j;
  }
  // 3. raw data, the heap IDs patched in
  const dataAddr = new Map<H5Dataset, number>();
  for (const e of encoded.values()) {
    for (const { at, obj } of e.refs) {
      e.raw.view.setBigUint64(at, BigInt(obj.collection), true);
      e.raw.view.setUint32(at + 8, obj.index, true);
    }
    dataAddr.set(e.ds, file.length);
    file.bytes(e.raw.out());
  }
  // 4. object headers: datasets, then groups bottom-up
  const datasetHeader = (ds: H5Dataset): number => {
    const space = new Bytes().u8(2).u8(ds.shape.length).u8(0).u8(ds.shape.length === 0 ? 0 : 1);
    for (const d of ds.shape) space.u64(d);
    const type = new Bytes();
    encodeType(ds.type, type);
    const fill = new Bytes().u8(3).u8(0x0a); // late allocation, fill value written if set, none set
    const bytes = (encoded.get(ds) as Encoded).raw.length;
    const layout = new Bytes().u8(3).u8(1).u64(dataAddr.get(ds) as number).u64(bytes);
    const addr = file.length;
    file.bytes(objectHeader([[0x01, space.out()], [0x03, type.out(), 1], [0x05, fill.out()], [0x08, layout.out()]]));
    return addr;
  };
  const groupHeader = (g: H5Group): number => {
    const links: [string, number][] = [];
    for (const [name, ds] of Object.entries(g.datasets ?? {})) links.push([name, datasetHeader(ds)]);
    for (const [name, sub] of Object.entries(g.groups ?? {})) links.push([name, groupHeader(sub)]);
    const msgs: Message[] = [
      [0x02, new Bytes().u8(0).u8(0).u64(UNDEF).u64(UNDEF).out()],
      [0x0a, new Bytes().u8(0).u8(0).out()],
    ];
    for (const [name, addr] of links) {
      const nb = new TextEncoder().encode(name);
      if (nb.length < 1 || nb.length > 255) throw new CandorError(where, 'link name', '1 to 255 bytes', describe(name));
      msgs.push([0x06, new Bytes().u8(1).u8(0).u8(nb.length).bytes(nb).u64(addr).out()]);
    }
    const addr = file.length;
    file.bytes(objectHeader(msgs));
    return addr;
  };
  const rootAddr = groupHeader(root);
  // 5. the superblock
  const out = file.out();
  const sb = new Bytes()
    .bytes(Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a))
    .u8(2)
    .u8(8)
    .u8(8)
    .u8(0)
    .u64(0)
    .u64(UNDEF)
    .u64(out.length)
    .u64(rootAddr)
    .out();
  out.set(sb, 0);
  new DataView(out.buffer).setUint32(44, lookup3(sb), true);
  return out;
}
