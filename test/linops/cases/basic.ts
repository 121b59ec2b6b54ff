import { blockDiag, compose, hstack, reshape, scale, sum, vstack, adjoint, composeAll } from '../../../src/linops/combinators.ts';
import { diagonal, identity, restrictCols, restrictRows, select } from '../../../src/linops/basic.ts';
import { gradient1, gradient2 } from '../../../src/linops/gradient.ts';
import { randomVec, type OperatorCase } from '../kit.ts';

const cplx = (n: number, seed: number) => ({ complex: randomVec(2 * n, seed) });

export const cases: OperatorCase[] = [
  { name: 'identity 3x4', factory: 'identity', build: () => identity([3, 4]) },
  { name: 'diagonal real 7', factory: 'diagonal', build: () => diagonal(randomVec(7, 1)) },
  { name: 'diagonal complex 6 (2x3)', factory: 'diagonal', build: () => diagonal(cplx(6, 2), [2, 3]) },
  { name: 'select 3 of 4x2', factory: 'select', build: () => select([4, 2], [7, 0, 3]) },
  { name: 'select all (unitary)', factory: 'select', build: () => select([5], [4, 3, 2, 1, 0]) },
  { name: 'restrictRows of complex diagonal', factory: 'restrictRows', build: () => restrictRows(diagonal(cplx(8, 3)), Uint8Array.of(1, 0, 0, 1, 1, 0, 1, 0)) },
  { name: 'restrictCols of gradient2', factory: 'restrictCols', build: () => restrictCols(gradient2(3, 4), [0, 5, 6, 11]) },
  { name: 'gradient1 neumann 9', factory: 'gradient1', build: () => gradient1(9) },
  { name: 'gradient1 periodic 6', factory: 'gradient1', build: () => gradient1(6, { boundary: 'periodic' }) },
  { name: 'gradient1 n=1', factory: 'gradient1', build: () => gradient1(1) },
  { name: 'gradient2 neumann 5x7', factory: 'gradient2', build: () => gradient2(5, 7) },
  { name: 'gradient2 periodic 4x3', factory: 'gradient2', build: () => gradient2(4, 3, { boundary: 'periodic' }) },
  { name: 'compose complex diag o gradient1', factory: 'compose', build: () => compose(diagonal(cplx(6, 4)), gradient1(6)) },
  { name: 'composeAll of three', factory: 'composeAll', build: () => composeAll([diagonal(randomVec(5, 5)), gradient1(5), diagonal(randomVec(5, 6))]) },
  { name: 'sum of gradient1 and diagonal', factory: 'sum', build: () => sum(gradient1(6), diagonal(randomVec(6, 7)), identity([6])) },
  { name: 'scale -2 gradient2', factory: 'scale', build: () => scale(-2, gradient2(3, 3)) },
  { name: 'scale -1 identity (unitary)', factory: 'scale', build: () => scale(-1, identity([4])) },
  { name: 'adjoint of gradient2', factory: 'adjoint', build: () => adjoint(gradient2(3, 5)) },
  { name: 'adjoint of select (isometry)', factory: 'adjoint', build: () => adjoint(select([6], [1, 4])) },
  { name: 'vstack gradient1 + identity', factory: 'vstack', build: () => vstack([gradient1(5), identity([5]), diagonal(cplx(5, 8))]) },
  { name: 'hstack two diagonals', factory: 'hstack', build: () => hstack([diagonal(randomVec(4, 9)), gradient1(4)]) },
  { name: 'blockDiag gradient2 and complex diag', factory: 'blockDiag', build: () => blockDiag([gradient2(2, 3), diagonal(cplx(3, 10))]) },
  { name: 'blockDiag of unitaries', factory: 'blockDiag', build: () => blockDiag([identity([2]), select([3], [2, 0, 1])]) },
  { name: 'reshape gradient1', factory: 'reshape', build: () => reshape(gradient1(6), [2, 3], [3, 2]) },
];

import { createRng } from '../../../src/core/rng/index.ts';
import { gaussian, matrixOperator, rademacher } from '../../../src/linops/matrix.ts';
import { gaussianMatrix } from '../../../src/linops/matrix.ts';

cases.push(
  { name: 'matrixOperator 7x5', factory: 'matrixOperator', build: () => matrixOperator(gaussianMatrix(7, 5, createRng(3))) },
  { name: 'matrixOperator 1x1', factory: 'matrixOperator', build: () => matrixOperator(gaussianMatrix(1, 1, createRng(4))) },
  { name: 'gaussian 20x50', factory: 'gaussian', build: () => gaussian(20, 50, createRng(5)) },
  { name: 'gaussian 9x30 unit columns', factory: 'gaussian', build: () => gaussian(9, 30, createRng(6), { columns: 'unit' }) },
  { name: 'rademacher 16x40', factory: 'rademacher', build: () => rademacher(16, 40, createRng(7)) },
);

import { partialDft2 } from '../../../src/linops/fourier.ts';
import { wavelet2 } from '../../../src/linops/wavelet.ts';

// compositions that keep A A^H = I (co-isometry) or A^H A = I (isometry): the structure is inferred
const waveletMask = Uint8Array.from({ length: 64 }, (_, i) => (i % 3 === 0 || i === 27 ? 1 : 0));
cases.push(
  { name: 'compose partialDft2 o wavelet synthesis (co-isometry)', factory: 'compose', build: () => compose(partialDft2(8, 8, waveletMask, { centered: true }), adjoint(wavelet2(8, 8, { wavelet: 'haar', levels: 2 }))) },
  { name: 'compose wavelet synthesis o adjoint partialDft2 (isometry)', factory: 'compose', build: () => compose(adjoint(wavelet2(8, 8, { wavelet: 'db2', levels: 1 })), adjoint(partialDft2(8, 8, waveletMask))) },
  { name: 'compose two co-isometries', factory: 'compose', build: () => compose(select([4], [3, 1]), partialDft2(1, 5, Uint8Array.of(1, 1, 0, 1, 1))) },
);
