import { classifyModelError } from '../errors/classify-model-error.ts';
import type { ModelCallOutcome } from '../policy/model-call-request.ts';
import type { ModelCallOptions, ModelContent, ModelStreamPart } from '../spec/model.ts';
import type { Usage } from '../spec/usage.ts';
import { usageFromModel, ZERO_USAGE } from '../spec/usage.ts';
import type { AgentStreamPart } from './agent-stream-part.ts';
import { callRequest } from './call-model.ts';
import type { PreparedAgent } from './prepared-agent.ts';
import type { TurnResponse } from './turn-response.ts';
import { parseToolInput, turnResponseFromContent } from './turn-response.ts';

/**
 * One streaming model call: yields text, reasoning and tool-call parts as they arrive and returns the
 * whole reply, assembled exactly as a non-streaming call would give it. Stream errors come out
 * classified as a `ModelCallError`.
 */
export async function* streamModelTurn<Output>(
  agent: PreparedAgent<Output>,
  options: ModelCallOptions,
  turn: number,
): AsyncGenerator<AgentStreamPart<Output>, TurnResponse> {
  const { model } = agent;
  const classify = (error: unknown) =>
    classifyModelError(error, { provider: model.provider, model: model.modelId });
  const parts: AsyncGenerator<ModelStreamPart, ModelCallOutcome | undefined> =
    agent.environment.pipeline?.stream(callRequest(agent, options, turn)) ?? directParts(agent, options);
  const content: ModelContent[] = [];
  const open = new Map<string, Extract<ModelContent, { type: 'text' | 'reasoning' }>>();
  const openBlock = (kind: 'text' | 'reasoning', id: string) => {
    const entry: Extract<ModelContent, { type: 'text' | 'reasoning' }> = { type: kind, text: '' };
    open.set(`${kind}:${id}`, entry);
    content.push(entry);
    return entry;
  };
  let usage: Usage = ZERO_USAGE;
  let finishReason = 'other';
  let call: ModelCallOutcome | undefined;
  let ended = false;
  try {
    for (;;) {
      const next = await parts.next();
      if (next.done) {
        call = next.value;
        break;
      }
      const part = next.value;
      switch (part.type) {
        case 'text-start':
        case 'reasoning-start': {
          const entry = openBlock(part.type === 'text-start' ? 'text' : 'reasoning', part.id);
          if (part.providerMetadata !== undefined) entry.providerMetadata = part.providerMetadata;
          break;
        }
        case 'text-delta':
        case 'reasoning-delta': {
          const kind = part.type === 'text-delta' ? 'text' : 'reasoning';
          const entry = open.get(`${kind}:${part.id}`) ?? openBlock(kind, part.id);
          entry.text += part.delta;
          yield { type: kind === 'text' ? 'text-delta' : 'reasoning-delta', turn, text: part.delta };
          break;
        }
        case 'text-end':
        case 'reasoning-end': {
          const entry = open.get(`${part.type === 'text-end' ? 'text' : 'reasoning'}:${part.id}`);
          if (entry !== undefined && part.providerMetadata !== undefined)
            entry.providerMetadata = part.providerMetadata;
          break;
        }
        case 'tool-call':
          content.push(part);
          if (part.providerExecuted !== true) {
            const input = parseToolInput(part.input);
            yield { type: 'tool-call', turn, toolCallId: part.toolCallId, toolName: part.toolName, input };
          }
          break;
        case 'finish':
          usage = usageFromModel(part.usage);
          finishReason = part.finishReason.unified;
          break;
        case 'error':
          throw classify(part.error);
        default:
          break;
      }
    }
    ended = true;
  } finally {
    // A reader that leaves early ends the call too, so the pipeline settles what it holds.
    if (!ended) await parts.return(undefined);
  }
  const response = turnResponseFromContent(content, usage, finishReason);
  return call === undefined ? response : { ...response, call };
}

/** The parts of a call made straight to the model, without a pipeline; errors come out classified. */
async function* directParts<Output>(
  agent: PreparedAgent<Output>,
  options: ModelCallOptions,
): AsyncGenerator<ModelStreamPart, undefined> {
  const { model } = agent;
  const classify = (error: unknown) =>
    classifyModelError(error, { provider: model.provider, model: model.modelId });
  let stream: ReadableStream<ModelStreamPart>;
  try {
    ({ stream } = await model.doStream(options));
  } catch (error) {
    throw classify(error);
  }
  const reader = stream.getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<ModelStreamPart>;
      try {
        next = await reader.read();
      } catch (error) {
        throw classify(error);
      }
      if (next.done) return undefined;
      yield next.value;
    }
  } finally {
    reader.releaseLock();
  }
}
