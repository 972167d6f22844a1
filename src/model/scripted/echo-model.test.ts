import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  ModelCallOptions,
  ModelGenerateResult,
  ModelPrompt,
  ModelStreamPart,
} from '../../spec/model.ts';
import { echoModel } from './echo-model.ts';
import { scriptedModel } from './scripted-model.ts';

function textOf(result: ModelGenerateResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

async function streamedText(stream: ReadableStream<ModelStreamPart>): Promise<string> {
  let text = '';
  for await (const part of stream) if (part.type === 'text-delta') text += part.delta;
  return text;
}

describe('echoModel', () => {
  it('answers with the last user message, whatever the system prompt, and never calls tools', async () => {
    const prompt: ModelPrompt = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: [{ type: 'text', text: 'first' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'second' },
          { type: 'text', text: 'part' },
        ],
      },
    ];
    const options: ModelCallOptions = {
      prompt,
      tools: [{ type: 'function', name: 'search', inputSchema: { type: 'object' } }],
      toolChoice: { type: 'required' },
    };
    const result = await echoModel().doGenerate(options);
    expect(result.content).toEqual([{ type: 'text', text: '[echo] second\npart' }]);
    expect(result.finishReason.unified).toBe('stop');
    expect(result.usage.inputTokens.total).toBeGreaterThan(0);
    expect(textOf(await echoModel().doGenerate({ prompt: [{ role: 'system', content: 'x' }] }))).toBe(
      '[echo]',
    );
  });

  it('is deterministic, and its streamed deltas join to the generated text', async () => {
    const message = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\t', 'é', '😀'), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(fc.option(fc.string()), message, async (system, text) => {
        const prompt: ModelPrompt = [
          ...(system === null ? [] : [{ role: 'system' as const, content: system }]),
          { role: 'user', content: [{ type: 'text', text }] },
        ];
        const first = await echoModel().doGenerate({ prompt });
        const second = await echoModel().doGenerate({ prompt: structuredClone(prompt) });
        expect(second).toEqual(first);
        expect(textOf(first)).toBe(text === '' ? '[echo]' : `[echo] ${text}`);
        const { stream } = await echoModel().doStream({ prompt });
        expect(await streamedText(stream)).toBe(textOf(first));
      }),
      { numRuns: 200 },
    );
  });

  it('streams any scripted text so the deltas join to what doGenerate returns', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (text) => {
        const model = scriptedModel({ replies: [{ text, times: 'always' }] }, { record: false });
        const options: ModelCallOptions = { prompt: [] };
        expect(await streamedText((await model.doStream(options)).stream)).toBe(
          textOf(await model.doGenerate(options)),
        );
      }),
      { numRuns: 200 },
    );
  });
});
