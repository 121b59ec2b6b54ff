/**
 * Byte and value mutations for the fuzz targets, driven by the project's seeded generator: bit
 * flips, interesting integers written over 1/2/4/8 bytes in either byte order, inserted,
 * deleted, duplicated and spliced ranges, truncation; and for JSON values, replaced fields,
 * extreme numbers, wrong types and deep nesting.
 */
import type { Rng } from '../../src/core/rng/index.ts';

export const INTERESTING = [0, 1, -1, 2, 7, 8, 15, 16, 255, 256, 32767, 32768, 65535, 65536, 0x7fffffff, 0x80000000, 0xffffffff, 1e9, 2 ** 32, 2 ** 53];

export function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

function writeInt(b: Uint8Array, at: number, v: number, width: number, le: boolean): void {
  let x = BigInt.asUintN(64, BigInt(Math.trunc(v)));
  for (let i = 0; i < width && at + i < b.length; i++) {
    const byte = Number(x & 0xffn);
    x >>= 8n;
    b[le ? at + i : at + width - 1 - i] = byte;
  }
}

/** One mutation of `src` (a new array). */
export function mutateOnce(rng: Rng, src: Uint8Array, other?: Uint8Array): Uint8Array {
  const n = src.length;
  const at = n ? rng.int(n) : 0;
  switch (rng.int(9)) {
    case 0: {
      const b = src.slice();
      if (n) b[at] ^= 1 << rng.int(8);
      return b;
    }
    case 1: {
      const b = src.slice();
      if (n) b[at] = pick(rng, [0, 0xff, 0x7f, 0x80, 0x01, 0x20, 0x30, 0x39]);
      return b;
    }
    case 2: {
      const b = src.slice();
      writeInt(b, at, pick(rng, INTERESTING) * (rng.int(4) === 0 ? -1 : 1), pick(rng, [1, 2, 4, 8]), rng.int(2) === 0);
      return b;
    }
    case 3:
      return src.slice(0, n ? rng.int(n) : 0); // truncate
    case 4: {
      const len = 1 + rng.int(Math.min(64, Math.max(1, n - at)));
      const b = new Uint8Array(n + len);
      b.set(src.subarray(0, at));
      for (let i = 0; i < len; i++) b[at + i] = rng.int(256);
      b.set(src.subarray(at), at + len);
      return b;
    }
    case 5: {
      const len = rng.int(Math.min(256, n - at) + 1);
      const b = new Uint8Array(n - len);
      b.set(src.subarray(0, at));
      b.set(src.subarray(at + len), at);
      return b;
    }
    case 6: {
      const len = 1 + rng.int(Math.min(512, Math.max(1, n - at)));
      const piece = src.subarray(at, at + len);
      const to = n ? rng.int(n) : 0;
      const b = new Uint8Array(n + piece.length);
      b.set(src.subarray(0, to));
      b.set(piece, to);
      b.set(src.subarray(to), to + piece.length);
      return b;
    }
    case 7: {
      if (!other || other.length === 0) return src.slice();
      const cut = rng.int(n + 1);
      const from = rng.int(other.length);
      const b = new Uint8Array(cut + other.length - from);
      b.set(src.subarray(0, cut));
      b.set(other.subarray(from), cut);
      return b;
    }
    default: {
      const b = src.slice();
      const runs = 1 + rng.int(8);
      for (let r = 0; r < runs && n; r++) b[rng.int(n)] = rng.int(256);
      return b;
    }
  }
}

/** 1 to 4 stacked mutations, mostly in the first `headBytes` bytes (where headers live). */
export function mutateBytes(rng: Rng, src: Uint8Array, other?: Uint8Array, headBytes = 0): Uint8Array {
  let b = src;
  const times = 1 + rng.int(4);
  for (let t = 0; t < times; t++) {
    if (headBytes > 0 && b.length > headBytes && rng.int(3) > 0) {
      const head = mutateOnce(rng, b.subarray(0, headBytes), other);
      const out = new Uint8Array(head.length + b.length - headBytes);
      out.set(head);
      out.set(b.subarray(headBytes), head.length);
      b = out;
    } else b = mutateOnce(rng, b, other);
  }
  return b;
}

const WEIRD: unknown[] = [null, true, false, 0, -1, 1.5, Number.NaN, 1e308, -1e308, 2 ** 53, 2 ** 31, 4294967296, 1e12, '', 'x', '1e3', '0x10', [], {}, [1, 2], { from: 0, to: 1, count: 1e9 }, 'gaussian', '__proto__', 'constructor'];

/** A mutated copy of a JSON-like value: a field replaced, removed, added, or nested deeper. */
export function mutateValue(rng: Rng, v: unknown, depth = 0): unknown {
  if (depth > 6 || rng.int(10) === 0) return pick(rng, WEIRD);
  if (Array.isArray(v)) {
    const a = v.slice();
    const op = rng.int(4);
    if (op === 0 && a.length) a[rng.int(a.length)] = mutateValue(rng, a[rng.int(a.length)], depth + 1);
    else if (op === 1 && a.length) a.splice(rng.int(a.length), 1);
    else if (op === 2) a.push(pick(rng, WEIRD));
    else return pick(rng, WEIRD);
    return a;
  }
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(o);
    const op = rng.int(5);
    if (op <= 1 && keys.length) {
      const k = pick(rng, keys);
      o[k] = mutateValue(rng, o[k], depth + 1);
    } else if (op === 2 && keys.length) delete o[pick(rng, keys)];
    else if (op === 3) o[pick(rng, ['extra', 'n', 'm', 'k', 'type', 'rows', 'seed', 'delta', 'rho', 'solver', 'options', 'trials'])] = pick(rng, WEIRD);
    else return pick(rng, WEIRD);
    return o;
  }
  if (typeof v === 'number') return pick(rng, [v + 1, v - 1, -v, v * 1e6, v / 3, 0, ...WEIRD]);
  if (typeof v === 'string') return pick(rng, [`${v}x`, v.slice(1), v.toUpperCase(), ...WEIRD]);
  return pick(rng, WEIRD);
}

/** JSON text of a mutated value, sometimes with its text mutated too (broken JSON). */
export function mutateJsonText(rng: Rng, v: unknown): string {
  const text = JSON.stringify(mutateValue(rng, v)) ?? 'null';
  if (rng.int(5) > 0) return text;
  return new TextDecoder().decode(mutateOnce(rng, new TextEncoder().encode(text)));
}
