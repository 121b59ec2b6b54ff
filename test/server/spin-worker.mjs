// A worker for test/server/pool.test.ts speaking the compute pool's protocol: 'echo' answers,
// 'spin' never returns (a computation over its budget), 'fail' answers with an error body,
// 'grow' allocates JavaScript objects until the worker's heap limit kills it.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', ({ id, kind, payload }) => {
  if (kind === 'echo') parentPort.postMessage({ id, result: payload });
  else if (kind === 'fail') parentPort.postMessage({ id, error: { status: 400, message: 'fail: input: expected nothing, got something' } });
  else if (kind === 'spin') for (;;);
  else if (kind === 'grow') {
    const keep = [];
    for (;;) keep.push({ a: [1, 2, 3], b: 'x'.repeat(64) + keep.length });
  }
});
