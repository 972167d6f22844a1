import type { AgentStep, Step } from '../document/step.ts';
import { expressionReferences } from '../template/expression-references.ts';
import { templateExpressions } from '../template/template.ts';

/**
 * Splits a block into the groups `settings.auto_parallel` runs together: consecutive agent steps to
 * different agents where no step reads what an earlier step of the group saves (its `save` variable or
 * `steps.<id>`), in its message or its `if:`. Steps that write more than their `save` or run blocks of
 * their own (`continue_on_error`, which sets `error`; `on_timeout`; `compensate`), and steps whose
 * `save` is a template (the name is known only when they end), are never grouped, and every
 * other step is a group of its own. The groups, flattened, are the block in order.
 *
 * @example
 * autoParallelGroups(steps); // [[research_a, research_b], [summary]]
 */
export function autoParallelGroups(steps: readonly Step[]): Step[][] {
  const groups: Step[][] = [];
  let group: AgentStep[] = [];
  const close = (): void => {
    if (group.length > 0) groups.push(group);
    group = [];
  };
  for (const step of steps) {
    if (!groupable(step)) {
      close();
      groups.push([step]);
      continue;
    }
    if (group.some((member) => member.agent === step.agent) || dependsOn(step, group)) close();
    group.push(step);
  }
  close();
  return groups;
}

function groupable(step: Step): step is AgentStep {
  return (
    step.kind === 'agent' &&
    step.continueOnError?.value !== true &&
    step.onTimeout === undefined &&
    step.compensate === undefined &&
    step.save?.template === undefined
  );
}

/** Whether the step's message or `if:` reads a variable or a step output that a step of the group writes. */
function dependsOn(step: AgentStep, group: readonly AgentStep[]): boolean {
  const saved = new Set(group.flatMap((member) => (member.save === undefined ? [] : [member.save.value])));
  const ids = new Set(group.flatMap((member) => (member.id === undefined ? [] : [member.id.value])));
  const read = step.condition === undefined ? [step.message] : [step.condition, step.message];
  return read
    .flatMap(templateExpressions)
    .some((segment) =>
      expressionReferences(segment.expression.node).some(
        (reference) =>
          saved.has(reference.root) ||
          (reference.root === 'steps' &&
            (reference.path[0] === undefined || ids.has(String(reference.path[0])))),
      ),
    );
}
