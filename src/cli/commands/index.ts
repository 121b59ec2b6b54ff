/** Every CLI command, in the order `candor --help` lists them. */
import type { Command } from 'commander';
import { registerDemo } from './demo.ts';
import { registerPlan } from './plan.ts';
import { registerServe } from './serve.ts';
import { registerSweep } from './sweep.ts';
import { registerTrial } from './trial.ts';

export const commands: ((program: Command) => void)[] = [registerPlan, registerSweep, registerTrial, registerServe, registerDemo];
