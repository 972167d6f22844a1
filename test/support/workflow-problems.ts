import { WorkflowLoadError } from '../../src/diagnostics/workflow-load-error.ts';
import { parseWorkflow } from '../../src/workflow/load/parse-workflow.ts';

/** Parses workflow text as `team.vega.yaml` in `/project`, with an empty environment. */
export const parseTeam = (text: string) =>
  parseWorkflow(text, 'team.vega.yaml', { env: {}, directory: '/project' });

/**
 * The load errors of a workflow text, one line each: `line:column code message — hint`; empty when it
 * loads.
 *
 * @example
 * expect(problems(text)).toEqual(["4:12 invalid_money `budget` of agent 'Coder' must be ..."]);
 */
export function problems(text: string): string[] {
  try {
    parseTeam(text);
    return [];
  } catch (error) {
    if (!WorkflowLoadError.isWorkflowLoadError(error)) throw error;
    return error.diagnostics.map(
      (item) =>
        `${item.line}:${item.column} ${item.code} ${item.message}${item.hint ? ` — ${item.hint}` : ''}`,
    );
  }
}
