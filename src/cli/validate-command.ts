import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { DiagnosticError } from '../diagnostics/diagnostic-error.ts';
import { renderDiagnostics } from '../diagnostics/render-diagnostic.ts';
import { VegaError } from '../errors/vega-error.ts';
import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';
import { loadWorkflowFile } from '../workflow/load/load-workflow-file.ts';
import type { CliIo } from './cli-io.ts';
import { diagnosticJson } from './diagnostic-json.ts';
import { formatDocumentSummary } from './format-document-summary.ts';
import { type DocumentSummary, summarizeDocument } from './summarize-document.ts';

/** Options of `vega validate`. */
export interface ValidateCommandOptions {
  /** Adds the document's workflows with their steps and agents with model and tools. */
  readonly verbose?: boolean;
  /** Prints `{ file, valid, errors, warnings, workflows, agents }` on stdout instead of text. */
  readonly json?: boolean;
}

/**
 * `vega validate FILE`: loads and checks a workflow file without running anything, calling any model
 * or needing an API key (model names are only read, as the loader does). Text: diagnostics with code
 * frames on stderr, then `✓ FILE: N workflows, M agents, K steps` on stdout, or `✗ 3 errors, 1 warning`
 * on stderr. Returns 0 when the file is valid (warnings allowed), 2 when it has errors.
 *
 * @example
 * process.exitCode = await validateCommand('team.vega.yaml', { verbose: true }, processIo());
 */
export async function validateCommand(
  file: string,
  options: ValidateCommandOptions,
  io: CliIo,
): Promise<number> {
  let document: WorkflowDocument | undefined;
  let problems: { diagnostics: readonly Diagnostic[]; sources: ReadonlyMap<string, string> };
  try {
    document = await loadWorkflowFile(file, { env: io.env, cwd: io.cwd });
    problems = {
      diagnostics: document.warnings,
      sources: document.sources ?? new Map([[document.file, document.source]]),
    };
  } catch (error) {
    if (DiagnosticError.isDiagnosticError(error)) problems = error;
    else if (options.json === true && VegaError.isInstance(error)) {
      // No position to give (the file cannot be read), but the report keeps its shape.
      const failure = {
        code: error.code,
        message: error.message,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      };
      io.stdout(
        `${JSON.stringify({ file, valid: false, errors: [failure], warnings: [], workflows: [], agents: [] }, null, 2)}\n`,
      );
      return 2;
    } else throw error;
  }
  const errors = problems.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const warnings = problems.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
  const summary = document === undefined ? undefined : summarizeDocument(document);
  const valid = errors.length === 0 && summary !== undefined;
  if (options.json === true) {
    const report = {
      file,
      valid,
      errors: errors.map(diagnosticJson),
      warnings: warnings.map(diagnosticJson),
      workflows: summary?.workflows ?? [],
      agents: summary?.agents ?? [],
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return valid ? 0 : 2;
  }
  if (problems.diagnostics.length > 0) {
    io.stderr(`${renderDiagnostics(problems.diagnostics, problems.sources, { color: io.color })}\n\n`);
  }
  if (!valid || summary === undefined) {
    io.stderr(`✗ ${countLine(errors.length, warnings.length)}\n`);
    return 2;
  }
  io.stdout(
    `✓ ${file}: ${describeCounts(summary)}${warnings.length > 0 ? ` (${plural(warnings.length, 'warning')})` : ''}\n`,
  );
  if (options.verbose === true)
    io.stdout(`${formatDocumentSummary(summary, { inputs: true, steps: true })}\n`);
  return 0;
}

/** `2 workflows, 5 agents, 12 steps`. */
function describeCounts(summary: DocumentSummary): string {
  return [
    plural(summary.workflows.length, 'workflow'),
    plural(summary.agents.length, 'agent'),
    plural(summary.steps, 'step'),
  ].join(', ');
}

function countLine(errors: number, warnings: number): string {
  return warnings === 0
    ? plural(errors, 'error')
    : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
