/**
 * Receipts (src/io/receipt.ts parseReceipt): a receipt.json written by `candor` and mutations of it
 * (fields removed, retyped, hostile strings, regular expressions that do not compile).
 */
import { readFileSync } from 'node:fs';
import { parseReceipt } from '../../../src/io/receipt.ts';
import { mutateJsonText, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

const SEED_FILE = new URL('../../../test/fixtures/receipts/recover.receipt.json', import.meta.url);

export const target: FuzzTarget = {
  name: 'receipt',
  seeds: () => [JSON.parse(readFileSync(SEED_FILE, 'utf8'))],
  generate: (rng, seeds) => mutateJsonText(rng, pick(rng, seeds)),
  run: (x) => parseReceipt(x as string, 'fuzz.receipt.json'),
};
