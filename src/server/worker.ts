/**
 * A compute worker of the lab server (see ./pool.ts for the protocol): runs ./tasks.ts and
 * answers with the result or the error's status and message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorBody } from './http.ts';
import { runTask, type TaskContext, type TaskKind } from './tasks.ts';

const ctx = workerData as TaskContext;

parentPort?.on('message', (msg: { id: number; kind: TaskKind; payload: Record<string, unknown> }) => {
  let reply: { id: number; result?: unknown; error?: { status: number; message: string } };
  try {
    reply = { id: msg.id, result: runTask(ctx, msg.kind, msg.payload) };
  } catch (e) {
    reply = { id: msg.id, error: errorBody(e) };
  }
  parentPort?.postMessage(reply);
});
