// The browser-safe receipt module (src/io/receipt.ts): the explicit command line a replay runs,
// canonical JSON, the first differing JSON path, declared volatile fields, and validation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  buildReceipt,
  checkReplayable,
  explicitArgs,
  firstJsonDifference,
  jsonDepth,
  maskedContent,
  maskText,
  parseReceipt,
  RECEIPT_MAX_DEPTH,
  receiptJson,
  shellWord,
  splitVersion,
  volatileFor,
  withoutPaths,
} from '../../src/io/receipt.ts';

const fixture = new URL('../fixtures/receipts/recover.receipt.json', import.meta.url);
const text = readFileSync(fixture, 'utf8');

describe('receipt', () => {
  it('explicitArgs states every option: given text, defaults as text, flags by presence, --no-x when false, unset left out', () => {
    const args = explicitArgs(['mri', 'recon'], ['spec.yaml'], {
      tol: { value: 1e-5, source: 'default', flag: '--tol <t>', arg: '0.00001' },
      lambda: { value: { auto: true }, source: 'cli', flag: '--lambda <l>', arg: 'auto:gcv' },
      json: { value: true, source: 'cli', flag: '--json', arg: null },
      quiet: { value: null, source: 'unset', flag: '--quiet', arg: null },
      lp: { value: false, source: 'cli', flag: '--no-lp', arg: null },
      local: { value: true, source: 'default', flag: '--no-local', arg: null },
      mask: { value: null, source: 'unset', flag: '--mask <file>', arg: null },
      out: { value: 'rec', source: 'cli', flag: '-o, --out <dir>', arg: 'rec' },
    });
    assert.deepEqual(args, ['mri', 'recon', 'spec.yaml', '--json', '--lambda', 'auto:gcv', '--no-lp', '--out', 'rec', '--tol', '0.00001']);
  });

  it('shellWord quotes only what a shell would split or expand', () => {
    assert.equal(shellWord('sim/kspace.cfl'), 'sim/kspace.cfl');
    assert.equal(shellWord('my file.npy'), "'my file.npy'");
    assert.equal(shellWord("it's"), "'it'\\''s'");
    assert.equal(shellWord('$HOME'), "'$HOME'");
  });

  it('splitVersion reads package version, commit and dirty flag', () => {
    assert.deepEqual(splitVersion('0.1.0+ec569b0-dirty'), { version: '0.1.0', commit: 'ec569b0', dirty: true });
    assert.deepEqual(splitVersion('0.1.0'), { version: '0.1.0', commit: null, dirty: false });
  });

  it('receiptJson is canonical: keys sorted at every depth, one trailing newline', () => {
    assert.equal(receiptJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }), '{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
  });

  it('buildReceipt: seeds from options named *seed*, the line from the options, round trip through parseReceipt', () => {
    const r = buildReceipt({
      command: ['demo'],
      argv: ['demo', '--seed', '7'],
      cwd: '/w',
      options: { seed: { value: 7, source: 'cli', flag: '--seed <n>', arg: '7' }, out: { value: 'candor-out', source: 'default', flag: '--out <dir>', arg: 'candor-out' }, workers: { value: null, source: 'unset', flag: '--workers <n>', arg: null } },
      inputs: [],
      outputs: [{ role: 'out', path: 'summary.json', sha256: 'a'.repeat(64), bytes: 10 }],
      version: '0.1.0+abc1234',
      runtime: { name: 'node', version: 'v20.19.0', platform: 'linux', arch: 'x64' },
      startedAt: '2026-01-01T00:00:00.000Z',
      seconds: 1.5,
      roots: { out: 'candor-out' },
    });
    assert.deepEqual(r.seeds, { seed: 7 });
    assert.equal(r.command.line, 'candor demo --out candor-out --seed 7');
    assert.deepEqual(r.candor, { version: '0.1.0', commit: 'abc1234', dirty: false });
    assert.deepEqual(parseReceipt(receiptJson(r), 'r.json'), JSON.parse(receiptJson(r)));
  });

  it('firstJsonDifference: the first path in sorted key order, array lengths, missing keys; equal values give null', () => {
    assert.equal(firstJsonDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), null);
    assert.deepEqual(firstJsonDifference({ z: 1, a: { 'odd key': [1, 2] } }, { z: 2, a: { 'odd key': [1, 3] } }), { path: '$.a["odd key"][1]', was: 2, is: 3 });
    assert.deepEqual(firstJsonDifference({ a: [1] }, { a: [1, 2] }), { path: '$.a.length', was: 1, is: 2 });
    assert.deepEqual(firstJsonDifference({ a: 1 }, { b: 1 }), { path: '$.a', was: 1, is: undefined });
  });

  it('volatile entries: JSON paths (with * over arrays) and text patterns, per file', () => {
    const v = ['plan.json:$.rows.*.seconds', 'plan.json:$.store', 'report:report.json:$.out', 'report.html:~[0-9.]+ ms'];
    const p = volatileFor(v, 'plan.json');
    assert.deepEqual(p.paths, [['rows', '*', 'seconds'], ['store']]);
    assert.deepEqual(volatileFor(v, 'report:report.json').paths, [['out']]);
    assert.deepEqual(withoutPaths({ store: 'a.db', rows: [{ R: 2, seconds: 1 }, { R: 4, seconds: 2 }] }, p.paths), { rows: [{ R: 2 }, { R: 4 }] });
    assert.equal(maskText('took 12.5 ms and 3 ms', volatileFor(v, 'report.html').patterns), 'took <volatile> and <volatile>');
  });

  it('parseReceipt: the committed example parses; bad fields get one clear error each', () => {
    assert.equal(parseReceipt(text, 'r.json').command.words[0], 'recover');
    const bad = (patch: (r: Record<string, unknown>) => void, message: string) => {
      const r = JSON.parse(text);
      patch(r);
      assert.throws(() => parseReceipt(JSON.stringify(r), 'r.json'), { message });
    };
    bad((r) => (r.volatile = ['report.html:~(']), 'receipt r.json: field volatile: expected valid regular expressions after "FILE:~", got "report.html:~("');
    bad((r) => (r.volatile = ['no-separator']), 'receipt r.json: field volatile: expected an array of "FILE:$.path" or "FILE:~REGEX", got ["no-separator"]');
    bad((r) => ((r.command as Record<string, unknown>).words = []), 'receipt r.json: field command.words: expected a non-empty array of strings, got []');
    bad((r) => (r.outputs = {}), 'receipt r.json: field outputs: expected an array of files, got object');
    bad((r) => delete r.exitCode, 'receipt r.json: field exitCode: expected an integer, got null');
  });

  it('checkReplayable: another major version and web receipts are refused', () => {
    const r = parseReceipt(text, 'r.json');
    assert.doesNotThrow(() => checkReplayable(r, 'r.json', '0.9.0'));
    assert.throws(() => checkReplayable(r, 'r.json', '1.0.0+abc'), { message: 'receipt r.json: candor version: expected a receipt of candor 1.x (this is 1.0.0+abc), got one written by candor 0.1.0' });
  });
});

