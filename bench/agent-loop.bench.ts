import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import { tool as aiTool, generateText, isStepCount } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';
import type { AgentEnvironment } from '../src/agent/agent-environment.ts';
import { defineAgent } from '../src/agent/define-agent.ts';
import { tool } from '../src/agent/tool.ts';
import { createPriceTable } from '../src/cost/index.ts';
import { systemClock } from '../src/spec/clock.ts';
import type { Measurement } from './harness.ts';
import { measure, printTable } from './harness.ts';

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};
const toolCallResult: LanguageModelV4GenerateResult = {
  content: [{ type: 'tool-call', toolCallId: 'call', toolName: 'echo', input: '{"value":"x"}' }],
  finishReason: { unified: 'tool-calls', raw: 'tool_use' },
  usage,
  warnings: [],
};
const textResult: LanguageModelV4GenerateResult = {
  content: [{ type: 'text', text: 'done' }],
  finishReason: { unified: 'stop', raw: 'end_turn' },
  usage,
  warnings: [],
};

/** A zero-latency model that asks for the tool on every turn but the last of each run of `turns`. */
function zeroLatencyModel(turns: number): MockLanguageModelV4 {
  let call = 0;
  const model: MockLanguageModelV4 = new MockLanguageModelV4({
    provider: 'anthropic',
    modelId: 'claude-sonnet-4-5',
    doGenerate: async () => {
      call += 1;
      // The mock records every call; keep that list short so it costs the same in every measurement.
      if (model.doGenerateCalls.length > 64) model.doGenerateCalls.length = 0;
      return call % turns === 0 ? textResult : toolCallResult;
    },
  });
  return model;
}

const prices = createPriceTable();
const environment: AgentEnvironment = {
  resolveModel: () => {
    throw new Error('not used');
  },
  costOf: (model, callUsage) => prices.costOf(model.modelId, callUsage),
  clock: systemClock,
};

const echoInput = z.object({ value: z.string() });

async function vegaLoop(turns: number): Promise<Measurement> {
  const agent = defineAgent({
    name: 'bench',
    model: zeroLatencyModel(turns),
    system: 'You are a benchmark.',
    maxTurns: turns,
    tools: [tool({ name: 'echo', description: 'echo', input: echoInput, execute: ({ value }) => value })],
  });
  return measure(`Vega agent, ${turns}-turn loop`, 'turn', turns, () => agent.run('go', { environment }), {
    runsPerSample: Math.max(2, Math.round(400 / turns)),
  });
}

async function aiSdkLoop(turns: number): Promise<Measurement> {
  const model = zeroLatencyModel(turns);
  const tools = {
    echo: aiTool({ description: 'echo', inputSchema: echoInput, execute: async ({ value }) => value }),
  };
  return measure(
    `AI SDK generateText, ${turns}-turn loop`,
    'turn',
    turns,
    () =>
      generateText({
        model,
        system: 'You are a benchmark.',
        prompt: 'go',
        tools,
        stopWhen: isStepCount(turns),
      }),
    { runsPerSample: Math.max(2, Math.round(200 / turns)), warmupRuns: 10 },
  );
}

export async function agentLoopBench(): Promise<Measurement[]> {
  const bare = zeroLatencyModel(1_000_000);
  const options = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'go' }] }] };
  const doGenerate = await measure('model.doGenerate alone', 'call', 1, () => bare.doGenerate(options), {
    runsPerSample: 2000,
    warmupRuns: 2000,
  });

  const chainModel = zeroLatencyModel(1);
  const chainAgent = defineAgent({ name: 'chain', model: chainModel, system: 'Step.' });
  const chain = await measure(
    'Vega 1000-step sequential chain of agent calls',
    'step',
    1000,
    async () => {
      let text = 'start';
      for (let step = 0; step < 1000; step += 1) text = (await chainAgent.run(text, { environment })).text;
      return text;
    },
    { runsPerSample: 1, warmupRuns: 3, samples: 9 },
  );

  const rows = [
    doGenerate,
    await aiSdkLoop(50),
    await vegaLoop(10),
    await vegaLoop(50),
    await vegaLoop(200),
    chain,
  ];
  printTable('Agent loop (zero-latency MockLanguageModelV4, one trivial tool per turn)', rows);
  const vega50 = rows[3]!.microsecondsPerUnit;
  const overhead = vega50 - doGenerate.microsecondsPerUnit;
  console.log(
    `  Vega overhead per turn over doGenerate (50 turns): ${overhead.toFixed(2)} µs (target ≤ 12 µs)` +
      `\n  growth per turn from 10 to 200 turns: ${(rows[4]!.microsecondsPerUnit - rows[2]!.microsecondsPerUnit).toFixed(2)} µs` +
      `\n  chain overhead per step over doGenerate: ${(chain.microsecondsPerUnit - doGenerate.microsecondsPerUnit).toFixed(2)} µs`,
  );
  return rows;
}
