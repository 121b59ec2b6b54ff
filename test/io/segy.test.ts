/**
 * SEG-Y and SU against files written and read by segyio (and, for what segyio cannot write,
 * packed with Python's struct/numpy): scripts/fixtures/io_segy.py, test/fixtures/io/segy_expected.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CandorError } from '../../src/core/errors.ts';
import { readNpy } from '../../src/io/npy.ts';
import { NTRACE_FIELDS, SEGYIO_REV1_BINARY_FIELDS, TRACE_FIELDS } from '../../src/io/segy-fields.ts';
import { SAMPLE_FORMATS } from '../../src/io/segy-formats.ts';
import { ibmToNumber, numberToIbm } from '../../src/io/segy-ibm.ts';
import { applyScalar, readSegy, segyFromTraces, traceField, writeSegy } from '../../src/io/segy.ts';
import { readSu, writeSu } from '../../src/io/su.ts';

interface FileCase {
  file: string;
  endian: 'big' | 'little';
  format: number;
  ns: number;
  interval: number;
  ntraces: number;
  text: string[];
  textEncoding?: 'ebcdic' | 'ascii';
  bin?: Record<string, number>;
  headers: number[][];
  data: number[];
  extraHeaders?: number;
  trailer?: number;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/io/segy_expected.json', import.meta.url), 'utf8')) as {
  trace_fields: string[];
  segyio: Record<string, FileCase>;
  rev2: Record<string, FileCase>;
  su: Record<string, Omit<FileCase, 'format' | 'text'>>;
  f3: {
    format: number;
    ns: number;
    ntraces: number;
    interval: number;
    text: string;
    bin: Record<string, number>;
    headers: Record<string, number[]>;
    columns: Record<string, number[]>;
  };
  ibm: {
    read: { bits: number; value: number }[];
    write: { value: number; nearest: number; truncate: number }[];
    segyio_truncate: { value: number; bits: number }[];
  };
};
const bytesOf = (file: string) => new Uint8Array(readFileSync(new URL(`../fixtures/io/${file}`, import.meta.url)));
const F3 = '../shared/data/seismic/segyio_f3.sgy';
const f3Bytes = () => new Uint8Array(readFileSync(F3));
const pad = (s: string) => s.padEnd(3200, ' ');
const headersOf = (h: Int32Array, t: number) => Array.from(h.subarray(t * NTRACE_FIELDS, (t + 1) * NTRACE_FIELDS));

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function throwsExactly(f: () => unknown, message: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof CandorError, `not a CandorError: ${e}`);
    assert.equal((e as Error).message, message);
    return true;
  });
}

it('the trace header fields are segyio.TraceField, in byte order, covering all 240 bytes', () => {
  assert.deepEqual(
    TRACE_FIELDS.map((f) => f.name),
    fx.trace_fields,
  );
  assert.equal(TRACE_FIELDS.reduce((s, f) => s + f.size, 0), 240);
});

describe('readSegy against segyio (formats 1, 2, 3, 5, 8; big- and little-endian; extended headers)', () => {
  for (const [name, c] of Object.entries(fx.segyio)) {
    it(`${name}: headers and samples equal segyio's`, () => {
      const f = readSegy(bytesOf(c.file), { name });
      assert.equal(f.endian, c.endian);
      assert.equal(f.format, c.format);
      assert.equal(f.ns, c.ns);
      assert.equal(f.interval, c.interval);
      assert.equal(f.ntraces, c.ntraces);
      assert.equal(f.textEncoding, 'ebcdic');
      assert.deepEqual(f.text, c.text.map(pad));
      for (const k of SEGYIO_REV1_BINARY_FIELDS) {
        // bytes 3501-3502 are the major and minor revision bytes (rev 2), in any byte order; segyio 1.8
        // writes and reads them as one 16-bit integer in the file's order, so little-endian files differ
        const want = k === 'SEGYRevision' && c.endian === 'little' ? ((c.bin![k] & 0xff) << 8) | (c.bin![k] >> 8) : c.bin?.[k];
        assert.equal(f.binary[k], want, `binary ${k}`);
      }
      for (let t = 0; t < c.ntraces; t++) assert.deepEqual(headersOf(f.headers, t), c.headers[t], `trace ${t} headers`);
      assert.deepEqual(Array.from(f.data), c.data);
    });
  }
  it('covers every format segyio writes, both byte orders and extended textual headers', () => {
    const seen = new Set(Object.values(fx.segyio).map((c) => `${c.format}${c.endian}`));
    for (const code of [1, 2, 3, 5, 8]) for (const e of ['big', 'little']) assert.ok(seen.has(`${code}${e}`), `${code} ${e}`);
    assert.ok(Object.values(fx.segyio).some((c) => c.text.length === 3));
  });
});

describe('readSegy: rev 2 files (formats 6, 7, 9, 10, 11, 12, 15, 16, ASCII text, EndText, extra headers, trailer)', () => {
  for (const [name, c] of Object.entries(fx.rev2)) {
    it(`${name}: reads the packed headers and samples`, () => {
      const f = readSegy(bytesOf(c.file), { name });
      assert.equal(f.endian, c.endian);
      assert.equal(f.format, c.format);
      assert.equal(f.ns, c.ns);
      assert.equal(f.interval, c.interval);
      assert.equal(f.ntraces, c.ntraces);
      assert.equal(f.textEncoding, c.textEncoding);
      assert.deepEqual(f.text, c.text.map(pad));
      assert.equal(f.binary.SEGYRevision, 0x0200);
      for (let t = 0; t < c.ntraces; t++) assert.deepEqual(headersOf(f.headers, t), c.headers[t], `trace ${t} headers`);
      assert.deepEqual(Array.from(f.data), c.data);
      assert.equal(f.extraHeaders.length, 240 * (c.extraHeaders ?? 0) * c.ntraces);
      assert.equal(f.trailer.length, 3200 * (c.trailer ?? 0));
    });
  }
  it('covers every supported format in both byte orders', () => {
    for (const code of Object.keys(SAMPLE_FORMATS).map(Number)) {
      for (const e of ['big', 'little']) {
        assert.ok(
          Object.values(fx.rev2).some((c) => c.format === code && c.endian === e),
          `format ${code} ${e}`,
        );
      }
    }
  });
});

describe('writeSegy', () => {
  const all = [...Object.values(fx.segyio), ...Object.values(fx.rev2)].map((c) => c.file);
  for (const file of all) {
    it(`rewrites ${file} byte for byte`, () => {
      const b = bytesOf(file);
      assert.ok(same(writeSegy(readSegy(b)), b));
    });
  }
  it('rewrites the real F3 crop (../shared/data) byte for byte', () => {
    const b = f3Bytes();
    assert.ok(same(writeSegy(readSegy(b)), b));
  });
  it('converts between formats and byte orders losslessly when the values fit (F3 int16 -> every format)', () => {
    const f = readSegy(f3Bytes());
    for (const code of Object.keys(SAMPLE_FORMATS).map(Number)) {
      const sf = SAMPLE_FORMATS[code];
      const data = sf.min < 0 ? f.data : f.data.map((v) => v + 16384);
      const fits = data.every((v) => v >= sf.min && v <= sf.max);
      if (!fits) continue; // 1-byte formats cannot hold these samples (checked below)
      for (const endian of ['big', 'little'] as const) {
        const back = readSegy(writeSegy({ ...f, data }, { format: code, endian }));
        assert.equal(back.format, code);
        assert.equal(back.endian, endian);
        assert.deepEqual(back.data, data, `format ${code} ${endian}`);
        assert.deepEqual(back.headers, f.headers);
      }
    }
  });
  it('write then read is lossless for every format (property, seeded)', () => {
    const codes = Object.keys(SAMPLE_FORMATS).map(Number);
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.constantFrom('big' as const, 'little' as const),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (code, endian, ntr, ns, seed) => {
          const sf = SAMPLE_FORMATS[code];
          const data = new Float64Array(ntr * ns);
          let s = seed;
          for (let i = 0; i < data.length; i++) {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            const u = s / 2 ** 32;
            if (sf.integer) data[i] = Math.round(sf.min + u * (sf.max - sf.min));
            else if (code === 1) data[i] = ibmToNumber(s | 0x40000000); // IBM values in [1/16, 1) 16^0
            else if (code === 5) data[i] = Math.fround((u - 0.5) * 1e6);
            else data[i] = (u - 0.5) * 10 ** ((s % 60) - 30);
          }
          const f = segyFromTraces(data, ntr, { format: code, endian });
          for (let i = 0; i < f.headers.length; i++) f.headers[i] = (i * 7919 - 50000) | 0;
          for (let t = 0; t < ntr; t++) f.headers[t * NTRACE_FIELDS + 38] = ns; // TRACE_SAMPLE_COUNT
          for (let t = 0; t < ntr; t++) f.headers[t * NTRACE_FIELDS + 39] = 4000;
          const fixed = f.headers.map((v, i) => (TRACE_FIELDS[i % NTRACE_FIELDS].size === 2 ? (TRACE_FIELDS[i % NTRACE_FIELDS].type === 'u16' ? v & 0xffff : (v << 16) >> 16) : v));
          const back = readSegy(writeSegy({ ...f, headers: fixed }));
          assert.deepEqual(back.data, data);
          assert.deepEqual(back.headers, fixed);
          assert.equal(back.endian, endian);
        },
      ),
      { seed: 15, numRuns: 300 },
    );
  });
  it('refuses a sample the format cannot hold, naming trace and sample', () => {
    const f = segyFromTraces(Float64Array.of(1, 2, 3, 4, 40000, 6), 2, { format: 3 });
    throwsExactly(
      () => writeSegy(f, { name: 'out.sgy' }),
      'writeSegy(out.sgy): samples: expected values that format 3 (2-byte signed integer) holds: integers in [-32768, 32767], got 40000 at trace 1, sample 1',
    );
    throwsExactly(
      () => writeSegy(segyFromTraces(Float64Array.of(1.5), 1, { format: 8 })),
      'writeSegy: samples: expected values that format 8 (1-byte signed integer) holds: integers in [-128, 127], got 1.5 at trace 0, sample 0',
    );
    throwsExactly(
      () => writeSegy(segyFromTraces(Float64Array.of(1e39), 1, { format: 5 })),
      'writeSegy: samples: expected values that format 5 (4-byte IEEE float) holds: finite values with |v| <= 3.4028234663852886e+38, got 1e+39 at trace 0, sample 0',
    );
  });
  it('refuses a textual header longer than 3200 characters or outside Latin-1', () => {
    const f = segyFromTraces(Float64Array.of(1), 1);
    throwsExactly(
      () => writeSegy({ ...f, text: ['x'.repeat(3201)] }),
      'writeSegy: textual header 0: expected at most 3200 characters in U+0000..U+00FF (EBCDIC), got 3201 characters',
    );
  });
});

describe('the real F3 crop against segyio', () => {
  const f = readSegy(f3Bytes(), { name: F3 });
  it('binary header, textual header, sizes', () => {
    assert.equal(f.format, fx.f3.format);
    assert.equal(f.ns, fx.f3.ns);
    assert.equal(f.ntraces, fx.f3.ntraces);
    assert.equal(f.interval, fx.f3.interval);
    assert.equal(f.text[0], pad(fx.f3.text));
    for (const k of SEGYIO_REV1_BINARY_FIELDS) assert.equal(f.binary[k], fx.f3.bin[k], `binary ${k}`);
  });
  it('trace headers: all fields of traces 0, 1, 17, 18, 200, 413 and the geometry of every trace', () => {
    for (const [t, h] of Object.entries(fx.f3.headers)) assert.deepEqual(headersOf(f.headers, Number(t)), h, `trace ${t}`);
    for (const [k, col] of Object.entries(fx.f3.columns)) assert.deepEqual(Array.from(traceField(f, k)), col, k);
  });
  it('samples equal segyio\'s (f3_samples.npy, int16)', () => {
    const ref = readNpy(bytesOf('segy/f3_samples.npy'));
    assert.deepEqual(ref.shape, [414, 75]);
    assert.deepEqual(f.data, ref.data);
  });
  it('coordinates with their scalar: CDP_X -10 -> metres', () => {
    const x = traceField(f, 'CDP_X')[0];
    const s = traceField(f, 'SourceGroupScalar')[0];
    assert.equal(applyScalar(x, s), 620197.2);
    assert.equal(applyScalar(7, 3), 21);
    assert.equal(applyScalar(7, 0), 7);
  });
});

describe('SU files against segyio.su', () => {
  for (const [name, c] of Object.entries(fx.su)) {
    it(`${name} (${c.endian}-endian): headers and samples equal segyio's; rewritten byte for byte`, () => {
      const b = bytesOf(c.file);
      const f = readSu(b, { name });
      assert.equal(f.endian, c.endian);
      assert.equal(f.ns, c.ns);
      assert.equal(f.ntraces, c.ntraces);
      assert.equal(f.interval, c.interval);
      for (let t = 0; t < c.ntraces; t++) assert.deepEqual(headersOf(f.headers, t), c.headers[t], `trace ${t}`);
      assert.deepEqual(Array.from(f.data), c.data);
      assert.ok(same(writeSu(f), b));
    });
  }
  it('writes the other byte order and reads it back', () => {
    const f = readSu(bytesOf('segy/su_be.su'));
    const le = writeSu(f, { endian: 'little' });
    const back = readSu(le);
    assert.equal(back.endian, 'little');
    assert.deepEqual(back.data, f.data);
    assert.deepEqual(back.headers, f.headers);
  });
});

describe('IBM floats', () => {
  it('bit patterns read as their exact values (Python fractions)', () => {
    for (const c of fx.ibm.read) assert.ok(Object.is(ibmToNumber(c.bits), c.value) || ibmToNumber(c.bits) === c.value, `bits ${c.bits.toString(16)}`);
    assert.ok(Object.is(ibmToNumber(0x80000000), -0));
  });
  it('doubles round to the nearest IBM value (ties to even) or truncate, as exact rational arithmetic says', () => {
    for (const c of fx.ibm.write) {
      assert.equal(numberToIbm(c.value, 'nearest'), c.nearest, `nearest ${c.value}`);
      assert.equal(numberToIbm(c.value, 'truncate'), c.truncate, `truncate ${c.value}`);
    }
  });
  it("'truncate' writes segyio's bytes for float32 input", () => {
    for (const c of fx.ibm.segyio_truncate) assert.equal(numberToIbm(c.value, 'truncate'), c.bits, `${c.value}`);
  });
  it('every IBM value survives read -> write (property, seeded)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (u) => {
        const v = ibmToNumber(u);
        const back = numberToIbm(v);
        // unnormalised patterns and zeros with a non-zero exponent have a normalised twin
        assert.equal(ibmToNumber(back), v);
        if ((u & 0xf00000) !== 0 && (u & 0x7f000000) !== 0) assert.equal(back, u);
      }),
      { seed: 1, numRuns: 5000 },
    );
  });
});

describe('bad input: one clear error', () => {
  const bad = (f: string) => bytesOf(`segy/${f}`);
  it('a file shorter than its headers', () => {
    throwsExactly(
      () => readSegy(bad('bad_short.sgy'), { name: 'bad_short.sgy' }),
      'readSegy(bad_short.sgy): file size: expected at least 3600 bytes (the 3200-byte textual and 400-byte binary headers), got 2000 bytes (truncated, or not a SEG-Y file)',
    );
  });
  it('a file cut inside a trace', () => {
    throwsExactly(
      () => readSegy(bad('bad_truncated.sgy'), { name: 'bad_truncated.sgy' }),
      'readSegy(bad_truncated.sgy): trace data: expected a whole number of 272-byte traces (240-byte header + 8 samples x 4 bytes, format 5) after byte 3600, got 1349 bytes: 4 traces and 261 bytes left over (a truncated file, or a wrong samples-per-trace count)',
    );
  });
  it('a size that is not a whole number of traces', () => {
    throwsExactly(
      () => readSegy(bad('bad_extra.sgy'), { name: 'bad_extra.sgy' }),
      'readSegy(bad_extra.sgy): trace data: expected a whole number of 272-byte traces (240-byte header + 8 samples x 4 bytes, format 5) after byte 3600, got 1367 bytes: 5 traces and 7 bytes left over (a truncated file, or a wrong samples-per-trace count)',
    );
  });
  it('a binary header with 0 samples', () => {
    throwsExactly(
      () => readSegy(bad('bad_ns0.sgy'), { name: 'bad_ns0.sgy' }),
      'readSegy(bad_ns0.sgy): samples per trace (binary header bytes 3221-3222): expected a positive count, got 0',
    );
  });
  it('an unknown format code, and the obsolete code 4', () => {
    const list =
      '1 (4-byte IBM float), 2 (4-byte signed integer), 3 (2-byte signed integer), 5 (4-byte IEEE float), 6 (8-byte IEEE float), 7 (3-byte signed integer), 8 (1-byte signed integer), 9 (8-byte signed integer), 10 (4-byte unsigned integer), 11 (2-byte unsigned integer), 12 (8-byte unsigned integer), 15 (3-byte unsigned integer), 16 (1-byte unsigned integer)';
    throwsExactly(
      () => readSegy(bad('bad_format13.sgy'), { name: 'bad_format13.sgy' }),
      `readSegy(bad_format13.sgy): data sample format code (bytes 3225-3226): expected one of ${list}, got 13`,
    );
    throwsExactly(
      () => readSegy(bad('bad_format4.sgy'), { name: 'bad_format4.sgy' }),
      `readSegy(bad_format4.sgy): data sample format code (bytes 3225-3226): expected one of ${list}, got 4 (4-byte fixed point with gain, obsolete since rev 1 and not supported)`,
    );
  });
  it('variable trace lengths', () => {
    throwsExactly(
      () => readSegy(bad('bad_varlen.sgy'), { name: 'bad_varlen.sgy' }),
      "readSegy(bad_varlen.sgy): trace length: expected every trace to hold the binary header's 8 samples (fixed-length traces), got 9 samples in the header of trace 1 with the fixed-length flag (bytes 3503-3504) unset: variable trace lengths are not supported",
    );
  });
  it('extended textual headers promised but missing', () => {
    throwsExactly(
      () => readSegy(bad('bad_ext.sgy'), { name: 'bad_ext.sgy' }),
      'readSegy(bad_ext.sgy): extended textual headers: expected 2 blocks of 3200 bytes after byte 3600 (binary header bytes 3505-3506), 10000 bytes in all, got a file of 4144 bytes (truncated)',
    );
  });
  it('an SU file no byte order can divide', () => {
    throwsExactly(
      () => readSu(bad('bad_su.su'), { name: 'bad_su.su' }),
      'readSu(bad_su.su): trace length: expected ns (bytes 115-116 of the first trace header) that divides the file into whole traces of 240 + 4 ns bytes, got ns = 29299 (big-endian) or 29554 (little-endian) for a file of 769 bytes (truncated, or not an SU file)',
    );
  });
  it('an SU file whose traces change length', () => {
    const f = readSu(bytesOf('segy/su_be.su'));
    const b = writeSu(f);
    // trace 2 claims 7 samples
    new DataView(b.buffer).setUint16(2 * (240 + 24) + 114, 7, false);
    throwsExactly(
      () => readSu(b, { name: 'x.su' }),
      "readSu(x.su): trace length: expected every trace to hold the first trace's 6 samples, got ns = 7 in the header of trace 2: variable trace lengths are not supported",
    );
  });
  it('a non-finite float sample', () => {
    const f = segyFromTraces(Float64Array.of(1, 2), 1, { format: 6 });
    const b = writeSegy(f);
    new DataView(b.buffer).setFloat64(3600 + 240 + 8, Number.NaN, false);
    throwsExactly(() => readSegy(b, { name: 'nan.sgy' }), 'readSegy(nan.sgy): samples: expected finite values, got NaN at trace 0, sample 1');
    assert.ok(Number.isNaN(readSegy(b, { allowNonFinite: true }).data[1]));
  });
  it('not bytes', () => {
    throwsExactly(() => readSegy('x' as unknown as Uint8Array), 'readSegy: input: expected a Uint8Array of file bytes, got "x"');
  });
});
