/** The theory benchmark group: every module in bench/groups/theory/ (see ../folder-group.ts). */
import type { BenchCase } from '../harness.ts';
import { folderCases } from '../folder-group.ts';

export function cases(): Promise<BenchCase[]> {
  return folderCases('theory');
}
