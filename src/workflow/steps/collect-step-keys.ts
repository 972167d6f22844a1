import { closestName } from '../../diagnostics/closest-name.ts';
import { reportUnsupported } from '../load/key-table.ts';
import type { LoadContext } from '../load/load-context.ts';
import type { MapEntry } from '../load/map-entries.ts';
import {
  AGENT_STEP_KEYS,
  CONTROL_KEYS,
  CONTROL_KEYWORDS,
  reservedWordOf,
  STEP_MODIFIERS,
} from './step-keys.ts';

/**
 * Sorts the keys of a step (besides its agent or keyword) into those its kind accepts, returned by
 * name, and errors: a key given twice, a modifier only agent steps take, a modifier of the spec not
 * supported yet, a key that belongs to another kind of step, or an unknown key with "did you mean".
 *
 * @example
 * const keys = collectStepKeys(context, siblings, ['send', 'save', 'id'], 'an agent step');
 */
export function collectStepKeys(
  context: LoadContext,
  entries: readonly MapEntry[],
  accepted: readonly string[],
  kindLabel: string,
): Map<string, MapEntry> {
  const keys = new Map<string, MapEntry>();
  for (const entry of entries) {
    const word = reservedWordOf(entry.key);
    if (accepted.includes(entry.key)) {
      if (keys.has(entry.key)) {
        context.report(
          'error',
          'conflicting_keys',
          `\`${entry.key}\` is given twice in this step`,
          entry.keySpan,
          'keep one of them',
        );
      } else {
        keys.set(entry.key, entry);
      }
    } else if (AGENT_STEP_KEYS.includes(word)) {
      context.report(
        'error',
        'unknown_key',
        `\`${word}\` does not belong in ${kindLabel}`,
        entry.keySpan,
        'it applies to agent steps',
      );
    } else if (word === 'compensate') {
      // Steps read `compensate:` beside their key (see parse-steps); one inside a map is misplaced.
      context.report(
        'error',
        'misplaced_key',
        `\`compensate\` belongs beside the step's key, not inside ${kindLabel}'s map`,
        entry.keySpan,
        'move `compensate: [ … ]` out to the level of the step, under its `- `',
      );
    } else if (STEP_MODIFIERS.includes(word)) {
      reportUnsupported(context, `\`${word}\` on steps`, entry.keySpan, word);
    } else if (CONTROL_KEYWORDS.includes(word) || CONTROL_KEYS.includes(word)) {
      context.report(
        'error',
        'unknown_key',
        `\`${word}\` does not belong in ${kindLabel}`,
        entry.keySpan,
        'put it in a step of its own',
      );
    } else {
      const closest = closestName(entry.key, [...accepted, ...STEP_MODIFIERS]);
      context.report(
        'error',
        'unknown_key',
        `unknown key '${entry.key}' in ${kindLabel}`,
        entry.keySpan,
        closest === undefined ? `keys of ${kindLabel}: ${accepted.join(', ')}` : `did you mean '${closest}'?`,
      );
    }
  }
  return keys;
}
