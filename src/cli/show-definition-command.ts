import { loadWorkflowFile } from '../workflow/load/load-workflow-file.ts';
import type { CliIo } from './cli-io.ts';
import { findDefinition } from './find-definition.ts';
import { formatAgentDefinition } from './format-agent-definition.ts';
import { formatWorkflowDefinition } from './format-workflow-definition.ts';
import { summarizeAgent, summarizeWorkflow } from './summarize-document.ts';

/** Options of `vega show agent|workflow`. */
export interface ShowDefinitionOptions {
  readonly output?: 'text' | 'json';
}

/**
 * `vega show agent NAME --file FILE` / `vega show workflow NAME --file FILE`: one definition from a
 * workflow file, resolved (an agent's model falls back to `settings.default_model`, its supervision
 * and policies to the settings'). An unknown name fails with exit 2 and a hint naming the closest
 * name and listing them all. JSON: an agent's definition without source positions, or the workflow's
 * summary as in `vega list --json`.
 *
 * @example
 * process.exitCode = await showDefinitionCommand('agent', 'Writer', 'hello.vega.yaml', {}, processIo());
 */
export async function showDefinitionCommand(
  kind: 'agent' | 'workflow',
  name: string,
  file: string,
  options: ShowDefinitionOptions,
  io: CliIo,
): Promise<number> {
  const document = await loadWorkflowFile(file, { env: io.env, cwd: io.cwd });
  if (kind === 'agent') {
    const agent = findDefinition(document, 'agent', name);
    if (options.output !== 'json') io.stdout(`${formatAgentDefinition(agent, document)}\n`);
    else {
      const { span: _span, fieldSpans: _fieldSpans, ...definition } = agent;
      const json = { ...definition, ...summarizeAgent(agent, document), name: agent.name, id: agent.id };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    }
    return 0;
  }
  const workflow = findDefinition(document, 'workflow', name);
  if (options.output === 'json') io.stdout(`${JSON.stringify(summarizeWorkflow(workflow), null, 2)}\n`);
  else io.stdout(`${formatWorkflowDefinition(workflow)}\n`);
  return 0;
}
