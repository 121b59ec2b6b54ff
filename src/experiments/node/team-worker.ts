/**
 * A team thread (see ../../core/parallel/team.ts): loads every module that registers kernels,
 * instantiates the WebAssembly FFT (~25 ms), says 'loaded', waits for its team's shared memory
 * and ports (one message from ./threads.ts), says 'ready' and serves runs until the team closes.
 * Splitting 'loaded' from the setup lets the `candor` command start this thread before it
 * knows it will need it (bin/candor.mjs, for `mri recon` and `mri report`), so that the
 * thread loads while the command does.
 *
 * (Measured: warming the kernels further here, with a small reconstruction before saying ready,
 * gained nothing on the 320 x 320 `mri recon` process: what it saved in the first iterations it
 * cost in waiting.)
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { fftWasm } from '../../core/fft/wasm.ts';
import { serveTeam, type TeamMessage, type TeamShared } from '../../core/parallel/team.ts';
import '../../solvers/team-kernels.ts';
import { bundleDir, installWasmCache } from './wasm-cache.ts';

/** The setup message of ./threads.ts. */
interface Setup {
  shared: TeamShared;
  port: MessagePort;
  failures: MessagePort;
}

// the FFT module's bytes from the bundle's cache (./wasm-cache.ts) when this is the bundled worker
const dir = bundleDir((workerData as { entry?: string } | null)?.entry);
if (dir) installWasmCache(dir);
fftWasm();
parentPort?.once('message', (data: Setup) => {
  serveTeam(
    data.shared,
    () => receiveMessageOnPort(data.port)?.message as TeamMessage | undefined,
    (m) => data.failures.postMessage(m),
    () => parentPort?.postMessage('ready'),
  );
  data.port.close();
  data.failures.close();
  parentPort?.close();
});
parentPort?.postMessage('loaded');
