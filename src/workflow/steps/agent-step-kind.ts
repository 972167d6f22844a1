import { ZERO_COST } from '../../cost/add-costs.ts';
import { AgentTimeout } from '../../errors/agent-timeout.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import type { AgentStep } from '../document/step.ts';
import type { StepExecution, StepOutcome } from '../run/step-execution.ts';
import type { AgentReply, StepError } from '../run/workflow-result.ts';
import { isTruthy } from '../template/plain-values.ts';
import type { Template } from '../template/template.ts';
import { askForJson } from './ask-for-json.ts';
import { assignSave } from './assign-save.ts';
import { parseAgentStep } from './parse-agent-step.ts';
import type { StepKind } from './step-kind.ts';

/**
 * Agent steps: send a message (a template) to an agent, optionally save the reply. With `format: json`
 * the reply is parsed (and checked against `schema`), bad replies asked again; with `on_timeout`, a
 * `timeout` that fires runs that block instead, whose last value is the step's. With `if:`, a falsy
 * condition skips the step: its value is `null`, its `save` variable is left unchanged, and its record
 * says `skipped: true` (the step is still checkpointed in a durable run).
 *
 * @example
 * stepKinds.agent.execute(step, execution);
 */
export const agentStepKind: StepKind<AgentStep> = {
  keyword: undefined,
  parse: parseAgentStep,
  check(step, scope, checkBlock) {
    if (step.condition !== undefined) scope.readTemplate(step.condition);
    scope.readTemplate(step.message);
    if (step.onTimeout !== undefined) checkBlock(step.onTimeout);
    if (step.save !== undefined) scope.defineSave(step.save);
    if (step.continueOnError?.value === true)
      scope.define({ value: 'error', span: step.continueOnError.span }, { saved: false });
  },
  async execute(step, execution) {
    if (step.condition !== undefined && !isTruthy(evaluateCondition(step, step.condition, execution)))
      return skipped(step);
    const message = execution.evaluateText(step.message);
    if (step.continueOnError?.value !== true) return runAgentStep(step, execution, message);
    try {
      return await runAgentStep(step, execution, message);
    } catch (thrown) {
      if (execution.signal.aborted) throw thrown;
      const error = stepError(step, thrown);
      execution.assign('error', error);
      if (step.save !== undefined) assignSave(execution, step.save, null);
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

function evaluateCondition(step: AgentStep, condition: Template, execution: StepExecution): unknown {
  return execution.evaluate({ kind: 'template', template: condition, span: condition.span ?? step.span });
}

/** A step whose `if:` is false: nothing is sent, the value is `null` and `save` is left as it was. */
function skipped(step: AgentStep): StepOutcome {
  return {
    value: null,
    details: {
      kind: 'agent',
      agent: step.agent,
      ...(step.description === undefined ? {} : { description: step.description }),
      message: '',
      text: '',
      usage: ZERO_USAGE,
      cost: ZERO_COST,
      skipped: true,
    },
  };
}

async function runAgentStep(
  step: AgentStep,
  execution: StepExecution,
  message: string,
): Promise<StepOutcome> {
  const budget = execution.budget?.child(`step:${stepLabel({ ...step, id: step.id?.value })}`, {
    ...(step.budgetUsd === undefined ? {} : { limitUsd: step.budgetUsd.value }),
  });
  const agentKey =
    execution.journal === undefined ? undefined : `${execution.journal.key}/agent:${step.agent}`;
  // The first call is the step's; re-asks for JSON continue its conversation under keys of their own.
  const ask = (text: string, attempt: number): Promise<AgentReply> =>
    execution.invokeAgent({
      agent: step.agent,
      message: text,
      step: {
        index: step.index,
        ...(step.id === undefined ? {} : { id: step.id.value }),
        ...(step.description === undefined ? {} : { description: step.description }),
      },
      signal: execution.signal,
      ...(budget === undefined ? {} : { budget }),
      ...(step.policies === undefined ? {} : { policies: step.policies }),
      ...(step.timeoutMs === undefined ? {} : { timeoutMs: step.timeoutMs.value }),
      ...(attempt === 0 && step.fresh?.value === true ? { fresh: true } : {}),
      ...(execution.journal === undefined || agentKey === undefined
        ? {}
        : {
            journal: { ...execution.journal, key: attempt === 0 ? agentKey : `${agentKey}/reask-${attempt}` },
          }),
    });
  const describe = { ...(step.description === undefined ? {} : { description: step.description }) };
  let answer: { value: unknown; reply: AgentReply; reasks: number };
  try {
    if (step.format === undefined) {
      const reply = await ask(message, 0);
      answer = { value: reply.text, reply, reasks: 0 };
    } else {
      answer = await askForJson(message, ask, {
        step: stepLabel({ ...step, id: step.id?.value }),
        agent: step.agent,
        ...(step.schema === undefined ? {} : { schema: step.schema.value }),
      });
    }
  } catch (thrown) {
    if (step.onTimeout === undefined || !AgentTimeout.isAgentTimeout(thrown) || execution.signal.aborted)
      throw thrown;
    const value = await execution.runBlock(step.onTimeout, 'on_timeout');
    if (step.save !== undefined) assignSave(execution, step.save, value);
    return {
      value,
      details: {
        kind: 'agent',
        agent: step.agent,
        ...describe,
        message,
        text: '',
        usage: ZERO_USAGE,
        cost: ZERO_COST,
        timedOut: true,
      },
    };
  }
  const { value, reply, reasks } = answer;
  if (step.save !== undefined) assignSave(execution, step.save, value);
  return {
    value,
    details: {
      kind: 'agent',
      agent: step.agent,
      ...describe,
      message,
      text: reply.text,
      usage: reply.usage,
      cost: reply.cost,
      ...(reply.calls === undefined ? {} : { calls: reply.calls }),
      ...(reasks === 0 ? {} : { reasks }),
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
