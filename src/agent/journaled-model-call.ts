import { createHash } from 'node:crypto';
import { canonicalJson } from '../durable/canonical-json.ts';
import type { Cost } from '../spec/cost.ts';
import type { Model, ModelCallOptions, ModelMessage, ModelToolCall } from '../spec/model.ts';
import type { Usage } from '../spec/usage.ts';
import type { PreparedAgent } from './prepared-agent.ts';
import type { AssistantMessage, TurnResponse } from './turn-response.ts';

/** What the journal keeps of a model call: enough to give the agent loop the same turn again. */
export interface RecordedTurn {
  readonly text: string;
  readonly toolCalls: readonly ModelToolCall[];
  readonly assistantMessage: AssistantMessage;
  readonly usage: Usage;
  readonly finishReason: string;
  readonly provider: string;
  readonly model: string;
  readonly cost: Cost;
  readonly attempts?: number;
  readonly waitedMs?: number;
  readonly fallbackFrom?: string;
}

/**
 * One turn's model call, journaled when the agent runs inside a durable run: a call the journal has
 * completed comes back as recorded (no request, no charge); otherwise it is made and recorded. Model
 * calls are idempotent, so one cut off by a crash is made again on resume. A recorded call's cost is
 * carried over into the agent's budget scopes, so a resumed run's caps cover what it spent before.
 */
export async function journaledModelCall<Output>(
  agent: PreparedAgent<Output>,
  turn: number,
  options: ModelCallOptions,
  call: () => Promise<TurnResponse>,
): Promise<TurnResponse> {
  const position = agent.journal;
  if (position === undefined) return call();
  const response = await position.journal.effect<TurnResponse>(
    `${position.key}/t${turn}/model`,
    {
      kind: 'model-call',
      idempotent: true,
      ...(position.processId === undefined ? {} : { processId: position.processId }),
      request: modelRequestIdentity(agent.model, options, position.journal.redact),
      encode: recordTurn,
      decode: (recorded) => ({ ...(recorded as RecordedTurn), recorded: recorded as RecordedTurn }),
    },
    call,
  );
  // A call paid for before the run was interrupted still counts against the run's caps.
  if (response.recorded !== undefined) agent.budget?.carryOver(response.recorded.cost.usd ?? 0);
  return response;
}

function recordTurn(response: TurnResponse): RecordedTurn {
  const served = response.recorded;
  const model = response.call?.model;
  return {
    text: response.text,
    toolCalls: response.toolCalls,
    assistantMessage: response.assistantMessage,
    usage: response.usage,
    finishReason: response.finishReason,
    provider: served?.provider ?? model?.provider ?? '',
    model: served?.model ?? model?.modelId ?? '',
    cost: served?.cost ?? response.call?.cost ?? UNKNOWN_COST,
    ...(response.call === undefined
      ? {}
      : {
          attempts: response.call.attempts,
          waitedMs: response.call.waitedMs,
          ...(response.call.fallbackFrom === undefined ? {} : { fallbackFrom: response.call.fallbackFrom }),
        }),
  };
}

const UNKNOWN_COST: Cost = {
  usd: undefined,
  breakdown: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  unpricedModels: [],
};

/**
 * What identifies a model request for divergence checks: the model, a SHA-256 of everything sent
 * that shapes the answer (prompt, tools, settings), and the start of the last message for people.
 *
 * @example
 * modelRequestIdentity(model, options); // { model: 'anthropic/claude-haiku-4-5', digest: '9f2c…', last: 'Summarise …' }
 */
export function modelRequestIdentity(
  model: Model,
  options: ModelCallOptions,
  redact: <Value>(value: Value) => Value = (value) => value,
): Record<string, unknown> {
  const shaping = redact({
    prompt: options.prompt,
    tools: options.tools,
    maxOutputTokens: options.maxOutputTokens,
    temperature: options.temperature,
    responseFormat: options.responseFormat,
  });
  const digest = createHash('sha256').update(canonicalJson(shaping)).digest('hex');
  return { model: `${model.provider}/${model.modelId}`, digest, last: preview(shaping.prompt.at(-1)) };
}

function preview(message: ModelMessage | undefined): string {
  if (message === undefined) return '';
  const { content } = message;
  const text =
    typeof content === 'string'
      ? content
      : content
          .map((part) => {
            if (part.type === 'text') return part.text;
            if (part.type === 'tool-result') return `[${part.toolName} result]`;
            if (part.type === 'tool-call') return `[${part.toolName} call]`;
            return `[${part.type}]`;
          })
          .join(' ');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
