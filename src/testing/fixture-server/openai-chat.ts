import type { ScriptedReply } from '../../model/scripted/scripted-reply.ts';
import { openaiError } from './openai-error.ts';
import { openaiFaults } from './openai-faults.ts';
import type { ProviderFormat, ReplyContext } from './provider-format.ts';
import { type RecordedRequest, requestedModel } from './recorded-request.ts';
import { type FinishReason, type ResolvedReply, resolveReply } from './resolved-reply.ts';
import { sseData } from './sse.ts';
import { splitEvery } from './text-pieces.ts';
import { jsonResponse, sseResponse, type WireResponse } from './wire-response.ts';

/** Finish reasons Chat Completions has no word for are sent as Vega's name; the adapter reports `other`. */
const FINISH_REASONS: Readonly<Record<FinishReason, string>> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  other: 'other',
  error: 'error',
};

const ARGUMENTS_PIECE_LENGTH = 12;
const SYSTEM_FINGERPRINT = 'fp_fixture';

/**
 * OpenAI Chat Completions, `POST /v1/chat/completions`: a `chat.completion` object, or with
 * `stream: true` `data:` lines of `chat.completion.chunk` objects (role, content deltas, `tool_calls`
 * deltas, the finish reason), a last chunk with usage when `stream_options.include_usage` is set, and
 * `data: [DONE]`.
 */
export const openaiChat: ProviderFormat = {
  format: 'openai-chat',
  path: '/v1/chat/completions',
  reply(reply: ScriptedReply, context: ReplyContext): WireResponse {
    const resolved = resolveReply(reply, () => context.ids.next('call_'));
    const completion = {
      id: context.ids.next('chatcmpl-'),
      created: context.createdAt,
      model: requestedModel(context.request),
    };
    const headers = { 'x-request-id': context.ids.next('req_') };
    if (context.request.stream) {
      return sseResponse(chunkEvents(completion, resolved, includesUsage(context.request)), headers);
    }
    return jsonResponse(
      200,
      {
        ...completion,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: resolved.text === '' && resolved.toolCalls.length > 0 ? null : resolved.text,
              refusal: null,
              annotations: [],
              ...(resolved.toolCalls.length > 0 ? { tool_calls: toolCalls(resolved) } : {}),
            },
            logprobs: null,
            finish_reason: FINISH_REASONS[resolved.finishReason],
          },
        ],
        usage: chatUsage(resolved),
        service_tier: 'default',
        system_fingerprint: SYSTEM_FINGERPRINT,
      },
      headers,
    );
  },
  error: openaiError,
  faults: openaiFaults,
};

/** OpenAI's `prompt_tokens` already includes cached tokens, as Vega's `input` does. */
function chatUsage({ usage }: ResolvedReply) {
  return {
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
    prompt_tokens_details: {
      cached_tokens: usage.cacheRead,
      cache_write_tokens: usage.cacheWrite,
      audio_tokens: 0,
    },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function toolCalls(resolved: ResolvedReply) {
  return resolved.toolCalls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.argumentsText },
  }));
}

function includesUsage(request: RecordedRequest): boolean {
  const body = request.body as { stream_options?: { include_usage?: unknown } } | undefined;
  return body?.stream_options?.include_usage === true;
}

function chunkEvents(
  completion: { readonly id: string; readonly created: number; readonly model: string },
  resolved: ResolvedReply,
  withUsage: boolean,
): string[] {
  const chunk = (choices: unknown[], usage: unknown = null) =>
    sseData({
      ...completion,
      object: 'chat.completion.chunk',
      service_tier: 'default',
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices,
      // With include_usage every chunk carries `usage: null` except the last, which carries the numbers.
      ...(withUsage ? { usage } : {}),
    });
  const delta = (fields: unknown, finishReason: string | null = null) => [
    { index: 0, delta: fields, logprobs: null, finish_reason: finishReason },
  ];
  const role = { role: 'assistant' };
  const events: string[] = [];
  // Like the API, a reply that is only tool calls carries the role on its first tool-call delta.
  const textFirst = resolved.text !== '' || resolved.toolCalls.length === 0;
  if (textFirst) events.push(chunk(delta({ ...role, content: '', refusal: null })));
  for (const content of resolved.textChunks) events.push(chunk(delta({ content })));
  resolved.toolCalls.forEach((call, index) => {
    const start = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    const first = index === 0 && !textFirst ? { ...role, content: null, refusal: null } : {};
    events.push(chunk(delta({ ...first, tool_calls: [start] })));
    for (const piece of splitEvery(call.argumentsText, ARGUMENTS_PIECE_LENGTH)) {
      events.push(chunk(delta({ tool_calls: [{ index, function: { arguments: piece } }] })));
    }
  });
  events.push(chunk(delta({}, FINISH_REASONS[resolved.finishReason])));
  if (withUsage) events.push(chunk([], chatUsage(resolved)));
  events.push(sseData('[DONE]'));
  return events;
}
