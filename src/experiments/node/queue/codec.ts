/**
 * The text form of what travels through Redis (a sweep's spec for the workers, a job's results
 * for the coordinator): JSON, extended so that nothing changes on the way. Plain JSON turns NaN
 * and +-Infinity into null and -0 into 0, and has no typed arrays; here those become tagged
 * objects (`{"$num": "NaN"}`, `{"$f64": "<base64 of the little-endian bytes>"}`, likewise `$f32`,
 * `$i32`, `$u8`), so `decodeValue(encodeValue(x))` is `x` bit for bit (every finite double
 * survives JSON already: JavaScript prints the shortest text that reads back to the same double).
 * Results must come back identical: the store compares every reproducible field exactly.
 *
 * @example
 * import { decodeValue, encodeValue } from './codec.ts';
 * const t = encodeValue({ e: Number.NaN, z: -0, x: Float64Array.of(0.1, 2) });
 * // '{"e":{"$num":"NaN"},"z":{"$num":"-0"},"x":{"$f64":"mpmZmZmZuT8AAAAAAAAAQA=="}}'
 * Object.is(decodeValue(t).z, -0); // true
 */
import { CandorError } from '../../../core/errors.ts';

type Typed = Float64Array | Float32Array | Int32Array | Uint8Array;
const TAGS: Record<string, new (b: ArrayBuffer) => Typed> = { $f64: Float64Array, $f32: Float32Array, $i32: Int32Array, $u8: Uint8Array };

function tagOf(v: object): string | null {
  if (v instanceof Float64Array) return '$f64';
  if (v instanceof Float32Array) return '$f32';
  if (v instanceof Int32Array) return '$i32';
  if (v instanceof Uint8Array) return '$u8';
  return null;
}

/** Little-endian bytes of a typed array (the byte order of every machine Node runs on in practice, checked). */
function bytesOf(v: Typed): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

const LITTLE = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export function encodeValue(value: unknown): string {
  if (!LITTLE) throw new CandorError('queue codec', 'byte order', 'a little-endian machine', 'a big-endian one');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !Object.is(v, -0)) return v;
      return { $num: Object.is(v, -0) ? '-0' : String(v) };
    }
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol') {
        throw new CandorError('queue codec', 'value', 'JSON data, numbers and typed arrays', typeof v);
      }
      return v;
    }
    if (ArrayBuffer.isView(v)) {
      const tag = tagOf(v);
      if (!tag) throw new CandorError('queue codec', 'typed array', 'a Float64Array, Float32Array, Int32Array or Uint8Array', v.constructor.name);
      return { [tag]: bytesOf(v as Typed).toString('base64') };
    }
    if (Array.isArray(v)) return v.map(walk);
    // fromEntries keeps a key named __proto__ as a key (an assignment would set the prototype)
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, walk(x)]),
    );
  };
  return JSON.stringify(walk(value));
}

export function decodeValue(text: string, where = 'queue codec'): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CandorError(where, 'data', 'the JSON written by a Candor worker or coordinator', (e as Error).message);
  }
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const k = keys[0];
      if (k === '$num') {
        const s = o[k];
        if (s === 'NaN') return Number.NaN;
        if (s === 'Infinity') return Number.POSITIVE_INFINITY;
        if (s === '-Infinity') return Number.NEGATIVE_INFINITY;
        if (s === '-0') return -0;
        throw new CandorError(where, 'tagged number', 'NaN, Infinity, -Infinity or -0', JSON.stringify(s));
      }
      const Ctor = TAGS[k];
      if (Ctor) {
        if (typeof o[k] !== 'string') throw new CandorError(where, `tagged array ${k}`, 'a base64 string', typeof o[k]);
        const b = Buffer.from(o[k] as string, 'base64');
        const size = new Ctor(new ArrayBuffer(0)).BYTES_PER_ELEMENT;
        if (b.length % size !== 0) throw new CandorError(where, `tagged array ${k}`, `a multiple of ${size} bytes`, `${b.length} bytes`);
        const buf = new ArrayBuffer(b.length);
        new Uint8Array(buf).set(b);
        return new Ctor(buf);
      }
    }
    return Object.fromEntries(keys.map((k) => [k, walk(o[k])]));
  };
  return walk(raw);
}
