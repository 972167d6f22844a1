import type { ParsedNode } from 'yaml';
import { countErrors } from './block-draft.ts';
import type { LoadContext } from './load-context.ts';
import { readNameList } from './read-scalar.ts';

/**
 * Reads `fallback_models: [claude-haiku-4-5, openai:gpt-4o-mini]`: a list of model names, none empty,
 * tried in order. `[]` is kept: on a step it turns off the agent's fallbacks. A list with errors gives
 * `undefined`.
 *
 * @example
 * const models = readFallbackModels(context, entry.value, "`fallback_models` of agent 'Coder'");
 */
export function readFallbackModels(
  context: LoadContext,
  node: ParsedNode | null,
  label: string,
): string[] | undefined {
  const errorsBefore = countErrors(context);
  const models = readNameList(context, node, label);
  for (const model of models) {
    if (model.value.trim() !== '') continue;
    context.report(
      'error',
      'invalid_value',
      `each of ${label} must be a model name, got empty text`,
      model.span,
      'remove it, or name a model like claude-haiku-4-5',
    );
  }
  return countErrors(context) === errorsBefore ? models.map((model) => model.value.trim()) : undefined;
}
