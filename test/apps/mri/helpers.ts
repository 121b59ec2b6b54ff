/** Shared test helpers: BART-written CFL fixtures and small dense checks. */
import { readFileSync } from 'node:fs';
import { readCfl } from '../../../src/io/cfl.ts';

const dir = new URL('../../fixtures/mri/', import.meta.url);

/** A CFL fixture (our C-order convention: BART dims[0] = rows). */
export function fixtureCfl(base: string) {
  return readCfl(readFileSync(new URL(`${base}.hdr`, dir)), readFileSync(new URL(`${base}.cfl`, dir)), { name: base });
}

export function fixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e;
}

export function maxAbs(a: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i]));
  return e;
}
