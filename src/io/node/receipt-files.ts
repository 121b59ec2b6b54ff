/**
 * Receipts on disk (Node): sha256 of files (read in 1 MiB chunks, so a large output never sits in
 * memory whole), writing a receipt atomically, and reading one with its size checked before a
 * byte is read (at most RECEIPT_MAX_BYTES) and its contents validated (../receipt.ts).
 *
 * Where a receipt goes: a command whose `--out` is a folder writes `<out>/receipt.json`; one whose
 * `--out` is a single file writes `<file>.receipt.json` beside it (docs/receipts.md).
 *
 * @example
 * import { readReceiptFile, sha256File } from './receipt-files.ts';
 * const r = readReceiptFile('rec/receipt.json');
 * sha256File('rec/x.cfl') === r.outputs[0].sha256;
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { CandorError } from '../../core/errors.ts';
import { parseReceipt, type Receipt, RECEIPT_MAX_BYTES, receiptJson } from '../receipt.ts';
import { readFileBytes, writeFileAtomic } from './files.ts';

/** The receipt file of an output: `<dir>/receipt.json` for a folder, `<file>.receipt.json` for a file. */
export function receiptPathFor(out: string, kind: 'dir' | 'file'): string {
  return kind === 'dir' ? `${out.replace(/\/+$/, '')}/receipt.json` : `${out}.receipt.json`;
}

/** What a path that is not a regular file is, in words (`a character device (e.g. /dev/zero)`). */
export function fileKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Hex sha256 of a file's bytes, or null when it does not exist. Only a regular file is read: a
 * device (`/dev/zero` never ends), a pipe (opening one blocks) or a folder is refused first.
 */
export function sha256File(path: string): { sha256: string; bytes: number } | null {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CandorError('receipt', `file ${path}`, 'a readable file', (e as NodeJS.ErrnoException).code ?? String(e), 'io');
  }
  if (!st.isFile()) throw new CandorError('receipt', `file ${path}`, 'a regular file (inputs and outputs are files)', fileKind(st), 'usage');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CandorError('receipt', `file ${path}`, 'a readable file', (e as NodeJS.ErrnoException).code ?? String(e), 'io');
  }
  try {
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      total += n;
    }
    return { sha256: h.digest('hex'), bytes: total };
  } finally {
    closeSync(fd);
  }
}

/** Hex sha256 of bytes or text. */
export function sha256Of(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes a receipt (canonical JSON, atomic). */
export function writeReceiptFile(path: string, r: Receipt, where: string): void {
  writeFileAtomic(path, new TextEncoder().encode(receiptJson(r)), where);
}

/** Reads and validates a receipt; its size is checked (at most RECEIPT_MAX_BYTES) before reading. */
export function readReceiptFile(path: string): Receipt {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CandorError(`receipt ${path}`, 'file', 'a readable receipt.json', code === 'ENOENT' ? 'no such file (ENOENT)' : (code ?? String(e)), 'usage');
  }
  if (!st.isFile()) throw new CandorError(`receipt ${path}`, 'file', 'a readable receipt.json', st.isDirectory() ? 'a directory (EISDIR)' : fileKind(st), 'usage');
  const size = st.size;
  if (size > RECEIPT_MAX_BYTES) throw new CandorError(`receipt ${path}`, 'size', `at most ${RECEIPT_MAX_BYTES} bytes (a receipt.json written by candor)`, `${size} bytes`, 'usage');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(readFileBytes(path, `receipt ${path}`));
  return parseReceipt(text, path);
}

/** The first 16 bytes of every SQLite 3 database. */
const SQLITE_MAGIC = 'SQLite format 3\0';

/** Whether a file starts with SQLite's magic header (such outputs are compared by their canonical export). */
export function isSqliteFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const b = Buffer.alloc(16);
    return readSync(fd, b, 0, 16, 0) === 16 && b.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}
