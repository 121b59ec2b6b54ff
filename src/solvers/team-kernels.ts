/**
 * Every module that registers team kernels (../core/parallel/team.ts), loaded by each team
 * thread (./node/team-worker.ts) and by the thread that starts a team, so both know them all.
 *
 * @example
 * import './team-kernels.ts';
 */
import '../core/dense/kernel-images.ts';
import '../core/dense/pixel-eig.ts';
import '../core/fft/fft2-kernels.ts';
import '../core/wavelets/haar-kernels.ts';
import '../linops/coil-normal-kernels.ts';
import '../linops/fourier-team.ts';
import '../prox/spin-wavelet.ts';
import './fista-passes.ts';
