/** Shared inputs for the NUFFT tests: seeded data, trajectories and ||a - b|| / ||b||. */
import { testRng } from './kit.ts';

export function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return s === 0 ? Math.sqrt(d) : Math.sqrt(d / s);
}

/** Uniform random coordinates in [-1/2, 1/2)^d (plus the corners +-1/2 on every axis). */
export function randomCoords(M: number, d: number, seed: number): Float64Array {
  const r = testRng(seed);
  const c = new Float64Array(M * d).map(() => r());
  for (let i = 0; i < d; i++) {
    c[i] = 0.5;
    c[d + i] = -0.5;
  }
  return c;
}

/** Radial coordinates: 1-D a readout line, 2-D spokes, 3-D spokes along Fibonacci-sphere directions. */
export function radialCoords(d: number, spokes: number, samples: number): Float64Array {
  const c = new Float64Array(spokes * samples * d);
  for (let p = 0; p < spokes; p++) {
    let dir: number[];
    if (d === 1) dir = [1];
    else if (d === 2) dir = [Math.sin((Math.PI * p) / spokes), Math.cos((Math.PI * p) / spokes)];
    else {
      const z = 1 - (p + 0.5) / spokes;
      const phi = p * Math.PI * (3 - Math.sqrt(5));
      const s = Math.sqrt(1 - z * z);
      dir = [z, s * Math.cos(phi), s * Math.sin(phi)];
    }
    for (let s = 0; s < samples; s++) {
      const r = (s - samples / 2 + 0.5) / samples;
      for (let i = 0; i < d; i++) c[(p * samples + s) * d + i] = r * dir[i];
    }
  }
  return c;
}

export function randomData(n: number, seed: number): Float64Array {
  const r = testRng(seed);
  return new Float64Array(n).map(() => r());
}
