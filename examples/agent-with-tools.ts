/**
 * An agent with a tool, in TypeScript. Runs offline on a scripted model; with ANTHROPIC_API_KEY set it
 * uses Claude instead:
 *
 *   npm run example:agent                       # offline
 *   ANTHROPIC_API_KEY=... npm run example:agent # real provider
 */
import { z } from 'zod';
import { type AgentResult, defineAgent, formatUsd, type Model, tool } from '../src/index.ts';
import { scriptedModel } from '../src/testing/index.ts';

const weather = tool({
  name: 'get_weather',
  description: 'Current weather in a city',
  input: z.object({ city: z.string().describe('City name, e.g. Paris') }),
  execute: async ({ city }) => ({ city, celsius: city === 'Paris' ? 21 : 17, sky: 'clear' }),
});

/** What the offline model answers: two weather look-ups at once, then a comparison. */
function offlineModel(): Model {
  return scriptedModel(
    [
      {
        toolCalls: [
          { name: 'get_weather', input: { city: 'Paris' } },
          { name: 'get_weather', input: { city: 'Rome' } },
        ],
        usage: { input: 180, output: 40 },
      },
      {
        text: 'Paris is warmer: 21 °C against 17 °C in Rome, both under clear skies.',
        usage: { input: 260, output: 22 },
      },
    ],
    { modelId: 'claude-haiku-4-5' },
  );
}

export async function compareWeather(model: Model | string): Promise<AgentResult> {
  const assistant = defineAgent({
    name: 'assistant',
    model,
    system: 'You answer briefly, using tools for facts.',
    tools: [weather],
    maxTurns: 4,
  });
  return assistant.run('Is it warmer in Paris or in Rome right now?');
}

if (import.meta.main) {
  const result = await compareWeather(process.env.ANTHROPIC_API_KEY ? 'claude-haiku-4-5' : offlineModel());
  console.log(result.text);
  console.error(
    `${result.turns} turns, ${result.toolCalls.length} tool calls, ${formatUsd(result.cost.usd ?? 0)}`,
  );
}

export { offlineModel };
