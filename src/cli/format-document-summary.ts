import type {
  AgentSummary,
  DocumentSummary,
  InputSummary,
  StepSummary,
  WorkflowSummary,
} from './summarize-document.ts';

/** What {@link formatDocumentSummary} includes besides names. */
export interface SummaryDetail {
  /** Each workflow's inputs with their types and defaults (`vega list`). */
  readonly inputs: boolean;
  /** Each workflow's steps, one per line (`vega validate --verbose`). */
  readonly steps: boolean;
}

/**
 * The workflows and agents of a file as text, for `vega list` and `vega validate --verbose`.
 *
 * @example
 * formatDocumentSummary(summarizeDocument(document), { inputs: true, steps: false });
 * // workflows:
 * //   greet  Draft and edit a greeting
 * //     --name  string, default "world"  Who to greet
 * // agents:
 * //   Writer  model scripted:hello.replies.yaml (default)
 */
export function formatDocumentSummary(summary: DocumentSummary, detail: SummaryDetail): string {
  const lines = ['workflows:'];
  if (summary.workflows.length === 0) lines.push('  (none)');
  for (const workflow of summary.workflows) lines.push(...workflowLines(workflow, detail));
  lines.push('agents:');
  const width = Math.max(0, ...summary.agents.map((agent) => agent.name.length));
  for (const agent of summary.agents) lines.push(`  ${agent.name.padEnd(width)}  ${describeAgent(agent)}`);
  return lines.join('\n');
}

/**
 * An agent's model and tools on one line.
 *
 * @example
 * describeAgent(agent); // 'model claude-haiku-4-5 · tools read_file, write_file'
 */
export function describeAgent(agent: AgentSummary): string {
  const model =
    agent.model === undefined
      ? 'model (none: pass --model)'
      : `model ${agent.model}${agent.defaultModel ? ' (default)' : ''}`;
  return agent.tools.length === 0 ? model : `${model} · tools ${agent.tools.join(', ')}`;
}

/**
 * One step on one line: number, kind, then what the step does.
 *
 * @example
 * describeStep(step); // '1. agent   Writer drafts the greeting → draft'
 */
export function describeStep(step: StepSummary): string {
  const what =
    step.kind === 'agent'
      ? [step.agent, step.description].filter((part) => part !== undefined).join(' ')
      : step.kind === 'set'
        ? (step.assigns ?? []).join(', ')
        : (step.key ?? '');
  const id = step.id === undefined ? '' : ` (id ${step.id})`;
  const save = step.save === undefined ? '' : ` → ${step.save}`;
  return `${step.number}. ${step.kind.padEnd(8)} ${what}${id}${save}`;
}

/**
 * An input as a command-line flag with its type and default (or `required`) and description.
 *
 * @example
 * describeInput(input, 4); // '--name  string, default "world"  Who to greet'
 */
export function describeInput(input: InputSummary, nameWidth = 0): string {
  const value = input.required ? 'required' : `default ${JSON.stringify(input.default)}`;
  const about = input.description === undefined ? '' : `  ${input.description}`;
  return `--${input.name.padEnd(nameWidth)}  ${input.type}, ${value}${about}`;
}

function workflowLines(workflow: WorkflowSummary, detail: SummaryDetail): string[] {
  const description = workflow.description === undefined ? '' : `  ${workflow.description}`;
  const lines = [`  ${workflow.name}${description}`];
  if (detail.inputs) {
    const width = Math.max(0, ...workflow.inputs.map((input) => input.name.length));
    for (const input of workflow.inputs) lines.push(`    ${describeInput(input, width)}`);
  }
  if (detail.steps) for (const step of workflow.steps) lines.push(`    ${describeStep(step)}`);
  if (detail.steps && workflow.output !== undefined) lines.push(`    output: ${workflow.output}`);
  return lines;
}