describe('receipt nesting bound and masked content', () => {
  it('jsonDepth counts brackets outside strings, escapes included, without recursion', () => {
    assert.equal(jsonDepth('{}'), 1);
    assert.equal(jsonDepth('{"a":[[1],{"b":[]}]}'), 4); // { [ { [
    assert.equal(jsonDepth('["[[[[", "\\"[[[", {"x": "]]]}"}]'), 2);
    assert.equal(jsonDepth('['.repeat(100000)), 100000);
  });

  it('parseReceipt refuses a receipt nested deeper than RECEIPT_MAX_DEPTH before parsing it', () => {
    assert.equal(RECEIPT_MAX_DEPTH, 32);
    assert.throws(() => parseReceipt(`${'['.repeat(33)}${']'.repeat(33)}`, 'deep.json'), { message: 'receipt deep.json: contents: expected JSON nested at most 32 deep (a receipt.json written by candor), got nesting 33 deep' });
    // the receipt fixture (depth within the bound) still parses
    assert.equal(parseReceipt(text, 'r.json').schema, 'candor-receipt');
  });

  it('maskedContent: JSON without the volatile paths, canonical; text with the patterns masked', () => {
    const v = volatileFor(['r.json:$.seconds', 'r.html:~[0-9.]+ s'], 'r.json');
    assert.equal(maskedContent('r.json', '{"seconds": 1.5, "b": 2, "a": 1}', v), '{\n  "a": 1,\n  "b": 2\n}\n');
    assert.equal(maskedContent('r.json', '{"seconds": 9, "a": 1, "b": 2}', v), maskedContent('r.json', '{"b":2,"a":1,"seconds":1}', v));
    const h = volatileFor(['r.html:~[0-9.]+ s'], 'r.html');
    assert.equal(maskedContent('r.html', 'took 3.2 s, 4 iterations', h), 'took <volatile>, 4 iterations');
  });
});
