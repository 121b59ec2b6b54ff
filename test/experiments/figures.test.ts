/**
 * The phase diagram's theory curves stay visible on every cell colour: each white line is drawn
 * over a wider dark edge of the same curves (issue 19: "the theory curve visible on any
 * background"), and the theory keeps its legend.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellStats, transition } from '../../src/experiments/analysis.ts';
import { phaseDiagramSpec } from '../../src/experiments/figures.ts';
import { parseSpec } from '../../src/experiments/spec.ts';

type Layer = { data: { values: { curve?: string }[] }; mark: { type: string; color?: string; strokeWidth?: number }; encoding: Record<string, { value?: string; legend?: unknown; field?: string }> };

describe('phaseDiagramSpec', () => {
  it('draws a dark edge under each white theory line, with the same curves, and keeps the theory legend', () => {
    const spec = parseSpec({ n: 20, delta: { from: 0.2, to: 0.8, count: 3 }, rho: { from: 0.2, to: 0.8, count: 3 }, trials: 1, solver: 'bp-lp' });
    const stats = cellStats(spec, []);
    const layers = phaseDiagramSpec(stats, transition(spec, stats)).layer as Layer[];
    const white = layers.findIndex((l) => l.mark.type === 'line' && l.encoding.color?.value === '#ffffff');
    const edge = layers.findIndex((l) => l.mark.type === 'line' && l.mark.color === '#1d2433');
    assert.ok(edge >= 0 && white > edge, `edge layer ${edge}, white layer ${white}`);
    assert.ok((layers[edge].mark.strokeWidth as number) >= 2 * (layers[white].mark.strokeWidth as number));
    assert.deepEqual(layers[edge].data.values, layers[white].data.values);
    assert.deepEqual(new Set(layers[white].data.values.map((v) => v.curve)), new Set(['theory rho_W(delta)', 'finite-n prediction']));
    assert.equal(layers[white].encoding.strokeDash.field, 'curve');
    assert.notEqual(layers[white].encoding.strokeDash.legend, null);
  });
});
