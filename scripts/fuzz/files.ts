/** Real files for the fuzz seeds: the repository's test fixtures and ../shared/data (when present). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

/** Every file under test/fixtures/<dir> whose name ends in one of `exts`, as bytes. */
export function fixtures(dir: string, exts: readonly string[]): { name: string; bytes: Uint8Array }[] {
  const d = new URL(`test/fixtures/${dir}/`, ROOT);
  return readdirSync(d)
    .filter((f) => exts.some((e) => f.endsWith(e)))
    .sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(new URL(f, d))) }));
}

/** A file of ../shared/data, or null where the shared folder is not beside the repository. */
export function shared(path: string): Uint8Array | null {
  const u = new URL(`../shared/data/${path}`, ROOT);
  return existsSync(u) ? new Uint8Array(readFileSync(u)) : null;
}
