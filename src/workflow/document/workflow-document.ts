import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { McpSettings } from '../../mcp/mcp-server-config.ts';
import type {
  CircuitBreakerOptions,
  OnExceed,
  RateLimitOptions,
  RetryOptions,
} from '../../policy/policy-options.ts';
import type { SupervisionPolicy } from '../../runtime/supervisor/supervision-types.ts';
import type { Skill } from '../../skills/skill.ts';
import type { ModelPrice } from '../../spec/cost.ts';
import type { AgentDefinition } from './agent-definition.ts';
import type { CustomToolDefinition } from './custom-tool-definition.ts';
import type { FieldSpans } from './located.ts';
import type { LoggingSettings, TracingSettings } from './observability-settings.ts';
import type { WorkflowDefinition } from './workflow-definition.ts';

/**
 * `settings.rate_limit`: one limit for every model (`{ requests_per_minute: 60 }`), or one per model
 * (`{ claude-sonnet-4-5: { requests_per_minute: 60 } }`). These limits are shared by every agent that
 * calls the model; an agent's own `rate_limit` applies on top of them.
 */
export interface RateLimitSettings {
  /** The limit of each model the file does not list. */
  readonly default?: RateLimitOptions;
  /** Model name as written → its limit. */
  readonly perModel?: Readonly<Record<string, RateLimitOptions>>;
}

/** `settings.skills`: the folders (absolute) and the skills read from them. */
export interface SkillsSettings {
  readonly directories: readonly string[];
  readonly skills: readonly Skill[];
}

/** `settings:` — the parts this version implements. */
export interface WorkflowSettings {
  readonly defaultModel?: string;
  readonly defaultTemperature?: number;
  /** `models:` — model aliases (`fast: claude-haiku-4-5`); agents' models are already resolved through them. */
  readonly modelAliases?: Readonly<Record<string, string>>;
  /** `models.prices:` — prices per million tokens that replace the list prices of those models. */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
  /** Absolute path, resolved against the workflow file's folder. */
  readonly sandbox?: string;
  /** `allowed_commands:` — the commands `run_command` may run. */
  readonly allowedCommands?: readonly string[];
  /** `allowed_hosts:` (an extension beyond the spec) — the hosts `http_get` and `http_post` may reach. */
  readonly allowedHosts?: readonly string[];
  /**
   * `store:` — where runs of this file are kept: an SQLite path (absolute, resolved against the file's
   * folder) or a `postgres://` URL. `--store` and `VEGA_STORE` come first.
   */
  readonly store?: string;
  /**
   * `supervision:`, resolved over `DEFAULT_SUPERVISION`: the agents' defaults. Absent when the block
   * is; each agent's {@link AgentDefinition.supervision} is then the default policy or its own.
   */
  readonly supervision?: SupervisionPolicy;
  /** `max_depth:` — how deep `workflow:` steps may nest (recursion included); absent means 20. */
  readonly maxDepth?: number;
  /** `budget:` — the hard cap of one run, in dollars. */
  readonly budgetUsd?: number;
  /** `daily_budget:` — the hard cap per calendar day (UTC) across runs, in dollars. */
  readonly dailyBudgetUsd?: number;
  /** `budget_alerts:` — fractions of a budget at which an alert is sent: ascending, no duplicates. */
  readonly budgetAlerts?: readonly number[];
  /** `budget_webhook:` — an http(s) URL POSTed when an alert threshold is crossed. */
  readonly budgetWebhook?: string;
  /** `on_exceed:` (an extension beyond the spec) — what a budget does when a call does not fit. */
  readonly onExceed?: OnExceed;
  /** `retry:`, resolved over `DEFAULT_RETRY`: the agents' default retry. */
  readonly retry?: RetryOptions;
  /** `rate_limit:` — limits shared per model. */
  readonly rateLimit?: RateLimitSettings;
  /**
   * `circuit_breaker:` (an extension beyond the spec), resolved over `DEFAULT_CIRCUIT_BREAKER`: the
   * agents' default breaker.
   */
  readonly circuitBreaker?: CircuitBreakerOptions;
  /**
   * `auto_parallel: true` — consecutive agent steps to different agents that do not read each other's
   * saved variables run concurrently.
   */
  readonly autoParallel?: boolean;
  /** `mcp:` — MCP servers whose tools agents use as `<server>__<tool>`, connected before the first step. */
  readonly mcp?: McpSettings;
  /** `skills:` — folders of `*.skill.md` files every agent may use. */
  readonly skills?: SkillsSettings;
  /** `logging:` — checked and kept; it takes effect with observability (a later version). */
  readonly logging?: LoggingSettings;
  /** `tracing:` — whether `vega run` traces the run, and where the spans go. */
  readonly tracing?: TracingSettings;
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
  /** The text of every file diagnostics may point into (this file, included files), by file name. */
  readonly sources?: ReadonlyMap<string, string>;
  readonly name?: string;
  readonly description?: string;
  readonly settings: WorkflowSettings;
  readonly agents: ReadonlyMap<string, AgentDefinition>;
  readonly workflows: ReadonlyMap<string, WorkflowDefinition>;
  /** Custom tools declared under `tools:`, by name; agents list them in their `tools`. */
  readonly tools: ReadonlyMap<string, CustomToolDefinition>;
  /** Problems that do not stop loading: an agent never used, a variable saved but never read. */
  readonly warnings: readonly Diagnostic[];
  /** The whole document. */
  readonly span: SourceSpan;
  readonly fieldSpans: FieldSpans;
}
