import { didYouMean } from '../../diagnostics/closest-name.ts';
import { type Diagnostic, diagnosticAt } from '../../diagnostics/diagnostic.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { checkInputValue } from '../inputs/check-input-value.ts';
import { WorkflowInputError } from './workflow-input-error.ts';

/**
 * Checks the given inputs against the workflow's declarations before the first step: coerces text
 * from the command line, applies defaults, and reports every missing, invalid or unknown input at
 * once. `input` stands for the single input of a one-input workflow.
 *
 * @example
 * const values = resolveInputs(document, workflow, { task: 'a parser', words: '1500' });
 */
export function resolveInputs(
  document: WorkflowDocument,
  workflow: WorkflowDefinition,
  given: Readonly<Record<string, unknown>>,
): Map<string, unknown> {
  const provided = new Map(Object.entries(given).filter(([, value]) => value !== undefined));
  const [single] = workflow.inputs;
  if (
    workflow.inputs.length === 1 &&
    single !== undefined &&
    provided.has('input') &&
    !provided.has(single.name)
  ) {
    provided.set(single.name, provided.get('input'));
    provided.delete('input');
  }
  const diagnostics: Diagnostic[] = [];
  const faulty: string[] = [];
  const values = new Map<string, unknown>();
  const declared = workflow.inputs.map((input) => input.name);
  for (const name of provided.keys()) {
    if (declared.includes(name)) continue;
    const hint = didYouMean(name, declared, 'its inputs') ?? 'it takes no inputs';
    diagnostics.push(
      diagnosticAt(
        workflow.fieldSpans.inputs ?? workflow.span,
        'unknown_input',
        `unknown input '${name}' for workflow '${workflow.name}'`,
        hint,
      ),
    );
    faulty.push(name);
  }
  for (const input of workflow.inputs) {
    if (!provided.has(input.name)) {
      if ('default' in input) values.set(input.name, structuredClone(input.default));
      else {
        diagnostics.push(
          diagnosticAt(
            input.span,
            'missing_input',
            `missing required input '${input.name}' for workflow '${workflow.name}'`,
            `pass it with --${input.name} value`,
          ),
        );
        faulty.push(input.name);
      }
      continue;
    }
    const check = checkInputValue(provided.get(input.name), input, { coerce: true });
    if (check.ok) {
      values.set(input.name, check.value);
    } else {
      diagnostics.push(
        diagnosticAt(
          input.span,
          'invalid_input',
          `input '${input.name}' of workflow '${workflow.name}' ${check.reason}`,
          `pass a valid value with --${input.name}`,
        ),
      );
      faulty.push(input.name);
    }
  }
  if (diagnostics.length > 0)
    throw new WorkflowInputError(diagnostics, faulty, new Map([[document.file, document.source]]));
  return values;
}
