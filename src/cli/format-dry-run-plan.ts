import { formatUsd } from '../cost/format-usd.ts';
import type { DryRunPlan, PlannedAgent, PlannedStep } from './dry-run-plan.ts';

/**
 * A dry-run plan for people: the workflow, its inputs (given or default), the agents with the model
 * each would use, the budget, and the step tree with nested blocks indented.
 *
 * @example
 * formatDryRunPlan(plan);
 * // dry run of workflow greet in hello.vega.yaml: no model is called, nothing is stored
 * // inputs:
 * //   name  "world"  (default)
 * // …
 */
export function formatDryRunPlan(plan: DryRunPlan): string {
  const lines = [
    `dry run of workflow ${plan.workflow} in ${plan.file}: no model is called, nothing is stored`,
  ];
  if (plan.description !== undefined) lines.push(`  ${plan.description}`);
  if (plan.inputs.length === 0) lines.push('inputs: (none)');
  else {
    lines.push('inputs:');
    const width = Math.max(...plan.inputs.map((input) => input.name.length));
    for (const input of plan.inputs) {
      lines.push(`  ${input.name.padEnd(width)}  ${JSON.stringify(input.value)}  (${input.from})`);
    }
  }
  lines.push('agents:');
  const width = Math.max(0, ...plan.agents.map((agent) => agent.name.length));
  for (const agent of plan.agents) lines.push(`  ${agent.name.padEnd(width)}  ${describeModel(agent)}`);
  lines.push(`budget: ${plan.budgetUsd === undefined ? '(no cap)' : formatUsd(plan.budgetUsd)}`);
  lines.push('steps:', ...formatSteps(plan.steps, '  '));
  lines.push(`output: ${plan.output ?? '(the last step’s value)'}`);
  return lines.join('\n');
}

function describeModel(agent: PlannedAgent): string {
  if (agent.model === undefined) return '(no model: set settings.default_model or pass --model)';
  const provider = agent.provider === undefined ? ' (unknown provider)' : ` (${agent.provider})`;
  const from = agent.modelFrom === 'agent' ? '' : `, from ${agent.modelFrom}`;
  const alias = agent.alias === undefined ? '' : `${agent.alias} → `;
  return `${alias}${agent.model}${provider}${from}`;
}

/** Numbered steps, each block one level deeper: `then:` and `else:` labelled, a loop's body not. */
function formatSteps(steps: readonly PlannedStep[], indent: string): string[] {
  return steps.flatMap((step, index) => {
    const number = `${index + 1}. `;
    const inner = indent + ' '.repeat(number.length);
    return [
      `${indent}${number}${step.text}`,
      ...(step.blocks ?? []).flatMap((block) =>
        block.label === undefined
          ? formatSteps(block.steps, inner)
          : [`${inner}${block.label}:`, ...formatSteps(block.steps, `${inner}  `)],
      ),
    ];
  });
}
