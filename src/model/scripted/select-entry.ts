import type { ModelPrompt } from '../../spec/model.ts';
import type { CompiledEntry, CompiledScript } from './compile-script.ts';
import { lastUserMessage } from './last-user-message.ts';

/**
 * The first entry, in script order, that is not used up and whose matchers all match the call, or
 * `undefined`. Does not mark it used (see {@link useEntry}). The last user message is read only when
 * an entry has a pattern.
 *
 * @example
 * const entry = selectEntry(compiled, 'Writer', 1, options.prompt);
 */
export function selectEntry(
  script: CompiledScript,
  agent: string | undefined,
  turn: number,
  prompt: ModelPrompt,
): CompiledEntry | undefined {
  const entries = script.entries;
  let text: string | undefined;
  for (let index = script.firstOpen; index < entries.length; index++) {
    const entry = entries[index]!;
    if (entry.uses >= entry.times) continue;
    if (entry.agent !== undefined && entry.agent !== agent) continue;
    if (entry.turn !== undefined && entry.turn !== turn) continue;
    if (entry.pattern !== undefined) {
      text ??= lastUserMessage(prompt);
      if (!entry.pattern.test(text)) continue;
    }
    return entry;
  }
  return undefined;
}

/**
 * Counts one use of an entry and moves the script's starting point past entries that are used up.
 *
 * @example
 * useEntry(compiled, entry);
 */
export function useEntry(script: CompiledScript, entry: CompiledEntry): void {
  entry.uses++;
  const entries = script.entries;
  while (script.firstOpen < entries.length) {
    const first = entries[script.firstOpen]!;
    if (first.uses < first.times) break;
    script.firstOpen++;
  }
}
