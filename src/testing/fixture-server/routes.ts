import { anthropicMessages } from './anthropic-messages.ts';
import { openaiChat } from './openai-chat.ts';
import { openaiResponses } from './openai-responses.ts';
import type { ProviderFormat } from './provider-format.ts';

const FORMATS: readonly ProviderFormat[] = [anthropicMessages, openaiChat, openaiResponses];

/** The endpoints the server speaks, for error messages: `POST /v1/messages, ...`. */
export const SPOKEN_ENDPOINTS = FORMATS.map((format) => `POST ${format.path}`).join(', ');

/** The format listening on `path`, if any. */
export function formatForPath(path: string): ProviderFormat | undefined {
  return FORMATS.find((format) => format.path === path);
}

/**
 * The format whose error shape answers a request to a path no format listens on: Anthropic's when the
 * request looks like it came from an Anthropic client (its path or its `anthropic-version` header),
 * otherwise OpenAI's.
 */
export function errorFormatFor(path: string, headers: Readonly<Record<string, string>>): ProviderFormat {
  const fromAnthropicClient =
    path.startsWith(anthropicMessages.path) || headers['anthropic-version'] !== undefined;
  return fromAnthropicClient ? anthropicMessages : openaiChat;
}
