import { VegaError } from '../../errors/vega-error.ts';

/**
 * Persistent memory of `remember` and `recall` steps: values by key that outlive a run. `get` gives
 * `undefined` for a key never remembered. Values are plain JSON.
 *
 * @example
 * const memory: WorkflowMemory = {
 *   get: (key) => store.getMemory({ kind: 'global', id: '' }, key),
 *   set: (key, value) => store.setMemory({ kind: 'global', id: '' }, key, value, Date.now()),
 * };
 */
export interface WorkflowMemory {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/**
 * The run's memory, or a `no_memory` error naming the step that needs it.
 *
 * @example
 * const memory = requireMemory(execution.memory, 'recall', step.index);
 */
export function requireMemory(
  memory: WorkflowMemory | undefined,
  keyword: 'remember' | 'recall',
  index: number,
): WorkflowMemory {
  if (memory !== undefined) return memory;
  throw new VegaError(
    'no_memory',
    `The \`${keyword}\` step (step ${index + 1}) needs persistent memory, and this run has none.`,
    {
      hint: 'Run the workflow with `vega run`, which keeps memory in its store, or pass `memory` to runWorkflow.',
    },
  );
}
