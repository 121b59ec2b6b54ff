/**
 * The benchmark accuracy gate (bench/verdict.ts, ../shared/BENCHMARKS.md "Equal work, equal
 * accuracy"): a row meets its target only when the ratio is met AND ours passes its accuracy
 * rule; a miss on accuracy reads "inaccurate", whatever the ratio.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atMost, checkGate, judge } from '../../bench/verdict.ts';

const target = { target: 1, informational: null };

describe('judge', () => {
  it('ok only when the ratio is met and the accuracy rule holds', () => {
    assert.deepEqual(judge(target, { ratio: 0.5, accuracyOk: true, peerMissing: false }), { verdict: 'ok', meets: true });
    assert.deepEqual(judge(target, { ratio: 1, accuracyOk: true, peerMissing: false }), { verdict: 'ok', meets: true });
  });
  it('a fast row that misses its accuracy rule is inaccurate, not ok', () => {
    assert.deepEqual(judge(target, { ratio: 0.1, accuracyOk: false, peerMissing: false }), { verdict: 'inaccurate', meets: false });
    assert.deepEqual(judge(target, { ratio: 3, accuracyOk: false, peerMissing: false }), { verdict: 'inaccurate', meets: false });
  });
  it('an accuracy rule that could not be judged does not pass', () => {
    assert.deepEqual(judge(target, { ratio: 0.1, accuracyOk: null, peerMissing: false }), { verdict: 'inaccurate', meets: false });
  });
  it('an accurate row over its target is slow; NaN ratios are never under a target', () => {
    assert.deepEqual(judge(target, { ratio: 1.01, accuracyOk: true, peerMissing: false }), { verdict: 'slow', meets: false });
    assert.deepEqual(judge(target, { ratio: Number.NaN, accuracyOk: true, peerMissing: false }), { verdict: 'slow', meets: false });
  });
  it('informational rows carry no target and meet nothing, whatever they measure', () => {
    const info = { target: null, informational: 'two of our own routes' };
    assert.deepEqual(judge(info, { ratio: 0.1, accuracyOk: true, peerMissing: false }), { verdict: 'informational', meets: null });
    assert.deepEqual(judge(info, { ratio: 9, accuracyOk: false, peerMissing: false }), { verdict: 'informational', meets: null });
  });
  it('a row whose peer is not installed says so', () => {
    assert.deepEqual(judge(target, { ratio: null, accuracyOk: true, peerMissing: true }), { verdict: 'peer missing', meets: null });
  });
});

describe('checkGate', () => {
  it('accepts a target with a peer, and no target with a reason', () => {
    checkGate('a', { target: 1, informational: null }, true);
    checkGate('b', { target: null, informational: 'ours alone' }, false);
  });
  it('rejects a row with neither a target nor a reason, both, a target without a peer, or a bad target', () => {
    assert.throws(() => checkGate('a', { target: null, informational: null }, true), {
      message: 'bench case "a": target: expected a ratio or an informational reason, got neither',
    });
    assert.throws(() => checkGate('a', { target: 1, informational: 'x' }, true), {
      message: 'bench case "a": target: expected null for an informational row, got 1',
    });
    assert.throws(() => checkGate('a', { target: 1, informational: null }, false), {
      message: 'bench case "a": target: expected a peer to compare with, got none (mark the row informational)',
    });
    assert.throws(() => checkGate('a', { target: 0, informational: null }, true), {
      message: 'bench case "a": target: expected a ratio > 0, got 0',
    });
  });
});

describe('atMost', () => {
  it('is true only for finite numbers at or under the bound', () => {
    assert.equal(atMost(1e-15, 1e-14), true);
    assert.equal(atMost(1e-14, 1e-14), true);
    assert.equal(atMost(2e-14, 1e-14), false);
    assert.equal(atMost(null, 1), false);
    assert.equal(atMost(Number.NaN, 1), false);
    assert.equal(atMost(Number.NEGATIVE_INFINITY, 1), false);
  });
});
