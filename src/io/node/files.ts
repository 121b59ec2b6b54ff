/**
 * Node-only file helpers for the formats in `src/io`: reading with an error that names the file
 * and the reason, and atomic writes.
 *
 * Atomic write: the bytes go to a temporary file in the target's own directory
 * (`.<name>.<pid>.<n>.tmp`), which is flushed (fsync) and then renamed over the target. A rename
 * within one file system is atomic, so readers see either the old file or the complete new one,
 * and a failure at any step (disk full, no permission, the target is a directory, an error while
 * producing the bytes) removes the temporary file and leaves no partial output behind.
 *
 * @example
 * import { readFileBytes, writeFileAtomic } from './files.ts';
 * writeFileAtomic('out/image.npy', bytes);
 * const back = readFileBytes('out/image.npy', 'readNpyFile(out/image.npy)');
 */
import { closeSync, copyFileSync, existsSync, fstatSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CandorError } from '../../core/errors.ts';
import { fitsStreamExtent } from '../fits/hdus.ts';
import type { StreamExtent } from '../stream-extent.ts';

/** A short reason for a file-system error code. */
function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const text: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'a directory',
    ENOTDIR: 'a path through a non-directory',
    ENOSPC: 'no space left on the device',
    EROFS: 'a read-only file system',
    EEXIST: 'an existing file',
    ENOTEMPTY: 'a non-empty directory',
  };
  return err?.code ? `${text[err.code] ?? err.message} (${err.code})` : String((e as Error)?.message ?? e);
}

/** The most bytes {@link readFileBytes} reads from a pipe or device (Node's own limit for a regular file: 2 GiB). */
export const MAX_STREAM_BYTES = 2 ** 31 - 1;

/** How many leading bytes a {@link ReadCheck} sees (enough for every signature in ../sniff.ts). */
export const HEAD_BYTES = 4096;

/**
 * A content's size followed as a stream arrives (a format whose sizes are spread over the file,
 * as FITS's HDUs): called with the bytes read so far (`at(offset, length)`, null until there)
 * after each read, it answers the size declared so far (at least `bytes`), final once known.
 */
export type StreamFollower = (at: (offset: number, length: number) => Uint8Array | null) => StreamExtent | undefined;

/**
 * Called with the first min(HEAD_BYTES, size) bytes before the rest is read: throwing there stops
 * the read (an unknown format is refused after 4 KiB, not after a stream's 2 GiB). It may return
 * the size in bytes the content's header declares, or a {@link StreamFollower} that learns it as
 * the stream arrives: a stream is then refused at once when that exceeds what a stream may hold,
 * and as soon as it runs past it.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: most checks return nothing; some the declared size
export type ReadCheck = (head: Uint8Array) => void | number | StreamFollower;

/** An error a ReadCheck threw passes through the readers' own wrapping unchanged. */
class CheckFailed {
  constructor(readonly error: unknown) {}
}
function runCheck(check: ReadCheck, head: Uint8Array): number | StreamFollower | undefined {
  try {
    return check(head) ?? undefined;
  } catch (e) {
    throw new CheckFailed(e);
  }
}

/**
 * Reads a whole file; throws CandorError(where, what (default 'file'), 'a readable file', reason)
 * otherwise. A regular file is read whole (Node refuses one over 2 GiB); a pipe, FIFO or device
 * (`<(zcat f.sgy)`, /dev/stdin) in 1 MiB chunks up to {@link MAX_STREAM_BYTES}, refused past it
 * (/dev/zero would otherwise be read until memory runs out). `check` sees the head first. The
 * bytes of a descriptor's name (/dev/stdin, /dev/fd/N, /proc/self/fd/N) are kept: a second read in
 * the process (a command that looks before it loads) gets them again instead of an empty stream.
 */
