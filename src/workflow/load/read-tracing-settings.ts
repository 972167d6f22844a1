import { TRACE_EXPORTERS, type TracingSettings } from '../document/observability-settings.ts';
import { type BlockDraft, blockLabel, readBlock, setField } from './block-draft.ts';
import type { KeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { readBoolean } from './read-boolean.ts';
import { readChoice } from './read-choice.ts';
import { readHttpUrl } from './read-http-url.ts';

const tracingKeys: KeyTable<BlockDraft<TracingSettings>> = {
  place: 'in settings.tracing',
  keys: {
    enabled: (entry, context, draft) =>
      setField(
        draft,
        'enabled',
        readBoolean(context, entry.value, blockLabel(draft.place, 'enabled'))?.value,
      ),
    exporter: (entry, context, draft) =>
      setField(
        draft,
        'exporter',
        readChoice(context, entry.value, blockLabel(draft.place, 'exporter'), TRACE_EXPORTERS)?.value,
      ),
    endpoint: (entry, context, draft) =>
      setField(
        draft,
        'endpoint',
        readHttpUrl(context, entry.value, blockLabel(draft.place, 'endpoint'))?.value,
      ),
  },
};

/**
 * Reads `settings.tracing: { enabled, exporter: jsonl|otlp|chrome|store, endpoint }`, checking every
 * key. A block with errors gives `undefined`.
 *
 * @example
 * const tracing = readTracingSettings(context, entry); // { enabled: true, exporter: 'otlp', endpoint: 'http://127.0.0.1:4318' }
 */
export function readTracingSettings(context: LoadContext, entry: MapEntry): TracingSettings | undefined {
  const block = readBlock(context, entry, { path: 'settings.tracing', owner: '' }, tracingKeys);
  return block?.value;
}
