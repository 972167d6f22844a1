import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { WorkflowLoadError } from '../../diagnostics/workflow-load-error.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { parseWorkflow } from '../load/parse-workflow.ts';

/**
 * Lines of a YAML file, each ending with a newline.
 *
 * @example
 * lines('agents:', '  Coder: { system: You code. }');
 */
export const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/**
 * Loads a workflow file's text as `team.vega.yaml` in `/project`, with an empty environment.
 *
 * @example
 * const document = load(workflow('      - Coder: "Hi"'));
 */
export const load = (text: string): WorkflowDocument =>
  parseWorkflow(text, 'team.vega.yaml', { env: {}, directory: '/project' });

/**
 * A file with one agent, `Coder`, and one workflow, `main`, made of these step lines (indented six).
 *
 * @example
 * workflow('      - set: { a: 1 }', '      - Coder: "Use {{a}}"');
 */
export const workflow = (...steps: string[]): string =>
  lines('agents:', '  Coder: { system: You code. }', 'workflows:', '  main:', '    steps:', ...steps);

/**
 * The diagnostics that loading `text` fails with; empty when it loads.
 *
 * @example
 * expect(diagnosticsOf(workflow('      - for: 3'))[0]?.code).toBe('invalid_type');
 */
export function diagnosticsOf(text: string): readonly Diagnostic[] {
  try {
    load(text);
  } catch (error) {
    if (error instanceof WorkflowLoadError) return error.diagnostics;
    throw error;
  }
  return [];
}
