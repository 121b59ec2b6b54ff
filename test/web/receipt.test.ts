// The web lab's receipt helpers (src/web/receipt.ts) outside the browser: the command words of a
// run from the page's equivalent command, and WebCrypto's sha256 against Node's.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { commandWordsOf, sha256Hex } from '../../src/web/receipt.ts';

describe('web receipt helpers', () => {
  it('commandWordsOf picks the command that did the run kind, else the last candor line', () => {
    const mri = '# note: the lab uses float32\ncandor mri simulate --image x.npy --out sim &&\n  candor mri report --kspace sim/kspace.npy --out rep\n# Plan acceleration:\ncandor mri plan --image x.npy';
    assert.deepEqual(commandWordsOf(mri, 'reconstruction'), ['mri', 'report']);
    assert.deepEqual(commandWordsOf(mri, 'acceleration plan'), ['mri', 'plan']);
    assert.deepEqual(commandWordsOf('candor plan --n 200 --k 20', 'plan'), ['plan']);
    assert.deepEqual(commandWordsOf('candor sweep run spec.json', 'other'), ['sweep', 'run', 'spec.json']);
    assert.deepEqual(commandWordsOf('# complete the form', 'plan'), ['lab']);
  });

  it('sha256Hex (WebCrypto) equals node:crypto sha256', async () => {
    const bytes = new Uint8Array(1000).map((_, i) => (i * 37) & 255);
    assert.equal(await sha256Hex(bytes), createHash('sha256').update(bytes).digest('hex'));
    assert.equal(await sha256Hex(new Uint8Array(0)), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
