/**
 * Helpers shared by the WebAssembly SIMD functions of the FFT (./wasm-stages.ts, ./wasm-aux.ts):
 * vector loads and stores with an 8-byte alignment hint, the lane swap, vector constants, and an
 * emitter that LEB128-encodes local indices (functions with more than 127 locals).
 *
 * @example
 * import { localEmitter, GET, SET } from './wasm-common.ts';
 * const c: number[] = [];
 * localEmitter(c)(GET, 200, SET, 3); // c = [0x20, 0xc8, 0x01, 0x21, 3]
 */
import { emitter, F64X2_SWAP, f64x2Const, GET, PLUS_MINUS, SET, uleb, vload, vstore } from '../wasm/asm.ts';

export { GET, PLUS_MINUS, SET, vload, vstore };

/** Exchanges the two doubles of a vector: (re, im) -> (im, re). */
export const SWAP = F64X2_SWAP;
/** v128.const of the doubles (a, b). */
export const pair = f64x2Const;
/** Number of i32 parameters of every function of the FFT module (one function type). */
export const PARAMS = 12;

export type Emit = (...xs: (number | number[])[]) => void;

/**
 * Like ../wasm/asm.ts `emitter`, but the local index after each standalone local.get / local.set
 * is LEB128-encoded (the large butterflies use more than 127 locals). Immediates in arrays are
 * spliced as they are.
 */
export function localEmitter(c: number[]): Emit {
  const raw = emitter(c);
  let index = false;
  return (...xs) => {
    for (const x of xs) {
      if (Array.isArray(x)) raw(x);
      else if (index) {
        raw(uleb(x));
        index = false;
      } else {
        raw(x);
        index = x === GET || x === SET;
      }
    }
  };
}
