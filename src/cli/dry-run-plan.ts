import { parseModelName } from '../model/registry/parse-model-name.ts';
import type { Step } from '../workflow/document/step.ts';
import type { TemplateValue } from '../workflow/document/template-value.ts';
import type { WorkflowDefinition } from '../workflow/document/workflow-definition.ts';
import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';
import { resolveModelAlias } from '../workflow/load/read-model-settings.ts';
import type { Template } from '../workflow/template/template.ts';
import { describeTemplateValue } from './describe-template-value.ts';

/** What `vega run --dry-run` shows: what would run, with what, without running anything. */
export interface DryRunPlan {
  readonly file: string;
  readonly workflow: string;
  readonly description?: string;
  /** Every input after defaults, with where its value came from. */
  readonly inputs: readonly PlannedInput[];
  readonly agents: readonly PlannedAgent[];
  /** The run's hard cap in dollars (`--budget`, else `settings.budget`), when there is one. */
  readonly budgetUsd?: number;
  readonly steps: readonly PlannedStep[];
  /** `output:` as written. */
  readonly output?: string;
}

export interface PlannedInput {
  readonly name: string;
  readonly value: unknown;
  readonly from: 'given' | 'default';
}

export interface PlannedAgent {
  readonly name: string;
  /** The model name the run would use, aliases resolved; absent when nothing names one. */
  readonly model?: string;
  /** The alias of `settings.models` the model was named by (`desk`), when it was. */
  readonly alias?: string;
  /** Where the model comes from. */
  readonly modelFrom: 'agent' | 'settings.default_model' | '--model' | 'none';
  /** The provider the name resolves to (`anthropic`, `scripted`, …), when it resolves. */
  readonly provider?: string;
}

/** One step of the tree: a line of text and the blocks nested in it. */
export interface PlannedStep {
  readonly kind: string;
  readonly line: number;
  /** The step on one line: `Coder writes the code: "Write {{task}}" → code`. */
  readonly text: string;
  /** Nested blocks (`then`, `else`, a loop's body, `catch`, …), labelled; a loop's body has no label. */
  readonly blocks?: readonly PlannedBlock[];
}

export interface PlannedBlock {
  readonly label?: string;
  readonly steps: readonly PlannedStep[];
}

/** Options of {@link dryRunPlan}. */
export interface DryRunPlanOptions {
  /** `--model`: replaces every agent's model. */
  readonly model?: string;
  /** `--budget`, in dollars. */
  readonly budgetUsd?: number;
  /** The file as the user named it; default the document's path. */
  readonly file?: string;
  /** The names given on the command line, `--inputs` or standard input (the rest are defaults). */
  readonly given: ReadonlySet<string>;
}

/**
 * The plan of a workflow run, from the loaded file alone: inputs with defaults applied, every agent
 * with the model it would use, and the step tree with conditions and loops. Reads no store and calls
 * no model.
 *
 * @example
 * const plan = dryRunPlan(document, workflow, resolveInputs(document, workflow, given), { given: new Set(['task']) });
 */
export function dryRunPlan(
  document: WorkflowDocument,
  workflow: WorkflowDefinition,
  inputs: ReadonlyMap<string, unknown>,
  options: DryRunPlanOptions,
): DryRunPlan {
  const budgetUsd = options.budgetUsd ?? document.settings.budgetUsd;
  return {
    file: options.file ?? document.file,
    workflow: workflow.name,
    ...(workflow.description === undefined ? {} : { description: workflow.description }),
    inputs: [...inputs].map(([name, value]) => ({
      name,
      value,
      from: options.given.has(name) ? 'given' : 'default',
    })),
    agents: [...document.agents.values()].map((agent) => {
      const [written, modelFrom] =
        options.model !== undefined
          ? [options.model, '--model' as const]
          : agent.model !== undefined
            ? [agent.model, 'agent' as const]
            : document.settings.defaultModel !== undefined
              ? [document.settings.defaultModel, 'settings.default_model' as const]
              : [undefined, 'none' as const];
      const resolved =
        written === undefined ? undefined : resolveModelAlias(document.settings.modelAliases, written);
      const provider = resolved === undefined ? undefined : parseModelName(resolved)?.provider;
      return {
        name: agent.id,
        ...(resolved === undefined ? {} : { model: resolved }),
        ...(written === undefined || written === resolved ? {} : { alias: written }),
        modelFrom,
        ...(provider === undefined ? {} : { provider }),
      };
    }),
    ...(budgetUsd === undefined ? {} : { budgetUsd }),
    steps: workflow.steps.map(planStep),
    ...(workflow.output === undefined ? {} : { output: describeTemplateValue(workflow.output) }),
  };
}

/** One step and the blocks in it. */
function planStep(step: Step): PlannedStep {
  const blocks = nestedBlocks(step);
  return {
    kind: step.kind,
    line: step.span.line,
    text: describePlannedStep(step),
    ...(blocks.length === 0 ? {} : { blocks }),
  };
}

/** Keys of a step whose value is a block but whose name is not the block's label. */
const BLOCK_LABELS: Readonly<Record<string, string | undefined>> = {
  steps: undefined,
  thenSteps: 'then',
  elseSteps: 'else',
  // A `parallel` step's branches are one step each: their numbers tell them apart.
  branches: undefined,
};

