export { map } from './map.ts';
export { parallel, type TaskResults } from './parallel.ts';
export { ParallelFailed, type TaskFailure } from './parallel-failed.ts';
export type { ParallelMode, ParallelOptions, Task } from './parallel-options.ts';
