import { resolve } from 'node:path';
import { splitMcpToolName } from '../../mcp/mcp-tool-name.ts';
import type { CircuitBreakerOptions, RateLimitOptions, RetryOptions } from '../../policy/policy-options.ts';
import type { SupervisionInput } from '../../runtime/supervisor/normalize-supervision.ts';
import type { AgentMemory } from '../document/agent-definition.ts';
import type { Located } from '../document/located.ts';
import { deferAgentToolReference } from './agent-tool-references.ts';
import type { BlockPlace, WrittenBlock } from './block-draft.ts';
import { SUPPORTED_TOOLS } from './builtin-tools.ts';
import type { KeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { readAgentMemory } from './read-agent-memory.ts';
import { readCircuitBreaker } from './read-circuit-breaker.ts';
import { readFallbackModels } from './read-fallback-models.ts';
import { type KnowledgeFile, readKnowledge } from './read-knowledge.ts';
import { readMoney } from './read-money.ts';
import { readRateLimit } from './read-rate-limit.ts';
import { readRetry } from './read-retry.ts';
import { readNameList, readNumber, readText } from './read-scalar.ts';
import { readAgentSkills } from './read-skills.ts';
import { readSupervision } from './read-supervision.ts';

/** An agent while its keys are read. */
export interface AgentDraft {
  readonly id: string;
  name?: string;
  model?: string;
  system?: Located<string>;
  systemFile?: Located<string>;
  temperature?: number;
  maxTokens?: number;
  tools: string[];
  /** As written; resolved on top of the settings' block when the agent is built. */
  supervision?: Located<SupervisionInput>;
  budgetUsd?: number;
  /** As written; resolved over `settings.retry` when the agent is built. */
  retry?: WrittenBlock<RetryOptions>;
  rateLimit?: RateLimitOptions;
  /** As written; resolved over `settings.circuit_breaker` when the agent is built. */
  circuitBreaker?: WrittenBlock<CircuitBreakerOptions>;
  fallbackModels?: readonly string[];
  /** `memory:`, defaults filled in. */
  memory?: AgentMemory;
  /** `knowledge:` files, read. */
  knowledge?: KnowledgeFile[];
  /** `extends:` — read before the other keys, by `parseAgents`. */
  extends?: Located<string>;
}

const label = (key: string, draft: AgentDraft): string => `\`${key}\` of agent '${draft.id}'`;
const place = (path: string, draft: AgentDraft): BlockPlace => ({ path, owner: ` of agent '${draft.id}'` });

/** The keys of an agent: implemented ones with their reader, the rest of the spec as unsupported. */
export const agentKeys: KeyTable<AgentDraft> = {
  place: 'on agents',
  keys: {
    name: (entry, context, draft) =>
      assign(draft, 'name', readText(context, entry.value, label('name', draft))?.value),
    model: (entry, context, draft) =>
      assign(draft, 'model', readText(context, entry.value, label('model', draft))?.value),
    system: (entry, context, draft) =>
      assign(draft, 'system', readText(context, entry.value, label('system', draft))),
    system_file: readSystemFile,
    temperature: (entry, context, draft) =>
      assign(
        draft,
        'temperature',
        readNumber(context, entry.value, label('temperature', draft), { integer: false, minimum: 0 })?.value,
      ),
    max_tokens: (entry, context, draft) =>
      assign(
        draft,
        'maxTokens',
        readNumber(context, entry.value, label('max_tokens', draft), { integer: true, minimum: 1 })?.value,
      ),
    tools: readTools,
    extends: (entry, context, draft) =>
      assign(draft, 'extends', readText(context, entry.value, label('extends', draft))),
    budget: (entry, context, draft) =>
      assign(draft, 'budgetUsd', readMoney(context, entry.value, label('budget', draft))?.value),
    knowledge: (entry, context, draft) => {
      draft.knowledge = [
        ...(draft.knowledge ?? []),
        ...readKnowledge(context, entry, label('knowledge', draft)),
      ];
    },
    memory: (entry, context, draft) =>
      assign(draft, 'memory', readAgentMemory(context, entry, `agent '${draft.id}'`)),
    supervision: (entry, context, draft) =>
      assign(
        draft,
        'supervision',
        readSupervision(context, entry, { path: 'supervision', owner: ` of agent '${draft.id}'` }),
      ),
    retry: (entry, context, draft) =>
      assign(draft, 'retry', readRetry(context, entry, place('retry', draft))),
    rate_limit: (entry, context, draft) =>
      assign(draft, 'rateLimit', readRateLimit(context, entry, place('rate_limit', draft))),
    circuit_breaker: (entry, context, draft) =>
      assign(draft, 'circuitBreaker', readCircuitBreaker(context, entry, place('circuit_breaker', draft))),
    fallback_models: (entry, context, draft) =>
      assign(
        draft,
        'fallbackModels',
        readFallbackModels(context, entry.value, label('fallback_models', draft)),
      ),
    // Resolved with settings.skills once every agent is read (resolveAgentSkills).
    skills: (entry, context, draft) => readAgentSkills(context, entry, draft.id),
  },
};

function assign<K extends keyof AgentDraft>(
  draft: AgentDraft,
  key: K,
  value: AgentDraft[K] | undefined,
): void {
  if (value !== undefined) draft[key] = value;
}

function readSystemFile(entry: MapEntry, context: LoadContext, draft: AgentDraft): void {
  const path = readText(context, entry.value, label('system_file', draft));
  if (path === undefined) return;
  const absolute = resolve(context.directory, path.value);
  try {
    draft.system = { value: context.readTextFile(absolute), span: path.span };
    draft.systemFile = { value: absolute, span: path.span };
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'no such file' : String(error);
    context.report(
      'error',
      'file_not_found',
      `cannot read system_file '${path.value}': ${reason}`,
      path.span,
      `the path is relative to ${context.directory}`,
    );
  }
}

function readTools(entry: MapEntry, context: LoadContext, draft: AgentDraft): void {
  for (const tool of readNameList(context, entry.value, label('tools', draft))) {
    // `<server>__<tool>`: an MCP tool, checked against settings.mcp once every agent is read.
    if (splitMcpToolName(tool.value) !== undefined) {
      draft.tools.push(tool.value);
    } else {
      // A built-in, or a custom tool: checked against `tools:` once the whole file is read, since
      // `tools:` may come after `agents:`.
      draft.tools.push(tool.value);
      if (!SUPPORTED_TOOLS.includes(tool.value)) deferAgentToolReference(context, draft.id, tool);
    }
  }
}
