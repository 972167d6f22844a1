import type { LoadContext } from '../load/load-context.ts';
import type { MapEntry } from '../load/map-entries.ts';
import { readTemplate } from '../load/read-template.ts';
import type { Template } from '../template/template.ts';

/**
 * Reads the `key` of a `remember` or `recall` step: a template rendered to text at run time. A key
 * that is empty whatever the variables hold is reported as `invalid_value`.
 *
 * @example
 * const key = readMemoryKey(load, keys.get('key'), 'recall');
 */
export function readMemoryKey(
  load: LoadContext,
  entry: MapEntry | undefined,
  keyword: 'remember' | 'recall',
): Template | undefined {
  if (entry === undefined) return undefined;
  const template = readTemplate(load, entry.value, `\`${keyword}.key\``);
  if (template === undefined) return undefined;
  const empty = template.segments.every((segment) => segment.kind === 'text' && segment.text.trim() === '');
  if (empty) {
    load.report(
      'error',
      'invalid_value',
      `\`${keyword}.key\` is empty`,
      entry.valueSpan,
      'name the memory entry, like `key: "prefs_{{user}}"`',
    );
    return undefined;
  }
  return template;
}
