import { classifyModelError } from '../errors/classify-model-error.ts';
import type { ModelCallOptions } from '../spec/model.ts';
import { usageFromModel } from '../spec/usage.ts';
import type { PreparedAgent } from './prepared-agent.ts';
import type { TurnResponse } from './turn-response.ts';
import { turnResponseFromContent } from './turn-response.ts';

/**
 * One non-streaming model call, through the environment's pipeline when it has one; a failure comes
 * out classified as a `ModelCallError` (or as the policy error that stopped it).
 */
export async function callModel<Output>(
  agent: PreparedAgent<Output>,
  options: ModelCallOptions,
  turn: number,
): Promise<TurnResponse> {
  const { model, environment } = agent;
  const pipeline = environment.pipeline;
  if (pipeline !== undefined) {
    const outcome = await pipeline.generate(callRequest(agent, options, turn));
    const { result } = outcome;
    return {
      ...turnResponseFromContent(result.content, outcome.usage, result.finishReason.unified),
      call: outcome,
    };
  }
  try {
    const result = await model.doGenerate(options);
    return turnResponseFromContent(result.content, usageFromModel(result.usage), result.finishReason.unified);
  } catch (error) {
    throw classifyModelError(error, { provider: model.provider, model: model.modelId });
  }
}

/** The pipeline request of one turn's call. */
export function callRequest<Output>(agent: PreparedAgent<Output>, options: ModelCallOptions, turn: number) {
  return {
    model: agent.model,
    options,
    key: `${agent.runId}/t${turn}`,
    agent: agent.name,
    ...(agent.budget === undefined ? {} : { budget: agent.budget }),
    ...(agent.policies === undefined ? {} : { policies: agent.policies }),
  };
}
