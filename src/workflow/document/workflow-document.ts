import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { SupervisionPolicy } from '../../runtime/supervisor/supervision-types.ts';
import type { AgentDefinition } from './agent-definition.ts';
import type { FieldSpans } from './located.ts';
import type { WorkflowDefinition } from './workflow-definition.ts';

/** `settings:` — the parts this version implements. */
export interface WorkflowSettings {
  readonly defaultModel?: string;
  readonly defaultTemperature?: number;
  /** Absolute path, resolved against the workflow file's folder. */
  readonly sandbox?: string;
  /**
   * `supervision:`, resolved over `DEFAULT_SUPERVISION`: the agents' defaults. Absent when the block
   * is; each agent's {@link AgentDefinition.supervision} is then the default policy or its own.
   */
  readonly supervision?: SupervisionPolicy;
  readonly fieldSpans: FieldSpans;
}

/**
 * A loaded `*.vega.yaml` file: checked, with `${VAR}` substituted and templates parsed, every node
 * keeping its position. Maps keep the file's order.
 *
 * @example
 * const document = await loadWorkflowFile('team.vega.yaml', { env: process.env });
 * for (const warning of document.warnings) console.warn(renderDiagnostic(warning, document.source, { color: false }));
 * const result = await runWorkflow(document, { inputs: { task: 'a parser' }, invokeAgent });
 */
export interface WorkflowDocument {
  /** The file name diagnostics use (as given to the loader). */
  readonly file: string;
  /** Absolute folder that relative paths in the file resolve against. */
  readonly directory: string;
  /** The file's text, to render diagnostics against. */
  readonly source: string;
  readonly name?: string;
  readonly description?: string;
  readonly settings: WorkflowSettings;
  readonly agents: ReadonlyMap<string, AgentDefinition>;
  readonly workflows: ReadonlyMap<string, WorkflowDefinition>;
  /** Problems that do not stop loading: an agent never used, a variable saved but never read. */
  readonly warnings: readonly Diagnostic[];
  /** The whole document. */
  readonly span: SourceSpan;
  readonly fieldSpans: FieldSpans;
}
