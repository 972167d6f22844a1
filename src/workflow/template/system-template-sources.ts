import { randomUUID } from 'node:crypto';
import type { TemplateSources } from './template-scope.ts';

/**
 * The clock, random UUIDs and environment of this process, for runs that are not replayed.
 *
 * @example
 * new RunState(document, workflow, inputs, systemTemplateSources());
 */
export function systemTemplateSources(
  env: Readonly<Record<string, string | undefined>> = process.env,
): TemplateSources {
  return { now: () => new Date(), randomUUID: () => randomUUID(), env };
}
