import type { ParsedNode } from 'yaml';
import { DEFAULT_CIRCUIT_BREAKER, DEFAULT_RETRY } from '../../policy/policy-options.ts';
import { DEFAULT_SUPERVISION } from '../../runtime/supervisor/supervision-types.ts';
import type { WorkflowSettings } from '../document/workflow-document.ts';
import { applyKeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { readMapEntries } from './map-entries.ts';
import { resolveCircuitBreaker } from './read-circuit-breaker.ts';
import { resolveRetry } from './read-retry.ts';
import { resolveSupervision } from './read-supervision.ts';
import { type SettingsDraft, settingsKeys } from './settings-keys.ts';

/**
 * Reads `settings:`; an absent or empty block gives empty settings. The blocks that are the agents'
 * defaults (`supervision`, `retry`, `circuit_breaker`) are resolved over the built-in defaults.
 *
 * @example
 * const settings = parseSettings(context, entry?.value ?? null);
 */
export function parseSettings(context: LoadContext, node: ParsedNode | null): WorkflowSettings {
  const draft: SettingsDraft = {};
  if (node === null) return { fieldSpans: {} };
  const entries = readMapEntries(context, node, '`settings`') ?? [];
  const fieldSpans = applyKeyTable(context, entries, settingsKeys, draft, 'settings');
  const { supervision, retry, circuitBreaker, ...fields } = draft;
  return {
    ...fields,
    fieldSpans,
    ...(supervision === undefined
      ? {}
      : { supervision: resolveSupervision(context, supervision, DEFAULT_SUPERVISION) }),
    ...(retry === undefined ? {} : { retry: resolveRetry(context, retry, DEFAULT_RETRY) }),
    ...(circuitBreaker === undefined
      ? {}
      : { circuitBreaker: resolveCircuitBreaker(circuitBreaker, DEFAULT_CIRCUIT_BREAKER) }),
  };
}
