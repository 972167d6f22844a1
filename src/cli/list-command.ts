import { loadWorkflowFile } from '../workflow/load/load-workflow-file.ts';
import type { CliIo } from './cli-io.ts';
import { formatDocumentSummary } from './format-document-summary.ts';
import { summarizeDocument } from './summarize-document.ts';

/**
 * `vega list FILE`: the workflows in a file (name, description, inputs with types and defaults) and
 * its agents (name, model, tools). With `json`, `{ file, workflows, agents }` as in
 * `vega validate --json`. A file that does not load is reported like `vega run` reports it (exit 2).
 *
 * @example
 * process.exitCode = await listCommand('team.vega.yaml', { json: false }, processIo());
 */
export async function listCommand(
  file: string,
  options: { readonly json?: boolean },
  io: CliIo,
): Promise<number> {
  const document = await loadWorkflowFile(file, { env: io.env, cwd: io.cwd });
  const summary = summarizeDocument(document);
  if (options.json === true) {
    io.stdout(`${JSON.stringify({ file, workflows: summary.workflows, agents: summary.agents }, null, 2)}\n`);
  } else {
    const title = document.name === undefined ? file : `${file} — ${document.name}`;
    io.stdout(`${title}\n${formatDocumentSummary(summary, { inputs: true, steps: false })}\n`);
  }
  return 0;
}
