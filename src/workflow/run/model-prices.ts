import { parseModelName } from '../../model/registry/parse-model-name.ts';
import type { ModelPrice } from '../../spec/cost.ts';
import type { WorkflowSettings } from '../document/workflow-document.ts';

/**
 * The prices of `settings.models.prices` as the runtime looks them up — by the model a call uses. A
 * price keyed by an alias (`desk`) applies to the model the alias names (`claude-haiku-4-5`, or
 * `anthropic:claude-haiku-4-5` and its id); a price keyed by that model itself comes first.
 *
 * @example
 * modelPrices({ desk: { input: 1, output: 5 } }, { desk: 'claude-haiku-4-5' });
 * // { desk: {...}, 'claude-haiku-4-5': { input: 1, output: 5 } }
 */
export function modelPrices(
  prices: Readonly<Record<string, ModelPrice>>,
  modelAliases: WorkflowSettings['modelAliases'],
): Readonly<Record<string, ModelPrice>> {
  const resolved: Record<string, ModelPrice> = { ...prices };
  for (const [name, price] of Object.entries(prices)) {
    const target =
      modelAliases !== undefined && Object.hasOwn(modelAliases, name) ? modelAliases[name] : undefined;
    if (target === undefined) continue;
    const modelId = parseModelName(target)?.modelId;
    for (const key of [target, modelId]) {
      if (key !== undefined && !Object.hasOwn(prices, key)) resolved[key] = price;
    }
  }
  return resolved;
}
