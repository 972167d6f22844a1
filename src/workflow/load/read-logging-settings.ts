import { resolve } from 'node:path';
import { LOG_FORMATS, LOG_LEVELS, type LoggingSettings } from '../document/observability-settings.ts';
import { type BlockDraft, blockLabel, readBlock, setField } from './block-draft.ts';
import type { KeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { readChoice } from './read-choice.ts';
import { readText } from './read-scalar.ts';

const loggingKeys: KeyTable<BlockDraft<LoggingSettings>> = {
  place: 'in settings.logging',
  keys: {
    level: (entry, context, draft) =>
      setField(
        draft,
        'level',
        readChoice(context, entry.value, blockLabel(draft.place, 'level'), LOG_LEVELS)?.value,
      ),
    format: (entry, context, draft) =>
      setField(
        draft,
        'format',
        readChoice(context, entry.value, blockLabel(draft.place, 'format'), LOG_FORMATS)?.value,
      ),
    file: (entry, context, draft) => {
      const path = readText(context, entry.value, blockLabel(draft.place, 'file'));
      if (path !== undefined) setField(draft, 'file', resolve(context.directory, path.value));
    },
  },
};

/**
 * Reads `settings.logging: { level: debug|info|warn|error, file, format: json|text }`, checking every
 * key. A block with errors gives `undefined`.
 *
 * @example
 * const logging = readLoggingSettings(context, entry); // { level: 'info', file: '/work/vega.log' }
 */
export function readLoggingSettings(context: LoadContext, entry: MapEntry): LoggingSettings | undefined {
  const block = readBlock(context, entry, { path: 'settings.logging', owner: '' }, loggingKeys);
  return block?.value;
}
