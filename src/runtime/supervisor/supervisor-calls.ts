import type { Pid } from '../process/pid.ts';
import type { ProcessRuntime } from '../process/process-runtime.ts';
import type { CallOptions } from '../process/self.ts';
import type { ChildSpec, ChildStatus } from './child-spec.ts';
import { type SupervisorSpec, supervisor } from './supervisor.ts';

/**
 * Spawns a top-level supervisor.
 *
 * @example
 * const root = startSupervisor(runtime, { strategy: 'one_for_one', children: [{ id: 'a', start: worker }] }, { name: 'root' });
 */
export function startSupervisor(
  runtime: ProcessRuntime,
  spec: SupervisorSpec,
  options: { readonly name?: string } = {},
): Pid {
  return runtime.spawn(supervisor(spec) as never, { ...options, trapExits: true });
}

/**
 * The supervisor's children, in start order, with their current pids and restart counts.
 *
 * @example
 * for (const child of await whichChildren(runtime, root)) console.log(child.id, child.pid, child.restarts);
 */
export function whichChildren(
  runtime: ProcessRuntime,
  pid: Pid | string,
  options?: CallOptions,
): Promise<ChildStatus[]> {
  return runtime.call<ChildStatus[]>(pid, { type: 'which-children' }, options);
}

/**
 * Adds a child to a running supervisor, started at once, after the others; resolves with its pid.
 *
 * @example
 * const worker = await startChild(runtime, root, { id: 'job-7', start: jobServer, restart: 'transient' });
 */
export async function startChild(
  runtime: ProcessRuntime,
  pid: Pid | string,
  spec: ChildSpec,
  options?: CallOptions,
): Promise<Pid> {
  const answer = await runtime.call<{ pid?: Pid; error?: unknown }>(
    pid,
    { type: 'start-child', spec },
    options,
  );
  if (answer.error !== undefined) throw answer.error;
  return answer.pid as Pid;
}

/**
 * Stops a child the way the supervisor stops children (its shutdown time, then a kill) without it
 * counting as a failure; a temporary child is forgotten, others stay listed, down.
 *
 * @example
 * await terminateChild(runtime, root, 'job-7');
 */
export async function terminateChild(
  runtime: ProcessRuntime,
  pid: Pid | string,
  id: string,
  options?: CallOptions,
): Promise<void> {
  const answer = await runtime.call<{ error?: unknown }>(
    pid,
    { type: 'terminate-child', id },
    { timeoutMs: Number.POSITIVE_INFINITY, ...options },
  );
  if (answer.error !== undefined) throw answer.error;
}
