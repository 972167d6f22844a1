import type { ModelPrompt } from '../../spec/model.ts';
import { lastUserMessage } from './last-user-message.ts';
import type { ScriptedReply } from './scripted-reply.ts';

/**
 * The echo model's answer: `[echo] ` and the last user message, nothing else, so the same prompt
 * always gets the same answer.
 *
 * @example
 * echoReply([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]); // { text: '[echo] hi' }
 */
export function echoReply(prompt: ModelPrompt): ScriptedReply {
  const message = lastUserMessage(prompt);
  return { text: message === '' ? '[echo]' : `[echo] ${message}` };
}
