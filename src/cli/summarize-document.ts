import type { AgentDefinition } from '../workflow/document/agent-definition.ts';
import type { Step } from '../workflow/document/step.ts';
import type { WorkflowDefinition } from '../workflow/document/workflow-definition.ts';
import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';
import { describeTemplateValue } from './describe-template-value.ts';

/** One input of a workflow, as `vega list` and `vega validate --json` show it. */
export interface InputSummary {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly description?: string;
}

/** One step, on one line: its kind, and for an agent step the agent, description and `save`. */
export interface StepSummary {
  /** 1-based, as a person counts. */
  readonly number: number;
  readonly kind: Step['kind'];
  readonly line: number;
  readonly id?: string;
  readonly agent?: string;
  readonly description?: string;
  /** The variable the step writes: `save:` of an agent or recall step. */
  readonly save?: string;
  /** `set` steps: the names assigned, in order. */
  readonly assigns?: readonly string[];
  /** `remember` and `recall` steps: the memory key as written; `if`, `for`, `repeat`: the condition or loop. */
  readonly key?: string;
}

export interface WorkflowSummary {
  readonly name: string;
  readonly description?: string;
  readonly line: number;
  readonly inputs: readonly InputSummary[];
  readonly steps: readonly StepSummary[];
  /** `output:` as written, when the workflow has one. */
  readonly output?: string;
}

export interface AgentSummary {
  readonly name: string;
  readonly line: number;
  /** The model the agent uses: its own, else `settings.default_model`; absent when neither says. */
  readonly model?: string;
  /** Whether `model` comes from `settings.default_model`. */
  readonly defaultModel: boolean;
  readonly tools: readonly string[];
}

/** What a workflow file declares, as plain JSON-ready data. */
export interface DocumentSummary {
  readonly workflows: readonly WorkflowSummary[];
  readonly agents: readonly AgentSummary[];
  readonly steps: number;
}

/**
 * The workflows (inputs, steps, output) and agents (model, tools) of a loaded file, in the file's
 * order: what `vega list` and `vega validate --verbose/--json` print.
 *
 * @example
 * const { workflows, agents, steps } = summarizeDocument(await loadWorkflowFile('team.vega.yaml'));
 */
export function summarizeDocument(document: WorkflowDocument): DocumentSummary {
  const workflows = [...document.workflows.values()].map(summarizeWorkflow);
  const agents = [...document.agents.values()].map((agent) => summarizeAgent(agent, document));
  return { workflows, agents, steps: workflows.reduce((sum, workflow) => sum + workflow.steps.length, 0) };
}

/**
 * A workflow's inputs, steps and output.
 *
 * @example
 * summarizeWorkflow(document.workflows.get('greet')!).steps.map((step) => step.kind);
 */
export function summarizeWorkflow(workflow: WorkflowDefinition): WorkflowSummary {
  return {
    name: workflow.name,
    ...(workflow.description === undefined ? {} : { description: workflow.description }),
    line: workflow.span.line,
    inputs: workflow.inputs.map((input) => ({
      name: input.name,
      type: input.type,
      required: input.required,
      ...('default' in input ? { default: input.default } : {}),
      ...(input.description === undefined ? {} : { description: input.description }),
    })),
    steps: workflow.steps.map(summarizeStep),
    ...(workflow.output === undefined ? {} : { output: describeTemplateValue(workflow.output) }),
  };
}

/**
 * An agent's model (its own or the file's default) and tools.
 *
 * @example
 * summarizeAgent(document.agents.get('Writer')!, document).model; // 'claude-haiku-4-5'
 */
export function summarizeAgent(agent: AgentDefinition, document: WorkflowDocument): AgentSummary {
  const model = agent.model ?? document.settings.defaultModel;
  return {
    name: agent.id,
    line: agent.span.line,
    ...(model === undefined ? {} : { model }),
    defaultModel: agent.model === undefined && model !== undefined,
    tools: agent.tools,
  };
}

function summarizeStep(step: Step): StepSummary {
  const base = {
    number: step.index + 1,
    kind: step.kind,
    line: step.span.line,
    ...(step.id === undefined ? {} : { id: step.id.value }),
  };
  switch (step.kind) {
    case 'agent':
      return {
        ...base,
        agent: step.agent,
        ...(step.description === undefined ? {} : { description: step.description }),
        ...(step.save === undefined ? {} : { save: step.save.value }),
      };
    case 'set':
      return { ...base, assigns: step.assignments.map((assignment) => assignment.name.value) };
    case 'remember':
      return { ...base, key: step.key.source };
    case 'recall':
      return { ...base, key: step.key.source, save: step.save.value };
    case 'if':
      return { ...base, key: step.condition.source };
    case 'for':
      return {
        ...base,
        key: `${step.variable.value} in ${step.items.source}`,
        ...(step.save === undefined ? {} : { save: step.save.value }),
      };
    case 'repeat':
      return {
        ...base,
        key: step.until === undefined ? '' : `until ${step.until.source}`,
        ...(step.save === undefined ? {} : { save: step.save.value }),
      };
    case 'parallel':
      return {
        ...base,
        key:
          step.fanOut === undefined
            ? `${step.branches.length} steps`
            : `${step.fanOut.agent.value} over its inputs`,
        ...(step.save === undefined ? {} : { save: step.save.value }),
      };
    case 'try':
      return {
        ...base,
        key: [step.catchSteps && 'catch', step.finallySteps && 'finally'].filter(Boolean).join(', '),
      };
    case 'return':
      return base;
    case 'workflow':
      return {
        ...base,
        key: step.workflow.value,
        ...(step.save === undefined ? {} : { save: step.save.value }),
      };
  }
}
