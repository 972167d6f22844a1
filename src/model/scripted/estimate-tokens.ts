import type { ModelMessage, ModelPrompt } from '../../spec/model.ts';

const CHARACTERS_PER_TOKEN = 4;

// Agent loops send the same message objects again on every turn, so counting each message once keeps
// the estimate proportional to what is new. A message changed in place after it was counted keeps its
// old count: acceptable for an estimate.
const countedMessages = new WeakMap<ModelMessage, number>();

/**
 * A deterministic token estimate: about four characters per token, and at least one, so a scripted
 * call never costs nothing by accident.
 *
 * @example
 * estimateTokens(10); // 3
 */
export function estimateTokens(characters: number): number {
  return Math.max(1, Math.ceil(characters / CHARACTERS_PER_TOKEN));
}

/**
 * How many characters of text a prompt holds: system text, text and reasoning parts, tool call inputs
 * and tool results. Files count as nothing (their size says little about their tokens).
 *
 * @example
 * estimateTokens(promptCharacters(options.prompt));
 */
export function promptCharacters(prompt: ModelPrompt): number {
  let characters = 0;
  for (const message of prompt) {
    let counted = countedMessages.get(message);
    if (counted === undefined) {
      counted = messageCharacters(message);
      countedMessages.set(message, counted);
    }
    characters += counted;
  }
  return characters;
}

function messageCharacters(message: ModelMessage): number {
  if (message.role === 'system') return message.content.length;
  let characters = 0;
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
      case 'reasoning':
        characters += part.text.length;
        break;
      case 'tool-call':
        characters += part.toolName.length + jsonLength(part.input);
        break;
      case 'tool-result':
        characters += part.toolName.length + toolOutputLength(part.output);
        break;
      case 'tool-approval-response':
        characters += part.reason?.length ?? 0;
        break;
    }
  }
  return characters;
}

type ToolOutput = Extract<ModelPrompt[number]['content'][number], { type: 'tool-result' }>['output'];

function toolOutputLength(output: ToolOutput): number {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value.length;
    case 'json':
    case 'error-json':
      return jsonLength(output.value);
    case 'execution-denied':
      return output.reason?.length ?? 0;
    case 'content': {
      let characters = 0;
      for (const item of output.value) if (item.type === 'text') characters += item.text.length;
      return characters;
    }
  }
}

function jsonLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  return JSON.stringify(value)?.length ?? 0;
}
