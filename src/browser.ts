/**
 * The browser bundle's entry (`dist/browser/candor.js`, an ES module with the WebAssembly kernels
 * inside; `highs.wasm` beside it): the package's stable surface at the top level and each layer
 * and application as a namespace. Load it from a page with no build step:
 *
 * @example
 * <script type="module">
 *   import { plan, mri } from './candor.js';
 *   plan({ n: 1000, k: 50 }).m;   // 225
 *   mri.sheppLogan(128);
 * </script>
 */
import { initHighs as initHighsFrom } from './solvers/highs-runtime.ts';

export * from './index.ts';
export * as core from './core/index.ts';
export * as linops from './linops/index.ts';
export * as prox from './prox/index.ts';
export * as solvers from './solvers/index.ts';
export * as predict from './predict/index.ts';
export * as theory from './theory/index.ts';
export * as experiments from './experiments/index.ts';
export * as io from './io/index.ts';
export * as mri from './apps/mri/index.ts';
export * as seismic from './apps/seismic/index.ts';
export * as radio from './apps/radio/index.ts';

/**
 * Loads HiGHS (the LP solver behind bp-lp and the LP certificates) from the `highs.wasm` that
 * sits beside this bundle, unless `options.locateFile` says otherwise.
 */
export function initHighs(options: Parameters<typeof initHighsFrom>[0] = {}): ReturnType<typeof initHighsFrom> {
  return initHighsFrom({ locateFile: (file: string) => new URL(file, import.meta.url).href, ...options });
}
