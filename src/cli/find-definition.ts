import { closestName } from '../diagnostics/closest-name.ts';
import { diagnosticAt } from '../diagnostics/diagnostic.ts';
import { DiagnosticError } from '../diagnostics/diagnostic-error.ts';
import type { AgentDefinition } from '../workflow/document/agent-definition.ts';
import type { WorkflowDefinition } from '../workflow/document/workflow-definition.ts';
import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';

/**
 * The agent or workflow named `name` in a loaded file. An unknown name is a {@link DiagnosticError}
 * (`unknown_agent` / `unknown_workflow`, exit 2) pointing at the file's `agents:` or `workflows:`
 * key, whose hint says which name was probably meant and lists the names there are.
 *
 * @example
 * const agent = findDefinition(document, 'agent', 'Writer');
 */
export function findDefinition(document: WorkflowDocument, kind: 'agent', name: string): AgentDefinition;
export function findDefinition(
  document: WorkflowDocument,
  kind: 'workflow',
  name: string,
): WorkflowDefinition;
export function findDefinition(
  document: WorkflowDocument,
  kind: 'agent' | 'workflow',
  name: string,
): AgentDefinition | WorkflowDefinition {
  const table: ReadonlyMap<string, AgentDefinition | WorkflowDefinition> =
    kind === 'agent' ? document.agents : document.workflows;
  const found = table.get(name);
  if (found !== undefined) return found;
  const names = [...table.keys()];
  const closest = closestName(name, names);
  const listed =
    names.length === 0 ? `this file has no ${kind}s` : `${kind}s in this file: ${names.join(', ')}`;
  const hint = closest === undefined ? listed : `did you mean '${closest}'? (${listed})`;
  const where = document.fieldSpans[`${kind}s`] ?? document.span;
  const diagnostic = diagnosticAt(where, `unknown_${kind}`, `unknown ${kind} '${name}'`, hint);
  throw new DiagnosticError(`unknown_${kind}`, [diagnostic], new Map([[document.file, document.source]]));
}
