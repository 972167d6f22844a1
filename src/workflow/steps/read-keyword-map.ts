import { isMap, isScalar } from 'yaml';
import { closestName } from '../../diagnostics/closest-name.ts';
import { describeNode } from '../load/describe-node.ts';
import type { LoadContext } from '../load/load-context.ts';
import { type MapEntry, readMapEntries } from '../load/map-entries.ts';
import { resolveNode } from '../load/resolve-node.ts';
import { collectStepKeys } from './collect-step-keys.ts';
import type { StepItem } from './step-kind.ts';

/** The keys a control step writes in its keyword's map (`- recall: { key, save }`). */
export interface KeywordMapShape {
  /** The control keyword: `recall`. */
  readonly keyword: string;
  /** Every key the map accepts, in the order the hints list them. */
  readonly keys: readonly string[];
  /** The keys that must be there. */
  readonly required: readonly string[];
  /** Reserved words that may also be written beside the keyword (`id`, `save`), as on other steps. */
  readonly siblings: readonly string[];
  /** The step written right, for hints: `- recall: { key: "prefs", save: prefs }`. */
  readonly example: string;
}

/**
 * Reads the map of a control step whose keyword takes named keys, like
 * `- remember: { key: "prefs_{{user}}", value: "{{prefs}}" }`. Keys beside the keyword are sorted by
 * {@link collectStepKeys}; `shape.siblings` may be written in either place, not both. Reports a value
 * that is not a map, unknown keys (with "did you mean"), keys given twice and missing required keys
 * (unless a misspelt key was already taken for it), and gives the entries by key — `undefined` when
 * the map cannot be read or a required key is missing.
 *
 * @example
 * const keys = readKeywordMap(load, item, { keyword: 'recall', keys: ['key', 'save', 'default', 'id'],
 *   required: ['key', 'save'], siblings: ['id', 'save'], example: '- recall: { key: k, save: v }' });
 * const save = keys?.get('save');
 */
export function readKeywordMap(
  load: LoadContext,
  item: StepItem,
  shape: KeywordMapShape,
): Map<string, MapEntry> | undefined {
  const { keyword } = shape;
  const beside = collectStepKeys(
    load,
    item.entries.filter((entry) => entry !== item.primary),
    shape.siblings,
    `a \`${keyword}\` step`,
  );
  const node = resolveNode(load, item.primary.value);
  if (!isMap(node)) {
    const empty = node === null || (isScalar(node) && (node.value === null || node.value === undefined));
    load.report(
      'error',
      'invalid_type',
      `\`${keyword}\` must be a map of \`key: value\`, got ${describeNode(node)}`,
      empty ? item.primary.keySpan : load.spanOf(node),
      `write it as \`${shape.example}\``,
    );
    return undefined;
  }
  const keys = new Map<string, MapEntry>();
  const suggested = new Set<string>();
  for (const entry of readMapEntries(load, node, `\`${keyword}\``) ?? []) {
    if (!shape.keys.includes(entry.key)) {
      const closest = closestName(entry.key, shape.keys);
      if (closest !== undefined) suggested.add(closest);
      load.report(
        'error',
        'unknown_key',
        `unknown key '${entry.key}' in \`${keyword}\``,
        entry.keySpan,
        closest === undefined
          ? `the keys of \`${keyword}\` are ${shape.keys.join(', ')}`
          : `did you mean '${closest}'?`,
      );
    } else if (keys.has(entry.key)) {
      load.report(
        'error',
        'conflicting_keys',
        `\`${entry.key}\` is given twice in \`${keyword}\``,
        entry.keySpan,
        'keep one of them',
      );
    } else {
      keys.set(entry.key, entry);
    }
  }
  for (const [key, entry] of beside) {
    if (keys.has(key)) {
      load.report(
        'error',
        'conflicting_keys',
        `\`${key}\` is given both inside \`${keyword}\` and beside it`,
        entry.keySpan,
        'keep one of them',
      );
    } else {
      keys.set(key, entry);
    }
  }
  const missing = shape.required.filter((key) => !keys.has(key));
  // A missing key that a misspelt one was taken for is already reported there.
  for (const key of missing.filter((name) => !suggested.has(name))) {
    load.report(
      'error',
      'missing_key',
      `\`${keyword}\` needs a \`${key}\``,
      item.primary.keySpan,
      `write it as \`${shape.example}\``,
    );
  }
  return missing.length === 0 ? keys : undefined;
}
