import type { ScriptedReply } from '../../model/scripted/scripted-reply.ts';
import { anthropicError } from './anthropic-error.ts';
import { anthropicFaults } from './anthropic-faults.ts';
import type { ProviderFormat, ReplyContext } from './provider-format.ts';
import { requestedModel } from './recorded-request.ts';
import { type FinishReason, type ResolvedReply, resolveReply } from './resolved-reply.ts';
import { sseEvent } from './sse.ts';
import { splitEvery } from './text-pieces.ts';
import { jsonResponse, sseResponse, type WireResponse } from './wire-response.ts';

/** Finish reasons Anthropic has no word for are sent as Vega's name, which the adapter reports as `other`. */
const STOP_REASONS: Readonly<Record<FinishReason, string>> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  other: 'other',
  error: 'error',
};

const TOOL_INPUT_PIECE_LENGTH = 12;

/**
 * The Anthropic Messages API, `POST /v1/messages`: a `message` object, or with `stream: true` the event
 * stream `message_start`, `content_block_start`/`ping`/`content_block_delta`/`content_block_stop` per text
 * or `tool_use` block, `message_delta` (stop reason, final usage) and `message_stop`.
 */
export const anthropicMessages: ProviderFormat = {
  format: 'anthropic-messages',
  path: '/v1/messages',
  reply(reply: ScriptedReply, context: ReplyContext): WireResponse {
    const resolved = resolveReply(reply, () => context.ids.next('toolu_'));
    const message = {
      id: context.ids.next('msg_'),
      type: 'message',
      role: 'assistant',
      model: requestedModel(context.request),
    };
    const headers = { 'request-id': context.ids.next('req_') };
    if (context.request.stream) return sseResponse(messageEvents(message, resolved), headers);
    return jsonResponse(
      200,
      {
        ...message,
        content: contentBlocks(resolved),
        stop_reason: STOP_REASONS[resolved.finishReason],
        stop_sequence: null,
        usage: anthropicUsage(resolved),
      },
      headers,
    );
  },
  error: anthropicError,
  faults: anthropicFaults,
};

/**
 * Anthropic's `input_tokens` counts only the input after the last cache breakpoint; Vega's `input` is the
 * total, so cache reads and writes come off it here and the adapter adds them back.
 */
function inputUsage({ usage }: ResolvedReply) {
  return {
    input_tokens: Math.max(0, usage.input - usage.cacheRead - usage.cacheWrite),
    cache_creation_input_tokens: usage.cacheWrite,
    cache_read_input_tokens: usage.cacheRead,
  };
}

/** Anthropic reports thinking tokens as a part of `output_tokens`, as Vega counts reasoning. */
function outputUsage({ usage }: ResolvedReply) {
  return {
    output_tokens: usage.output,
    ...(usage.reasoning > 0 ? { output_tokens_details: { thinking_tokens: usage.reasoning } } : {}),
  };
}

function cacheCreation({ usage }: ResolvedReply) {
  return { ephemeral_5m_input_tokens: usage.cacheWrite, ephemeral_1h_input_tokens: 0 };
}

function anthropicUsage(resolved: ResolvedReply) {
  return {
    ...inputUsage(resolved),
    cache_creation: cacheCreation(resolved),
    ...outputUsage(resolved),
    service_tier: 'standard',
  };
}

function contentBlocks(resolved: ResolvedReply): unknown[] {
  return [
    ...(resolved.text === '' ? [] : [{ type: 'text', text: resolved.text }]),
    ...resolved.toolCalls.map((call) => ({
      type: 'tool_use',
      id: call.id,
      name: call.name,
      input: parseArguments(call.argumentsText),
    })),
  ];
}

/** A raw scripted string that is not JSON stays a string, so invalid arguments reach the client. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function messageEvents(message: Readonly<Record<string, string>>, resolved: ResolvedReply): string[] {
  const events = [
    sseEvent('message_start', {
      type: 'message_start',
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        // Like the API: the output count so far at the start, the final one in `message_delta`.
        usage: {
          ...inputUsage(resolved),
          cache_creation: cacheCreation(resolved),
          output_tokens: Math.min(1, resolved.usage.output),
          service_tier: 'standard',
        },
      },
    }),
  ];
  const blocks = [
    ...(resolved.text === '' ? [] : [textBlockEvents(resolved.textChunks)]),
    ...resolved.toolCalls.map((call) => toolUseBlockEvents(call.id, call.name, call.argumentsText)),
  ];
  blocks.forEach((block, index) => {
    events.push(
      sseEvent('content_block_start', { type: 'content_block_start', index, content_block: block.start }),
    );
    if (index === 0) events.push(ping());
    for (const delta of block.deltas) {
      events.push(sseEvent('content_block_delta', { type: 'content_block_delta', index, delta }));
    }
    events.push(sseEvent('content_block_stop', { type: 'content_block_stop', index }));
  });
  if (blocks.length === 0) events.push(ping());
  events.push(
    sseEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: STOP_REASONS[resolved.finishReason], stop_sequence: null },
      usage: { ...inputUsage(resolved), ...outputUsage(resolved) },
    }),
    sseEvent('message_stop', { type: 'message_stop' }),
  );
  return events;
}

interface BlockEvents {
  readonly start: unknown;
  readonly deltas: readonly unknown[];
}

function textBlockEvents(chunks: readonly string[]): BlockEvents {
  return { start: { type: 'text', text: '' }, deltas: chunks.map((text) => ({ type: 'text_delta', text })) };
}

/** Like the API, the block starts with empty input and the JSON arrives in `input_json_delta` pieces. */
function toolUseBlockEvents(id: string, name: string, argumentsText: string): BlockEvents {
  return {
    start: { type: 'tool_use', id, name, input: {} },
    deltas: ['', ...splitEvery(argumentsText, TOOL_INPUT_PIECE_LENGTH)].map((partial_json) => ({
      type: 'input_json_delta',
      partial_json,
    })),
  };
}

function ping(): string {
  return sseEvent('ping', { type: 'ping' });
}
