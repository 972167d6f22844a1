import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { VegaError } from '../../errors/vega-error.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { type ParseWorkflowOptions, parseWorkflow } from './parse-workflow.ts';

/**
 * Reads and parses a `*.vega.yaml` file. Diagnostics name the file as `path` was given; relative paths
 * inside it resolve against its folder. Throws a `WorkflowLoadError` listing every problem, or a
 * `VegaError` with code `file_not_found` when the file cannot be read. A relative `path` is read from
 * `cwd` (default the process's) and keeps its spelling in diagnostics.
 *
 * @example
 * const document = await loadWorkflowFile('team.vega.yaml', { env: process.env });
 */
export async function loadWorkflowFile(
  path: string,
  options: Omit<ParseWorkflowOptions, 'directory'> & { readonly cwd?: string } = {},
): Promise<WorkflowDocument> {
  const { cwd, ...parseOptions } = options;
  const absolute = resolve(cwd ?? process.cwd(), path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'no such file' : String(error);
    throw new VegaError('file_not_found', `cannot read workflow file '${path}': ${reason}`, {
      cause: error,
      hint: 'check the path; it is relative to the current folder',
    });
  }
  return parseWorkflow(text, path, { ...parseOptions, directory: dirname(absolute) });
}
