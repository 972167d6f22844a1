import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelMessage } from '../../spec/model.ts';
import { boundHistory, historyTokens } from './bound-history.ts';

const NEVER = new AbortController().signal;
const user = (text: string): ModelMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const assistant = (text: string): ModelMessage => ({ role: 'assistant', content: [{ type: 'text', text }] });

const conversation = fc
  .array(fc.tuple(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 })), { maxLength: 12 })
  .map((turns) => [
    { role: 'system', content: 'You help.' } as ModelMessage,
    ...turns.flatMap(([question, answer]) => [user(question), assistant(answer)]),
  ]);

describe('boundHistory with truncate', () => {
  it('keeps the system prompt and the longest suffix of whole turns that fits', async () => {
    await fc.assert(
      fc.asyncProperty(conversation, fc.integer({ min: 1, max: 400 }), async (messages, limit) => {
        const memory = { history: 'conversation', maxHistoryTokens: limit, strategy: 'truncate' } as const;
        const bounded = await boundHistory(messages, memory, { signal: NEVER });
        if (historyTokens(messages) <= limit) {
          expect(bounded).toBe(messages);
          return;
        }
        expect(bounded[0]).toBe(messages[0]);
        const kept = bounded.slice(1);
        // A suffix of the conversation, starting at a user message.
        expect(kept).toEqual(messages.slice(messages.length - kept.length));
        if (kept.length > 0) expect(kept[0]?.role).toBe('user');
        expect(historyTokens(kept)).toBeLessThanOrEqual(limit);
        // One more turn would not have fitted.
        const longer = messages.slice(Math.max(1, messages.length - kept.length - 2));
        if (longer.length > kept.length) expect(historyTokens(longer)).toBeGreaterThan(limit);
      }),
    );
  });

  it('leaves a conversation without a bound as it is', async () => {
    const messages = [user('a'), assistant('b')];
    expect(await boundHistory(messages, undefined, { signal: NEVER })).toBe(messages);
  });
});
