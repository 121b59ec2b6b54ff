/**
 * A team thread (see ../../core/parallel/team.ts): loads every module that registers kernels,
 * instantiates the WebAssembly FFT (~25 ms, while the calling thread reads its data), says it
 * is ready, and serves runs until the team closes.
 *
 * (Measured: warming the kernels further here, with a small reconstruction before saying ready,
 * gained nothing on the 320 x 320 `mri recon` process: what it saved in the first iterations it
 * cost in waiting.)
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { fftWasm } from '../../core/fft/wasm.ts';
import { serveTeam, type TeamMessage, type TeamShared } from '../../core/parallel/team.ts';
import '../team-kernels.ts';

const data = workerData as { shared: TeamShared; port: MessagePort; failures: MessagePort };
fftWasm();
parentPort?.postMessage('ready');
serveTeam(
  data.shared,
  () => receiveMessageOnPort(data.port)?.message as TeamMessage | undefined,
  (m) => data.failures.postMessage(m),
);
data.port.close();
data.failures.close();
