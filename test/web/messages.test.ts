/**
 * The lab's messages: a library message's internal function name is replaced by the user's word
 * (the file name kept), other messages pass unchanged; field ranges are said as the library says
 * them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rangeText } from '../../src/web/fields.ts';
import { publicMessage } from '../../src/web/ui.ts';

describe('publicMessage', () => {
  it('names no internal function', () => {
    assert.equal(publicMessage('decodeImage2d(notes.png): format: expected a PNG, DICOM, NPY or NIfTI file, got unrecognised bytes 74 68'), 'upload notes.png: format: expected a PNG, DICOM, NPY or NIfTI file, got unrecognised bytes 74 68');
    assert.equal(publicMessage('readSegy(a b.sgy): file size: expected at least 3600 bytes, got 16 bytes'), 'upload a b.sgy: file size: expected at least 3600 bytes, got 16 bytes');
    assert.equal(publicMessage('interpolateGather: kept traces: expected at least 2 non-zero traces, got 1 of 64'), 'interpolation: kept traces: expected at least 2 non-zero traces, got 1 of 64');
    assert.equal(publicMessage('radialMask: acceleration: expected a finite number >= 1, got 0.5'), 'mask: acceleration: expected a finite number >= 1, got 0.5');
    // an unknown camelCase name becomes the page's word
    assert.equal(publicMessage('someHelper: x: expected 1, got 2', 'sweep'), 'sweep: x: expected 1, got 2');
  });
  it('leaves the user\'s words, and keeps the first line only', () => {
    assert.equal(publicMessage('plan: k: expected an integer in [1, n = 200], got 500'), 'plan: k: expected an integer in [1, n = 200], got 500');
    assert.equal(publicMessage('sweep spec: field n: expected an integer in [2, 100000], got 1'), 'sweep spec: field n: expected an integer in [2, 100000], got 1');
    assert.equal(publicMessage('upload x.png: image size: expected between 8x8 and 1024x1024 pixels, got 4x4\n    at stack'), 'upload x.png: image size: expected between 8x8 and 1024x1024 pixels, got 4x4');
    assert.equal(publicMessage('request failed: 503 Service Unavailable'), 'request failed: 503 Service Unavailable');
  });
});

describe('rangeText', () => {
  it('says closed, open and one-sided ranges as the library does', () => {
    assert.equal(rangeText({ label: 'n', integer: true, min: 2, max: 2000 }), 'an integer in [2, 2000]');
    assert.equal(rangeText({ label: 'keep', min: 0, max: 1, openMin: true, openMax: true }), 'a number in (0, 1)');
    assert.equal(rangeText({ label: 'R', min: 1, max: 1000, openMin: true }), 'a number in (1, 1000]');
    assert.equal(rangeText({ label: 'seed', integer: true, min: 0 }), 'an integer >= 0');
    assert.equal(rangeText({ label: 'n', integer: true, min: 2, max: 2000, note: "(the browser's limit)" }), "an integer in [2, 2000] (the browser's limit)");
  });
});
