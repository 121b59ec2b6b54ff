/**
 * Worker thread of the structured phase-transition sweep (src/experiments/levels-kind.ts) with the
 * MRI sampling families: the spec arrives once in workerData; batches of tasks run through the
 * engine's worker loop.
 */
import type { LevelsSweepSpec } from '../../../experiments/levels-kind.ts';
import { levelsTransitionKind } from '../../../experiments/levels-kind.ts';
import { serveSweepTasks } from '../../../experiments/node/worker-loop.ts';
import { MRI_FAMILIES } from '../levels-families.ts';

await serveSweepTasks(levelsTransitionKind(MRI_FAMILIES), (data) => data as LevelsSweepSpec);
