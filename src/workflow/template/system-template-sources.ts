import { randomUUID } from 'node:crypto';
import type { TemplateSources } from './template-scope.ts';

/**
 * The clock, random UUIDs and environment of this process, for runs that are not replayed, and the
 * run's id (`run.id`): a random UUID made once per call unless one is given.
 *
 * @example
 * new RunState(document, workflow, inputs, systemTemplateSources(io.env));
 */
export function systemTemplateSources(
  env: Readonly<Record<string, string | undefined>> = process.env,
  runId: string = randomUUID(),
): TemplateSources {
  return { now: () => new Date(), randomUUID: () => randomUUID(), env, runId };
}