/**
 * The blocks of steps a step holds, found by their shape rather than by kind, so kinds added later
 * (`try`, `parallel`, …) show their nested steps without a change here: a property that is a list of
 * steps is a block, named after the property (`catchSteps` → `catch`); a list of lists of steps
 * (branches) gives one block per branch.
 */
function nestedBlocks(step: Step): PlannedBlock[] {
  const blocks: PlannedBlock[] = [];
  for (const [key, value] of Object.entries(step)) {
    if (!Array.isArray(value) || value.length === 0) continue;
    const label = key in BLOCK_LABELS ? BLOCK_LABELS[key] : key.replace(/Steps$/, '');
    if (value.every(isStep)) {
      blocks.push({ ...(label === undefined ? {} : { label }), steps: value.map(planStep) });
    } else if (value.every((branch) => Array.isArray(branch) && branch.every(isStep))) {
      value.forEach((branch: Step[], index) => {
        blocks.push({ label: `${label ?? 'branch'} ${index + 1}`, steps: branch.map(planStep) });
      });
    }
  }
  return blocks;
}

function isStep(value: unknown): value is Step {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { index?: unknown }).index === 'number' &&
    typeof (value as { span?: unknown }).span === 'object'
  );
}

/** A step on one line, as a person reads it. */
function describePlannedStep(step: Step): string {
  const fields = step as unknown as Record<string, unknown>;
  const id = step.id === undefined ? '' : ` [id: ${step.id.value}]`;
  const save = savedAs(fields.save);
  const saveText = save === undefined ? '' : ` → ${save}`;
  switch (step.kind) {
    case 'agent': {
      const name = step.description === undefined ? step.agent : `${step.agent} ${step.description}`;
      return `${name}: ${quote(step.message.source)}${saveText}${id}`;
    }
    case 'set':
      return `set ${step.assignments.map((assignment) => `${assignment.name.value} = ${describeTemplateValue(assignment.value)}`).join(', ')}${id}`;
    case 'remember':
      return `remember ${quote(step.key.source)} = ${describeTemplateValue(step.value)}${id}`;
    case 'recall':
      return `recall ${quote(step.key.source)}${saveText}${id}`;
    case 'if':
      return `if ${step.condition.source}${id}`;
    case 'for': {
      const concurrency = step.concurrency === undefined ? '' : ` (concurrency ${step.concurrency.value})`;
      return `for ${step.variable.value} in ${step.items.source}${concurrency}${saveText}${id}`;
    }
    case 'parallel': {
      const what =
        step.fanOut === undefined
          ? `${step.branches.length} branches`
          : `${step.fanOut.agent.value} over ${describeTemplateValue(step.fanOut.inputs)}`;
      const failFast = step.failFast?.value === true ? ', fail fast' : '';
      return `parallel: ${what}${failFast}${saveText}${id}`;
    }
    case 'try':
      return `try${id}`;
    case 'return':
      return `return ${describeTemplateValue(step.value)}${id}`;
    case 'workflow': {
      const inputs = step.inputs.map((input) => `${input.name.value}: ${describeTemplateValue(input.value)}`);
      const given = inputs.length === 0 ? '' : ` with { ${inputs.join(', ')} }`;
      return `workflow ${step.workflow.value}${given}${saveText}${id}`;
    }
    case 'repeat': {
      const until = step.until === undefined ? '' : ` until ${step.until.source}`;
      const max = step.max === undefined ? 'max 10' : `max ${describeTemplateValue(step.max)}`;
      return `repeat${until} (${max})${saveText}${id}`;
    }
    default:
      return `${(step as { kind: string }).kind}${describeOtherFields(fields)}${saveText}${id}`;
  }
}

/** What a kind this file does not know says in its template fields: `workflow: review-code`. */
function describeOtherFields(fields: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (['kind', 'index', 'id', 'span', 'save', 'fieldSpans'].includes(key)) continue;
    if (typeof value === 'string') parts.push(`${key} ${value}`);
    else if (isTemplate(value)) parts.push(`${key} ${quote(value.source)}`);
    else if (isTemplateValue(value)) parts.push(`${key} ${describeTemplateValue(value)}`);
  }
  return parts.length === 0 ? '' : ` ${parts.join(', ')}`;
}

function isTemplate(value: unknown): value is Template {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { source?: unknown }).source === 'string' &&
    Array.isArray((value as { segments?: unknown }).segments)
  );
}

function isTemplateValue(value: unknown): value is TemplateValue {
  const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
  return (
    (kind === 'literal' || kind === 'template' || kind === 'list' || kind === 'map') &&
    typeof (value as { span?: unknown }).span === 'object'
  );
}

/** `save:` as written: a name, or a template for the name. */
function savedAs(save: unknown): string | undefined {
  if (typeof save !== 'object' || save === null) return undefined;
  const value = (save as { value?: unknown }).value;
  if (typeof value === 'string') return value;
  return isTemplate(save) ? save.source : undefined;
}

/** A template's text in double quotes on one line, cut after 60 characters. */
function quote(text: string): string {
  const line = text.replaceAll('\n', '\\n');
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 59)}…` : line);
}
