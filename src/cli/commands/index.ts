/** Every CLI command, in the order `candor --help` lists them. */
import type { Command } from 'commander';
import { registerBench } from './bench.ts';
import { registerCertify } from './certify.ts';
import { registerDemo } from './demo.ts';
import { registerExplain } from './explain.ts';
import { registerMri } from './mri.ts';
import { registerPlan } from './plan.ts';
import { registerRadio } from './radio.ts';
import { registerRecover } from './recover.ts';
import { registerSeismic } from './seismic.ts';
import { registerServe } from './serve.ts';
import { registerSweep } from './sweep.ts';
import { registerTrial } from './trial.ts';
import { registerWorker } from './worker.ts';

export const commands: ((program: Command) => void)[] = [
  registerRecover,
  registerPlan,
  registerCertify,
  registerExplain,
  registerSweep,
  registerTrial,
  registerWorker,
  registerMri,
  registerRadio,
  registerSeismic,
  registerServe,
  registerDemo,
  registerBench,
];
