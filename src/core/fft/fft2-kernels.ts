/**
 * Team kernels of the 2-D FFT (../parallel/team.ts): the columns, then (after the team's
 * barrier) the rows of Fft2Plan.exec, each part a range of columns or rows. Unnormalised.
 *
 * - `fft2.cols` arrays [x, y], scalars [ny, nx, inverse (0/1)]: y's columns <- DFTs of x's.
 * - `fft2.rows` arrays [y], scalars [ny, nx, inverse]: y's rows in place.
 *
 * @example
 * import './fft2-kernels.ts';
 * // team.run('fft2.cols', [x, s], ny, nx, 0); team.run('fft2.rows', [s], ny, nx, 0); // s = fft2(x)
 */
import { partRange, registerKernel } from '../parallel/team.ts';
import { fft2Plan } from './fft2.ts';

registerKernel('fft2.cols', ({ part, parts, arrays, s }) => {
  // integers as small integers: a plan built from doubles would index with doubles (~2x slower)
  const ny = s[0] | 0;
  const nx = s[1] | 0;
  const [c0, c1] = partRange(nx, part, parts);
  fft2Plan(ny, nx).columns(arrays[0] as Float64Array, arrays[1] as Float64Array, c0, c1, s[2] === 1);
});

registerKernel('fft2.rows', ({ part, parts, arrays, s }) => {
  // integers as small integers: a plan built from doubles would index with doubles (~2x slower)
  const ny = s[0] | 0;
  const nx = s[1] | 0;
  const [r0, r1] = partRange(ny, part, parts);
  fft2Plan(ny, nx).rows(arrays[0] as Float64Array, r0, r1, s[2] === 1);
});
