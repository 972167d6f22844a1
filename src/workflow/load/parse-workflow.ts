import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { sortDiagnostics } from '../../diagnostics/diagnostic.ts';
import { WorkflowLoadError } from '../../diagnostics/workflow-load-error.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { checkAgentTools } from './check-agent-tools.ts';
import { checkMcpToolNames } from './check-mcp-tool-names.ts';
import { checkUnusedAgents } from './check-unused-agents.ts';
import { checkWorkflowVariables } from './check-workflow-variables.ts';
import { type DocumentDraft, documentKeys } from './document-keys.ts';
import { applyKeyTable } from './key-table.ts';
import type { Environment, LoadContext, ReadTextFile } from './load-context.ts';
import { readMapEntries } from './map-entries.ts';
import { addIncludedWorkflows, agentsBlocks } from './merge-included.ts';
import { openYamlFile } from './open-yaml-file.ts';
import { parseAgents } from './parse-agents.ts';
import { parseCustomTools } from './parse-custom-tools.ts';
import { parseSettings } from './parse-settings.ts';
import { parseWorkflows } from './parse-workflows.ts';
import { readIncludes } from './read-includes.ts';
import { resolveAgentSkills } from './read-skills.ts';
import { checkWorkflowStepCalls } from './workflow-step-calls.ts';

const USAGE_WARNINGS = new Set(['unused_agent', 'unused_variable']);

/** Options of {@link parseWorkflow}. */
export interface ParseWorkflowOptions {
  /** Variables for `${VAR}`; defaults to `process.env`. */
  readonly env?: Environment;
  /** Folder that `system_file` and `sandbox` resolve against; defaults to the file name's folder. */
  readonly directory?: string;
  /** Reads `system_file`; defaults to reading from disk. */
  readonly readTextFile?: ReadTextFile;
}

/**
 * Parses and checks the text of a `*.vega.yaml` file. Every problem found in one pass is collected;
 * if any is an error, throws a {@link WorkflowLoadError} carrying all of them, otherwise returns the
 * document with its warnings.
 *
 * @example
 * const document = parseWorkflow(text, 'team.vega.yaml', { env: { API_URL: 'http://127.0.0.1' } });
 */
export function parseWorkflow(
  text: string,
  fileName: string,
  options: ParseWorkflowOptions = {},
): WorkflowDocument {
  const { context, ok } = openYamlFile(text, fileName, {
    directory: options.directory ?? dirname(resolve(fileName)),
    env: options.env ?? process.env,
    readTextFile: options.readTextFile ?? ((path) => readFileSync(path, 'utf8')),
  });
  const document = ok ? readDocument(context) : undefined;
  const diagnostics = sortDiagnostics(context.diagnostics);
  if (document === undefined || diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
    // A step that failed to parse reads no variable and names no agent, so "never used" would be noise.
    const meaningful = diagnostics.filter((diagnostic) => !USAGE_WARNINGS.has(diagnostic.code));
    throw new WorkflowLoadError(meaningful, context.sources);
  }
  return { ...document, warnings: diagnostics, sources: context.sources };
}

function readDocument(context: LoadContext): Omit<WorkflowDocument, 'warnings'> | undefined {
  const contents = context.document.contents;
  const start = context.spanAt(0, 0);
  if (contents === null) {
    context.report(
      'error',
      'missing_key',
      'the file is empty',
      start,
      'a workflow file needs at least `agents:`',
    );
    return undefined;
  }
  const entries = readMapEntries(context, contents, 'a workflow file');
  if (entries === undefined) return undefined;
  const draft: DocumentDraft = {};
  const fieldSpans = applyKeyTable(context, entries, documentKeys, draft, 'a workflow file');
  const settings = parseSettings(context, draft.settings?.value ?? null);
  const included = readIncludes(context, draft, resolve(context.directory, basename(context.file)));
  if (draft.agents === undefined && included.files.every((file) => file.draft.agents === undefined)) {
    context.report(
      'error',
      'missing_key',
      'the file has no `agents`',
      start,
      'declare at least one agent under `agents:`',
    );
  }
  // Settings are read first wherever the file puts them: they give the agents' defaults.
  const agents = parseAgents(agentsBlocks(context, draft, included.files), settings);
  checkMcpToolNames(context, agents, settings);
  resolveAgentSkills(context, agents, settings);
  const customTools =
    draft.tools === undefined ? undefined : parseCustomTools(context, draft.tools, settings);
  const tools = customTools?.tools ?? new Map();
  checkAgentTools(context, customTools?.names ?? new Set());
  const workflows =
    draft.workflows === undefined ? new Map() : parseWorkflows(context, draft.workflows, agents);
  addIncludedWorkflows(workflows, included.files, agents);
  for (const other of included.contexts) {
    context.diagnostics.push(...other.diagnostics);
    context.sources.set(other.file, other.source);
  }
  for (const workflow of workflows.values()) checkWorkflowVariables(context, workflow);
  checkWorkflowStepCalls(context, workflows);
  checkUnusedAgents(context, agents, workflows);
  return {
    file: context.file,
    directory: context.directory,
    source: context.source,
    settings,
    agents,
    workflows,
    tools,
    span: context.spanOf(contents),
    fieldSpans,
    ...(draft.name === undefined ? {} : { name: draft.name }),
    ...(draft.description === undefined ? {} : { description: draft.description }),
  };
}
