import { ZERO_COST } from '../../cost/add-costs.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import type { AgentStep } from '../document/step.ts';
import type { StepExecution, StepOutcome } from '../run/step-execution.ts';
import type { StepError } from '../run/workflow-result.ts';
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
    if (step.continueOnError?.value === true)
      scope.define({ value: 'error', span: step.continueOnError.span }, { saved: false });
  },
  async execute(step, execution) {
    const message = execution.evaluateText(step.message);
    if (step.continueOnError?.value !== true) return runAgentStep(step, execution, message);
    try {
      return await runAgentStep(step, execution, message);
    } catch (thrown) {
      if (execution.signal.aborted) throw thrown;
      const error = stepError(step, thrown);
      execution.assign('error', error);
      if (step.save !== undefined) execution.assign(step.save.value, null);
      return {
        value: null,
        details: {
          kind: 'agent',
          agent: step.agent,
          ...(step.description === undefined ? {} : { description: step.description }),
          message,
          text: '',
          usage: ZERO_USAGE,
          cost: ZERO_COST,
          error,
        },
      };
    }
  },
};

async function runAgentStep(
  step: AgentStep,
  execution: StepExecution,
  message: string,
): Promise<StepOutcome> {
  const budget = execution.budget?.child(`step:${stepLabel({ ...step, id: step.id?.value })}`, {
    ...(step.budgetUsd === undefined ? {} : { limitUsd: step.budgetUsd.value }),
  });
  const reply = await execution.invokeAgent({
    agent: step.agent,
    message,
    step: {
      index: step.index,
      ...(step.id === undefined ? {} : { id: step.id.value }),
      ...(step.description === undefined ? {} : { description: step.description }),
    },
    signal: execution.signal,
    ...(budget === undefined ? {} : { budget }),
    ...(step.policies === undefined ? {} : { policies: step.policies }),
    ...(step.timeoutMs === undefined ? {} : { timeoutMs: step.timeoutMs.value }),
    ...(execution.journal === undefined
      ? {}
      : { journal: { ...execution.journal, key: `${execution.journal.key}/agent:${step.agent}` } }),
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
      ...(reply.calls === undefined ? {} : { calls: reply.calls }),
    },
  };
}

/** How the cost report and budget paths name a step: its id, else `#<n> <agent> <description>`. */
export function stepLabel(step: {
  readonly id?: string | undefined;
  readonly index: number;
  readonly agent: string;
  readonly description?: string | undefined;
}): string {
  if (step.id !== undefined) return step.id;
  return `#${step.index + 1} ${step.agent}${step.description === undefined ? '' : ` ${step.description}`}`;
}

function stepError(step: AgentStep, thrown: unknown): StepError {
  const code = (thrown as { code?: unknown } | null)?.code;
  return {
    message: thrown instanceof Error ? thrown.message : String(thrown),
    type: typeof code === 'string' ? code : thrown instanceof Error ? thrown.name : 'error',
    step: step.id?.value ?? step.description ?? String(step.index),
  };
}
