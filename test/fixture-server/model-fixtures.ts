import { expect } from 'vitest';
import type { ModelFunctionTool, ModelPrompt, ModelStreamPart, ModelUsage } from '../../src/spec/model.ts';
import { type Usage, usageFromModel } from '../../src/spec/usage.ts';

/** A one-message prompt, as `generateText` would hand it to a model. */
export const weatherPrompt: ModelPrompt = [
  { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris and in Rome?' }] },
];

/** A function tool in the model specification's shape. */
export const weatherTool: ModelFunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'The current weather in a city.',
  inputSchema: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
};

/** Every part of a model stream, in order. */
export async function readParts(stream: ReadableStream<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The parts of one type, typed. */
export function partsOfType<T extends ModelStreamPart['type']>(
  parts: readonly ModelStreamPart[],
  type: T,
): Extract<ModelStreamPart, { type: T }>[] {
  return parts.filter((part): part is Extract<ModelStreamPart, { type: T }> => part.type === type);
}

/** Asserts that the adapter reported exactly the scripted numbers, read the way Vega reads them. */
export function expectUsage(usage: ModelUsage, expected: Partial<Usage>): void {
  expect(usageFromModel(usage)).toEqual({
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    ...expected,
  });
}

/** The rejection of a promise, for assertions on its fields. */
export async function rejectionOf(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject, but it resolved.');
}
