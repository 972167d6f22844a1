import type { ModelPrompt } from '../../spec/model.ts';

/**
 * The text of the last user message in a prompt (its text parts joined by newlines), or `''` when
 * the prompt has no user message. Scanned from the end, so it stays cheap as conversations grow.
 *
 * @example
 * lastUserMessage([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]); // 'hi'
 */
export function lastUserMessage(prompt: ModelPrompt): string {
  for (let index = prompt.length - 1; index >= 0; index--) {
    const message = prompt[index]!;
    if (message.role !== 'user') continue;
    let text: string | undefined;
    for (const part of message.content) {
      if (part.type !== 'text') continue;
      text = text === undefined ? part.text : `${text}\n${part.text}`;
    }
    return text ?? '';
  }
  return '';
}
