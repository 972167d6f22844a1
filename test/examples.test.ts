import { describe, expect, it } from 'vitest';
import { compareWeather, offlineModel } from '../examples/agent-with-tools.ts';

describe('examples/agent-with-tools.ts', () => {
  it('runs offline: two parallel tool calls, then the answer, priced as claude-haiku-4-5', async () => {
    const result = await compareWeather(offlineModel());
    expect(result.text).toBe('Paris is warmer: 21 °C against 17 °C in Rome, both under clear skies.');
    expect(result.toolCalls.map((call) => call.output)).toEqual([
      { city: 'Paris', celsius: 21, sky: 'clear' },
      { city: 'Rome', celsius: 17, sky: 'clear' },
    ]);
    expect(result.usage).toMatchObject({ inputTokens: 440, outputTokens: 62 });
    // claude-haiku-4-5 at $1 input and $5 output per million tokens.
    expect(result.cost.usd).toBe((440 * 1 + 62 * 5) / 1e6);
  });
});
