/**
 * Mixed l2,1 norm (group lasso): x laid out component-major as [components][groups] (the layout of
 * a gradient's range [2, ny, nx]); R(x) = sum_g sqrt(sum_c |x[c][g]|^2). Complex entries add
 * their real and imaginary parts to the group. prox = group soft thresholding; conjugate =
 * indicator of the l-inf,2 unit ball, whose prox projects each group onto the unit ball.
 * With `components: 2` on a 2-D gradient this is isotropic total variation's outer norm.
 *
 * Reference: Yuan & Lin 2006 (group lasso); Chambolle & Pock 2011 (TV as ||Dx||_{2,1}).
 *
 * @example
 * import { l21 } from './mixed.ts';
 * // one group of two components (3, 4): norm 5, shrunk by 1 -> (2.4, 3.2)
 * l21({ groups: 1, components: 2 }).prox(Float64Array.of(3, 4), 1, new Float64Array(2));
 */
import { checkInt } from '../core/errors.ts';
import { checkSameLength, checkTau, type Prox } from './types.ts';

/** Group norms sqrt(sum_c |x[c][g]|^2) into `out` (length groups). */
export function groupNorms(x: Float64Array, groups: number, components: number, complex: boolean, out: Float64Array): Float64Array {
  const w = complex ? 2 : 1;
  out.fill(0);
  for (let c = 0; c < components; c++) {
    const base = c * groups * w;
    for (let g = 0; g < groups; g++) {
      let s = 0;
      for (let k = 0; k < w; k++) {
        const v = x[base + g * w + k];
        s += v * v;
      }
      out[g] += s;
    }
  }
  for (let g = 0; g < groups; g++) out[g] = Math.sqrt(out[g]);
  return out;
}

/** out = x scaled per group by f[g] (out may alias x). */
export function scaleGroups(x: Float64Array, f: Float64Array, groups: number, components: number, complex: boolean, out: Float64Array): void {
  const w = complex ? 2 : 1;
  for (let c = 0; c < components; c++) {
    const base = c * groups * w;
    for (let g = 0; g < groups; g++) for (let k = 0; k < w; k++) out[base + g * w + k] = f[g] * x[base + g * w + k];
  }
}

/**
 * Mixed l2,1 norm (group lasso) R(x) = sum_g sqrt(sum_c |x[c][g]|^2), x laid out component-major
 * [components][groups] (a gradient's range); prox = group soft thresholding. With
 * `components: 2` on a 2-D gradient it is isotropic TV's outer norm.
 * @param opts - the numbers of groups and components; `complex` for complex interleaved entries
 */
export function l21(opts: { groups: number; components: number; complex?: boolean }): Prox {
  const groups = checkInt('l21', 'groups', opts.groups, 1);
  const components = checkInt('l21', 'components', opts.components, 1);
  const build = (complex: boolean): Prox => {
    const len = groups * components * (complex ? 2 : 1);
    const nrm = new Float64Array(groups);
    const name = `l21(${components}x${groups})`;
    return {
      name,
      complex,
      value(x) {
        checkSameLength(`${name}.value`, x, x, len);
        groupNorms(x, groups, components, complex, nrm);
        let s = 0;
        for (let g = 0; g < groups; g++) s += nrm[g];
        return s;
      },
      prox(x, tau, out) {
        checkTau(`${name}.prox`, tau);
        checkSameLength(`${name}.prox`, x, out, len);
        groupNorms(x, groups, components, complex, nrm);
        for (let g = 0; g < groups; g++) nrm[g] = nrm[g] > tau ? 1 - tau / nrm[g] : 0;
        scaleGroups(x, nrm, groups, components, complex, out);
        return out;
      },
      proxConj(x, s, out) {
        checkTau(`${name}.proxConj`, s);
        checkSameLength(`${name}.proxConj`, x, out, len);
        groupNorms(x, groups, components, complex, nrm);
        for (let g = 0; g < groups; g++) nrm[g] = nrm[g] > 1 ? 1 / nrm[g] : 1;
        scaleGroups(x, nrm, groups, components, complex, out);
        return out;
      },
      withField: (c) => build(c),
    };
  };
  return build(opts.complex ?? false);
}