export function readFileBytes(path: string, where: string, what = 'file', check?: ReadCheck): Uint8Array {
  const key = streamKey(path);
  refuseDescriptor(path, key, where, what);
  const kept = streamBytes.get(key);
  if (kept) {
    const declared = check?.(kept.bytes.subarray(0, HEAD_BYTES));
    if (!kept.complete) throw new CandorError(where, what, 'a readable file', 'a stream whose first bytes an earlier look refused (no known format)', 'io');
    // (an earlier look may have read it with another check: this reader's declared size holds too)
    if (typeof declared === 'number' && kept.bytes.length > declared) {
      throw new CandorError(where, what, `the ${declared} bytes its header declares`, 'a stream that went on past them', 'io');
    }
    return kept.bytes;
  }
  let regular: boolean;
  try {
    regular = statSync(path).isFile();
  } catch (e) {
    throw new CandorError(where, what, 'a readable file', reason(e), 'io');
  }
  let bytes: Uint8Array;
  try {
    if (!regular) bytes = readStreamBytes(path, where, what, check, key);
    else {
      try {
        if (check) runCheck(check, readHead(path));
        const buf = readFileSync(path);
        bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (e) {
        if (e instanceof CandorError || e instanceof CheckFailed) throw e;
        throw new CandorError(where, what, 'a readable file', reason(e), 'io');
      }
    }
  } catch (e) {
    throw e instanceof CheckFailed ? e.error : e;
  }
  if (!regular) streamBytes.set(key, { bytes, complete: true });
  return bytes;
}

/**
 * The first HEAD_BYTES bytes of `path` (fewer when it is shorter) without reading a regular file
 * whole; a stream is read whole (and a descriptor's bytes kept for the read that follows: see
 * readFileBytes), unless `check` refuses its head first (so /dev/zero is not read to 2 GiB); a
 * regular file's head goes through `check` too. Null when `path` is missing or a directory.
 */
export function peekHead(path: string, where: string, check?: ReadCheck): Uint8Array | null {
  if (!isReadableNonDirectory(path)) return null;
  if (streamBytes.has(streamKey(path)) || !statSync(path).isFile()) return readFileBytes(path, where, 'file', check).subarray(0, HEAD_BYTES);
  let head: Uint8Array;
  try {
    head = readHead(path);
  } catch (e) {
    throw new CandorError(where, 'file', 'a readable file', reason(e), 'io');
  }
  check?.(head);
  return head;
}

/**
 * Throws CandorError(where, 'file', 'a readable file', 'no such file or directory (ENOENT)') when
 * `path` is missing and its name has no extension: readers that take such a name by its content
 * say it is missing rather than that its extension is unknown.
 */
export function refuseMissingUnnamed(path: string, where: string): void {
  refuseDescriptor(path, streamKey(path), where, 'file');
  if (!(path.split('/').pop() ?? '').includes('.') && !existsSync(path)) {
    throw new CandorError(where, 'file', 'a readable file', 'no such file or directory (ENOENT)', 'io');
  }
}

/** The first HEAD_BYTES bytes of a regular file (fewer when it is shorter). */
function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const b = new Uint8Array(HEAD_BYTES);
    let got = 0;
    for (;;) {
      const n = readSync(fd, b, got, HEAD_BYTES - got, got);
      if (n === 0) break;
      got += n;
      if (got === HEAD_BYTES) break;
    }
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Names of file descriptors (their content is read once: see readFileBytes). */
const DESCRIPTOR_NAME = /^\/(dev\/(stdin|fd\/\d+)|proc\/(self|\d+)\/fd\/\d+)$/;

/**
 * What each stream (a pipe, FIFO, device or descriptor) gave this process, by its canonical name:
 * a stream is read once, so a second look (a command that probes before it loads) gets these
 * bytes; `complete` false when a check refused the head (the rest was never read).
 */
const streamBytes = new Map<string, { bytes: Uint8Array; complete: boolean }>();

/** The identity of a pipe or socket (what every name of it shares), else null. */
function pipeIdentity(st: { dev: number; ino: number; isFIFO(): boolean; isSocket(): boolean }): string | null {
  return st.isFIFO() || st.isSocket() ? `pipe ${st.dev}:${st.ino}` : null;
}

/**
 * The key of a stream's path: a pipe or socket by its identity, so that every name of it (a
 * symlink to /dev/stdin, /dev/fd/3 duplicated from 0, a FIFO's path) is one stream; else the
 * normalised absolute path, the standard input's names as one.
 */
function streamKey(path: string): string {
  const p = resolve(path);
  try {
    const id = pipeIdentity(statSync(p));
    if (id) return id;
  } catch {
    // missing or unreadable: its name, and the reader says why
  }
  return STDIN_NAMES.has(p) ? '/dev/stdin' : p;
}

/** The inherited descriptor a path denotes (by name or through links: see descriptorOf), else null. */
function ownDescriptor(path: string): number | null {
  const fd = descriptorOf(path);
  return fd !== null && fd >= 3 && unreadableDescriptor(fd) === null ? fd : null;
}

/** The descriptor a name denotes by its text: /dev/stdin 0, /dev/stdout 1, /dev/stderr 2, /dev/fd/N, /proc/self/fd/N (this pid's too). */
function descriptorByName(p: string): number | null {
  if (p === '/dev/stdin') return 0;
  if (p === '/dev/stdout') return 1;
  if (p === '/dev/stderr') return 2;
  const m = /^\/(?:dev\/fd|proc\/(self|\d+)\/fd)\/(\d+)$/.exec(p);
  if (!m || (m[1] !== undefined && m[1] !== 'self' && Number(m[1]) !== process.pid)) return null;
  return Number(m[2]);
}

/**
 * The descriptor a path denotes: by its name, or by a name on its chain of symbolic links (a
 * link to /dev/stdout, to /dev/fd/5), else null. The chain stops at a target that is no path
 * (a descriptor's own link reads "pipe:[...]").
 */
function descriptorOf(path: string): number | null {
  let p = resolve(path);
  for (let hop = 0; hop < 40; hop++) {
    const d = descriptorByName(p);
    if (d !== null) return d;
    let target: string;
    try {
      if (!lstatSync(p).isSymbolicLink()) return null;
      target = readlinkSync(p);
    } catch {
      return null;
    }
    if (!target.startsWith('/') && /^[a-z_]+:\[/.test(target)) return null;
    p = resolve(dirname(p), target);
  }
  return null;
}

/** The access mode of a descriptor's /proc/self/fdinfo flags (0 read, 1 write, 2 both), or null. */
function accessMode(fd: number | string): number | null {
  try {
    const m = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'));
    return m ? Number.parseInt(m[1], 8) & 3 : null;
  } catch {
    return null;
  }
}

/**
 * Why descriptor `fd` (>= 3) cannot be read as an input, or null when it can. Node and libuv
 * hold descriptors of their own (event polls and event counters, pipes whose both ends this
 * process holds); /dev/fd/N of one of those waited for ever or failed with EINVAL, and one that
 * is not open names nothing. Judged from /proc/self (where that is missing, an open descriptor is
 * taken as given).
 */
function unreadableDescriptor(fd: number): string | null {
  let target: string;
  try {
    target = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    if (existsSync('/proc/self/fd')) return 'is not open';
    try {
      fstatSync(fd);
      return null;
    } catch {
      return 'is not open';
    }
  }
  if (target.startsWith('anon_inode:')) return `is not a file or stream (${target}: one of Node's own)`;
  const mode = accessMode(fd);
  if (mode === 1) return 'is open for writing only';
  if (target.startsWith('pipe:')) {
    // a pipe whose write end this process holds too: Node's own (a pipe given to it has one end here)
    for (const other of readdirSync('/proc/self/fd')) {
      if (Number(other) === fd) continue;
      try {
        if (readlinkSync(`/proc/self/fd/${other}`) === target && accessMode(other) === 1) return `is a pipe this process also writes (${target}: one of Node's own)`;
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

/** A pipe, socket or regular file's identity (device and inode), else null (a terminal or device is judged by name). */
function fileIdentity(st: { dev: number; ino: number; isFIFO(): boolean; isSocket(): boolean; isFile(): boolean }): string | null {
  return st.isFIFO() || st.isSocket() || st.isFile() ? `${st.dev}:${st.ino}` : null;
}

/** 1 or 2 when `path` is the same pipe or file as this process's standard output or error (and not its input), else null. */
function sameAsOutput(path: string, key: string): number | null {
  let id: string | null;
  try {
    id = fileIdentity(statSync(path));
  } catch {
    return null;
  }
  if (id === null) return null;
  const of = (fd: number) => {
    try {
      return fileIdentity(fstatSync(fd));
    } catch {
      return null;
    }
  };
  if (key === '/dev/stdin' || of(0) === id) return null;
  for (const out of [1, 2]) if (of(out) === id) return out;
  return null;
}

/**
 * Refuses a name of a descriptor this command cannot read as an input: its own standard output
 * or error (`--truth /dev/stderr`: opened for reading, a pipe's name gives its read end, where
 * nothing arrives while this process holds the write end, a terminal waits for typing, a file
 * gives what has been written so far), by name, through symbolic links, or as the same pipe or
 * file under another name that is not also the standard input; and /dev/fd/N of a descriptor the command was
 * not given (Node's own pipes and event descriptors hung or failed with EINVAL).
 */
function refuseDescriptor(path: string, key: string, where: string, what: string): void {
  let fd = descriptorOf(path);
  if (fd === null) fd = sameAsOutput(path, key);
  if (fd === null || fd === 0) return;
  if (fd === 1 || fd === 2) {
    const name = fd === 1 ? 'standard output' : 'standard error';
    throw new CandorError(where, what, 'a file or stream to read', `${path}, this command's own ${name} (where it writes, not an input)`, 'io');
  }
  const why = unreadableDescriptor(fd);
  if (why !== null) {
    throw new CandorError(where, what, `a descriptor passed to this command to read (open it in the shell, e.g. ${fd}<file)`, `${path}: descriptor ${fd} ${why}`, 'io');
  }
}

/** The identity of this process's standard input when a pipe or socket (read from descriptor 0 whatever its name). */
function stdinIdentity(): string | null {
  try {
    return pipeIdentity(fstatSync(0));
  } catch {
    return null;
  }
}

/** Whether `path` names a file descriptor (/dev/stdin, /dev/fd/N, /proc/self/fd/N): content a name cannot find again. */
export function isDescriptorName(path: string): boolean {
  return DESCRIPTOR_NAME.test(resolve(path));
}

/**
 * The one key of a stream's many names, or null for a regular file or device under its own name:
 * /dev/fd/0, /proc/self/fd/0 and /dev/./stdin are /dev/stdin, and a pipe or socket is one stream
 * under any name (a symlink to /dev/stdin, a duplicated /dev/fd/3, a FIFO's path).
 */
export function sharedStreamKey(path: string): string | null {
  const key = streamKey(path);
  return key.startsWith('pipe ') || isDescriptorName(path) ? key : null;
}

/** A word to sleep on (Atomics.wait with a timeout: a synchronous pause). */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Bytes per chunk of a stream read. */
const CHUNK = 1 << 20;

/** Names of this process's standard input: read from descriptor 0 itself (a socket's cannot be opened by name). */
const STDIN_NAMES = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/**
 * A pipe or device read to its end in chunks, at most MAX_STREAM_BYTES (see readFileBytes), `check`
 * called once the first HEAD_BYTES (or all, when fewer) have arrived. The standard input is read
 * from descriptor 0 (a parent's socket pair, as Node's spawn makes, refuses open() with ENXIO),
 * waiting out EAGAIN when the descriptor is non-blocking.
 */
function readStreamBytes(path: string, where: string, what: string, check: ReadCheck | undefined, key: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let fd = -1;
  let borrowed = false; // a descriptor of this process's (0, /dev/fd/N): left open
  let checked = !check;
  // the size the content's header declares (a check's answer): nothing past it is read
  let limit = Number.POSITIVE_INFINITY;
  let says = '';
  let follow: StreamFollower | null = null;
  const declared = (n: number): number => {
    if (n > MAX_STREAM_BYTES) {
      throw new CandorError(where, what, `a stream of at most ${MAX_STREAM_BYTES} bytes`, `a header declaring ${n} bytes`, 'io');
    }
    return n;
  };
  const answer = (r: number | StreamFollower | undefined) => {
    if (typeof r === 'function') follow = r;
    else if (r !== undefined) limit = declared(r);
  };
  const pastDeclared = () => new CandorError(where, what, says || `the ${limit} bytes its header declares`, 'a stream that went on past them', 'io');
  // a pipe gives 64 KiB or less per read: each 1 MiB chunk is filled before the next is made
  // (one per read kept 1 MiB for every 64 KiB), and the same chunk waits out EAGAIN
  let b = new Uint8Array(CHUNK);
  let fill = 0;
  // the first min(total, HEAD_BYTES) bytes: the kept chunks, then the one being filled
  const head = () => {
    const h = new Uint8Array(Math.min(total, HEAD_BYTES));
    let o = 0;
    for (const c of fill > 0 ? [...chunks, b.subarray(0, fill)] : chunks) {
      if (o >= h.length) break;
      h.set(c.subarray(0, h.length - o), o);
      o += Math.min(c.length, h.length - o);
    }
    return h;
  };
  // bytes [offset, offset + length) read so far: chunk k holds [k MiB, (k + 1) MiB), `b` the last
  const at = (offset: number, length: number): Uint8Array | null => {
    if (offset + length > total) return null;
    const piece = (k: number) => (k < chunks.length ? chunks[k] : b);
    const k0 = Math.floor(offset / CHUNK);
    const k1 = Math.floor((offset + length - 1) / CHUNK);
    if (k0 === k1) return piece(k0).subarray(offset - k0 * CHUNK, offset - k0 * CHUNK + length);
    const out = new Uint8Array(length);
    for (let k = k0, o = 0; k <= k1; k++) {
      const s = Math.max(offset, k * CHUNK) - k * CHUNK;
      const e = Math.min(offset + length, (k + 1) * CHUNK) - k * CHUNK;
      out.set(piece(k).subarray(s, e), o);
      o += e - s;
    }
    return out;
  };
  const followed = () => {
    let r: StreamExtent | undefined;
    try {
      r = (follow as StreamFollower)(at);
    } catch (e) {
      throw new CheckFailed(e);
    }
    if (!r) return;
    declared(r.bytes);
    if (r.final) {
      limit = r.bytes;
      says = r.says ?? '';
      follow = null;
    }
  };
  try {
    // a descriptor of this process is read as itself, the standard input under any name from 0 (a
    // socket's cannot be opened by name: ENXIO)
    const own = ownDescriptor(path);
    fd = own ?? (key === '/dev/stdin' || key === stdinIdentity() ? 0 : openSync(path, 'r'));
    borrowed = fd !== -1 && (own !== null || fd === 0);
    for (;;) {
      let got: number;
      try {
        got = readSync(fd, b, fill, b.length - fill, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        Atomics.wait(PAUSE, 0, 0, 2);
        continue;
      }
      if (got === 0) break;
      total += got;
      fill += got;
      if (total > MAX_STREAM_BYTES) {
        throw new CandorError(where, what, `a readable file of at most ${MAX_STREAM_BYTES} bytes`, `a stream (not a regular file) that went on past ${MAX_STREAM_BYTES} bytes`, 'io');
      }
      if (fill === b.length) {
        chunks.push(b);
        b = new Uint8Array(CHUNK);
        fill = 0;
      }
      if (!checked && total >= HEAD_BYTES) {
        checked = true;
        if (check) answer(runCheck(check, head()));
      }
      if (follow) followed();
      if (total > limit) throw pastDeclared();
    }
    if (!checked && check) answer(runCheck(check, head()));
    if (follow) followed();
    if (total > limit) throw pastDeclared();
    if (fill > 0) chunks.push(b.subarray(0, fill));
    fill = 0;
  } catch (e) {
    // a refused head is kept (marked incomplete): a later reader of the stream says why, not "empty"
    if (e instanceof CheckFailed) streamBytes.set(key, { bytes: head(), complete: false });
    if (e instanceof CandorError || e instanceof CheckFailed) throw e;
    throw new CandorError(where, what, 'a readable file', reason(e), 'io');
  } finally {
    if (fd >= 0 && !borrowed) closeSync(fd);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * Creates a directory and its missing parents, like `mkdir -p`, one level at a time. Not
 * mkdirSync's `recursive`, which loops forever on a path under /proc (the kernel answers ENOENT
 * for a parent that exists). Throws CandorError(where, 'output directory', ...) on failure.
 */
export function ensureDir(path: string, where: string): void {
  const fail = (e: unknown) => new CandorError(where, 'output directory', `a writable directory ${path}`, reason(e), 'io');
  const missing: string[] = [];
  let p = path;
  for (;;) {
    try {
      if (!statSync(p).isDirectory()) throw fail(Object.assign(new Error(`${p} is a file`), { code: 'ENOTDIR' }));
      break;
    } catch (e) {
      if (e instanceof CandorError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fail(e);
      missing.push(p);
      const up = dirname(p);
      if (up === p) break;
      p = up;
    }
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fail(e);
    }
  }
}

let counter = 0;

/** Temporary path next to `path`, unique within this process. */
function tempPathFor(path: string): string {
  counter += 1;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
}

/** Writes `chunks` to a new temporary file next to `path` and returns its name (not yet renamed). */
function writeTemp(path: string, chunks: Iterable<Uint8Array>): string {
  const tmp = tempPathFor(path);
  let fd = -1;
  try {
    fd = openSync(tmp, 'wx');
    for (const c of chunks) {
      let off = 0;
      while (off < c.length) off += writeSync(fd, c, off, c.length - off);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    return tmp;
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes `data` (bytes, or an iterable of byte chunks produced on the fly) to `path` atomically
 * (see above). Throws CandorError(where, 'output file', 'a writable path', reason) on failure; an
 * error thrown while producing the chunks is rethrown as it is. Either way no file is left behind.
 */
export function writeFileAtomic(
  path: string,
  data: Uint8Array | Iterable<Uint8Array>,
  where = 'writeFileAtomic',
): void {
  writeFilesAtomic([{ path, data }], where);
}

/**
 * Writes several files as one unit: every file goes to its temporary first, then all are renamed.
 * If any write fails, all temporaries are removed and no target is touched. Before a target that
 * exists is replaced, its old content is kept under a hard link (a copy where the file system has
 * none); if a later rename fails (a target is a directory, say), every target already replaced in
 * this call gets its old file back and every new one is removed, so a pair like `.hdr` + `.cfl`
 * never appears half-written and the results of an earlier run are never lost.
 */
export function writeFilesAtomic(
  files: { path: string; data: Uint8Array | Iterable<Uint8Array> }[],
  where = 'writeFilesAtomic',
): void {
  const temps: string[] = [];
  // per target replaced so far: the path and where its old file was kept (null: there was none)
  const replaced: { path: string; old: string | null }[] = [];
  let current = '';
  // a device, FIFO or socket (or a link to one: /dev/stdout) is not replaced by a file
  for (const f of files) {
    let st: ReturnType<typeof statSync> | null = null;
    try {
      st = statSync(f.path);
    } catch {
      st = null;
    }
    if (st && !st.isFile() && !st.isDirectory()) {
      throw new CandorError(where, `output ${f.path}`, 'a regular file or a new path (written by a rename beside it)', 'a device, pipe or socket', 'io');
    }
  }
  try {
    for (const f of files) {
      current = f.path;
      temps.push(writeTemp(f.path, f.data instanceof Uint8Array ? [f.data] : f.data));
    }
    for (let i = 0; i < files.length; i++) {
      current = files[i].path;
      const old = keepOld(files[i].path);
      try {
        renameSync(temps[i], files[i].path);
      } catch (e) {
        if (old) rmSync(old, { force: true });
        throw e;
      }
      replaced.push({ path: files[i].path, old });
    }
  } catch (e) {
    const unrestored: string[] = [];
    for (const t of temps) rmSync(t, { force: true });
    for (const r of replaced.reverse()) {
      try {
        if (r.old) renameSync(r.old, r.path);
        else rmSync(r.path, { force: true });
      } catch {
        // restoring is best effort: the old file stays under its kept name, said below
        if (r.old) unrestored.push(`${r.path} is kept as ${r.old}`);
      }
    }
    if (unrestored.length > 0) {
      throw new CandorError(where, 'output file', `a writable path ${current}`, `${reason(e)}; could not put back: ${unrestored.join(', ')}`, 'io');
    }
    if (e instanceof CandorError || !(e as NodeJS.ErrnoException)?.code) throw e;
    throw new CandorError(where, 'output file', `a writable path ${current}`, reason(e), 'io');
  }
  for (const r of replaced) if (r.old) rmSync(r.old, { force: true });
}

/** Whether `path` names an existing directory (following symbolic links). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Whether `path` names something to read whose name may not tell its format: an existing regular
 * file, pipe or device (not a directory, not missing). Readers that pick a format by extension
 * sniff the content of these (../sniff.ts) and keep their extension error for the rest.
 */
export function isReadableNonDirectory(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `check` when `path` is a stream (a pipe, FIFO, device or socket), else undefined: a reader that
 * parses a regular file whole (with its own messages) judges a stream's head first, so an endless
 * device (/dev/zero) is refused after its first bytes rather than read to MAX_STREAM_BYTES.
 */
export function onStreams(path: string, check: ReadCheck): ReadCheck | undefined {
  try {
    const st = statSync(path);
    return st.isFile() || st.isDirectory() ? undefined : check;
  } catch {
    return undefined;
  }
}

/**
 * A ReadCheck that refuses a head not opening with a FITS first card (`SIMPLE  =`), naming
 * `where`; a FITS stream is then followed HDU by HDU (../fits/hdus.ts `fitsStreamExtent`: refused
 * once it goes on past its last HDU).
 */
export function fitsHead(where: string): ReadCheck {
  return (head) => {
    const card = new TextDecoder('latin1').decode(head.subarray(0, 80));
    if (card.startsWith('SIMPLE  =')) return fitsStreamExtent(where);
    const text = card.slice(0, 20);
    const got = head.length === 0 ? '0 bytes (an empty input)' : /^[\x20-\x7e]+$/.test(text) ? JSON.stringify(text) : 'binary bytes (not a FITS card)';
    throw new CandorError(where, 'first card', 'SIMPLE  = T (a FITS file)', got);
  };
}

/** Whether two paths name the same file (an existing `b` compared by device and inode, else by resolved path). */
export function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return resolve(a) === resolve(b);
  }
}

let kept = 0;
/**
 * When `path` is a regular file, a second name for it beside it (`.<name>.<pid>.<n>.old`: a hard
 * link, or a copy where links fail); when it is a symbolic link, a second link to the same target;
 * so that it can be put back. Null when there is neither.
 */
function keepOld(path: string): string | null {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(path);
  } catch {
    return null;
  }
  if (!st.isFile() && !st.isSymbolicLink()) return null;
  const old = join(dirname(path), `.${basename(path)}.${process.pid}.${kept++}.old`);
  if (st.isSymbolicLink()) {
    // the rename replaces the link itself (its target is untouched): a second link puts it back
    symlinkSync(readlinkSync(path), old);
    return old;
  }
  try {
    linkSync(path, old);
  } catch {
    try {
      copyFileSync(path, old);
    } catch (e) {
      // a copy cut short (a full disk: ENOSPC) leaves no partial second name behind; the write
      // fails before any rename, so the target keeps its old content
      rmSync(old, { force: true });
      throw e;
    }
  }
  return old;
}
