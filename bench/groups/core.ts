/** The core benchmark group: every module in bench/groups/core/ (see ../folder-group.ts). */
import type { BenchCase } from '../harness.ts';
import { folderCases } from '../folder-group.ts';

export function cases(): Promise<BenchCase[]> {
  return folderCases('core');
}
