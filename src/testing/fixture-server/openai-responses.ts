import type { ScriptedReply } from '../../model/scripted/scripted-reply.ts';
import type { IdSequence } from './id-sequence.ts';
import { openaiError } from './openai-error.ts';
import { openaiFaults } from './openai-faults.ts';
import type { ProviderFormat, ReplyContext } from './provider-format.ts';
import { type RecordedRequest, requestedModel } from './recorded-request.ts';
import { type FinishReason, type ResolvedReply, resolveReply } from './resolved-reply.ts';
import { sseEvent } from './sse.ts';
import { splitEvery } from './text-pieces.ts';
import { jsonResponse, sseResponse, type WireResponse } from './wire-response.ts';

/**
 * The Responses API has no finish reason field: a reply that ends early is `incomplete` with a reason,
 * and the adapter derives `tool-calls` from the presence of `function_call` items. Reasons it has no word
 * for are sent as Vega's name, which the adapter reports as `other`.
 */
const INCOMPLETE_REASONS: Readonly<Record<FinishReason, string | undefined>> = {
  stop: undefined,
  'tool-calls': undefined,
  length: 'max_output_tokens',
  'content-filter': 'content_filter',
  other: 'other',
  error: 'error',
};

const ARGUMENTS_PIECE_LENGTH = 12;

interface MessageItem {
  readonly id: string;
  readonly type: 'message';
  readonly text: string;
  readonly chunks: readonly string[];
}

interface FunctionCallItem {
  readonly id: string;
  readonly type: 'function_call';
  readonly callId: string;
  readonly name: string;
  readonly arguments: string;
}

type OutputItem = MessageItem | FunctionCallItem;

/**
 * The OpenAI Responses API, `POST /v1/responses`: a `response` object with `message` and `function_call`
 * output items, or with `stream: true` the typed events `response.created`, `response.in_progress`,
 * `response.output_item.added`, `response.output_text.delta`, `response.function_call_arguments.delta`,
 * `response.output_item.done`, ... and `response.completed` (or `response.incomplete`) with usage.
 */
export const openaiResponses: ProviderFormat = {
  format: 'openai-responses',
  path: '/v1/responses',
  reply(reply: ScriptedReply, context: ReplyContext): WireResponse {
    const resolved = resolveReply(reply, () => context.ids.next('call_'));
    const base = responseBase(context, context.ids.next('resp_'));
    const items = outputItems(resolved, context.ids);
    const incompleteReason = INCOMPLETE_REASONS[resolved.finishReason];
    const final = {
      ...base,
      status: incompleteReason === undefined ? 'completed' : 'incomplete',
      incomplete_details: incompleteReason === undefined ? null : { reason: incompleteReason },
      output: items.map(completedItem),
      usage: responsesUsage(resolved),
    };
    const headers = { 'x-request-id': context.ids.next('req_') };
    if (!context.request.stream) return jsonResponse(200, final, headers);
    const started = { ...base, status: 'in_progress', incomplete_details: null, output: [], usage: null };
    let sequenceNumber = 0;
    const event = (type: string, fields: Readonly<Record<string, unknown>>) =>
      sseEvent(type, { type, sequence_number: sequenceNumber++, ...fields });
    return sseResponse(
      [
        event('response.created', { response: started }),
        event('response.in_progress', { response: started }),
        ...items.flatMap((item, outputIndex) => itemEvents(item, outputIndex, event)),
        event(incompleteReason === undefined ? 'response.completed' : 'response.incomplete', {
          response: final,
        }),
      ],
      headers,
    );
  },
  error: openaiError,
  faults: openaiFaults,
};

function outputItems(resolved: ResolvedReply, ids: IdSequence): OutputItem[] {
  const items: OutputItem[] = [];
  if (resolved.text !== '') {
    items.push({ id: ids.next('msg_'), type: 'message', text: resolved.text, chunks: resolved.textChunks });
  }
  for (const call of resolved.toolCalls) {
    items.push({
      id: ids.next('fc_'),
      type: 'function_call',
      callId: call.id,
      name: call.name,
      arguments: call.argumentsText,
    });
  }
  return items;
}

/** The fields of a response object that do not depend on the reply; request settings are echoed back. */
function responseBase(context: ReplyContext, id: string) {
  const body = requestFields(context.request);
  return {
    id,
    object: 'response',
    created_at: context.createdAt,
    background: false,
    error: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: requestedModel(context.request),
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    store: body.store ?? true,
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    metadata: body.metadata ?? {},
  };
}

function requestFields(request: RecordedRequest): Readonly<Record<string, unknown>> {
  return typeof request.body === 'object' && request.body !== null
    ? (request.body as Readonly<Record<string, unknown>>)
    : {};
}

/** The Responses API's `input_tokens` includes cached tokens, as Vega's `input` does. */
function responsesUsage({ usage }: ResolvedReply) {
  return {
    input_tokens: usage.input,
    input_tokens_details: { cached_tokens: usage.cacheRead, cache_write_tokens: usage.cacheWrite },
    output_tokens: usage.output,
    output_tokens_details: { reasoning_tokens: usage.reasoning },
    total_tokens: usage.input + usage.output,
  };
}

function outputText(text: string) {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

function completedItem(item: OutputItem) {
  if (item.type === 'message') {
    return {
      id: item.id,
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [outputText(item.text)],
    };
  }
  return {
    id: item.id,
    type: 'function_call',
    status: 'completed',
    arguments: item.arguments,
    call_id: item.callId,
    name: item.name,
  };
}

function itemEvents(
  item: OutputItem,
  outputIndex: number,
  event: (type: string, fields: Readonly<Record<string, unknown>>) => string,
): string[] {
  const at = { item_id: item.id, output_index: outputIndex };
  if (item.type === 'message') {
    const part = { ...at, content_index: 0 };
    return [
      event('response.output_item.added', {
        output_index: outputIndex,
        item: { id: item.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      }),
      event('response.content_part.added', { ...part, part: outputText('') }),
      ...item.chunks.map((delta) => event('response.output_text.delta', { ...part, delta, logprobs: [] })),
      event('response.output_text.done', { ...part, text: item.text, logprobs: [] }),
      event('response.content_part.done', { ...part, part: outputText(item.text) }),
      event('response.output_item.done', { output_index: outputIndex, item: completedItem(item) }),
    ];
  }
  return [
    event('response.output_item.added', {
      output_index: outputIndex,
      item: { ...completedItem(item), status: 'in_progress', arguments: '' },
    }),
    ...splitEvery(item.arguments, ARGUMENTS_PIECE_LENGTH).map((delta) =>
      event('response.function_call_arguments.delta', { ...at, delta }),
    ),
    event('response.function_call_arguments.done', { ...at, arguments: item.arguments }),
    event('response.output_item.done', { output_index: outputIndex, item: completedItem(item) }),
  ];
}
