import { classifyModelError } from '../errors/classify-model-error.ts';
import type { ModelCallOptions } from '../spec/model.ts';
import { usageFromModel } from '../spec/usage.ts';
import type { PreparedAgent } from './prepared-agent.ts';
import type { TurnResponse } from './turn-response.ts';
import { turnResponseFromContent } from './turn-response.ts';

/** One non-streaming model call; a failure comes out classified as a `ModelCallError`. */
export async function callModel<Output>(
  agent: PreparedAgent<Output>,
  options: ModelCallOptions,
): Promise<TurnResponse> {
  const { model } = agent;
  try {
    const result = await model.doGenerate(options);
    return turnResponseFromContent(result.content, usageFromModel(result.usage), result.finishReason.unified);
  } catch (error) {
    throw classifyModelError(error, { provider: model.provider, model: model.modelId });
  }
}
