import type { AgentDefinition } from '../document/agent-definition.ts';
import { allSteps } from '../document/nested-steps.ts';
import type { Step } from '../document/step.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { LoadContext } from './load-context.ts';

/**
 * Warns about agents no workflow step uses, in any block (`then`, a loop, `catch`, `finally`,
 * `compensate`, `on_timeout`) or as the agent of a same-agent `parallel`. An agent another extends is
 * a base, used through its heirs, and gets no warning. A file with no workflows is a set of agents for
 * the REPL, so it gets no such warning.
 *
 * @example
 * checkUnusedAgents(context, agents, workflows);
 */
export function checkUnusedAgents(
  context: LoadContext,
  agents: ReadonlyMap<string, AgentDefinition>,
  workflows: ReadonlyMap<string, WorkflowDefinition>,
): void {
  if (workflows.size === 0) return;
  const used = new Set<string>();
  for (const workflow of workflows.values()) {
    for (const step of stepsOf(workflow.steps)) {
      if (step.kind === 'agent') used.add(step.agent);
      if (step.kind === 'parallel' && step.fanOut !== undefined) used.add(step.fanOut.agent.value);
    }
  }
  for (const agent of agents.values()) if (agent.extends !== undefined) used.add(agent.extends);
  for (const agent of agents.values()) {
    if (used.has(agent.id)) continue;
    context.report(
      'warning',
      'unused_agent',
      `agent '${agent.id}' is not used by any workflow`,
      agent.span,
      'use it in a step, or remove it',
    );
  }
}

/** Every step of a list and of the blocks nested in it, `on_timeout` blocks included. */
function stepsOf(steps: readonly Step[]): Step[] {
  return allSteps(steps).flatMap((step) =>
    step.kind === 'agent' && step.onTimeout !== undefined ? [step, ...stepsOf(step.onTimeout)] : [step],
  );
}
