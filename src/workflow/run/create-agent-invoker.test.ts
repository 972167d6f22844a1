import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../create-runtime.ts';
import { NoModelConfigured } from '../../errors/no-model-configured.ts';
import { scriptedModel } from '../../model/scripted/index.ts';
import { parseWorkflow } from '../load/parse-workflow.ts';
import { createAgentInvoker } from './create-agent-invoker.ts';
import { runWorkflow } from './run-workflow.ts';

const text = `
agents:
  Writer:
    model: scripted:team
    system: You write.
  Critic:
    model: scripted:team
    system: You criticise.
workflows:
  main:
    steps:
      - Writer: "Draft a title"
        save: draft
      - Critic: "Judge {{draft}}"
        save: verdict
      - Writer: "Improve it: {{verdict}}"
`;

describe('createAgentInvoker', () => {
  it('keeps one conversation per agent and one model instance per name for the run', async () => {
    const model = scriptedModel({
      replies: [
        { agent: 'Writer', text: 'Tides' },
        { agent: 'Critic', text: 'Too short' },
        { agent: 'Writer', text: 'The Tides of March' },
      ],
    });
    let resolutions = 0;
    const runtime = createRuntime({ env: {} });
    const environment = {
      ...runtime.environment,
      resolveModel: (name: string) => {
        resolutions += 1;
        expect(name).toBe('scripted:team');
        return model;
      },
    };
    const document = parseWorkflow(text, 'team.vega.yaml', { env: {} });
    const result = await runWorkflow(document, {
      inputs: {},
      invokeAgent: createAgentInvoker(document, { environment }),
    });
    expect(result.output).toBe('The Tides of March');
    expect(resolutions).toBe(1);
    const writerSecondCall = model.calls[2]!.options.prompt;
    expect(writerSecondCall.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(writerSecondCall[3]).toEqual({
      role: 'user',
      content: [{ type: 'text', text: 'Improve it: Too short' }],
    });
    const criticCall = model.calls[1]!.options.prompt;
    expect(criticCall.map((message) => message.role)).toEqual(['system', 'user']);
    model.assertComplete();
  });

  it('resolves every model before the first step, and names an agent without one', () => {
    const document = parseWorkflow(text.replaceAll('    model: scripted:team\n', ''), 'team.vega.yaml', {
      env: {},
    });
    const { environment } = createRuntime({ env: {} });
    expect(() => createAgentInvoker(document, { environment })).toThrow(NoModelConfigured);
    expect(() => createAgentInvoker(document, { environment, modelOverride: 'claude-sonnet-4-5' })).toThrow(
      /ANTHROPIC_API_KEY/,
    );
    expect(() => createAgentInvoker(document, { environment, modelOverride: 'scripted:echo' })).not.toThrow();
  });
});
