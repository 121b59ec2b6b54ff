/** Every CLI command, in the order `candor --help` lists them. */
import type { Command } from 'commander';
import { registerDemo } from './demo.ts';

export const commands: ((program: Command) => void)[] = [registerDemo];
