/**
 * Candor's Node-only services (package subpath `candor/node`): files in every supported format
 * read and written atomically, the SQLite sweep store, stored and resumable sweeps on worker
 * threads, thread teams for two-core reconstructions (startTeam), and the applications' file helpers. Never imported by the browser-safe entries.
 *
 * @example
 * import { Store, runStored, phaseTransitionStored } from 'candor/node';
 */
export { defaultThreads, startTeam, type StartTeamOptions } from './experiments/node/team-threads.ts';
export * from './io/node/files.ts';
export * from './io/node/formats.ts';
export * from './io/node/trajectory-file.ts';
export * from './io/node/receipt-files.ts';
export * from './experiments/node/store.ts';
export * from './experiments/node/executor.ts';
export * from './experiments/node/run-stored.ts';
export * from './experiments/node/run-sweep.ts';
export * from './experiments/node/stored-kind.ts';
export * from './experiments/node/report.ts';
export * from './experiments/node/render.ts';
export * from './experiments/node/empirical.ts';
export * as mriFiles from './apps/mri/node/files.ts';
export * from './apps/mri/node/scan.ts';
export * as seismicFiles from './apps/seismic/node/files.ts';
export * as radioFiles from './apps/radio/node/files.ts';
