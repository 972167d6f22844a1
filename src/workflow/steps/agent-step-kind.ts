import type { AgentStep } from '../document/step.ts';
import { parseAgentStep } from './parse-agent-step.ts';
import type { StepKind } from './step-kind.ts';

/**
 * Agent steps: send a message (a template) to an agent, optionally save the reply.
 *
 * @example
 * stepKinds.agent.execute(step, execution);
 */
export const agentStepKind: StepKind<AgentStep> = {
  keyword: undefined,
  parse: parseAgentStep,
  check(step, scope) {
    scope.readTemplate(step.message);
    if (step.save !== undefined) scope.define(step.save, { saved: true });
  },
  async execute(step, execution) {
    const message = execution.evaluateText(step.message);
    const reply = await execution.invokeAgent({
      agent: step.agent,
      message,
      step: {
        index: step.index,
        ...(step.id === undefined ? {} : { id: step.id.value }),
        ...(step.description === undefined ? {} : { description: step.description }),
      },
      signal: execution.signal,
    });
    if (step.save !== undefined) execution.assign(step.save.value, reply.text);
    return {
      value: reply.text,
      details: {
        kind: 'agent',
        agent: step.agent,
        ...(step.description === undefined ? {} : { description: step.description }),
        message,
        text: reply.text,
        usage: reply.usage,
        cost: reply.cost,
      },
    };
  },
};
